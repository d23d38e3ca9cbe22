/**
 * Price arithmetic (pure, exact decimals): a markup over a base, and rounding to a precision in a mode —
 * arithmetic (half away from zero), down (towards −∞: in the customer's favour) or up (towards +∞: in the company's).
 * The SQL of set-based recomputes (`roundSql`) does exactly the same, so a price is the same whichever path made it.
 */
import Decimal from 'decimal.js';
import { sql, type RawBuilder } from 'kysely';

export const PRECISIONS = ['0.01', '0.1', '1', '10', '100'] as const;
export const ROUNDING_MODES = ['arithmetic', 'down', 'up'] as const;
export type Precision = (typeof PRECISIONS)[number];
export type RoundingMode = (typeof ROUNDING_MODES)[number];

const MODE: Record<RoundingMode, Decimal.Rounding> = { arithmetic: Decimal.ROUND_HALF_UP, down: Decimal.ROUND_FLOOR, up: Decimal.ROUND_CEIL };

/** `value` rounded to a multiple of `precision` in `mode`, as a string with two decimals. */
export function roundPrice(value: Decimal.Value, precision: Precision, mode: RoundingMode): string {
  const p = new Decimal(precision);
  return new Decimal(value).div(p).toDecimalPlaces(0, MODE[mode]).times(p).toFixed(2);
}

/** base × (1 + percent / 100), unrounded. */
export function withMarkup(base: Decimal.Value, percent: Decimal.Value): Decimal {
  return new Decimal(base).times(new Decimal(percent).div(100).plus(1));
}

/** The markup of an item under a price type: its price group's exception, else the type's own. */
export function markupFor(typeMarkup: Decimal.Value | null, groupMarkups: { price_group: string; markup_percent: Decimal.Value }[] | null, priceGroup: string | null): Decimal {
  const exception = priceGroup ? (groupMarkups ?? []).find((g) => g.price_group.toLowerCase() === priceGroup.toLowerCase()) : undefined;
  return new Decimal(exception?.markup_percent ?? typeMarkup ?? 0);
}

/** The same rounding in SQL over a numeric expression (PostgreSQL's round() is half away from zero). */
export function roundSql(value: RawBuilder<unknown>, precision: Precision, mode: RoundingMode): RawBuilder<unknown> {
  const p = sql.raw(`${precision}::numeric`);
  const fn = sql.raw(mode === 'arithmetic' ? 'round' : mode === 'down' ? 'floor' : 'ceil');
  // Clamped to what the register holds (a chain of large markups must not overflow numeric(18,2) into an error).
  return sql`least(greatest(${fn}((${value}) / ${p}) * ${p}, -9999999999999999.99), 9999999999999999.99)::numeric(18,2)`;
}
