import type { Lang, ModuleAction, Sharing } from '@karta/shared';
import { isDatabaseUnavailable, type Tx } from '../platform/db.js';
import type { Registry } from './registry/registry.js';
import type { EventBus } from './events/bus.js';
import type { FieldRules } from './access/field-view.js';
import type { OwnerLabel } from './access/access-cache.js';

/** Who is acting: resolved once per request from the session or API token. */
export interface CurrentUser {
  id: string;
  username: string;
  isAdmin: boolean;
  roleId: string | null;
  language: Lang;
  /** module → allowed actions (from the role). */
  permissions: Record<string, ModuleAction[]>;
  /** Owner ids whose private records this user sees: self, users in roles below, own groups. */
  ownerIds: string[];
  /** The groups the user is in (records shared with a group name it as `group:<id>`). */
  groupIds?: string[];
  /** Field security from the role's profiles: module → field → hidden or read-only (none for administrators). */
  fieldRules?: FieldRules;
  /** The zone the user reads days in: their own, else the company's, else `KARTA_TIME_ZONE`, else UTC. */
  timeZone?: string;
  /** Owners whose records sharing rules open to this user: module → readable owners, and those also writable. */
  sharedOwners?: Record<string, { read: string[]; write: string[] }>;
}

/** Everything a piece of engine code needs, passed explicitly (ARCHITECTURE.md house style 6). */
export interface RequestContext {
  db: Tx;
  registry: Registry;
  user: CurrentUser;
  lang: Lang;
  sharing: Record<string, Sharing>;
  events: EventBus;
  /** Events raised inside a transaction, published after it commits. */
  pendingEvents?: { name: string; payload: unknown }[];
  /** The caller's network address (the admin audit records it). */
  ip?: string;
  /** How many automated writes led to this one (a workflow's update that triggers workflows): the loop guard. */
  automationDepth?: number;
  /**
   * Where heavy reads (reports, search) may run: a streaming replica that has replayed the caller's last write, else
   * `db`. Set by the HTTP layer when a replica is configured; use through `onReplica`.
   */
  readDb?: () => Promise<Tx>;
  /** Names of users and groups already read at this request's access version (`AccessCache.ownerLabels`). */
  ownerLabels?: Map<string, OwnerLabel>;
}

/**
 * Runs a read-only piece of work on the replica when the caller may read there (never a write: the replica refuses
 * them) — and again on the primary if the replica gives up on it: a query a hot standby cancels to replay a conflicting
 * change (40001), or a replica that went away. The replica's context keeps no owners' names: the replica may lag.
 */
export async function onReplica<T>(ctx: RequestContext, work: (ctx: RequestContext) => Promise<T>): Promise<T> {
  if (!ctx.readDb || ctx.db.isTransaction) return work(ctx);
  const db = await ctx.readDb();
  if (db === ctx.db) return work(ctx);
  try {
    return await work({ ...ctx, db, readDb: undefined, ownerLabels: undefined });
  } catch (err) {
    if ((err as { code?: string }).code !== '40001' && !isDatabaseUnavailable(err)) throw err;
    return work(ctx);
  }
}

/** The same context bound to a transaction. */
export function withTx(ctx: RequestContext, trx: Tx): RequestContext {
  return { ...ctx, db: trx };
}
