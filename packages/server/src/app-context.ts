import type { AccessCache } from './engine/access/access-cache.js';
import type { Config } from './platform/config.js';
import type { Database } from './platform/db.js';
import type { EventBus } from './engine/events/bus.js';
import type { MetaStore } from './engine/meta-store.js';

/** What the whole application shares: configuration, database, metadata, events. */
export interface AppContext {
  config: Config;
  database: Database;
  meta: MetaStore;
  events: EventBus;
  version: string;
  /** Acting users of recent requests, by access version (engine/access/access-cache.ts). */
  access: AccessCache;
}
