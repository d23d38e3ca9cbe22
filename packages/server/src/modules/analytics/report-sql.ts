import { sql, type RawBuilder } from 'kysely';
import type { RequestContext } from '../../engine/context.js';
import type { ResolvedModule } from '../../engine/registry/registry.js';
import { readConditions } from '../../engine/query/list.js';
import type { ResolvedPath, ResolvedReport } from './report-definition.js';
import { RATE_CTES, rateJoins } from './currency-rates.js';
import { lineExpr, linesJoin } from './report-lines.js';

/** The date whose exchange rate converts a record's money (a deal's close date, an invoice's date). */
const RATE_DATE: Record<string, string> = { deals: 'close_date', invoices: 'invoice_date', campaigns: 'expected_close_date' };

export function rateDateField(m: ResolvedModule): string | null {
  const named = RATE_DATE[m.name];
  return named && m.fieldMap.has(named) ? named : null;
}

/** Money of a module with a currency field is converted; the factor comes from hash joins to the rate tables per table. */
export class MoneyConversion {
  readonly laterals: RawBuilder<unknown>[] = [];
  private readonly byAlias = new Map<string, string>();

  constructor(readonly target: string, readonly company: string) {}

  /** The expression of a path's value in the target currency (unchanged when its module keeps no currency). */
  value(p: ResolvedPath): RawBuilder<unknown> {
    if (p.field.type !== 'money' || !p.module.fieldMap.has('currency')) return p.expr;
    if (p.line) return this.lineValue(p);
    return sql`(${p.expr} * ${sql.ref(`${this.factorAlias(p)}.f`)})`;
  }

  /** The factor's alias for a path's table, when its money is converted. */
  factorAlias(p: ResolvedPath): string {
    return this.factor(p.alias, p.module, false);
  }

  /**
   * A line's amounts are in its document's currency; its cost is the catalogue's, in the company's currency (so it
   * needs converting only into another report currency), and gross profit is the one less the other.
   */
  private lineValue(p: ResolvedPath): RawBuilder<unknown> {
    const doc = sql.ref(`${this.factor('t', p.module, false)}.f`);
    const cost = this.target === this.company ? lineExpr('cost') : sql`(${lineExpr('cost')} * ${sql.ref(`${this.factor('t', p.module, true)}.f`)})`;
    if (p.line === 'cost') return cost;
    if (p.line === 'gross_profit') return sql`(${lineExpr('net')} * ${doc} - ${cost})`;
    return sql`(${p.expr} * ${doc})`;
  }

  /** A rate-table join for a table's money: from its own currency, or from the company's (`fromCompany`), at its date. */
  private factor(table: string, module: ResolvedModule, fromCompany: boolean): string {
    const key = fromCompany ? `${table}:company` : table;
    const known = this.byAlias.get(key);
    if (known) return known;
    const alias = fromCompany ? `fxc_${table}` : `fx_${table}`;
    const dateField = rateDateField(module);
    const day = dateField ? sql`coalesce(${sql.ref(`${table}.${dateField}`)}, current_date)` : sql`(${sql.ref(`${table}.created_at`)} at time zone 'UTC')::date`;
    const currency = fromCompany ? sql`${this.company}::text` : sql`coalesce(${sql.ref(`${table}.currency`)}, ${this.company})`;
    const { joins, factor } = rateJoins(alias, currency, day, this.target, this.company);
    this.laterals.push(sql`${joins} left join lateral (select ${factor} as f, ${currency} as c, ${day} as d) ${sql.raw(alias)} on true`);
    this.byAlias.set(key, alias);
    return alias;
  }

  converted(): string[] { return [...this.byAlias.values()]; }

  /** The rate tables a statement needs before its SELECT (nothing when no money is converted). */
  with(): RawBuilder<unknown> { return this.byAlias.size ? sql`with ${RATE_CTES} ` : sql``; }
}

/** FROM, joins and WHERE shared by every query of a report (the visibility predicate included). */
export function reportFrom(ctx: RequestContext, r: ResolvedReport, money: MoneyConversion): RawBuilder<unknown> {
  const conds = readConditions(ctx, r.module, r.def.where ?? undefined);
  if (r.lineFilter) conds.push(r.lineFilter);
  const lines = r.lines ? linesJoin(ctx, r.lines.cost) : sql``;
  return sql`from ${sql.table(r.module.name)} t ${lines} ${sql.join(r.joins.map((j) => j.sql), sql` `)} ${sql.join(money.laterals, sql` `)}
    where ${sql.join(conds, sql` and `)}`;
}
