import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { VtigerClient, VtigerError } from './ws-client.js';
import { wsErrorOf } from './ws-error.js';

let t: TestApp;
let url: string;
let manager: Client, sales1: Client;
const keys: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  // Over real HTTP on loopback: the client speaks only the documented protocol.
  url = await t.server.listen({ port: 0, host: '127.0.0.1' });
  [manager, sales1] = await Promise.all(['manager', 'sales1'].map((u) => t.login(u)));
  for (const [name, c] of [['manager', manager], ['sales1', sales1]] as const) {
    const me = await c.get(`/api/v1/users/${c.userId}`);
    expect(me.body.data.access_key).toMatch(/^[A-Za-z0-9]{16}$/);
    keys[name] = me.body.data.access_key;
  }
});
afterAll(() => t.close());

const session = async (user: 'manager' | 'sales1') => {
  const c = new VtigerClient(url);
  await c.login(user, keys[user]);
  return c;
};
const code = async (p: Promise<unknown>) => p.then(() => 'ok', (e: VtigerError) => e.code);
const tag = () => Math.random().toString(36).slice(2, 8);

describe('/webservice.php', () => {
  it('logs in with md5(challenge + access key), once per challenge; refuses wrong keys and users', async () => {
    const c = await session('manager');
    expect(c.userId).toMatch(/^19x\d+$/);
    expect(await code(new VtigerClient(url).login('manager', 'x'.repeat(16)))).toBe('INVALID_USER_CREDENTIALS');
    expect(await code(new VtigerClient(url).call('GET', 'getchallenge', { username: 'nobody' }))).toBe('ACCESS_DENIED');
    // A wrong key, or a challenge someone else asked for meanwhile, spoils nobody's login; a challenge answered is spent.
    const raw = new VtigerClient(url);
    const { token } = await raw.call<{ token: string }>('GET', 'getchallenge', { username: 'manager' });
    expect(await code(raw.call('POST', 'login', { username: 'manager', accessKey: 'deadbeef'.repeat(4) }))).toBe('INVALID_USER_CREDENTIALS');
    await new VtigerClient(url).call('GET', 'getchallenge', { username: 'manager' });
    const answer = createHash('md5').update(token + keys.manager).digest('hex');
    expect(await code(raw.call('POST', 'login', { username: 'manager', accessKey: answer }))).toBe('ok');
    expect(await code(new VtigerClient(url).call('POST', 'login', { username: 'manager', accessKey: answer }))).toBe('INVALID_USER_CREDENTIALS');
    expect(await code(new VtigerClient(url).call('GET', 'listtypes', { sessionName: 'nonsense' }))).toBe('INVALID_SESSIONID');
    expect(await code(new VtigerClient(url).call('GET', 'listtypes'))).toBe('AUTHENTICATION_REQUIRED');
    const res = await fetch(`${url}/webservice.php?operation=nosuch`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ success: false, error: { message: 'Unknown operation requested', code: 'UNKNOWN_OPERATION' } });
    for (const name of ['constructor', 'toString', '__proto__']) expect(await code(c.call('GET', name))).toBe('UNKNOWN_OPERATION');
    // A new password signs the user out of the webservice too (whoever knew the old one may have read the key).
    const admin = await t.login('admin');
    const ws = new VtigerClient(url);
    await ws.login('sales2', (await admin.get(`/api/v1/users/${t.users.sales2}`)).body.data.access_key);
    expect(await code(ws.call('GET', 'listtypes'))).toBe('ok');
    const { USER_PASSWORD } = await import('../../testing/test-app.js');
    const oldKey = (await admin.get(`/api/v1/users/${t.users.sales2}`)).body.data.access_key;
    expect((await admin.patch(`/api/v1/users/${t.users.sales2}`, { password: USER_PASSWORD })).status).toBe(200);
    expect(await code(ws.call('GET', 'listtypes'))).toBe('INVALID_SESSIONID');
    // …and the key they may have read no longer signs in; the user's page shows the new one.
    expect(await code(new VtigerClient(url).login('sales2', oldKey))).toBe('INVALID_USER_CREDENTIALS');
    const newKey = (await admin.get(`/api/v1/users/${t.users.sales2}`)).body.data.access_key;
    expect(newKey).not.toBe(oldKey);
    const kept = new VtigerClient(url);
    await kept.login('sales2', newKey);
    // Deactivation ends the webservice sessions too: reactivated, the user signs in again.
    expect((await admin.patch(`/api/v1/users/${t.users.sales2}`, { active: false })).status).toBe(200);
    expect((await admin.patch(`/api/v1/users/${t.users.sales2}`, { active: true })).status).toBe(200);
    expect(await code(kept.call('GET', 'listtypes'))).toBe('INVALID_SESSIONID');
    // A renewed key (it leaked), signing out everywhere and a two-step reset end the webservice sessions as well.
    const ended = async (how: (key: string) => Promise<{ status: number }>) => {
      const key = (await admin.get(`/api/v1/users/${t.users.sales2}`)).body.data.access_key;
      const live = new VtigerClient(url);
      await live.login('sales2', key);
      expect((await how(key)).status).toBeLessThan(300);
      expect(await code(live.call('GET', 'listtypes'))).toBe('INVALID_SESSIONID');
    };
    await ended(() => admin.post(`/api/v1/users/${t.users.sales2}/access_key`));
    await ended(() => admin.del(`/api/v1/users/${t.users.sales2}/sessions`));
    await ended(() => admin.post(`/api/v1/users/${t.users.sales2}/2fa/reset`));
    expect((await admin.del('/api/v1/users/not-a-user/sessions')).status).toBeLessThan(500);
  });

  it('a role that requires two-factor sign-in keeps its users out of the webservice until they have set it up', async () => {
    const admin = await t.login('admin');
    const sales = ((await admin.get('/api/v1/roles')).body.data as any[]).find((r) => r.name === 'Sales person');
    const ws = await session('sales1');
    expect((await admin.patch(`/api/v1/roles/${sales.id}`, { require_2fa: true })).status).toBe(200);
    try {
      expect(await code(ws.call('GET', 'listtypes'))).toBe('ACCESS_DENIED');
      expect(await code(new VtigerClient(url).login('sales1', keys.sales1))).toBe('ACCESS_DENIED');
    } finally {
      expect((await admin.patch(`/api/v1/roles/${sales.id}`, { require_2fa: false })).status).toBe(200);
    }
    expect(await code(ws.call('GET', 'listtypes'))).toBe('ok');
  });

  it('lists and describes modules under vTiger\'s names', async () => {
    const c = await session('manager');
    const types = await c.listTypes();
    expect(types.types).toEqual(expect.arrayContaining(['Accounts', 'Contacts', 'Leads', 'Potentials', 'HelpDesk']));
    const d = await c.describe('Accounts');
    expect(d).toMatchObject({ name: 'Accounts', idPrefix: '11', isEntity: true, labelFields: 'accountname' });
    expect(d.fields).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'accountname', mandatory: true, type: { name: 'string' } }),
      expect.objectContaining({ name: 'industry', type: expect.objectContaining({ name: 'picklist', picklistValues: expect.arrayContaining([expect.objectContaining({ value: 'Banking' })]) }) }),
      expect.objectContaining({ name: 'account_id', type: { name: 'reference', refersTo: ['Accounts'] } }),
      expect.objectContaining({ name: 'assigned_user_id', type: { name: 'owner' } }),
    ]));
    expect(await code(c.describe('NoSuchModule'))).toBe('ACCESS_DENIED');
  });

  it('creates, retrieves, revises, updates, queries, relates and deletes with NxM ids and string values', async () => {
    const x = tag();
    const c = await session('manager');
    const acc = await c.create('Accounts', { accountname: `Вебсервис ${x}`, industry: 'Banking', employees: '42', assigned_user_id: c.userId });
    expect(acc).toMatchObject({ accountname: `Вебсервис ${x}`, industry: 'Banking', employees: '42', emailoptout: '0', label: `Вебсервис ${x}`, assigned_user_id: c.userId });
    expect(acc.id).toMatch(/^11x\d+$/);
    expect(acc.account_no).toMatch(/^ACC\d+$/);
    expect(acc.createdtime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    // A date alone compares with a date-time from its midnight (as incremental fetches write it).
    const day = acc.createdtime.slice(0, 10);
    expect((await c.query(`SELECT accountname FROM Accounts WHERE accountname = 'Вебсервис ${x}' AND createdtime >= '${day}';`)).map((r) => r.id)).toEqual([acc.id]);
    expect(await c.query(`SELECT accountname FROM Accounts WHERE accountname = 'Вебсервис ${x}' AND createdtime < '${day}';`)).toEqual([]);
    const con = await c.create('Contacts', { lastname: `Клиентов ${x}`, account_id: acc.id, email: `ws.${x}@example.ru`, assigned_user_id: c.userId });
    expect((await c.retrieve(con.id)).account_id).toBe(acc.id);
    expect(await code(c.create('Contacts', { firstname: 'no last name', assigned_user_id: c.userId }))).toBe('MANDATORY_FIELDS_MISSING');
    // Errors name the fields as the caller sent them, vTiger's names.
    const said = (p: Promise<unknown>) => p.then(() => null, (e: VtigerError) => ({ code: e.code, message: e.message }));
    expect((await said(c.create('Contacts', { firstname: 'no last name', assigned_user_id: c.userId })))?.message).toMatch(/: lastname does not have a value$/);
    const badMail = await said(c.create('Accounts', { accountname: `Почта ${x}`, email1: 'not-an-email', assigned_user_id: c.userId }));
    expect(badMail?.code).toBe('INVALID_PARAMETER');
    expect(badMail?.message).toMatch(/email1: /);
    expect(badMail?.message).not.toMatch(/\bemail: /);
    expect((await said(c.create('Events', { subject: 'no start', activitytype: 'Meeting', assigned_user_id: c.userId })))?.message).toMatch(/: date_start does not have a value$/);
    expect((await said(c.create('Potentials', { potentialname: 'x', related_to: '11x999999999', assigned_user_id: c.userId })))?.message).toMatch(/Referenced record of related_to /);
    expect(await code(c.create('Contacts', { lastname: 'x', account_id: '11x999999999' }))).toBe('REFERENCE_INVALID');

    expect(await c.revise({ id: acc.id, phone: '+7 495 000-00-00' })).toMatchObject({ phone: '+7 495 000-00-00', industry: 'Banking' });
    expect(await code(c.update({ id: acc.id, phone: '1' }))).toBe('MANDATORY_FIELDS_MISSING');
    expect((await said(c.revise({ id: acc.id, email1: 'not-an-email' })))?.message).toMatch(/email1: /);
    const whole = await c.retrieve(acc.id);
    expect(await c.update({ ...whole, website: 'example.org' })).toMatchObject({ website: 'https://example.org', phone: '+7 495 000-00-00' });

    const rows = await c.query(`SELECT accountname, account_no FROM Accounts WHERE accountname = 'Вебсервис ${x}';`);
    expect(rows).toEqual([{ accountname: `Вебсервис ${x}`, account_no: acc.account_no, id: acc.id }]);
    expect(await c.query(`SELECT count(*) FROM Contacts WHERE account_id = '${acc.id}';`)).toEqual([{ count: '1' }]);
    expect((await c.query(`SELECT lastname FROM Contacts WHERE lastname LIKE 'Клиентов%' AND email = 'ws.${x}@example.ru' OR lastname = 'none';`)).map((r) => r.id)).toEqual([con.id]);
    expect((await c.query('SELECT * FROM Accounts LIMIT 0, 500;')).length).toBeLessThanOrEqual(100);
    expect(await code(c.query('SELECT * FROM Accounts'))).toBe('QUERY_SYNTAX_ERROR');
    expect(await code(c.query('SELECT nosuch FROM Accounts;'))).toBe('ACCESS_DENIED');
    expect(await code(c.query("SELECT * FROM Contacts WHERE account_id = '123';"))).toBe('INVALID_ID_ATTRIBUTE');

    expect((await c.retrieveRelated(acc.id, 'Contacts')).map((r) => r.id)).toEqual([con.id]);
    expect(await c.delete(con.id)).toEqual({ status: 'successful' });
    expect(await code(c.retrieve(con.id))).toBe('ACCESS_DENIED');
    expect(await code(c.call('GET', 'delete', { id: acc.id }))).toBe('OPERATION_NOT_SUPPORTED');
  });

  it('keeps ids stable and sees what the REST API sees: nothing of a colleague\'s private records', async () => {
    const x = tag();
    const m = await session('manager');
    const s = await session('sales1');
    const secret = await m.create('Accounts', { accountname: `Тайна ${x}`, assigned_user_id: m.userId });
    expect((await m.query(`SELECT accountname FROM Accounts WHERE accountname = 'Тайна ${x}';`))[0].id).toBe(secret.id);
    expect(await code(s.retrieve(secret.id))).toBe('ACCESS_DENIED');
    expect(await s.query(`SELECT accountname FROM Accounts WHERE accountname = 'Тайна ${x}';`)).toEqual([]);
    expect(await code(s.revise({ id: secret.id, phone: '+7 900 000-00-00' }))).toBe('ACCESS_DENIED');
    // Named in a reference, it is as one that does not exist (vTiger's code for both).
    expect(await code(s.create('Contacts', { lastname: 'x', account_id: secret.id, assigned_user_id: s.userId }))).toBe('REFERENCE_INVALID');
    const rest = await sales1.get(`/api/v1/records/accounts?filter[name]=${encodeURIComponent(`Тайна ${x}`)}`);
    expect(rest.body.data).toEqual([]);
    // A record made through REST gets its ws id the first time a query names it, the same one ever after.
    await manager.post('/api/v1/records/accounts', { name: `Из REST ${x}` });
    const first = await m.query(`SELECT accountname FROM Accounts WHERE accountname = 'Из REST ${x}';`);
    expect(first).toEqual([{ accountname: `Из REST ${x}`, id: expect.stringMatching(/^\d+x\d+$/) }]);
    expect(await m.query(`SELECT * FROM Accounts WHERE accountname = 'Из REST ${x}';`)).toMatchObject([{ id: first[0].id, accountname: `Из REST ${x}` }]);
    expect((await m.retrieve(first[0].id as string)).accountname).toBe(`Из REST ${x}`);
    // The session's user is kept between calls: a sharing rule, and its removal, hold on the very next call.
    const admin = await t.login('admin');
    const roles = (await admin.get('/api/v1/roles')).body.data as { id: string; name: string }[];
    const me = (await manager.get('/api/v1/auth/me')).body.user as { role_id: string };
    const rule = await admin.post('/api/v1/sharing_rules', { module: 'accounts', from: { role: me.role_id }, to: { role: roles.find((r) => r.name === 'Sales person')!.id }, access: 'read' });
    expect(rule.status, rule.raw).toBe(201);
    expect((await s.query(`SELECT accountname FROM Accounts WHERE accountname = 'Тайна ${x}';`)).map((r) => r.id)).toEqual([secret.id]);
    await admin.del(`/api/v1/sharing_rules/${rule.body.data.id}`);
    expect(await s.query(`SELECT accountname FROM Accounts WHERE accountname = 'Тайна ${x}';`)).toEqual([]);
  });

  it('syncs the caller\'s changes and deletions since a time, and logs out', async () => {
    const c = await session('sales1');
    const since = Math.floor(Date.now() / 1000) - 1;
    const a = await c.create('Leads', { lastname: `Синк ${tag()}`, company: 'X', assigned_user_id: c.userId });
    const b = await c.create('Leads', { lastname: `Синк ${tag()}`, company: 'Y', assigned_user_id: c.userId });
    await c.delete(b.id);
    const s = await c.sync(since, 'Leads');
    expect(s.updated.map((r) => r.id)).toContain(a.id);
    expect(s.deleted).toContain(b.id);
    expect(s.more).toBe(false);
    // A comment of the caller's on an account given to another rep is no longer theirs to read, nor to sync.
    const account = (await sales1.post('/api/v1/records/accounts', { name: `Синк ${tag()}` })).body.data;
    const [{ id: accountWsId }] = await c.query(`select id from Accounts where accountname = '${account.name}';`) as { id: string }[];
    const comment = await c.create('ModComments', { commentcontent: 'Только для своих', related_to: accountWsId, assigned_user_id: c.userId });
    expect((await c.sync(since, 'ModComments')).updated.map((r) => r.id)).toContain(comment.id);
    const sales2 = (await manager.get('/api/v1/users?limit=100')).body.data.find((u: { username: string }) => u.username === 'sales2').id;
    expect((await manager.patch(`/api/v1/records/accounts/${account.id}`, { assigned_to: sales2 })).status).toBe(200);
    expect(await code(c.retrieve(comment.id))).toBe('ACCESS_DENIED');
    const after = await c.sync(since, 'ModComments');
    expect(after.updated.map((r) => r.id)).not.toContain(comment.id);
    // …so the client is told to drop it, by id alone; as it is when its record goes to the recycle bin.
    expect(after.deleted).toContain(comment.id);
    const other = (await sales1.post('/api/v1/records/accounts', { name: `Синк ${tag()}` })).body.data;
    const [{ id: otherWsId }] = await c.query(`select id from Accounts where accountname = '${other.name}';`) as { id: string }[];
    const onOther = await c.create('ModComments', { commentcontent: 'Уйдёт в корзину', related_to: otherWsId, assigned_user_id: c.userId });
    expect((await sales1.del(`/api/v1/records/accounts/${other.id}`)).status).toBe(204);
    expect((await c.sync(since, 'ModComments')).deleted).toContain(onOther.id);
    await c.logout();
    expect(await code(c.listTypes())).toBe('INVALID_SESSIONID');
  });

  it('a sync through more changes in one second than a page holds goes on where it stopped, sends each once and ends', async () => {
    const { sql } = await import('kysely');
    const c = await session('manager');
    const batch = `Пачка ${tag()}`;
    for (let i = 0; i < 150; i++) expect((await manager.post('/api/v1/records/leads', { last_name: `${batch} ${i}`, company: '批量' })).status).toBe(201);
    // As an import or a mass update leaves them: 130 in one instant, 20 more in the next second.
    await sql`update leads set updated_at = '2031-01-01T00:00:00.5Z' where last_name like ${`${batch} %`}`.execute(t.app.database.db);
    await sql`update leads set updated_at = '2031-01-01T00:00:01.25Z' where last_name in (${sql.join(Array.from({ length: 20 }, (_, i) => `${batch} ${i}`))})`.execute(t.app.database.db);
    const seen: string[] = [];
    let since = Date.parse('2031-01-01T00:00:00Z') / 1000 - 5;
    for (let call = 0; call < 10; call++) {
      const s = await c.sync(since, 'Leads');
      seen.push(...s.updated.map((r: { id: string }) => r.id));
      // Another module synced in between on the same session keeps its own place.
      await c.sync(since, 'Contacts');
      since = s.lastModifiedTime;
      if (!s.more) break;
      expect(call, 'the sync never ends').toBeLessThan(9);
    }
    expect(seen).toHaveLength(150);
    expect(new Set(seen).size).toBe(150);
    expect(since).toBe(Date.parse('2031-01-01T00:00:01Z') / 1000);
  });

  it("takes an event as vTiger's dates and times and shows it so; reads a multipart POST as PHP's cURL sends it", async () => {
    const c = await session('manager');
    const d = await c.describe('Events');
    expect(d.fields.map((f: { name: string }) => f.name)).toEqual(expect.arrayContaining(['date_start', 'time_start', 'due_date', 'time_end']));
    const ev = await c.create('Events', { subject: `Встреча ${tag()}`, activitytype: 'Meeting', date_start: '2026-12-11', time_start: '10:00:00', due_date: '2026-12-11', time_end: '11:30:00', assigned_user_id: c.userId });
    expect(ev).toMatchObject({ date_start: '2026-12-11', time_start: '10:00:00', due_date: '2026-12-11', time_end: '11:30:00' });
    const [rest] = (await manager.get(`/api/v1/records/events?filter[subject]=${encodeURIComponent(ev.subject)}&fields=start_at,end_at`)).body.data;
    expect([rest.start_at, rest.end_at]).toEqual(['2026-12-11T10:00:00.000Z', '2026-12-11T11:30:00.000Z']);
    // Picklists in vTiger's spelling ("Not Held", not Karta's "Not held"), taken in any case.
    const held = await c.revise({ id: ev.id, eventstatus: 'not held' });
    expect(held.eventstatus).toBe('Not Held');
    const stage = (await c.describe('Potentials')).fields.find((f: { name: string }) => f.name === 'sales_stage');
    expect(stage.type.picklistValues.map((v: { value: string }) => v.value)).toEqual(expect.arrayContaining(['Prospecting', 'Closed Won', 'Closed Lost']));
    const moved = await c.revise({ id: ev.id, date_start: '2026-12-12', time_start: '09:00:00', due_date: '2026-12-12', time_end: '09:45:00' });
    expect(moved).toMatchObject({ date_start: '2026-12-12', time_start: '09:00:00', time_end: '09:45:00' });
    // A revise naming part of the times: the rest stay, and a start moved alone keeps the event's 45 minutes.
    expect(await c.revise({ id: ev.id, time_start: '15:00:00' })).toMatchObject({ date_start: '2026-12-12', time_start: '15:00:00', due_date: '2026-12-12', time_end: '15:45:00' });
    expect(await c.revise({ id: ev.id, time_end: '17:00:00' })).toMatchObject({ time_start: '15:00:00', time_end: '17:00:00' });

    const form = new FormData();
    form.set('operation', 'retrieve');
    form.set('sessionName', c.session!);
    form.set('id', ev.id);
    const res = await fetch(`${url}/webservice.php`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ success: true, result: { id: ev.id, date_start: '2026-12-12' } });
    // A file part is dropped unread; a body over 5 MB or a broken one still answers in vTiger's envelope.
    form.set('document', new Blob([Buffer.alloc(1024, 1)]), 'a.bin');
    expect(await (await fetch(`${url}/webservice.php`, { method: 'POST', body: form })).json()).toMatchObject({ success: true, result: { id: ev.id } });
    const big = new FormData();
    big.set('operation', 'retrieve');
    big.set('element', 'x'.repeat(6 * 1024 * 1024));
    const tooBig = await fetch(`${url}/webservice.php`, { method: 'POST', body: big });
    expect([tooBig.status, (await tooBig.json()).success]).toEqual([200, false]);
    const broken = await fetch(`${url}/webservice.php`, { method: 'POST', body: '--x\r\nnonsense', headers: { 'content-type': 'multipart/form-data; boundary=x' } });
    expect([broken.status, (await broken.json()).success]).toEqual([200, false]);
  });

  it('answers an unexpected failure in its own envelope: a malformed value is the caller\'s, anything else internal', () => {
    expect(wsErrorOf(Object.assign(new Error('invalid input syntax'), { code: '22P02' }), 'en')).toMatchObject({ code: 'INVALID_PARAMETER' });
    expect(wsErrorOf(new Error('boom'), 'en')).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal error' });
  });
});
