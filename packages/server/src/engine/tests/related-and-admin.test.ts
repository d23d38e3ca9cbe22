import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: Client, sales1: Client, sales2: Client;

beforeAll(async () => {
  t = await createTestApp();
  [admin, sales1, sales2] = await Promise.all(['admin', 'sales1', 'sales2'].map((u) => t.login(u)));
});
afterAll(() => t.close());

describe('related lists, link and unlink', () => {
  it('one-to-many: contacts of an account, linked and unlinked through the child', async () => {
    const acc = (await sales1.post('/api/v1/records/accounts', { name: 'Родитель' })).body.data.id;
    const c1 = (await sales1.post('/api/v1/records/contacts', { last_name: 'Первый', account_id: acc })).body.data.id;
    const c2 = (await sales1.post('/api/v1/records/contacts', { last_name: 'Второй' })).body.data.id;
    expect((await sales1.post(`/api/v1/records/accounts/${acc}/related/contacts`, { id: c2 })).status).toBe(204);
    const rel = await sales1.get(`/api/v1/records/accounts/${acc}/related/contacts?sort=last_name&count=1`);
    expect(rel.body.data.map((x: any) => x.last_name)).toEqual(['Второй', 'Первый']);
    expect(rel.body.total).toBe(2);
    expect((await sales1.del(`/api/v1/records/accounts/${acc}/related/contacts/${c1}`)).status).toBe(204);
    expect((await sales1.get(`/api/v1/records/contacts/${c1}`)).body.data.account_id).toBeNull();
    expect((await sales1.del(`/api/v1/records/accounts/${acc}/related/contacts/${c1}`)).status).toBe(404);
    expect((await sales1.get(`/api/v1/records/accounts/${acc}/related/nope`)).status).toBe(404);
  });

  it('many-to-many with a role: deal contacts, seen from both sides, audited', async () => {
    const acc = (await sales1.post('/api/v1/records/accounts', { name: 'Покупатель' })).body.data.id;
    const deal = (await sales1.post('/api/v1/records/deals', { name: 'Сделка', account_id: acc, close_date: '2026-12-31', stage: 'prospecting' })).body.data.id;
    const con = (await sales1.post('/api/v1/records/contacts', { last_name: 'ЛПР' })).body.data.id;
    const dealMeta = (await sales1.get('/api/v1/meta/modules/deals')).body.data;
    const rel = dealMeta.relations.find((r: any) => r.module === 'contacts' && r.kind === 'many_to_many');
    expect(rel).toBeTruthy();
    const linkField = rel.link_field?.name ?? 'role';
    expect((await sales1.post(`/api/v1/records/deals/${deal}/related/${rel.name}`, { id: con, [linkField]: 'not_a_role' })).status).toBe(400);
    expect((await sales1.post(`/api/v1/records/deals/${deal}/related/${rel.name}`, { id: con, [linkField]: 'decision_maker' })).status).toBe(204);
    const list = await sales1.get(`/api/v1/records/deals/${deal}/related/${rel.name}`);
    expect(list.body.data[0]).toMatchObject({ last_name: 'ЛПР', link: { [linkField]: 'decision_maker' } });
    const back = (await sales1.get('/api/v1/meta/modules/contacts')).body.data.relations.find((r: any) => r.module === 'deals' && r.kind === 'many_to_many');
    expect((await sales1.get(`/api/v1/records/contacts/${con}/related/${back.name}`)).body.data.map((x: any) => x.name)).toEqual(['Сделка']);
    const history = (await sales1.get(`/api/v1/records/deals/${deal}/history`)).body.data;
    expect(history[0]).toMatchObject({ action: 'link' });
    // Linking someone else's invisible contact is refused.
    const foreign = (await sales2.post('/api/v1/records/contacts', { last_name: 'Чужой' })).body.data.id;
    expect((await sales1.post(`/api/v1/records/deals/${deal}/related/${rel.name}`, { id: foreign })).status).toBe(400);
    // So is a contact of one's own while the profile may not view contacts at all.
    const { withSalesModules, without } = await import('../../testing/sales-profile.js');
    const mine = (await sales1.post('/api/v1/records/contacts', { last_name: 'Свой' })).body.data.id;
    await withSalesModules(admin, without('contacts'), async () => {
      expect((await sales1.post(`/api/v1/records/deals/${deal}/related/${rel.name}`, { id: mine, [linkField]: 'decision_maker' })).status).toBe(400);
    });
    expect((await sales1.del(`/api/v1/records/deals/${deal}/related/${rel.name}/${con}`)).status).toBe(204);
    expect((await sales1.get(`/api/v1/records/deals/${deal}/related/${rel.name}`)).body.data).toEqual([]);
    // A link to a record the caller cannot see is not theirs to undo (nor to learn of): "no such link", and it stays.
    const theirDeal = (await sales2.post('/api/v1/records/deals', { name: 'Чужая сделка', close_date: '2026-12-31' })).body.data.id;
    const shared = (await sales2.post('/api/v1/records/contacts', { last_name: 'Общий' })).body.data.id;
    expect((await sales2.post(`/api/v1/records/deals/${theirDeal}/related/${rel.name}`, { id: shared })).status).toBe(204);
    expect((await sales2.patch(`/api/v1/records/contacts/${shared}`, { assigned_to: t.users.sales1 })).status).toBe(200);
    expect((await sales1.del(`/api/v1/records/contacts/${shared}/related/${back.name}/${theirDeal}`)).status).toBe(404);
    expect((await admin.get(`/api/v1/records/deals/${theirDeal}/related/${rel.name}`)).body.data.map((x: any) => x.id)).toEqual([shared]);
  });

  it('duplicates a record through the create pipeline', async () => {
    const acc = (await sales1.post('/api/v1/records/accounts', { name: 'Оригинал', website: 'https://orig.example' })).body.data;
    const dup = await sales1.post(`/api/v1/records/accounts/${acc.id}/actions/duplicate`);
    expect(dup.status).toBe(201);
    expect(dup.body.data).toMatchObject({ name: 'Оригинал', website: 'https://orig.example' });
    expect(dup.body.data.number).not.toBe(acc.number);
    expect((await sales1.post(`/api/v1/records/accounts/${acc.id}/actions/nope`)).status).toBe(404);
    // Names every object inherits are not actions.
    for (const name of ['hasOwnProperty', 'toString', 'constructor', 'valueOf', '__proto__', 'isPrototypeOf']) {
      const r = await sales1.post(`/api/v1/records/accounts/${acc.id}/actions/${name}`, {});
      expect([r.status, r.body?.error?.code], name).toEqual([404, 'NOT_FOUND']);
    }
  });
});

describe('administration', () => {
  it('roles form a tree without cycles; permissions name real modules', async () => {
    const top = (await admin.post('/api/v1/roles', { name: 'Director', permissions: { accounts: ['view'] } })).body.data;
    const child = (await admin.post('/api/v1/roles', { name: 'Deputy', parent_id: top.id })).body.data;
    expect((await admin.patch(`/api/v1/roles/${top.id}`, { parent_id: child.id })).status).toBe(400);
    expect((await admin.post('/api/v1/roles', { name: 'X', permissions: { spaceships: ['view'] } })).status).toBe(400);
    expect((await admin.post('/api/v1/roles', { name: 'X', permissions: { accounts: ['fly'] } })).status).toBe(400);
    const roles = await admin.get('/api/v1/roles');
    expect(roles.body.data.find((r: any) => r.id === child.id).parent_id).toBe(top.id);
  });

  it('two opposite moves at once leave no cycle; a cycle that got in anyway does not hang its users\' requests', async () => {
    const a = (await admin.post('/api/v1/roles', { name: 'Круг A', permissions: { accounts: ['view'] } })).body.data;
    const b = (await admin.post('/api/v1/roles', { name: 'Круг B' })).body.data;
    const moves = await Promise.all([admin.patch(`/api/v1/roles/${a.id}`, { parent_id: b.id }), admin.patch(`/api/v1/roles/${b.id}`, { parent_id: a.id })]);
    expect(moves.map((r) => r.status).sort()).toEqual([200, 400]);
    // Written behind the API's back (as by two moves before the lock): every role walk stops at a role seen before.
    const { sql } = await import('kysely');
    await sql`update roles set parent_id = ${b.id} where id = ${a.id}`.execute(t.app.database.db);
    await sql`update roles set parent_id = ${a.id} where id = ${b.id}`.execute(t.app.database.db);
    const { USER_PASSWORD } = await import('../../testing/test-app.js');
    expect((await admin.post('/api/v1/users', { username: 'krug', password: USER_PASSWORD, role_id: a.id })).status).toBe(201);
    const krug = await t.login('krug');
    expect((await krug.get('/api/v1/records/accounts')).status).toBe(200);
    await sql`update roles set parent_id = null where id in (${a.id}, ${b.id})`.execute(t.app.database.db);
  });

  it('says what is wrong with a user, role or group in the caller\'s language', async () => {
    const user = await admin.post('/api/v1/users?lang=ru', { username: 'Ж', password: 'x', email: 'nope', is_admin: 'yes' });
    expect(user.status).toBe(400);
    expect(user.body.error.fields).toMatchObject({ username: 'буквы, цифры и . _ @ - (от 2 до 64)', email: 'должно быть правильным адресом эл. почты', is_admin: expect.stringMatching(/^должно быть/) });
    const role = await admin.post('/api/v1/roles?lang=zh', { name: 'Роль', parent_id: 'zzz', profile_ids: ['x'] });
    expect(role.body.error.fields).toMatchObject({ parent_id: '必须是标识', 'profile_ids.0': '必须是配置文件 ID' });
    const group = await admin.post('/api/v1/groups?lang=uk', {});
    expect(group.status).toBe(400);
    expect(Object.values(group.body.error.fields)).toContain("обов'язкове поле");
  });

  it('groups: members see group records; membership changes apply at once', async () => {
    const g = (await admin.post('/api/v1/groups', { name: 'Тендерный отдел', members: [t.users.sales2] })).body.data;
    expect(g.members).toEqual([t.users.sales2]);
    const acc = (await admin.post('/api/v1/records/accounts', { name: 'Тендер', assigned_to: g.id })).body.data.id;
    expect((await sales2.get(`/api/v1/records/accounts/${acc}`)).status).toBe(200);
    expect((await sales1.get(`/api/v1/records/accounts/${acc}`)).status).toBe(404);
    await admin.patch(`/api/v1/groups/${g.id}`, { members: [t.users.sales1] });
    expect((await sales1.get(`/api/v1/records/accounts/${acc}`)).status).toBe(200);
    expect((await sales2.get(`/api/v1/records/accounts/${acc}`)).status).toBe(404);
    expect((await admin.post('/api/v1/groups', { name: 'Тендерный отдел' })).status).toBe(409);
  });

  it('module numbering is editable and stays unique', async () => {
    expect((await admin.patch('/api/v1/settings/numbering/tickets', { prefix: 'ЗАЯВКА-', next_number: 100 })).status).toBe(200);
    const tk = await admin.post('/api/v1/records/tickets', { title: 'Не работает' });
    expect(tk.body.data.number).toBe('ЗАЯВКА-100');
    expect((await admin.patch('/api/v1/settings/numbering/tickets', { next_number: 100 })).status).toBe(409);
    expect((await admin.patch('/api/v1/settings/numbering/tickets', { next_number: -1 })).status).toBe(400);
    const list = await admin.get('/api/v1/settings/numbering');
    expect(list.body.data.find((n: any) => n.module === 'tickets')).toEqual({ module: 'tickets', prefix: 'ЗАЯВКА-', next_number: 101 });
    // Not below a number already given: counting up, creating would reach it and stop there for good.
    const lower = await admin.patch('/api/v1/settings/numbering/tickets?lang=ru', { next_number: 50 });
    expect(lower.status).toBe(409);
    expect(lower.body.error.fields.next_number).toBe('должен быть больше ЗАЯВКА-100 — наибольшего номера с этим префиксом');
    expect((await admin.patch('/api/v1/settings/numbering/tickets', { prefix: 'T-', next_number: 5 })).status).toBe(200);
    expect((await admin.patch('/api/v1/settings/numbering/tickets', { prefix: 'ЗАЯВКА-', next_number: 101 })).status).toBe(200);
  });

  it('administrative changes are audited', async () => {
    const rows = await t.app.database.db.selectFrom('audit_log').select(['module', 'action']).where('module', 'in', ['roles', 'groups', 'numbering', 'users']).execute();
    expect(new Set(rows.map((r) => r.module))).toEqual(new Set(['roles', 'groups', 'numbering', 'users']));
  });
});

describe('reference labels', () => {
  it('name nothing of a module the reader\'s profile may not view, in a list and on a record page', async () => {
    const acc = (await sales1.post('/api/v1/records/accounts', { name: 'SecretAcmeName' })).body.data.id;
    const contact = (await sales1.post('/api/v1/records/contacts', { last_name: 'Labelled', account_id: acc })).body.data.id;
    const labelIn = (body: any) => JSON.stringify(body.refs ?? {}).includes('SecretAcmeName');
    expect(labelIn((await sales1.get(`/api/v1/records/contacts/${contact}`)).body)).toBe(true);
    const { withSalesModules, without } = await import('../../testing/sales-profile.js');
    await withSalesModules(admin, without('accounts'), async () => {
      const page = await sales1.get(`/api/v1/records/contacts/${contact}`);
      expect(page.body.data.account_id).toBe(acc);
      expect(labelIn(page.body)).toBe(false);
      const list = await sales1.get('/api/v1/records/contacts?fields=last_name,account_id&filter[last_name]=Labelled');
      expect(list.body.data).toHaveLength(1);
      expect(labelIn(list.body)).toBe(false);
    });
  });
});

describe('saved views', () => {
  it('are private or shared, and validated by the list compiler', async () => {
    const v = await sales1.post('/api/v1/views', { module: 'accounts', name: 'Мои активные', definition: { where: { field: 'rating', op: 'eq', value: 'active' }, sort: ['name'], columns: ['name', 'phone'] } });
    expect(v.status).toBe(201);
    const shared = await sales1.post('/api/v1/views', { module: 'accounts', name: 'Для всех', is_shared: true, definition: {} });
    expect((await sales2.get('/api/v1/views?module=accounts')).body.data.map((x: any) => x.name)).toEqual(['Для всех']);
    expect((await sales1.get('/api/v1/views?module=accounts')).body.data).toHaveLength(2);
    expect((await sales2.patch(`/api/v1/views/${shared.body.data.id}`, { name: 'mine' })).status).toBe(403);
    expect((await sales2.del(`/api/v1/views/${v.body.data.id}`)).status).toBe(404);
    expect((await sales1.post('/api/v1/views', { module: 'accounts', name: 'bad', definition: { where: { field: 'nope', op: 'eq', value: 1 } } })).status).toBe(400);
    expect((await sales1.del(`/api/v1/views/${v.body.data.id}`)).status).toBe(204);
  });

  it('a shared view that filters or sorts on a field the reader\'s profile hides is not theirs to see; hidden columns are dropped', async () => {
    const vip = await admin.post('/api/v1/views', { module: 'accounts', name: 'VIP phones', is_shared: true, definition: { where: { field: 'phone', op: 'starts_with', value: '+7 916 SECRET' } } });
    const cols = await admin.post('/api/v1/views', { module: 'accounts', name: 'With phones', is_shared: true, definition: { columns: ['name', 'phone'], sort: ['name'] } });
    expect([vip.status, cols.status]).toEqual([201, 201]);
    const { salesProfile } = await import('../../testing/sales-profile.js');
    const profile = await salesProfile(admin);
    expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { accounts: { phone: 'hidden' } } })).status).toBe(200);
    try {
      const seen = (await sales2.get('/api/v1/views?module=accounts')).body.data as any[];
      expect(seen.some((x) => x.name === 'VIP phones')).toBe(false);
      expect(JSON.stringify(seen)).not.toContain('SECRET');
      expect(seen.find((x) => x.name === 'With phones')?.definition.columns).toEqual(['name']);
    } finally {
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: {} })).status).toBe(200);
    }
    expect((await sales2.get('/api/v1/views?module=accounts')).body.data.some((x: any) => x.name === 'VIP phones')).toBe(true);
  });
});
