import { sql } from 'kysely';
import type { RequestContext } from '../../engine/context.js';
import type { ModuleBehaviour, WriteChange } from '../../engine/registry/behaviour.js';
import { validationError } from '../../engine/records/validate-input.js';
import { companyCurrency } from '../../admin/company-routes.js';
import { forecastAmount } from './forecast.js';
import { estimateFor } from './probability-data.js';
import { DEFAULT_KIND, checkTransition, checkedItems, type DealKind, type DealState } from './stage-rules.js';

/** The deal's kind as the rules read it; no kind (or an unreadable one) is vTiger's default stages. */
export async function loadKind(ctx: RequestContext, id: unknown): Promise<DealKind> {
  if (typeof id !== 'string') return DEFAULT_KIND;
  const r = await sql<{ mode: DealKind['mode']; stages: unknown }>`select mode, stages from deal_kinds where id = ${id} and deleted_at is null`.execute(ctx.db);
  const row = r.rows[0];
  if (!row) return DEFAULT_KIND;
  const stages = Array.isArray(row.stages) ? row.stages.filter((s) => typeof s?.name === 'string') : [];
  return { mode: row.mode ?? 'manual', stages };
}

/**
 * Deals: stage moves checked by the kind's mode, status kept in step with the stage, the stage's default
 * probability, a loss reason required for lost deals, the stage's checklist; every stage a deal enters is written to
 * `deal_stage_history` in the same transaction, with the move's comment (`stage_comment`, or a lost deal's
 * `loss_comment`).
 */
export const dealBehaviour: ModuleBehaviour = {
  async beforeWrite(ctx, change) {
    if (change.action !== 'create' && change.action !== 'update') return;
    const v = change.values;
    if (change.action === 'create') await fillDefaults(ctx, v);
    // A deal's money is always in some currency: cleared, it is the company's again (the funnel and the reports add
    // amounts by currency, and a deal in none would be added to whichever is there).
    else if ('currency' in v && (v.currency === null || v.currency === '')) v.currency = await companyCurrency(ctx.db);
    await checkStage(ctx, change);
    keepForecast(v, change.before);
  },
  async afterWrite(ctx, change, record) {
    if (change.action !== 'create' && change.action !== 'update') return;
    const before = change.before;
    if (before && before.stage === record.stage && before.status === record.status) {
      // A comment written later is the current stage's comment (a lost deal's: its loss comment first, as when it was lost).
      if ('stage_comment' in change.values || 'loss_comment' in change.values) {
        await sql`update deal_stage_history set comment = ${stageComment(record)} where deal_id = ${change.id} and left_at is null`.execute(ctx.db);
      }
      return;
    }
    const next = (record.stage ?? record.status) as string;
    const comment = stageComment(record);
    await sql`update deal_stage_history set left_at = now(), next_stage = ${next} where deal_id = ${change.id} and left_at is null`.execute(ctx.db);
    await sql`insert into deal_stage_history (deal_id, stage, status, amount, user_id, comment)
      values (${change.id}, ${record.stage as string | null}, ${record.status as string}, ${record.amount as string | null}::numeric, ${ctx.user.id}, ${comment})`.execute(ctx.db);
  },
};

/** A new deal without a currency or a kind takes the company's currency and the default kind. */
async function fillDefaults(ctx: RequestContext, v: Record<string, unknown>): Promise<void> {
  if (v.currency === undefined || v.currency === null) v.currency = await companyCurrency(ctx.db);
  if (v.deal_kind_id === undefined) {
    const r = await sql<{ id: string }>`select id from deal_kinds where is_default and coalesce(is_active, true) and deleted_at is null order by updated_at desc limit 1`.execute(ctx.db);
    if (r.rows[0]) v.deal_kind_id = r.rows[0].id;
  }
}

/** forecast = amount × probability, kept in step whenever either changes (won: the amount; lost: 0). */
function keepForecast(v: Record<string, unknown>, before?: Record<string, unknown>): void {
  if (before && !('amount' in v) && !('probability' in v)) return;
  const amount = 'amount' in v ? v.amount : before?.amount;
  const probability = 'probability' in v ? v.probability : before?.probability;
  v.forecast_amount = forecastAmount(amount as string | null, probability as string | null);
}

/** The stage move the write asks for, checked by the kind's mode; the stage's probability and a fresh estimate. */
async function checkStage(ctx: RequestContext, change: WriteChange): Promise<void> {
  const v = change.values;
  const askedStage = 'stage' in v;
  const askedStatus = 'status' in v;
  if (change.action === 'update' && !askedStage && !askedStatus && !('deal_kind_id' in v) && !('loss_reason' in v) && !('stage_checklist' in v) && !('probability' in v)) return;
  const before = change.before as DealState | undefined;
  const kind = await loadKind(ctx, { ...(before ?? {}), ...v }.deal_kind_id);
  const tick = (stage: string | null) => {
    const ticked = checkedItems(kind, stage, v.stage_checklist);
    if (ticked.error) throw validationError({ stage_checklist: ticked.error }, ctx.lang);
    v.stage_checklist = ticked.items;
  };
  // Another kind: the items ticked belonged to the old kind's stage.
  // (A writer sending the whole record back resends them: the same list is not a new choice either.)
  const sameTicks = JSON.stringify(v.stage_checklist ?? []) === JSON.stringify(before?.stage_checklist ?? []);
  if (before && 'deal_kind_id' in v && v.deal_kind_id !== before.deal_kind_id && (!('stage_checklist' in v) || sameTicks)) v.stage_checklist = [];
  // Items are ticked in the stage the deal stands in before the write (ticking the last one and moving on is one write).
  if ('stage_checklist' in v && before) tick(before.stage);
  const merged = { ...(before ?? {}), ...v } as DealState;
  const t = checkTransition(kind, before ?? null, merged, askedStage, askedStatus);
  if (Object.keys(t.errors).length) throw validationError(t.errors, ctx.lang);
  // A new deal's items are those of the stage it starts at (its kind's first, when the write names none).
  if ('stage_checklist' in v && !before) tick(t.stage);
  v.stage = t.stage;
  v.status = t.status;
  const moved = !before || before.stage !== t.stage || before.status !== t.status;
  if (moved && t.probability !== undefined && !('probability' in v)) v.probability = String(t.probability);
  // A closed deal is certain either way: won forecasts its whole amount, lost nothing (a stale probability sent along is not kept).
  if (t.status === 'won' || t.status === 'lost') v.probability = t.status === 'won' ? '100' : '0';
  // A new stage starts with its checklist undone and without the last stage's comment.
  // A writer that sends the whole record resends the last comment: only a new one is the move's.
  if (before && moved) {
    v.stage_checklist = [];
    if (!('stage_comment' in v) || v.stage_comment === before.stage_comment) v.stage_comment = null;
  }
  // The estimate from history is refreshed whenever the deal changes stage (closed deals are certain).
  if (moved) {
    v.estimated_probability = t.status === 'won' ? '100' : t.status === 'lost' ? '0'
      : String(Math.round((await estimateFor(ctx, { ...merged, id: change.id, stage: t.stage })).probability * 1000) / 10);
  }
  if (t.status !== 'lost' && before?.status === 'lost') Object.assign(v, { loss_reason: null, winning_competitor_id: null, loss_comment: null });
}

const said = (v: unknown) => (typeof v === 'string' && v.trim() ? v : null);
/** What the stage history says of the stage a deal is in: a lost deal's loss comment, else its stage comment. */
const stageComment = (record: Record<string, unknown>) => (record.status === 'lost' ? said(record.loss_comment) : null) ?? said(record.stage_comment);
