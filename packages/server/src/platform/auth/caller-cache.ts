import type { Database } from '../db.js';
import type { FoundCaller } from './sessions.js';

/**
 * Who a session cookie or an API token belongs to, kept in process — on the embedded database only. There one process
 * owns the database, and triggers (migration 13) notify `karta_auth` on every change that may end or alter a session
 * or a token (signed out, revoked, a password changed, two-factor sign-in required) and on every change to anyone's
 * access (the access version: users, roles, profiles, groups, sharing). PGlite hands a notification to its listeners
 * before the statement that committed it returns, so the next request reads afresh. On PostgreSQL another instance's
 * notification arrives a moment later, not before its next request: there every request reads its session (one
 * statement, which also reads the access version).
 *
 * A request that arrives while such a change is still being written is authenticated as before it — as on PostgreSQL,
 * where the two run side by side; every request that starts after the change has committed sees it.
 */
export class CallerCache {
  private readonly entries = new Map<string, { caller: FoundCaller; until: number }>();
  /** Moves on every notification: an answer read while one arrived is not kept. */
  private generation = 0;
  private on = false;

  constructor(private readonly max = 10_000) {}

  /** Keeps callers only where a change is known before the next request (PGlite); a no-op cache otherwise. */
  static async forDatabase(database: Database): Promise<{ cache: CallerCache; stop: () => Promise<void> }> {
    const cache = new CallerCache();
    if (database.kind !== 'pglite') return { cache, stop: async () => undefined };
    const stop = await database.listen('karta_auth', () => cache.clear());
    cache.on = true;
    return { cache, stop };
  }

  /** The caller behind key (the cookie's or token's kind and hash), from memory while its answer holds. */
  async read<C extends FoundCaller>(key: string, load: () => Promise<C | null>): Promise<C | null> {
    const hit = this.entries.get(key);
    if (hit && Date.now() < hit.until) {
      // To the back of the Map's order: past the limit, the least recently read caller goes.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.caller as C;
    }
    const generation = this.generation;
    const asked = Date.now(); // the answer's time is counted from before it was asked: never kept a moment too long
    const caller = await load();
    this.entries.delete(key);
    if (caller && this.on && generation === this.generation && caller.validForMs > 0) {
      if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(key, { caller, until: asked + caller.validForMs });
    }
    return caller;
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}
