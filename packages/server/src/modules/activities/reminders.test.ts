import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot } from '../../bootstrap.js';
import { enqueue, runDueJobs } from '../../platform/jobs.js';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { without, withSalesModules } from '../../testing/sales-profile.js';
import { standardBehaviours } from '../behaviours.js';
import { standardModules } from '../index.js';
import { moduleJobs } from '../jobs.js';
import { dueNoticeChanged, nextEventReminder, taskDueRun, taskReminder } from './reminders.js';
import { claimOverdueAt } from '../claims/claim-flow.js';
import { contractDueAt } from '../support/contract-usage.js';
import { announceZoneChangeAtStart } from '../zone-rebook.js';

let t: TestApp;
let sales1: Client, sales2: Client;

beforeAll(async () => {
  t = await createTestApp();
  [sales1, sales2] = await Promise.all(['sales1', 'sales2'].map((u) => t.login(u)));
});
afterAll(() => t.close());

const db = () => t.app.database.db;
/** A time `ms` from now, in whole seconds (datetimes are stored to the second). */
const fromNow = (ms: number) => new Date(Math.floor((Date.now() + ms) / 1000) * 1000).toISOString();
/** Time passes: the jobs of this record become due. */
const due = (like: string) => sql`update jobs set run_at = now() - interval '1 second' where key like ${like} and done_at is null`.execute(db());
const reminders = async (c: Client, recordId: string) => ((await c.get('/api/v1/notifications')).body.data as any[]).filter((n) => n.record?.id === recordId);

describe('reminders: when', () => {
  const now = new Date('2026-03-01T08:00:00Z');
  it('an event reminds its minutes before the next occurrence still ahead; held or without minutes, never', () => {
    expect(nextEventReminder({ start_at: '2026-03-01T10:00:00Z', reminder_minutes: 15 }, now)?.toISOString()).toBe('2026-03-01T09:45:00.000Z');
    // Weekly: today's occurrence is too close for a 3-hour reminder, so next week's.
    expect(nextEventReminder({ start_at: '2026-02-22T10:00:00Z', reminder_minutes: 180, recurrence: 'FREQ=WEEKLY;COUNT=5' }, now)?.toISOString()).toBe('2026-03-08T07:00:00.000Z');
    expect(nextEventReminder({ start_at: '2026-03-01T10:00:00Z', reminder_minutes: null }, now)).toBeNull();
    expect(nextEventReminder({ start_at: '2026-03-01T10:00:00Z', reminder_minutes: 15, status: 'held' }, now)).toBeNull();
  });
  it("a task's due notices start again only when its date, owner or completion changes", () => {
    const task = { due_date: '2027-01-01', assigned_to: 'a', status: 'not_started', description: 'x' };
    expect(dueNoticeChanged(task, { ...task, description: 'y', status: 'in_progress' })).toBe(false);
    expect(dueNoticeChanged(task, { ...task, due_date: '2027-01-02' })).toBe(true);
    expect(dueNoticeChanged(task, { ...task, assigned_to: 'b' })).toBe(true);
    expect(dueNoticeChanged(task, { ...task, status: 'completed' })).toBe(true);
    expect(dueNoticeChanged({ ...task, status: 'completed' }, task)).toBe(true);
  });

  it('a task reminds before the morning of its due date, unless completed', () => {
    expect(taskReminder({ due_date: '2026-03-02', reminder_minutes: 60 }, now)?.toISOString()).toBe('2026-03-02T05:00:00.000Z');
    expect(taskReminder({ due_date: '2026-03-02', reminder_minutes: 60, status: 'completed' }, now)).toBeNull();
  });
  it("times of day are the owner's: a task's morning, a weekly event's hour across DST, a claim's day end, a contract's 09:00", () => {
    expect(taskReminder({ due_date: '2026-03-02', reminder_minutes: 60 }, now, 'Asia/Shanghai')?.toISOString()).toBe('2026-03-01T21:00:00.000Z');
    expect(taskDueRun({ due_date: '2026-03-02' }, { stage: 'due' }, 'America/New_York')?.toISOString()).toBe('2026-03-02T11:00:00.000Z');
    // The overdue notice is the next morning, but never within hours of a due notice that fired late.
    expect(taskDueRun({ due_date: '2026-03-02' }, { stage: 'overdue', due_sent_at: '2026-03-02T11:00:00Z' }, 'America/New_York')?.toISOString()).toBe('2026-03-03T11:00:00.000Z');
    // A due notice sent late (a task created after its date): the overdue one comes 20 hours after it, whenever asked.
    expect(taskDueRun({ due_date: '2026-02-01' }, { stage: 'overdue', due_sent_at: '2026-03-01T08:00:00Z' }, 'UTC')?.toISOString()).toBe('2026-03-02T04:00:00.000Z');
    expect(taskDueRun({ due_date: '2026-03-02', status: 'completed' }, { stage: 'due' }, 'UTC')).toBeNull();
    // Every Sunday 10:00 in Berlin: 09:00 UTC in winter, 08:00 UTC once summer time begins (29 March 2026).
    const weekly = { start_at: '2026-03-22T09:00:00Z', reminder_minutes: 15, recurrence: 'FREQ=WEEKLY;COUNT=5' };
    const monday = new Date('2026-03-23T00:00:00Z');
    expect(nextEventReminder(weekly, monday, 'Europe/Berlin')?.toISOString()).toBe('2026-03-29T07:45:00.000Z');
    expect(nextEventReminder(weekly, monday, 'UTC')?.toISOString()).toBe('2026-03-29T08:45:00.000Z');
    expect(claimOverdueAt({ deadline: '2026-03-02', status: 'registered' }, 'Asia/Shanghai')?.toISOString()).toBe('2026-03-02T15:59:00.000Z');
    expect(claimOverdueAt({ deadline: '2026-03-02', status: 'satisfied' }, 'UTC')).toBeNull();
    expect(contractDueAt({ due_date: '2026-03-02' }, 'Asia/Shanghai')?.toISOString()).toBe('2026-03-02T01:00:00.000Z');
  });
});

describe('reminders on the job queue', () => {
  it('fire once for the assignee and the invitees, also when two workers poll at once', async () => {
    const start = fromNow(3_600_000);
    const ev = (await sales1.post('/api/v1/records/events', { subject: 'Встреча 会议', start_at: start, reminder_minutes: 10, invitee_ids: [t.users.sales2] })).body.data;
    const job = await sql<{ run_at: string }>`select run_at from jobs where key = ${`reminder:events:${ev.id}`}`.execute(db());
    expect(Date.parse(job.rows[0].run_at)).toBe(Date.parse(start) - 600_000);
    await due(`reminder:events:${ev.id}`);
    await Promise.all([runDueJobs(db(), moduleJobs(t.app)), runDueJobs(db(), moduleJobs(t.app))]);
    await runDueJobs(db(), moduleJobs(t.app));
    expect((await reminders(sales1, ev.id)).map((n) => n.kind)).toEqual(['reminder']);
    expect((await reminders(sales2, ev.id)).map((n) => n.kind)).toEqual(['reminder']);
    // When, as each reader writes dates (their language, their clock), not the server's Date string.
    const [note] = await reminders(sales1, ev.id);
    const me = (await sales1.get(`/api/v1/users/${t.users.sales1}`)).body.data;
    const zone = (await sql<{ z: string }>`select coalesce(time_zone, 'UTC') as z from users where id = ${t.users.sales1}`.execute(db())).rows[0].z;
    const expected = new Intl.DateTimeFormat({ en: 'en-US', ru: 'ru-RU', uk: 'uk-UA', zh: 'zh-CN' }[me.language as 'ru'], { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(new Date(start));
    expect(note.message).toBe(`Встреча 会议 — ${expected}`);
  });

  it('tell only those who may read the event: an invitee whose profile lost events hears nothing of it', async () => {
    const [manager, admin] = [await t.login('manager'), await t.login('admin')];
    const ev = (await manager.post('/api/v1/records/events', { subject: 'Совет директоров', start_at: fromNow(3_600_000), reminder_minutes: 10, invitee_ids: [t.users.sales2] })).body.data;
    await withSalesModules(admin, without('events'), async () => {
      await due(`reminder:events:${ev.id}`);
      await runDueJobs(db(), moduleJobs(t.app));
    });
    expect((await reminders(manager, ev.id)).map((n) => n.kind)).toEqual(['reminder']);
    const told = await sql<{ n: number }>`select count(*)::int as n from notifications where user_id = ${t.users.sales2} and record_id = ${ev.id}`.execute(db());
    expect(told.rows[0].n).toBe(0);
  });

  it("a weekly event's reminder names the occurrence it is for, not the day the series began; the next names the next", async () => {
    const week = 7 * 86_400_000;
    const first = fromNow(2 * 3_600_000 - 3 * week);
    const ev = (await sales1.post('/api/v1/records/events', { subject: 'Планёрка', start_at: first, reminder_minutes: 60, recurrence: 'FREQ=WEEKLY' })).body.data;
    const upcoming = new Date(Date.parse(first) + 3 * week);
    const job = await sql<{ run_at: string }>`select run_at from jobs where key = ${`reminder:events:${ev.id}`} and done_at is null`.execute(db());
    expect(Date.parse(job.rows[0].run_at)).toBe(upcoming.getTime() - 3_600_000);
    await due(`reminder:events:${ev.id}`);
    await runDueJobs(db(), moduleJobs(t.app));
    const me = (await sales1.get(`/api/v1/users/${t.users.sales1}`)).body.data;
    const zone = (await sql<{ z: string }>`select coalesce(time_zone, 'UTC') as z from users where id = ${t.users.sales1}`.execute(db())).rows[0].z;
    const format = new Intl.DateTimeFormat({ en: 'en-US', ru: 'ru-RU', uk: 'uk-UA', zh: 'zh-CN' }[me.language as 'ru'], { dateStyle: 'medium', timeStyle: 'short', timeZone: zone });
    expect((await reminders(sales1, ev.id)).map((n) => n.message)).toEqual([`Планёрка — ${format.format(upcoming)}`]);
    const next = await sql<{ run_at: string; starts: string }>`select run_at, payload->>'starts' as starts from jobs where key = ${`reminder:events:${ev.id}`} and done_at is null`.execute(db());
    // (Run early by the test, the job books the same occurrence again; on time, the next one.) Either way it names
    // the occurrence its own time reminds of.
    expect(Date.parse(next.rows[0].starts)).toBe(Date.parse(next.rows[0].run_at) + 3_600_000);
  });

  it('moving the event moves its reminder; deleting it drops the reminder', async () => {
    const ev = (await sales1.post('/api/v1/records/events', { subject: 'Перенос', start_at: fromNow(7_200_000), reminder_minutes: 5 })).body.data;
    const later = fromNow(86_400_000);
    await sales1.patch(`/api/v1/records/events/${ev.id}`, { start_at: later }, { 'If-Match': `"${ev.version}"` });
    const job = await sql<{ run_at: string }>`select run_at from jobs where key = ${`reminder:events:${ev.id}`} and done_at is null`.execute(db());
    expect(Date.parse(job.rows[0].run_at)).toBe(Date.parse(later) - 300_000);
    await sales1.del(`/api/v1/records/events/${ev.id}`);
    expect((await sql`select 1 from jobs where key = ${`reminder:events:${ev.id}`} and done_at is null`.execute(db())).rows).toHaveLength(0);
  });

  it('a due reminder still fires after a restart (a new app over the same database)', async () => {
    const ev = (await sales1.post('/api/v1/records/events', { subject: 'После перезапуска', start_at: new Date(Date.now() + 3_600_000).toISOString(), reminder_minutes: 30 })).body.data;
    await due(`reminder:events:${ev.id}`);
    const again = await boot({ ...t.app.config }, t.app.database, { defs: standardModules, behaviours: standardBehaviours }, 'test');
    expect(await runDueJobs(again.app.database.db, moduleJobs(again.app))).toBeGreaterThanOrEqual(1);
    expect(await reminders(sales1, ev.id)).toHaveLength(1);
  });

  it('a task not completed is due, then overdue; completing it stops the notices', async () => {
    const task = (await sales1.post('/api/v1/records/tasks', { subject: 'Позвонить', due_date: '2099-01-01' })).body.data;
    await due(`task_due:${task.id}`);
    await runDueJobs(db(), moduleJobs(t.app));
    expect((await reminders(sales1, task.id)).map((n) => n.kind)).toEqual(['task_due']);
    // Edits that leave its date, owner and completion alone send no second "due" and keep the overdue notice's day.
    const overdue = async () => (await sql<{ run_at: string; stage: string }>`select run_at::text, payload->>'stage' as stage from jobs where key = ${`task_due:${task.id}`} and done_at is null`.execute(db())).rows;
    const planned = await overdue();
    expect(planned.map((j) => j.stage)).toEqual(['overdue']);
    for (const change of [{ description: 'Уточнить номер' }, { priority: 'high' }, { status: 'in_progress' }]) {
      expect((await sales1.patch(`/api/v1/records/tasks/${task.id}`, change)).status).toBe(200);
    }
    expect(await overdue()).toEqual(planned);
    await runDueJobs(db(), moduleJobs(t.app));
    expect((await reminders(sales1, task.id)).map((n) => n.kind)).toEqual(['task_due']);
    await sales1.patch(`/api/v1/records/tasks/${task.id}`, { status: 'completed' });
    await due(`task_due:${task.id}`);
    await runDueJobs(db(), moduleJobs(t.app));
    expect((await reminders(sales1, task.id)).map((n) => n.kind)).toEqual(['task_due']);
  });

  it('a failing job is retried later and its effect happens once; after its attempts it is kept as failed', async () => {
    let calls = 0;
    const handlers = {
      flaky: async (trx: any) => { calls++; await sql`insert into settings (key, value) values ('flaky_effect', '1'::jsonb) on conflict (key) do update set value = to_jsonb(settings.value::text::int + 1)`.execute(trx); if (calls === 1) throw new Error('SMTP down'); },
      broken: async () => { throw new Error('always'); },
    };
    await enqueue(db(), { kind: 'flaky', payload: {}, runAt: new Date(Date.now() - 1000), key: 'test:flaky' });
    await enqueue(db(), { kind: 'broken', payload: {}, runAt: new Date(Date.now() - 1000), key: 'test:broken', maxAttempts: 2 });
    await runDueJobs(db(), handlers);
    const after1 = await sql<{ key: string; attempts: number; done_at: string | null; last_error: string }>`select key, attempts, done_at, last_error from jobs where key like 'test:%' order by key`.execute(db());
    expect(after1.rows.map((r) => [r.key, r.attempts, r.done_at === null])).toEqual([['test:broken', 1, true], ['test:flaky', 1, true]]);
    expect((await sql`select 1 from settings where key = 'flaky_effect'`.execute(db())).rows).toHaveLength(0); // rolled back
    await due('test:%');
    await runDueJobs(db(), handlers);
    const effect = await sql<{ value: number }>`select value from settings where key = 'flaky_effect'`.execute(db());
    expect(Number(effect.rows[0].value)).toBe(1);
    const final = await sql<{ key: string; failed: boolean; done: boolean }>`select key, failed, done_at is not null as done from jobs where key like 'test:%' order by key`.execute(db());
    expect(final.rows).toEqual([{ key: 'test:broken', failed: true, done: true }, { key: 'test:flaky', failed: false, done: true }]);
  });

  it('remind me about any record I can see, at a time; list and delete my reminders', async () => {
    const account = (await sales1.post('/api/v1/records/accounts', { name: 'ООО Напомнить' })).body.data.id;
    const at = new Date(Date.now() + 86_400_000).toISOString();
    const r = await sales1.post('/api/v1/reminders', { module: 'accounts', record_id: account, at, note: 'Перезвонить' });
    expect(r.status).toBe(201);
    expect((await sales2.post('/api/v1/reminders', { module: 'accounts', record_id: account, at })).status).toBe(404);
    expect((await sales1.post('/api/v1/reminders', { module: 'accounts', record_id: account, at: '2000-01-01T00:00:00Z' })).body.error.fields.at).toBeTruthy();
    expect((await sales1.get('/api/v1/reminders')).body.data.map((x: any) => x.note)).toEqual(['Перезвонить']);
    await due(`personal:${r.body.data.id}`);
    await t.runJobs();
    const got = await reminders(sales1, account);
    expect(got).toEqual([expect.objectContaining({ kind: 'reminder', message: 'Перезвонить', record: expect.objectContaining({ module: 'accounts', id: account }) })]);
    const second = (await sales1.post('/api/v1/reminders', { module: 'accounts', record_id: account, at })).body.data.id;
    expect((await sales2.del(`/api/v1/reminders/${second}`)).status).toBe(404);
    expect((await sales1.del(`/api/v1/reminders/${second}`)).status).toBe(204);
    expect((await sales1.get('/api/v1/reminders')).body.data).toEqual([]);
    // Given away since (to someone whose records sales1 does not see), a reminder tells them nothing, not even its note.
    const later = await sales1.post('/api/v1/reminders', { module: 'accounts', record_id: account, at, note: 'Секретная заметка' });
    const acc = (await sales1.get(`/api/v1/records/accounts/${account}`)).body.data;
    expect((await sales1.patch(`/api/v1/records/accounts/${account}`, { assigned_to: t.users.sales2 }, { 'If-Match': `"${acc.version}"` })).status).toBe(200);
    await due(`personal:${later.body.data.id}`);
    await t.runJobs();
    expect((await sql`select 1 from notifications where user_id = ${t.users.sales1} and message = 'Секретная заметка'`.execute(db())).rows).toHaveLength(0);
  });
});

describe("notices on the owner's clock", () => {
  const runAt = async (key: string) => (await sql<{ run_at: Date }>`select run_at from jobs where key = ${key} and done_at is null`.execute(db())).rows[0]?.run_at?.toISOString();
  const rebooked = () => runDueJobs(db(), moduleJobs(t.app), 500);

  it("follow the owner's zone, and move when the owner's or the company's zone changes", async () => {
    const admin = await t.login('admin');
    const me = t.users.sales1;
    try {
      expect((await sales1.patch(`/api/v1/users/${me}`, { time_zone: 'Asia/Shanghai' })).status).toBe(200);
      const task = (await sales1.post('/api/v1/records/tasks', { subject: 'Утренний звонок 早上电话', due_date: '2099-01-01', reminder_minutes: 60 })).body.data;
      const others = (await sales2.post('/api/v1/records/tasks', { subject: 'Чужая', due_date: '2099-01-01', reminder_minutes: 60 })).body.data;
      const claim = (await sales1.post('/api/v1/records/claims', { subject: 'Срок', claim_type: 'service', deadline: '2099-01-01' })).body.data;
      expect(await runAt(`reminder:tasks:${task.id}`)).toBe('2098-12-31T21:00:00.000Z');
      expect(await runAt(`task_due:${task.id}`)).toBe('2098-12-31T22:00:00.000Z');
      expect(await runAt(`claim_overdue:${claim.id}`)).toBe('2099-01-01T15:59:00.000Z');
      expect(await runAt(`reminder:tasks:${others.id}`)).toBe('2099-01-01T05:00:00.000Z');

      // More than a page of other pending notices, whose ids read as text ("100000000…") come before the task's.
      await sql`insert into jobs (id, kind, key, payload, run_at) overriding system value
        select 100000000 + g, 'claim_overdue', 'test:filler:' || g, jsonb_build_object('id', gen_random_uuid()), now() + interval '30 days'
        from generate_series(1, 450) g`.execute(db());
      // The owner moves to New York: their notices move, another's stay.
      expect((await sales1.patch(`/api/v1/users/${me}`, { time_zone: 'America/New_York' })).status).toBe(200);
      await rebooked();
      expect(await runAt(`reminder:tasks:${task.id}`)).toBe('2099-01-01T10:00:00.000Z');
      expect(await runAt(`task_due:${task.id}`)).toBe('2099-01-01T11:00:00.000Z');
      expect(await runAt(`claim_overdue:${claim.id}`)).toBe('2099-01-02T04:59:00.000Z');
      expect(await runAt(`reminder:tasks:${others.id}`)).toBe('2099-01-01T05:00:00.000Z');

      // The company's zone is the clock of everyone without their own.
      expect((await admin.put('/api/v1/settings/company', { time_zone: 'Europe/Moscow' })).status).toBe(200);
      await rebooked();
      expect(await runAt(`reminder:tasks:${others.id}`)).toBe('2099-01-01T02:00:00.000Z');
      expect(await runAt(`reminder:tasks:${task.id}`)).toBe('2099-01-01T10:00:00.000Z');
    } finally {
      await sql`delete from jobs where key like 'test:filler:%'`.execute(db());
      await sales1.patch(`/api/v1/users/${me}`, { time_zone: null });
      await admin.put('/api/v1/settings/company', { time_zone: '' });
      await rebooked();
    }
  });

  it("a weekly event's reminder moved by a new clock names the occurrence it now reminds of", async () => {
    const me = t.users.sales1;
    try {
      expect((await sales1.patch(`/api/v1/users/${me}`, { time_zone: 'Asia/Shanghai' })).status).toBe(200);
      // Begun in the other half of New York's year (summer time or not) than the coming weeks, at 01:00 UTC: in
      // Shanghai (no summer time) that hour all year round.
      const offset = (d: Date) => new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', timeZoneName: 'shortOffset' }).formatToParts(d).find((x) => x.type === 'timeZoneName')!.value;
      const soon = offset(new Date(Date.now() + 14 * 86_400_000));
      const first = [...Array(12).keys()].map((k) => new Date(Date.now() - (k + 1) * 30 * 86_400_000)).find((d) => offset(d) !== soon)!;
      first.setUTCHours(1, 0, 0, 0);
      const ev = (await sales1.post('/api/v1/records/events', { subject: 'Еженедельно 每周', start_at: first.toISOString(), reminder_minutes: 30, recurrence: 'FREQ=WEEKLY' })).body.data;
      const job = async () => (await sql<{ run_at: Date; starts: string }>`select run_at, payload->>'starts' as starts from jobs where key = ${`reminder:events:${ev.id}`} and done_at is null`.execute(db())).rows[0];
      expect((await job()).starts).toMatch(/T01:00:00\.000Z$/);
      // In New York the series keeps its wall-clock hour, which is now an hour off in UTC: the reminder moves, and
      // the occurrence it names with it.
      expect((await sales1.patch(`/api/v1/users/${me}`, { time_zone: 'America/New_York' })).status).toBe(200);
      await rebooked();
      const moved = await job();
      expect(moved.starts).toMatch(/T0[02]:00:00\.000Z$/);
      expect(Date.parse(moved.starts)).toBe(moved.run_at.getTime() + 30 * 60_000);
    } finally {
      await sales1.patch(`/api/v1/users/${me}`, { time_zone: null });
      await rebooked();
    }
  });

  it('move when a restart brings another KARTA_TIME_ZONE, the clock of a company without its own', async () => {
    const admin = await t.login('admin');
    const before = process.env.KARTA_TIME_ZONE;
    const restart = () => announceZoneChangeAtStart(t.app);
    try {
      expect((await admin.put('/api/v1/settings/company', { time_zone: '' })).status).toBe(200);
      delete process.env.KARTA_TIME_ZONE;
      await restart();
      await rebooked();
      // A first start (nothing recorded yet) records its clock and announces nothing.
      await sql`delete from settings where key = 'company_time_zone_applied'`.execute(db());
      process.env.KARTA_TIME_ZONE = 'Asia/Tokyo';
      expect(await restart()).toBe(false);
      delete process.env.KARTA_TIME_ZONE;
      expect(await restart()).toBe(true);
      await rebooked();
      const task = (await sales2.post('/api/v1/records/tasks', { subject: 'Перезапуск 重启', due_date: '2099-01-01', reminder_minutes: 60 })).body.data;
      expect(await runAt(`reminder:tasks:${task.id}`)).toBe('2099-01-01T05:00:00.000Z'); // 06:00 UTC, an hour before
      expect(await restart()).toBe(false); // the same clock: nothing to move
      process.env.KARTA_TIME_ZONE = 'Europe/Moscow';
      expect(await restart()).toBe(true);
      expect(await restart()).toBe(false); // announced once
      await rebooked();
      expect(await runAt(`reminder:tasks:${task.id}`)).toBe('2099-01-01T02:00:00.000Z');
      // A company zone of its own outranks the variable; a change in the settings is recorded, not announced again.
      expect((await admin.put('/api/v1/settings/company', { time_zone: 'Asia/Shanghai' })).status).toBe(200);
      expect(await restart()).toBe(false);
      await rebooked();
      expect(await runAt(`reminder:tasks:${task.id}`)).toBe('2098-12-31T21:00:00.000Z');
    } finally {
      if (before === undefined) delete process.env.KARTA_TIME_ZONE; else process.env.KARTA_TIME_ZONE = before;
      await admin.put('/api/v1/settings/company', { time_zone: '' });
      await rebooked();
    }
  });
});

describe('tasks to subordinates', () => {
  it('a manager gives tasks to people below; a sales person not to a peer or above; "my tasks" and "tasks I gave" are filters', async () => {
    const manager = await t.login('manager');
    const given = await manager.post('/api/v1/records/tasks', { subject: 'Подготовить КП', due_date: '2099-02-01', assigned_to: t.users.sales1 });
    expect(given.status).toBe(201);
    const up = await sales1.post('/api/v1/records/tasks', { subject: 'Начальнику', due_date: '2099-02-01', assigned_to: t.users.manager });
    expect(up.status).toBe(400);
    expect(up.body.error.fields.assigned_to).toMatch(/ниже по иерархии/);
    expect((await sales1.post('/api/v1/records/tasks', { subject: 'Коллеге', due_date: '2099-02-01', assigned_to: t.users.sales2 })).status).toBe(400);
    expect((await sales1.post('/api/v1/records/tasks', { subject: 'Себе', due_date: '2099-02-01' })).status).toBe(201);
    const mine = (await sales1.get(`/api/v1/records/tasks?filter[assigned_to]=${t.users.sales1}&fields=subject`)).body.data.map((x: any) => x.subject);
    expect(mine).toEqual(expect.arrayContaining(['Подготовить КП', 'Себе']));
    const gave = (await manager.get(`/api/v1/records/tasks?filter[created_by]=${t.users.manager}&filter[assigned_to][ne]=${t.users.manager}&fields=subject`)).body.data.map((x: any) => x.subject);
    expect(gave).toEqual(['Подготовить КП']);
  });
});
