import { sql, type RawBuilder } from 'kysely';
import type { RequestContext } from '../../engine/context.js';
import type { Registry, ResolvedModule } from '../../engine/registry/registry.js';
import { readConditions } from '../../engine/query/list.js';
import type { ResolvedPath, ResolvedReport } from './report-definition.js';
import { RATE_CTES, rateJoins } from './currency-rates.js';
import { linesJoin } from './report-lines.js';
import { relatedJoin } from './report-related.js';

/** The date whose exchange rate converts a record's money (a deal's close date, an invoice's date). */
const RATE_DATE: Record<string, string> = { deals: 'close_date', invoices: 'invoice_date', campaigns: 'expected_close_date' };

export function rateDateField(m: ResolvedModule): string | null {
  const named = RATE_DATE[m.name];
  return named && m.fieldMap.has(named) ? named : null;
}

/** How a rate join converts: a table's own currency into the report's, the company's into the report's, or a table's own into the company's. */
type Conversion = 'own' | 'from_company' | 'to_company';

/** Money of a module with a currency field is converted; the factor comes from hash joins to the rate tables per table. */
export class MoneyConversion {
  private readonly laterals: { table: string; join: RawBuilder<unknown> }[] = [];
  private readonly byAlias = new Map<string, string>();

  /**
   * `registry` is every field's: whether a table keeps a currency, and the date of its rate, do not depend on what the
   * reader's profile shows (hidden currencies would otherwise add roubles to dollars).
   */
  constructor(readonly target: string, readonly company: string, private readonly registry?: Registry) {}

  private full(module: ResolvedModule): ResolvedModule {
    return this.registry?.has(module.name) ? this.registry.module(module.name) : module;
  }

  /** The expression of a path's value in the target currency (unchanged when its module keeps no currency). */
  value(p: ResolvedPath): RawBuilder<unknown> {
    if (p.field.type !== 'money' || !this.full(p.module).fieldMap.has('currency')) return p.expr;
    if (p.line) return this.lineValue(p);
    return sql`(${p.expr} * ${sql.ref(`${this.factorAlias(p)}.f`)})`;
  }

  /** The factor's alias for a path's table, when its money is converted. */
  factorAlias(p: ResolvedPath): string {
    return this.factor(p.alias, p.module, 'own');
  }

  /** The factor from a document's currency into the company's (a line's gross profit is counted in the company's). */
  docToCompany(module: ResolvedModule): string {
    return this.factor('t', module, 'to_company');
  }

  /**
   * A line's net and price are in its document's currency; its cost and gross profit are in the company's (see
   * report-lines.ts), so they need converting only into another report currency.
   */
  private lineValue(p: ResolvedPath): RawBuilder<unknown> {
    if (p.line !== 'cost' && p.line !== 'gross_profit') return sql`(${p.expr} * ${sql.ref(`${this.factor('t', p.module, 'own')}.f`)})`;
    return this.target === this.company ? p.expr : sql`(${p.expr} * ${sql.ref(`${this.factor('t', p.module, 'from_company')}.f`)})`;
  }

  /** A rate-table join for a table's money at its date (one per table and conversion). */
  private factor(table: string, module: ResolvedModule, kind: Conversion): string {
    // Into the company's currency is the table's own conversion when the report is in the company's currency.
    if (kind === 'to_company' && this.target === this.company) kind = 'own';
    const key = `${table}:${kind}`;
    const known = this.byAlias.get(key);
    if (known) return known;
    const alias = `${kind === 'own' ? 'fx' : kind === 'from_company' ? 'fxc' : 'fxd'}_${table}`;
    const dateField = rateDateField(this.full(module));
    const day = dateField ? sql`coalesce(${sql.ref(`${table}.${dateField}`)}, current_date)` : sql`(${sql.ref(`${table}.created_at`)} at time zone 'UTC')::date`;
    const currency = kind === 'from_company' ? sql`${this.company}::text` : sql`coalesce(${sql.ref(`${table}.currency`)}, ${this.company})`;
    const { joins, factor } = rateJoins(alias, currency, day, kind === 'to_company' ? this.company : this.target, this.company);
    // A joined record that is not there (an account without deals) has no money to convert: it never lacks a rate.
    const f = table === 't' ? factor : sql`case when ${sql.ref(`${table}.id`)} is null then 1 else ${factor} end`;
    this.laterals.push({ table, join: sql`${joins} left join lateral (select ${f} as f, ${currency} as c, ${day} as d) ${sql.raw(alias)} on true` });
    this.byAlias.set(key, alias);
    return alias;
  }

  converted(): string[] { return [...this.byAlias.values()]; }

  /** The rate joins of one table (`t`: before the lines, which may use them), or of every other table. */
  joinsOf(table: string, others = false): RawBuilder<unknown> {
    return sql.join(this.laterals.filter((l) => (l.table === table) !== others).map((l) => l.join), sql` `);
  }

  /** The rate tables a statement needs before its SELECT (nothing when no money is converted). */
  with(): RawBuilder<unknown> { return this.byAlias.size ? sql`with ${RATE_CTES} ` : sql``; }
}

/** FROM, joins and WHERE shared by every query of a report (the visibility predicate included). */
export function reportFrom(ctx: RequestContext, r: ResolvedReport, money: MoneyConversion): RawBuilder<unknown> {
  const conds = readConditions(ctx, r.module, r.def.where ?? undefined);
  if (r.lineFilter) conds.push(r.lineFilter);
  // A line's gross profit is in the company's currency: the document's rate join comes before the lines.
  const lines = r.lines ? linesJoin(ctx, r.lines, r.lines.profit ? money.docToCompany(r.module) : null) : sql``;
  // The related records come before the joins that follow their references.
  const related = r.related ? relatedJoin(ctx, r.related, r.relatedFilter) : sql``;
  return sql`from ${sql.table(r.module.name)} t ${money.joinsOf('t')} ${lines} ${related} ${sql.join(r.joins.map((j) => j.sql), sql` `)} ${money.joinsOf('t', true)}
    where ${sql.join(conds, sql` and `)}`;
}
