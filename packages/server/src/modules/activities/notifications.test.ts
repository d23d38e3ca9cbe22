import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribe } from './notifications.js';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { salesProfile } from '../../testing/sales-profile.js';

let t: TestApp;
let manager: Client, sales1: Client, sales2: Client;

beforeAll(async () => {
  t = await createTestApp();
  [manager, sales1, sales2] = await Promise.all(['manager', 'sales1', 'sales2'].map((u) => t.login(u)));
});
afterAll(() => t.close());

describe('notifications', () => {
  it('a record assigned to you by someone else notifies you; assigning to yourself does not', async () => {
    const before = (await sales1.get('/api/v1/notifications')).body.unread;
    await manager.post('/api/v1/records/tasks', { subject: 'Подготовить КП', due_date: '2026-12-01', assigned_to: t.users.sales1 });
    await sales1.post('/api/v1/records/tasks', { subject: 'Сам себе', due_date: '2026-12-01' });
    const r = await sales1.get('/api/v1/notifications');
    expect(r.body.unread).toBe(before + 1);
    expect(r.body.data[0]).toMatchObject({ kind: 'assigned', record: { module: 'tasks', label: 'Подготовить КП' }, read_at: null });
  });

  it("names the record as its reader may see it: a title field the reader's profile hides is not in the label", async () => {
    const admin = await t.login('admin');
    const profile = await salesProfile(admin);
    expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { contacts: { last_name: 'hidden' } } })).status).toBe(200);
    try {
      const c = (await manager.post('/api/v1/records/contacts', { first_name: 'Анна', last_name: 'Каренина-Секрет', assigned_to: t.users.sales2 })).body.data;
      const n = (await sales2.get('/api/v1/notifications')).body.data.find((x: any) => x.record?.id === c.id);
      expect(n.kind).toBe('assigned');
      expect(JSON.stringify(n)).not.toContain('Каренина-Секрет');
      expect(n.record.label).toBe('Анна');
    } finally {
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: {} })).status).toBe(200);
    }
  });

  it('a comment given to someone who may not see its record tells them nothing: no notice, no count', async () => {
    const account = (await sales1.post('/api/v1/records/accounts', { name: 'ООО Тайная цена' })).body.data.id;
    const before = (await sales2.get('/api/v1/notifications')).body.unread;
    const made = await sales1.post('/api/v1/records/comments', { related_to: account, body: 'Секретная цена 42', assigned_to: t.users.sales2 });
    expect(made.status).toBe(201);
    expect((await sales2.get('/api/v1/notifications')).body.unread).toBe(before);
    const stored = await sql`select 1 from notifications where user_id = ${t.users.sales2} and message like '%Секретная цена%'`.execute(t.app.database.db);
    expect(stored.rows).toHaveLength(0);
    // One who may see the record hears of it.
    await sales1.post('/api/v1/records/comments', { related_to: account, body: 'Для руководителя', assigned_to: t.users.manager });
    expect((await manager.get('/api/v1/notifications')).body.data[0]).toMatchObject({ kind: 'assigned', record: { module: 'comments' } });
  });

  it('an @mention in a comment notifies the one mentioned; read and read-all clear the count', async () => {
    const acc = (await sales1.post('/api/v1/records/accounts', { name: 'Клиент' })).body.data.id;
    await sales1.post('/api/v1/records/comments', { body: 'Посмотри, пожалуйста @manager', related_to: acc });
    const r = await manager.get('/api/v1/notifications');
    const mention = r.body.data.find((n: any) => n.kind === 'mention');
    expect(mention).toMatchObject({ record: { module: 'accounts', id: acc } });
    expect((await manager.post(`/api/v1/notifications/${mention.id}/read`)).status).toBe(204);
    expect((await manager.get('/api/v1/notifications')).body.data.find((n: any) => n.id === mention.id).read_at).not.toBeNull();
    // Someone else's notification is not found
    expect((await sales2.post(`/api/v1/notifications/${mention.id}/read`)).status).toBe(404);
    expect((await manager.post('/api/v1/notifications/read-all')).status).toBe(204);
    expect((await manager.get('/api/v1/notifications')).body.unread).toBe(0);
  });

  it('a notification written by any connection (another instance) reaches the open streams here, after it commits', async () => {
    const counts: number[] = [];
    const stop = subscribe(t.users.sales2, (n) => counts.push(n));
    try {
      const before = (await sales2.get('/api/v1/notifications')).body.unread;
      // Another instance's write: its own transaction, its NOTIFY; nothing in this process pushes directly.
      await t.app.database.db.transaction().execute(async (trx) => {
        await sql`insert into notifications (user_id, kind, message) values (${t.users.sales2}, 'assigned', 'с другого сервера')`.execute(trx);
        await sql`select pg_notify(${t.app.database.channel('karta_notify')}, ${t.users.sales2})`.execute(trx);
        expect(counts).toEqual([]); // not before the commit
      });
      for (let i = 0; i < 40 && !counts.length; i++) await new Promise((r) => setTimeout(r, 50));
      expect(counts).toEqual([before + 1]);
    } finally {
      stop();
    }
  });

  it('are listed newest first by their time, whatever order they were written in', async () => {
    const db = t.app.database.db;
    await sql`insert into notifications (user_id, kind, message, created_at) values
      (${t.users.sales2}, 'assigned', 'вчера', now() - interval '1 day'), (${t.users.sales2}, 'assigned', 'неделю назад', now() - interval '7 days')`.execute(db);
    await sql`insert into notifications (user_id, kind, message, created_at) values (${t.users.sales2}, 'assigned', 'месяц назад', now() - interval '30 days')`.execute(db);
    const shown = (await sales2.get('/api/v1/notifications')).body.data.map((n: any) => n.created_at);
    expect(shown).toEqual([...shown].sort().reverse());
  });

  it('a mention by display name is stored by id and reaches that user, whatever their login name', async () => {
    const acc = (await sales1.post('/api/v1/records/accounts', { name: 'Упоминание по имени' })).body.data.id;
    const before = (await manager.get('/api/v1/notifications')).body.unread;
    const c = await sales1.post('/api/v1/records/comments', { body: 'Ольга Кузнецова, посмотрите', related_to: acc, mention_ids: [t.users.manager] });
    expect(c.status).toBe(201);
    expect((await manager.get('/api/v1/notifications')).body.unread).toBe(before + 1);
    const bad = await sales1.post('/api/v1/records/comments', { body: 'x', related_to: acc, mention_ids: ['01900000-0000-7000-8000-000000000000'] });
    expect(bad.status).toBe(400);
  });
});
