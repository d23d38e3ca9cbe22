/**
 * Reports: the definition is checked against the registry when it is saved (400 at the path of what is wrong,
 * nothing saved); `shared_with` names users, `role:<id>` and `group:<id>` — the readers of the record.
 */
import type { ModuleBehaviour, WriteChange } from '../../engine/registry/behaviour.js';
import type { RequestContext } from '../../engine/context.js';
import { AppError } from '../../platform/errors.js';
import { msg, nested, type Said } from '../../platform/messages/say.js';
import { CHART_TYPES, resolveReport, type ReportDefinition } from '../analytics/report-definition.js';
import { scheduleErrors } from './schedule.js';

const DEFINITION_FIELDS = ['module', 'type', 'related', 'columns', 'where', 'line_where', 'related_where', 'group_by', 'aggregates', 'sort', 'limit', 'chart', 'currency'] as const;
const READER = /^(((role|group):)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|all|lang:(en|ru|uk|zh))$/i;
const MAX_READERS = 200;

function invalid(key: string, problem: Said): AppError {
  return new AppError('VALIDATION_FAILED', msg('Invalid report: {key} {problem}', { key, problem: nested(problem) }), { [key]: problem });
}

/** The definition a write leaves: the stored one with the new values over it. */
export function definitionOf(values: Record<string, unknown>, before?: Record<string, unknown>): ReportDefinition {
  const pick = (k: string) => (k in values ? values[k] : before?.[k]);
  return Object.fromEntries(DEFINITION_FIELDS.map((k) => [k, pick(k) ?? undefined])) as unknown as ReportDefinition;
}

function checkChart(chart: unknown): void {
  if (chart == null) return;
  const c = chart as Record<string, unknown>;
  if (typeof chart !== 'object' || Array.isArray(chart)) throw invalid('chart', 'must be an object');
  if (!CHART_TYPES.includes(c.type as never)) throw invalid('chart.type', msg('must be one of {values}', { values: CHART_TYPES.join(', ') }));
}

function checkReaders(list: unknown): void {
  if (list == null) return;
  if (!Array.isArray(list)) throw invalid('shared_with', 'must be a list');
  if (list.length > MAX_READERS) throw invalid('shared_with', msg('has more than {max} entries', { max: MAX_READERS }));
  list.forEach((r, i) => {
    if (typeof r !== 'string' || !READER.test(r)) throw invalid(`shared_with[${i}]`, 'must be a user id, role:<id>, group:<id>, all or lang:<language>');
  });
}

/**
 * A scheduled report runs and is mailed with its owner's access: only its owner — or an administrator — may set up
 * what it sends, to whom and as whom. Anyone else could otherwise name a wider-seeing owner and mail themselves
 * what that owner sees.
 */
function checkScheduler(ctx: RequestContext, change: WriteChange): void {
  if (ctx.user.isAdmin) return;
  const v = change.values;
  const after = (k: string) => (k in v ? v[k] : change.before?.[k]);
  const schedule = after('schedule') as { active?: boolean } | null | undefined;
  if (!schedule || schedule.active === false) return;
  const changed = (k: string) => k in v && JSON.stringify(v[k]) !== JSON.stringify(change.before?.[k]);
  const touched = change.action === 'create' || ['schedule', 'assigned_to', ...DEFINITION_FIELDS].some(changed);
  if (touched && (after('assigned_to') ?? ctx.user.id) !== ctx.user.id) {
    throw new AppError('FORBIDDEN', 'A scheduled report is sent with its owner\'s access: only its owner or an administrator may change what it sends, its schedule or its owner');
  }
}

async function beforeWrite(ctx: RequestContext, change: WriteChange): Promise<void> {
  if (change.action !== 'create' && change.action !== 'update') return;
  checkScheduler(ctx, change);
  const v = change.values;
  if (DEFINITION_FIELDS.some((k) => k in v) || change.action === 'create') resolveReport(ctx, definitionOf(v, change.before));
  if ('chart' in v) checkChart(v.chart);
  if ('shared_with' in v) {
    checkReaders(v.shared_with);
    if (Array.isArray(v.shared_with)) v.shared_with = [...new Set((v.shared_with as string[]).map((s) => s.toLowerCase()))];
  }
  if ('schedule' in v && v.schedule != null) {
    const errors = scheduleErrors(v.schedule);
    const first = Object.entries(errors)[0];
    if (first) throw new AppError('VALIDATION_FAILED', msg('Invalid report: {key} {problem}', { key: first[0], problem: nested(first[1] as Said) }), errors);
  }
}

export const reportBehaviour: ModuleBehaviour = { beforeWrite };
