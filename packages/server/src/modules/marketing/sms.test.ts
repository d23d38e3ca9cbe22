import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { phoneRegion, toE164 } from '../../platform/phone.js';

let t: TestApp;
let admin: Client, sales2: Client;
let gateway: http.Server;
const got: { auth?: string; body: any }[] = [];

beforeAll(async () => {
  gateway = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ auth: req.headers.authorization, body: JSON.parse(body) });
      const fail = JSON.parse(body).to === '+79990000000';
      res.writeHead(fail ? 422 : 200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `g-${got.length}` }));
    });
  });
  await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', () => r()));
  Object.assign(process.env, { KARTA_SMS_URL: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/send`, KARTA_SMS_TOKEN: 'gw-token', KARTA_WEBHOOK_ALLOW_HOSTS: '127.0.0.1' });
  t = await createTestApp();
  [admin, sales2] = await Promise.all([t.login('admin'), t.login('sales2')]);
});
afterAll(async () => {
  for (const k of ['KARTA_SMS_URL', 'KARTA_SMS_TOKEN', 'KARTA_WEBHOOK_ALLOW_HOSTS']) delete process.env[k];
  await t.close();
  await new Promise((r) => gateway.close(r));
});

describe('SMS through an HTTP gateway', () => {
  it('posts the number in E.164 with the token, keeps the gateway id, and takes its delivery report', async () => {
    const c = (await admin.post('/api/v1/records/contacts', { last_name: 'Gateway', mobile: '+380 50 123 4567' })).body.data;
    const r = await admin.post('/api/v1/sms', { to: '+380 50 123 4567', text: 'Привіт', related_to: c.id });
    expect(r.status, r.raw).toBe(201);
    expect(r.body.data).toMatchObject({ to: '+380501234567', state: 'sent', provider: 'http' });
    expect(got.at(-1)).toEqual({ auth: 'Bearer gw-token', body: { to: '+380501234567', text: 'Привіт' } });
    const id = `g-${got.length}`;
    const forged = await t.server.inject({ method: 'POST', url: '/sms/status', payload: { id, status: 'delivered' }, headers: { authorization: 'Bearer wrong' } });
    expect(forged.statusCode).toBe(403);
    const report = await t.server.inject({ method: 'POST', url: '/sms/status', payload: { id, status: 'delivered' }, headers: { authorization: 'Bearer gw-token' } });
    expect(report.statusCode, report.body).toBe(200);
    const list = await admin.get(`/api/v1/sms?related_to=${c.id}`);
    expect(list.body.data[0]).toMatchObject({ to: '+380501234567', state: 'delivered', text: 'Привіт' });
    // The record's SMS are read with the record.
    expect((await sales2.get(`/api/v1/sms?related_to=${c.id}`)).status).toBe(404);
    // …and stand on its timeline, and on the timeline of the account it rolls up into, naming the contact.
    const smsOn = async (module: string, id: string) => (await admin.get(`/api/v1/records/${module}/${id}/timeline?kinds=sms`)).body.data;
    expect(await smsOn('contacts', c.id)).toEqual([expect.objectContaining({ kind: 'sms', title: 'Привіт', detail: { to: '+380501234567', state: 'delivered', error: null }, about: null })]);
    const acc = (await admin.post('/api/v1/records/accounts', { name: 'Gateway Ltd' })).body.data;
    await admin.patch(`/api/v1/records/contacts/${c.id}`, { account_id: acc.id });
    expect((await smsOn('accounts', acc.id)).map((x: any) => [x.title, x.about?.id])).toEqual([['Привіт', c.id]]);
    expect((await admin.get(`/api/v1/records/accounts/${acc.id}/timeline?kinds=comment`)).body.data.some((x: any) => x.kind === 'sms')).toBe(false);
  });

  it('keeps a refusal of the gateway as failed, with its reason', async () => {
    const r = await admin.post('/api/v1/sms', { to: '+79990000000', text: 'x' });
    expect(r.body.data).toMatchObject({ state: 'failed', error: 'the SMS gateway answered HTTP 422' });
  });
});

describe('phone numbers', () => {
  it('reads national numbers in the company region and refuses what is no number', () => {
    expect(toE164('8 (912) 345-67-89', 'RU')).toBe('+79123456789');
    expect(toE164('050 123 4567', 'UA')).toBe('+380501234567');
    expect(toE164('138 0013 8000', 'CN')).toBe('+8613800138000');
    expect(toE164('12345', 'RU')).toBeNull();
    expect(phoneRegion('Россия', {})).toBe('RU');
    expect(phoneRegion('Україна', {})).toBe('UA');
    expect(phoneRegion('中国', {})).toBe('CN');
    expect(phoneRegion('Россия', { KARTA_PHONE_REGION: 'kz' })).toBe('KZ');
  });
});
