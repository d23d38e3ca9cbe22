import { withSalesModules } from '../../testing/sales-profile.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../platform/jobs.js';
import { jobHandlers } from '../../job-handlers.js';
import { startSmtp, type TestSmtp } from '../../testing/smtp.js';
import { createTestApp, USER_PASSWORD, type Client, type TestApp } from '../../testing/test-app.js';
import { salesProfile } from '../../testing/sales-profile.js';
import { workflowFixtures } from '../../testing/workflow-fixtures.js';

let t: TestApp;
let admin: Client, sales1: Client, manager: Client;
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp();
  [admin, sales1, manager] = await Promise.all(['admin', 'sales1', 'manager'].map((u) => t.login(u)));
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const { workflow, off, deal, tasksOf, runsOf } = workflowFixtures(() => ({ t, admin, sales1 }));
const today = (n = 0) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe('workflows', () => {
  it('when a deal reaches negotiation: a task for the owner\'s head, a notification to the owner, fields updated — logged', async () => {
    const wf = await workflow({
      trigger: { type: 'field_change', field: 'stage', to: 'negotiation_review' },
      actions: [
        { type: 'create_task', subject: 'Check the negotiation', due_in_days: 2, assigned_to: 'manager' },
        { type: 'notify', users: ['owner', t.users.sales2], message: 'Your deal is in negotiation' },
        { type: 'update_fields', values: { next_step: 'Send the contract', close_date: { today_plus_days: 14 } } },
      ],
    });
    const d = await deal();
    await t.runJobs();
    expect(await tasksOf(d.id)).toEqual([]); // created in prospecting: not this trigger
    const q = await sales1.patch(`/api/v1/records/deals/${d.id}`, { stage: 'qualification' });
    expect(q.status, q.raw).toBe(200);
    await t.runJobs();
    expect(await tasksOf(d.id)).toEqual([]);
    expect((await sales1.patch(`/api/v1/records/deals/${d.id}`, { stage: 'negotiation_review' })).status).toBe(200);
    await t.runJobs();
    expect(await tasksOf(d.id)).toEqual([{ subject: 'Check the negotiation', assigned_to: t.users.manager, due_date: today(2) }]);
    const after = (await sales1.get(`/api/v1/records/deals/${d.id}`)).body.data;
    expect(after).toMatchObject({ next_step: 'Send the contract', close_date: today(14) });
    const notes = (await sales1.get('/api/v1/notifications')).body.data;
    expect(notes.find((n: any) => n.record?.id === d.id && n.kind === 'workflow')?.message).toBe('Your deal is in negotiation');
    // A colleague named in the action who may not read the deal hears nothing of it.
    const [{ n }] = (await sql<{ n: number }>`select count(*)::int as n from notifications where user_id = ${t.users.sales2} and record_id = ${d.id}`.execute(t.app.database.db)).rows;
    expect(n).toBe(0);
    const runs = await runsOf(wf.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ record_id: d.id, trigger: 'field_change', status: 'ok' });
    expect(runs[0].actions.map((a: any) => [a.type, a.status])).toEqual([['create_task', 'ok'], ['notify', 'ok'], ['update_fields', 'ok']]);
    await off(wf.id);
  });

  it("a notice names the record as its reader may see it: a title field the reader's profile hides stays out", async () => {
    const wf = await workflow({ trigger: { type: 'create' }, actions: [{ type: 'notify', users: ['owner'], message: 'Новая сделка' }] });
    const profile = await salesProfile(admin);
    expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { deals: { name: 'hidden' } } })).status).toBe(200);
    try {
      const r = await admin.post('/api/v1/records/deals', { name: 'Секретная сделка', close_date: '2027-03-01', stage: 'prospecting', assigned_to: t.users.sales1 });
      expect(r.status, r.raw).toBe(201);
      await t.runJobs();
      const note = (await sales1.get('/api/v1/notifications')).body.data.find((n: any) => n.record?.id === r.body.data.id && n.kind === 'workflow');
      expect(note.message).toBe('Новая сделка');
      expect(JSON.stringify(note)).not.toContain('Секретная');
    } finally {
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: {} })).status).toBe(200);
      await off(wf.id);
    }
  });

  it('conditions: the filter on the record as it is now, and changed / changed_to / changed_from', async () => {
    const wf = await workflow({
      trigger: { type: 'save' },
      where: { and: [{ field: 'amount', op: 'gt', value: '1000' }, { field: 'stage', op: 'changed_from', value: 'prospecting' }] },
      actions: [{ type: 'create_task', subject: 'Big deal moved on' }],
    });
    const small = await deal({ amount: '10' });
    const big = await deal({ amount: '5000' });
    await sales1.patch(`/api/v1/records/deals/${small.id}`, { stage: 'qualification' });
    await sales1.patch(`/api/v1/records/deals/${big.id}`, { description: 'no stage change' });
    await t.runJobs();
    expect(await tasksOf(small.id)).toEqual([]);
    expect(await tasksOf(big.id)).toEqual([]);
    await sales1.patch(`/api/v1/records/deals/${big.id}`, { stage: 'qualification' });
    await t.runJobs();
    expect((await tasksOf(big.id)).map((x) => x.subject)).toEqual(['Big deal moved on']);
    await off(wf.id);
  });

  it('a workflow that keeps re-triggering itself stops at the depth limit, logged as stopped', async () => {
    const a = await workflow({ trigger: { type: 'field_change', field: 'next_step', to: 'ping' }, actions: [{ type: 'update_fields', values: { next_step: 'pong' } }] });
    const b = await workflow({ trigger: { type: 'field_change', field: 'next_step', to: 'pong' }, actions: [{ type: 'update_fields', values: { next_step: 'ping' } }] });
    const d = await deal();
    await sales1.patch(`/api/v1/records/deals/${d.id}`, { next_step: 'ping' });
    await t.runJobs(); // returns: the loop ends
    const statuses = [...await runsOf(a.id), ...await runsOf(b.id)].map((r: any) => r.status).sort();
    expect(statuses).toEqual(['ok', 'ok', 'ok', 'stopped']);
    await off(a.id);
    await off(b.id);
  });

  it('the workflows of one change make at most 20 records, a workflow\'s change 5, the next 2: no fan-out runs away', async () => {
    const many = (n: number, subject: string) => Array.from({ length: n }, () => ({ type: 'create_task', subject }));
    const a = await workflow({ trigger: { type: 'create' }, actions: many(15, 'A') });
    const b = await workflow({ trigger: { type: 'create' }, actions: many(15, 'B') });
    const d = await deal();
    await t.runJobs();
    expect((await tasksOf(d.id)).length).toBe(20);
    const errors = [...await runsOf(a.id), ...await runsOf(b.id)].flatMap((r: any) => r.actions).filter((x: any) => x.status === 'error');
    expect(errors).toHaveLength(10);
    expect(errors[0].error).toMatch(/^stopped: the workflows of one change may make 20 records/);
    await off(a.id);
    await off(b.id);
    // A workflow making ten deals, each of which runs it again: 10, then 5 each, then 2 each — 160, not 1,110.
    const fan = await workflow({ trigger: { type: 'create' }, actions: Array.from({ length: 10 }, () => ({ type: 'create_record', module: 'deals', values: { name: 'Веер', close_date: '2027-03-01' } })) });
    await deal({ name: 'Веер-корень' });
    await t.runJobs();
    const made = await sql<{ n: number }>`select count(*)::int as n from deals where name = 'Веер' and deleted_at is null`.execute(t.app.database.db);
    expect(made.rows[0].n).toBe(10 + 10 * 5 + 50 * 2);
    await off(fan.id);
  });

  it('each effect happens once with two workers taking jobs at the same time', async () => {
    const wf = await workflow({ trigger: { type: 'create' }, actions: [{ type: 'create_task', subject: 'Once' }] });
    const deals = await Promise.all([1, 2, 3, 4, 5].map(() => deal()));
    const handlers = jobHandlers(t.app);
    await Promise.all([runDueJobs(t.app.database.db, handlers, 100), runDueJobs(t.app.database.db, handlers, 100)]);
    await t.runJobs();
    for (const d of deals) expect((await tasksOf(d.id)).map((x) => x.subject)).toEqual(['Once']);
    await off(wf.id);
  });

  it('a rolled-back write fires nothing; a failing action is logged and the others still run', async () => {
    const wf = await workflow({
      trigger: { type: 'create' },
      actions: [{ type: 'create_record', module: 'tasks', values: { subject: 'no due date' } }, { type: 'create_task', subject: 'Still made' }],
    });
    const bad = await sales1.post('/api/v1/records/deals', { name: '', close_date: 'x' });
    expect(bad.status).toBe(400);
    const d = await deal();
    await t.runJobs();
    expect((await tasksOf(d.id)).map((x) => x.subject)).toEqual(['Still made']);
    const [run] = await runsOf(wf.id);
    expect(run.status).toBe('error');
    expect(run.actions.map((a: any) => a.status)).toEqual(['error', 'ok']);
    expect(run.actions[0].error).toMatch(/due/i);
    await off(wf.id);
  });

  it('a workflow whose owner has left does nothing and says so in its runs, alone or in a batch', async () => {
    const roleId = (await admin.get(`/api/v1/users/${t.users.sales1}`)).body.data.role_id;
    const owner = (await admin.post('/api/v1/users', { username: 'wf.owner', password: USER_PASSWORD, role_id: roleId })).body.data;
    const wf = await workflow({ trigger: { type: 'create' }, assigned_to: owner.id, actions: [{ type: 'create_task', subject: 'By the leaver' }] });
    expect((await admin.patch(`/api/v1/users/${owner.id}`, { active: false })).status).toBe(200);
    const deals = [await deal(), await deal()];
    await t.runJobs();
    for (const d of deals) expect(await tasksOf(d.id)).toEqual([]);
    // Said once (not once per record: an import would flood the log), and again after an hour at most.
    const runs = await runsOf(wf.id);
    expect(runs.map((r: any) => r.status)).toEqual(['error']);
    expect(deals.map((d) => d.id)).toContain(runs[0].record_id);
    expect(runs[0].error).toMatch(/owner/);
    await deal();
    await t.runJobs();
    expect(await runsOf(wf.id)).toHaveLength(1);
    await off(wf.id);
  });

  it('events run in batches: one whose action fails is logged, and every other effect of the batch happens once', async () => {
    const email = (await admin.get(`/api/v1/users/${t.users.sales1}`)).body.data.email;
    await admin.patch(`/api/v1/users/${t.users.sales1}`, { email_notifications: true });
    const wf = await workflow({
      trigger: { type: 'create' },
      actions: [
        { type: 'notify', users: ['owner'], message: 'Пакетная сделка' },
        { type: 'create_record', module: 'tasks', values: { subject: { copy: 'description' }, due_date: '2027-01-01' }, link_field: 'related_to' },
        { type: 'create_task', subject: 'Also made' },
      ],
    });
    const good = await Promise.all(['Первый звонок', '第二次', 'Third'].map((description) => deal({ description })));
    const bad = await deal();
    await t.runJobs();
    for (const d of good) expect((await tasksOf(d.id)).map((x) => x.subject)).toEqual([d.description, 'Also made']);
    expect((await tasksOf(bad.id)).map((x) => x.subject)).toEqual(['Also made']);
    const runs = await runsOf(wf.id);
    expect(runs).toHaveLength(4);
    const failed = runs.find((r: any) => r.record_id === bad.id);
    expect(failed.status).toBe('error');
    expect(failed.actions.map((a: any) => a.status)).toEqual(['ok', 'error', 'ok']);
    expect(runs.filter((r: any) => r.status === 'ok')).toHaveLength(3);
    // The batch that failed sent nothing: one e-mail copy of each notification, once its transaction committed.
    expect(email).toBeTruthy();
    const copies = () => smtp.inbox.filter((m) => m.text?.includes('Пакетная сделка')).length;
    for (let i = 0; i < 50 && copies() < 4; i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 300));
    expect(copies()).toBe(4);
    await admin.patch(`/api/v1/users/${t.users.sales1}`, { email_notifications: false });
    await off(wf.id);
  });

  it('a workflow sees the record as the workflows before it left it', async () => {
    const a = await workflow({ trigger: { type: 'create' }, actions: [{ type: 'update_fields', values: { next_step: 'Call the buyer' } }] });
    const b = await workflow({ trigger: { type: 'create' }, where: { field: 'next_step', op: 'eq', value: 'Call the buyer' }, actions: [{ type: 'create_task', subject: 'After the update' }] });
    const c = await workflow({ trigger: { type: 'create' }, where: { field: 'next_step', op: 'empty' }, actions: [{ type: 'create_task', subject: 'Never' }] });
    const d = await deal();
    await t.runJobs();
    expect((await tasksOf(d.id)).map((x) => x.subject)).toEqual(['After the update']);
    for (const wf of [a, b, c]) await off(wf.id);
  });

  it('a test run against a chosen record, from the API', async () => {
    const wf = await workflow({ trigger: { type: 'field_change', field: 'stage' }, where: { field: 'amount', op: 'gt', value: '50' }, actions: [{ type: 'create_task', subject: 'Tested' }] });
    const hit = await deal({ amount: '100' });
    const miss = await deal({ amount: '10' });
    await t.runJobs();
    const r = await admin.post(`/api/v1/workflows/${wf.id}/test`, { record_id: hit.id });
    expect(r.status, r.raw).toBe(200);
    expect(r.body).toMatchObject({ matched: true, data: { trigger: 'test', status: 'ok' } });
    expect((await tasksOf(hit.id)).map((x) => x.subject)).toEqual(['Tested']);
    expect((await admin.post(`/api/v1/workflows/${wf.id}/test`, { record_id: miss.id })).body).toEqual({ matched: false, data: null });
    expect((await sales1.post(`/api/v1/workflows/${wf.id}/test`, { record_id: hit.id })).status).toBe(403);
    // …even with a profile that lets them see workflows: a test run acts as the workflow's owner.
    const { withSalesModules } = await import('../../testing/sales-profile.js');
    await withSalesModules(admin, (m) => ({ ...m, workflows: ['view', 'delete'] }), async () => {
      expect((await sales1.post(`/api/v1/workflows/${wf.id}/test`, { record_id: hit.id })).status).toBe(403);
    });
    await off(wf.id);
  });

  it('date trigger: 3 days before close_date, once per due time; a moved date plans a new one', async () => {
    const wf = await workflow({ trigger: { type: 'date', field: 'close_date', offset_days: -3 }, actions: [{ type: 'create_task', subject: 'Closes in 3 days' }] });
    const existing = await deal({ close_date: today(10) });
    await t.runJobs(); // plans the existing record and the new one
    const jobs = async () => (await sql<{ key: string; done: boolean }>`select key, done_at is not null as done from jobs where kind = 'workflow_date' and payload->>'record' = ${existing.id} order by key`.execute(t.app.database.db)).rows;
    expect((await jobs()).map((j) => j.done)).toEqual([false]);
    // The clock reaches the due time.
    const due = async () => sql`update jobs set run_at = now() - interval '1 second' where kind = 'workflow_date' and done_at is null`.execute(t.app.database.db);
    await due();
    await t.runJobs();
    expect((await tasksOf(existing.id)).map((x) => x.subject)).toEqual(['Closes in 3 days']);
    await sales1.patch(`/api/v1/records/deals/${existing.id}`, { description: 'saved again' });
    await t.runJobs();
    await due();
    await t.runJobs();
    expect(await tasksOf(existing.id)).toHaveLength(1); // once per due time
    await sales1.patch(`/api/v1/records/deals/${existing.id}`, { close_date: today(20) });
    await t.runJobs();
    expect((await jobs()).map((j) => j.done)).toEqual([true, false]);
    await due();
    await t.runJobs();
    expect(await tasksOf(existing.id)).toHaveLength(2);
    await off(wf.id);
  });

  it('schedule trigger: a cron in the company zone runs over the matching records', async () => {
    expect((await admin.put('/api/v1/settings/company', { time_zone: 'Mars/Olympus' })).status).toBe(400);
    expect((await admin.put('/api/v1/settings/company', { time_zone: 'Asia/Shanghai' })).status).toBe(200);
    const d = await deal({ next_step: 'weekly-check' });
    const wf = await workflow({ trigger: { type: 'schedule', cron: '0 9 * * 1' }, where: { field: 'next_step', op: 'eq', value: 'weekly-check' }, actions: [{ type: 'create_task', subject: 'Weekly check' }] });
    const job = (await sql<{ run_at: Date }>`select run_at from jobs where key = ${`wfs:${wf.id}`}`.execute(t.app.database.db)).rows[0];
    expect([new Date(job.run_at).getUTCDay(), new Date(job.run_at).getUTCHours()]).toEqual([1, 1]); // Monday 09:00 in Shanghai
    await sql`update jobs set run_at = now() where key = ${`wfs:${wf.id}`}`.execute(t.app.database.db);
    await t.runJobs();
    expect((await tasksOf(d.id)).map((x) => x.subject)).toEqual(['Weekly check']);
    const next = (await sql<{ run_at: Date; done: boolean }>`select run_at, done_at is not null as done from jobs where key = ${`wfs:${wf.id}`}`.execute(t.app.database.db)).rows[0];
    expect(next.done).toBe(false);
    expect(new Date(next.run_at).getTime()).toBeGreaterThan(Date.now());
    await off(wf.id);
    expect((await sql`select 1 from jobs where key = ${`wfs:${wf.id}`} and done_at is null`.execute(t.app.database.db)).rows).toEqual([]);
  });

  it('a scheduled workflow whose filter names a field deleted since logs an error run and keeps its schedule', async () => {
    expect((await admin.post('/api/v1/meta/modules/deals/fields', { name: 'cf_wf_flag', type: 'text', label: { en: 'Flag' } })).status).toBe(201);
    await deal({ cf_wf_flag: 'x' });
    const wf = await workflow({ trigger: { type: 'schedule', cron: '0 9 * * 1' }, where: { field: 'cf_wf_flag', op: 'eq', value: 'x' }, actions: [{ type: 'create_task', subject: 'Flagged' }, { type: 'update_fields', values: { cf_wf_flag: 'seen' } }] });
    expect((await admin.del('/api/v1/meta/modules/deals/fields/cf_wf_flag')).status).toBe(204);
    await sql`update jobs set run_at = now() where key = ${`wfs:${wf.id}`}`.execute(t.app.database.db);
    await t.runJobs();
    const runs = (await admin.get(`/api/v1/workflows/${wf.id}/runs`)).body.data;
    expect(runs).toEqual([expect.objectContaining({ status: 'error', trigger: 'schedule', record_id: null })]);
    expect(runs[0].error).toMatch(/cf_wf_flag/);
    const next = (await sql<{ run_at: Date; done: boolean }>`select run_at, done_at is not null as done from jobs where key = ${`wfs:${wf.id}`}`.execute(t.app.database.db)).rows[0];
    expect(next.done).toBe(false);
    expect(new Date(next.run_at).getTime()).toBeGreaterThan(Date.now());
    // Its actions name the deleted field too: it is still renamed and switched off.
    expect((await admin.patch(`/api/v1/records/workflows/${wf.id}`, { name: 'Flagged, renamed' })).status).toBe(200);
    await off(wf.id);
  });

  it("a new company clock moves a cron's next run and a date trigger's planned runs", async () => {
    const db = t.app.database.db;
    const companyZone = (await admin.get('/api/v1/settings/company')).body.data?.time_zone ?? null;
    expect((await admin.put('/api/v1/settings/company', { time_zone: 'Asia/Shanghai' })).status).toBe(200);
    try {
      const cron = await workflow({ trigger: { type: 'schedule', cron: '0 9 * * 1' }, actions: [{ type: 'create_task', subject: 'Weekly' }] });
      const dated = await workflow({ trigger: { type: 'date', field: 'close_date', offset_days: -3 }, actions: [{ type: 'create_task', subject: 'Soon' }] });
      const d = await deal({ close_date: today(20) });
      await t.runJobs();
      const cronHour = async () => new Date((await sql<{ run_at: Date }>`select run_at from jobs where key = ${`wfs:${cron.id}`}`.execute(db)).rows[0].run_at).getUTCHours();
      const planned = async () => (await sql<{ key: string }>`select key from jobs where kind = 'workflow_date' and done_at is null and payload->>'workflow' = ${dated.id} and payload->>'record' = ${d.id}`.execute(db)).rows
        .map((r) => new Date(r.key.split(':').slice(3).join(':')).getUTCHours());
      expect(await cronHour()).toBe(1); // 09:00 in Shanghai
      expect(await planned()).toEqual([1]);
      expect((await admin.put('/api/v1/settings/company', { time_zone: 'Europe/Moscow' })).status).toBe(200);
      await t.runJobs();
      expect(await cronHour()).toBe(6); // 09:00 in Moscow
      expect((await planned()).sort()).toEqual([1, 6]); // the old one finds its time moved and does nothing
      await off(cron.id);
      await off(dated.id);
    } finally {
      await admin.put('/api/v1/settings/company', { time_zone: companyZone });
    }
  });

  it("a scheduled run's e-mail writes {{today}} on the company's clock, as its other dates are", async () => {
    const db = t.app.database.db;
    const iso = (zone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date());
    const long = (day: string) => new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
    const companyZone = (await admin.get('/api/v1/settings/company')).body.data?.time_zone ?? null;
    // 26 hours apart: the two clocks never show the same date.
    expect((await admin.put('/api/v1/settings/company', { time_zone: 'Pacific/Kiritimati' })).status).toBe(200);
    expect((await admin.patch(`/api/v1/users/${t.users.admin}`, { time_zone: 'Etc/GMT+12' })).status).toBe(200);
    try {
      const tpl = (await admin.post('/api/v1/records/email_templates', { name: 'Today', module: 'deals', subject: 'Today {{name}}', body_html: '<p>{{today}}</p>' })).body.data;
      const d = await deal({ next_step: 'daily-mail' });
      const wf = await workflow({ trigger: { type: 'schedule', cron: '0 9 * * *' }, where: { field: 'next_step', op: 'eq', value: 'daily-mail' }, actions: [{ type: 'send_email', template_id: tpl.id, to: ['owner'], language: 'en' }] });
      await sql`update jobs set run_at = now() where key = ${`wfs:${wf.id}`}`.execute(db);
      const before = smtp.inbox.length;
      await t.runJobs();
      await t.runJobs();
      const mail = smtp.inbox.slice(before).find((m) => m.subject === `Today ${d.name}`);
      expect(mail?.html).toContain(`<p>${long(iso('Pacific/Kiritimati'))}</p>`);
      await off(wf.id);
    } finally {
      await admin.patch(`/api/v1/users/${t.users.admin}`, { time_zone: null });
      await admin.put('/api/v1/settings/company', { time_zone: companyZone });
    }
  });

  it('refuse bad definitions with the path of the problem, in the caller\'s language; only administrators build them', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ trigger: { type: 'sometimes' }, actions: [{ type: 'notify', users: ['owner'], message: 'x' }] }, 'trigger.type'],
      [{ trigger: { type: 'schedule', cron: '* * * * *' }, actions: [{ type: 'notify', users: ['owner'], message: 'x' }] }, 'trigger.cron'],
      [{ trigger: { type: 'date', field: 'name' }, actions: [{ type: 'notify', users: ['owner'], message: 'x' }] }, 'trigger.field'],
      [{ trigger: { type: 'save' }, actions: [] }, 'actions'],
      [{ trigger: { type: 'save' }, actions: [{ type: 'update_fields', values: { nope: 1 } }] }, 'actions[0].values.nope'],
      [{ trigger: { type: 'save' }, where: { field: 'amount', op: 'zz', value: 1 }, actions: [{ type: 'create_task', subject: 'x' }] }, 'amount'],
      // Nothing changes on a time trigger: a change condition there would never hold.
      [{ trigger: { type: 'schedule', cron: '0 9 * * *' }, where: { and: [{ field: 'stage', op: 'changed_to', value: 'won' }] }, actions: [{ type: 'create_task', subject: 'x' }] }, 'where'],
      [{ trigger: { type: 'date', field: 'close_date' }, where: { field: 'stage', op: 'changed' }, actions: [{ type: 'create_task', subject: 'x' }] }, 'where'],
      // Users have no phone number: an SMS to them would go nowhere.
      [{ trigger: { type: 'save' }, actions: [{ type: 'sms', to: ['mobile', 'owner'], text: 'x' }] }, 'actions[0].to'],
      // Not a condition at all: a 400 at its place, never a server error.
      [{ trigger: { type: 'save' }, where: { and: [null] }, actions: [{ type: 'create_task', subject: 'x' }] }, 'where.and[0]'],
    ];
    for (const [body, key] of cases) {
      const r = await admin.post('/api/v1/records/workflows', { name: 'bad', module: 'deals', ...body });
      expect(r.status, key).toBe(400);
      expect(Object.keys(r.body.error.fields ?? {}).join(','), key).toContain(key);
    }
    // A workflow stored before a rule existed can still be renamed and switched off; its actions, once rewritten, obey.
    const stored = await workflow({ trigger: { type: 'save' }, actions: [{ type: 'sms', to: 'mobile', text: 'x' }] });
    await sql`update workflows set actions = ${JSON.stringify([{ type: 'sms', to: 'owner', text: 'x' }])}::jsonb where id = ${stored.id}`.execute(t.app.database.db);
    expect((await admin.patch(`/api/v1/records/workflows/${stored.id}`, { name: 'Renamed', active: false })).status).toBe(200);
    expect((await admin.patch(`/api/v1/records/workflows/${stored.id}`, { actions: [{ type: 'sms', to: 'owner', text: 'y' }] })).status).toBe(400);
    expect((await admin.patch(`/api/v1/users/${t.users.admin}`, { language: 'ru' })).status).toBe(200);
    const ru = await admin.post('/api/v1/records/workflows', { name: 'bad', module: 'deals', trigger: { type: 'schedule', cron: '*/5 * * * *' }, actions: [{ type: 'create_task', subject: 'x' }] });
    await admin.patch(`/api/v1/users/${t.users.admin}`, { language: 'en' });
    expect(ru.body.error.message).toBe('Ошибка в бизнес-процессе: trigger.cron может запускаться не чаще раза в час');
    for (const c of [sales1, manager]) expect((await c.post('/api/v1/records/workflows', { name: 'x', module: 'deals', trigger: { type: 'save' }, actions: [{ type: 'create_task', subject: 'x' }] })).status).toBe(403);
    // Even granted these modules by a profile, a user may not build what acts with someone else's access.
    await withSalesModules(admin, (m) => ({ ...m, workflows: ['view', 'create', 'edit'], webhooks: ['view', 'create', 'edit'], approval_processes: ['view', 'create', 'edit'] }), async () => {
      const asCeo = { assigned_to: t.users.admin };
      expect((await sales1.post('/api/v1/records/workflows', { name: 'x', module: 'deals', trigger: { type: 'save' }, actions: [{ type: 'create_task', subject: 'x' }], ...asCeo })).status).toBe(403);
      expect((await sales1.post('/api/v1/records/webhooks', { name: 'x', url: 'https://hooks.example.com/h', events: ['deals.created'], ...asCeo })).status).toBe(403);
      expect((await sales1.post('/api/v1/records/approval_processes', { name: 'x', module: 'deals', steps: [{ approver: 'manager' }], ...asCeo })).status).toBe(403);
    });
  });
});
