import { sql } from 'kysely';
import type { RequestContext } from '../../engine/context.js';
import { readTable } from '../../engine/io/read-table.js';
import { companyCurrency } from '../../admin/company-routes.js';
import { auditAdmin } from '../../admin/admin-audit.js';
import { inTransaction, type Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { msg, nested } from '../../platform/messages/say.js';
import { MAX_RATES_PER_REQUEST, parseRates, refreshRateDays, saveRates, type RateInput } from './currency-rates.js';

/** Rate changes are audited together under one settings id, like the company's details. */
const RATES_AUDIT_ID = '00000000-0000-0000-0000-000000000400';

export async function listRates(ctx: RequestContext, q: { currency?: string; from?: string; to?: string; limit?: string }) {
  const limit = Math.min(5000, Math.max(1, Number(q.limit) || 500));
  const day = (v?: string) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? v : null);
  const currency = typeof q.currency === 'string' && /^[A-Za-z]{3}$/.test(q.currency) ? q.currency.toUpperCase() : null;
  const from = day(q.from); const to = day(q.to);
  const r = await sql<{ currency: string; date: string; rate: string }>`
    select currency, to_char(date, 'YYYY-MM-DD') as date, rate::text as rate from currency_rates
    where (${currency}::text is null or currency = ${currency}) and (${from}::date is null or date >= ${from}::date) and (${to}::date is null or date <= ${to}::date)
    order by date desc, currency limit ${limit}`.execute(ctx.db);
  return { data: r.rows.map((x) => ({ ...x, rate: x.rate.replace(/\.?0+$/, '') })), company_currency: await companyCurrency(ctx.db) };
}

export async function writeRates(ctx: RequestContext, rates: RateInput[]): Promise<{ saved: number }> {
  const saved = await inTransaction(ctx.db, async (trx: Tx) => {
    const n = await saveRates(trx, rates, ctx.user.id);
    await auditAdmin(trx, 'currency_rates', RATES_AUDIT_ID, ctx, 'update',
      Object.fromEntries(rates.slice(0, 100).map((r) => [`${r.currency} ${r.date}`, [null, r.rate]])));
    return n;
  });
  return { saved };
}

/** CSV with a header naming currency, date and rate (any order; `;` or `,`); every line checked before any is written. */
export async function importRatesCsv(ctx: RequestContext, csv: unknown): Promise<{ saved: number }> {
  if (typeof csv !== 'string' || !csv.trim()) throw new AppError('VALIDATION_FAILED', msg('Invalid report: {key} {problem}', { key: 'csv', problem: nested('is required') }), { csv: 'is required' });
  let header: string[] = [];
  const rows: { line: number; cells: unknown[] }[] = [];
  await readTable(Buffer.from(csv, 'utf8'), 'rates.csv', {}, (info) => { header = info.header.map((h) => h.toLowerCase()); }, (batch) => {
    for (const [line, cells] of batch) rows.push({ line, cells });
  }, MAX_RATES_PER_REQUEST);
  const col = (name: string) => header.indexOf(name);
  if (col('currency') < 0 || col('date') < 0 || col('rate') < 0) {
    throw new AppError('VALIDATION_FAILED', msg('Invalid report: {key} {problem}', { key: 'csv', problem: nested('must have the columns currency, date, rate') }), { csv: 'must have the columns currency, date, rate' });
  }
  if (!rows.length) throw new AppError('VALIDATION_FAILED', msg('Invalid report: {key} {problem}', { key: 'csv', problem: nested('has no rates') }), { csv: 'has no rates' });
  const items = rows.map((r) => ({ currency: r.cells[col('currency')], date: r.cells[col('date')], rate: r.cells[col('rate')] }));
  return writeRates(ctx, parseRates(items, (i) => `line ${rows[i].line}`));
}

export async function deleteRate(ctx: RequestContext, currency: string, date: string): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const r = await sql`delete from currency_rates where currency = ${currency.toUpperCase()} and date::text = ${date} returning rate`.execute(trx);
    if (!r.rows.length) throw new AppError('NOT_FOUND', 'not found');
    await refreshRateDays(trx, [currency.toUpperCase()]);
    await auditAdmin(trx, 'currency_rates', RATES_AUDIT_ID, ctx, 'update', { [`${currency.toUpperCase()} ${date}`]: [String((r.rows[0] as { rate: unknown }).rate), null] });
  });
}
