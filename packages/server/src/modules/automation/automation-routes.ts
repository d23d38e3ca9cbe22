import { requireAdmin } from '../../engine/access/permissions.js';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppContext } from '../../app-context.js';
import { getRecord } from '../../engine/records/get.js';
import { any, arr, dateTime, doc, int, listOf, nullable, obj, str, uuid } from '../../engine/http/openapi/schema.js';
import { inTransaction } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { renderTemplate } from './template-render.js';
import { listDeliveries, replayDelivery } from './webhooks.js';
import { listApprovals } from './approvals.js';
import { loadWorkflow, publishAfter, runWorkflow } from './workflow-run.js';
import type { RequestContext } from '../../engine/context.js';

const RENDER_INPUT = obj({ record: obj({ module: str(), id: uuid() }, ['module', 'id']), language: str({ enum: ['en', 'ru', 'uk', 'zh'] }) });
const RENDERED = obj({ subject: str(), html: str(), language: str() }, ['subject', 'html']);

/** Automation routes that are not record CRUD: template preview, workflow runs, webhook deliveries, approvals. */
const RUN = obj({ id: int(), workflow_id: uuid(), module: str(), record_id: nullable(uuid()), trigger: str(), status: str({ enum: ['running', 'ok', 'error', 'stopped'] }),
  actions: arr(obj({ type: str(), status: str(), result: any(), error: str(), ms: int() })), error: nullable(str()), depth: int(), started_at: dateTime(), duration_ms: nullable(int()) });
const DELIVERY = obj({ id: str(), event: str(), state: str({ enum: ['pending', 'retrying', 'delivered', 'failed'] }), attempts: int(), response_status: nullable(int()),
  error: nullable(str()), created_at: dateTime(), delivered_at: nullable(dateTime()), next_attempt_at: nullable(dateTime()), payload: any() });

function limitOf(raw: unknown): number {
  const n = Number(raw ?? 50);
  return Number.isInteger(n) && n >= 1 && n <= 500 ? n : 50;
}

export async function automationRoutes(api: FastifyInstance, app: AppContext): Promise<void> {
  api.post<{ Params: { id: string }; Body: { record?: { module?: unknown; id?: unknown }; language?: unknown } }>('/email_templates/:id/render',
    doc({ tags: ['automation'], summary: 'Render an e-mail template for a record (a preview, as the caller sees the record)', body: RENDER_INPUT, response: { 200: RENDERED } }),
    async (req) => {
      const template = (await getRecord(req.ctx, 'email_templates', req.params.id)).data;
      const body = req.body ?? {};
      const rec = body.record;
      if (rec !== undefined && (typeof rec !== 'object' || rec === null || typeof rec.module !== 'string' || typeof rec.id !== 'string' || !req.ctx.registry.has(rec.module))) {
        throw new AppError('VALIDATION_FAILED', 'The e-mail is not valid', { record: 'must be {"module","id"} of a record' });
      }
      return renderTemplate(req.ctx, template, rec ? { module: rec.module as string, id: rec.id as string } : null, typeof body.language === 'string' ? body.language : undefined);
    });
  await workflowRoutes(api, app);

  api.get<{ Querystring: { state?: string; mine?: string; record_id?: string; module?: string; limit?: string } }>('/approvals',
    doc({ tags: ['automation'], summary: 'Approvals: waiting for me (mine=1), mine and waiting for me, or a record\'s (module + record_id)',
      querystring: obj({ state: str({ enum: ['pending', 'approved', 'rejected', 'voided'] }), mine: str({ enum: ['0', '1'] }), record_id: uuid(), module: str(), limit: int({ minimum: 1, maximum: 500 }) }),
      response: { 200: listOf(APPROVAL) } }),
    async (req) => {
      const q = req.query;
      const state = q.state && ['pending', 'approved', 'rejected', 'voided'].includes(q.state) ? q.state : undefined;
      const recordId = typeof q.record_id === 'string' && /^[0-9a-f-]{36}$/i.test(q.record_id) ? q.record_id : undefined;
      if (recordId && (typeof q.module !== 'string' || !req.ctx.registry.has(q.module))) throw new AppError('VALIDATION_FAILED', 'Some fields are not valid', { module: 'is required' });
      return { data: await listApprovals(req.ctx, { state, mine: q.mine === '1', recordId, module: q.module, limit: limitOf(q.limit) }) };
    });
}

const APPROVAL = obj({ id: uuid(), process_id: uuid(), process_name: str(), module: str(), record_id: uuid(), label: nullable(str()), state: str({ enum: ['pending', 'approved', 'rejected', 'voided'] }),
  step: int(), approver_ids: arr(uuid()), submitted_by: uuid(), submitted_at: dateTime(), decided_at: nullable(dateTime()), comment: nullable(str()) });

/** Workflow runs (on the workflow, or for one record) and a run against a chosen record; webhook delivery log and replay. */
async function workflowRoutes(api: FastifyInstance, app: AppContext): Promise<void> {
  api.get<{ Params: { id: string }; Querystring: { status?: string; record_id?: string; limit?: string } }>('/workflows/:id/runs',
    doc({ tags: ['automation'], summary: "A workflow's runs, newest first (filter by status or record)", querystring: obj({ status: str(), record_id: uuid(), limit: int({ minimum: 1, maximum: 500 }) }), response: { 200: listOf(RUN) } }),
    async (req) => {
      await getRecord(req.ctx, 'workflows', req.params.id);
      const q = req.query;
      const status = typeof q.status === 'string' && /^[a-z]+$/.test(q.status) ? q.status : null;
      const record = typeof q.record_id === 'string' && /^[0-9a-f-]{36}$/i.test(q.record_id) ? q.record_id : null;
      const r = await sql`select id, workflow_id, module, record_id, trigger, status, actions, error, depth, started_at, duration_ms from workflow_runs
        where workflow_id = ${req.params.id} ${status ? sql`and status = ${status}` : sql``} ${record ? sql`and record_id = ${record}` : sql``}
        order by id desc limit ${limitOf(q.limit)}`.execute(req.ctx.db);
      return { data: r.rows.map((row: any) => ({ ...row, id: Number(row.id) })) };
    });

  // A test run: the workflow's actions for real, on a record the administrator picks (its trigger is not asked).
  api.post<{ Params: { id: string }; Body: { record_id?: unknown } }>('/workflows/:id/test',
    doc({ tags: ['automation'], summary: 'Run a workflow now against one record (its conditions still apply)', body: obj({ record_id: uuid() }, ['record_id']), response: { 200: obj({ data: nullable(RUN), matched: { type: 'boolean' } }) } }),
    async (req) => {
      // It acts (or shows what was sent) with its owner's access: administrators only, as building one is.
      requireAdmin(req.ctx);
      await getRecord(req.ctx, 'workflows', req.params.id);
      const recordId = req.body?.record_id;
      if (typeof recordId !== 'string' || !/^[0-9a-f-]{36}$/i.test(recordId)) throw new AppError('VALIDATION_FAILED', 'The workflow cannot run', { record_id: 'must be a record id' });
      const pending: RequestContext[] = [];
      const answer = await inTransaction(app.database.db, async (trx) => {
        const wf = await loadWorkflow(trx, req.params.id);
        if (!wf) throw new AppError('VALIDATION_FAILED', 'This workflow is switched off');
        await getRecord({ ...req.ctx, db: trx }, wf.module, recordId);
        const run = await runWorkflow(app, trx, wf, recordId, { trigger: 'test', changes: {}, depth: 0, key: `wft:${wf.id}:${recordId}:${Date.now()}` }, pending);
        return { matched: Boolean(run), data: run ? (await sql`select * from workflow_runs where id = ${run.id}`.execute(trx)).rows[0] : null };
      });
      await publishAfter(pending)(); // the run's writes announce themselves once committed (a task's notification)
      return answer;
    });

  api.get<{ Params: { id: string }; Querystring: { limit?: string } }>('/webhooks/:id/deliveries',
    doc({ tags: ['automation'], summary: "A webhook's delivery log, newest first", querystring: obj({ limit: int({ minimum: 1, maximum: 500 }) }), response: { 200: listOf(DELIVERY) } }),
    async (req) => {
      // It acts (or shows what was sent) with its owner's access: administrators only, as building one is.
      requireAdmin(req.ctx);
      await getRecord(req.ctx, 'webhooks', req.params.id);
      return { data: await listDeliveries(req.ctx.db, req.params.id, limitOf(req.query.limit)) };
    });

  api.post<{ Params: { id: string; delivery: string } }>('/webhooks/:id/deliveries/:delivery/replay',
    doc({ tags: ['automation'], summary: 'Send a delivery again now', response: { 202: obj({ queued: { type: 'boolean' } }) } }),
    async (req, reply) => {
      // It acts (or shows what was sent) with its owner's access: administrators only, as building one is.
      requireAdmin(req.ctx);
      await getRecord(req.ctx, 'webhooks', req.params.id);
      if (!/^\d{1,18}$/.test(req.params.delivery) || !(await replayDelivery(req.ctx.db, req.params.id, req.params.delivery))) throw new AppError('NOT_FOUND', 'No such delivery');
      return reply.code(202).send({ queued: true });
    });
}
