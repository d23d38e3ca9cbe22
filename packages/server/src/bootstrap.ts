import type { ModuleDef } from '@karta/shared';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { AppContext } from './app-context.js';
import { EventBus } from './engine/events/bus.js';
import { AccessCache } from './engine/access/access-cache.js';
import { MetaStore } from './engine/meta-store.js';
import type { ModuleBehaviour } from './engine/registry/behaviour.js';
import { setCodepointCollation } from './engine/query/filter-sql.js';
import { migrateCore } from './engine/schema/migrate.js';
import { syncModuleTables } from './engine/schema/module-tables.js';
import { scheduleSearchRebuild } from './engine/query/search-rebuild.js';
import { hashPassword } from './platform/auth/passwords.js';
import { generatePassword } from './platform/auth/tokens.js';
import type { Config } from './platform/config.js';
import type { Database } from './platform/db.js';
import { createOwnProfile } from './admin/profiles-routes.js';
import { DEFAULT_ROLES } from './admin/default-roles.js';
import { backupBeforeUpgrade } from './ops/upgrade.js';
import { scheduleAuditMaintenance } from './ops/audit-maintenance.js';
import { schedulePgliteMaintenance } from './ops/pglite-maintenance.js';

export interface BootResult {
  app: AppContext;
  /** Set when this start created the admin user. */
  adminPassword?: string;
}

/**
 * Brings a database up to this version of Karta: core migrations, module tables planned from the
 * registry, the admin user and default roles on an empty database.
 */
export async function boot(config: Config, database: Database, modules: { defs: ModuleDef[]; behaviours: Record<string, ModuleBehaviour> }, version: string): Promise<BootResult> {
  const saved = await backupBeforeUpgrade(database, config, version);
  if (saved) console.log(`karta: the database was backed up before upgrading it: ${saved}`);
  await migrateCore(database.db);
  const collation = await sql<{ c: string }>`select datcollate as c from pg_database where datname = current_database()`.execute(database.db);
  setCodepointCollation(collation.rows[0]?.c ?? '');
  const meta = new MetaStore(database.db, modules.defs, modules.behaviours);
  await meta.load();
  await database.db.transaction().execute((trx) => syncModuleTables(trx, meta.registry));
  await migrateCore(database.db, 'after_module_tables');
  const adminPassword = await ensureAdmin(database, config);
  await ensureRoles(database);
  await scheduleSearchRebuild(database.db, { newDatabase: adminPassword !== undefined });
  await scheduleAuditMaintenance(database.db, config.auditRetentionMonths);
  if (database.kind === 'pglite') await schedulePgliteMaintenance(database.db, { atStart: true });
  return { app: { config, database, meta, events: new EventBus(), version, access: new AccessCache() }, adminPassword };
}

/** The first administrator, in a database that has none — not again after `admin` was renamed (that would be a second). */
async function ensureAdmin(database: Database, config: Config): Promise<string | undefined> {
  const r = await sql`select 1 from users where is_admin or username = 'admin' limit 1`.execute(database.db);
  if (r.rows.length) return undefined;
  const password = config.adminPassword ?? generatePassword();
  await sql`insert into users (id, username, password_hash, first_name, last_name, is_admin, language)
    values (${uuidv7()}, 'admin', ${await hashPassword(password)}, 'Administrator', null, true, 'en')
    on conflict (username) do nothing`.execute(database.db);
  return password;
}

async function ensureRoles(database: Database): Promise<void> {
  const r = await sql`select 1 from roles limit 1`.execute(database.db);
  if (r.rows.length) return;
  await database.db.transaction().execute(async (trx) => {
    const ids = new Map<string, string>();
    for (const role of DEFAULT_ROLES) {
      const id = uuidv7();
      ids.set(role.key, id);
      await sql`insert into roles (id, name, parent_id, permissions) values (${id}, ${role.name}, ${role.parent ? ids.get(role.parent)! : null}, ${JSON.stringify(role.permissions)}::jsonb)`.execute(trx);
      await createOwnProfile(trx, id, role.name);
    }
  });
}
