import { sql, type DB, type Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { MODULE_MIGRATIONS } from '../../modules/migrations.js';
import { CORE_MIGRATIONS, type Migration } from './core-migrations.js';
import { msg } from '../../platform/messages/say.js';

/** Core and module-area migrations in version order; the newest is the schema version this Karta knows. */
export const ALL_MIGRATIONS = [...CORE_MIGRATIONS, ...MODULE_MIGRATIONS].sort((a, b) => a.version - b.version);
export const LATEST_SCHEMA_VERSION = ALL_MIGRATIONS[ALL_MIGRATIONS.length - 1].version;

/**
 * Applies pending migrations of one phase — before the module tables are planned, or after them (those
 * that read or trigger on a module table) — recording each in schema_migrations.
 * Refuses to run against a database migrated by a newer Karta.
 */
export async function migrateCore(db: DB, phase: 'before_module_tables' | 'after_module_tables' = 'before_module_tables', only?: Set<number>): Promise<{ applied: number[] }> {
  // One transaction under an advisory lock: several instances starting together migrate once.
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${SCHEMA_LOCK})`.execute(trx);
    return applyPending(trx, phase === 'after_module_tables', only);
  });
}

const KNOWN = new Set(ALL_MIGRATIONS.map((m) => m.version));

/**
 * Versions this Karta has no migration for: a newer Karta applied them. Their numbers are no release order (core ones
 * are 1, 2, … and each area has its hundred), so a newer Karta's core migration hides below an older area's — only the
 * set tells.
 */
export function unknownMigrations(versions: Iterable<number>): number[] {
  return [...versions].filter((v) => !KNOWN.has(v)).sort((a, b) => a - b);
}

/** Migrations not yet applied to this database (what an upgrade would run), oldest first. */
export async function pendingMigrations(db: Tx): Promise<Migration[]> {
  const exists = await sql<{ t: string | null }>`select to_regclass('schema_migrations')::text as t`.execute(db);
  if (!exists.rows[0]?.t) return ALL_MIGRATIONS;
  const done = new Set((await sql<{ version: number }>`select version from schema_migrations`.execute(db)).rows.map((r) => Number(r.version)));
  return ALL_MIGRATIONS.filter((m) => !done.has(m.version));
}

/**
 * Whether a migration changes what is already there (rows or the shape of existing tables), not only adds new things.
 * A `do` block is read whole: one that writes anything counts (better a backup too many than one too few).
 */
export function changesExisting(m: Migration): boolean {
  return m.statements.some((s) => /^\s*(alter|update|delete|drop|insert)\b/i.test(s)
    || (/^\s*do\b/i.test(s) && /\b(alter|update|delete|drop|insert|execute)\b/i.test(s)));
}

/** Lock id shared by every schema change (core migrations, module tables, custom fields). */
export const SCHEMA_LOCK = 7_455_301;

async function applyPending(db: Tx, afterModuleTables: boolean, only?: Set<number>): Promise<{ applied: number[] }> {
  await sql`create table if not exists schema_migrations (
    version integer primary key, name text not null, applied_at timestamptz not null default now())`.execute(db);
  const done = await sql<{ version: number }>`select version from schema_migrations`.execute(db);
  const versions = new Set(done.rows.map((r) => Number(r.version)));
  const unknown = unknownMigrations(versions);
  if (unknown.length) {
    throw new AppError('INTERNAL', msg('The database has migrations this Karta does not know ({versions}): a newer Karta changed it. Upgrade Karta before starting it on this database.', { versions: unknown.join(', ') }));
  }
  const applied: number[] = [];
  for (const m of ALL_MIGRATIONS) {
    if (versions.has(m.version) || Boolean(m.afterModuleTables) !== afterModuleTables || (only && !only.has(m.version))) continue;
    for (const statement of m.statements) await sql.raw(statement).execute(db);
    await sql`insert into schema_migrations (version, name) values (${m.version}, ${m.name})`.execute(db);
    applied.push(m.version);
  }
  return { applied };
}
