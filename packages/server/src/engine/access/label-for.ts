import type { Tx } from '../../platform/db.js';
import type { Registry } from '../registry/registry.js';
import { recordLabel } from '../records/serialize.js';
import { fullRegistry, registryFor } from './field-view.js';
import { loadCurrentUser } from './load-user.js';

/**
 * A record's label as a given user may see it (a notification is stored for its reader): title fields their profile
 * hides are left out, as everywhere else; '' for a module they do not see or a user who is gone.
 */
export async function labelFor(db: Tx, registry: Registry, userId: string, module: string, record: Record<string, unknown>): Promise<string> {
  const full = fullRegistry(registry);
  if (!full.has(module)) return '';
  const user = await loadCurrentUser(db, userId);
  if (!user) return '';
  const seen = registryFor(full, user.fieldRules);
  return seen.has(module) ? recordLabel(seen.module(module), record) : '';
}
