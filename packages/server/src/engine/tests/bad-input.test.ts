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
});
