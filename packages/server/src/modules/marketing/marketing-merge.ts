import { sql } from 'kysely';
import type { RequestContext } from '../../engine/context.js';

/**
 * A merge moves what marketing kept about the merged records to the survivor: their mailing history, SMS log,
 * survey and event invitations (an RSVP stays on the event's list), and their places in hand-picked segments. Where
 * the survivor already has its own invitation to the same survey or event, the merged record keeps its copy (in the
 * recycle bin with it: a restore brings it back).
 */
export const moveMarketingHistory = (module: string) => async (ctx: RequestContext, survivor: string, merged: string[]): Promise<void> => {
  await sql`update mailing_recipients set record_id = ${survivor}::uuid where module = ${module} and record_id = any(${merged}::uuid[])`.execute(ctx.db);
  await sql`update sms_messages set record_id = ${survivor}::uuid where module = ${module} and record_id = any(${merged}::uuid[])`.execute(ctx.db);
  // One invitation per survey or event and record: the survivor's own, else the first merged one's.
  await sql`update invitations i set record_id = ${survivor}::uuid where i.module = ${module} and i.record_id = any(${merged}::uuid[])
    and i.id = (select min(o.id) from invitations o where o.kind = i.kind and o.parent_id = i.parent_id and o.record_id = any(${merged}::uuid[]))
    and not exists (select 1 from invitations s where s.kind = i.kind and s.parent_id = i.parent_id and s.record_id = ${survivor}::uuid)`.execute(ctx.db);
  await sql`insert into segment_members (segment_id, record_id)
    select distinct m.segment_id, ${survivor}::uuid from segment_members m join segments s on s.id = m.segment_id and s.kind = 'static' and s.deleted_at is null
    where m.record_id = any(${merged}::uuid[]) and m.until is null
    on conflict (segment_id, record_id) where until is null do nothing`.execute(ctx.db);
};
