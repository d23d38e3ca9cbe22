/**
 * Automation (issue 16), as an administrator: what three active workflows add to a write, and how fast the job queue
 * works off the actions they queue.
 *   - `writes` deal updates (a new description each) with three active workflows (a task on the change, a
 *     notification, a filtered save trigger that rarely holds) between two halves of `writes` updates with none, on
 *     rows updated as often (the baseline is their mean, so table bloat does not count as the workflows' cost) — the
 *     job worker held off meanwhile, so the write's own cost (the outbox row) is what is measured;
 *   - then one server works the backlog: runs and actions per second until no automation job is left.
 */
import { performance } from 'node:perf_hooks';
import { openDriver } from './driver.js';
import { apiToken, Client } from './http.js';
import { startServer } from './server.js';
import { ADMIN_PASSWORD, openBooted, serverEnv, type Target } from './setup.js';
import { summarize, type Summary } from './stats.js';

export interface AutomationResult {
  writes: number;
  without: Summary;
  without_after: Summary;
  with_workflows: Summary;
  added_p95_ms: number;
  drain: { events: number; runs: number; actions: number; seconds: number; actions_per_s: number; events_per_s: number };
}

const WORKFLOWS = (tag: string) => [
  { name: `bench task ${tag}`, module: 'deals', trigger: { type: 'field_change', field: 'description' }, actions: [{ type: 'create_task', subject: 'Follow up the change', due_in_days: 3 }] },
  { name: `bench notify ${tag}`, module: 'deals', trigger: { type: 'field_change', field: 'description' }, actions: [{ type: 'notify', users: ['owner'], message: 'The description changed' }] },
  { name: `bench won ${tag}`, module: 'deals', trigger: { type: 'save' }, where: { field: 'stage', op: 'eq', value: 'closed_won' }, actions: [{ type: 'update_fields', values: { next_step: 'Invoice' } }] },
];

async function updates(admin: Client, ids: string[], tag: string, concurrency = 4): Promise<Summary> {
  const ms: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < ids.length) {
      const id = ids[next++];
      const s = performance.now();
      const r = await admin.request('PATCH', `/api/v1/records/deals/${id}`, { description: `bench ${tag} ${next}` });
      if (r.status !== 200) throw new Error(`update: ${r.status} ${r.text.slice(0, 200)}`);
      ms.push(performance.now() - s);
    }
  }));
  return summarize(ms, performance.now() - t0);
}

export async function automationPhase(target: Target, writes: number, log: (s: string) => void): Promise<AutomationResult> {
  const driver = await openDriver(target);
  const tag = Date.now().toString(36);
  let ids: string[];
  try {
    await openBooted(target, driver.database);
    await driver.query(`update workflows set active = false where name like 'bench %'`);
    await driver.query(`delete from jobs where kind like 'automation%' or kind like 'workflow%'`);
    ids = (await driver.query(`select id from deals where deleted_at is null and stage is distinct from 'closed_won' order by random() limit ${writes * 2}`)).map((r) => String(r.id));
  } finally {
    await driver.close();
  }
  if (ids.length < writes * 2) throw new Error(`the automation phase needs ${writes * 2} deals, found ${ids.length}`);
  // The worker is held off while writing: the write's own cost is what is measured, then the backlog.
  const server = await startServer({ ...serverEnv(target), LOG_LEVEL: 'warn', KARTA_JOBS_INTERVAL_MS: '3600000' }, `server-automation-${target.kind}.log`);
  let without: Summary;
  let withoutAfter: Summary;
  let withWorkflows: Summary;
  try {
    const admin = new Client(server.url, { authorization: `Bearer ${await apiToken(server.url, 'admin', ADMIN_PASSWORD)}` });
    const half = Math.floor(writes / 2);
    without = await updates(admin, ids.slice(0, half), tag);
    const created: string[] = [];
    for (const wf of WORKFLOWS(tag)) created.push(JSON.parse(await admin.ok('POST', '/api/v1/records/workflows', wf)).data.id);
    withWorkflows = await updates(admin, ids.slice(writes, writes * 2), tag);
    for (const id of created) await admin.ok('PATCH', `/api/v1/records/workflows/${id}`, { active: false });
    withoutAfter = await updates(admin, ids.slice(half, writes), tag);
    for (const id of created) await admin.ok('PATCH', `/api/v1/records/workflows/${id}`, { active: true });
    admin.close();
  } finally {
    await server.stop();
  }
  const baseline = (without.p95_ms + withoutAfter.p95_ms) / 2;
  const added = Math.round((withWorkflows.p95_ms - baseline) * 100) / 100;
  log(`  ${writes.toLocaleString('en')} deal updates with 3 active workflows: p95 ${withWorkflows.p95_ms} ms; without, before and after: ${without.p95_ms} and ${withoutAfter.p95_ms} ms (+${added} ms; p50 ${without.median_ms} / ${withoutAfter.median_ms} → ${withWorkflows.median_ms} ms)`);

  const check = await openDriver(target);
  try {
    const pending = async () => Number((await check.query(`select count(*)::int as n from jobs where done_at is null and (kind like 'automation%' or kind like 'workflow%')`))[0].n);
    const events = await pending();
    const runsBefore = Number((await check.query('select count(*)::int as n from workflow_runs'))[0].n);
    const worker = await startServer({ ...serverEnv(target), LOG_LEVEL: 'warn', KARTA_JOBS_INTERVAL_MS: '100' }, `server-automation-drain-${target.kind}.log`);
    const t0 = performance.now();
    try {
      while ((await pending()) > 0) await new Promise((r) => setTimeout(r, 250));
    } finally {
      await worker.stop();
    }
    const seconds = (performance.now() - t0) / 1000;
    const runs = Number((await check.query('select count(*)::int as n from workflow_runs'))[0].n) - runsBefore;
    const actions = Number((await check.query(`select coalesce(sum(jsonb_array_length(actions)), 0)::int as n from (select actions from workflow_runs order by id desc limit ${runs}) r`))[0].n);
    const drain = { events, runs, actions, seconds: Math.round(seconds * 10) / 10, actions_per_s: Math.round(actions / seconds), events_per_s: Math.round(events / seconds) };
    log(`  backlog of ${events.toLocaleString('en')} events: ${runs.toLocaleString('en')} runs, ${actions.toLocaleString('en')} actions in ${drain.seconds} s — ${drain.actions_per_s} actions/s, ${drain.events_per_s} events/s (one instance)`);
    await check.query(`update workflows set active = false where name like 'bench %'`);
    return { writes, without, without_after: withoutAfter, with_workflows: withWorkflows, added_p95_ms: added, drain };
  } finally {
    await check.close();
  }
}
