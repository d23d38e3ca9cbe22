import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot } from '../bootstrap.js';
import { standardBehaviours } from '../modules/behaviours.js';
import { standardModules } from '../modules/index.js';
import { createTestApp, USER_PASSWORD, type Client, type TestApp } from '../testing/test-app.js';

let t: TestApp;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

const activeAdmins = async () => (await sql`select 1 from users where is_admin and active`.execute(t.app.database.db)).rows.length;

describe('administering users and roles', () => {
  it("reading one's own user (the access key made once) writes nothing: every cached caller stays valid", async () => {
    const sales1 = await t.login('sales1');
    const version = async () => (await sql<{ v: string | null }>`select value #>> '{}' as v from settings where key = 'access_version'`.execute(t.app.database.db)).rows[0]?.v ?? null;
    const key = (await sales1.get(`/api/v1/users/${sales1.userId}`)).body.data.access_key;
    const before = await version();
    for (let i = 0; i < 3; i++) expect((await sales1.get(`/api/v1/users/${sales1.userId}`)).body.data.access_key).toBe(key);
    expect(await version()).toBe(before);
  });

  it('a username taken by another user is refused at its field', async () => {
    const r = await admin.patch(`/api/v1/users/${t.users.sales2}`, { username: 'SALES1' });
    expect(r.status).toBe(409);
    expect(r.body.error.fields).toHaveProperty('username');
    // One's own username again is no clash.
    expect((await admin.patch(`/api/v1/users/${t.users.sales2}`, { username: 'sales2' })).status).toBe(200);
  });

  it('a parent role that does not exist is a 400 at parent_id, not "no such role"', async () => {
    const missing = '00000000-0000-4000-8000-000000000001';
    const made = await admin.post('/api/v1/roles', { name: 'Orphan', parent_id: missing });
    expect(made.status).toBe(400);
    expect(made.body.error.fields).toHaveProperty('parent_id');
    const role = (await admin.post('/api/v1/roles', { name: 'Orphan' })).body.data;
    const moved = await admin.patch(`/api/v1/roles/${role.id}`, { parent_id: missing });
    expect(moved.status).toBe(400);
    expect(moved.body.error.fields).toHaveProperty('parent_id');
  });

  it('the last active administrator cannot be demoted or deactivated, even by two administrators at once', async () => {
    const made = await admin.post('/api/v1/users', { username: 'second-admin', password: USER_PASSWORD, last_name: 'Second', is_admin: true });
    expect(made.status).toBe(201);
    const second = await t.login('second-admin');
    // Each removes the other at the same moment: at most one of them succeeds.
    const both = await Promise.all([admin.patch(`/api/v1/users/${made.body.data.id}`, { is_admin: false }), second.patch(`/api/v1/users/${t.users.admin}`, { active: false })]);
    expect(both.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
    expect(await activeAdmins()).toBeGreaterThanOrEqual(1);
    // Whoever is left is the last: another administrator's attempt on them (made before they lost their rights) is refused.
    await sql`update users set is_admin = true, active = true where id in (${t.users.admin}, ${made.body.data.id})`.execute(t.app.database.db);
    admin = await t.login('admin'); // deactivated by the race, they were signed out
    await sql`update users set active = false where id = ${made.body.data.id}`.execute(t.app.database.db);
    const { keepAnAdministrator } = await import('./users-routes.js');
    await expect(t.app.database.db.transaction().execute((trx) => keepAnAdministrator(trx, t.users.admin))).rejects.toMatchObject({ fields: { is_admin: 'is the last active administrator' } });
    await expect(t.app.database.db.transaction().execute((trx) => keepAnAdministrator(trx, made.body.data.id))).resolves.toBeUndefined();
  });

  it('a renamed administrator is not joined by a new "admin" at the next start', async () => {
    expect((await admin.patch(`/api/v1/users/${t.users.admin}`, { username: 'olga' })).status).toBe(200);
    try {
      const again = await boot({ ...t.app.config }, t.app.database, { defs: standardModules, behaviours: standardBehaviours }, 'test');
      expect(again.adminPassword).toBeUndefined();
      expect((await sql`select 1 from users where username = 'admin'`.execute(t.app.database.db)).rows).toHaveLength(0);
    } finally {
      await admin.patch(`/api/v1/users/${t.users.admin}`, { username: 'admin' });
    }
  });
});
