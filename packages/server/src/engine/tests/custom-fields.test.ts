import { CUSTOM_FIELD_TYPES } from '@karta/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: Client;
let sales: Client;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  sales = await t.login('sales1');
});
afterAll(() => t.close());

const sample: Record<string, [unknown, string]> = {
  text: ['Значение', 'Значение'], textarea: ['long', 'long'], integer: [7, '7'], decimal: ['2.5', '2.5'], money: ['10.10', '10.10'],
  percent: ['5', '5'], boolean: [true, 'true'], date: ['2026-05-01', '2026-05-01'], datetime: ['2026-05-01T10:00:00Z', '2026-05-01T10:00:00Z'],
  email: ['x@y.zz', 'x@y.zz'], phone: ['+380 44 123 45 67', '+380 44 123 45 67'], url: ['https://k.ua', 'https://k.ua'],
  picklist: ['gold', 'gold'], multipicklist: [['gold'], 'gold'],
};

describe('custom fields', () => {
  it('an administrator adds a field of every type; it is a real column usable at once', async () => {
    for (const type of CUSTOM_FIELD_TYPES) {
      const body: Record<string, unknown> = { name: `cf_${type}`, type, label: { en: `CF ${type}`, ru: `Поле ${type}` } };
      if (type === 'picklist' || type === 'multipicklist') body.options = [{ value: 'gold', label: { en: 'Gold', ru: 'Золото' } }, 'silver'];
      if (type === 'reference') body.reference = 'accounts';
      const r = await admin.post('/api/v1/meta/modules/contacts/fields', body);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body.data).toMatchObject({ name: `cf_${type}`, type, custom: true });
    }
    const meta = await sales.get('/api/v1/meta/modules/contacts?lang=ru');
    const field = meta.body.data.fields.find((f: any) => f.name === 'cf_picklist');
    expect(field.label).toBe('Поле picklist');
    expect(field.options[0]).toEqual({ value: 'gold', label: 'Золото' });
    expect(meta.body.data.blocks.at(-1).fields).toContain('cf_text');
  });

  it('a user fills, filters, sorts, searches and exports them', async () => {
    const account = (await sales.post('/api/v1/records/accounts', { name: 'Custom Co' })).body.data.id;
    const values = Object.fromEntries(Object.entries(sample).map(([type, [v]]) => [`cf_${type}`, v]));
    const r = await sales.post('/api/v1/records/contacts', { last_name: 'Кастомов', ...values, cf_reference: account });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await sales.post('/api/v1/records/contacts', { last_name: 'Другой', cf_text: 'иное' });
    for (const [type, [, filterValue]] of Object.entries(sample)) {
      const l = await sales.get(`/api/v1/records/contacts?filter[cf_${type}]=${encodeURIComponent(filterValue)}`);
      expect(l.status, `${type} ${JSON.stringify(l.body)}`).toBe(200);
      expect(l.body.data.map((x: any) => x.last_name), type).toEqual(['Кастомов']);
    }
    const sorted = await sales.get('/api/v1/records/contacts?sort=-cf_text&filter[cf_text][not_empty]=');
    expect(sorted.body.data.map((x: any) => x.cf_text)).toEqual(['иное', 'Значение']); // з < и, case ignored
    const q = await sales.get(`/api/v1/records/contacts?q=${encodeURIComponent('значение')}`);
    expect(q.body.data.map((x: any) => x.last_name)).toEqual(['Кастомов']);
    const csv = await sales.request('GET', '/api/v1/records/contacts/export?format=csv&filter[cf_text]=Значение');
    expect(csv.status).toBe(200);
    expect(csv.raw).toContain('cf_text');
    expect(csv.raw).toContain('Значение');
    expect(csv.raw).toContain('Custom Co');
  });

  it('appears in the OpenAPI description', async () => {
    const r = await admin.get('/api/v1/openapi.json');
    expect(r.body.components.schemas.contacts.properties.cf_text).toBeTruthy();
    expect(r.body.components.schemas.contacts_input.properties.cf_picklist.enum).toEqual(['gold', 'silver', null]);
  });

  it('rejects bad definitions, clashes and non-administrators', async () => {
    const bad = await admin.post('/api/v1/meta/modules/contacts/fields', { name: 'Bad Name', type: 'spaceship', label: '' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['label', 'name', 'type']);
    expect((await admin.post('/api/v1/meta/modules/contacts/fields', { name: 'email', type: 'text', label: 'x' })).status).toBe(400);
    expect((await admin.post('/api/v1/meta/modules/contacts/fields', { name: 'cf_text', type: 'text', label: 'x' })).status).toBe(400);
    expect((await admin.post('/api/v1/meta/modules/contacts/fields', { name: 'cf_x', type: 'picklist', label: 'x', options: [] })).status).toBe(400);
    // As many values, and values as plain, as the list's editor accepts later.
    const many = await admin.post('/api/v1/meta/modules/contacts/fields', { name: 'cf_x', type: 'picklist', label: 'x', options: Array.from({ length: 501 }, (_, i) => `v${i}`) });
    expect([many.status, many.body.error.fields]).toEqual([400, { options: expect.any(String) }]);
    const odd = await admin.post('/api/v1/meta/modules/contacts/fields', { name: 'cf_x', type: 'multipicklist', label: 'x', options: ['ok', 'bad\u0007value'] });
    expect([odd.status, Object.keys(odd.body.error.fields)]).toEqual([400, ['options[1].value']]);
    expect((await admin.post('/api/v1/meta/modules/nope/fields', { name: 'cf_x', type: 'text', label: 'x' })).status).toBe(404);
    expect((await sales.post('/api/v1/meta/modules/contacts/fields', { name: 'cf_y', type: 'text', label: 'y' })).status).toBe(403);
  });

  it('refuses a name the table already holds: its own indexes\' names, another field\'s `_module` column, a deleted field\'s data', async () => {
    const add = (module: string, body: Record<string, unknown>) => admin.post(`/api/v1/meta/modules/${module}/fields`, { label: 'x', ...body });
    // A reference's index is named apart from the table's own (accounts_title, accounts_search, accounts_updated).
    for (const name of ['title', 'search', 'updated', 'owner_updated']) expect((await add('accounts', { name, type: 'reference', reference: ['contacts'] })).status, name).toBe(201);
    // A text field `foo_module` leaves no room for the second column of a reference to two modules named `foo`.
    expect((await add('tasks', { name: 'foo_module', type: 'text' })).status).toBe(201);
    const clash = await add('tasks', { name: 'foo', type: 'reference', reference: ['accounts', 'contacts'] });
    expect(clash.status).toBe(409);
    expect(clash.body.error.fields).toHaveProperty('name');
    // Deleted (its data kept), a two-module reference still holds its `_module` column.
    expect((await add('tasks', { name: 'bar', type: 'reference', reference: ['accounts', 'contacts'] })).status).toBe(201);
    expect((await admin.del('/api/v1/meta/modules/tasks/fields/bar')).status).toBe(204);
    expect((await add('tasks', { name: 'bar_module', type: 'text' })).status).toBe(409);
  });

  it('a required custom field is enforced on create', async () => {
    expect((await admin.post('/api/v1/meta/modules/leads/fields', { name: 'cf_budget', type: 'money', label: 'Budget', required: true })).status).toBe(201);
    const r = await sales.post('/api/v1/records/leads', { last_name: 'L', company: 'C' });
    expect(r.status).toBe(400);
    expect(r.body.error.fields).toHaveProperty('cf_budget');
  });
});
