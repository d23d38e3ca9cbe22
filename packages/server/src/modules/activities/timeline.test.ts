import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { salesProfile } from '../../testing/sales-profile.js';

let t: TestApp;
let admin: Client, sales1: Client, sales2: Client;

beforeAll(async () => {
  t = await createTestApp();
  [admin, sales1, sales2] = await Promise.all(['admin', 'sales1', 'sales2'].map((u) => t.login(u)));
});
afterAll(() => t.close());

describe('timeline', () => {
  it('shows comments, events, tasks and field changes about a record, newest first, paged; only what the caller may see', async () => {
    const acc = (await sales1.post('/api/v1/records/accounts', { name: 'Клиент' })).body.data;
    await sales1.post('/api/v1/records/comments', { body: 'Первый комментарий', related_to: acc.id });
    await sales1.post('/api/v1/records/tasks', { subject: 'Позвонить', due_date: '2026-12-01', related_to: acc.id });
    await sales1.post('/api/v1/records/events', { subject: 'Встреча 会议', start_at: '2020-01-01T10:00:00Z', related_to: acc.id });
    await sales1.patch(`/api/v1/records/accounts/${acc.id}`, { phone: '+7 812 000-00-00' }, { 'If-Match': `"${acc.version}"` });
    const r = await sales1.get(`/api/v1/records/accounts/${acc.id}/timeline`);
    expect(r.status).toBe(200);
    const kinds = r.body.data.map((x: any) => x.kind);
    expect(kinds).toEqual(expect.arrayContaining(['comment', 'task', 'event', 'change']));
    const times = r.body.data.map((x: any) => x.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(r.body.data.find((x: any) => x.kind === 'change' && x.detail?.phone)).toBeTruthy();
    // The 2020 event is the oldest: a page of 1 that starts before it is empty.
    const page1 = await sales1.get(`/api/v1/records/accounts/${acc.id}/timeline?limit=2`);
    expect(page1.body.data).toHaveLength(2);
    const page2 = await sales1.get(`/api/v1/records/accounts/${acc.id}/timeline?limit=200&before=${encodeURIComponent(page1.body.next_before)}`);
    expect(page2.body.data.length).toBe(r.body.data.length - 2);
    expect((await sales2.get(`/api/v1/records/accounts/${acc.id}/timeline`)).status).toBe(404);
    // One kind alone (its branch is then the whole query) reads the same way.
    const changes = (await sales1.get(`/api/v1/records/accounts/${acc.id}/timeline?kinds=change&include=self`)).body.data;
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((x: any) => x.kind === 'change' && typeof x.at === 'string')).toBe(true);
  });

  it('pages through items of one instant one by one, losing none (a new deal\'s creation and its first stage)', async () => {
    const deal = (await sales1.post('/api/v1/records/deals', { name: 'Сделка в один миг', close_date: '2026-12-31' })).body.data;
    const all = (await sales1.get(`/api/v1/records/deals/${deal.id}/timeline?include=self`)).body.data.map((x: any) => `${x.kind}:${x.id}`);
    expect(all.length).toBeGreaterThanOrEqual(2);
    const seen: string[] = [];
    let before: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = (await sales1.get(`/api/v1/records/deals/${deal.id}/timeline?include=self&limit=1${before ? `&before=${encodeURIComponent(before)}` : ''}`)).body;
      seen.push(...page.data.map((x: any) => `${x.kind}:${x.id}`));
      if (!page.next_before) break;
      before = page.next_before;
    }
    expect(seen).toEqual(all);
    // A plain date-time still pages (strictly earlier); anything else is refused.
    expect((await sales1.get(`/api/v1/records/deals/${deal.id}/timeline?before=2000-01-01T00:00:00Z`)).body.data).toEqual([]);
    expect((await sales1.get(`/api/v1/records/deals/${deal.id}/timeline?before=${encodeURIComponent('2026-01-01T00:00:00Z|nonsense|1')}`)).status).toBe(400);
  });

  it('leaves out what the caller\'s field rules hide: a title, a detail, a change of hidden fields only', async () => {
    const acc = (await sales1.post('/api/v1/records/accounts', { name: 'Скрытные поля' })).body.data;
    await sales1.post('/api/v1/records/events', { subject: 'Секретная встреча', start_at: '2026-01-01T10:00:00Z', end_at: '2026-01-01T11:00:00Z', related_to: acc.id });
    const phoned = (await sales1.patch(`/api/v1/records/accounts/${acc.id}`, { phone: '+7 812 111-11-11' }, { 'If-Match': `"${acc.version}"` })).body.data;
    await sales1.patch(`/api/v1/records/accounts/${acc.id}`, { website: 'https://secret.example' }, { 'If-Match': `"${phoned.version}"` });
    const items = async () => (await sales1.get(`/api/v1/records/accounts/${acc.id}/timeline?limit=200`)).body.data as any[];
    const before = await items();
    expect(before.find((x) => x.kind === 'event')).toMatchObject({ title: 'Секретная встреча', detail: { end_at: expect.any(String) } });
    expect(before.filter((x) => x.kind === 'change' && x.detail?.website)).toHaveLength(1);
    const profile = await salesProfile(admin);
    expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { events: { subject: 'hidden', end_at: 'hidden' }, accounts: { website: 'hidden' } } })).status).toBe(200);
    try {
      const after = await items();
      const event = after.find((x) => x.kind === 'event');
      expect(event.title).toBeNull();
      expect(event.detail).not.toHaveProperty('end_at');
      expect(event.detail).toHaveProperty('status');
      expect(JSON.stringify(after)).not.toContain('secret.example');
      expect(after.filter((x) => x.kind === 'change')).toHaveLength(before.filter((x) => x.kind === 'change').length - 1);
      // A hidden start places the event at its creation; a hidden related_to finds no event through it at all.
      expect(event.at).toBe('2026-01-01T10:00:00.000Z');
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { events: { start_at: 'hidden' } } })).status).toBe(200);
      const noStart = (await items()).find((x) => x.kind === 'event');
      expect(noStart.at).not.toBe('2026-01-01T10:00:00.000Z');
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { events: { related_to: 'hidden' } } })).status).toBe(200);
      expect((await items()).filter((x) => x.kind === 'event')).toEqual([]);
    } finally {
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: {} })).status).toBe(200);
    }
  });

  it('stage changes of a deal are on its timeline', async () => {
    const d = (await sales1.post('/api/v1/records/deals', { name: 'Сделка', close_date: '2026-12-31' })).body.data;
    await sales1.patch(`/api/v1/records/deals/${d.id}`, { stage: 'qualification' }, { 'If-Match': `"${d.version}"` });
    const items = (await sales1.get(`/api/v1/records/deals/${d.id}/timeline`)).body.data;
    expect(items.filter((x: any) => x.kind === 'stage').map((x: any) => x.title)).toEqual(['qualification', 'prospecting']);
  });
});

describe('comments', () => {
  it('are changed and deleted only by their author', async () => {
    const acc = (await sales1.post('/api/v1/records/accounts', { name: 'Общий' })).body.data.id;
    const c = (await sales1.post('/api/v1/records/comments', { body: 'Моё', related_to: acc })).body.data;
    // The manager sees it (comments are public to read) but may not rewrite it.
    const manager = await t.login('manager');
    expect((await manager.patch(`/api/v1/records/comments/${c.id}`, { body: 'Чужое' }, { 'If-Match': `"${c.version}"` })).status).toBe(403);
    expect((await manager.del(`/api/v1/records/comments/${c.id}`)).status).toBe(403);
    expect((await sales1.patch(`/api/v1/records/comments/${c.id}`, { body: 'Моё, исправлено' }, { 'If-Match': `"${c.version}"` })).status).toBe(200);
    expect((await admin.del(`/api/v1/records/comments/${c.id}`)).status).toBe(204);
  });

  it('a reply is on the record of the comment it answers', async () => {
    const [a, b] = await Promise.all(['Первый', 'Второй'].map(async (name) => (await sales1.post('/api/v1/records/accounts', { name })).body.data.id as string));
    const c = (await sales1.post('/api/v1/records/comments', { body: 'Вопрос', related_to: a })).body.data.id;
    const astray = await sales1.post('/api/v1/records/comments', { body: 'Ответ не туда', related_to: b, parent_id: c });
    expect(astray.status).toBe(400);
    expect(astray.body.error.fields.parent_id).toBe('должен быть комментарием к той же записи');
    const reply = await sales1.post('/api/v1/records/comments', { body: 'Ответ', related_to: a, parent_id: c });
    expect(reply.status, reply.raw).toBe(201);
    expect((await sales1.patch(`/api/v1/records/comments/${reply.body.data.id}`, { related_to: b })).status).toBe(400);
    // The question does not leave its thread behind either.
    expect((await sales1.patch(`/api/v1/records/comments/${c}`, { related_to: b })).body.error.fields.related_to).toBe('нельзя изменить, пока у комментария есть ответы');
    // Nor when its reply is in the recycle bin (restored, the reply would come back to the old record).
    expect((await sales1.del(`/api/v1/records/comments/${reply.body.data.id}`)).status).toBe(204);
    expect((await sales1.patch(`/api/v1/records/comments/${c}`, { related_to: b })).status).toBe(400);
  });
});
