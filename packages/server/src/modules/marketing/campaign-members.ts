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

/**
 * A deal whose primary-interest source is a campaign is that campaign's deal: without a campaign of its own it takes
 * the source's, so attribution (the campaign's results, the campaign ROI report) reads one field.
 */
async function dealCampaign(ctx: RequestContext, change: WriteChange): Promise<void> {
  if (change.action !== 'create' && change.action !== 'update') return;
  const source = change.values.interest_source_id;
  const has = 'campaign_id' in change.values ? change.values.campaign_id : change.before?.campaign_id;
  if (typeof source !== 'string' || has) return;
  const isCampaign = (await sql`select 1 from campaigns where id = ${source} and deleted_at is null`.execute(ctx.db)).rows.length > 0;
  if (isCampaign) change.values.campaign_id = source;
}

export const dealCampaignBehaviour: ModuleBehaviour = { beforeWrite: dealCampaign };
