/**
 * PGlite runs PostgreSQL in one process without its background workers, so nothing vacuums or analyzes: the
 * planner's statistics go stale (a search the trigram index should answer scans the table), dead row versions
 * stay, the visibility map is never set (a count reads every page) and a trigram index's pending list is merged
 * only when full. This job does autovacuum's work with autovacuum's default thresholds, every few minutes, one
 * table at a time — each statement holds PGlite's one connection while it runs, and a table is only picked once a
 * fifth of it changed, so the pause is proportional to what changed. On a PostgreSQL server autovacuum does it and
 * the job is not scheduled. The activity counters start from zero when the server starts.
 */
import { sql } from 'kysely';
import type { AppContext } from '../app-context.js';
import type { DB, Tx } from '../platform/db.js';
import { enqueue, type JobHandler } from '../platform/jobs.js';

const KIND = 'ops.pglite_vacuum';
export const PGLITE_MAINTENANCE_EVERY_MS = 5 * 60_000;

/** One table's activity since its last vacuum / analyze (pg_stat_user_tables) and its size as last measured. */
export interface TableActivity {
  table: string;
  /** pg_class.reltuples: -1 when never measured. */
  rows: number;
  deadRows: number;
  modifiedSinceAnalyze: number;
  insertedSinceVacuum: number;
}

export interface TableChore { table: string; vacuum: boolean }

/**
 * Which tables need what, by autovacuum's defaults: vacuum past 50 + 20 % dead rows or 1,000 + 20 % inserted rows
 * (an append-only table needs its visibility map and its index pending lists too); analyze past 50 + 10 % changes.
 * A vacuum analyzes as well.
 */
export function maintenancePlan(tables: TableActivity[]): TableChore[] {
  const out: TableChore[] = [];
  for (const t of tables) {
    const n = Math.max(0, t.rows);
    const vacuum = t.deadRows > 50 + 0.2 * n || t.insertedSinceVacuum > 1000 + 0.2 * n;
    if (vacuum || t.modifiedSinceAnalyze > 50 + 0.1 * n) out.push({ table: t.table, vacuum });
  }
  return out;
}

type Counters = Pick<TableActivity, 'deadRows' | 'modifiedSinceAnalyze' | 'insertedSinceVacuum'>;
const COUNTERS: (keyof Counters)[] = ['deadRows', 'modifiedSinceAnalyze', 'insertedSinceVacuum'];
const LEDGER_KEY = 'pglite_table_activity';

/**
 * The activity counters as PostgreSQL keeps them: since this process opened the database (PGlite does not keep them);
 * of every table of the schema, or of one.
 */
export async function tableActivity(db: DB, table?: string): Promise<TableActivity[]> {
  const r = await sql<{ table: string; rows: number; dead: string; mods: string; ins: string }>`
    select s.relname as table, c.reltuples::float8 as rows, s.n_dead_tup as dead, s.n_mod_since_analyze as mods, s.n_ins_since_vacuum as ins
    from pg_stat_user_tables s join pg_class c on c.oid = s.relid
    where s.schemaname = current_schema() and c.relkind = 'r' ${table === undefined ? sql`` : sql`and s.relname = ${table}`}
    order by s.relname`.execute(db);
  return r.rows.map((x) => ({ table: x.table, rows: Number(x.rows), deadRows: Number(x.dead), modifiedSinceAnalyze: Number(x.mods), insertedSinceVacuum: Number(x.ins) }));
}

/** What the ledger keeps in `settings`: activity not yet maintained, per table, and whether a first pass ran. */
interface LedgerState { firstPassDone: boolean; tables: Record<string, Counters> }

/**
 * PGlite starts its counters from zero each time the database is opened, so a table changed a little on each of
 * many days would never reach a threshold. The ledger adds up what each pass saw change since the previous one
 * (kept in `settings`, so it outlives the process) and forgets a table's share once it is maintained. The first
 * maintaining pass on a database vacuums every table once: what happened before the ledger existed is unknown.
 * What a pass saw is saved before it vacuums anything, and again after each table, so a failing table or a stop
 * in the middle loses nothing.
 */
export class ActivityLedger {
  /** The counters as this process last read them (all zero when the database was opened). */
  private seen = new Map<string, Counters>();
  /** The pass under way: one at a time, and the server's stop waits for it. */
  private running: Promise<unknown> = Promise.resolve();

  /** Records what changed since the last pass; vacuums and analyzes what the plan picks unless `maintain` is false. */
  pass(db: DB, { maintain = true } = {}): Promise<TableChore[]> {
    const run = this.running.catch(() => undefined).then(() => this.run(db, maintain));
    this.running = run;
    return run;
  }

  private async run(db: DB, maintain: boolean): Promise<TableChore[]> {
    const saved = await sql<{ value: LedgerState }>`select value from settings where key = ${LEDGER_KEY}`.execute(db);
    const state: LedgerState = { firstPassDone: saved.rows[0]?.value?.firstPassDone ?? false, tables: { ...saved.rows[0]?.value?.tables } };
    const totals = this.absorb(await tableActivity(db), state);
    const due = state.firstPassDone ? maintenancePlan(totals) : totals.map((t) => ({ table: t.table, vacuum: true }));
    await save(db, state);
    if (!maintain) return [];
    const done: TableChore[] = [];
    for (const c of due) {
      try {
        await sql`${sql.raw(c.vacuum ? 'vacuum (analyze)' : 'analyze')} ${sql.table(c.table)}`.execute(db);
      } catch (err) {
        console.error(`karta: PGlite maintenance of ${c.table} failed:`, err);
        continue;
      }
      done.push(c);
      // What the statement reset: counted from its new counters on, forgotten in the ledger.
      const [after] = await tableActivity(db, c.table);
      if (after) this.seen.set(c.table, counters(after));
      for (const k of c.vacuum ? COUNTERS : ['modifiedSinceAnalyze' as const]) state.tables[c.table][k] = 0;
      await save(db, state);
    }
    state.firstPassDone = true;
    await save(db, state);
    return done;
  }

  /** Adds what each table did since this process last looked to the ledger; the totals to plan on. */
  private absorb(now: TableActivity[], state: LedgerState): TableActivity[] {
    return now.map((t) => {
      const before = this.seen.get(t.table);
      const carried = state.tables[t.table];
      const total = { ...t };
      for (const k of COUNTERS) total[k] = (carried?.[k] ?? 0) + Math.max(0, t[k] - (before?.[k] ?? 0));
      this.seen.set(t.table, counters(t));
      state.tables[t.table] = counters(total);
      return total;
    });
  }
}

const counters = (t: Counters): Counters => ({ deadRows: t.deadRows, modifiedSinceAnalyze: t.modifiedSinceAnalyze, insertedSinceVacuum: t.insertedSinceVacuum });

async function save(db: DB, state: LedgerState): Promise<void> {
  const tables = Object.fromEntries(Object.entries(state.tables).filter(([, v]) => COUNTERS.some((k) => v[k] > 0)));
  await sql`insert into settings (key, value) values (${LEDGER_KEY}, ${JSON.stringify({ firstPassDone: state.firstPassDone, tables })}::jsonb)
    on conflict (key) do update set value = excluded.value`.execute(db);
}

/** Before the database closes: what this process saw change goes into the ledger (PGlite forgets its counters). */
export async function recordPgliteActivity(app: AppContext): Promise<void> {
  // The last second's changes reach the statistics views at the end of the next statement.
  await sql`select pg_stat_force_next_flush()`.execute(app.database.db);
  await sql`select 1`.execute(app.database.db);
  await ledgerOf(app).pass(app.database.db, { maintain: false });
}

const ledgers = new WeakMap<AppContext, ActivityLedger>();
const ledgerOf = (app: AppContext) => ledgers.get(app) ?? ledgers.set(app, new ActivityLedger()).get(app)!;

/** The next pass in 5 minutes; at a start, a pass already due sooner (or overdue) keeps its time. */
export async function schedulePgliteMaintenance(db: Tx, { atStart = false } = {}): Promise<void> {
  await enqueue(db, { kind: KIND, key: 'pglite:maintenance', payload: {}, runAt: new Date(Date.now() + PGLITE_MAINTENANCE_EVERY_MS), keepEarlier: atStart });
}

/** The job, on PGlite only: the next run is scheduled in the job's transaction, the pass runs once it committed. */
export function pgliteMaintenanceJobs(app: AppContext): Record<string, JobHandler> {
  if (app.database.kind !== 'pglite') return {};
  return {
    [KIND]: async (trx) => {
      await schedulePgliteMaintenance(trx);
      return async () => {
        await ledgerOf(app).pass(app.database.db).catch((err) => console.error('karta: PGlite maintenance failed:', err));
      };
    },
  };
}
