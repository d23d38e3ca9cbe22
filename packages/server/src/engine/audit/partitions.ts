/**
 * The audit log's monthly partitions (migration 11): each month of changes is a table of its own, so writing stays
 * an append to a small table's indexes however long the history grows, and pruning a year is dropping twelve tables
 * instead of deleting a hundred million rows. Maintenance runs at start and daily on the job queue: it gives the
 * coming months their partitions, moves any rows that landed in the default partition into theirs, and — with a
 * retention (`KARTA_AUDIT_RETENTION_MONTHS`) — drops the months past it.
 */
import { inTransaction, sql, type Tx } from '../../platform/db.js';

/** Serialises maintenance between instances (and against itself). */
const PARTITION_LOCK = 7_455_311;
const MONTHS_AHEAD = 2;

/** First instant of the UTC month `offset` months after the one `at` is in. */
export function monthStart(at: Date, offset = 0): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + offset, 1));
}

/** The partition of the UTC month starting at `start`: audit_log_y2027m01. */
export function partitionName(start: Date): string {
  return `audit_log_y${start.getUTCFullYear()}m${String(start.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * Whether the log is partitioned, and where its legacy partition (everything before partitioning) ends — read from
 * the catalog, which a restore cannot put out of step (null: no legacy partition any more).
 */
async function layout(db: Tx): Promise<{ partitioned: boolean; legacyEnd: Date | null }> {
  const r = await sql<{ partitioned: boolean; legacy_end: string | null }>`select
      exists (select 1 from pg_class where oid = to_regclass('audit_log') and relkind = 'p') as partitioned,
      (select to_char((regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
        from pg_class c where c.oid = to_regclass('audit_log_legacy')) as legacy_end`.execute(db);
  const row = r.rows[0];
  return { partitioned: Boolean(row?.partitioned), legacyEnd: row?.legacy_end ? new Date(row.legacy_end) : null };
}

/**
 * Creates the partitions of this month and the next ones, and of every month with rows waiting in the default
 * partition (moved into it in the same transaction). Returns the partitions created.
 */
export async function ensureAuditPartitions(db: Tx, now = new Date()): Promise<string[]> {
  return inTransaction(db, async (trx) => {
    await sql`select pg_advisory_xact_lock(${PARTITION_LOCK})`.execute(trx);
    const { partitioned, legacyEnd } = await layout(trx);
    if (!partitioned) return [];
    const waiting = await sql<{ m: string }>`select distinct date_trunc('month', at at time zone 'UTC')::text as m from audit_log_default`.execute(trx);
    const months = new Map<string, Date>();
    for (let k = 0; k <= MONTHS_AHEAD; k++) months.set(partitionName(monthStart(now, k)), monthStart(now, k));
    for (const w of waiting.rows) { const d = monthStart(new Date(`${w.m.slice(0, 10)}T00:00:00Z`)); months.set(partitionName(d), d); }
    const created: string[] = [];
    for (const [name, start] of [...months].sort((a, b) => a[1].getTime() - b[1].getTime())) {
      if (legacyEnd && start < legacyEnd) continue; // inside the legacy partition
      const exists = await sql<{ t: string | null }>`select to_regclass(${name})::text as t`.execute(trx);
      if (exists.rows[0]?.t) continue;
      const end = monthStart(start, 1);
      // Built beside the log, filled from the default partition, then attached: attaching checks that the default
      // partition holds no row of its month any more.
      await sql`create table ${sql.table(name)} (like audit_log including defaults)`.execute(trx);
      await sql`with moved as (delete from audit_log_default where at >= ${start.toISOString()}::timestamptz and at < ${end.toISOString()}::timestamptz returning *)
        insert into ${sql.table(name)} select * from moved`.execute(trx);
      await sql.raw(`alter table audit_log attach partition ${name} for values from ('${start.toISOString()}') to ('${end.toISOString()}')`).execute(trx);
      created.push(name);
    }
    return created;
  });
}

/** Drops the monthly partitions (and the legacy one) that end on or before the start of the month `months` back. */
export async function pruneAuditPartitions(db: Tx, months: number, now = new Date()): Promise<string[]> {
  if (!(months > 0)) return [];
  const cutoff = monthStart(now, -months);
  return inTransaction(db, async (trx) => {
    await sql`select pg_advisory_xact_lock(${PARTITION_LOCK})`.execute(trx);
    const { partitioned, legacyEnd } = await layout(trx);
    if (!partitioned) return [];
    const parts = await sql<{ name: string }>`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'audit_log'::regclass`.execute(trx);
    const dropped: string[] = [];
    for (const { name } of parts.rows) {
      const m = /^audit_log_y(\d{4})m(\d{2})$/.exec(name);
      const end = m ? monthStart(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)), 1) : name === 'audit_log_legacy' ? legacyEnd : null;
      if (!end || end > cutoff) continue;
      await sql`drop table ${sql.table(name)}`.execute(trx);
      dropped.push(name);
    }
    return dropped.sort();
  });
}
