import { parseSort, pickText, type FieldDef, type SortKey, type Where } from '@karta/shared';
import { sql, type RawBuilder } from 'kysely';
import type { RequestContext } from '../../engine/context.js';
import { can, requirePermission, visibilityPredicate } from '../../engine/access/permissions.js';
import type { ResolvedModule } from '../../engine/registry/registry.js';
import { AppError } from '../../platform/errors.js';
import { msg, nested, type Said } from '../../platform/messages/say.js';
import { LINES_PATH } from '@karta/shared/reports';
import { compileLineWhere, hasLines, LINE_ALIAS, lineExpr, lineField, type LineUse } from './report-lines.js';
import { badReport } from './report-errors.js';
import { compileRelatedWhere, RELATED_ALIAS, relatedModule, type RelatedModule } from './report-related.js';

export const REPORT_TYPES = ['tabular', 'summary', 'matrix'] as const;
export const AGGREGATE_FNS = ['count', 'sum', 'avg', 'min', 'max'] as const;
export const DATE_BUCKETS = ['day', 'week', 'month', 'quarter', 'year'] as const;
import { CHART_TYPES, type ReportChart } from '@karta/shared/reports';
export { CHART_TYPES };
export type AggregateFn = (typeof AGGREGATE_FNS)[number];
export type DateBucket = (typeof DATE_BUCKETS)[number];

/** A report as saved (the record's fields) or previewed. */
export interface ReportDefinition {
  module: string;
  related?: string[];
  columns?: string[];
  where?: Where | null;
  /** Conditions on line fields (reports over the lines of quotes, orders or invoices). */
  line_where?: Where | null;
  /** Conditions on the related module's records (a report whose paths name one: `deals.amount` on accounts). */
  related_where?: Where | null;
  group_by?: { field: string; bucket?: DateBucket | null }[];
  aggregates?: { field?: string; fn: AggregateFn }[];
  sort?: SortKey[] | string | null;
  type?: (typeof REPORT_TYPES)[number];
  limit?: number | null;
  chart?: ReportChart | null;
  /** Money is converted into this currency (default: the company's). */
  currency?: string | null;
}

/** A field reached from the primary module, possibly through references (`account_id.industry`). */
export interface ResolvedPath {
  path: string;
  field: FieldDef;
  module: ResolvedModule;
  /** The joined table the field is read from. */
  alias: string;
  expr: RawBuilder<unknown>;
  label: string;
  /** A field of the document's line (`lines.net`): its value is in the line row, its currency the document's. */
  line?: string;
}

export interface Join { alias: string; module: ResolvedModule; sql: RawBuilder<unknown> }

export interface ResolvedReport {
  def: ReportDefinition;
  module: ResolvedModule;
  type: (typeof REPORT_TYPES)[number];
  columns: ResolvedPath[];
  groups: (ResolvedPath & { bucket: DateBucket | null })[];
  aggregates: (ResolvedPath & { fn: AggregateFn; key: string })[];
  sort: SortKey[];
  limit: number;
  joins: Join[];
  /** Rows are the documents' lines (a path named `lines.…`, or `line_where`); what of them is read beyond the line. */
  lines: LineUse | null;
  /** `line_where` compiled against the line rows. */
  lineFilter: RawBuilder<unknown> | null;
  /** The zone moments are put on days in (the reader's). */
  timeZone: string;
  /** Rows are the records of one related module beside each record (a path named `deals.…`), kept by `relatedFilter`. */
  related: RelatedModule | null;
  relatedFilter: RawBuilder<unknown> | null;
}

export const MAX_GROUPS = 3;
export const MAX_COLUMNS = 40;
export const MAX_AGGREGATES = 12;
export const MAX_ROWS = 5000;
/** At most two references are followed (deals → contact → account). */
const MAX_HOPS = 2;
const NUMERIC = new Set(['integer', 'decimal', 'money', 'percent']);
const ORDERED = new Set([...NUMERIC, 'date', 'datetime']);
const GROUPABLE = new Set(['text', 'email', 'phone', 'url', 'picklist', 'boolean', 'date', 'datetime', 'reference', 'owner', 'integer']);

const bad = badReport;

/** Resolves paths against the registry, joining each referenced module once (with its own visibility). */
class PathResolver {
  readonly joins: Join[] = [];
  lines: LineUse | null = null;
  related: RelatedModule | null = null;
  private readonly byPrefix = new Map<string, Join>();

  constructor(private readonly ctx: RequestContext, readonly root: ResolvedModule) {}

  /** `allowId`: the path may end at a record's id (a `related` entry names only the way to a record). */
  resolve(path: unknown, at: string, allowId = false): ResolvedPath {
    if (typeof path !== 'string' || !path) throw bad(at, msg('must be a field name'));
    const parts = path.split('.');
    let module = this.root;
    let alias = 't';
    let prefix = '';
    const labels: string[] = [];
    let from = 0;
    const rel = parts.length > 1 && !this.root.fieldMap.has(parts[0]) ? relatedModule(this.ctx, this.root, parts[0], at) : null;
    if (rel) {
      if (this.related && this.related.key !== rel.key) throw bad(at, msg('a report takes the records of one related module'));
      this.related = rel;
      ({ module } = rel);
      alias = RELATED_ALIAS;
      prefix = rel.key;
      labels.push(rel.label);
      from = 1;
    }
    if (parts.length - from > MAX_HOPS + 1) throw bad(at, msg('follows more than two references'));
    if (parts[0] === LINES_PATH && parts.length > 1) {
      const field = hasLines(this.root) ? lineField(this.ctx, parts[1]) : undefined;
      if (!field) throw bad(at, msg('"{field}" is not a field of {module}', { field: parts.slice(0, 2).join('.'), module: this.root.name }));
      this.use({ cost: parts[1] === 'cost', profit: parts[1] === 'gross_profit' });
      const label = `${pickText(this.root.fieldMap.get(LINES_PATH)!.label, this.ctx.lang)} › ${pickText(field.label, this.ctx.lang)}`;
      if (parts.length === 2) return { path, field, module: this.root, alias: LINE_ALIAS, expr: lineExpr(field.name), label, line: field.name };
      if (field.type !== 'reference') throw bad(at, msg('"{field}" is not a reference to one module', { field: parts[1] }));
      labels.push(label);
      const join = this.join(`${LINES_PATH}.${field.name}`, LINE_ALIAS, field.name, field.reference![0]);
      ({ module, alias } = join);
      prefix = `${LINES_PATH}.${field.name}`;
      from = 2;
    }
    for (let i = from; i < parts.length - 1; i++) {
      const f = module.fieldMap.get(parts[i]);
      if (!f || f.type !== 'reference' || f.reference?.length !== 1 || !this.ctx.registry.has(f.reference[0])) {
        throw bad(at, msg('"{field}" is not a reference to one module', { field: parts[i] }));
      }
      prefix = prefix ? `${prefix}.${f.name}` : f.name;
      labels.push(pickText(f.label, this.ctx.lang));
      const join = this.join(prefix, alias, f.name, f.reference[0]);
      module = join.module;
      alias = join.alias;
    }
    const name = parts[parts.length - 1];
    const field = module.fieldMap.get(name);
    if (!field || (field.hidden && !(allowId && name === 'id')) || field.type === 'json') throw bad(at, msg('"{field}" is not a field of {module}', { field: name, module: module.name }));
    labels.push(pickText(field.label, this.ctx.lang));
    return { path, field, module, alias, expr: sql.ref(`${alias}.${field.name}`), label: labels.join(' › ') };
  }

  /** A filter on the lines: rows become the lines, and only those it keeps count. */
  lineFilter(where: Where): RawBuilder<unknown> | null {
    if (!hasLines(this.root)) throw bad('line_where', msg('needs a module with line items (quotes, orders, invoices, purchase orders)'));
    const { filter, use } = compileLineWhere(this.ctx, where);
    this.use(use);
    return filter;
  }

  /** Rows become lines; what they must compute adds up over the paths. */
  use(u: LineUse): void {
    this.lines = { cost: Boolean(this.lines?.cost || u.cost), profit: Boolean(this.lines?.profit || u.profit) };
  }

  private join(prefix: string, from: string, fieldName: string, target: string): Join {
    const known = this.byPrefix.get(prefix);
    if (known) return known;
    // A reference leads only into a module the caller may view (as a related module does).
    if (!can(this.ctx, target, 'view')) {
      throw new AppError('FORBIDDEN', msg('You may not view {module}', { module: target }));
    }
    const module = this.ctx.registry.module(target);
    const alias = `j${this.joins.length + 1}`;
    const vis = visibilityPredicate(this.ctx, target, 'read', alias);
    // A related record the caller may not see joins as nothing: its values are empty, the row stays.
    const on = sql`${sql.ref(`${alias}.id`)} = ${sql.ref(`${from}.${fieldName}`)} and ${sql.ref(`${alias}.deleted_at`)} is null${vis ? sql` and ${vis}` : sql``}`;
    const join: Join = { alias, module, sql: sql`left join ${sql.table(target)} ${sql.raw(alias)} on ${on}` };
    this.joins.push(join);
    this.byPrefix.set(prefix, join);
    return join;
  }
}

function list<T>(raw: unknown, at: string, max: number): T[] {
  if (raw == null) return [];
  if (!Array.isArray(raw)) throw bad(at, msg('must be a list'));
  if (raw.length > max) throw bad(at, msg('has more than {max} entries', { max }));
  return raw as T[];
}

/**
 * A file of a report is an export of every module it reads records of — its own, its related module's and each one a
 * reference leads into: the caller needs the right to export each (as each list's export asks).
 */
export function requireReportExport(ctx: RequestContext, def: ReportDefinition): void {
  const r = resolveReport(ctx, def);
  const modules = new Set([r.module.name, ...(r.related ? [r.related.module.name] : []), ...r.joins.map((j) => j.module.name)]);
  for (const m of modules) requirePermission(ctx, m, 'export');
}

/** Checks a definition against the registry and the caller's rights; every problem is a 400 naming its path. */
export function resolveReport(ctx: RequestContext, def: ReportDefinition, opts: { totalsOnly?: boolean; timeZone?: string } = {}): ResolvedReport {
  // A report over lines counts lines in its totals too, even when only its columns or groups named them.
  const overLines = mentionsLines(def);
  // So do a report's related records, named by a column or group only (a key figure counts them, not the records).
  const named = [...(Array.isArray(def?.columns) ? def.columns : []), ...(Array.isArray(def?.group_by) ? def.group_by.map((g) => g?.field) : [])];
  if (opts.totalsOnly) def = { ...def, type: 'summary', columns: [], group_by: [], sort: null, limit: null };
  if (!def || typeof def !== 'object') throw bad('definition', msg('must be an object'));
  if (typeof def.module !== 'string' || !ctx.registry.has(def.module)) throw bad('module', msg('is not a module'));
  const root = ctx.registry.module(def.module);
  if (!ctx.user.isAdmin && !(ctx.user.permissions[root.name] ?? []).includes('view')) {
    throw new AppError('FORBIDDEN', msg('You may not view {module}', { module: root.name }));
  }
  const type = def.type ?? 'tabular';
  if (!REPORT_TYPES.includes(type)) throw bad('type', msg('must be one of {values}', { values: REPORT_TYPES.join(', ') }));
  const r = new PathResolver(ctx, root);
  list<string>(def.related, 'related', 10).forEach((p, i) => {
    if (typeof p !== 'string') throw bad(`related[${i}]`, msg('must be a reference path'));
    r.resolve(`${p}.id`, `related[${i}]`, true);
  });
  if (opts.totalsOnly) named.forEach((p, i) => { if (typeof p === 'string' && p.includes('.') && !root.fieldMap.has(p.split('.')[0])) r.resolve(p, `named[${i}]`); });
  const lineFilter = def.line_where == null ? null : r.lineFilter(def.line_where);
  const columns = list<string>(def.columns, 'columns', MAX_COLUMNS).map((p, i) => r.resolve(p, `columns[${i}]`));
  const groups = list<{ field: string; bucket?: DateBucket | null }>(def.group_by, 'group_by', MAX_GROUPS).map((g, i) => {
    const at = `group_by[${i}]`;
    const p = r.resolve(g?.field, `${at}.field`);
    if (!GROUPABLE.has(p.field.type)) throw bad(`${at}.field`, msg('cannot be grouped by'));
    const dated = p.field.type === 'date' || p.field.type === 'datetime';
    const bucket = g?.bucket ?? (dated ? 'month' : null);
    if (bucket !== null && (!dated || !DATE_BUCKETS.includes(bucket))) throw bad(`${at}.bucket`, msg('must be one of {values}', { values: DATE_BUCKETS.join(', ') }));
    return { ...p, bucket, expr: bucket ? bucketExpr(p.expr, bucket, p.field.type === 'datetime' ? opts.timeZone ?? 'UTC' : null) : p.expr };
  });
  if (type !== 'tabular' && groups.length === 0 && !opts.totalsOnly) throw bad('group_by', msg('needs at least one field for a {type} report', { type }));
  if (type === 'matrix' && groups.length !== 2) throw bad('group_by', msg('a matrix needs exactly two fields: rows and columns'));
  const aggregates = list<{ field?: string; fn: AggregateFn }>(def.aggregates, 'aggregates', MAX_AGGREGATES).map((a, i) => {
    const at = `aggregates[${i}]`;
    if (!AGGREGATE_FNS.includes(a?.fn)) throw bad(`${at}.fn`, msg('must be one of {values}', { values: AGGREGATE_FNS.join(', ') }));
    const p = a.fn === 'count' && !a.field ? countAll(root) : r.resolve(a.field, `${at}.field`);
    const fits = a.fn === 'count' || (a.fn === 'min' || a.fn === 'max' ? ORDERED.has(p.field.type) : NUMERIC.has(p.field.type));
    if (!fits) throw bad(`${at}.field`, msg('cannot be aggregated with {fn}', { fn: a.fn }));
    return { ...p, fn: a.fn, key: a.fn === 'count' ? (a.field ? `count_${p.path}` : 'count') : `${a.fn}_${p.path}` };
  });
  if (type === 'tabular' && columns.length === 0) throw bad('columns', msg('needs at least one column'));
  let sort: SortKey[] = [];
  try {
    sort = typeof def.sort === 'string' || def.sort == null ? parseSort(def.sort || '') : def.sort;
    if (!Array.isArray(sort)) throw new Error('not a list');
  } catch {
    throw bad('sort', msg('must be a list of fields'));
  }
  sort.forEach((s, i) => {
    const p = r.resolve(s?.field, `sort[${i}].field`);
    if (!columns.some((c) => c.path === p.path)) throw bad(`sort[${i}].field`, msg('must be one of the columns'));
  });
  const limit = def.limit ?? (type === 'tabular' ? 1000 : MAX_ROWS);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ROWS) throw bad('limit', msg('must be between 1 and {max}', { max: MAX_ROWS }));
  if (overLines && !r.lines && hasLines(root)) r.use({ cost: false, profit: false });
  if (r.lines) {
    // Rows are the lines: a document's own value (its grand total) would add up once per line.
    aggregates.forEach((a, i) => {
      if (a.fn === 'min' || a.fn === 'max' || a.path.startsWith(`${LINES_PATH}.`) || (a.fn === 'count' && !def.aggregates?.[i]?.field)) return;
      throw bad(`aggregates[${i}].field`, msg('would add up once per line of a document: over lines, sums, averages and counts take the lines\' fields'));
    });
  }
  const related = r.related;
  if (related && r.lines) throw bad('related', msg('a report takes either document lines or the records of one related module'));
  if (def.related_where != null && !related) throw bad('related_where', msg('needs a related module: name it in related, as {example}', { example: '["deals"]' }));
  if (related) {
    // Rows are the related records: a record's own values would add up once per related record.
    aggregates.forEach((a, i) => {
      // Only the related records' own fields: through a reference (`deals.account_id.annual_revenue`) an account's value repeats.
      if (a.alias === RELATED_ALIAS || a.fn === 'min' || a.fn === 'max') return;
      if (a.fn !== 'count' || def.aggregates?.[i]?.field) throw bad(`aggregates[${i}].field`, msg('would add up once per record of {module}: sums, averages and counts take its fields', { module: related.label }));
      Object.assign(a, countAll(related.module, RELATED_ALIAS));
    });
  }
  const relatedFilter = related && def.related_where != null ? compileRelatedWhere(ctx, related, def.related_where) : null;
  return { def, module: root, type, columns, groups, aggregates, sort, limit, joins: r.joins, lines: r.lines, lineFilter, timeZone: opts.timeZone ?? 'UTC', related, relatedFilter };
}

/** Whether a definition names a line path anywhere (its rows are then lines). */
function mentionsLines(def: ReportDefinition): boolean {
  if (!def || typeof def !== 'object') return false;
  const isLine = (p: unknown) => typeof p === 'string' && p.startsWith(`${LINES_PATH}.`);
  const paths = [
    ...(Array.isArray(def.columns) ? def.columns : []), ...(Array.isArray(def.group_by) ? def.group_by.map((g) => g?.field) : []),
    ...(Array.isArray(def.aggregates) ? def.aggregates.map((a) => a?.field) : []), ...(Array.isArray(def.sort) ? def.sort.map((s) => s?.field) : []),
  ];
  return def.line_where != null || paths.some(isLine);
}

/** `count` with no field counts the records themselves (a report over related records: those). */
function countAll(module: ResolvedModule, alias = 't'): ResolvedPath {
  const field: FieldDef = { name: 'id', type: 'text', label: { en: 'Records', ru: 'Записи', uk: 'Записи', zh: '记录' } };
  return { path: 'id', field, module, alias, expr: sql.ref(`${alias}.id`), label: '' };
}

/**
 * The start of the period a date falls in (weeks start on Monday, as date_trunc does); a moment falls on its day in
 * `zone` (the reader's: a call at 01:00 in Moscow is on that day, not on the UTC day before).
 */
export function bucketExpr(expr: RawBuilder<unknown>, bucket: DateBucket, zone: string | null): RawBuilder<unknown> {
  const day = zone ? sql`(${expr} at time zone ${zone}::text)` : expr;
  return sql`(date_trunc(${bucket}, ${day})::date)`;
}
