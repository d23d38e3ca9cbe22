/**
 * A lead that names a campaign is one of its members: saved with `campaign_id` (by hand, an import, a web form), it
 * joins the campaign's leads as `responded` in the same transaction; a member already there keeps its status.
 */
import { sql } from 'kysely';
import type { RequestContext } from '../../engine/context.js';
import type { ModuleBehaviour, WriteChange } from '../../engine/registry/behaviour.js';

async function afterWrite(ctx: RequestContext, change: WriteChange): Promise<void> {
  if (change.action !== 'create' && change.action !== 'update') return;
  const campaign = change.values.campaign_id;
  if (typeof campaign !== 'string' || campaign === change.before?.campaign_id) return;
  await sql`insert into campaign_leads (campaign_id, lead_id, status) values (${campaign}, ${change.id}, 'responded')
    on conflict (campaign_id, lead_id) do nothing`.execute(ctx.db);
}

export const campaignMemberBehaviour: ModuleBehaviour = { afterWrite };
