import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../testing/test-app.js';

/** Profiles' field security: a hidden field's value appears in no response the user gets; read-only fields refuse writes. */
let t: TestApp;
let admin: Client, sales1: Client, manager: Client;
let salesProfile = '';
let contact = '', account = '';
const SECRET_PHONE = '+7 (812) 555-01-99';
const SECRET_DIGITS = '8125550199';

beforeAll(async () => {
  t = await createTestApp();
  [admin, sales1, manager] = await Promise.all(['admin', 'sales1', 'manager'].map((u) => t.login(u)));
  account = (await sales1.post('/api/v1/records/accounts', { name: 'ООО Скрытые' })).body.data.id;
  contact = (await sales1.post('/api/v1/records/contacts', { last_name: 'Скрытов', first_name: 'Пётр', mobile: SECRET_PHONE, email: 'petr@skrytov.example', account_id: account })).body.data.id;
  expect((await sales1.post('/api/v1/records/deals', { name: 'Сделка со Скрытовым', close_date: '2027-01-15', contact_id: contact, account_id: account })).status).toBe(201);
  await sales1.patch(`/api/v1/records/contacts/${contact}`, { mobile: '+7 (812) 555-01-98' });
  await sales1.patch(`/api/v1/records/contacts/${contact}`, { mobile: SECRET_PHONE });
  const roles = (await admin.get('/api/v1/roles')).body.data as { id: string; name: string; profile_ids: string[] }[];
  salesProfile = roles.find((r) => r.name === 'Sales person')!.profile_ids[0];
  const hidden = await admin.patch(`/api/v1/profiles/${salesProfile}`, { fields: { contacts: { mobile: 'hidden', email: 'read_only' } } });
  expect(hidden.status).toBe(200);
});
afterAll(() => t.close());

describe('a hidden field', () => {
  it('is in no read path of the user: get, list, search, history, export, meta, related, refs', async () => {
    const paths = [
      `/api/v1/records/contacts/${contact}`, '/api/v1/records/contacts?count=1', `/api/v1/records/contacts/${contact}/history`,
      '/api/v1/records/contacts/export?format=csv', '/api/v1/meta/modules', '/api/v1/search?q=Скрытов',
      `/api/v1/records/contacts?fields=last_name`, '/api/v1/openapi.json',
    ];
    for (const p of paths) {
      const r = await sales1.request('GET', p);
      expect(r.status, p).toBe(200);
      expect(r.raw, p).not.toContain('555-01-99');
      expect(r.raw, p).not.toContain(SECRET_DIGITS);
      expect(r.raw, p).not.toContain('555-01-98');
    }
    const meta = (await sales1.get('/api/v1/meta/modules')).body.data.find((m: any) => m.name === 'contacts');
    expect(meta.fields.map((f: any) => f.name)).not.toContain('mobile');
    expect(meta.fields.find((f: any) => f.name === 'email').read_only).toBe(true);
    const q = await sales1.post('/api/v1/records/contacts/query', { fields: ['last_name'] });
    expect(q.raw).not.toContain(SECRET_DIGITS);
    for (const r of [
      await sales1.get(`/api/v1/records/contacts/${contact}/timeline`),
      await sales1.get(`/api/v1/records/accounts/${account}/related/contacts`),
      await sales1.post('/api/v1/reports/preview', { module: 'contacts', columns: ['last_name', 'email'] }),
      await sales1.post('/api/v1/reports/preview', { module: 'deals', columns: ['name', 'contact_id.last_name'] }),
    ]) {
      expect(r.status, r.raw).toBe(200);
      expect(r.raw).not.toContain('555-01-9');
    }
    // A report naming the hidden field (directly or through a reference) is a 400 at its path, as an unknown field is.
    expect((await sales1.post('/api/v1/reports/preview', { module: 'contacts', columns: ['last_name', 'mobile'] })).status).toBe(400);
    expect((await sales1.post('/api/v1/reports/preview', { module: 'deals', columns: ['name', 'contact_id.mobile'] })).status).toBe(400);
  });

  /** A loopback receiver the user's webhooks may call (allowed for the test), collecting the bodies it is sent. */
  async function withReceiver(run: (url: string, got: string[]) => Promise<void>): Promise<void> {
    const got: string[] = [];
    const receiver = http.createServer((req, res) => { let b = ''; req.on('data', (c) => { b += c; }); req.on('end', () => { got.push(b); res.end('ok'); }); });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    process.env.KARTA_WEBHOOK_ALLOW_HOSTS = '127.0.0.1';
    try {
      await run(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}`, got);
    } finally {
      delete process.env.KARTA_WEBHOOK_ALLOW_HOSTS;
      receiver.close();
    }
  }

  it('is not in what the user\'s webhook subscriptions receive', () => withReceiver(async (base, got) => {
    const hook = (await admin.post('/api/v1/records/webhooks', { url: `${base}/hook`, events: ['contacts.updated'], assigned_to: t.users.sales1 })).body.data;
    await manager.patch(`/api/v1/records/contacts/${contact}`, { mobile: '+7 (812) 555-01-97' });
    await manager.patch(`/api/v1/records/contacts/${contact}`, { mobile: SECRET_PHONE, title: 'Директор' });
    await t.runJobs();
    // The change of the hidden field alone is not told; the other carries the record without it.
    expect(got).toHaveLength(1);
    expect(JSON.parse(got[0]).changes).toEqual(['title']);
    expect(got[0]).not.toContain('555-01-9');
    await admin.patch(`/api/v1/records/webhooks/${hook.id}`, { active: false });
  }));

  it('is not in what the user\'s workflows send, even beside a workflow of someone who sees it', () => withReceiver(async (base, got) => {
    // The administrator's workflow comes first; both run on the same events, in one batch (two saves).
    const mine = (await admin.post('/api/v1/records/workflows', { name: 'admin sees all', module: 'contacts', trigger: { type: 'save' }, actions: [{ type: 'notify', users: ['owner'], message: 'saved' }] })).body.data;
    const theirs = (await admin.post('/api/v1/records/workflows', { name: 'sales sends', module: 'contacts', trigger: { type: 'save' }, actions: [{ type: 'webhook', url: `${base}/flow` }], assigned_to: t.users.sales1 })).body.data;
    await manager.patch(`/api/v1/records/contacts/${contact}`, { title: 'Главный инженер' });
    await manager.patch(`/api/v1/records/contacts/${contact}`, { title: 'Директор' });
    await t.runJobs();
    expect(got).toHaveLength(2);
    // Each run sends the record as it is when it runs (after both saves).
    expect(got.map((b) => JSON.parse(b).data.title)).toEqual(['Директор', 'Директор']);
    for (const body of got) expect(body).not.toContain('555-01-9');
    for (const wf of [mine, theirs]) await admin.patch(`/api/v1/records/workflows/${wf.id}`, { active: false });
  }));

  it('cannot be searched, filtered or sorted on by the user', async () => {
    expect((await sales1.get(`/api/v1/search?q=${SECRET_DIGITS}`)).body.data).toEqual([]);
    expect((await sales1.get(`/api/v1/records/contacts?q=${SECRET_DIGITS}`)).body.data).toEqual([]);
    // The visible fields are still searched.
    expect((await sales1.get('/api/v1/records/contacts?q=скрытов')).body.data).toHaveLength(1);
    expect((await sales1.post('/api/v1/records/contacts/query', { where: { mobile: { contains: '555' } } })).status).toBe(400);
    expect((await sales1.get('/api/v1/records/contacts?sort=mobile')).status).toBe(400);
    expect((await sales1.get('/api/v1/records/contacts?fields=mobile')).status).toBe(400);
  });

  it('is refused on write, and a write of other fields keeps its value for those who see it', async () => {
    expect((await sales1.patch(`/api/v1/records/contacts/${contact}`, { mobile: '1' })).status).toBe(400);
    const ro = await sales1.request('PATCH', `/api/v1/records/contacts/${contact}`, { email: 'x@y.example' }, { 'accept-language': 'ru' });
    expect(ro.status).toBe(400);
    expect(ro.body.error.fields.email).toBeTruthy();
    const ok = await sales1.patch(`/api/v1/records/contacts/${contact}`, { first_name: 'Павел' });
    expect(ok.status).toBe(200);
    expect(ok.raw).not.toContain(SECRET_DIGITS);
    const seen = await manager.get(`/api/v1/records/contacts/${contact}`);
    expect(seen.body.data.mobile).toBe(SECRET_PHONE);
    // The stored search text was not cut down to what sales1 sees: the manager still finds the contact by the number.
    expect((await manager.get(`/api/v1/search?q=${SECRET_DIGITS}`)).body.data.map((h: any) => h.id)).toContain(contact);
    expect((await sales1.post('/api/v1/records/contacts/mass-update', { ids: [contact], changes: { mobile: '2' } })).status).toBe(400);
  });

  it('is back everywhere when the profile lets it be seen again', async () => {
    await admin.patch(`/api/v1/profiles/${salesProfile}`, { fields: {} });
    expect((await sales1.get(`/api/v1/records/contacts/${contact}`)).body.data.mobile).toBe(SECRET_PHONE);
    expect((await sales1.get(`/api/v1/search?q=${SECRET_DIGITS}`)).body.data.map((h: any) => h.id)).toContain(contact);
    await admin.patch(`/api/v1/profiles/${salesProfile}`, { fields: { contacts: { mobile: 'hidden', email: 'read_only' } } });
  });

  it('is restricted only when every profile of the role restricts it (the most permissive profile wins)', async () => {
    const open = await admin.post('/api/v1/profiles', { name: 'Contacts in full', modules: { contacts: ['view'] } });
    expect(open.status).toBe(201);
    const role = ((await admin.get('/api/v1/roles')).body.data as any[]).find((r) => r.name === 'Sales person');
    await admin.patch(`/api/v1/roles/${role.id}`, { profile_ids: [...role.profile_ids, open.body.data.id] });
    expect((await sales1.get(`/api/v1/records/contacts/${contact}`)).body.data.mobile).toBe(SECRET_PHONE);
    await admin.patch(`/api/v1/roles/${role.id}`, { profile_ids: role.profile_ids });
    expect((await sales1.get(`/api/v1/records/contacts/${contact}`)).body.data.mobile).toBeUndefined();
    expect((await admin.del(`/api/v1/profiles/${open.body.data.id}`)).status).toBe(204);
  });
});

describe('what else a field rule reaches', () => {
  it('the deals board shows no hidden amount; a related list through a hidden reference is gone; locked fields still get defaults', async () => {
    await admin.patch(`/api/v1/profiles/${salesProfile}`, { fields: { deals: { amount: 'hidden', forecast_amount: 'hidden' }, contacts: { account_id: 'hidden', do_not_call: 'read_only' } } });
    try {
      expect((await manager.post('/api/v1/records/deals', { name: 'Крупная сделка', amount: '987654.00', close_date: '2027-03-01', assigned_to: t.users.sales1 })).status).toBe(201);
      const board = await sales1.get('/api/v1/analytics/kanban');
      expect(board.status, board.raw).toBe(200);
      expect(board.raw).not.toContain('987654');
      expect(board.body.columns[0].totals.every((x: any) => x.amount === null)).toBe(true);
      expect((await manager.get('/api/v1/analytics/kanban')).raw).toContain('987654');
      expect((await sales1.get(`/api/v1/records/accounts/${account}/related/contacts`)).status).toBe(404);
      expect((await sales1.get(`/api/v1/records/accounts/${account}/related_counts`)).raw).not.toContain('"contacts"');
      const made = await sales1.post('/api/v1/records/contacts', { last_name: 'По умолчанию' });
      expect(made.status, made.raw).toBe(201);
      expect(made.body.data.do_not_call).toBe(false);
    } finally {
      await admin.patch(`/api/v1/profiles/${salesProfile}`, { fields: { contacts: { mobile: 'hidden', email: 'read_only' } } });
    }
  });
});

describe('printing', () => {
  it('a PDF made for the user leaves a hidden field out', async () => {
    if (spawnSync('pdftotext', ['-v']).error) return console.warn('pdftotext is missing (Debian poppler-utils): the PDF text was not checked');
    const quote = await sales1.post('/api/v1/records/quotes', { subject: 'КП для Скрытова', account_id: account, terms_conditions: 'Условия 4711 особые', lines: [] });
    expect(quote.status, quote.raw).toBe(201);
    const text = async () => {
      const r = await sales1.request('GET', `/api/v1/records/quotes/${quote.body.data.id}/pdf`);
      expect(r.status, r.raw.slice(0, 200)).toBe(200);
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'karta-pdf-')), 'q.pdf');
      fs.writeFileSync(file, r.bytes);
      return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    };
    expect(await text()).toContain('4711');
    await admin.patch(`/api/v1/profiles/${salesProfile}`, { fields: { contacts: { mobile: 'hidden', email: 'read_only' }, quotes: { terms_conditions: 'hidden' } } });
    try {
      expect(await text()).not.toContain('4711');
    } finally {
      await admin.patch(`/api/v1/profiles/${salesProfile}`, { fields: { contacts: { mobile: 'hidden', email: 'read_only' } } });
    }
  });
});

describe('profiles', () => {
  it('are checked: unknown modules, fields and the fields that make a record are refused at their path', async () => {
    const bad = await admin.post('/api/v1/profiles', { name: 'Bad', modules: { nope: ['view'] }, fields: { contacts: { nope: 'hidden', number: 'hidden' } } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['fields.contacts.nope', 'fields.contacts.number', 'modules.nope']);
    // A field another record's visibility hangs on cannot be hidden (comments live on their record).
    expect((await admin.post('/api/v1/profiles', { name: 'No hosts', fields: { comments: { related_to: 'hidden' } } })).body.error.fields).toHaveProperty(['fields.comments.related_to']);
    const role = ((await admin.get('/api/v1/roles')).body.data as any[])[0];
    expect((await admin.patch(`/api/v1/roles/${role.id}`, { profile_ids: ['00000000-0000-4000-8000-000000000000'] })).body.error.fields).toHaveProperty(['profile_ids.0']);
    expect((await admin.del(`/api/v1/profiles/${role.profile_ids[0]}`)).status).toBe(409);
    expect((await sales1.get('/api/v1/profiles')).status).toBe(403);
  });

  it('a role made through the API gets its own profile whose module rights are the role\'s permissions', async () => {
    const made = await admin.post('/api/v1/roles', { name: 'Auditor', permissions: { accounts: ['view'] } });
    expect(made.body.data.profile_ids).toHaveLength(1);
    const profile = (await admin.get(`/api/v1/profiles/${made.body.data.profile_ids[0]}`)).body.data;
    expect(profile).toMatchObject({ name: 'Auditor', role_id: made.body.data.id, modules: { accounts: ['view'] } });
    await admin.patch(`/api/v1/profiles/${profile.id}`, { modules: { accounts: ['view', 'export'] } });
    expect((await admin.get(`/api/v1/roles/${made.body.data.id}`)).body.data.permissions).toEqual({ accounts: ['view', 'export'] });
    // Giving the role other profiles keeps its own: its permissions would otherwise stop counting.
    const extra = (await admin.post('/api/v1/profiles', { name: 'Auditor extras', modules: { contacts: ['view'] } })).body.data.id;
    const changed = await admin.patch(`/api/v1/roles/${made.body.data.id}`, { profile_ids: [extra] });
    expect(changed.body.data.profile_ids).toEqual([profile.id, extra]);
    expect((await admin.patch(`/api/v1/roles/${made.body.data.id}`, { profile_ids: [] })).body.data.profile_ids).toEqual([profile.id]);
  });
});

describe('a module’s working list', () => {
  it('keeps its filter under field rules, unless the filter names a field hidden from the user', async () => {
    const leadsList = async () => (await sales1.get('/api/v1/meta/modules')).body.data.find((m: { name: string }) => m.name === 'leads').list;
    const rules = (leads: Record<string, string>) => admin.patch(`/api/v1/profiles/${salesProfile}`, { fields: { contacts: { mobile: 'hidden', email: 'read_only' }, leads } });
    expect((await rules({ phone: 'hidden' })).status).toBe(200);
    expect((await leadsList()).where).toEqual({ field: 'converted', op: 'eq', value: false });
    expect((await rules({ converted: 'hidden' })).status).toBe(200);
    expect((await leadsList()).where).toBeUndefined();
    expect((await rules({})).status).toBe(200);
  });
});
