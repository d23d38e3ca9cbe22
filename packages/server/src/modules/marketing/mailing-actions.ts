/**
 * A mailing's life: `send` (now — its audience resolved and queued in the same transaction — or at `send_at`),
 * `pause`, `resume`, `cancel`, and `test` (one message to the sender). Its content is checked on save; once sending
 * has started, what it sends and to whom cannot change.
 */
import { sql } from 'kysely';
import { validateFieldValue, type FieldDef } from '@karta/shared';
import type { AppContext } from '../../app-context.js';
import type { RequestContext } from '../../engine/context.js';
import type { ActionHandler, ModuleBehaviour, WriteChange } from '../../engine/registry/behaviour.js';
import { contextInTransaction } from '../../engine/system-context.js';
import { getRecord } from '../../engine/records/get.js';
import { updateRecord } from '../../engine/records/update.js';
import { lockForWrite, runWrite } from '../../engine/records/write-helpers.js';
import { requirePermission } from '../../engine/access/permissions.js';
import { readCompany } from '../../admin/company-routes.js';
import type { Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { requireMailConfigured, sendMail, senderAddress } from '../../platform/mail.js';
import { msg, translated } from '../../platform/messages/say.js';
import { htmlToText, renderTemplate } from '../automation/template-render.js';
import { checkAudience, invalidAudience, MAX_RECIPIENTS, queueRecipients, resolveAudience, type Audience, type AudienceCounts, type Channel } from './mailing-audience.js';
import { readMailing, scheduleRun, stopRuns, type Mailing } from './mailing-run.js';
import { notify } from '../activities/notifications.js';

const LOCKED_FIELDS = ['audience', 'channel', 'template_id', 'sms_text'];

async function beforeWrite(ctx: RequestContext, change: WriteChange): Promise<void> {
  if (change.action !== 'create' && change.action !== 'update') return;
  const v = change.values;
  if (change.action === 'create') v.status = 'draft';
  const status = String(change.before?.status ?? 'draft');
  if (!['draft', 'scheduled'].includes(status) && LOCKED_FIELDS.some((f) => f in v)) {
    throw new AppError('VALIDATION_FAILED', 'A mailing that has started sending cannot change what it sends or to whom');
  }
  if ('audience' in v) {
    const audience = checkAudience(v.audience);
    v.audience = audience;
    if (audience.campaign_id && !v.campaign_id && !change.before?.campaign_id) v.campaign_id = audience.campaign_id;
  }
}

/** What the mailing needs before it can go: the template (e-mail) or the text (SMS), and mail configured. */
function checkContent(m: Mailing): void {
  if (m.channel === 'email') {
    if (!m.template_id) throw invalidAudience('template_id', 'is required');
    requireMailConfigured();
  } else if (!m.sms_text?.trim()) throw invalidAudience('sms_text', 'is required');
}

/** Resolves and queues the audience, and starts sending (in the caller's transaction). False when nobody is left to send to. */
export async function startSending(ctx: RequestContext, m: Mailing): Promise<AudienceCounts> {
  const { rows, counts } = await resolveAudience(ctx, m.audience as Audience, m.channel as Channel);
  // Never a silent cut: a mailing reaches its whole audience or does not start.
  if (counts.more) throw invalidAudience('audience', msg('holds more than {max} records: narrow it with a segment', { max: MAX_RECIPIENTS }));
  await queueRecipients(ctx, m.id, rows);
  await updateRecord(ctx, 'mailings', m.id, {}, undefined, { systemValues: { status: counts.recipients ? 'sending' : 'completed' } });
  if (counts.recipients) await scheduleRun(ctx.db, m.id, ctx.user.id);
  return counts;
}

/** The job's start of a scheduled mailing, as the user who scheduled it. */
export async function startScheduled(app: AppContext, id: string, userId: string, trx: Tx): Promise<boolean> {
  const ctx = await contextInTransaction(app, trx, userId);
  const m = await readMailing(trx, id, true);
  if (m?.status !== 'scheduled') return false;
  // Under a savepoint: a refusal part-way through starting leaves nothing of it behind the pause.
  await sql`savepoint mailing_start`.execute(trx);
  try {
    checkContent(m);
    return (await startSending(ctx, m)).recipients > 0;
  } catch (err) {
    // Changed since it was scheduled so that it cannot go (no template, mail not configured, an audience grown past
    // the limit): it waits, paused, and its sender hears why.
    if (!(err instanceof AppError)) throw err;
    await sql`rollback to savepoint mailing_start`.execute(trx);
    ctx.pendingEvents?.splice(0);
    await updateRecord(ctx, 'mailings', id, {}, undefined, { systemValues: { status: 'paused' } });
    await stopRuns(trx, id);
    const owner = m.created_by ?? m.assigned_to;
    if (owner) await notify(trx, { userId: owner, kind: 'mailing_paused', module: 'mailings', recordId: id, label: m.name, message: `${m.name}: ${err.message}`.slice(0, 500) });
    return false;
  }
}

/** The caller's mailing, its row locked when inside a write (an action deciding on its status). */
async function mine(ctx: RequestContext, id: string): Promise<Mailing> {
  await getRecord(ctx, 'mailings', id);
  const m = await readMailing(ctx.db, id, ctx.db.isTransaction);
  if (!m) throw new AppError('NOT_FOUND', 'Record not found');
  return m;
}

function wrongState(ctx: RequestContext, status: string): AppError {
  const option = ctx.registry.module('mailings').fieldMap.get('status')?.options?.find((o) => o.value === status);
  return new AppError('CONFLICT', msg('Not possible while the mailing is {status}', { status: option ? option.label[ctx.lang] : status }));
}

const send: ActionHandler = async (ctx, id) => runWrite(ctx, async (tctx) => {
  const m = await mine(tctx, id);
  if (m.status !== 'draft') throw wrongState(tctx, m.status);
  checkContent(m);
  if (m.send_at && new Date(m.send_at).getTime() > Date.now() + 30_000) {
    const data = await updateRecord(tctx, 'mailings', id, {}, undefined, { systemValues: { status: 'scheduled' } });
    await scheduleRun(tctx.db, id, tctx.user.id, new Date(m.send_at));
    return { body: { data, counts: null } };
  }
  const counts = await startSending(tctx, m);
  return { body: { data: (await getRecord(tctx, 'mailings', id)).data, counts } };
});

const transition = (from: string[], to: string, after?: (ctx: RequestContext, m: Mailing) => Promise<void>): ActionHandler => async (ctx, id) =>
  runWrite(ctx, async (tctx) => {
    const m = await mine(tctx, id);
    if (!from.includes(m.status)) throw wrongState(tctx, m.status);
    const data = await updateRecord(tctx, 'mailings', id, {}, undefined, { systemValues: { status: to } });
    await after?.(tctx, m);
    return { body: { data } };
  });

const pause = transition(['sending', 'scheduled'], 'paused');
const resume: ActionHandler = async (ctx, id) => runWrite(ctx, async (tctx) => {
  const m = await mine(tctx, id);
  if (m.status !== 'paused') throw wrongState(tctx, m.status);
  const queued = (await sql<{ n: number }>`select count(*)::int as n from mailing_recipients where mailing_id = ${id}`.execute(tctx.db)).rows[0].n > 0;
  const data = await updateRecord(tctx, 'mailings', id, {}, undefined, { systemValues: { status: queued ? 'sending' : 'scheduled' } });
  const at = !queued && m.send_at && new Date(m.send_at) > new Date() ? new Date(m.send_at) : new Date();
  await scheduleRun(tctx.db, id, tctx.user.id, at);
  return { body: { data } };
});
const cancelMailing = transition(['draft', 'scheduled', 'sending', 'paused'], 'cancelled', async (ctx, m) => {
  await sql`update mailing_recipients set state = 'cancelled' where mailing_id = ${m.id} and state = 'queued'`.execute(ctx.db);
  await stopRuns(ctx.db, m.id);
});

const EMAIL: FieldDef = { name: 'to', type: 'email', label: { en: 'To', ru: 'Кому', uk: 'Кому', zh: '收件人' }, required: true };

/** One message, as the first recipient would get it, to the sender (or `to`); nothing is logged. */
const test: ActionHandler = async (ctx, id, rawBody) => {
  // It goes out in the mailing's name: only who may change the mailing sends it (a reader could mail anyone from it).
  requirePermission(ctx, 'mailings', 'edit');
  await runWrite(ctx, (tctx) => lockForWrite(tctx, tctx.registry.module('mailings'), id));
  const m = await mine(ctx, id);
  if (m.channel !== 'email') throw invalidAudience('channel', 'a test is sent by e-mail');
  checkContent(m);
  const body = (rawBody ?? {}) as Record<string, unknown>;
  const me = (await sql<{ email: string | null }>`select email from users where id = ${ctx.user.id}`.execute(ctx.db)).rows[0]?.email;
  const r = validateFieldValue(EMAIL, body.to ?? me ?? '', ctx.lang);
  if (!r.ok) throw new AppError('VALIDATION_FAILED', 'The e-mail is not valid', { to: translated(r.message) });
  const { rows } = await resolveAudience(ctx, m.audience as Audience, 'email', 1);
  const first = rows[0];
  const template = (await getRecord(ctx, 'email_templates', m.template_id!)).data;
  const rendered = await renderTemplate(ctx, template, first ? { module: first.module, id: first.record_id } : null, m.language ?? undefined);
  await sendMail({ from: m.sender || senderAddress((await readCompany(ctx.db)).email), to: [String(r.value)], subject: `[TEST] ${rendered.subject}`, html: rendered.html, text: htmlToText(rendered.html) });
  return { body: { data: { to: r.value, record: first ? { module: first.module, id: first.record_id } : null } } };
};

/** A scheduled mailing whose time is moved goes at the new time. */
async function afterWrite(ctx: RequestContext, change: WriteChange, record: Record<string, unknown>): Promise<void> {
  if (change.action !== 'update' || !('send_at' in change.values) || record.status !== 'scheduled') return;
  const at = typeof record.send_at === 'string' ? new Date(record.send_at) : new Date();
  await scheduleRun(ctx.db, change.id, ctx.user.id, at);
}

export const mailingBehaviour: ModuleBehaviour = {
  beforeWrite,
  afterWrite,
  actions: { send, pause, resume, cancel: cancelMailing, test },
};
