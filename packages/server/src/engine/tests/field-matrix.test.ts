import { OPERATORS_BY_TYPE, type FieldType } from '@karta/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standardModules } from '../../modules/index.js';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { widgetsModule } from '../../testing/widgets-module.js';

let t: TestApp;
let admin: Client;
const ids: Record<string, string> = {};
let accountId = '';
let contactId = '';

/** Per field: a valid input, its stored form, an invalid input, and a filter case (op, value, names expected). */
interface Case { field: string; type: FieldType; a: unknown; b: unknown; stored?: [unknown, unknown]; bad: unknown; filters: [string, unknown, string[]][] }

const cases = (): Case[] => [
  { field: 'name', type: 'text', a: 'Альфа', b: 'beta', bad: 42, filters: [['eq', 'альфа', ['Альфа']], ['ne', 'beta', ['Альфа', 'Empty']], ['contains', 'ЛЬ', ['Альфа']], ['starts_with', 'be', ['beta']], ['ends_with', 'фа', ['Альфа']], ['in', 'beta,gamma', ['beta']], ['nin', 'beta', ['Альфа', 'Empty']], ['empty', '', []], ['not_empty', '', ['Альфа', 'beta', 'Empty']], ['lt', 'c', ['beta']], ['gte', 'c', ['Альфа', 'Empty']]] },
  { field: 'notes', type: 'textarea', a: 'многострочный\nтекст', b: 'short', bad: ['x'], filters: [['contains', 'строч', ['Альфа']], ['empty', '', ['Empty']], ['not_empty', '', ['Альфа', 'beta']]] },
  { field: 'qty', type: 'integer', a: 5, b: '12', stored: [5, 12], bad: 1.5, filters: [['eq', '5', ['Альфа']], ['gt', '5', ['beta']], ['lte', '12', ['Альфа', 'beta']], ['between', '6,20', ['beta']], ['in', '5,12', ['Альфа', 'beta']], ['nin', '5', ['beta', 'Empty']], ['empty', '', ['Empty']]] },
  { field: 'ratio', type: 'decimal', a: '1.25', b: 3, stored: ['1.2500', '3.0000'], bad: 'abc', filters: [['lt', '2', ['Альфа']], ['gte', '1.25', ['Альфа', 'beta']], ['ne', '3', ['Альфа', 'Empty']]] },
  { field: 'price', type: 'money', a: '49987.00', b: '1 000,5', stored: ['49987.00', '1000.50'], bad: '12,34,56', filters: [['eq', '49987', ['Альфа']], ['lt', '5000', ['beta']], ['between', '1000,50000', ['Альфа', 'beta']]] },
  { field: 'share', type: 'percent', a: 12.5, b: '100', stored: ['12.500', '100.000'], bad: {}, filters: [['gt', '50', ['beta']]] },
  { field: 'is_ok', type: 'boolean', a: true, b: false, bad: 'yes', filters: [['eq', 'true', ['Альфа']], ['eq', 'false', ['beta']], ['ne', 'true', ['beta', 'Empty']], ['empty', '', ['Empty']], ['not_empty', '', ['Альфа', 'beta']]] },
  { field: 'due_date', type: 'date', a: '2026-03-31', b: '2026-12-01', bad: '2026-02-30', filters: [['lt', '2026-06-01', ['Альфа']], ['between', '2026-01-01,2026-12-31', ['Альфа', 'beta']], ['gte', '2026-12-01', ['beta']]] },
  { field: 'seen_at', type: 'datetime', a: '2026-03-31T10:02:46Z', b: '2026-03-31T12:00:00+03:00', stored: ['2026-03-31T10:02:46.000Z', '2026-03-31T09:00:00.000Z'], bad: '31.03.2026', filters: [['gt', '2026-03-31T09:30:00Z', ['Альфа']], ['lte', '2026-03-31T09:00:00Z', ['beta']]] },
  { field: 'email', type: 'email', a: 'Info@Example.com', b: 'b@example.org', bad: 'nope@', filters: [['eq', 'info@example.com', ['Альфа']], ['ends_with', '.org', ['beta']]] },
  { field: 'phone', type: 'phone', a: '+7 (812) 338-75-92', b: '8 800 555 35 35', bad: 'call me', filters: [['contains', '338', ['Альфа']], ['starts_with', '8 800', ['beta']]] },
  { field: 'site', type: 'url', a: 'https://example.com', b: 'http://пример.рф', bad: 'javascript:alert(1)', filters: [['contains', 'пример', ['beta']]] },
  { field: 'color', type: 'picklist', a: 'red', b: 'blue', bad: 'purple', filters: [['eq', 'red', ['Альфа']], ['in', 'red,blue', ['Альфа', 'beta']], ['nin', 'red', ['beta', 'Empty']], ['empty', '', ['Empty']]] },
  { field: 'colors', type: 'multipicklist', a: ['red', 'green'], b: ['blue'], bad: ['red', 'purple'], filters: [['eq', 'green', ['Альфа']], ['contains', 'blue', ['beta']], ['in', 'green,blue', ['Альфа', 'beta']], ['empty', '', ['Empty']], ['not_empty', '', ['Альфа', 'beta']]] },
  { field: 'account_id', type: 'reference', a: () => accountId, b: null, bad: 'not-a-uuid', filters: [['eq', () => accountId, ['Альфа']], ['empty', '', ['beta', 'Empty']]] },
  { field: 'related_to', type: 'reference', a: () => accountId, b: () => contactId, bad: '01900000-0000-7000-8000-000000000000', filters: [['eq', () => contactId, ['beta']], ['not_empty', '', ['Альфа', 'beta']]] },
  { field: 'keeper', type: 'owner', a: () => t.users.sales1, b: () => t.groups['Отдел продаж'], bad: '01900000-0000-7000-8000-000000000000', filters: [['eq', () => t.users.sales1, ['Альфа']], ['in', () => `${t.users.sales1},${t.groups['Отдел продаж']}`, ['Альфа', 'beta']]] },
  { field: 'data', type: 'json', a: [{ x: 1 }], b: { y: 'два' }, bad: 'text', filters: [['empty', '', ['Empty']], ['not_empty', '', ['Альфа', 'beta']]] },
];

const val = (v: unknown) => (typeof v === 'function' ? (v as () => unknown)() : v);

beforeAll(async () => {
  t = await createTestApp({ modules: [...standardModules, widgetsModule] });
  admin = await t.login('admin');
  accountId = (await admin.post('/api/v1/records/accounts', { name: 'Matrix account' })).body.data.id;
  contactId = (await admin.post('/api/v1/records/contacts', { last_name: 'Matrix' })).body.data.id;
  for (const which of ['a', 'b'] as const) {
    const body = Object.fromEntries(cases().map((c) => [c.field, val(c[which])]));
    const r = await admin.post('/api/v1/records/widgets', body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ids[which] = r.body.data.id;
  }
  ids.empty = (await admin.post('/api/v1/records/widgets', { name: 'Empty' })).body.data.id;
});
afterAll(() => t.close());

async function names(query: string): Promise<string[]> {
  const r = await admin.get(`/api/v1/records/widgets?${query}&limit=500`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.data.map((x: any) => x.name).sort();
}

describe.each(cases())('field type $type ($field)', (c) => {
  it('stores and returns the normalized value', async () => {
    const a = (await admin.get(`/api/v1/records/widgets/${ids.a}`)).body.data;
    const b = (await admin.get(`/api/v1/records/widgets/${ids.b}`)).body.data;
    const [sa, sb] = c.stored ?? [val(c.a), val(c.b)];
    if (c.type === 'email') expect(a[c.field]).toBe('Info@Example.com');
    else expect(a[c.field]).toEqual(sa);
    expect(b[c.field]).toEqual(sb ?? (c.type === 'multipicklist' ? [] : null));
  });

  it('rejects an invalid value with a message on the field and saves nothing', async () => {
    const canary = c.field === 'notes' ? 'site' : 'notes';
    const canaryValue = canary === 'site' ? 'https://must-not-be-saved.example' : 'must not be saved';
    const r = await admin.patch(`/api/v1/records/widgets/${ids.a}`, { [c.field]: val(c.bad), [canary]: canaryValue });
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.error.fields)).toEqual([c.field]);
    expect((await admin.get(`/api/v1/records/widgets/${ids.a}`)).body.data[canary]).not.toBe(canaryValue);
  });

  it.each(c.filters.map(([op, v, expected]) => ({ op, v, expected })))('filters with $op', async ({ op, v, expected }) => {
    const value = encodeURIComponent(String(val(v)));
    expect(await names(`filter[${c.field}][${op}]=${value}`)).toEqual([...expected].sort());
  });

  it('declares only operators the compiler accepts', async () => {
    for (const op of OPERATORS_BY_TYPE[c.type]) {
      const needsValue = !['empty', 'not_empty'].includes(op);
      const r = await admin.post('/api/v1/records/widgets/query', { where: { field: c.field, op, ...(needsValue ? { value: op === 'between' ? [val(c.a), val(c.a)] : val(c.a) } : {}) } });
      if (c.type === 'json' || (Array.isArray(val(c.a)) && op !== 'in')) continue;
      expect([200, 400]).toContain(r.status);
      expect(r.status === 500).toBe(false);
    }
  });

  it('sorts when sortable, both directions, without errors', async () => {
    const meta = (await admin.get('/api/v1/meta/modules/widgets')).body.data.fields.find((f: any) => f.name === c.field);
    const r = await admin.get(`/api/v1/records/widgets?sort=${c.field}`);
    if (!meta.sortable) return expect(r.status).toBe(400);
    expect(r.status).toBe(200);
    const down = await admin.get(`/api/v1/records/widgets?sort=-${c.field}`);
    expect(down.body.data.map((x: any) => x.id)).toHaveLength(3);
  });
});

describe('export of every type', () => {
  it('writes a CSV with keys as headers and readable cells', async () => {
    const r = await admin.request('GET', '/api/v1/records/widgets/export?format=csv&sort=name');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('text/csv');
    const lines = r.raw.replace(/^\ufeff/, '').split('\n');
    expect(lines[0]).toContain('name,notes,qty,ratio,price');
    expect(r.raw).toContain('Альфа');
    expect(r.raw).toContain('Red'); // picklist label, not value
    expect(r.raw).toContain('Matrix account'); // reference label
    expect(r.raw).toContain('red; green');
  });
  it('writes an XLSX workbook', async () => {
    const res = await t.server.inject({ method: 'GET', url: '/api/v1/records/widgets/export?format=xlsx', cookies: { karta_session: '' } });
    expect(res.statusCode).toBe(401);
    const r = await admin.request('GET', '/api/v1/records/widgets/export?format=xlsx');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
  });
});
