import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { salesProfile, without, withSalesModules } from '../../testing/sales-profile.js';

let t: TestApp;
let sales1: Client, sales2: Client;

beforeAll(async () => {
  t = await createTestApp();
  [sales1, sales2] = await Promise.all(['sales1', 'sales2'].map((u) => t.login(u)));
});
afterAll(() => t.close());

const lead = async () => (await sales1.post('/api/v1/records/leads', {
  first_name: 'Игорь', last_name: 'Морозов', company: 'ООО Вектор', email: 'morozov@vector.ru', phone: '+7 812 555-01-01',
  city: 'Санкт-Петербург', lead_source: 'web_site', interest_channel: 'exhibition',
  interest_source_user_id: t.users.sales2,
})).body.data;

describe('lead conversion', () => {
  it('creates the account, the contact and the deal, moves the activities, and the lead becomes converted and read-only', async () => {
    const l = await lead();
    const task = (await sales1.post('/api/v1/records/tasks', { subject: 'Перезвонить', due_date: '2026-12-01', related_to: l.id })).body.data;
    const r = await sales1.post(`/api/v1/records/leads/${l.id}/actions/convert`, { account: { create: true }, contact: true, deal: { name: 'Поставка', amount: '150000', close_date: '2026-12-31' } });
    expect(r.status).toBe(200);
    const { account_id, contact_id, deal_id } = r.body;
    expect((await sales1.get(`/api/v1/records/accounts/${account_id}`)).body.data).toMatchObject({ name: 'ООО Вектор', billing_city: 'Санкт-Петербург' });
    expect((await sales1.get(`/api/v1/records/contacts/${contact_id}`)).body.data).toMatchObject({ last_name: 'Морозов', account_id, email: 'morozov@vector.ru', lead_source: 'web_site' });
    expect((await sales1.get(`/api/v1/records/deals/${deal_id}`)).body.data).toMatchObject({ name: 'Поставка', account_id, contact_id, amount: '150000.00', stage: 'prospecting', lead_source: 'web_site', interest_channel: 'exhibition', interest_source_user_id: t.users.sales2 });
    expect((await sales1.get(`/api/v1/records/tasks/${task.id}`)).body.data.related_to).toBe(contact_id);
    const converted = (await sales1.get(`/api/v1/records/leads/${l.id}`)).body.data;
    expect(converted).toMatchObject({ converted: true, converted_account_id: account_id, converted_contact_id: contact_id, converted_deal_id: deal_id });
    expect((await sales1.patch(`/api/v1/records/leads/${l.id}`, { company: 'Другое' }, { 'If-Match': `"${converted.version}"` })).status).toBe(409);
    expect((await sales1.post(`/api/v1/records/leads/${l.id}/actions/convert`, { account: { create: true }, contact: true })).status).toBe(409);
  });

  it('a converted lead leaves the working list the module opens with; without that filter it is still there', async () => {
    const l = await lead();
    const open = await lead();
    expect((await sales1.post(`/api/v1/records/leads/${l.id}/actions/convert`, { account: { create: true }, contact: true })).status).toBe(200);
    const leads = (await sales1.get('/api/v1/meta/modules')).body.data.find((m: { name: string }) => m.name === 'leads');
    expect(leads.list.where).toEqual({ field: 'converted', op: 'eq', value: false });
    const ids = async (where?: unknown) => (await sales1.post('/api/v1/records/leads/query', { where, limit: 500, fields: ['id'] })).body.data.map((r: { id: string }) => r.id);
    const working = await ids(leads.list.where);
    expect(working).toContain(open.id);
    expect(working).not.toContain(l.id);
    expect(await ids()).toEqual(expect.arrayContaining([l.id, open.id]));
  });

  it('into an existing account the user can see; not into one they cannot', async () => {
    const mine = (await sales1.post('/api/v1/records/accounts', { name: 'Мой клиент' })).body.data.id;
    const theirs = (await sales2.post('/api/v1/records/accounts', { name: 'Чужой клиент' })).body.data.id;
    const l1 = await lead();
    const refused = await sales1.post(`/api/v1/records/leads/${l1.id}/actions/convert`, { account: { id: theirs }, contact: true });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields['account.id']).toBe('не найдено');
    const ok = await sales1.post(`/api/v1/records/leads/${l1.id}/actions/convert`, { account: { id: mine }, contact: true, deal: null });
    expect(ok.body).toMatchObject({ account_id: mine, deal_id: null });
  });

  it('offers the contact the lead already is and converts into it; the lead’s documents go with it', async () => {
    const known = (await sales1.post('/api/v1/records/contacts', { last_name: 'Соколов', email: 'SOKOLOV@lotus.ru' })).body.data;
    const lotus = (await sales1.post('/api/v1/records/accounts', { name: 'ООО Лотос-Сервис' })).body.data.id;
    const byPhone = (await sales1.post('/api/v1/records/contacts', { last_name: 'Соколова', mobile: '8 (812) 555-77-01', account_id: lotus })).body.data;
    const hidden = (await sales2.post('/api/v1/records/contacts', { last_name: 'Чужой', email: 'sokolov@lotus.ru' })).body.data;
    const l = (await sales1.post('/api/v1/records/leads', { last_name: 'Соколов', company: 'ООО Лотос', email: 'sokolov@lotus.ru', phone: '+7 812 555 7701' })).body.data;
    const dup = (await sales1.get(`/api/v1/records/leads/${l.id}/duplicates`)).body;
    expect(dup.contacts.map((c: { id: string }) => c.id).sort()).toEqual([known.id, byPhone.id].sort());
    expect(dup.contacts.find((c: { id: string }) => c.id === byPhone.id)).toMatchObject({ account_id: lotus, account_name: 'ООО Лотос-Сервис' });
    expect(dup.contacts[0].email).toBeUndefined(); // matched on, never shown: it may be a field hidden from the user
    const doc = (await sales1.post('/api/v1/records/documents', { title: 'Бриф', url: 'https://example.com/brief.pdf' })).body.data;
    expect((await sales1.post(`/api/v1/records/leads/${l.id}/related/documents`, { id: doc.id })).status).toBe(204);
    const task = (await sales1.post('/api/v1/records/tasks', { subject: 'Уточнить', due_date: '2026-12-01', related_to: l.id })).body.data;
    const refused = await sales1.post(`/api/v1/records/leads/${l.id}/actions/convert`, { account: { create: true }, contact: { id: hidden.id } });
    expect(refused.body.error.fields['contact.id']).toBe('не найдено');
    expect((await sales1.post(`/api/v1/records/leads/${l.id}/actions/convert`, { account: { create: true }, contact: 'yes' })).body.error.fields.contact).toBeTruthy();
    const contactsBefore = (await sales1.get('/api/v1/records/contacts?count=1&limit=1')).body.total;
    const r = await sales1.post(`/api/v1/records/leads/${l.id}/actions/convert`, { account: { create: true }, contact: { id: known.id }, deal: { name: 'Поставка', close_date: '2026-12-31' } });
    expect(r.status, r.raw).toBe(200);
    expect(r.body.contact_id).toBe(known.id);
    expect((await sales1.get('/api/v1/records/contacts?count=1&limit=1')).body.total).toBe(contactsBefore);
    expect((await sales1.get(`/api/v1/records/deals/${r.body.deal_id}`)).body.data.contact_id).toBe(known.id);
    expect((await sales1.get(`/api/v1/records/tasks/${task.id}`)).body.data.related_to).toBe(known.id);
    const docs = (await sales1.get(`/api/v1/records/contacts/${known.id}/related/documents`)).body.data.map((d: { id: string }) => d.id);
    expect(docs).toEqual([doc.id]);
  });

  it('a failure leaves everything as it was', async () => {
    const l = await lead();
    const before = (await sales1.get('/api/v1/records/accounts?count=1&limit=1')).body.total;
    const bad = await sales1.post(`/api/v1/records/leads/${l.id}/actions/convert`, { account: { create: true }, contact: true, deal: { name: 'X', close_date: 'not a date' } });
    expect(bad.status).toBe(400);
    expect((await sales1.get('/api/v1/records/accounts?count=1&limit=1')).body.total).toBe(before);
    expect((await sales1.get(`/api/v1/records/leads/${l.id}`)).body.data.converted).toBe(false);
  });

  it('suggests likely duplicate accounts by name, website or e-mail domain', async () => {
    const acc = (await sales1.post('/api/v1/records/accounts', { name: 'ооо вектор', website: 'https://vector.ru' })).body.data.id;
    const l = await lead();
    const d = await sales1.get(`/api/v1/records/leads/${l.id}/duplicates`);
    expect(d.status).toBe(200);
    expect(d.body.data.map((x: any) => x.id)).toContain(acc);
    expect(d.body.data.find((x: any) => x.id === acc).website).toBe('https://vector.ru');
    // Field rules: a hidden website neither matches nor shows; a hidden contact e-mail matches no contact.
    const admin = await t.login('admin');
    const profile = await salesProfile(admin);
    const site = (await sales1.post('/api/v1/records/accounts', { name: 'Совсем другое имя', website: 'https://tainy.example' })).body.data.id;
    const byMail = (await sales1.post('/api/v1/records/contacts', { last_name: 'Почтовый', email: 'boss@tainy.example' })).body.data.id;
    const l2 = (await sales1.post('/api/v1/records/leads', { last_name: 'Проверка', company: 'Неизвестная', email: 'boss@tainy.example', website: 'tainy.example' })).body.data;
    const shown = (await sales1.get(`/api/v1/records/leads/${l2.id}/duplicates`)).body;
    expect(shown.data.map((x: any) => x.id)).toEqual([site]);
    expect(shown.contacts.map((x: any) => x.id)).toEqual([byMail]);
    expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { accounts: { website: 'hidden', email: 'hidden' }, contacts: { email: 'hidden' } } })).status).toBe(200);
    try {
      const hidden = (await sales1.get(`/api/v1/records/leads/${l2.id}/duplicates`)).body;
      expect(hidden.data).toEqual([]);
      expect(hidden.contacts).toEqual([]);
      const byName = (await sales1.get(`/api/v1/records/leads/${l.id}/duplicates`)).body.data.find((x: any) => x.id === acc);
      expect(byName).toMatchObject({ website: null, email: null });
      // A hidden account name neither matches nor shows; a contact's hidden fields and account stay hidden.
      const linked = (await sales1.post('/api/v1/records/contacts', { last_name: 'Скрытый', mobile: '8 812 555 01 01', account_id: acc })).body.data.id;
      const seenBefore = (await sales1.get(`/api/v1/records/leads/${l.id}/duplicates`)).body.contacts.find((x: any) => x.id === linked);
      expect(seenBefore).toMatchObject({ last_name: 'Скрытый', account_id: acc, account_name: 'ооо вектор' });
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { accounts: { name: 'hidden', website: 'hidden', email: 'hidden' }, contacts: { last_name: 'hidden', account_id: 'hidden' } } })).status).toBe(200);
      const noName = (await sales1.get(`/api/v1/records/leads/${l.id}/duplicates`)).body;
      expect(noName.data.map((x: any) => x.id)).not.toContain(acc);
      expect(noName.contacts.find((x: any) => x.id === linked)).toMatchObject({ last_name: null, account_id: null, account_name: null });
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { accounts: { name: 'hidden' } } })).status).toBe(200);
      const numbered = (await sales1.get(`/api/v1/records/leads/${l.id}/duplicates`)).body.contacts.find((x: any) => x.id === linked);
      expect(numbered.account_name).toMatch(/^ACC/);
    } finally {
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: {} })).status).toBe(200);
    }
  });

  it('the deal it makes has the company currency and the default kind, so it stands on a real board; or the kind, stage and currency chosen', async () => {
    const admin = await t.login('admin');
    const kind = (await admin.post('/api/v1/records/deal_kinds', { name: 'Розница', mode: 'manual', is_default: true, stages: [{ name: 'Новая', probability: 5 }, { name: 'Оплата', probability: 90 }] })).body.data.id;
    const l1 = await lead();
    const r1 = await sales1.post(`/api/v1/records/leads/${l1.id}/actions/convert`, { account: { create: true }, contact: true, deal: { name: 'По умолчанию', close_date: '2026-12-31' } });
    expect((await sales1.get(`/api/v1/records/deals/${r1.body.deal_id}`)).body.data).toMatchObject({ currency: 'RUB', deal_kind_id: kind, stage: 'Новая' });
    const board = (await sales1.get('/api/v1/analytics/kanban')).body;
    expect(board.columns[0].cards.map((c: any) => c.id)).toContain(r1.body.deal_id);
    const l2 = await lead();
    const r2 = await sales1.post(`/api/v1/records/leads/${l2.id}/actions/convert`, { account: { create: true }, contact: true, deal: { name: 'Выбранное', close_date: '2026-12-31', deal_kind_id: kind, stage: 'Оплата', currency: 'CNY' } });
    expect((await sales1.get(`/api/v1/records/deals/${r2.body.deal_id}`)).body.data).toMatchObject({ currency: 'CNY', stage: 'Оплата', probability: '90.000' });
  });

  it('only a lead the user may change converts: read-only sharing refuses it and leaves the lead as it was', async () => {
    const admin = await t.login('admin');
    const before = (await admin.get('/api/v1/sharing')).body.data.leads;
    expect((await admin.put('/api/v1/sharing', { leads: 'public_read' })).status).toBe(200);
    try {
      const l = await lead();
      expect((await sales2.get(`/api/v1/records/leads/${l.id}`)).status).toBe(200);
      const r = await sales2.post(`/api/v1/records/leads/${l.id}/actions/convert`, { account: { create: true }, contact: false, deal: null });
      expect(r.status).toBe(403);
      expect((await sales1.get(`/api/v1/records/leads/${l.id}`)).body.data.converted).toBe(false);
    } finally {
      await admin.put('/api/v1/sharing', { leads: before });
    }
  });

  it('a lead whose owner has left converts into records of the user converting it', async () => {
    const admin = await t.login('admin');
    const gone = (await admin.post('/api/v1/users', { username: `left${Date.now()}`, password: 'Ушедший-сотрудник-42', last_name: 'Ушедший' })).body.data.id;
    const l = (await admin.post('/api/v1/records/leads', { last_name: 'Сирота', company: 'ООО Без хозяина', assigned_to: gone })).body.data;
    expect((await admin.patch(`/api/v1/users/${gone}`, { active: false })).status).toBe(200);
    const r = await admin.post(`/api/v1/records/leads/${l.id}/actions/convert`, { account: { create: true }, contact: true, deal: { close_date: '2026-12-31' } });
    expect(r.status).toBe(200);
    expect((await admin.get(`/api/v1/records/accounts/${r.body.account_id}`)).body.data.assigned_to).toBe(t.users.admin);
    expect((await admin.get(`/api/v1/records/deals/${r.body.deal_id}`)).body.data.assigned_to).toBe(t.users.admin);
  });

  it("a colleague who may change the lead converts it into its owner's records, even where the company keeps accounts private", async () => {
    const admin = await t.login('admin');
    const before = (await admin.get('/api/v1/sharing')).body.data;
    expect((await admin.put('/api/v1/sharing', { leads: 'public_read_write', accounts: 'private', contacts: 'private', deals: 'private' })).status).toBe(200);
    try {
      const l = await lead();
      const campaign = (await admin.post('/api/v1/records/campaigns', { name: 'Выставка' })).body.data.id;
      expect((await admin.post(`/api/v1/records/leads/${l.id}/related/campaigns`, { id: campaign })).status).toBe(204);
      await sales1.post('/api/v1/records/tasks', { subject: 'Перезвонить', due_date: '2026-12-01', related_to: l.id });
      const r = await sales2.post(`/api/v1/records/leads/${l.id}/actions/convert`, { account: { create: true }, contact: true, deal: { close_date: '2026-12-31' } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      for (const [m, id] of [['accounts', r.body.account_id], ['contacts', r.body.contact_id], ['deals', r.body.deal_id]]) {
        expect((await sales1.get(`/api/v1/records/${m}/${id}`)).body.data.assigned_to).toBe(t.users.sales1);
      }
      expect((await sales1.get(`/api/v1/records/contacts/${r.body.contact_id}`)).body.data.account_id).toBe(r.body.account_id);
      expect((await sales2.get(`/api/v1/records/accounts/${r.body.account_id}`)).status).toBe(404);
      const members = (await admin.get(`/api/v1/records/campaigns/${campaign}/related/contacts`)).body.data.map((x: any) => x.id);
      expect(members).toContain(r.body.contact_id);
    } finally {
      await admin.put('/api/v1/sharing', { leads: before.leads, accounts: before.accounts, contacts: before.contacts, deals: before.deals });
    }
  });

  it("what the lead carried never stops it: a colleague's comment, a deleted campaign, an account shared read-only, campaigns the profile does not show", async () => {
    const [admin, manager] = await Promise.all([t.login('admin'), t.login('manager')]);
    const before = (await admin.get('/api/v1/sharing')).body.data;
    expect((await admin.put('/api/v1/sharing', { accounts: 'public_read' })).status).toBe(200);
    try {
      const [gone, live] = await Promise.all(['Ушедшая', 'Живая'].map(async (name) => (await admin.post('/api/v1/records/campaigns', { name })).body.data.id as string));
      const l = (await sales1.post('/api/v1/records/leads', { last_name: 'Носов', company: 'ООО Носов', campaign_id: gone })).body.data;
      for (const c of [gone, live]) expect((await admin.post(`/api/v1/records/leads/${l.id}/related/campaigns`, { id: c, status: 'responded' })).status).toBe(204);
      expect((await admin.del(`/api/v1/records/campaigns/${gone}`)).status).toBe(204);
      const note = (await sales1.post('/api/v1/records/comments', { body: 'Звонил сам', related_to: l.id })).body.data.id;
      const theirs = (await admin.post('/api/v1/records/accounts', { name: 'Чужой read-only' })).body.data.id;
      // The sales manager converts sales1's lead into the administrator's account, which the manager may read only.
      const r = await manager.post(`/api/v1/records/leads/${l.id}/actions/convert`, { account: { id: theirs }, contact: true, deal: { close_date: '2026-12-31' } });
      expect(r.status, r.raw).toBe(200);
      const comment = (await sales1.get(`/api/v1/records/comments/${note}`)).body.data;
      expect([comment.related_to, comment.body]).toEqual([r.body.contact_id, 'Звонил сам']);
      expect((await manager.get(`/api/v1/records/deals/${r.body.deal_id}`)).body.data.campaign_id).toBeNull();
      const ofContact = (await admin.get(`/api/v1/records/contacts/${r.body.contact_id}/related/campaigns`)).body.data;
      expect(ofContact.map((x: any) => [x.id, x.link?.status])).toEqual([[live, 'responded']]);
      expect((await admin.get(`/api/v1/records/accounts/${theirs}/related/campaigns`)).body.data).toEqual([]);
      // Without a contact, the lead's activities still go to the read-only account (they are the converter's to move).
      const l3 = (await sales1.post('/api/v1/records/leads', { last_name: 'Тихонов', company: 'ООО Тихонов' })).body.data;
      const task = (await manager.post('/api/v1/records/tasks', { subject: 'Перезвонить Тихонову', due_date: '2026-12-01', related_to: l3.id })).body.data.id;
      expect((await manager.post(`/api/v1/records/leads/${l3.id}/actions/convert`, { account: { id: theirs }, contact: false, deal: null })).status).toBe(200);
      expect((await manager.get(`/api/v1/records/tasks/${task}`)).body.data.related_to).toBe(theirs);
      // Nobody else may re-home a comment by hand.
      expect((await manager.patch(`/api/v1/records/comments/${note}`, { related_to: l.id })).status).toBe(403);
      // A profile without campaigns converts a lead that is in one; its contact still joins the campaign.
      await withSalesModules(admin, without('campaigns'), async () => {
        const l2 = (await sales1.post('/api/v1/records/leads', { last_name: 'Ершов', company: 'ООО Ершов' })).body.data;
        expect((await admin.post(`/api/v1/records/leads/${l2.id}/related/campaigns`, { id: live })).status).toBe(204);
        const r2 = await sales1.post(`/api/v1/records/leads/${l2.id}/actions/convert`, { account: { create: true }, contact: true, deal: null });
        expect(r2.status, r2.raw).toBe(200);
        expect((await admin.get(`/api/v1/records/campaigns/${live}/related/contacts`)).body.data.map((x: any) => x.id)).toContain(r2.body.contact_id);
      });
    } finally {
      await admin.put('/api/v1/sharing', { accounts: before.accounts });
    }
  });
});
