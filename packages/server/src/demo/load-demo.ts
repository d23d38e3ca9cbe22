import { sql } from 'kysely';
import type { AppContext } from '../app-context.js';
import { contextFor } from '../engine/system-context.js';
import { createDemoUsers, type DemoUser } from './demo-users.js';
import { loadDemoRecords } from './demo-records.js';

/**
 * Loads the demo company into an empty database (no users besides admin, no accounts):
 * its users and groups, the seed's records exactly, and generated records in four languages.
 */
export async function loadDemoData(app: AppContext): Promise<{ users: DemoUser[] } | null> {
  const db = app.database.db;
  const existing = await sql`select 1 from users where username <> 'admin' limit 1`.execute(db);
  const accounts = await sql`select 1 from accounts limit 1`.execute(db);
  if (existing.rows.length || accounts.rows.length) return null;
  const { users, groups } = await db.transaction().execute((trx) => createDemoUsers(trx));
  const admin = await sql<{ id: string }>`select id from users where username = 'admin'`.execute(db);
  const ctx = await contextFor(app, admin.rows[0].id, 'ru');
  await loadDemoRecords(ctx, { users: Object.fromEntries(users.map((u) => [u.username, u.id])), groups: Object.fromEntries(groups) });
  return { users };
}
