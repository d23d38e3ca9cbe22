/**
 * A dynamic segment's rule: the filter language of lists over the segment's module, where a condition may also be
 * about related records — `{"related":"invoices","where":{…},"agg":{"fn":"count"|"sum","field"?},"op","value"}`,
 * e.g. "no invoice in the last 90 days" is `{"related":"invoices","where":{"field":"invoice_date","op":"last_n_days",
 * "value":90},"op":"eq","value":0}`. Compiled to one SQL condition (a correlated aggregate per related condition), so a
 * recompute is one set-based statement. Field and module names come only from the registry.
 */
import { sql, type RawBuilder } from 'kysely';
import { isUuid, type Lang, type Where } from '@karta/shared';
import type { Registry } from '../../engine/registry/registry.js';
import type { RequestContext } from '../../engine/context.js';
import { can, visibilityPredicate } from '../../engine/access/permissions.js';
import { compileWhere } from '../../engine/query/filter-sql.js';
import { singular } from '../../engine/schema/module-tables.js';
import { AppError } from '../../platform/errors.js';
import { msg, nested, type Said } from '../../platform/messages/say.js';

const OPS: Record<string, string> = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' };
const NUMERIC = new Set(['integer', 'decimal', 'money', 'percent']);
const MAX_DEPTH = 6;
/** Conditions a rule may hold: each related one is a subquery per record. */
const MAX_CONDITIONS = 50;

export function invalidRule(key: string, problem: Said): AppError {
  return new AppError('VALIDATION_FAILED', msg('Invalid segment rule: {key} {problem}', { key, problem: nested(problem) }), { [key]: problem });
}

/** The reference field of `related` that points at records of `module` (`account_id` on invoices for accounts). */
export function foreignKey(registry: Registry, module: string, related: string): string | null {
  if (!registry.has(related)) return null;
  const refs = registry.module(related).allFields.filter((f) => f.type === 'reference' && f.reference?.length === 1 && f.reference[0] === module);
  return (refs.find((f) => f.name === `${singular(module)}_id`) ?? refs[0])?.name ?? null;
}

function compileRelated(registry: Registry, module: string, node: Record<string, unknown>, lang: Lang, alias: string, path: string, zone: string, seen: Seen): RawBuilder<unknown> {
  const related = String(node.related ?? '');
  const fk = foreignKey(registry, module, related);
  if (!fk) throw invalidRule(`${path}.related`, msg('names no module whose records point at {module}', { module }));
  // A rule counts what its author may count: a module they may not view is refused; a preview counts what they see.
  if (seen.reader && !can(seen.reader, related, 'view')) throw invalidRule(`${path}.related`, msg('names {module}, which you may not view', { module: related }));
  const visible = seen.reader && seen.countVisibleOnly ? visibilityPredicate(seen.reader, related, 'read', 'x') : null;
  const rm = registry.module(related);
  if (node.agg !== undefined && (typeof node.agg !== 'object' || node.agg === null || Array.isArray(node.agg))) throw invalidRule(`${path}.agg.fn`, 'must be count or sum');
  const agg = (node.agg ?? { fn: 'count' }) as { fn?: unknown; field?: unknown };
  let value: RawBuilder<unknown>;
  if (agg.fn === 'count' || agg.fn === undefined) value = sql`count(*)`;
  else if (agg.fn === 'sum') {
    const f = typeof agg.field === 'string' ? rm.fieldMap.get(agg.field) : undefined;
    if (!f || !NUMERIC.has(f.type)) throw invalidRule(`${path}.agg.field`, msg('must be a number field of {module}', { module: related }));
    value = sql`coalesce(sum(x.${sql.id(f.name)}), 0)`;
  } else throw invalidRule(`${path}.agg.fn`, 'must be count or sum');
  const op = OPS[String(node.op ?? '')];
  if (!op) throw invalidRule(`${path}.op`, 'must be eq, gt, gte, lt or lte');
  const n = typeof node.value === 'number' ? node.value : typeof node.value === 'string' && /^-?\d{1,15}(\.\d{1,6})?$/.test(node.value) ? Number(node.value) : NaN;
  if (!Number.isFinite(n) || Math.abs(n) >= 1e15) throw invalidRule(`${path}.value`, 'must be a number');
  const where = node.where === undefined ? null : compileWhere(rm, node.where as Where, lang, 'x', zone, seen);
  const bought = node.lines_in_segment === undefined ? null : linesInSegment(rm.fieldMap.has('lines'), node.lines_in_segment, `${path}.lines_in_segment`);
  return sql`((select ${value} from ${sql.table(related)} x where x.${sql.id(fk)} = ${sql.ref(`${alias}.id`)} and x.deleted_at is null
    ${where ? sql`and ${where}` : sql``} ${bought ?? sql``} ${visible ? sql`and ${visible}` : sql``}) ${sql.raw(op)} ${String(n)}::numeric)`;
}

/**
 * "Bought a product of segment X": only documents (quotes, orders, invoices) with a line whose item is a current member
 * of the product segment count — one `exists` over the document's lines per related record.
 */
function linesInSegment(hasLines: boolean, segmentId: unknown, path: string): RawBuilder<unknown> {
  if (!hasLines) throw invalidRule(path, 'needs documents with lines: quotes, sales_orders, invoices or purchase_orders');
  if (!isUuid(segmentId)) throw invalidRule(path, 'must be the id of a product segment');
  return sql`and exists (select 1 from jsonb_array_elements(coalesce(x.lines, '[]'::jsonb)) l
    where l->>'item_id' in (select m.record_id::text from segment_members m join segments s on s.id = m.segment_id and s.deleted_at is null
      and s.module in ('products', 'services') where m.segment_id = ${segmentId}::uuid and m.until is null))`;
}

/** Nodes of the rule, and conditions of all its filters together (a rule's filters share the filter language's cap). */
interface Seen {
  n: number; conditions: number;
  /** Who writes or previews the rule (none: the segment's own recompute, over every record). */
  reader?: RequestContext;
  /** A preview counts only the related records its reader may see. */
  countVisibleOnly?: boolean;
}

function compileNode(registry: Registry, module: string, node: unknown, lang: Lang, alias: string, path: string, depth: number, zone: string, seen: Seen = { n: 0, conditions: 0 }): RawBuilder<unknown> | null {
  if (depth > MAX_DEPTH) throw invalidRule(path, 'is nested too deeply');
  if (++seen.n > MAX_CONDITIONS) throw invalidRule(path, msg('a rule holds at most {max} conditions', { max: MAX_CONDITIONS }));
  if (!node || typeof node !== 'object' || Array.isArray(node)) throw invalidRule(path, 'must be an object');
  const o = node as Record<string, unknown>;
  if ('related' in o) return compileRelated(registry, module, o, lang, alias, path, zone, seen);
  const kind = 'and' in o ? 'and' : 'or' in o ? 'or' : null;
  if (kind && Object.keys(o).length === 1 && Array.isArray(o[kind])) {
    const parts = (o[kind] as unknown[]).map((c, i) => compileNode(registry, module, c, lang, alias, `${path}.${kind}[${i}]`, depth + 1, zone, seen))
      .filter((p): p is RawBuilder<unknown> => p !== null);
    return parts.length ? sql`(${sql.join(parts, sql.raw(kind === 'and' ? ' and ' : ' or '))})` : null;
  }
  return compileWhere(registry.module(module), o as Where, lang, alias, zone, seen);
}

/**
 * The rule as one condition on `alias` (records of `module`); an empty rule is every record. A segment is one set for
 * all its readers, so its days ("today", "the last 90 days") are the company's: `zone`.
 */
export function compileRule(registry: Registry, module: string, rule: unknown, lang: Lang, alias = 'r', zone = 'UTC', access?: { reader: RequestContext; countVisibleOnly: boolean }): RawBuilder<unknown> {
  if (rule === null || rule === undefined) return sql`true`;
  return compileNode(registry, module, rule, lang, alias, 'rule', 0, zone, { n: 0, conditions: 0, ...access }) ?? sql`true`;
}
