import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, USER_PASSWORD, type Client, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

const login = (username: string, password = USER_PASSWORD, headers: Record<string, string> = {}) =>
  t.server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, headers: { 'user-agent': 'vitest-agent', ...headers } });
const verify = (payload: Record<string, string>) => t.server.inject({ method: 'POST', url: '/api/v1/auth/2fa/verify', payload });

/** Codes of the step after `ms` from now — a code of the current step may already be spent by enrolment. */
const codeAt = (secret: string, ms: number) => generate({ secret, epoch: Math.floor((Date.now() + ms) / 1000) });

async function enrol(client: Client): Promise<{ secret: string; codes: string[] }> {
  const start = await client.post('/api/v1/auth/2fa/enroll', {});
  expect(start.status).toBe(200);
  expect(start.body.otpauth_url).toMatch(/^otpauth:\/\/totp\//);
  expect(start.body.qr_svg).toMatch(/^data:image\/svg\+xml;base64,/);
  const wrong = await client.post('/api/v1/auth/2fa/confirm', { code: '000000' });
  expect(wrong.status).toBe(400);
  const done = await client.post('/api/v1/auth/2fa/confirm', { code: await codeAt(start.body.secret, -30_000) });
  expect(done.status, done.body?.error?.message).toBe(200);
  expect(done.body.recovery_codes).toHaveLength(10);
  return { secret: start.body.secret, codes: done.body.recovery_codes };
}

describe('two-factor sign-in', () => {
  it('a token is held too until its user has set it up, and works again once they have', async () => {
    // A user of their own, in a role of their own: the other tests' users stay as they are.
    const role = (await admin.post('/api/v1/roles', { name: 'Helpdesk robots', permissions: { tickets: ['view'] } })).body.data;
    const username = 'helpdesk-robot';
    expect((await admin.post('/api/v1/users', { username, password: USER_PASSWORD, last_name: 'Robot', role_id: role.id })).status).toBe(201);
    const support = await t.login(username);
    const token = (await support.post('/api/v1/auth/tokens', { name: 'helpdesk robot' })).body.token;
    const withToken = (method: 'GET' | 'POST', url: string, payload?: object) => t.server.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });
    expect((await withToken('GET', '/api/v1/records/tickets')).statusCode).toBe(200);
    expect((await admin.patch(`/api/v1/roles/${role.id}`, { require_2fa: true })).status).toBe(200);
    try {
      const held = await withToken('GET', '/api/v1/records/tickets');
      expect(held.statusCode).toBe(403);
      expect(held.json().error.message).toMatch(/two-factor/);
      expect((await withToken('POST', '/api/v1/auth/tokens', { name: 'another' })).statusCode).toBe(403);
      const session = await login(username);
      const cookie = session.cookies.find((c) => c.name === 'karta_session')!.value;
      const as = (url: string, payload: object) => t.server.inject({ method: 'POST', url, payload, cookies: { karta_session: cookie }, headers: { 'x-csrf-token': session.json().csrf_token } });
      const start = await as('/api/v1/auth/2fa/enroll', {});
      expect((await as('/api/v1/auth/2fa/confirm', { code: await codeAt(start.json().secret, -30_000) })).statusCode).toBe(200);
      expect((await withToken('GET', '/api/v1/records/tickets')).statusCode).toBe(200);
    } finally {
      await admin.patch(`/api/v1/roles/${role.id}`, { require_2fa: false });
    }
  });

  it('a user moved into a role that requires it is held to enrolling in the sessions they already have, and freed when moved out', async () => {
    const roles = (await admin.get('/api/v1/roles')).body.data as any[];
    const marketing = roles.find((r) => r.name === 'Marketing');
    const own = (await admin.get(`/api/v1/users/${t.users.support}`)).body.data.role_id;
    expect((await admin.patch(`/api/v1/roles/${marketing.id}`, { require_2fa: true })).status).toBe(200);
    try {
      const support = await t.login('support');
      expect((await support.get('/api/v1/records/accounts')).status).toBe(200);
      expect((await admin.patch(`/api/v1/users/${t.users.support}`, { role_id: marketing.id })).status).toBe(200);
      expect((await support.get('/api/v1/records/accounts')).status).toBe(403);
      expect((await support.post('/api/v1/auth/2fa/enroll', {})).status).toBe(200);
      // Moved back out of it, the same session is free again.
      expect((await admin.patch(`/api/v1/users/${t.users.support}`, { role_id: own })).status).toBe(200);
      expect((await support.get('/api/v1/records/accounts')).status).toBe(200);
    } finally {
      await admin.patch(`/api/v1/users/${t.users.support}`, { role_id: own });
      await admin.patch(`/api/v1/roles/${marketing.id}`, { require_2fa: false });
    }
  });

  it('enrols with a code, then signs in only with password and code; a code is good once', async () => {
    const sales1 = await t.login('sales1');
    const { secret } = await enrol(sales1);
    expect((await sales1.get('/api/v1/auth/me')).body.two_factor).toBe(true);

    const step = await login('sales1');
    expect(step.statusCode).toBe(200);
    expect(step.json()).toEqual({ second_factor: 'totp', challenge: expect.any(String) });
    expect(step.cookies.find((c) => c.name === 'karta_session')).toBeUndefined();
    const code = await codeAt(secret, 0);
    const ok = await verify({ challenge: step.json().challenge, code });
    expect(ok.statusCode).toBe(200);
    expect(ok.cookies.find((c) => c.name === 'karta_session')).toBeTruthy();
    // The same code again, even with a new password step: refused (no replay within its 30 seconds).
    const again = await login('sales1');
    expect((await verify({ challenge: again.json().challenge, code })).statusCode).toBe(401);
    // Two sign-ins racing with one new code: one gets in.
    const [a, b] = [await login('sales1'), await login('sales1')];
    const next = await codeAt(secret, 30_000);
    const raced = await Promise.all([verify({ challenge: a.json().challenge, code: next }), verify({ challenge: b.json().challenge, code: next })]);
    expect(raced.map((r) => r.statusCode).sort()).toEqual([200, 401]);
  });

  it('does not tell a caller without the code whether the password was right', async () => {
    const wrongPassword = await login('sales1', 'not-the-password');
    expect(wrongPassword.statusCode).toBe(200);
    expect(Object.keys(wrongPassword.json())).toEqual(['second_factor', 'challenge']);
    const r = await verify({ challenge: wrongPassword.json().challenge, code: '123456' });
    const rightPassword = await login('sales1');
    const r2 = await verify({ challenge: rightPassword.json().challenge, code: '123456' });
    expect([r.statusCode, r2.statusCode]).toEqual([401, 401]);
    expect(r.json().error.message).toBe(r2.json().error.message);
  });

  it('a recovery code signs in once; a challenge allows five tries', async () => {
    const support = await t.login('support');
    const { codes } = await enrol(support);
    const first = await login('support');
    expect((await verify({ challenge: first.json().challenge, recovery_code: codes[3] })).statusCode).toBe(200);
    const second = await login('support');
    expect((await verify({ challenge: second.json().challenge, recovery_code: codes[3] })).statusCode).toBe(401);
    const tries = await login('support');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await verify({ challenge: tries.json().challenge, code: '000000' })).statusCode);
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses).toContain(429);
  });

  it('a role may require it: the user must enrol before anything else; an administrator may reset it', async () => {
    const role = ((await admin.get('/api/v1/roles')).body.data as any[]).find((r) => r.name === 'Marketing');
    expect((await admin.patch(`/api/v1/roles/${role.id}`, { require_2fa: true })).body.data.require_2fa).toBe(true);
    const res = await login('marketing');
    expect(res.json().enroll_2fa_required).toBe(true);
    const cookie = res.cookies.find((c) => c.name === 'karta_session')!.value;
    const as = (method: string, url: string, payload?: unknown) => t.server.inject({ method: method as 'GET', url, payload: payload as object, cookies: { karta_session: cookie }, headers: { 'x-csrf-token': res.json().csrf_token } });
    expect((await as('GET', '/api/v1/records/accounts')).statusCode).toBe(403);
    const start = await as('POST', '/api/v1/auth/2fa/enroll', {});
    expect((await as('POST', '/api/v1/auth/2fa/confirm', { code: await codeAt(start.json().secret, -30_000) })).statusCode).toBe(200);
    expect((await as('GET', '/api/v1/records/accounts')).statusCode).toBe(200);
    // A user whose role requires it cannot turn it off; the administrator resets it (a lost phone) and signs them out.
    expect((await as('POST', '/api/v1/auth/2fa/disable', { password: USER_PASSWORD })).statusCode).toBe(403);
    expect((await admin.post(`/api/v1/users/${t.users.marketing}/2fa/reset`, {})).status).toBe(204);
    expect((await as('GET', '/api/v1/records/accounts')).statusCode).toBe(401);
    expect((await login('marketing')).json().enroll_2fa_required).toBe(true);
    await admin.patch(`/api/v1/roles/${role.id}`, { require_2fa: false });
  });

  it('API tokens are unaffected', async () => {
    const sales1Step = await login('sales1');
    expect(sales1Step.json().second_factor).toBe('totp');
    const sales1 = await t.login('manager');
    const token = (await sales1.post('/api/v1/auth/tokens', { name: 'robot' })).body.token;
    const r = await t.server.inject({ method: 'GET', url: '/api/v1/records/accounts', headers: { authorization: `Bearer ${token}` } });
    expect(r.statusCode).toBe(200);
  });
});

describe('sessions and the sign-in audit', () => {
  it('lists where a user is signed in and signs them out everywhere else', async () => {
    const a = await t.login('manager');
    await t.login('manager');
    const list = await a.get(`/api/v1/users/${t.users.manager}/sessions`);
    expect(list.body.data.length).toBeGreaterThanOrEqual(2);
    expect(list.body.data.filter((s: any) => s.current)).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(a.csrf);
    const out = await a.del(`/api/v1/users/${t.users.manager}/sessions`);
    expect(out.body.signed_out).toBeGreaterThanOrEqual(2);
    expect((await a.get(`/api/v1/users/${t.users.manager}/sessions`)).body.data).toHaveLength(1);
    expect((await a.get(`/api/v1/users/${t.users.sales2}/sessions`)).status).toBe(403);
  });

  it('a new password must be strong, and it signs the user out of their other sessions', async () => {
    const s2 = await t.login('sales2');
    const other = await t.login('sales2');
    for (const [password, why] of [['short', 'at least 10 characters'], ['password123', 'is one of the most common passwords; choose another'], ['Qwerty2024!', 'is one of the most common passwords; choose another'], ['sales2!!!!', 'must not be the username']]) {
      const r = await s2.patch(`/api/v1/users/${t.users.sales2}?lang=en`, { password, current_password: USER_PASSWORD });
      expect(r.status, password).toBe(400);
      expect(r.body.error.fields.password, password).toBe(why);
    }
    // One's own password needs the current one.
    const without = await s2.patch(`/api/v1/users/${t.users.sales2}?lang=en`, { password: 'Ночной-поезд-до-Львова' });
    expect(without.body.error.fields).toEqual({ current_password: 'is not right' });
    // A token made with the old password (by whoever knew it) stops working too.
    const token = (await s2.post('/api/v1/auth/tokens', { name: 'made before' })).body.token;
    const me = () => t.server.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect((await me()).statusCode).toBe(200);
    expect((await s2.patch(`/api/v1/users/${t.users.sales2}`, { password: 'Ночной-поезд-до-Львова', current_password: USER_PASSWORD })).status).toBe(200);
    expect((await s2.get('/api/v1/auth/me')).status).toBe(200);
    expect((await other.get('/api/v1/auth/me')).status).toBe(401);
    expect((await me()).statusCode).toBe(401);
    expect((await s2.get('/api/v1/auth/tokens')).body.data).toEqual([]);
  });

  it('records every sign-in event with the address, filterable and as CSV', async () => {
    await login('nobody-here', 'whatever-password');
    const logins = await admin.get('/api/v1/audit/logins?limit=500');
    const events = new Set(logins.body.data.map((e: any) => e.event));
    for (const e of ['login', 'login_failed', '2fa_failed', '2fa_enrolled', '2fa_reset', 'recovery_code_used', 'token_created', 'password_changed', 'sessions_revoked']) expect(events, e).toContain(e);
    const enrolled = logins.body.data.find((e: any) => e.event === '2fa_enrolled');
    expect(enrolled.ip).toBeTruthy();
    const failed = await admin.get('/api/v1/audit/logins?event=login_failed');
    expect(failed.body.data.every((e: any) => e.event === 'login_failed')).toBe(true);
    expect(failed.body.data.some((e: any) => e.username === 'nobody-here')).toBe(true);
    const mine = await admin.get(`/api/v1/audit/logins?user_id=${t.users.sales2}`);
    expect(mine.body.data.every((e: any) => e.user_id === t.users.sales2)).toBe(true);
    const csv = await admin.request('GET', '/api/v1/audit/logins?format=csv&event=login');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.raw).toContain('vitest-agent');
    expect((await admin.get('/api/v1/audit/logins?event=nope')).status).toBe(400);
    expect((await (await t.login('sales1').catch(() => null))?.get('/api/v1/audit/logins'))?.status ?? 403).toBe(403);
  });

  it('a lockout is recorded and mailed to the user through the job queue', async () => {
    for (let i = 0; i < 6; i++) await login('manager', 'wrong-password-again');
    const locked = await admin.get('/api/v1/audit/logins?event=locked_out');
    expect(locked.body.data.map((e: any) => e.user_id)).toContain(t.users.manager);
    const jobs = await t.app.database.db.selectFrom('jobs' as any).select(['kind', 'payload'] as any).where('kind' as any, '=', 'access.lockout_mail').execute();
    expect(jobs.map((j: any) => j.payload.user_id)).toContain(t.users.manager);
  });
});
