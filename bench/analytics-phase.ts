/**
 * Analytics (issue 15), as an administrator (who sees every deal):
 *   - a summary report over every deal grouped by close month × stage with count and sum (money converted at each
 *     deal's date), through POST /reports/preview, beside the statement it compiles to run straight on the driver;
 *   - ABC/XYZ of accounts over invoice lines (N invoices × 10 lines are added once, straight in SQL);
 *   - the default dashboard's six widgets fetched together, as the home page does after navigation.
 */
import { performance } from 'node:perf_hooks';
import { openDriver } from './driver.js';
import { apiToken, Client } from './http.js';
import { startServer } from './server.js';
import { ADMIN_PASSWORD, openBooted, serverEnv, type Target } from './setup.js';
import { summarize, type Summary } from './stats.js';

export interface AnalyticsResult {
  report: { http: Summary; sql: Summary; p95_ratio: number; groups: number };
  abc_xyz: { lines: number; http: Summary };
  dashboard: { widgets: number; http: Summary };
}

const SUMMARY = {
  module: 'deals', type: 'summary', group_by: [{ field: 'close_date', bucket: 'month' }, { field: 'stage' }],
  aggregates: [{ fn: 'count' }, { field: 'amount', fn: 'sum' }],
};

/** The statement the summary compiles to (the finest groups; subtotals are added up in the server), for the floor. */
const SUMMARY_SQL = `
  with fx_last as (select distinct on (currency) currency, date, rate from currency_rates order by currency, date desc)
  select s.g0, s.g1, count(s.one)::int as n, bool_or(s.unrated) as unrated, count(s.a0) as p0, null as c0, sum(s.a1) as p1, null as c1 from (
    select (date_trunc('month', t.close_date)::date) as g0, t.stage as g1, t.id as a0, (t.amount * fx_t.f) as a1, 1 as one, fx_t.f is null as unrated
    from deals t
      left join currency_rate_days fx_t_d on fx_t_d.currency = coalesce(t.currency, $1) and fx_t_d.day = coalesce(t.close_date, current_date)
      left join fx_last fx_t_l on fx_t_l.currency = coalesce(t.currency, $1)
      left join lateral (select (case when coalesce(t.currency, $1) = $1::text then 1::numeric else
          (case when coalesce(t.currency, $1) = $1 then 1::numeric else coalesce(fx_t_d.rate, case when coalesce(t.close_date, current_date) > fx_t_l.date then fx_t_l.rate end) end)
          / nullif(1::numeric, 0) end) as f) fx_t on true
    where t.deleted_at is null) s
  group by s.g0, s.g1 order by s.g0 nulls last, s.g1 nulls last limit 20001`;

async function times(n: number, fn: () => Promise<unknown>): Promise<Summary> {
  const ms: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await fn();
    ms.push(performance.now() - s);
  }
  return summarize(ms, performance.now() - t0);
}

export async function analyticsPhase(target: Target, invoices: number, log: (s: string) => void): Promise<AnalyticsResult> {
  const driver = await openDriver(target);
  let lines = 0;
  let sqlSummary: Summary;
  try {
    await openBooted(target, driver.database); // this version's tables (the rate calendar) before writing to them
    // Monthly rates of the three foreign currencies over the deals' years, so every amount converts.
    await driver.query(`insert into currency_rates (currency, date, rate)
      select c, d::date, r from (values ('USD', 90.0), ('CNY', 12.5), ('UAH', 2.3)) v(c, r), generate_series('2018-01-01'::date, '2031-12-01'::date, '1 month') d
      on conflict do nothing`);
    await driver.query(`delete from currency_rate_days where currency in ('USD', 'CNY', 'UAH')`);
    await driver.query(`insert into currency_rate_days (currency, day, rate)
      select currency, d::date, rate from (
        select currency, date as lo, coalesce(lead(date) over (partition by currency order by date) - 1, date) as hi, rate
        from currency_rates where currency in ('USD', 'CNY', 'UAH')) iv, generate_series(lo, hi, interval '1 day') d`);
    await driver.query('analyze currency_rate_days');
    const have = Number((await driver.query(`select count(*)::int as n from invoices where number like 'BINV%'`))[0].n);
    if (have < invoices) {
      const t0 = performance.now();
      await driver.query(`
        with acc as (select array_agg(id) as ids, array_agg(assigned_to) as owners from (select id, assigned_to from accounts order by id limit 20000) x),
             prod as (select coalesce(array_agg(id), array[gen_random_uuid()]) as ids from (select id from products limit 200) p)
        insert into invoices (id, number, subject, account_id, invoice_date, status, currency, lines, assigned_to, created_by)
        select gen_random_uuid(), 'BINV' || g, 'Bench ' || g, acc.ids[1 + g % cardinality(acc.ids)], date '2025-01-01' + (g % 540), 'paid',
          (array['RUB', 'USD', 'CNY', 'UAH'])[1 + g % 4],
          (select jsonb_agg(jsonb_build_object('item_module', 'products', 'item_id', prod.ids[1 + (g + k) % cardinality(prod.ids)],
             'quantity', (1 + (g + k) % 5)::text, 'net', ((1 + (g * k) % 97) * 100)::text || '.00', 'is_alternative', false, 'is_selected', true))
           from generate_series(1, 10) k),
          acc.owners[1 + g % cardinality(acc.owners)], acc.owners[1 + g % cardinality(acc.owners)]
        from generate_series(${have + 1}, ${invoices}) g, acc, prod`);
      await driver.query('analyze invoices');
      log(`  ${(invoices - have).toLocaleString('en')} invoices × 10 lines added in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    lines = invoices * 10;
    const company = ((await driver.query(`select value->>'currency' as c from settings where key = 'company'`))[0]?.c as string) || 'RUB';
    await driver.query(SUMMARY_SQL, [company]);
    sqlSummary = await times(15, () => driver.query(SUMMARY_SQL, [company]));
  } finally {
    await driver.close();
  }
  const server = await startServer({ ...serverEnv(target), LOG_LEVEL: 'warn' }, `server-analytics-${target.kind}.log`);
  try {
    const token = await apiToken(server.url, 'admin', ADMIN_PASSWORD);
    const admin = new Client(server.url, { authorization: `Bearer ${token}` });
    const first = await admin.request('POST', '/api/v1/reports/preview', SUMMARY);
    if (first.status !== 200) throw new Error(`report preview: ${first.status} ${first.text.slice(0, 300)}`);
    const groups = (JSON.parse(first.text) as { groups: unknown[] }).groups.length;
    const report = await times(15, () => admin.request('POST', '/api/v1/reports/preview', SUMMARY));
    log(`  summary of every deal by month × stage: p50 ${report.median_ms} ms, p95 ${report.p95_ms} ms; the same SQL: p95 ${sqlSummary.p95_ms} ms (×${(report.p95_ms / sqlSummary.p95_ms).toFixed(2)})`);
    const abc = await times(3, async () => {
      const r = await admin.request('GET', '/api/v1/analytics/abc-xyz?subject=accounts&from=2025-01-01&to=2026-06-30');
      if (r.status !== 200) throw new Error(`abc-xyz: ${r.status} ${r.text.slice(0, 300)}`);
    });
    log(`  ABC/XYZ of accounts over ${lines.toLocaleString('en')} invoice lines: p50 ${abc.median_ms} ms, max ${abc.max_ms} ms`);
    const dashboards = JSON.parse((await admin.request('GET', '/api/v1/dashboards')).text) as { data: { widgets: { type: string; report_id?: string; period?: string }[] }[] };
    const widgets = dashboards.data[0]?.widgets ?? [];
    const today = new Date(); today.setUTCHours(0, 0, 0, 0);
    const tomorrow = new Date(today.getTime() + 86_400_000);
    const fetchWidget = (w: { type: string; report_id?: string; period?: string }) => {
      switch (w.type) {
        case 'report': return admin.request('POST', `/api/v1/reports/${w.report_id}/run`, {});
        case 'key_figure': return admin.request('POST', `/api/v1/reports/${w.report_id}/key_figure`, { period: w.period ?? 'month' });
        case 'my_tasks': return admin.request('GET', '/api/v1/records/tasks?filter[status][nin]=completed,deferred&sort=due_date&limit=20&fields=subject,due_date,status');
        case 'today_events': return admin.request('GET', `/api/v1/calendar?from=${today.toISOString()}&to=${tomorrow.toISOString()}`);
        case 'pipeline': return admin.request('POST', '/api/v1/reports/preview', { module: 'deals', type: 'summary', where: { field: 'status', op: 'eq', value: 'open' }, group_by: [{ field: 'stage' }], aggregates: [{ field: 'amount', fn: 'sum' }, { fn: 'count' }] });
        default: return admin.request('GET', '/api/v1/dashboards/widgets/recent');
      }
    };
    const dashboard = await times(5, () => Promise.all(widgets.map(fetchWidget)));
    log(`  the default dashboard's ${widgets.length} widgets together: p50 ${dashboard.median_ms} ms, max ${dashboard.max_ms} ms (their API; drawing is the browser's)`);
    return {
      report: { http: report, sql: sqlSummary, p95_ratio: Math.round((report.p95_ms / sqlSummary.p95_ms) * 100) / 100, groups },
      abc_xyz: { lines, http: abc }, dashboard: { widgets: widgets.length, http: dashboard },
    };
  } finally {
    await server.stop();
  }
}
