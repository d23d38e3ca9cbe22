import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

describe('record pipeline', () => {
  it('creates a record with a number, defaults, owner and audit', async () => {
    const r = await admin.post('/api/v1/records/accounts', { name: 'ООО Ромашка', phone: '+7 (812) 555-66-22', email: 'info@romashka.ru' });
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({ name: 'ООО Ромашка', assigned_to: admin.userId, created_by: admin.userId, version: 1 });
    expect(r.body.data.number).toMatch(/^ACC\d+$/);
    const h = await admin.get(`/api/v1/records/accounts/${r.body.data.id}/history`);
    expect(h.body.data[0]).toMatchObject({ action: 'create', user: { id: admin.userId } });
    expect(h.body.data[0].changes.name).toEqual([null, 'ООО Ромашка']);
  });

  it('numbers are unique under concurrent creates', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => admin.post('/api/v1/records/leads', { last_name: `Lead ${i}`, company: 'C' })));
    expect(results.every((r) => r.status === 201)).toBe(true);
    const numbers = new Set(results.map((r) => r.body.data.number));
    expect(numbers.size).toBe(20);
  });

  it('rejects unknown, read-only and badly typed fields per field, writing nothing', async () => {
    const before = await admin.get('/api/v1/records/accounts?count=1');
    const r = await admin.post('/api/v1/records/accounts', { name: 'X', nope: 1, number: 'ACC999', email: 'not-mail', employees: 'many', industry: 'no_such_industry', created_at: '2020-01-01T00:00:00Z' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(r.body.error.fields).sort()).toEqual(['created_at', 'email', 'employees', 'industry', 'nope', 'number']);
    const after = await admin.get('/api/v1/records/accounts?count=1');
    expect(after.body.total).toBe(before.body.total);
  });

  it('requires required fields and answers in the caller\'s language', async () => {
    const r = await admin.request('POST', '/api/v1/records/contacts', { first_name: 'Пётр' }, { 'accept-language': 'ru' });
    expect(r.status).toBe(400);
    expect(r.body.error.fields.last_name).toBeTruthy();
    const ru = await admin.post('/api/v1/records/contacts?lang=ru', { first_name: 'Пётр' });
    expect(ru.body.error.fields.last_name).toBe('обязательное поле');
  });

  it('checks references exist', async () => {
    const r = await admin.post('/api/v1/records/contacts', { last_name: 'Orphan', account_id: '01900000-0000-7000-8000-000000000000' });
    expect(r.status).toBe(400);
    expect(r.body.error.fields.account_id).toBeTruthy();
  });

  it('updates partially with optimistic concurrency', async () => {
    const c = await admin.post('/api/v1/records/contacts', { first_name: 'Anna', last_name: 'Ivanova' });
    const id = c.body.data.id;
    const u1 = await admin.patch(`/api/v1/records/contacts/${id}`, { title: 'CFO' }, { 'if-match': '"1"' });
    expect(u1.status).toBe(200);
    expect(u1.body.data).toMatchObject({ first_name: 'Anna', title: 'CFO', version: 2 });
    const stale = await admin.patch(`/api/v1/records/contacts/${id}`, { title: 'CEO' }, { 'if-match': '"1"' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('CONFLICT');
    const now = await admin.get(`/api/v1/records/contacts/${id}`);
    expect(now.body.data.title).toBe('CFO');
    const h = await admin.get(`/api/v1/records/contacts/${id}/history`);
    expect(h.body.data[0].changes).toEqual({ title: [null, 'CFO'] });
  });

  it('deletes to the recycle bin and restores', async () => {
    const c = await admin.post('/api/v1/records/accounts', { name: 'Temp' });
    const id = c.body.data.id;
    expect((await admin.del(`/api/v1/records/accounts/${id}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/records/accounts/${id}`)).status).toBe(404);
    const bin = await admin.get('/api/v1/recycle-bin?module=accounts');
    expect(bin.body.data.map((x: any) => x.id)).toContain(id);
    // Paged, newest deletion first: every deleted record is reached, each once.
    const more = await Promise.all([1, 2, 3].map(async (n) => (await admin.post('/api/v1/records/accounts', { name: `Temp ${n}` })).body.data.id as string));
    for (const x of more) expect((await admin.del(`/api/v1/records/accounts/${x}`)).status).toBe(204);
    const seen: string[] = [];
    let cursor = '';
    do {
      const page = (await admin.get(`/api/v1/recycle-bin?module=accounts&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).body;
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((x: any) => x.id));
      cursor = page.next_cursor ?? '';
    } while (cursor);
    expect(seen.slice(0, 3)).toEqual([...more].reverse());
    expect(seen).toContain(id);
    expect(new Set(seen).size).toBe(seen.length);
    const restored = await admin.post(`/api/v1/records/accounts/${id}/restore`);
    expect(restored.status).toBe(200);
    expect((await admin.get(`/api/v1/records/accounts/${id}`)).status).toBe(200);
    const actions = (await admin.get(`/api/v1/records/accounts/${id}/history`)).body.data.map((h: any) => h.action);
    expect(actions).toEqual(['restore', 'delete', 'create']);
  });

  it('404s for unknown modules and ids, never 500', async () => {
    expect((await admin.get('/api/v1/records/nope')).status).toBe(404);
    expect((await admin.get('/api/v1/records/accounts/not-an-id')).status).toBe(404);
    expect((await admin.get('/api/v1/records/accounts/01900000-0000-7000-8000-000000000000')).body.error.code).toBe('NOT_FOUND');
  });
});
