import { sql } from 'kysely';
import { createMany } from '../engine/records/create-many.js';
import { contextFor } from '../engine/system-context.js';
import { batchDone } from '../modules/marketing/mailing-run.js';
import type { Client, TestApp } from './test-app.js';

/** Mailing tests' helpers: a campaign of contacts, a mailing's recipient log, the clock's next minute, one run. */
export function mailingFixtures(get: () => { t: TestApp; admin: Client }) {
  const db = () => get().t.app.database.db;
  return {
    /** Contacts made set-based (as an import does), members of a new campaign. */
    async campaignWith(n: number, prefix: string, extra: (i: number) => Record<string, unknown> = () => ({})): Promise<{ campaignId: string; ids: string[] }> {
      const { t, admin } = get();
      const ctx = await contextFor(t.app, t.users.admin);
      const made = await createMany(ctx, 'contacts', Array.from({ length: n }, (_, i) => ({ first_name: `F${i}`, last_name: `${prefix}${i}`, email: `${prefix}${i}@mail.example`, ...extra(i) })));
      const ids = made.map((o) => (o.ok ? String(o.record.id) : ''));
      const campaignId = (await admin.post('/api/v1/records/campaigns', { name: `Campaign ${prefix}` })).body.data.id;
      await sql`insert into campaign_contacts (campaign_id, contact_id, status) select ${campaignId}::uuid, unnest(${ids}::uuid[]), 'planned'`.execute(db());
      return { campaignId, ids };
    },
    recipients: async (client: Client, id: string, state?: string) => (await client.get(`/api/v1/records/mailings/${id}/recipients?limit=500${state ? `&state=${state}` : ''}`)).body,
    /** A minute passes: the mailing's next run is due. */
    nextMinute: () => sql`update jobs set run_at = now() where kind = 'mailing_send' and done_at is null`.execute(db()),
    async runOnce(id: string): Promise<void> {
      await get().t.runJobs();
      await batchDone(id);
    },
  };
}
