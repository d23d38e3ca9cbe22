import { isLang, type ModuleAction } from '@karta/shared';
import { sql, type Tx } from '../../platform/db.js';
import type { CurrentUser } from '../context.js';
import { combineProfiles, type ProfileGrant } from './profiles.js';
import { firstTimeZone } from '../../platform/time-zone.js';

/**
 * Builds the acting user with everything visibility needs, in one query: the rights of the role's profiles, the owner
 * ids whose private records the user sees (self, every user in the roles below, own groups) and the owners whose
 * records sharing rules open to the user, per module.
 */
export async function loadCurrentUser(db: Tx, userId: string): Promise<CurrentUser | null> {
  const r = await sql<{
    id: string; username: string; is_admin: boolean; role_id: string | null; language: string; active: boolean; time_zone: string | null; company_zone: string | null;
    permissions: Record<string, ModuleAction[]> | null; profiles: ProfileGrant[] | null; owner_ids: string[]; group_ids: string[];
    shared: { module: string; access: 'read' | 'read_write'; owners: string[] }[];
  }>`
    with recursive below(id) as (
      select id from roles where parent_id = (select role_id from users where id = ${userId})
      union select r.id from roles r join below b on r.parent_id = b.id
    ), above(id) as (
      select role_id from users where id = ${userId} and role_id is not null
      union select r.parent_id from roles r join above a on r.id = a.id where r.parent_id is not null
    ), my_groups as (select group_id from group_members where user_id = ${userId}),
    my_rules as (
      select * from sharing_rules s where (s.to_kind = 'role' and s.to_id = (select role_id from users where id = ${userId}))
        or (s.to_kind = 'role_and_subordinates' and s.to_id in (select id from above))
        or (s.to_kind = 'group' and s.to_id in (select group_id from my_groups))
    )
    select u.id, u.username, u.is_admin, u.role_id, u.language, u.active, u.time_zone, ro.permissions,
      (select value ->> 'time_zone' from settings where key = 'company') as company_zone,
      (select json_agg(json_build_object('modules', coalesce(owner.permissions, p.modules), 'fields', p.fields))
         from profiles p left join roles owner on owner.id = p.role_id
         where p.id::text in (select jsonb_array_elements_text(ro.profile_ids))) as profiles,
      to_json(array(select ${userId}::uuid
            union select id from users where role_id in (select id from below)
            union select group_id from my_groups)) as owner_ids,
      to_json(array(select group_id from my_groups)) as group_ids,
      coalesce((select json_agg(json_build_object('module', s.module, 'access', s.access, 'owners', array(
          select id from users where (s.from_kind = 'role' and role_id = s.from_id)
            or (s.from_kind = 'role_and_subordinates' and role_id in (
              with recursive down(id) as (select s.from_id union select c.id from roles c join down d on c.parent_id = d.id) select id from down))
          union select s.from_id where s.from_kind = 'group'
          union select user_id from group_members where s.from_kind = 'group' and group_id = s.from_id)))
        from my_rules s), '[]') as shared
    from users u left join roles ro on ro.id = u.role_id where u.id = ${userId}`.execute(db);
  const row = r.rows[0];
  if (!row || !row.active) return null;
  const rights = combineProfiles(row.profiles?.length ? row.profiles : [{ modules: row.permissions ?? {}, fields: {} }]);
  return {
    id: row.id, username: row.username, isAdmin: row.is_admin, roleId: row.role_id,
    language: isLang(row.language) ? row.language : 'en',
    timeZone: firstTimeZone([row.time_zone, row.company_zone, process.env.KARTA_TIME_ZONE]),
    permissions: rights.permissions, fieldRules: row.is_admin ? {} : rights.fieldRules,
    ownerIds: row.owner_ids, groupIds: row.group_ids, sharedOwners: sharedOwners(row.shared),
  };
}

/** Sharing rules that apply to the user → module → owners whose records they read, and those they may also change. */
function sharedOwners(rules: { module: string; access: 'read' | 'read_write'; owners: string[] }[]): CurrentUser['sharedOwners'] {
  const out: NonNullable<CurrentUser['sharedOwners']> = {};
  for (const rule of rules) {
    const entry = (out[rule.module] ??= { read: [], write: [] });
    entry.read = [...new Set([...entry.read, ...rule.owners])];
    if (rule.access === 'read_write') entry.write = [...new Set([...entry.write, ...rule.owners])];
  }
  return out;
}
