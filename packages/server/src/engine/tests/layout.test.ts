import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { applyLayout } from '../registry/layout.js';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { salesProfile } from '../../testing/sales-profile.js';

const L = (en: string) => ({ en, ru: en, uk: en, zh: en });

describe('a layout over the declared blocks (pure)', () => {
  const declared = [{ key: 'main', label: L('Main'), fields: ['name', 'phone', 'email'] }, { key: 'address', label: L('Address'), fields: ['city'] }];
  const names = new Set(['name', 'phone', 'email', 'city', 'cf_x']);
  it('orders blocks and fields, adds blocks, moves fields; what it leaves out stays where declared, nothing twice', () => {
    const got = applyLayout(declared, [
      { key: 'address', fields: ['city', 'phone'] },
      { key: 'custom_vip', label: L('VIP'), fields: ['cf_x', 'nope', 'phone'] },
    ], names);
    expect(got.map((b) => [b.key, b.fields])).toEqual([['address', ['city', 'phone']], ['custom_vip', ['cf_x']], ['main', ['name', 'email']]]);
  });
});

describe('the layout editor API', () => {
  let t: TestApp;
  let admin: Client, sales1: Client;
  beforeAll(async () => {
    t = await createTestApp();
    [admin, sales1] = await Promise.all([t.login('admin'), t.login('sales1')]);
    expect((await admin.post('/api/v1/meta/modules/accounts/fields', { name: 'cf_loyalty', type: 'text', label: 'Loyalty' })).status).toBe(201);
  });
  afterAll(() => t.close());

  it('moves a custom field into any block, adds a block, reorders — the form and the record page follow', async () => {
    const before = (await admin.get('/api/v1/meta/modules/accounts/layout')).body;
    expect(before.blocks.find((b: any) => b.key === 'custom').fields).toEqual(['cf_loyalty']);
    const first = before.blocks[0];
    const put = await admin.put('/api/v1/meta/modules/accounts/layout', {
      blocks: [{ key: 'custom_vip', label: { en: 'VIP', ru: 'VIP-клиент' }, fields: ['cf_loyalty', 'rating'] }, { key: first.key, fields: first.fields.filter((f: string) => f !== 'rating').reverse() }],
    });
    expect(put.status).toBe(200);
    const meta = (await sales1.request('GET', '/api/v1/meta/modules/accounts?lang=ru')).body.data;
    expect(meta.blocks[0]).toEqual({ key: 'custom_vip', label: 'VIP-клиент', fields: ['cf_loyalty', 'rating'] });
    expect(meta.blocks[1].fields[0]).toBe(first.fields.filter((f: string) => f !== 'rating').reverse()[0]);
    expect(meta.blocks.some((b: any) => b.key === 'custom')).toBe(true);
    expect(meta.blocks.flatMap((b: any) => b.fields).filter((f: string) => f === 'cf_loyalty')).toHaveLength(1);
    // Two administrators arranging at once: the one who saves from an older layout is refused, nothing lost.
    expect(before.revision).toBeNull();
    const mine = (await admin.get('/api/v1/meta/modules/accounts/layout')).body;
    expect(mine.revision).toBe(put.body.revision);
    const stale = await admin.request('PUT', '/api/v1/meta/modules/accounts/layout?lang=ru', { blocks: before.blocks.map(({ key, label, fields }: any) => ({ key, label, fields })), revision: before.revision });
    expect(stale.status).toBe(409);
    expect(stale.body.error.fields.revision).toBe('не последняя версия');
    expect((await sales1.request('GET', '/api/v1/meta/modules/accounts')).body.data.blocks[0].key).toBe('custom_vip');
    const again = await admin.put('/api/v1/meta/modules/accounts/layout', { blocks: mine.blocks.map(({ key, label, fields }: any) => ({ key, label, fields })), revision: mine.revision });
    expect(again.status, again.raw).toBe(200);
    expect(again.body.revision).not.toBe(mine.revision);
  });

  it('refuses a bad layout at its path and changes nothing; only administrators arrange', async () => {
    const bad = await admin.put('/api/v1/meta/modules/accounts/layout', { blocks: [{ key: 'custom_x', fields: ['nope', 'name', 'name'] }, { key: 'zzz', fields: [] }] });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['blocks[0].fields[0]', 'blocks[0].fields[2]', 'blocks[0].label', 'blocks[1].key']);
    expect((await admin.get('/api/v1/meta/modules/accounts')).body.data.blocks[0].key).toBe('custom_vip');
    expect((await sales1.put('/api/v1/meta/modules/accounts/layout', { blocks: [{ key: 'custom_vip', label: 'x', fields: [] }] })).status).toBe(403);
  });

  it('relabels a custom field, and deleting keeps its data until confirmed', async () => {
    const acc = (await sales1.post('/api/v1/records/accounts', { name: 'Лояльный', cf_loyalty: 'gold' })).body.data.id;
    expect((await admin.patch('/api/v1/meta/modules/accounts/fields/cf_loyalty', { label: { en: 'Loyalty level', ru: 'Уровень лояльности' }, required: false })).status).toBe(204);
    expect((await sales1.request('GET', '/api/v1/meta/modules/accounts?lang=ru')).body.data.fields.find((f: any) => f.name === 'cf_loyalty').label).toBe('Уровень лояльности');
    expect((await sales1.patch(`/api/v1/records/accounts/${acc}`, { cf_loyalty: 'platinum' })).status).toBe(200);
    const historyOf = async () => ((await sales1.get(`/api/v1/records/accounts/${acc}/history`)).body.data as any[]).flatMap((e) => Object.keys(e.changes));
    const timelineOf = async () => ((await sales1.get(`/api/v1/records/accounts/${acc}/timeline`)).body.data as any[]).flatMap((e) => Object.keys(e.detail ?? {}));
    expect(await historyOf()).toContain('cf_loyalty');
    const profile = await salesProfile(admin);
    const ruled = (await admin.get(`/api/v1/profiles/${profile}`)).body.data.fields;
    expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { ...ruled, accounts: { ...ruled.accounts, cf_loyalty: 'read_only' } } })).status).toBe(200);
    expect((await admin.del('/api/v1/meta/modules/accounts/fields/cf_loyalty')).status).toBe(204);
    // The profile, loaded and saved back as the settings screen does, keeps its rule on the deleted field.
    const loaded = (await admin.get(`/api/v1/profiles/${profile}`)).body.data.fields;
    expect(loaded.accounts.cf_loyalty).toBe('read_only');
    expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: loaded })).status).toBe(200);
    // A deleted field's values leave the record's history and timeline with it (whatever rules hid it from whom).
    expect(await historyOf()).not.toContain('cf_loyalty');
    expect(await timelineOf()).not.toContain('cf_loyalty');
    expect((await sales1.get(`/api/v1/records/accounts/${acc}`)).body.data.cf_loyalty).toBeUndefined();
    expect((await sales1.get('/api/v1/meta/modules/accounts')).body.data.fields.some((f: any) => f.name === 'cf_loyalty')).toBe(false);
    expect((await admin.get('/api/v1/meta/modules/accounts/layout')).body.deleted_fields.map((f: any) => f.name)).toEqual(['cf_loyalty']);
    expect((await admin.post('/api/v1/meta/modules/accounts/fields', { name: 'cf_loyalty', type: 'text', label: 'Again' })).status).toBe(409);
    expect((await admin.post('/api/v1/meta/modules/accounts/fields/cf_loyalty/restore')).status).toBe(204);
    expect((await sales1.get(`/api/v1/records/accounts/${acc}`)).body.data.cf_loyalty).toBe('platinum');
    expect(await historyOf()).toContain('cf_loyalty');
    // Purge only what was deleted first; then the data is gone for good.
    expect((await admin.request('DELETE', '/api/v1/meta/modules/accounts/fields/cf_loyalty?purge=1')).status).toBe(409);
    await admin.del('/api/v1/meta/modules/accounts/fields/cf_loyalty');
    expect((await admin.request('DELETE', '/api/v1/meta/modules/accounts/fields/cf_loyalty?purge=1')).status).toBe(204);
    expect((await admin.get('/api/v1/meta/modules/accounts/layout')).body.deleted_fields).toEqual([]);
    expect((await admin.get(`/api/v1/profiles/${profile}`)).body.data.fields.accounts?.cf_loyalty).toBeUndefined();
    const placed = (await sql<{ blocks: { key: string; fields: string[] }[] }>`select blocks from module_layouts where module = 'accounts'`.execute(t.app.database.db)).rows[0].blocks;
    expect(placed.flatMap((b) => b.fields)).not.toContain('cf_loyalty');
    expect(placed.find((b) => b.key === 'custom_vip')?.fields).toEqual(['rating']);
    // Purged, its values are gone from the audit too: a new field of its name shows none of them.
    expect((await sql`select 1 from audit_log where record_id = ${acc} and changes ? 'cf_loyalty'`.execute(t.app.database.db)).rows).toHaveLength(0);
    // The edit that changed only it is not left in the history as an empty change.
    expect(((await sales1.get(`/api/v1/records/accounts/${acc}/history`)).body.data as any[]).filter((e) => e.action === 'update' && !Object.keys(e.changes).length)).toEqual([]);
    expect(((await sales1.get(`/api/v1/records/accounts/${acc}/timeline`)).body.data as any[]).filter((e) => e.kind === 'change' && e.title === 'update' && !Object.keys(e.detail ?? {}).length)).toEqual([]);
    expect((await sales1.get(`/api/v1/records/accounts/${acc}`)).status).toBe(200);
  });

  it('a module whose table is full says so at the field, not as a server error', async () => {
    const have = (await sql<{ n: number }>`select count(*)::int as n from pg_attribute where attrelid = to_regclass('faqs') and attnum > 0`.execute(t.app.database.db)).rows[0].n;
    const fill = Array.from({ length: 1_590 - have }, (_, i) => `add column zz_fill_${i} int`).join(', ');
    await sql.raw(`alter table faqs ${fill}`).execute(t.app.database.db);
    const r = await admin.request('POST', '/api/v1/meta/modules/faqs/fields?lang=ru', { name: 'cf_more', type: 'text', label: 'More' });
    expect(r.status, r.raw).toBe(409);
    expect(r.body.error.fields.name).toBe('в этом модуле больше нет места');
  });
});
