import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: Client, sales1: Client;

beforeAll(async () => {
  t = await createTestApp();
  [admin, sales1] = await Promise.all(['admin', 'sales1'].map((u) => t.login(u)));
});
afterAll(() => t.close());

const url = '/api/v1/meta/modules/accounts/fields/industry/options';
const industry = async (c: Client, lang = 'en') =>
  (await c.get(`/api/v1/meta/modules/accounts?lang=${lang}`)).body.data.fields.find((f: any) => f.name === 'industry').options;

describe('picklist values edited by an administrator', () => {
  it('adds a value with translations and reorders; records accept it at once; it is audited', async () => {
    const before = await industry(admin);
    const options = [
      { value: 'agro', label: { en: 'Agriculture', ru: 'Сельское хозяйство', uk: 'Сільське господарство', zh: '农业' } },
      ...before.map((o: any) => ({ value: o.value, label: o.label })),
    ];
    const put = await admin.put(url, { options });
    expect(put.status).toBe(200);
    expect(put.body.data.options[0]).toEqual({ value: 'agro', label: 'Agriculture' });
    expect((await industry(sales1, 'zh'))[0]).toEqual({ value: 'agro', label: '农业' });
    // A label is cut at 100 characters, as a field's is (every user loads them all).
    const long = await admin.put(url, { options: [{ value: 'agro', label: { en: 'A'.repeat(2000) } }, ...options.slice(1)] });
    expect(long.body.data.options[0].label).toBe('A'.repeat(100));
    expect((await admin.put(url, { options })).status).toBe(200);
    expect((await sales1.post('/api/v1/records/accounts', { name: 'Агрохолдинг', industry: 'agro' })).status).toBe(201);
    const audit = await t.app.database.db.selectFrom('audit_log' as any).selectAll().where('module' as any, '=', 'picklists').execute();
    expect(audit).toHaveLength(3); // the change, the long labels and putting them back
  });

  it('refuses to remove a value records still hold, and removes it once they moved; nothing changes on refusal', async () => {
    const current = await industry(admin);
    const withoutAgro = current.filter((o: any) => o.value !== 'agro');
    const refused = await admin.put(url, { options: withoutAgro });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('agro');
    expect((await industry(admin)).map((o: any) => o.value)).toContain('agro');
    const list = await admin.get('/api/v1/records/accounts?filter[industry]=agro');
    for (const r of list.body.data) {
      expect((await admin.patch(`/api/v1/records/accounts/${r.id}`, { industry: null }, { 'If-Match': `"${r.version}"` })).status).toBe(200);
    }
    expect((await admin.put(url, { options: withoutAgro })).status).toBe(200);
    expect((await sales1.post('/api/v1/records/accounts', { name: 'Ферма', industry: 'agro' })).status).toBe(400);
    // A saved view, report or segment may still filter on the removed value: it finds nothing instead of failing.
    const saved = await sales1.post('/api/v1/records/accounts/query', { where: { or: [{ field: 'industry', op: 'eq', value: 'agro' }, { field: 'industry', op: 'in', value: ['agro'] }] } });
    expect(saved.status).toBe(200);
    expect(saved.body.data).toEqual([]);
    // …but a value written differently from one still offered is refused, as it would silently miss.
    const variant = withoutAgro[0].value.toUpperCase();
    expect((await sales1.get(`/api/v1/records/accounts?filter[industry]=${encodeURIComponent(variant)}`)).status).toBe(400);
  });

  it('counts the records of a value another administrator added a moment ago, though this instance has not seen it yet', async () => {
    const { sql } = await import('kysely');
    const db = t.app.database.db;
    const current = await industry(admin);
    const account = (await sales1.post('/api/v1/records/accounts', { name: 'Свежая отрасль' })).body.data.id;
    // As another instance's edit leaves it before this one reloads: the stored list has the value, a record holds it.
    await sql`insert into picklist_options (module, field, options) values ('accounts', 'industry', ${JSON.stringify([...current, { value: 'fresh_value', label: { en: 'Fresh' } }])}::jsonb)
      on conflict (module, field) do update set options = excluded.options`.execute(db);
    await sql`update accounts set industry = 'fresh_value' where id = ${account}`.execute(db);
    const refused = await admin.put(url, { options: current });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('fresh_value');
    await sql`update accounts set industry = null where id = ${account}`.execute(db);
    expect((await admin.put(url, { options: current })).status).toBe(200);
  });

  it("refuses to remove the value new records take by default", async () => {
    const campaigns = '/api/v1/meta/modules/campaigns/fields/status/options';
    const field = (await admin.get('/api/v1/meta/modules/campaigns')).body.data.fields.find((f: any) => f.name === 'status');
    expect(field.default).toBeTruthy();
    const refused = await admin.put(`${campaigns}?lang=uk`, { options: field.options.filter((o: any) => o.value !== field.default) });
    expect(refused.status).toBe(409);
    expect(refused.body.error.fields.options).toBe(`«${field.default}» — типове значення для нових записів, його не можна вилучити`);
  });

  it('a purged custom picklist leaves nothing behind for a new field of its name', async () => {
    const fields = '/api/v1/meta/modules/contacts/fields';
    expect((await admin.post(fields, { name: 'cf_tier', type: 'picklist', label: 'Tier', options: ['a', 'b'] })).status).toBe(201);
    expect((await admin.put(`${fields}/cf_tier/options`, { options: ['a', 'b', 'c'] })).status).toBe(200);
    await admin.del(`${fields}/cf_tier`);
    expect((await admin.request('DELETE', `${fields}/cf_tier?purge=1`)).status).toBe(204);
    expect((await admin.post(fields, { name: 'cf_tier', type: 'picklist', label: 'x'.repeat(500), options: ['p', 'q'] })).status).toBe(201);
    const again = (await admin.get('/api/v1/meta/modules/contacts')).body.data.fields.find((f: any) => f.name === 'cf_tier');
    expect(again.options.map((o: any) => o.value)).toEqual(['p', 'q']);
    expect(again.label).toHaveLength(100);
    expect((await sales1.post('/api/v1/records/contacts', { last_name: 'Ярус', cf_tier: 'p' })).status).toBe(201);
  });

  it('rejects duplicates, empty lists and non-picklist fields; only administrators may edit', async () => {
    const dup = await admin.put(url, { options: [{ value: 'a', label: 'A' }, { value: 'a', label: 'B' }] });
    expect(dup.status).toBe(400);
    expect(dup.body.error.fields['options[1].value']).toBe('is listed twice');
    expect((await admin.put(url, { options: [] })).status).toBe(400);
    expect((await admin.put('/api/v1/meta/modules/accounts/fields/name/options', { options: ['x'] })).status).toBe(404);
    expect((await sales1.put(url, { options: ['x'] })).status).toBe(403);
  });
});
