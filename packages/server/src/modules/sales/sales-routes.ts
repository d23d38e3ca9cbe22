import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { getRecord } from '../../engine/records/get.js';

export async function salesRoutes(api: FastifyInstance): Promise<void> {
  // Every stage the deal entered, oldest first, with how long it stayed (days, to now for the current one).
  api.get<{ Params: { id: string } }>('/records/deals/:id/stage_history', async (req) => {
    await getRecord(req.ctx, 'deals', req.params.id);
    const r = await sql`select h.id::text, h.stage, h.status, h.amount::text, h.entered_at, h.left_at, h.user_id, h.comment,
        round((extract(epoch from coalesce(h.left_at, now()) - h.entered_at) / 86400)::numeric, 2)::float8 as days
      from deal_stage_history h where h.deal_id = ${req.params.id} order by h.id`.execute(req.ctx.db);
    return { data: r.rows };
  });
}
