import type { CurrentUser } from '../context.js';

/** A user's or group's name as a reference shows it. */
export interface OwnerLabel { module: 'users' | 'groups'; label: string }

/**
 * The acting users of recent requests, kept by the access version they were loaded at. Every change to who may see
 * what — users, roles, profiles, groups and their members, sharing rules — bumps `access_version` in the database,
 * by statement triggers in the same transaction as the change (migration 9), and the session lookup reads the version
 * in its one query: a request after a change, on any instance, loads the user afresh; the others skip the load.
 * The users kept are shared between requests and never changed.
 */
export class AccessCache {
  private readonly users = new Map<string, { version: string; user: CurrentUser }>();

  private labels = { version: -1, byId: new Map<string, OwnerLabel>() };

  constructor(private readonly max = 2000) {}

  /**
   * The names of users and groups known at an access version — every change to either table bumps it — so a
   * record's owner needs no query once seen. A request that read an older version than the newest seen gets none
   * (it asks the database), so a name from before a change is never kept under a version after it.
   */
  ownerLabels(version: string): Map<string, OwnerLabel> | undefined {
    const v = Number(version);
    if (!Number.isFinite(v) || v < this.labels.version) return undefined;
    if (v > this.labels.version || this.labels.byId.size > 10 * this.max) this.labels = { version: v, byId: new Map() };
    return this.labels.byId;
  }

  get(userId: string, version: string): CurrentUser | undefined {
    const hit = this.users.get(userId);
    return hit && hit.version === version ? hit.user : undefined;
  }

  set(userId: string, version: string, user: CurrentUser): void {
    this.users.delete(userId);
    // Oldest first in a Map: past the limit, the least recently loaded user goes.
    if (this.users.size >= this.max) this.users.delete(this.users.keys().next().value as string);
    this.users.set(userId, { version, user: Object.freeze(user) });
  }
}
