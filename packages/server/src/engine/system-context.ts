import { sql } from 'kysely';
import type { AppContext } from '../app-context.js';
import { loadCurrentUser } from './access/load-user.js';
import { registryFor } from './access/field-view.js';
import type { CurrentUser, RequestContext } from './context.js';
import { AppError } from '../platform/errors.js';
import { getRecord } from './records/get.js';
import type { Lang } from '@karta/shared';
import type { Tx } from '../platform/db.js';

/** A request context acting as a given user (bootstrap, demo data, jobs) — same pipeline, same checks. */
export async function contextFor(app: AppContext, userId: string, lang: Lang = 'en'): Promise<RequestContext> {
  const user = await loadCurrentUser(app.database.db, userId);
  if (!user) throw new AppError('NOT_FOUND', 'No such user');
  const meta = await app.meta.fresh();
  return { db: app.database.db, registry: registryFor(meta.registry, user.fieldRules), user, lang, sharing: meta.sharing, events: app.events };
}

/**
 * The acting user at an access version (read with the caller's session or token): kept per instance and loaded again
 * only after a change to who may see what (access/access-cache.ts). Null for a user who is gone or inactive.
 */
async function userAtVersion(app: AppContext, userId: string, accessVersion: string): Promise<CurrentUser | null> {
  const known = app.access.get(userId, accessVersion);
  if (known) return known;
  const user = await loadCurrentUser(app.database.db, userId);
  if (user) app.access.set(userId, accessVersion, user);
  return user;
}

/**
 * The context of a signed-in caller (a REST request, a webservice call) at the access version their session or token
 * was read with, in their language unless the call names one. Null when the user is gone or inactive.
 */
export async function callerContext(app: AppContext, userId: string, accessVersion: string, lang?: Lang): Promise<RequestContext | null> {
  const user = await userAtVersion(app, userId, accessVersion);
  if (!user) return null;
  const meta = await app.meta.fresh();
  return {
    db: app.database.db, registry: registryFor(meta.registry, user.fieldRules), user, lang: lang ?? user.language, sharing: meta.sharing,
    events: app.events, ownerLabels: app.access.ownerLabels(accessVersion),
  };
}

/**
 * The same inside a transaction already open (a queued job's): every query goes through it — on PGlite's
 * single connection a query beside it would wait for it forever. Metadata as this instance last loaded it.
 */
export async function contextInTransaction(app: AppContext, trx: Tx, userId: string, lang: Lang = 'en'): Promise<RequestContext> {
  const user = await loadCurrentUser(trx, userId);
  if (!user) throw new AppError('NOT_FOUND', 'No such user');
  return { db: trx, registry: registryFor(app.meta.registry, user.fieldRules), user, lang, sharing: app.meta.sharing, events: app.events, pendingEvents: [] };
}

/** Whether a user may read a record now (a notification about it, a mention in it, a followed change). */
export async function readableBy(app: AppContext, userId: string, module: string, id: string): Promise<boolean> {
  try {
    await getRecord(await contextFor(app, userId), module, id);
    return true;
  } catch {
    return false;
  }
}

/**
 * The same asked in a transaction already open (a job's): false for a user since deactivated, or a record they may
 * not read or that is gone; any other failure is thrown.
 */
export function readableInTransaction(app: AppContext, trx: Tx, userId: string, module: string, id: string): Promise<boolean> {
  return readsThrough(() => contextInTransaction(app, trx, userId), module, id);
}

/** Whether the context `load` gives may read the record: false for what the API would refuse (no user, no record). */
export async function readsThrough(load: () => Promise<RequestContext>, module: string, id: string): Promise<boolean> {
  try {
    await getRecord(await load(), module, id);
    return true;
  } catch (err) {
    if (err instanceof AppError) return false;
    throw err;
  }
}

/** The first active administrator, whatever they are called now (the first one may have been renamed from `admin`). */
export async function firstAdministrator(db: Tx): Promise<string | null> {
  const r = await sql<{ id: string }>`select id::text from users where is_admin and active order by created_at, id limit 1`.execute(db);
  return r.rows[0]?.id ?? null;
}

/** A context acting as the first active administrator: for what the public does through signed links (the portal, unsubscribing). */
export async function administratorContext(app: AppContext, lang: Lang = 'en'): Promise<RequestContext> {
  const admin = await firstAdministrator(app.database.db);
  if (!admin) throw new AppError('UNAVAILABLE', 'Karta has no active administrator');
  return contextFor(app, admin, lang);
}
