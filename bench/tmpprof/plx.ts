import { sql } from 'kysely';
import { compileOnly } from '../../packages/server/src/platform/db.js';
import { openBooted, targetFor, BENCH_USER } from '../setup.js';
import { contextFor } from '../../packages/server/src/engine/system-context.js';
import { listRecords } from '../../packages/server/src/engine/query/list.js';
import { getRecord } from '../../packages/server/src/engine/records/get.js';
import { listParamsFromQuery } from '../../packages/server/src/engine/http/list-params.js';
const app = await openBooted(targetFor((process.env.KIND as any) ?? 'pglite'));
const u = await sql<{ id: string }>`select id from users where username = ${BENCH_USER}`.execute(app.database.db);
const ctx = await contextFor(app, u.rows[0].id, 'ru');
const m = ctx.registry.module('contacts');
const seen: { sql: string; params: readonly unknown[] }[] = [];
const p = { transformQuery: (a: any) => { const c = (compileOnly as any).getExecutor().compileQuery(a.node, a.queryId); seen.push({ sql: c.sql, params: c.parameters }); return a.node; }, transformResult: async (a: any) => a.result };
const pc = { ...ctx, db: (ctx.db as any).withPlugin(p) } as any;
await listRecords(pc, m, listParamsFromQuery({ sort: '-updated_at', limit: '50', fields: m.list.columns.join(',') }));
const listSql = seen.find((x) => x.sql.includes('from "contacts"'))!;
const id = (await sql<{ id: string }>`select id from contacts where assigned_to = ${u.rows[0].id} limit 1`.execute(app.database.db)).rows[0].id;
seen.length = 0;
await getRecord(pc, 'contacts', id);
const getSql = seen.find((x) => x.sql.includes('from "contacts"'))!;
const lit = (v: unknown) => Array.isArray(v) ? `'{${v.join(',')}}'` : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`;
for (const [name, st] of [['list', listSql], ['get', getSql]] as const) {
  const text = st.sql.replace(/\$(\d+)/g, (_: string, n: string) => lit(st.params[Number(n) - 1]));
  const plan: number[] = [], exec: number[] = [];
  for (let i = 0; i < 30; i++) {
    const r = await sql.raw(`explain (analyze, summary) ${text}`).execute(app.database.db);
    for (const row of r.rows as any[]) { const l = row['QUERY PLAN']; const mm = /(Planning|Execution) Time: ([\d.]+)/.exec(l); if (mm) (mm[1] === 'Planning' ? plan : exec).push(Number(mm[2])); }
  }
  const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1];
  const t: number[] = [];
  for (let i = 0; i < 30; i++) { const t0 = performance.now(); await sql.raw(text).execute(app.database.db); t.push(performance.now() - t0); }
  console.log(name, 'planning', med(plan), 'execution', med(exec), 'whole statement', med(t).toFixed(2), 'chars', st.sql.length);
}
{
  const { PGlite } = await import('@electric-sql/pglite');
  const pg: any = (app.database as any).pglite ?? null;
  const text = getSql.sql.replace(/\$(\d+)/g, (_: string, n: string) => lit(getSql.params[Number(n) - 1]));
  // Reach the PGlite client through the dialect: run the same text via query (extended, 6 calls) and exec (simple).
  const client: any = (globalThis as any).__pglite;
  if (client) {
    const med = async (f: () => Promise<unknown>) => { const t: number[] = []; for (let i = 0; i < 40; i++) { const t0 = performance.now(); await f(); t.push(performance.now() - t0); } return t.sort((a, b) => a - b)[20].toFixed(3); };
    console.log('get via query', await med(() => client.query(text)), 'via exec', await med(() => client.exec(text)));
    const ltext = listSql.sql.replace(/\$(\d+)/g, (_: string, n: string) => lit(listSql.params[Number(n) - 1]));
    console.log('list via query', await med(() => client.query(ltext)), 'via exec', await med(() => client.exec(ltext)));
    console.log('select 1 via query', await med(() => client.query('select 1')), 'via exec', await med(() => client.exec('select 1')));
  }
}
{
  const text = listSql.sql.replace(/\$(\d+)/g, (_: string, n: string) => lit(listSql.params[Number(n) - 1]));
  const r = await sql.raw(text).execute(app.database.db);
  console.log('rows', r.rows.length, 'json bytes', JSON.stringify(r.rows).length);
  const cols = Object.keys(r.rows[0] as object); console.log(cols.join(','));
  // Only the inner page, without references:
  const inner = text.replace(/^select p\.\*,.*? from \(/s, '(').replace(/\) p$/s, ')');
  const t: number[] = [];
  for (let i = 0; i < 20; i++) { const t0 = performance.now(); await sql.raw(`select count(*) from ${inner} q`).execute(app.database.db); t.push(performance.now() - t0); }
  console.log('inner page counted', t.sort((a, b) => a - b)[10].toFixed(2));
  const t2: number[] = [];
  for (let i = 0; i < 20; i++) { const t0 = performance.now(); await sql.raw(`select * from ${inner} q`).execute(app.database.db); t2.push(performance.now() - t0); }
  console.log('inner page rows', t2.sort((a, b) => a - b)[10].toFixed(2));
  console.log(text.slice(0, 1500));
}
await app.database.close();
