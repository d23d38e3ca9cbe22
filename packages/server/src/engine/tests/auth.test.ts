import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, USER_PASSWORD, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(() => t.close());

const login = (username: string, password: string, ip = '10.0.0.1') =>
  t.server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress: ip, headers: { 'accept-language': 'ru' } });

describe('authentication', () => {
  it('logs in with an HttpOnly SameSite=Lax cookie and a CSRF token, never returning the hash', async () => {
    const r = await login('sales1', USER_PASSWORD);
    expect(r.statusCode).toBe(200);
    const cookie = r.headers['set-cookie'] as string;
    expect(cookie).toMatch(/karta_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(r.json().csrf_token).toBeTruthy();
    expect(r.body).not.toContain('argon2');
    expect(r.json().user).toMatchObject({ username: 'sales1', is_admin: false });
  });

  it('gives the same 401 for an unknown user and a wrong password, in the caller\'s language', async () => {
    const a = await login('nobody', 'whatever1', '10.0.0.2');
    const b = await login('sales1', 'wrong-password', '10.0.0.3');
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json()).toEqual(b.json());
    expect(a.json().error.message).toBe('Неверное имя пользователя или пароль');
  });

  it('rate-limits repeated failures with 429, even with the right password', async () => {
    for (let i = 0; i < 5; i++) expect((await login('sales2', 'bad-password', '10.0.1.1')).statusCode).toBe(401);
    const r = await login('sales2', USER_PASSWORD, '10.0.1.2');
    expect(r.statusCode).toBe(429);
    expect(r.json().error.code).toBe('RATE_LIMITED');
  });

  it('two people behind one address: one user’s failures never lock out the other', async () => {
    const office = '10.9.9.9';
    const admin = await t.login('admin');
    expect((await admin.post('/api/v1/users', { username: 'office1', password: 'office1-password', first_name: 'Офис' })).status).toBe(201);
    for (let i = 0; i < 5; i++) expect((await login('office1', 'typo-password', office)).statusCode).toBe(401);
    expect((await login('office1', 'office1-password', office)).statusCode).toBe(429);
    const colleague = await login('support', USER_PASSWORD, office);
    expect(colleague.statusCode).toBe(200);
  });

  it('an address is throttled only at a volume of failures no office makes', async () => {
    const bot = '10.66.6.6';
    const limit = t.app.config.loginMaxPerAddress;
    for (let i = 0; i < limit; i++) expect((await login(`guess${i % 40}`, 'x-password', bot)).statusCode).toBe(401);
    const throttled = await login('manager', USER_PASSWORD, bot);
    expect(throttled.statusCode).toBe(429);
    expect(throttled.headers['retry-after']).toBe('60');
    expect((await login('manager', USER_PASSWORD, '10.66.6.7')).statusCode).toBe(200);
  });

  it('requires a session or token; unknown tokens are 401', async () => {
    expect((await t.server.inject({ method: 'GET', url: '/api/v1/records/accounts' })).statusCode).toBe(401);
    expect((await t.server.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { karta_session: 'forged' } })).statusCode).toBe(401);
    expect((await t.server.inject({ method: 'GET', url: '/api/v1/records/accounts', headers: { authorization: 'Bearer nope' } })).statusCode).toBe(401);
  });

  it('rejects cookie-authenticated writes without the CSRF token', async () => {
    const c = await t.login('manager');
    const cookie = (await login('manager', USER_PASSWORD, '10.0.2.1')).cookies[0].value;
    const r = await t.server.inject({ method: 'POST', url: '/api/v1/records/accounts', cookies: { karta_session: cookie }, payload: { name: 'x' } });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('CSRF');
    expect((await c.post('/api/v1/records/accounts', { name: 'with csrf' })).status).toBe(201);
  });

  it('logout ends the session; /auth/me shows the user while logged in', async () => {
    const c = await t.login('marketing');
    const me = await c.get('/api/v1/auth/me');
    expect(me.body.user.username).toBe('marketing');
    expect(me.body.csrf_token).toBe(c.csrf);
    expect((await c.post('/api/v1/auth/logout')).status).toBe(204);
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('expires idle sessions', async () => {
    const c = await t.login('support');
    await t.app.database.db.updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 3 * 3600_000) }).execute();
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('an administrator creates a user who can log in; passwords are argon2id hashes', async () => {
    const admin = await t.login('admin');
    const r = await admin.post('/api/v1/users', { username: 'Newbie', password: 'long-enough-pw', first_name: 'Ян', language: 'uk' });
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({ username: 'newbie', language: 'uk', is_admin: false });
    expect(r.body.data.password).toBeUndefined();
    const row = await t.app.database.db.selectFrom('users').select('password_hash').where('username', '=', 'newbie').executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect((await login('newbie', 'long-enough-pw', '10.0.3.1')).statusCode).toBe(200);
    expect((await admin.post('/api/v1/users', { username: 'newbie', password: 'long-enough-pw' })).status).toBe(409);
    expect((await admin.post('/api/v1/users', { username: 'x y', password: 'short' })).body.error.fields).toHaveProperty('password');
    const self = await t.login('newbie', 'long-enough-pw');
    expect((await self.patch(`/api/v1/users/${self.userId}`, { language: 'zh' })).status).toBe(200);
    expect((await self.patch(`/api/v1/users/${self.userId}`, { is_admin: true })).status).toBe(403);
  });
});
