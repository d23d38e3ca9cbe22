/**
 * Demo deal kinds and the path each demo deal took through its stages, spread over the last year, so the
 * funnel, the estimate and the kanban have a real history to show.
 */
import { sql } from 'kysely';
import { updateRecord } from '../../engine/records/update.js';
import { DEFAULT_KIND, LOST, WON, openStages, type DealKind } from '../../modules/sales/stage-rules.js';
import { create } from './create.js';
import type { GenContext } from './context.js';

export interface KindRef { id: string; kind: DealKind; weight: number }

/** A standard manual kind (vTiger's stages), a project sale with a fixed process, a one-off sale without stages. */
const DEMO_KINDS: { name: string; weight: number; kind: DealKind; description: string; isDefault?: boolean }[] = [
  { name: 'Стандартная продажа', weight: 50, kind: DEFAULT_KIND, description: 'Этапы vTiger в любом порядке.', isDefault: true },
  {
    name: 'Проектная продажа', weight: 35, description: 'Строгий порядок этапов; этап не закрыть без обязательных полей.',
    kind: { mode: 'process', stages: [
      { name: 'qualification', probability: 15, required_fields: ['contact_id'] },
      { name: 'needs_analysis', probability: 30, required_fields: ['primary_demand'] },
      { name: 'proposal_price_quote', probability: 55, required_fields: ['amount'] },
      { name: 'negotiation_review', probability: 80 },
      { name: WON, probability: 100 }, { name: LOST, probability: 0 },
    ] },
  },
  { name: 'Разовая продажа', weight: 15, kind: { mode: 'none', stages: [] }, description: 'Без этапов: сделка открыта, выиграна или проиграна.' },
];

export async function generateDealKinds(g: GenContext): Promise<KindRef[]> {
  const out: KindRef[] = [];
  for (const k of DEMO_KINDS) {
    const id = await create(g.ctx, 'deal_kinds', { name: k.name, mode: k.kind.mode, stages: k.kind.stages, description: k.description, is_default: !!k.isDefault });
    out.push({ id, kind: k.kind, weight: k.weight });
  }
  return out;
}

/** The open stages a deal went through: to where it is (open), where it dropped out (lost), or all but a few skipped (won). */
export function planPath(g: GenContext, kind: DealKind, status: string, current: string | null): string[] {
  const open = openStages(kind).map((s) => s.name);
  if (!open.length) return [];
  if (status === 'open') return open.slice(0, open.indexOf(current ?? open[0]) + 1);
  if (status === 'lost') return open.slice(0, g.r.int(1, open.length));
  // A manual kind lets a won deal skip stages; a process does not.
  return kind.mode === 'manual' ? open.filter((s, i) => i === 0 || !g.r.chance(0.3)) : open;
}

/**
 * Moves a process deal stage by stage through the record pipeline (its rules and required fields apply), then
 * closes it; `values` fills what the stages require.
 */
export async function walkProcess(g: GenContext, id: string, path: string[], status: string, values: Record<string, unknown>): Promise<void> {
  let version = 1;
  for (const stage of path.slice(1)) version = (await updateRecord(g.ctx, 'deals', id, { stage }, version)).version as number;
  if (status !== 'open') await updateRecord(g.ctx, 'deals', id, { status, loss_reason: values.loss_reason ?? null, winning_competitor_id: values.winning_competitor_id ?? null }, version);
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** When each of `n` stages was entered: a few days to a few weeks each, the last at the close (or lately, if open). */
function stageTimes(g: GenContext, n: number, closedDaysAgo: number | null): number[] {
  let at = g.cal.today.getTime() - (closedDaysAgo ?? g.r.int(0, 20)) * DAY - g.r.int(0, 8) * HOUR;
  const times: number[] = [];
  for (let i = n - 1; i >= 0; i--) {
    times[i] = at;
    at -= g.r.int(2, 30) * DAY + g.r.int(0, 23) * HOUR;
  }
  return times;
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/**
 * Dates a process deal's stage history, written by the pipeline as it moved, and its creation time.
 * Demo data only: the history is otherwise append-only.
 */
export async function backdateHistory(g: GenContext, dealId: string, closedDaysAgo: number | null): Promise<void> {
  const rows = await sql<{ id: string }>`select id::text from deal_stage_history where deal_id = ${dealId} order by id`.execute(g.ctx.db);
  const times = stageTimes(g, rows.rows.length, closedDaysAgo);
  for (const [i, row] of rows.rows.entries()) {
    await sql`update deal_stage_history set entered_at = ${iso(times[i])}::timestamptz, left_at = ${iso(times[i + 1])}::timestamptz
      where id = ${row.id}::bigint`.execute(g.ctx.db);
  }
  await setCreated(g, dealId, times[0]);
}

/**
 * The path of a deal created at its current stage, as an import from an earlier system would bring it: the
 * stages it went through, then where it is (or how it closed). Demo data only.
 */
export async function writeHistory(g: GenContext, deal: { id: string; status: string; amount: string; owner: string }, path: string[], closedDaysAgo: number | null): Promise<void> {
  const steps: [string | null, string][] = path.map((s) => [s, 'open']);
  if (deal.status !== 'open') steps.push([deal.status === 'won' ? WON : LOST, deal.status]);
  if (!steps.length) steps.push([null, 'open']);
  const times = stageTimes(g, steps.length, closedDaysAgo);
  await sql`delete from deal_stage_history where deal_id = ${deal.id}`.execute(g.ctx.db);
  const rows = steps.map(([stage, status], i) => sql`(${deal.id}::uuid, ${stage}, ${status}, ${deal.amount}::numeric,
    ${iso(times[i])}::timestamptz, ${iso(times[i + 1])}::timestamptz, ${deal.owner}::uuid, ${steps[i + 1] ? steps[i + 1][0] ?? steps[i + 1][1] : null})`);
  await sql`insert into deal_stage_history (deal_id, stage, status, amount, entered_at, left_at, user_id, next_stage) values ${sql.join(rows)}`.execute(g.ctx.db);
  await setCreated(g, deal.id, times[0]);
}

async function setCreated(g: GenContext, dealId: string, at: number | undefined): Promise<void> {
  if (at !== undefined) await sql`update deals set created_at = ${iso(at)}::timestamptz where id = ${dealId}`.execute(g.ctx.db);
}
