/**
 * A comment is read with its record (`livesOn`): whoever may not see the record sees nothing of what was said about
 * it — by id, history, timeline, list, `q`, `filter[id]`, `/query`, `count`, CSV export, global search, the tag
 * cloud or a mention — whether they are a sibling, in another branch of the role tree, or above the author's role
 * only through the record (a subordinate looking at a superior's record).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let manager: Client, sales1: Client, sales2: Client, marketing: Client;
const secret = 'КОНФИДЕНЦИАЛЬНО-7Q';
const bossSecret = 'РУКОВОДСТВО-9Z';
let privateAcc = '', comment = '', managerAcc = '', managerComment = '', publicProduct = '', productComment = '';

beforeAll(async () => {
  t = await createTestApp();
  [manager, sales1, sales2, marketing] = await Promise.all(['manager', 'sales1', 'sales2', 'marketing'].map((u) => t.login(u)));
  privateAcc = (await sales1.post('/api/v1/records/accounts', { name: 'Частный клиент Ивана' })).body.data.id;
  const c = await sales1.post('/api/v1/records/comments', { body: `${secret} скидка 40% @sales2 @marketing`, related_to: privateAcc, tags: ['secret-tag'] });
  expect(c.status).toBe(201);
  comment = c.body.data.id;
  managerAcc = (await manager.post('/api/v1/records/accounts', { name: 'Клиент руководителя' })).body.data.id;
  managerComment = (await manager.post('/api/v1/records/comments', { body: `${bossSecret} руководитель`, related_to: managerAcc, tags: ['boss-tag'] })).body.data.id;
  const admin = await t.login('admin');
  publicProduct = (await admin.post('/api/v1/records/products', { name: 'Открытый товар' })).body.data.id;
  productComment = (await sales1.post('/api/v1/records/comments', { body: 'Про товар', related_to: publicProduct })).body.data.id;
});
afterAll(() => t.close());

/** Every read path of the audit; each returns true when the caller learned something of the comment. */
async function leaks(who: Client, id: string, secret: string, tag: string): Promise<string[]> {
  const found: string[] = [];
  const has = (label: string, text: string) => { if (text.includes(id) || text.includes(secret)) found.push(label); };
  const get = async (label: string, url: string) => { const r = await who.get(url); has(label, r.raw); return r; };
  expect((await get('get', `/api/v1/records/comments/${id}`)).status).toBe(404);
  await get('history', `/api/v1/records/comments/${id}/history`);
  await get('timeline', `/api/v1/records/comments/${id}/timeline`);
  await get('list', '/api/v1/records/comments?limit=500');
  await get('q', `/api/v1/records/comments?q=${encodeURIComponent(secret.toLowerCase())}`);
  await get('filter[id]', `/api/v1/records/comments?filter[id]=${id}`);
  has('query', (await who.post('/api/v1/records/comments/query', { where: { field: 'id', op: 'eq', value: id } })).raw);
  const count = await who.get(`/api/v1/records/comments?count=1&filter[id]=${id}`);
  if (count.body.total !== 0) found.push('count');
  await get('export', '/api/v1/records/comments/export?format=csv');
  await get('search', `/api/v1/search?q=${encodeURIComponent(secret)}`);
  const cloud = await who.get('/api/v1/records/comments/tags');
  if (cloud.raw.includes(tag)) found.push('tags');
  await get('related', `/api/v1/records/comments/${id}/related/replies`);
  return found;
}

describe('comments are read with their record', () => {
  it('a sibling learns nothing of a comment on a private record', async () => {
    expect(await leaks(sales2, comment, secret, 'secret-tag')).toEqual([]);
  });
  it('another branch of the role tree learns nothing either', async () => {
    expect(await leaks(marketing, comment, secret, 'secret-tag')).toEqual([]);
  });
  it('nor does a subordinate of a comment on the superior’s private record', async () => {
    expect(await leaks(sales1, managerComment, bossSecret, 'boss-tag')).toEqual([]);
  });
  it('the author and the manager above see it everywhere', async () => {
    for (const who of [sales1, manager]) {
      expect((await who.get(`/api/v1/records/comments/${comment}`)).status).toBe(200);
      expect((await who.get(`/api/v1/records/comments?filter[id]=${comment}&count=1`)).body.total).toBe(1);
      expect((await who.get(`/api/v1/search?q=${encodeURIComponent(secret)}`)).raw).toContain(comment);
      expect((await who.get(`/api/v1/records/accounts/${privateAcc}/timeline`)).raw).toContain(secret);
    }
  });
  it('a comment on a record everyone may read is read by everyone who may read comments', async () => {
    expect((await sales2.get(`/api/v1/records/comments/${productComment}`)).status).toBe(200);
    expect((await marketing.get(`/api/v1/records/comments/${productComment}`)).status).toBe(200);
  });
  it('nor by someone whose profile may not view the record\'s module, who cannot comment on it either', async () => {
    const { withSalesModules, without } = await import('../../testing/sales-profile.js');
    await withSalesModules(await t.login('admin'), without('products'), async () => {
      expect(await leaks(sales2, productComment, 'Про товар', '-')).toEqual([]);
      expect((await sales2.post('/api/v1/records/comments', { body: 'Тоже про товар', related_to: publicProduct })).status).toBe(400);
    });
    expect((await sales2.get(`/api/v1/records/comments/${productComment}`)).status).toBe(200);
  });
  it('a mention does not reach someone who may not see the record', async () => {
    for (const who of [sales2, marketing]) {
      const n = await who.get('/api/v1/notifications');
      expect(n.raw).not.toContain(secret);
      expect(n.raw).not.toContain(privateAcc);
    }
  });
  it('a comment goes with its record to the recycle bin', async () => {
    const acc = (await sales1.post('/api/v1/records/accounts', { name: 'Удаляемый' })).body.data.id;
    const cm = (await sales1.post('/api/v1/records/comments', { body: 'на удаляемом', related_to: acc })).body.data.id;
    expect((await manager.get(`/api/v1/records/comments/${cm}`)).status).toBe(200);
    expect((await sales1.del(`/api/v1/records/accounts/${acc}`)).status).toBe(204);
    expect((await manager.get(`/api/v1/records/comments/${cm}`)).status).toBe(404);
  });
  it('notifications and personal reminders stop naming a record once it is out of sight', async () => {
    const acc = (await manager.post('/api/v1/records/accounts', { name: 'Передаваемый клиент', assigned_to: t.users.sales2 })).body.data.id;
    const at = new Date(Date.now() + 3_600_000).toISOString();
    expect((await sales2.post('/api/v1/reminders', { module: 'accounts', record_id: acc, at, note: 'позвонить' })).status).toBe(201);
    const before = await sales2.get('/api/v1/notifications');
    expect(before.body.data.find((n: any) => n.record?.id === acc)?.record.label).toBe('Передаваемый клиент');
    await manager.patch(`/api/v1/records/accounts/${acc}`, { assigned_to: t.users.sales1 });
    const after = await sales2.get('/api/v1/notifications');
    expect(after.raw).not.toContain('Передаваемый клиент');
    expect(after.raw).not.toContain(acc);
    const reminders = await sales2.get('/api/v1/reminders');
    expect(reminders.raw).not.toContain('Передаваемый клиент');
    expect(reminders.raw).not.toContain('позвонить');
  });
});
