import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { AccessCache } from '../access/access-cache.js';
import { MetaStore } from '../meta-store.js';
import { standardBehaviours } from '../../modules/behaviours.js';
import { standardModules } from '../../modules/index.js';
import { createTestApp, USER_PASSWORD, type Client, type TestApp } from '../../testing/test-app.js';

/** Two instances on one database, each with its own cache of who the caller is: a change on one holds on the other at once. */
let t: TestApp;
let other: FastifyInstance;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  const meta = new MetaStore(t.app.database.db, standardModules, standardBehaviours);
  await meta.load();
  other = await buildApp({ ...t.app, meta, access: new AccessCache() });
  admin = await t.login('admin');
});
afterAll(async () => { await other.close(); await t.close(); });

/** Signs in on the first instance; the cookie (a session in the database) works on both. */
async function session(username: string) {
  const res = await t.server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: USER_PASSWORD } });
  const cookies = { karta_session: res.cookies.find((c) => c.name === 'karta_session')!.value };
  return (server: FastifyInstance, url: string) => server.inject({ method: 'GET', url, cookies });
}

describe('the cached acting user', () => {
  it('a role change, a sharing rule and a deactivation take effect on the next request on the other instance', async () => {
    const get = await session('support');
    expect((await get(other, '/api/v1/records/tickets?limit=1')).statusCode).toBe(200);
    expect((await get(other, '/api/v1/records/tickets?limit=1')).statusCode).toBe(200);
    const role = ((await admin.get('/api/v1/roles')).body.data as any[]).find((r) => r.name === 'Support');
    const { tickets: _dropped, ...rest } = role.permissions;
    await admin.patch(`/api/v1/roles/${role.id}`, { permissions: rest });
    expect((await get(other, '/api/v1/records/tickets?limit=1')).statusCode).toBe(403);
    await admin.patch(`/api/v1/roles/${role.id}`, { permissions: role.permissions });
    expect((await get(other, '/api/v1/records/tickets?limit=1')).statusCode).toBe(200);

    const sales1 = await t.login('sales1');
    const acc = (await sales1.post('/api/v1/records/accounts', { name: 'Только у Ивана' })).body.data.id;
    const s2 = await session('sales2');
    expect((await s2(other, `/api/v1/records/accounts/${acc}`)).statusCode).toBe(404);
    const salesRole = ((await admin.get('/api/v1/roles')).body.data as any[]).find((r) => r.name === 'Sales person').id;
    const rule = await admin.post('/api/v1/sharing_rules', { module: 'accounts', from: { role: salesRole }, to: { role: salesRole }, access: 'read' });
    expect(rule.status).toBe(201);
    expect((await s2(other, `/api/v1/records/accounts/${acc}`)).statusCode).toBe(200);
    await admin.del(`/api/v1/sharing_rules/${rule.body.data.id}`);
    expect((await s2(other, `/api/v1/records/accounts/${acc}`)).statusCode).toBe(404);

    await admin.patch(`/api/v1/users/${t.users.support}`, { active: false });
    expect((await get(other, '/api/v1/auth/me')).statusCode).toBe(401);
    await admin.patch(`/api/v1/users/${t.users.support}`, { active: true });
  });

  it('a revoked token and a changed password are refused on the next request on the other instance', async () => {
    const manager = await t.login('manager');
    const token = (await manager.post('/api/v1/auth/tokens', { name: 'two instances' })).body;
    const withToken = () => other.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token.token}` } });
    expect((await withToken()).statusCode).toBe(200);
    await manager.del(`/api/v1/auth/tokens/${token.id}`);
    expect((await withToken()).statusCode).toBe(401);

    const get = await session('marketing');
    expect((await get(other, '/api/v1/auth/me')).statusCode).toBe(200);
    await admin.patch(`/api/v1/users/${t.users.marketing}`, { password: 'Совсем-новый-пароль-7' });
    expect((await get(other, '/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('an owner renamed on one instance is shown by the new name on the next request on the other', async () => {
    const sales1 = await t.login('sales1');
    const acc = (await sales1.post('/api/v1/records/accounts', { name: 'Чей-то клиент' })).body.data.id;
    const get = await session('sales1');
    const ownerLabel = async () => JSON.parse((await get(other, `/api/v1/records/accounts/${acc}`)).body).refs[t.users.sales1].label;
    const before = await ownerLabel();
    expect(await ownerLabel()).toBe(before); // now from the other instance's cache
    await admin.patch(`/api/v1/users/${t.users.sales1}`, { last_name: 'Переименованный' });
    expect(await ownerLabel()).toContain('Переименованный');
    const group = t.groups['Отдел продаж']; // sales1 is in it, so still sees the account
    await sales1.patch(`/api/v1/records/accounts/${acc}`, { assigned_to: group });
    const groupLabel = async () => JSON.parse((await get(other, `/api/v1/records/accounts/${acc}`)).body).refs[group].label;
    const groupBefore = await groupLabel();
    await admin.patch(`/api/v1/groups/${group}`, { name: `${groupBefore} (новое имя)` });
    expect(await groupLabel()).toBe(`${groupBefore} (новое имя)`);
  });
});
