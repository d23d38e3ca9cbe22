import { MODULE_ACTIONS } from '@karta/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, USER_PASSWORD, type Client, type TestApp } from '../testing/test-app.js';
import { multipartBody } from '../testing/multipart.js';

let t: TestApp;
let admin: Client, sales1: Client, sales2: Client;
let roles: { id: string; name: string; profile_ids: string[] }[];
let acc1 = '';

beforeAll(async () => {
  t = await createTestApp();
  [admin, sales1, sales2] = await Promise.all(['admin', 'sales1', 'sales2'].map((u) => t.login(u)));
  roles = (await admin.get('/api/v1/roles')).body.data;
  acc1 = (await sales1.post('/api/v1/records/accounts', { name: 'Клиент Ивана', phone: '+7 495 700-00-01' })).body.data.id;
});
afterAll(() => t.close());

const roleId = (name: string) => roles.find((r) => r.name === name)!.id;
const names = async (c: Client) => ((await c.get('/api/v1/records/accounts?limit=500')).body.data as any[]).map((a) => a.name);

describe('sharing rules', () => {
  it('open one role\'s records to another for reading, in list, get, search and reports — not for writing', async () => {
    expect(await names(sales2)).not.toContain('Клиент Ивана');
    const rule = await admin.post('/api/v1/sharing_rules', { module: 'accounts', from: { role: roleId('Sales person') }, to: { role: roleId('Sales person') }, access: 'read' });
    expect(rule.status, rule.raw).toBe(201);
    expect(rule.body.data).toMatchObject({ module: 'accounts', from: { role: roleId('Sales person') }, access: 'read' });
    expect(await names(sales2)).toContain('Клиент Ивана');
    expect((await sales2.get(`/api/v1/records/accounts/${acc1}`)).status).toBe(200);
    expect((await sales2.get('/api/v1/search?q=74957000001')).body.data.map((h: any) => h.id)).toContain(acc1);
    const report = await sales2.post('/api/v1/reports/preview', { module: 'accounts', columns: ['name'] });
    expect(report.body.rows.map((r: any) => r.name)).toContain('Клиент Ивана');
    expect((await sales2.patch(`/api/v1/records/accounts/${acc1}`, { website: 'https://x.example' })).status).toBe(403);
    // Other modules are untouched by an accounts rule.
    const contact = (await sales1.post('/api/v1/records/contacts', { last_name: 'Контакт Ивана' })).body.data.id;
    expect((await sales2.get(`/api/v1/records/contacts/${contact}`)).status).toBe(404);
    await admin.del(`/api/v1/sharing_rules/${rule.body.data.id}`);
    expect(await names(sales2)).not.toContain('Клиент Ивана');
  });

  it('read-write lets the other side change the records; a group can be either side', async () => {
    const marketing = await t.login('marketing');
    const rule = await admin.post('/api/v1/sharing_rules', { module: 'accounts', from: { group: t.groups['Отдел продаж'] }, to: { role_and_subordinates: roleId('Marketing') }, access: 'read_write' });
    expect(rule.status).toBe(201);
    expect(await names(marketing)).toContain('Клиент Ивана');
    expect((await marketing.patch(`/api/v1/records/accounts/${acc1}`, { website: 'https://marketing.example' })).status).toBe(200);
    await admin.del(`/api/v1/sharing_rules/${rule.body.data.id}`);
    expect((await marketing.get(`/api/v1/records/accounts/${acc1}`)).status).toBe(404);
  });

  it('are checked and audited, with the address the change came from', async () => {
    const bad = await admin.post('/api/v1/sharing_rules', { module: 'nope', from: { role: '00000000-0000-4000-8000-000000000000' }, to: { group: '00000000-0000-4000-8000-000000000000' }, access: 'read' });
    expect(bad.status).toBe(400);
    const badRole = await admin.post('/api/v1/sharing_rules', { module: 'accounts', from: { role: '00000000-0000-4000-8000-000000000000' }, to: { role: roleId('CEO') }, access: 'read' });
    expect(badRole.body.error.fields).toHaveProperty(['from.role']);
    expect((await sales1.get('/api/v1/sharing_rules')).status).toBe(403);
    const audit = await admin.get('/api/v1/audit/admin?area=sharing_rules');
    expect(audit.body.data.map((a: any) => a.action)).toEqual(expect.arrayContaining(['create', 'delete']));
    expect(audit.body.data[0]).toMatchObject({ area: 'sharing_rules', username: 'admin', ip: expect.any(String) });
    await admin.patch(`/api/v1/roles/${roleId('Support')}`, { name: 'Support' });
    const all = await admin.request('GET', '/api/v1/audit/admin?format=csv');
    expect(all.raw).toContain('sharing_rules');
    expect(all.raw).toContain('roles');
  });
});

describe('the permission matrix, generated from the registry', () => {
  it('every module × action: a profile that allows it lets it through; one that does not is a 403', async () => {
    const role = await admin.post('/api/v1/roles', { name: 'Matrix', permissions: {} });
    await admin.post('/api/v1/users', { username: 'matrix', password: USER_PASSWORD, role_id: role.body.data.id });
    const matrix = await t.login('matrix');
    const profile = role.body.data.profile_ids[0];
    const meta = (await admin.get('/api/v1/meta/modules')).body.data as { name: string }[];
    const ghost = '00000000-0000-4000-8000-00000000abcd';
    const importPreview = (module: string) => {
      const { body, headers } = multipartBody({ name: 'x.csv', content: 'name\nx\n' }, { module });
      return matrix.request('POST', '/api/v1/imports/preview', body, headers);
    };
    const routes: Record<(typeof MODULE_ACTIONS)[number], (m: string) => Promise<number>> = {
      view: async (m) => (await matrix.get(`/api/v1/records/${m}?limit=1`)).status,
      create: async (m) => (await matrix.post(`/api/v1/records/${m}`, {})).status,
      edit: async (m) => (await matrix.patch(`/api/v1/records/${m}/${ghost}`, {})).status,
      delete: async (m) => (await matrix.del(`/api/v1/records/${m}/${ghost}`)).status,
      export: async (m) => (await matrix.get(`/api/v1/records/${m}/export?format=csv`)).status,
      import: async (m) => (await importPreview(m)).status,
      mass_edit: async (m) => (await matrix.post(`/api/v1/records/${m}/mass-update`, { ids: [ghost], changes: { assigned_to: t.users.admin } })).status,
    };
    const wrong: string[] = [];
    for (const { name } of meta) {
      for (const action of MODULE_ACTIONS) {
        // Allowed: the action and what it needs besides (view; edit for a mass edit; create for an import).
        const needs = [...new Set(['view', action, ...(action === 'mass_edit' ? ['edit'] : []), ...(action === 'import' ? ['create'] : [])])];
        await admin.patch(`/api/v1/profiles/${profile}`, { modules: { [name]: needs } });
        const allowed = await routes[action](name);
        await admin.patch(`/api/v1/profiles/${profile}`, { modules: { [name]: MODULE_ACTIONS.filter((a) => a !== action) } });
        const denied = await routes[action](name);
        if (allowed === 403) wrong.push(`${name}.${action} allowed → 403`);
        if (denied !== 403) wrong.push(`${name}.${action} denied → ${denied}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});
