import { isUuid } from '@karta/shared';
import { sql } from 'kysely';
import type { Tx } from '../../platform/db.js';

/**
 * The first of `ids` that can own a record now: an active user or a group. A record given to someone who has since
 * left (a contact's owner, a mailbox's assignee) falls to the next, so a customer's ticket is never refused for it.
 */
export async function usableOwner(db: Tx, ids: unknown[]): Promise<string | null> {
  for (const id of ids) {
    if (!isUuid(id)) continue;
    const ok = await sql`select 1 from users where id = ${id} and active union all select 1 from groups where id = ${id}`.execute(db);
    if (ok.rows.length) return id;
  }
  return null;
}
