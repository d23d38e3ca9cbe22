import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { contextFor } from '../system-context.js';
import { createMany } from '../records/create-many.js';

let t: TestApp;
let admin: Client, manager: Client, sales1: Client, sales2: Client;

beforeAll(async () => {
  t = await createTestApp();
  [admin, manager, sales1, sales2] = await Promise.all(['admin', 'manager', 'sales1', 'sales2'].map((u) => t.login(u)));
});
afterAll(() => t.close());

const tag = () => Math.random().toString(36).slice(2, 8);
const create = async (c: Client, module: string, body: Record<string, unknown>) => {
  const r = await c.post(`/api/v1/records/${module}`, body);
  expect(r.status, r.raw).toBe(201);
  return r.body.data as Record<string, any>;
};

describe('finding duplicates', () => {
  it('groups records whose fields match once normalised: phones by digits with +7/8, company names without the legal form', async () => {
    const x = tag();
    const a = await create(sales1, 'contacts', { last_name: `Дубов-${x}`, mobile: `+7 (901) 7${x.length}0-11-22` });
    const b = await create(sales1, 'contacts', { last_name: `Дубова-${x}`, mobile: `8 901 7${x.length}0 11 22` });
    await create(sales1, 'contacts', { last_name: `Другой-${x}`, mobile: '+7 901 000 00 00' });
    const r = await sales1.post('/api/v1/duplicates/contacts', { fields: ['mobile'] });
    expect(r.status, r.raw).toBe(200);
    const group = r.body.data.groups.find((g: any) => g.records.some((rec: any) => rec.id === a.id));
    expect(group.records.map((rec: any) => rec.id).sort()).toEqual([a.id, b.id].sort());

    const c1 = await create(manager, 'accounts', { name: `ООО «Ромашка ${x}»` });
    const c2 = await create(manager, 'accounts', { name: `Ромашка ${x}, ООО` });
    const byName = (await manager.post('/api/v1/duplicates/accounts', { fields: ['name'] })).body.data;
    expect(byName.groups.find((g: any) => g.key === `ромашка ${x}`)?.records.map((rec: any) => rec.id).sort()).toEqual([c1.id, c2.id].sort());
  });

  it("a person's whole name is `name`: first and last name compared as one, normalised", async () => {
    const x = tag();
    const a = await create(sales1, 'contacts', { first_name: 'Анна', last_name: `Полная-${x}` });
    const b = await create(sales1, 'contacts', { first_name: ' анна ', last_name: `ПОЛНАЯ-${x}` });
    await create(sales1, 'contacts', { first_name: 'Мария', last_name: `Полная-${x}` });
    const r = await sales1.post('/api/v1/duplicates/contacts', { fields: ['name'] });
    expect(r.status, r.raw).toBe(200);
    const group = r.body.data.groups.find((g: any) => g.records.some((rec: any) => rec.id === a.id));
    expect(group.records.map((rec: any) => rec.id).sort()).toEqual([a.id, b.id].sort());
  });

  it('gives every record of every group on a page, more than a list page holds', async () => {
    const x = tag();
    const ctx = await contextFor(t.app, t.users.admin);
    await createMany(ctx, 'vendors', Array.from({ length: 600 }, (_, i) => ({ name: `Поставщик ${x} ${Math.floor(i / 20)}` })));
    const r = await admin.post('/api/v1/duplicates/vendors', { fields: ['name'] });
    expect(r.status, r.raw).toBe(200);
    const mine = r.body.data.groups.filter((g: any) => g.key.includes(x));
    expect(mine).toHaveLength(30);
    expect(mine.map((g: any) => [g.count, g.records.length])).toEqual(mine.map(() => [20, 20]));
  });

  it('only among records the caller may see', async () => {
    const x = tag();
    await create(sales2, 'contacts', { last_name: `Чужой-${x}`, email: `secret.${x}@example.ru` });
    await create(sales2, 'contacts', { last_name: `Чужой2-${x}`, email: `SECRET.${x}@example.ru` });
    const mine = (await sales1.post('/api/v1/duplicates/contacts', { fields: ['email'] })).body.data;
    expect(mine.groups.some((g: any) => g.key === `secret.${x}@example.ru`)).toBe(false);
    const boss = (await admin.post('/api/v1/duplicates/contacts', { fields: ['email'] })).body.data;
    expect(boss.groups.some((g: any) => g.key === `secret.${x}@example.ru`)).toBe(true);
    expect((await sales1.post('/api/v1/duplicates/contacts', { fields: ['nope'] })).status).toBe(400);
    expect((await sales1.post('/api/v1/duplicates/accounts', { fields: ['name', 'nope'] })).status).toBe(400);
    expect((await sales1.post('/api/v1/duplicates/contacts', { fields: [] })).status).toBe(400);
  });

  it('warns before a likely duplicate is created, naming the fields it shares', async () => {
    const x = tag();
    const acc = await create(manager, 'accounts', { name: `Проверка ${x}`, inn: `77${x.length}1234567`.slice(0, 10), website: `https://check-${x}.ru` });
    const hits = (await manager.post('/api/v1/duplicates/accounts/check', { values: { name: `ООО "Проверка ${x}"`, website: `check-${x}.ru/about` } })).body.data;
    expect(hits).toEqual([expect.objectContaining({ id: acc.id, number: acc.number, matched_on: expect.arrayContaining(['name', 'website']) })]);
    expect((await manager.post('/api/v1/duplicates/accounts/check', { values: { name: `Совсем другое ${x}` } })).body.data).toEqual([]);
    // Its own id is left out (an edit is not a duplicate of itself).
    expect((await manager.post('/api/v1/duplicates/accounts/check', { id: acc.id, values: { name: `Проверка ${x}` } })).body.data).toEqual([]);
    // Through the API, asked for: a create refused while a likely duplicate is there, in the caller's language.
    const refused = await manager.request('POST', '/api/v1/records/accounts?duplicates=refuse', { name: `Проверка ${x}, ООО` }, { 'accept-language': 'ru' });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'CONFLICT']);
    expect(refused.body.error.message).toContain(acc.number);
    expect(refused.body.error.fields).toEqual({ name: `совпадает с ${acc.number}` });
    expect((await manager.post('/api/v1/records/accounts?duplicates=refuse', { name: `Другая ${x}` })).status).toBe(201);
    expect((await manager.post('/api/v1/records/accounts', { name: `Проверка ${x}, ООО` })).status).toBe(201); // not asked: saved
  });
});

describe('merging', () => {
  it('moves related records, links, comments, activities, tags, followers and history to the survivor in one go', async () => {
    const x = tag();
    const keep = await create(manager, 'contacts', { last_name: `Слияние-${x}`, email: `old.${x}@example.ru`, title: 'Менеджер', tags: ['vip'] });
    const gone = await create(manager, 'contacts', { last_name: `Слияние-${x}`, email: `new.${x}@example.ru`, phone: '+7 495 111-22-33', tags: ['партнёр'] });
    const comment = await create(manager, 'comments', { body: `О втором ${x}`, related_to: gone.id });
    const task = await create(manager, 'tasks', { subject: `Позвонить ${x}`, due_date: '2026-12-31', related_to: gone.id });
    const deal = await create(manager, 'deals', { name: `Сделка ${x}`, close_date: '2027-01-31', contact_id: gone.id });
    await manager.post(`/api/v1/records/deals/${deal.id}/related/contacts`, { id: gone.id });
    const doc = await create(manager, 'documents', { title: `Договор ${x}`, url: 'https://example.com/d.pdf' });
    await manager.post(`/api/v1/records/contacts/${gone.id}/related/documents`, { id: doc.id });
    await admin.put(`/api/v1/records/contacts/${gone.id}/follow`);

    const r = await manager.post('/api/v1/records/contacts/merge', { ids: [keep.id, gone.id], values: { email: gone.id, phone: gone.id } });
    expect(r.status, r.raw).toBe(200);
    expect(r.body.data).toMatchObject({ id: keep.id, email: `new.${x}@example.ru`, phone: '+7 495 111-22-33', title: 'Менеджер' });
    expect([...r.body.data.tags].sort()).toEqual(['vip', 'партнёр'].sort());

    expect((await manager.get(`/api/v1/records/comments/${comment.id}`)).body.data.related_to).toBe(keep.id);
    expect((await manager.get(`/api/v1/records/tasks/${task.id}`)).body.data.related_to).toBe(keep.id);
    expect((await manager.get(`/api/v1/records/deals/${deal.id}`)).body.data.contact_id).toBe(keep.id);
    const dealContacts = (await manager.get(`/api/v1/records/deals/${deal.id}/related/contacts`)).body.data.map((c: any) => c.id);
    expect(dealContacts).toEqual([keep.id]);
    const docs = (await manager.get(`/api/v1/records/contacts/${keep.id}/related/documents`)).body.data.map((d: any) => d.id);
    expect(docs).toEqual([doc.id]);
    expect((await admin.get(`/api/v1/records/contacts/${keep.id}/follow`)).body.following).toBe(true);

    expect((await manager.get(`/api/v1/records/contacts/${gone.id}`)).status).toBe(404);
    const history = (await manager.get(`/api/v1/records/contacts/${keep.id}/history`)).body.data as any[];
    expect(history.map((h) => h.action)).toEqual(expect.arrayContaining(['merge', 'create', 'update']));
    expect(history.filter((h) => h.action === 'create')).toHaveLength(2);
    const taskHistory = (await manager.get(`/api/v1/records/tasks/${task.id}/history`)).body.data as any[];
    expect(taskHistory[0]).toMatchObject({ action: 'update', changes: { related_to: [gone.id, keep.id] } });
  });

  it('merges duplicate products only while no stock, price or document line names them', async () => {
    const x = tag();
    const p = async () => (await admin.post('/api/v1/records/products', { name: `Кабель ${x}`, unit_price: '10' })).body.data.id as string;
    const [a, b, c, d] = [await p(), await p(), await p(), await p()];
    expect((await admin.post('/api/v1/records/products/merge', { ids: [a, b] })).status).toBe(200);
    const account = (await admin.post('/api/v1/records/accounts', { name: `Покупатель ${x}` })).body.data.id;
    expect((await admin.post('/api/v1/records/quotes', { subject: 'КП', account_id: account, status: 'created', currency: 'RUB', lines: [{ item_module: 'products', item_id: d, quantity: 1 }] })).status).toBe(201);
    const refused = await admin.post('/api/v1/records/products/merge', { ids: [c, d] }, { 'accept-language': 'ru' });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'CONFLICT']);
    expect((await admin.get(`/api/v1/records/products/${d}`)).status).toBe(200);
    // A price in the register names the product too.
    const [e, f] = [await p(), await p()];
    const type = (await admin.post('/api/v1/records/price_types', { name: `Опт ${x}`, kind: 'manual' })).body.data.id;
    expect((await admin.post('/api/v1/pricing/prices', { date: '2026-01-01', prices: [{ product_id: f, price_type_id: type, price: '8' }] })).status).toBeLessThan(300);
    expect((await admin.post('/api/v1/records/products/merge', { ids: [e, f] })).status).toBe(409);
  });

  it('is all or nothing: a record the caller may not change stops the merge and nothing moves', async () => {
    const x = tag();
    const mine = await create(sales1, 'contacts', { last_name: `Мой-${x}` });
    const theirs = await create(sales2, 'contacts', { last_name: `Их-${x}` });
    const note = await create(sales1, 'comments', { body: 'x', related_to: mine.id });
    expect((await sales1.post('/api/v1/records/contacts/merge', { ids: [theirs.id, mine.id] })).status).toBe(404);
    expect((await sales1.get(`/api/v1/records/comments/${note.id}`)).body.data.related_to).toBe(mine.id);
    expect((await sales1.get(`/api/v1/records/contacts/${mine.id}`)).status).toBe(200);
    expect((await sales1.post('/api/v1/records/contacts/merge', { ids: [mine.id] })).status).toBe(400);
    const other = await create(sales1, 'contacts', { last_name: `Мой2-${x}` });
    expect((await sales1.post('/api/v1/records/contacts/merge', { ids: [mine.id, other.id], values: { title: theirs.id } })).status).toBe(400);
    expect((await sales1.post('/api/v1/records/contacts/merge', { ids: [mine.id, other.id], values: { number: other.id } })).status).toBe(400);
  });
});
