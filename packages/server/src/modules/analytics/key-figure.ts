import { previousPeriod, type Period, type Where } from '@karta/shared';
import type { RequestContext } from '../../engine/context.js';
import { AppError } from '../../platform/errors.js';
import { msg, nested } from '../../platform/messages/say.js';
import { resolveReport, type ReportDefinition } from './report-definition.js';
import { runReport } from './report-run.js';
import { rateDateField } from './report-sql.js';

const PERIOD_OF = { month: 'this_month', quarter: 'this_quarter', year: 'this_year' } as const;

/**
 * A report's total this period and the one before (a key figure on a dashboard): the report's own filters plus
 * its date (the first date it groups by, else the module's document date, else when the record was made).
 */
export async function keyFigure(ctx: RequestContext, def: ReportDefinition, period: 'month' | 'quarter' | 'year' = 'month') {
  if (!(period in PERIOD_OF)) throw new AppError('VALIDATION_FAILED', msg('Invalid report: {key} {problem}', { key: 'period', problem: nested(msg('must be one of {values}', { values: 'month, quarter, year' })) }), { period: msg('must be one of {values}', { values: 'month, quarter, year' }) });
  const r = resolveReport(ctx, def);
  const dateGroup = r.groups.find((g) => g.bucket && g.alias === 't');
  const field = dateGroup?.field.name ?? rateDateField(r.module) ?? 'created_at';
  const aggregates = def.aggregates?.length ? def.aggregates : [{ fn: 'count' as const }];
  const run = async (p: Period) => {
    const where: Where = { and: [...(def.where ? [def.where] : []), { field, op: 'in_period', value: p }] };
    return runReport(ctx, { ...def, where, aggregates, chart: null }, { totalsOnly: true });
  };
  const now = PERIOD_OF[period];
  const [current, previous] = await Promise.all([run(now), run(previousPeriod(now)!)]);
  const a = current.aggregates[0];
  const value = current.totals[a.key];
  const before = previous.totals[a.key];
  const change = before !== null && before !== undefined && Number(before) !== 0 ? Math.round(((Number(value ?? 0) - Number(before)) / Math.abs(Number(before))) * 1000) / 10 : null;
  return { key: a.key, label: a.label, type: a.type, value, previous: before, change_percent: change, currency: current.currency, field, period, missing_rates: current.missing_rates };
}
