/**
 * Pricing (issue 21), as an administrator: `products` products with prices of five price types (cost by hand;
 * wholesale = cost + 20 % up to 10, retail = wholesale + 25 %, dealer = wholesale − 5 %, online = retail − 3 % with a
 * price-group exception). Measured: a cost change for every product (dependent types recomputed set-based, in the
 * same transaction), a change of wholesale's markup (four types repriced for every product), and one line's price.
 */
import { performance } from 'node:perf_hooks';
import { openDriver } from './driver.js';
import { apiToken, Client } from './http.js';
import { startServer } from './server.js';
import { ADMIN_PASSWORD, openBooted, serverEnv, type Target } from './setup.js';
import { summarize, type Summary } from './stats.js';

export interface PricingResult { products: number; types: number; cost_change_s: number; prices_written: number; markup_change_s: number; line_price: Summary }

const CHUNK = 10_000;

export async function pricingPhase(target: Target, products: number, log: (s: string) => void): Promise<PricingResult> {
  const tag = Date.now().toString(36);
  const driver = await openDriver(target);
  let ids: string[];
  try {
    await openBooted(target, driver.database);
    const admin = (await driver.query(`select id from users where username = 'admin'`))[0].id as string;
    // Earlier runs' products, prices and types go, so every run measures the same register size.
    await driver.query(`delete from prices where item_id in (select id from products where name like 'Bench product %')`);
    await driver.query(`delete from products where name like 'Bench product %'`);
    await driver.query(`update price_types set deleted_at = now() where name ~ '^(Cost|Wholesale|Retail|Dealer|Online) [0-9a-z]+$' and deleted_at is null`);
    // Products made set-based (the bench measures pricing, not product creation), in five price groups.
    await driver.query(`insert into products (id, number, name, price_group, unit_price, assigned_to, created_by, created_at, updated_at, version)
      select gen_random_uuid(), 'BENCH-PRC-${tag}-' || i, 'Bench product ${tag} ' || i, 'group' || (i % 5), 100, $1, $1, now(), now(), 1
      from generate_series(1, ${products}) i`, [admin]);
    ids = (await driver.query(`select id::text from products where name like 'Bench product ${tag} %' order by id`)).map((r) => r.id as string);
  } finally {
    await driver.close();
  }
  const server = await startServer({ ...serverEnv(target), LOG_LEVEL: 'warn' }, `server-pricing-${target.kind}.log`);
  try {
    const admin = new Client(server.url, { authorization: `Bearer ${await apiToken(server.url, 'admin', ADMIN_PASSWORD)}` });
    const type = async (body: object) => JSON.parse(await admin.ok('POST', '/api/v1/records/price_types', { ...body, name: `${(body as { name: string }).name} ${tag}` })).data.id as string;
    const cost = await type({ name: 'Cost', kind: 'manual' });
    const wholesale = await type({ name: 'Wholesale', kind: 'markup', base_type_id: cost, markup_percent: 20, rounding_precision: '10', rounding_mode: 'up' });
    const retail = await type({ name: 'Retail', kind: 'markup', base_type_id: wholesale, markup_percent: 25, rounding_precision: '1' });
    await type({ name: 'Dealer', kind: 'markup', base_type_id: wholesale, markup_percent: -5 });
    await type({ name: 'Online', kind: 'markup', base_type_id: retail, markup_percent: -3, group_markups: [{ price_group: 'group1', markup_percent: -10 }] });
    const setCosts = async (date: string, factor: number) => {
      let written = 0;
      const t0 = performance.now();
      for (let i = 0; i < ids.length; i += CHUNK) {
        const prices = ids.slice(i, i + CHUNK).map((id, j) => ({ product_id: id, price_type_id: cost, price: ((100 + ((i + j) % 900)) * factor).toFixed(2) }));
        written += Number(JSON.parse(await admin.ok('POST', '/api/v1/pricing/prices', { date, prices })).data.recomputed);
      }
      return { seconds: (performance.now() - t0) / 1000, written };
    };
    await setCosts('2026-01-01', 1);
    const change = await setCosts('2026-06-01', 1.07);
    log(`  cost change for ${ids.length.toLocaleString('en')} products (${CHUNK.toLocaleString('en')} per request), 4 dependent types recomputed: ${change.seconds.toFixed(2)} s, ${change.written.toLocaleString('en')} prices written`);
    const m0 = performance.now();
    await admin.ok('PATCH', `/api/v1/records/price_types/${wholesale}`, { markup_percent: 22 });
    const markupSeconds = (performance.now() - m0) / 1000;
    log(`  wholesale markup changed: 4 types repriced for every product in ${markupSeconds.toFixed(2)} s`);
    // The steady state a server is in between bulk repricings: the register's and the products' statistics up to date,
    // autovacuum's work on them done and the repricing's dirty pages written (not a checkpoint in the middle of the sample).
    const d = await openDriver(target);
    try {
      await d.query('vacuum analyze prices');
      await d.query('vacuum analyze products');
      if (target.kind === 'postgres') await d.query('checkpoint');
    } finally { await d.close(); }
    const ms: number[] = [];
    const price = (i: number) => admin.ok('GET', `/api/v1/pricing/price?product_id=${ids[(i * 7919) % ids.length]}&price_type_id=${retail}&date=2026-07-01&quantity=3`);
    // Warmed up as the other phases are (JIT, the connection pool, the plan cache), then measured.
    for (let i = 0; i < 20; i++) await price(1000 + i);
    const l0 = performance.now();
    for (let i = 0; i < 500; i++) {
      const s = performance.now();
      await price(i);
      ms.push(performance.now() - s);
    }
    const linePrice = summarize(ms, performance.now() - l0);
    log(`  a line's price (retail, with its basis): p50 ${linePrice.median_ms} ms, p95 ${linePrice.p95_ms} ms`);
    admin.close();
    return { products: ids.length, types: 5, cost_change_s: Math.round(change.seconds * 100) / 100, prices_written: change.written, markup_change_s: Math.round(markupSeconds * 100) / 100, line_price: linePrice };
  } finally {
    await server.stop();
  }
}
