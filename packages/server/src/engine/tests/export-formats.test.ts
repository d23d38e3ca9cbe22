import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCompany } from '../io/company-export.js';
import { exportRecords } from '../io/export.js';
import { parseVCards, VCARD_COLUMNS } from '../io/vcard.js';
import { contextFor } from '../system-context.js';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: Client, manager: Client, sales1: Client;

beforeAll(async () => {
  t = await createTestApp();
  [admin, manager, sales1] = await Promise.all(['admin', 'manager', 'sales1'].map((u) => t.login(u)));
});
afterAll(() => t.close());

describe('exports', () => {
  it('exports contacts as vCards that read back, with the account by name', async () => {
    const x = Math.random().toString(36).slice(2, 8);
    const acc = (await manager.post('/api/v1/records/accounts', { name: `Визитница ${x}` })).body.data;
    await manager.post('/api/v1/records/contacts', { last_name: `Карточкин-${x}`, first_name: 'Олег', email: `vcf.${x}@example.ru`, mobile: '+7 902 000-00-00', account_id: acc.id });
    const r = await manager.get(`/api/v1/records/contacts/export?format=vcf&filter[email]=vcf.${x}@example.ru`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/text\/vcard/);
    const [row] = parseVCards(r.raw);
    expect(Object.fromEntries(VCARD_COLUMNS.map((c, i) => [c, row[i]]))).toMatchObject({
      last_name: `Карточкин-${x}`, first_name: 'Олег', email: `vcf.${x}@example.ru`, mobile: '+7 902 000-00-00', account_id: `Визитница ${x}`,
    });
    expect((await manager.get('/api/v1/records/accounts/export?format=vcf')).status).toBe(400);
  });

  it('refuses a list past the cap rather than export it cut short; up to the cap it is whole', async () => {
    const x = Math.random().toString(36).slice(2, 8);
    for (const i of [1, 2, 3]) await manager.post('/api/v1/records/contacts', { last_name: `Предел-${x}-${i}` });
    const ctx = await contextFor(t.app, t.users.manager);
    const params = { q: `Предел-${x}` };
    for (const format of ['csv', 'vcf']) {
      await expect(exportRecords(ctx, 'contacts', format, params, 2)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      const whole = await exportRecords(ctx, 'contacts', format, params, 3);
      expect(new Set(whole.body.toString('utf8').match(new RegExp(`Предел-${x}-\\d`, 'g')))).toEqual(new Set([1, 2, 3].map((i) => `Предел-${x}-${i}`)));
    }
  });

  it('gives an administrator every module as CSV in one zip; nobody else', async () => {
    const x = Math.random().toString(36).slice(2, 8);
    await sales1.post('/api/v1/records/contacts', { last_name: `Архивов-${x}` });
    expect((await manager.get('/api/v1/export/company')).status).toBe(403);
    const r = await admin.get('/api/v1/export/company');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/zip');
    const files = unzipSync(new Uint8Array(r.bytes));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['accounts.csv', 'contacts.csv', 'deals.csv', 'invoices.csv']));
    const contacts = strFromU8(files['contacts.csv']);
    expect([...files['contacts.csv'].slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a BOM for spreadsheet programs
    expect(contacts.split('\n')[0].split(',')).toEqual(expect.arrayContaining(['number', 'last_name', 'account_id', 'assigned_to']));
    expect(contacts).toContain(`Архивов-${x}`);
  });

  it('stops reading modules once the client has gone away', async () => {
    const ctx = await contextFor(t.app, t.users.admin);
    const modules = ctx.registry.list();
    const started = new Set<string>();
    // Counts the modules the export begins to read.
    const registry = Object.assign(Object.create(Object.getPrototypeOf(ctx.registry)), ctx.registry, {
      list: () => modules.map((m) => new Proxy(m, { get: (target, key) => (key === 'allFields' && started.add(target.name), Reflect.get(target, key)) })),
    });
    const stream = exportCompany({ ...ctx, registry });
    stream.destroy(); // what the server does to the body when the connection closes
    for (let last = -1; last !== started.size;) {
      last = started.size;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(modules.length).toBeGreaterThan(20);
    expect(started.size).toBeLessThanOrEqual(1);
  });

  it('shows a user their own webservice access key (administrators: anyone\'s) and makes a new one on request', async () => {
    const mine = (await sales1.get(`/api/v1/users/${sales1.userId}`)).body.data.access_key;
    expect(mine).toMatch(/^[A-Za-z0-9]{16}$/);
    expect((await sales1.get(`/api/v1/users/${manager.userId}`)).status).toBe(403);
    expect((await admin.get(`/api/v1/users/${sales1.userId}`)).body.data.access_key).toBe(mine);
    const renewed = (await sales1.post(`/api/v1/users/${sales1.userId}/access_key`)).body.data.access_key;
    expect(renewed).not.toBe(mine);
    expect((await sales1.get(`/api/v1/users/${sales1.userId}`)).body.data.access_key).toBe(renewed);
    expect((await sales1.get('/api/v1/users')).body.data.every((u: any) => u.access_key === undefined)).toBe(true);
  });
});
