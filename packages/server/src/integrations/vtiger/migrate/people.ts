import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { auditAdmin } from '../../../admin/admin-audit.js';
import type { RequestContext } from '../../../engine/context.js';
import { hashPassword } from '../../../platform/auth/passwords.js';
import type { VtigerClient } from '../ws-client.js';
import { adoptWsId, wsIds } from '../ws-ids.js';

const idNumber = (wsId: string) => Number(wsId.split('x')[1]);

/**
 * vTiger's users become Karta's: matched by user name or e-mail, created (with a random password to be reset,
 * active as they were) when missing; groups by name. Their vTiger ids are kept, so `19x5` owners resolve.
 * With `owner`, nobody is brought over: every record will belong to that one Karta user.
 */
export async function migratePeople(ctx: RequestContext, client: VtigerClient, owner?: string): Promise<{ users: number; created: number; groups: number; ownerWsId?: string }> {
  const stats = { users: 0, created: 0, groups: 0 };
  if (owner) {
    const single = await userId(ctx, owner);
    if (!single) throw new Error(`No Karta user named ${owner}`);
    return { ...stats, ownerWsId: (await wsIds(ctx.db, 'users', [single])).get(single) };
  }
  for await (const page of client.all('Users')) {
    for (const u of page) {
      stats.users++;
      let id = await userId(ctx, u.user_name, u.email1);
      if (!id) {
        id = uuidv7();
        await sql`insert into users (id, username, password_hash, first_name, last_name, email, is_admin, language, active)
          values (${id}, ${String(u.user_name).toLowerCase()}, ${await hashPassword(randomBytes(18).toString('base64'))}, ${u.first_name || null},
            ${u.last_name || null}, ${u.email1 || null}, false, 'en', ${u.status !== 'Inactive'})`.execute(ctx.db);
        await auditAdmin(ctx.db, 'users', id, ctx, 'create', { username: [null, u.user_name], source: [null, 'vtiger'] });
        stats.created++;
      }
      await adoptWsId(ctx.db, 'users', idNumber(u.id), id);
    }
  }
  for await (const page of client.all('Groups')) {
    for (const g of page) {
      stats.groups++;
      const r = await sql<{ id: string }>`select id from groups where lower(name) = ${String(g.groupname).toLowerCase()}`.execute(ctx.db);
      let id = r.rows[0]?.id;
      if (!id) {
        id = uuidv7();
        await sql`insert into groups (id, name) values (${id}, ${g.groupname})`.execute(ctx.db);
        await auditAdmin(ctx.db, 'groups', id, ctx, 'create', { name: [null, g.groupname], source: [null, 'vtiger'] });
      }
      await adoptWsId(ctx.db, 'groups', idNumber(g.id), id);
    }
  }
  return stats;
}

async function userId(ctx: RequestContext, username: string, email?: string): Promise<string | null> {
  const r = await sql<{ id: string }>`select id from users where lower(username) = ${String(username).toLowerCase()}
    ${email ? sql`or lower(email) = ${email.toLowerCase()}` : sql``} order by (lower(username) = ${String(username).toLowerCase()}) desc limit 1`.execute(ctx.db);
  return r.rows[0]?.id ?? null;
}
