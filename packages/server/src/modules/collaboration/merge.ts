import { sql } from 'kysely';
import type { RequestContext } from '../../engine/context.js';

/** When records are merged, their followers follow the survivor and notifications about them open it. */
export const moveFollowsAndNotifications = (module: string) => async (ctx: RequestContext, survivor: string, merged: string[]): Promise<void> => {
  await sql`insert into follows (user_id, module, record_id) select distinct user_id, module, ${survivor}::uuid from follows
    where module = ${module} and record_id = any(${merged}::uuid[]) on conflict do nothing`.execute(ctx.db);
  await sql`delete from follows where module = ${module} and record_id = any(${merged}::uuid[])`.execute(ctx.db);
  await sql`update notifications set record_id = ${survivor} where module = ${module} and record_id = any(${merged}::uuid[])`.execute(ctx.db);
};
