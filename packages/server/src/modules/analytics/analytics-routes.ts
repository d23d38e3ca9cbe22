import type { FastifyInstance } from 'fastify';
import { requireAdmin, requirePermission } from '../../engine/access/permissions.js';
import { onReplica } from '../../engine/context.js';
import { READS_ONLY } from '../../platform/http/read-replica.js';
import { getRecord } from '../../engine/records/get.js';
import { any, arr, date, dataOf, decimal, doc, int, listOf, nullable, num, obj, str, uuid } from '../../engine/http/openapi/schema.js';
import { AppError } from '../../platform/errors.js';
import { msg, nested } from '../../platform/messages/say.js';
import { definitionOf } from '../reports/report-behaviour.js';
import { exportReport, type ExportFormat } from './report-export.js';
import { runReport } from './report-run.js';
import { requireReportExport, type ReportDefinition } from './report-definition.js';
import { listRates, importRatesCsv, deleteRate, writeRates } from './rates-store.js';
import { parseRates } from './currency-rates.js';
import { createDashboard, deleteDashboard, getDashboard, listDashboards, saveDashboard, WIDGET_TYPES } from './dashboards.js';
import { keyFigure } from './key-figure.js';
import { abcXyz, type AbcXyzQuery } from './abc-xyz.js';
import { reportRuns } from '../reports/scheduled-reports.js';
import { recentRecords } from './recent-records.js';
import { productsBought } from './products-bought.js';

const GROUP = obj({ key: nullable(str()), label: str(), where: obj({}), aggregates: obj({}), groups: arr(obj({})) }, ['key', 'label', 'aggregates']);
const RESULT = obj({
  type: str(), module: str(), columns: arr(obj({ key: str(), label: str(), type: str() })), rows: arr(obj({})), groups: arr(GROUP),
  column_groups: arr(GROUP), totals: obj({}), aggregates: arr(obj({ key: str(), label: str(), fn: str(), type: str() })),
  grouping: arr(obj({ key: str(), label: str(), bucket: nullable(str()) })), refs: obj({}), currency: str(),
  time_zone: str({ description: 'the zone date-time groupings put moments on days in: the reader\'s, else the company\'s' }),
  missing_rates: arr(obj({ currency: str(), count: int(), from: date(), to: date() })), truncated: { type: 'boolean' },
}, ['columns', 'rows', 'groups', 'totals']);
const DEFINITION = obj({
  module: str(), type: str({ enum: ['tabular', 'summary', 'matrix'] }), related: arr(str()), columns: arr(str()), where: any(), line_where: any(), related_where: any(),
  group_by: arr(obj({ field: str(), bucket: str({ enum: ['day', 'week', 'month', 'quarter', 'year'] }) })),
  aggregates: arr(obj({ field: str(), fn: str({ enum: ['count', 'sum', 'avg', 'min', 'max'] }) })), sort: any(), limit: int(), chart: any(), currency: str(),
}, ['module']);
const WIDGET = obj({ id: uuid(), type: str({ enum: [...WIDGET_TYPES] }), report_id: uuid(), title: str(), period: str({ enum: ['month', 'quarter', 'year'] }), x: int({ minimum: 0, maximum: 11 }), y: int({ minimum: 0 }), w: int({ minimum: 1, maximum: 12 }), h: int({ minimum: 1, maximum: 12 }) }, ['type', 'x', 'y', 'w', 'h']);
const DASHBOARD = obj({ id: uuid(), name: str(), owner_id: uuid(), position: int(), widgets: arr(WIDGET), published_role_ids: arr(uuid()), version: int(), mine: { type: 'boolean' } }, ['id', 'name', 'widgets']);
const DASHBOARD_INPUT = obj({ name: str({ maxLength: 100 }), widgets: arr(WIDGET), published_role_ids: arr(uuid()) });
const RATE = obj({ currency: str({ pattern: '^[A-Z]{3}$' }), date: date(), rate: decimal() }, ['currency', 'date', 'rate']);

/** A saved report as its definition, read with the caller's visibility (someone else's private report is a 404). */
async function savedReport(req: { ctx: Parameters<typeof getRecord>[0] }, id: string): Promise<{ def: ReportDefinition; name: string; owner: unknown }> {
  const { data } = await getRecord(req.ctx, 'reports', id);
  return { def: definitionOf(data), name: String(data.name ?? ''), owner: data.assigned_to };
}

export async function analyticsRoutes(api: FastifyInstance): Promise<void> {
  api.post<{ Body: ReportDefinition }>('/reports/preview', { ...doc({ tags: ['analytics'], summary: 'Run an unsaved report definition', body: DEFINITION, response: { 200: RESULT } }), ...READS_ONLY },
    async (req) => onReplica(req.ctx, (ctx) => runReport(ctx, (req.body ?? {}) as ReportDefinition)));

  api.post<{ Params: { id: string }; Body: { currency?: string } | null }>('/reports/:id/run', { ...doc({ tags: ['analytics'], summary: 'Run a saved report as the caller (rows the caller may see)', body: obj({ currency: str() }), response: { 200: RESULT } }), ...READS_ONLY }, async (req) => {
    const currency = req.body && typeof req.body === 'object' ? (req.body as { currency?: string }).currency : undefined;
    return onReplica(req.ctx, async (ctx) => {
      const { def } = await savedReport({ ctx }, req.params.id);
      return runReport(ctx, currency ? { ...def, currency } : def);
    });
  });

  api.get<{ Params: { id: string }; Querystring: { format?: string } }>('/reports/:id/export', doc({ tags: ['analytics'], summary: 'A report\'s result as CSV, XLSX (number and date cells, subtotals) or PDF (with its chart)', querystring: obj({ format: str({ enum: ['csv', 'xlsx', 'pdf'] }) }), response: { 200: 'application/octet-stream' } }), async (req, reply) => {
    const format = (req.query.format ?? 'xlsx') as ExportFormat;
    if (!['csv', 'xlsx', 'pdf'].includes(format)) throw new AppError('VALIDATION_FAILED', msg('Invalid report: {key} {problem}', { key: 'format', problem: nested('must be csv, xlsx or pdf') }), { format: 'must be csv, xlsx or pdf' });
    const file = await onReplica(req.ctx, async (ctx) => {
      const { def, name } = await savedReport({ ctx }, req.params.id);
      requireReportExport(ctx, def); // a file of the records, as each list's export asks
      return exportReport(await runReport(ctx, def), name, format, ctx.lang);
    });
    reply.header('Content-Type', file.type).header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
    return reply.send(file.body);
  });

  api.get<{ Querystring: { currency?: string; from?: string; to?: string; limit?: string } }>('/currency_rates', doc({ tags: ['analytics'], summary: 'Exchange rates to the company currency, newest first', querystring: obj({ currency: str(), from: date(), to: date(), limit: int({ minimum: 1, maximum: 5000 }) }), response: { 200: obj({ data: arr(RATE), company_currency: str() }) } }),
    async (req) => listRates(req.ctx, req.query));

  api.post<{ Body: unknown }>('/currency_rates', doc({ tags: ['analytics'], summary: 'Enter a rate, or several ({"rates":[…]}); a rate of the same currency and day replaces the old one (administrators)', body: any(), response: { 200: obj({ saved: int() }) } }), async (req) => {
    requireAdmin(req.ctx);
    const body = req.body as Record<string, unknown> | null;
    const list = body && Array.isArray(body.rates) ? body.rates : [body];
    const rates = parseRates(list, (i) => (body && Array.isArray(body.rates) ? `rates[${i}]` : 'rate'));
    return writeRates(req.ctx, rates);
  });

  api.post<{ Body: { csv?: string } }>('/currency_rates/import', doc({ tags: ['analytics'], summary: 'Import rates from CSV text (columns currency, date, rate; header row first) — all or nothing (administrators)', body: obj({ csv: str() }, ['csv']), response: { 200: obj({ saved: int() }) } }), async (req) => {
    requireAdmin(req.ctx);
    return importRatesCsv(req.ctx, req.body?.csv);
  });

  api.delete<{ Params: { currency: string; date: string } }>('/currency_rates/:currency/:date', doc({ tags: ['analytics'], summary: 'Remove one rate (administrators)', params: obj({ currency: str({ pattern: '^[A-Z]{3}$', maxLength: 3 }), date: date() }, ['currency', 'date']), response: { 204: 'deleted' } }), async (req, reply) => {
    requireAdmin(req.ctx);
    await deleteRate(req.ctx, req.params.currency, req.params.date);
    return reply.code(204).send();
  });

  api.post<{ Params: { id: string }; Body: { period?: 'month' | 'quarter' | 'year' } | null }>('/reports/:id/key_figure', doc({ tags: ['analytics'], summary: 'A saved report\'s total this month, quarter or year and the one before, with the change in percent', body: obj({ period: str({ enum: ['month', 'quarter', 'year'] }) }), response: { 200: obj({ key: str(), label: str(), value: any(), previous: any(), change_percent: nullable(num()), currency: str(), field: str(), period: str() }) } }), async (req) => {
    const { def } = await savedReport(req, req.params.id);
    return keyFigure(req.ctx, def, (req.body && typeof req.body === 'object' ? req.body.period : undefined) ?? 'month');
  });

  api.get('/dashboards', doc({ tags: ['analytics'], summary: 'The caller\'s dashboards (tabs), then those published to their role; a new user gets the default one', response: { 200: listOf(DASHBOARD) } }), async (req) => ({ data: await listDashboards(req.ctx) }));
  api.post<{ Body: unknown }>('/dashboards', doc({ tags: ['analytics'], summary: 'A new dashboard tab of the caller', body: DASHBOARD_INPUT, response: { 201: dataOf(DASHBOARD) } }), async (req, reply) => reply.code(201).send({ data: await createDashboard(req.ctx, req.body) }));
  api.get<{ Params: { id: string } }>('/dashboards/:id', doc({ tags: ['analytics'], summary: 'One dashboard', response: { 200: dataOf(DASHBOARD) } }), async (req) => ({ data: await getDashboard(req.ctx, req.params.id) }));
  api.put<{ Params: { id: string }; Body: unknown }>('/dashboards/:id', doc({ tags: ['analytics'], summary: 'Save a dashboard: name, widgets and their places (its owner); roles it is published to (administrators)', body: DASHBOARD_INPUT, response: { 200: dataOf(DASHBOARD) } }), async (req) => ({ data: await saveDashboard(req.ctx, req.params.id, req.body) }));
  api.delete<{ Params: { id: string } }>('/dashboards/:id', doc({ tags: ['analytics'], summary: 'Delete a dashboard (its owner)', response: { 204: 'deleted' } }), async (req, reply) => {
    await deleteDashboard(req.ctx, req.params.id);
    return reply.code(204).send();
  });
  api.get('/dashboards/widgets/recent', doc({ tags: ['analytics'], summary: 'The records the caller changed last (still readable)', response: { 200: listOf(obj({ module: str(), id: uuid(), number: str(), label: str() })) } }), async (req) => ({ data: await recentRecords(req.ctx) }));

  api.get<{ Params: { id: string } }>('/records/accounts/:id/products_bought', { ...doc({ tags: ['analytics'], summary: 'What an account bought: its invoices\' lines by product and service (quantity, net in the company currency, last date)',
    response: { 200: obj({ data: arr(obj({ item_module: str({ enum: ['products', 'services'] }), item_id: uuid(), label: str(), quantity: nullable(decimal()), net: nullable(decimal()), lines: int(), last_date: nullable(date()) }, ['item_module', 'item_id', 'label', 'lines'])), currency: str(), lines_without_rate: int() }, ['data', 'currency', 'lines_without_rate']) } }), ...READS_ONLY },
    async (req) => onReplica(req.ctx, (ctx) => productsBought(ctx, req.params.id)));

  api.get<{ Querystring: AbcXyzQuery }>('/analytics/abc-xyz', doc({
    tags: ['analytics'], summary: 'ABC (share of revenue or quantity) and XYZ (variation of monthly sales) of accounts or products over invoice lines',
    querystring: obj({ subject: str({ enum: ['accounts', 'products'] }), measure: str({ enum: ['revenue', 'quantity'] }), from: date(), to: date(), a: num(), b: num(), x: num(), y: num(), limit: int({ minimum: 1, maximum: 2000 }) }),
    response: { 200: obj({ items: arr(obj({ id: uuid(), label: nullable(str()), abc: str(), xyz: str(), amount: decimal(), cv: nullable(num()), share: num() })), matrix: obj({}), months: int(), total_items: int() }, ['items', 'matrix']) },
  }), async (req) => abcXyz(req.ctx, req.query));

  api.get<{ Params: { id: string } }>('/reports/:id/runs', doc({ tags: ['analytics'], summary: 'The last scheduled sends of a report (time, sent or failed, to whom)', response: { 200: listOf(obj({ run_at: str(), status: str({ enum: ['sent', 'failed'] }), recipients: arr(str()), rows: nullable(int()), error: nullable(str()) })) } }), async (req) => {
    const { owner } = await savedReport(req, req.params.id);
    // Whom it went to (outside addresses too) and why a send failed are its owner's (and administrators') to read; a
    // colleague it is shared with sees when it ran.
    const full = req.ctx.user.isAdmin || owner === req.ctx.user.id;
    const runs = await reportRuns(req.ctx.db, req.params.id);
    return { data: full ? runs : runs.map((r) => ({ ...(r as object), recipients: [], error: null })) };
  });
}
