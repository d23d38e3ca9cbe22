import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: Client, manager: Client, sales1: Client, sales2: Client, support: Client;
let acc1 = '', acc2 = '', groupAcc = '', con1 = '';

beforeAll(async () => {
  t = await createTestApp();
  [admin, manager, sales1, sales2, support] = await Promise.all(['admin', 'manager', 'sales1', 'sales2', 'support'].map((u) => t.login(u)));
  acc1 = (await sales1.post('/api/v1/records/accounts', { name: 'Секрет Ивана', phone: '+7 495 111-22-33' })).body.data.id;
  con1 = (await sales1.post('/api/v1/records/contacts', { last_name: 'Тайный', account_id: acc1 })).body.data.id;
  acc2 = (await sales2.post('/api/v1/records/accounts', { name: 'Секрет Оксани' })).body.data.id;
  groupAcc = (await manager.post('/api/v1/records/accounts', { name: 'Общий клиент отдела', assigned_to: t.groups['Отдел продаж'] })).body.data.id;
});
afterAll(() => t.close());

const names = (r: any) => r.body.data.map((x: any) => x.name ?? x.label).sort();

describe('visibility of private records', () => {
  it('siblings do not see each other in list, count, get, search, related, history or export', async () => {
    const list = await sales2.get('/api/v1/records/accounts?count=1');
    expect(names(list)).toEqual(['Общий клиент отдела', 'Секрет Оксани']);
    expect(list.body.total).toBe(2);
    expect((await sales2.get(`/api/v1/records/accounts/${acc1}`)).status).toBe(404);
    expect((await sales2.get(`/api/v1/records/accounts/${acc1}/history`)).status).toBe(404);
    expect((await sales2.get(`/api/v1/records/accounts/${acc1}/related/contacts`)).status).toBe(404);
    expect((await sales2.get('/api/v1/search?q=секрет')).body.data.map((h: any) => h.label)).toEqual(['Секрет Оксани']);
    expect((await sales2.get('/api/v1/search?q=74951112233')).body.data).toEqual([]);
    expect((await sales2.get('/api/v1/records/accounts?q=ивана')).body.data).toEqual([]);
    const csv = await sales2.request('GET', '/api/v1/records/accounts/export?format=csv');
    expect(csv.raw).not.toContain('Секрет Ивана');
    expect(csv.raw).toContain('Секрет Оксани');
    expect((await sales2.patch(`/api/v1/records/accounts/${acc1}`, { name: 'hijack' })).status).toBe(404);
    expect((await sales2.del(`/api/v1/records/accounts/${acc1}`)).status).toBe(404);
  });

  it('refs never leak the label of an invisible record', async () => {
    // sales1 gives a contact to sales2 that points at sales1's private account.
    await sales1.patch(`/api/v1/records/contacts/${con1}`, { assigned_to: t.users.sales2 });
    const got = await sales2.get(`/api/v1/records/contacts/${con1}`);
    expect(got.status).toBe(200);
    expect(got.body.refs[acc1]).toBeUndefined();
    const listed = await sales2.get(`/api/v1/records/contacts?filter[id]=${con1}`);
    expect(listed.body.data.map((c: any) => c.account_id)).toEqual([acc1]);
    expect(listed.body.refs[acc1]).toBeUndefined();
    // Their manager sees the account, and its label, on the record page and in the list.
    expect((await manager.get(`/api/v1/records/contacts/${con1}`)).body.refs[acc1]).toMatchObject({ module: 'accounts', label: 'Секрет Ивана' });
    expect((await manager.get(`/api/v1/records/contacts?filter[id]=${con1}`)).body.refs[acc1]).toMatchObject({ module: 'accounts', label: 'Секрет Ивана' });
    await sales2.patch(`/api/v1/records/contacts/${con1}`, { assigned_to: t.users.sales1 });
  });

  it('a reference to an invisible record is rejected like a missing one', async () => {
    const r = await sales2.post('/api/v1/records/contacts', { last_name: 'X', account_id: acc1 });
    expect(r.status).toBe(400);
    expect(r.body.error.fields.account_id).toBeTruthy();
  });

  it('the manager sees the records of the roles below', async () => {
    const list = await manager.get('/api/v1/records/accounts');
    expect(names(list)).toEqual(['Общий клиент отдела', 'Секрет Ивана', 'Секрет Оксани']);
    expect((await manager.get(`/api/v1/records/accounts/${acc1}/related/contacts`)).body.data).toHaveLength(1);
  });

  it('group members see and edit group records; others do not', async () => {
    expect((await sales1.get(`/api/v1/records/accounts/${groupAcc}`)).status).toBe(200);
    expect((await sales1.patch(`/api/v1/records/accounts/${groupAcc}`, { rating: 'active' })).status).toBe(200);
    expect((await support.get(`/api/v1/records/accounts/${groupAcc}`)).status).toBe(404);
  });

  it('mass actions are all or nothing and never touch invisible records', async () => {
    const r = await sales2.post('/api/v1/records/accounts/mass-update', { ids: [acc2, acc1], changes: { website: 'https://hacked.example' } });
    expect(r.status).toBe(404);
    expect((await sales2.get(`/api/v1/records/accounts/${acc2}`)).body.data.website).toBeNull();
    const d = await sales2.post('/api/v1/records/accounts/mass-delete', { ids: [acc2, acc1] });
    expect(d.status).toBe(404);
    expect((await sales2.get(`/api/v1/records/accounts/${acc2}`)).status).toBe(200);
  });
});

describe('sharing levels', () => {
  it('public_read lets everyone read but not edit', async () => {
    const p = (await admin.post('/api/v1/records/products', { name: 'Ноутбук', unit_price: '100.00' })).body.data.id;
    expect((await sales1.get(`/api/v1/records/products/${p}`)).status).toBe(200);
    expect((await sales1.patch(`/api/v1/records/products/${p}`, { name: 'x' })).status).toBe(403);
  });

  it('an administrator opens a private module for reading', async () => {
    const r = await admin.put('/api/v1/sharing', { accounts: 'public_read' });
    expect(r.status).toBe(200);
    expect(r.body.data.accounts).toBe('public_read');
    expect((await sales2.get(`/api/v1/records/accounts/${acc1}`)).status).toBe(200);
    expect((await sales2.patch(`/api/v1/records/accounts/${acc1}`, { name: 'x' })).status).toBe(403);
    await admin.put('/api/v1/sharing', { accounts: 'private' });
    expect((await sales2.get(`/api/v1/records/accounts/${acc1}`)).status).toBe(404);
    expect((await admin.put('/api/v1/sharing', { accounts: 'everyone' })).status).toBe(400);
  });
});

describe('module permissions and admin routes', () => {
  it('a module missing from the role is forbidden', async () => {
    expect((await support.get('/api/v1/records/deals')).status).toBe(403);
    expect((await support.post('/api/v1/records/deals', { name: 'x' })).status).toBe(403);
    expect((await sales1.post('/api/v1/records/products', { name: 'x' })).status).toBe(403);
  });

  it('non-administrators cannot reach administration', async () => {
    for (const [method, url, body] of [
      ['POST', '/api/v1/users', { username: 'x', password: 'xxxxxxxxx' }], ['GET', '/api/v1/roles', undefined], ['POST', '/api/v1/roles', { name: 'r' }],
      ['POST', '/api/v1/groups', { name: 'g' }], ['PUT', '/api/v1/sharing', { accounts: 'public_read' }], ['GET', '/api/v1/settings/numbering', undefined],
      ['PATCH', '/api/v1/settings/numbering/accounts', { prefix: 'A' }], ['GET', '/api/v1/recycle-bin?module=accounts', undefined],
      ['PATCH', `/api/v1/users/${t.users.sales2}`, { is_admin: true }], ['PATCH', `/api/v1/users/${t.users.sales1}`, { is_admin: true }],
    ] as const) {
      const r = await sales1.request(method, url, body);
      expect(r.status, `${method} ${url}`).toBe(403);
    }
  });

  it('an API token has its user\'s rights', async () => {
    const tok = await sales2.post('/api/v1/auth/tokens', { name: 'integration' });
    expect(tok.status).toBe(201);
    const bearer = (url: string) => t.server.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tok.body.token}` } });
    expect((await bearer(`/api/v1/records/accounts/${acc1}`)).statusCode).toBe(404);
    expect((await bearer(`/api/v1/records/accounts/${acc2}`)).statusCode).toBe(200);
    expect((await bearer('/api/v1/roles')).statusCode).toBe(403);
    expect((await sales2.del(`/api/v1/auth/tokens/${tok.body.id}`)).status).toBe(204);
    expect((await bearer(`/api/v1/records/accounts/${acc2}`)).statusCode).toBe(401);
  });
});
