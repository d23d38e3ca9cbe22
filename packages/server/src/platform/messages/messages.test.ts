import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { CATALOGUE } from './catalogue.js';
import { msg, nested, say } from './say.js';

const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
const HAN = /\p{sc=Han}/u;
const CYRILLIC = /\p{sc=Cyrillic}/u;

describe('the message catalogue', () => {
  it('has every message in Russian, Ukrainian and Chinese, with the placeholders of the English', () => {
    for (const [en, [ru, uk, zh]] of Object.entries(CATALOGUE) as [string, readonly string[]][]) {
      for (const [lang, text] of [['ru', ru], ['uk', uk], ['zh', zh]] as const) {
        expect(text?.trim(), `${lang}: ${en}`).toBeTruthy();
        expect(placeholders(text), `${lang}: ${en}`).toEqual(placeholders(en));
      }
      expect(CYRILLIC.test(ru) || !/[a-z]{4}/i.test(en.replace(/\{\w+\}|[A-Z_]{3,}|\S+\.\S+|\S*[-=_:/]\S*/g, '')), `ru: ${en}`).toBe(true);
      expect(HAN.test(zh), `zh: ${en}`).toBe(true);
    }
  });
  it('fills parameters, and says nested messages in the same language', () => {
    expect(say(msg('No such record in {module}', { module: 'deals' }), 'ru')).toBe('Нет такой записи в модуле deals');
    expect(say(msg('Record {id}: {problem}', { id: '7', problem: nested('You may read this record but not change it') }), 'zh')).toBe('记录 7：您可以查看但不能修改此记录');
  });
});

/** Requests that fail in as many ways as the server has; each answer must be wholly in Chinese. */
describe('every error is said in the caller language', () => {
  let t: TestApp;
  let zh: Client;
  beforeAll(async () => {
    t = await createTestApp();
    zh = await t.login('marketing'); // a Chinese-speaking user
  });
  afterAll(() => t.close());

  const cases: [string, string, string, unknown?][] = [
    ['no such record', 'GET', '/api/v1/records/accounts/01900000-0000-7000-8000-000000000000'],
    ['a module the role may not view', 'GET', '/api/v1/records/deals'],
    ['no such module', 'GET', '/api/v1/records/spaceships'],
    ['bad field values', 'POST', '/api/v1/records/accounts', { name: ' ', employees: -3, website: 'javascript:x' }],
    ['an unknown field', 'POST', '/api/v1/records/accounts', { name: 'x', spaceship: 1 }],
    ['a malformed filter', 'GET', '/api/v1/records/accounts?filter[name][eq][x]=1'],
    ['an unknown filter field', 'GET', '/api/v1/records/accounts?filter[nope]=1'],
    ['a bad sort', 'GET', '/api/v1/records/accounts?sort=nope'],
    ['a bad limit', 'GET', '/api/v1/records/accounts?limit=9999'],
    ['a bad calendar window', 'GET', '/api/v1/calendar?from=x&to=y'],
    ['a bad recurrence', 'POST', '/api/v1/records/events', { subject: 'x', start_at: '2026-01-01T10:00:00Z', recurrence: 'FREQ=MINUTELY' }],
    ['administrators only', 'PUT', '/api/v1/sharing', { accounts: 'private' }],
    ['no route', 'GET', '/api/v1/nothing/here'],
    ['not JSON', 'POST', '/api/v1/records/accounts', '{"name":'],
  ];
  for (const [what, method, url, body] of cases) {
    it(what, async () => {
      const r = await zh.request(method, url, body, typeof body === 'string' ? { 'content-type': 'application/json' } : {});
      expect(r.status, r.raw).toBeGreaterThanOrEqual(400);
      expect(r.body.error.message, r.raw).toMatch(HAN);
      for (const [field, text] of Object.entries(r.body.error.fields ?? {})) expect(text, `${field}: ${r.raw}`).toMatch(HAN);
    });
  }
  it('a stale version (409) and a login failure too', async () => {
    const a = (await zh.post('/api/v1/records/accounts', { name: '冲突' })).body.data;
    await zh.patch(`/api/v1/records/accounts/${a.id}`, { name: '一' });
    const stale = await zh.patch(`/api/v1/records/accounts/${a.id}`, { name: '二' }, { 'if-match': `"${a.version}"` });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(HAN);
    const login = await t.server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'x', password: 'y' }, headers: { 'accept-language': 'zh-CN,zh;q=0.9' } });
    expect(login.json().error.message).toBe('用户名或密码错误');
  });
});
