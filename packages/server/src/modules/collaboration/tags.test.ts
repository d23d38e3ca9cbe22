import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { salesProfile } from '../../testing/sales-profile.js';

let t: TestApp;
let sales1: Client, sales2: Client;

beforeAll(async () => {
  t = await createTestApp();
  [sales1, sales2] = await Promise.all(['sales1', 'sales2'].map((u) => t.login(u)));
});
afterAll(() => t.close());

describe('tags', () => {
  it('any record takes free tags (trimmed, each once), filterable, with a tag cloud over what the caller may see', async () => {
    const a = (await sales1.post('/api/v1/records/accounts', { name: 'Тег 1', tags: [' VIP ', 'опт', 'VIP'] })).body.data;
    expect(a.tags).toEqual(['VIP', 'опт']);
    await sales1.post('/api/v1/records/accounts', { name: 'Тег 2', tags: ['опт', '重要'] });
    await sales2.post('/api/v1/records/accounts', { name: 'Чужой', tags: ['опт', 'секрет'] });
    const found = (await sales1.get(`/api/v1/records/accounts?filter[tags][contains]=${encodeURIComponent('опт')}&fields=name`)).body.data;
    expect(found.map((x: any) => x.name).sort()).toEqual(['Тег 1', 'Тег 2']);
    expect((await sales1.get('/api/v1/records/accounts/tags')).body.data).toEqual([
      { tag: 'опт', count: 2 }, { tag: 'VIP', count: 1 }, { tag: '重要', count: 1 },
    ]);
    // Whoever may not see the field sees no cloud.
    const admin = await t.login('admin');
    const profile = await salesProfile(admin);
    expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { accounts: { tags: 'hidden' } } })).status).toBe(200);
    try {
      expect((await sales1.get('/api/v1/records/accounts/tags')).body.data).toEqual([]);
    } finally {
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: {} })).status).toBe(200);
    }
    const tooLong = await sales1.post('/api/v1/records/contacts', { last_name: 'Длинный', tags: ['x'.repeat(51)] });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.fields.tags).toBeTruthy();
    // Every module has them, deals too.
    const d = await sales1.post('/api/v1/records/deals', { name: 'С тегом', close_date: '2026-12-31', tags: ['тендер'] });
    expect(d.body.data.tags).toEqual(['тендер']);
  });
});

describe('follow', () => {
  const followed = async (c: Client, id: string) => ((await c.get('/api/v1/notifications')).body.data as any[]).filter((n) => n.kind === 'followed_change' && n.record?.id === id);
  const eventually = async (fn: () => Promise<number>, want: number) => {
    for (let i = 0; i < 40 && (await fn()) !== want; i++) await new Promise((r) => setTimeout(r, 50));
    return fn();
  };

  it('"Notify owner" makes the owner hear of others\' changes, once, and of nobody\'s while it is off', async () => {
    const manager = await t.login('manager');
    const a = (await sales1.post('/api/v1/records/accounts', { name: 'Уведомляемый', notify_owner: true })).body.data;
    const b = (await sales1.post('/api/v1/records/accounts', { name: 'Без уведомлений' })).body.data;
    await manager.patch(`/api/v1/records/accounts/${a.id}`, { phone: '+7 100' });
    await manager.patch(`/api/v1/records/accounts/${b.id}`, { phone: '+7 200' });
    expect(await eventually(async () => (await followed(sales1, a.id)).length, 1)).toBe(1);
    await sales1.patch(`/api/v1/records/accounts/${a.id}`, { phone: '+7 101' });
    await new Promise((r) => setTimeout(r, 300));
    expect(await followed(sales1, a.id)).toHaveLength(1); // not for one's own change
    expect(await followed(sales1, b.id)).toHaveLength(0);
    // Following it as well still brings one notification a change.
    await sales1.put(`/api/v1/records/accounts/${a.id}/follow`);
    await manager.patch(`/api/v1/records/accounts/${a.id}`, { phone: '+7 102' });
    expect(await eventually(async () => (await followed(sales1, a.id)).length, 2)).toBe(2);
    // A change of fields the follower may not see is not told; one of both names only the field they see.
    const admin = await t.login('admin');
    const profile = await salesProfile(admin);
    expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { accounts: { website: 'hidden' } } })).status).toBe(200);
    try {
      await manager.patch(`/api/v1/records/accounts/${a.id}`, { website: 'https://secret.example' });
      await manager.patch(`/api/v1/records/accounts/${a.id}`, { website: 'https://other.example', phone: '+7 103' });
      expect(await eventually(async () => (await followed(sales1, a.id)).length, 3)).toBe(3);
      await new Promise((r) => setTimeout(r, 300));
      const told = await followed(sales1, a.id);
      expect(told).toHaveLength(3);
      expect(told.map((n: any) => n.message).join(' ')).not.toContain('website');
    } finally {
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: {} })).status).toBe(200);
    }
  });

  it('followers hear of changes made by others; unfollowing stops it; a record one cannot see cannot be followed', async () => {
    const manager = await t.login('manager');
    const a = (await sales1.post('/api/v1/records/accounts', { name: 'Под наблюдением' })).body.data;
    expect((await sales2.put(`/api/v1/records/accounts/${a.id}/follow`)).status).toBe(404);
    expect((await manager.put(`/api/v1/records/accounts/${a.id}/follow`)).body).toEqual({ following: true, followers: 1 });
    await sales1.put(`/api/v1/records/accounts/${a.id}/follow`);
    const v2 = (await sales1.patch(`/api/v1/records/accounts/${a.id}`, { phone: '+7 000' }, { 'If-Match': `"${a.version}"` })).body.data;
    expect(await eventually(async () => (await followed(manager, a.id)).length, 1)).toBe(1);
    expect(await followed(sales1, a.id)).toHaveLength(0); // not for one's own change
    expect((await manager.del(`/api/v1/records/accounts/${a.id}/follow`)).body).toEqual({ following: false, followers: 1 });
    // Who cannot see the record learns nothing of its followers by unfollowing it; a malformed id is no error.
    expect((await sales2.del(`/api/v1/records/accounts/${a.id}/follow`)).body).toEqual({ following: false, followers: 0 });
    expect((await sales2.del('/api/v1/records/accounts/not-an-id/follow')).status).toBe(200);
    await sales1.patch(`/api/v1/records/accounts/${a.id}`, { phone: '+7 001' }, { 'If-Match': `"${v2.version}"` });
    await new Promise((r) => setTimeout(r, 300));
    expect(await followed(manager, a.id)).toHaveLength(1);
  });
});
