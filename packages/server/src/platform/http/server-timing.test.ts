import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let timed: TestApp, plain: TestApp;

beforeAll(async () => {
  process.env.KARTA_SERVER_TIMING = '1';
  try { timed = await createTestApp(); } finally { delete process.env.KARTA_SERVER_TIMING; }
  plain = await createTestApp();
});
afterAll(async () => { await timed.close(); await plain.close(); });

describe('Server-Timing (for the bench)', () => {
  it('breaks a request into authentication, handler, SQL and serialisation when switched on, and is absent otherwise', async () => {
    const r = await (await timed.login('sales1')).request('GET', '/api/v1/records/contacts?limit=5');
    const header = String(r.headers['server-timing']);
    const dur = (name: string) => Number(new RegExp(`${name};dur=([\\d.]+)`).exec(header)?.[1]);
    for (const phase of ['auth', 'handler', 'sql', 'serialize', 'total']) expect(dur(phase), phase).toBeGreaterThanOrEqual(0);
    expect(Number(/sql;dur=[\d.]+;desc="(\d+)"/.exec(header)?.[1])).toBeGreaterThanOrEqual(2);
    expect(dur('total')).toBeGreaterThanOrEqual(dur('auth'));
    const p = await (await plain.login('sales1')).request('GET', '/api/v1/records/contacts?limit=5');
    expect(p.headers['server-timing']).toBeUndefined();
  });
});
