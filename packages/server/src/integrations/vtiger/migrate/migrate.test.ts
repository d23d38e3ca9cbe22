import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../../testing/test-app.js';
import { startVtigerDouble, type DoubleData } from '../../../testing/vtiger-double.js';
import { VtigerClient } from '../ws-client.js';
import { migrateFromVtiger, type MigrationSummary } from './migrate.js';

/** A small vTiger 7 as its webservice shows it: all values strings, ids NxM, decimals padded, a custom field or two. */
function vtigerData(): DoubleData {
  const t = '2024-03-01 09:00:00';
  return {
    users: [
      { id: '19x1', user_name: 'admin', first_name: '', last_name: 'Administrator', email1: 'admin@old.example', status: 'Active', is_admin: 'on' },
      { id: '19x5', user_name: 'ivanov', first_name: 'Иван', last_name: 'Иванов', email1: 'ivanov@old.example', status: 'Active', is_admin: 'off' },
      { id: '19x7', user_name: 'left', first_name: 'Ушёл', last_name: 'Давно', email1: 'left@old.example', status: 'Inactive', is_admin: 'off' },
    ],
    groups: [{ id: '20x2', groupname: 'Team Selling', description: 'Group Related to Sales' }],
    currencies: [{ id: '21x1', currency_name: 'Russia, Rubles', currency_code: 'RUB', currency_symbol: '₽', conversion_rate: '1.00000', currency_status: 'Active' }],
    modules: {
      Accounts: { typeId: 11, fields: [
        { name: 'accountname', label: 'Organization Name', type: 'string', mandatory: true },
        { name: 'industry', label: 'Industry', type: 'picklist', picklist: ['Banking', 'Space Travel'] },
        { name: 'account_id', label: 'Member Of', type: 'reference', refersTo: ['Accounts'] },
        { name: 'cf_851', label: 'Категория клиента', type: 'string' },
        { name: 'cf_852', label: 'Дата договора', type: 'date' },
        { name: 'cf_853', label: 'Время звонка', type: 'time' },
      ], records: [
        // The branch comes first and points at its parent, which comes later.
        { id: '11x3', accountname: 'Филиал Ромашки', account_no: 'ACC7', account_id: '11x4', industry: 'Space Travel', phone: '', assigned_user_id: '20x2', cf_851: '', cf_852: '', createdtime: t, modifiedtime: t },
        { id: '11x4', accountname: 'ООО «Ромашка»', account_no: 'ACC12', account_id: '', industry: 'Banking', phone: '+7 495 111-11-11', bill_city: 'Москва', assigned_user_id: '19x5', cf_851: 'Ключевой', cf_852: '2024-05-01', cf_853: '14:30:00', createdtime: '2020-01-15 10:00:00', modifiedtime: t },
        // Of someone who has left; and an id past a million, as a large vTiger's are.
        { id: '11x2500000', accountname: 'Старый клиент', account_no: 'ACC13', account_id: '', assigned_user_id: '19x7', createdtime: t, modifiedtime: t },
      ] },
      Contacts: { typeId: 12, fields: [
        { name: 'lastname', label: 'Last Name', type: 'string', mandatory: true },
        { name: 'cf_861', label: 'VIP', type: 'boolean' },
      ], records: [
        { id: '12x10', firstname: 'Пётр', lastname: 'Сидоров', contact_no: 'CON1', account_id: '11x4', email: 'petr@romashka.ru', mobile: '+7 900 111-22-33', assigned_user_id: '19x5', cf_861: '1', createdtime: t, modifiedtime: t },
      ] },
      Leads: { typeId: 10, fields: [{ name: 'lastname', label: 'Last Name', type: 'string', mandatory: true }], records: [
        { id: '10x12', firstname: 'Анна', lastname: 'Ким', lead_no: 'LEA1', company: 'Kim Trade', leadstatus: 'Hot', leadsource: 'Web Site', email: 'anna@kim.example', assigned_user_id: '19x1', createdtime: t, modifiedtime: t },
      ] },
      Potentials: { typeId: 13, fields: [{ name: 'potentialname', label: 'Potential Name', type: 'string', mandatory: true }], records: [
        { id: '13x20', potentialname: 'Поставка серверов', potential_no: 'POT1', related_to: '11x4', contact_id: '12x10', amount: '150000.00000000', closingdate: '2026-12-31', sales_stage: 'Prospecting', probability: '10.000', assigned_user_id: '19x5', createdtime: t, modifiedtime: t },
      ] },
      Products: { typeId: 14, fields: [{ name: 'productname', label: 'Product Name', type: 'string', mandatory: true }], records: [
        { id: '14x30', productname: 'Сервер X1', product_no: 'PRO1', productcode: 'X1', unit_price: '50000.00000000', qtyinstock: '10.000', discontinued: '1', assigned_user_id: '19x1', createdtime: t, modifiedtime: t },
      ] },
      Quotes: { typeId: 4, fields: [{ name: 'subject', label: 'Subject', type: 'string', mandatory: true }], records: [
        { id: '4x40', subject: 'КП на серверы', quote_no: 'QUO1', account_id: '11x4', contact_id: '12x10', potential_id: '13x20', quotestage: 'Created', hdnTaxType: 'group', currency_id: '21x1', assigned_user_id: '19x5', createdtime: t, modifiedtime: t,
          LineItems: [{ productid: '14x30', quantity: '3.000', listprice: '50000.00000000', discount_percent: '', discount_amount: '', comment: 'Три сервера', tax1: '20.000', tax2: '0.000', tax3: '0.000' }] },
      ] },
      HelpDesk: { typeId: 17, fields: [{ name: 'ticket_title', label: 'Title', type: 'string', mandatory: true }], records: [
        { id: '17x50', ticket_title: 'Не работает сервер', ticket_no: 'TT1', parent_id: '11x4', contact_id: '12x10', ticketstatus: 'Open', ticketpriorities: 'High', ticketseverities: 'Major', assigned_user_id: '19x5', description: 'Сервер не включается', createdtime: t, modifiedtime: t },
      ] },
      Calendar: { typeId: 9, fields: [{ name: 'subject', label: 'Subject', type: 'string', mandatory: true }], records: [
        { id: '9x60', subject: 'Позвонить Петру', due_date: '2026-12-10', taskstatus: 'Not Started', taskpriority: 'High', parent_id: '13x20', contact_id: '12x10', assigned_user_id: '19x5', createdtime: t, modifiedtime: t },
      ] },
      Events: { typeId: 18, fields: [{ name: 'subject', label: 'Subject', type: 'string', mandatory: true }], records: [
        { id: '18x61', subject: 'Встреча', activitytype: 'Meeting', date_start: '2026-12-11', time_start: '10:00:00', due_date: '2026-12-11', time_end: '11:00:00', eventstatus: 'Planned', parent_id: '11x4', assigned_user_id: '19x5', createdtime: t, modifiedtime: t },
      ] },
      Documents: { typeId: 15, fields: [{ name: 'notes_title', label: 'Title', type: 'string', mandatory: true }], records: [
        { id: '15x80', notes_title: 'Договор', note_no: 'DOC1', filename: 'https://example.com/contract.pdf', filelocationtype: 'E', assigned_user_id: '19x1', createdtime: t, modifiedtime: t },
      ] },
      ModComments: { typeId: 32, fields: [{ name: 'commentcontent', label: 'Comment', type: 'text', mandatory: true }], records: [
        { id: '32x70', commentcontent: 'Клиент просит скидку', related_to: '13x20', assigned_user_id: '19x5', createdtime: t, modifiedtime: t },
      ] },
    },
    related: { '13x20>Contacts': ['12x10'], '15x80>Accounts': ['11x4'] },
  };
}

let t: TestApp;
let admin: Client;
let double: Awaited<ReturnType<typeof startVtigerDouble>>;
let first: MigrationSummary;

const migrate = async () => {
  const client = new VtigerClient(double.url);
  await client.login('admin', 'vtigerAccessKey1');
  return migrateFromVtiger(t.app, client);
};
const one = async (module: string, filter: string) => (await admin.get(`/api/v1/records/${module}?${filter}`)).body;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  double = await startVtigerDouble(vtigerData(), { admin: 'vtigerAccessKey1' });
  first = await migrate();
}, 120_000);
afterAll(async () => {
  await double.close();
  await t.close();
});

describe('migration from vTiger through its webservice', () => {
  it('brings users, custom fields and picklist values, and every record without errors', () => {
    expect(first.errors.map((e) => `${e.module} ${e.id}: ${e.message}`)).toEqual([]);
    expect(first.users).toMatchObject({ read: 3, created: 2, groups: 1 });
    expect(first.customFields.sort()).toEqual(['accounts.cf_851', 'accounts.cf_852', 'accounts.cf_853', 'contacts.cf_861']);
    expect(first.picklistValues).toBeGreaterThanOrEqual(1);
    for (const m of ['Accounts', 'Contacts', 'Leads', 'Potentials', 'Products', 'Quotes', 'HelpDesk', 'Calendar', 'Events', 'Documents', 'ModComments']) {
      expect(first.modules[m], m).toMatchObject({ failed: 0 });
      expect(first.modules[m].created, m).toBe(first.modules[m].read);
    }
  });

  it('keeps numbers, owners and every relation', async () => {
    const acc = await one('accounts', 'filter[number]=ACC12');
    const romashka = acc.data[0];
    expect(romashka).toMatchObject({ name: 'ООО «Ромашка»', industry: 'banking', phone: '+7 495 111-11-11', billing_city: 'Москва', cf_851: 'Ключевой', cf_852: '2024-05-01' });
    expect(acc.refs[romashka.assigned_to].label).toBe('Иван Иванов');
    expect(new Date(romashka.created_at).toISOString()).toBe('2020-01-15T10:00:00.000Z');
    const branch = (await one('accounts', 'filter[number]=ACC7')).data[0];
    expect(branch.parent_id).toBe(romashka.id);
    expect(branch.industry).toBe('Space Travel');
    const contact = (await one('contacts', 'filter[number]=CON1')).data[0];
    expect(contact).toMatchObject({ account_id: romashka.id, email: 'petr@romashka.ru', cf_861: true });
    const deal = (await one('deals', 'filter[number]=POT1')).data[0];
    expect(deal).toMatchObject({ account_id: romashka.id, contact_id: contact.id, amount: '150000.00', stage: 'prospecting' });
    expect((await admin.get(`/api/v1/records/deals/${deal.id}/related/contacts`)).body.data.map((c: any) => c.id)).toEqual([contact.id]);
    const quote = (await one('quotes', 'filter[number]=QUO1')).data[0];
    const product = (await one('products', 'filter[number]=PRO1')).data[0];
    expect(quote).toMatchObject({ account_id: romashka.id, deal_id: deal.id, currency: 'RUB', items_total: '150000.00', tax_mode: 'group' });
    expect(quote.lines[0]).toMatchObject({ item_module: 'products', item_id: product.id, quantity: '3', list_price: '50000.00' });
    expect(quote.group_taxes).toEqual([{ name: 'VAT', percent: '20' }]);
    expect((await one('tickets', 'filter[number]=TT1')).data[0]).toMatchObject({ account_id: romashka.id, contact_id: contact.id, priority: 'high' });
    const [task] = (await one('tasks', `filter[related_to]=${deal.id}`)).data;
    expect(task).toMatchObject({ subject: 'Позвонить Петру', due_date: '2026-12-10' });
    const [event] = (await one('events', `filter[related_to]=${romashka.id}`)).data;
    expect(event).toMatchObject({ subject: 'Встреча', start_at: '2026-12-11T10:00:00.000Z', end_at: '2026-12-11T11:00:00.000Z' });
    expect((await one('comments', `filter[related_to]=${deal.id}`)).data[0].body).toBe('Клиент просит скидку');
    const doc = (await one('documents', 'filter[number]=DOC1')).data[0];
    expect(doc.url).toBe('https://example.com/contract.pdf');
    expect((await admin.get(`/api/v1/records/accounts/${romashka.id}/related/documents`)).body.data.map((d: any) => d.id)).toEqual([doc.id]);
  });

  it('answers integrations by the old vTiger ids, and numbers go on above the migrated ones', async () => {
    const me = (await admin.get(`/api/v1/users/${admin.userId}`)).body.data;
    const ws = new VtigerClient(await t.server.listen({ port: 0, host: '127.0.0.1' }));
    await ws.login('admin', me.access_key);
    expect(await ws.retrieve('11x4')).toMatchObject({ accountname: 'ООО «Ромашка»', account_no: 'ACC12' });
    expect((await ws.retrieve('12x10')).account_id).toBe('11x4');
    const fresh = (await admin.post('/api/v1/records/accounts', { name: 'После миграции' })).body.data;
    expect(Number(fresh.number.replace(/\D/g, ''))).toBeGreaterThan(12);
  });

  it("keeps a time custom field as text, gives a left user's records to the one migrating, and Karta's own ids go on past vTiger's", async () => {
    expect(first.customFields).toContain('accounts.cf_853');
    expect((await one('accounts', 'filter[number]=ACC12')).data[0].cf_853).toBe('14:30:00');
    expect((await one('accounts', 'filter[number]=ACC13')).data[0].assigned_to).toBe(admin.userId);
    const { sql } = await import('kysely');
    const next = await sql<{ n: string }>`select nextval('ws_id_seq')::text as n`.execute(t.app.database.db);
    expect(Number(next.rows[0].n)).toBeGreaterThan(1_000_000_000); // past any vTiger's, within 32 bits
  });

  it('is idempotent: a second run changes only what changed in vTiger and creates nothing twice', async () => {
    // A user changed the branch's phone and parent in Karta since (the parent came after it, set at the end of the
    // first run): vTiger changed neither, so the second run leaves both.
    const branch = (await one('accounts', 'filter[number]=ACC7')).data[0];
    const otherParent = (await one('accounts', 'filter[number]=ACC13')).data[0].id;
    expect((await admin.patch(`/api/v1/records/accounts/${branch.id}`, { phone: '+7 812 000-00-00', parent_id: otherParent }, { 'If-Match': `"${branch.version}"` })).status).toBe(200);
    double.data.modules.Accounts.records[1].phone = '+7 495 222-22-22';
    double.data.modules.Contacts.records.push({ id: '12x11', lastname: 'Новиков', contact_no: 'CON2', account_id: '11x4', assigned_user_id: '19x5', createdtime: '2024-04-01 09:00:00', modifiedtime: '2024-04-01 09:00:00' });
    // A Karta account given, before Karta kept its ids above vTiger's, the number vTiger's next account now has: the
    // run brings vTiger's over as a new record (with a new id, and says so), never over the Karta one.
    const own = (await admin.post('/api/v1/records/accounts', { name: 'Только в Карте' })).body.data.id;
    const { sql } = await import('kysely');
    await sql`insert into ws_ids (module, n, record_id) values ('accounts', 3000000, ${own})`.execute(t.app.database.db);
    double.data.modules.Accounts.records.push({ id: '11x3000000', accountname: 'Новый в vTiger', account_no: 'ACC14', account_id: '', assigned_user_id: '19x5', createdtime: '2024-04-01 09:00:00', modifiedtime: '2024-04-01 09:00:00' });
    // …and a vTiger contact of that account is its, not the Karta record's that has the number.
    double.data.modules.Contacts.records.push({ id: '12x3000001', lastname: 'Его сотрудник', contact_no: 'CON3', account_id: '11x3000000', assigned_user_id: '19x5', createdtime: '2024-04-01 09:00:00', modifiedtime: '2024-04-01 09:00:00' });
    const second = await migrate();
    expect(second.errors).toEqual([{ module: 'Accounts', id: '11x3000000', message: expect.stringContaining('already names another Karta record') }]);
    expect((await admin.get(`/api/v1/records/accounts/${own}`)).body.data.name).toBe('Только в Карте');
    const fresh = (await one('accounts', `filter[name]=${encodeURIComponent('Новый в vTiger')}`)).data;
    expect(fresh).toHaveLength(1);
    expect((await one('contacts', `filter[last_name]=${encodeURIComponent('Его сотрудник')}`)).data[0].account_id).toBe(fresh[0].id);
    double.data.modules.Accounts.records.pop();
    double.data.modules.Contacts.records.pop();
    expect(second.users.created).toBe(0);
    expect(second.customFields).toEqual([]);
    expect(second.modules.Accounts).toMatchObject({ created: 1, updated: 1, unchanged: 2 });
    expect(second.modules.Contacts).toMatchObject({ created: 2, updated: 0, unchanged: 1 });
    // Nothing vTiger left alone is written again (no audit line, no workflow run for nothing).
    for (const m of ['Products', 'Potentials', 'Quotes', 'Events', 'HelpDesk']) expect(second.modules[m], m).toMatchObject({ created: 0, updated: 0 });
    expect((await one('accounts', 'filter[number]=ACC12')).data[0].phone).toBe('+7 495 222-22-22');
    expect((await one('accounts', 'filter[number]=ACC7')).data[0]).toMatchObject({ phone: '+7 812 000-00-00', parent_id: otherParent });
    expect((await admin.get('/api/v1/records/contacts?filter[last_name]=Сидоров&count=1')).body.total).toBe(1);
  });
});
