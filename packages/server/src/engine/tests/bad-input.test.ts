import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: Client;
beforeAll(async () => { t = await createTestApp(); admin = await t.login('admin'); });
afterAll(() => t.close());

describe('bad input gets a clear error and writes nothing', () => {
  it('invalid JSON → 400 VALIDATION_FAILED', async () => {
    const r = await admin.request('POST', '/api/v1/records/accounts', '{"name": "x",', { 'content-type': 'application/json' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
  });
  it('a 10 MB body → 413 PAYLOAD_TOO_LARGE', async () => {
    const r = await admin.post('/api/v1/records/accounts', { name: 'x', description: 'a'.repeat(10 * 1024 * 1024) });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });
  it('a non-object body, a huge number, a stale If-Match and a bad If-Match', async () => {
    expect((await admin.post('/api/v1/records/accounts', [1, 2])).status).toBe(400);
    expect((await admin.post('/api/v1/records/accounts', { name: 'n', employees: 1e300 })).status).toBe(400);
    const a = (await admin.post('/api/v1/records/accounts', { name: 'v' })).body.data.id;
    expect((await admin.patch(`/api/v1/records/accounts/${a}`, { name: 'w' }, { 'if-match': 'yesterday' })).status).toBe(400);
    expect((await admin.patch(`/api/v1/records/accounts/${a}`, { name: 'w' }, { 'if-match': '"9"' })).status).toBe(409);
    expect((await admin.get(`/api/v1/records/accounts/${a}`)).body.data.name).toBe('v');
    expect((await admin.patch(`/api/v1/records/accounts/${a}`, { version: 5 })).status).toBe(400);
  });
  it('unknown routes and internal errors use the envelope without leaking internals', async () => {
    const r = await admin.get('/api/v1/no/such/route');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NOT_FOUND');
  });
  it('health and OpenAPI are public', async () => {
    const h = await t.server.inject({ method: 'GET', url: '/api/v1/health' });
    expect(h.json()).toMatchObject({ status: 'ok' });
    const o = await t.server.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(o.json().openapi).toBe('3.1.0');
    expect(Object.keys(o.json().paths)).toContain('/api/v1/records/deals/{id}');
    const docs = await t.server.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });
  it('a required name of spaces only is empty; text is trimmed', async () => {
    const r = await admin.post('/api/v1/records/accounts', { name: '   \t ' });
    expect(r.status).toBe(400);
    expect(r.body.error.fields.name).toBeTruthy();
    const ok = await admin.post('/api/v1/records/accounts', { name: '  Трим  ' });
    expect(ok.body.data.name).toBe('Трим');
    const note = await admin.post('/api/v1/records/comments', { body: '  \n ', related_to: ok.body.data.id });
    expect(note.body.error.fields.body).toBeTruthy();
  });
  it('numbers keep to their ranges: no negative amount, a probability from 0 to 100', async () => {
    const bad = await admin.request('POST', '/api/v1/records/deals?lang=ru', { name: 'Сделка', close_date: '2026-12-31', amount: '-5', probability: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual({ amount: 'должно быть не меньше 0', probability: 'должно быть не меньше 0' });
    expect((await admin.post('/api/v1/records/deals', { name: 'D', close_date: '2026-12-31', probability: 101 })).body.error.fields.probability).toBe('must be at most 100');
    const comma = await admin.post('/api/v1/records/deals', { name: 'Decimal comma', close_date: '2026-12-31', amount: '12,5', probability: '40' });
    expect(comma.status).toBe(201);
    expect(comma.body.data.amount).toBe('12.50');
  });
  it('a body that is not valid UTF-8 is refused and nothing is written', async () => {
    const before = (await admin.get('/api/v1/records/accounts?count=1&limit=1')).body.total;
    const body = Buffer.concat([Buffer.from('{"name":"broken '), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
    const r = await admin.request('POST', '/api/v1/records/accounts', body, { 'content-type': 'application/json' });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/UTF-8/);
    expect((await admin.get('/api/v1/records/accounts?count=1&limit=1')).body.total).toBe(before);
  });
  it('a malformed filter is a 400 naming the parameter, never a list of everything', async () => {
    for (const q of ['filter[name][eq][x]=nomatch', 'filter=1', 'filter[]=x', 'filter[name]x=1', 'filters[name]=x']) {
      const r = await admin.get(`/api/v1/records/accounts?${q}`);
      expect(r.status, q).toBe(400);
      expect(Object.keys(r.body.error.fields)[0]).toBe(decodeURIComponent(q.split('=')[0]));
      expect((await admin.get(`/api/v1/records/accounts/export?format=csv&${q}`)).status).toBe(400);
    }
  });
  it('a website without a scheme is stored with https; other schemes are refused', async () => {
    const r = await admin.post('/api/v1/records/accounts', { name: 'Совтех', website: 'sovtech.ru' });
    expect(r.body.data.website).toBe('https://sovtech.ru');
    expect((await admin.post('/api/v1/records/accounts', { name: 'Port', website: 'crm.office:3000/x' })).body.data.website).toBe('https://crm.office:3000/x');
    expect((await admin.post('/api/v1/records/accounts', { name: 'JS', website: 'javascript:alert(1)' })).status).toBe(400);
    expect((await admin.post('/api/v1/records/accounts', { name: 'Words', website: 'not a site' })).status).toBe(400);
  });
});
