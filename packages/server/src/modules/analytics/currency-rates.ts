import { sql, type RawBuilder } from 'kysely';
import type { Migration } from '../../engine/schema/core-migrations.js';
import type { Tx } from '../../platform/db.js';
import { AppError, type FieldErrors } from '../../platform/errors.js';
import { msg, nested, type Said } from '../../platform/messages/say.js';

/**
 * Dated exchange rates: how many units of the company currency one unit of a currency cost on a day.
 * The rate of a date is the latest one on or before it; the company currency is 1 by definition.
 */
export const CURRENCY_RATES_MIGRATION: Migration = {
  version: 400,
  name: 'analytics: dated exchange rates',
  statements: [
    `create table currency_rates (
      currency text not null, date date not null, rate numeric(24,10) not null check (rate > 0),
      updated_by uuid, updated_at timestamptz not null default now(), primary key (currency, date))`,
  ],
};

export interface RateInput { currency: string; date: string; rate: string }

const CODE = /^[A-Z]{3}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const MAX_RATES_PER_REQUEST = 10_000;
/** Daily rows the rates of one save may span: some 45 currencies over 36 years. */
export const MAX_RATE_DAYS = 600_000;

/** Checks one rate; problems keyed by field. Accepts a decimal comma ("92,5") as people type it. */
export function parseRate(raw: unknown): { value?: RateInput; errors?: Record<string, Said> } {
  const r = (raw ?? {}) as Record<string, unknown>;
  const errors: Record<string, Said> = {};
  const currency = typeof r.currency === 'string' ? r.currency.trim().toUpperCase() : '';
  if (!CODE.test(currency)) errors.currency = 'must be a currency code such as EUR';
  const date = typeof r.date === 'string' ? r.date.trim() : '';
  // Years 1900–2199: the daily rate table holds a row per day between a currency's first and last rate.
  if (!DAY.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date
    || date < '1900-01-01' || date > '2199-12-31') errors.date = 'must be a date YYYY-MM-DD';
  const text = typeof r.rate === 'number' ? String(r.rate) : typeof r.rate === 'string' ? r.rate.trim().replace(/\s/g, '').replace(',', '.') : '';
  if (!/^\d{1,14}(\.\d{1,10})?$/.test(text) || Number(text) <= 0) errors.rate = 'must be a positive number';
  return Object.keys(errors).length ? { errors } : { value: { currency, date, rate: text } };
}

/** Parses a list of rates; the first bad one is a 400 naming its place, nothing is written. */
export function parseRates(list: unknown[], place: (i: number) => string): RateInput[] {
  if (list.length > MAX_RATES_PER_REQUEST) throw new AppError('VALIDATION_FAILED', msg('has more than {max} entries', { max: MAX_RATES_PER_REQUEST }));
  const errors: FieldErrors = {};
  const out: RateInput[] = [];
  list.forEach((raw, i) => {
    const r = parseRate(raw);
    if (r.value) out.push(r.value);
    else for (const [k, v] of Object.entries(r.errors!)) errors[`${place(i)}.${k}`] = v;
  });
  const first = Object.entries(errors)[0];
  if (first) throw new AppError('VALIDATION_FAILED', msg('Line {line}: {problem}', { line: first[0], problem: nested(first[1] as Said) }), errors);
  return out;
}

/** Writes rates (a rate for the same currency and day replaces the old one), in one statement. */
export async function saveRates(db: Tx, rates: RateInput[], userId: string): Promise<number> {
  if (!rates.length) return 0;
  await sql`insert into currency_rates (currency, date, rate, updated_by)
    select x.currency, x.date::date, x.rate::numeric, ${userId}::uuid from jsonb_to_recordset(${JSON.stringify(rates)}::jsonb) as x(currency text, date text, rate text)
    on conflict (currency, date) do update set rate = excluded.rate, updated_by = excluded.updated_by, updated_at = now()`.execute(db);
  await refreshRateDays(db, rates.map((r) => r.currency));
  return rates.length;
}

/**
 * For reading many records at once: `currency_rate_days` keeps each currency's rate on every day from its first rate
 * to its last (rewritten with every change of the currency's rates), so a statement joins by hash on (currency, day)
 * instead of looking a rate up per row; `fx_last` gives the last rate for the days after it.
 */
export const RATE_CTES = sql`fx_last as (select distinct on (currency) currency, date, rate from currency_rates order by currency, date desc)`;

export const RATE_DAYS_MIGRATION: Migration = {
  version: 406,
  name: 'analytics: every day\'s rate of each currency, for reports that convert many records',
  statements: [
    `create table currency_rate_days (currency text not null, day date not null, rate numeric(24,10) not null, primary key (currency, day))`,
    `insert into currency_rate_days (currency, day, rate)
      select currency, d::date, rate from (
        select currency, date as lo, coalesce(lead(date) over (partition by currency order by date) - 1, date) as hi, rate from currency_rates) iv,
        generate_series(lo, hi, interval '1 day') d`,
  ],
};

/** Rewrites the daily rates of some currencies from their dated rates (inside the rates' own transaction). */
export async function refreshRateDays(db: Tx, currencies: string[]): Promise<void> {
  const list = [...new Set(currencies)];
  if (!list.length) return;
  // A day's row per currency between its first and last rate: bounded, so no save writes hundreds of millions of rows.
  const span = await sql<{ days: string }>`select coalesce(sum(hi - lo + 1), 0)::text as days from (
      select max(date) as hi, min(date) as lo from currency_rates where currency = any(${list}::text[]) group by currency) s`.execute(db);
  if (Number(span.rows[0].days) > MAX_RATE_DAYS) {
    throw new AppError('VALIDATION_FAILED', msg('The rates span more than {max} days in all (days between each currency\'s first and last rate)', { max: MAX_RATE_DAYS }));
  }
  await sql`delete from currency_rate_days where currency = any(${list}::text[])`.execute(db);
  await sql`insert into currency_rate_days (currency, day, rate)
    select currency, d::date, rate from (
      select currency, date as lo, coalesce(lead(date) over (partition by currency order by date) - 1, date) as hi, rate
      from currency_rates where currency = any(${list}::text[])) iv,
      generate_series(lo, hi, interval '1 day') d`.execute(db);
}

/** Joins (to RATE_CTES) and the factor converting a table's money from its currency into `target` on its day. */
export function rateJoins(alias: string, currency: RawBuilder<unknown>, day: RawBuilder<unknown>, target: string, company: string): { joins: RawBuilder<unknown>; factor: RawBuilder<unknown> } {
  const rate = (c: RawBuilder<unknown>, days: string, last: string) =>
    sql`(case when ${c} = ${company} then 1::numeric else coalesce(${sql.ref(`${days}.rate`)}, case when ${day} > ${sql.ref(`${last}.date`)} then ${sql.ref(`${last}.rate`)} end) end)`;
  const [d, l, dt, lt] = [`${alias}_d`, `${alias}_l`, `${alias}_td`, `${alias}_tl`];
  const join = (name: string, c: RawBuilder<unknown>, byDay: boolean) => byDay
    ? sql`left join currency_rate_days ${sql.raw(name)} on ${sql.ref(`${name}.currency`)} = ${c} and ${sql.ref(`${name}.day`)} = ${day}`
    : sql`left join fx_last ${sql.raw(name)} on ${sql.ref(`${name}.currency`)} = ${c}`;
  const t = sql`${target}::text`;
  const joins = [join(d, currency, true), join(l, currency, false)];
  let targetRate: RawBuilder<unknown> = sql`1::numeric`;
  if (target !== company) {
    joins.push(join(dt, t, true), join(lt, t, false));
    targetRate = rate(t, dt, lt);
  }
  const factor = sql`(case when ${currency} = ${target} then 1::numeric else ${rate(currency, d, l)} / nullif(${targetRate}, 0) end)`;
  return { joins: sql.join(joins, sql` `), factor };
}
