import { isLang, type ModuleAction } from '@karta/shared';
import { sql, type Tx } from '../../platform/db.js';
import type { CurrentUser } from '../context.js';

/**
 * Builds the acting user with everything visibility needs, in one query: the role's permissions and
 * the owner ids whose private records the user sees (self, every user in the roles below, own groups).
 */
export async function loadCurrentUser(db: Tx, userId: string): Promise<CurrentUser | null> {
  const r = await sql<{
    id: string; username: string; is_admin: boolean; role_id: string | null; language: string; active: boolean;
    permissions: Record<string, ModuleAction[]> | null; owner_ids: string[]; group_ids: string[];
  }>`
    with recursive below(id) as (
      select id from roles where parent_id = (select role_id from users where id = ${userId})
      union all select r.id from roles r join below b on r.parent_id = b.id
    )
    select u.id, u.username, u.is_admin, u.role_id, u.language, u.active, ro.permissions,
      to_json(array(select ${userId}::uuid
            union select id from users where role_id in (select id from below)
            union select group_id from group_members where user_id = ${userId})) as owner_ids,
      to_json(array(select group_id from group_members where user_id = ${userId})) as group_ids
    from users u left join roles ro on ro.id = u.role_id where u.id = ${userId}`.execute(db);
  const row = r.rows[0];
  if (!row || !row.active) return null;
  return {
    id: row.id, username: row.username, isAdmin: row.is_admin, roleId: row.role_id,
    language: isLang(row.language) ? row.language : 'en',
    permissions: row.permissions ?? {}, ownerIds: row.owner_ids, groupIds: row.group_ids,
  };
}
