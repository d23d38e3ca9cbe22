/**
 * Stage histories for the bulk-loaded deals (the loader writes rows, not the pipeline's side tables): each
 * deal went through vTiger's stages up to its current one — a closed deal up to a stage picked from its id —
 * nine days a stage, ending lately. Written once, in one statement; reused with the data set.
 */
import { sql } from 'kysely';
import type { DB } from '../packages/server/src/platform/db.js';
import { DEFAULT_KIND, openStages } from '../packages/server/src/modules/sales/stage-rules.js';

export async function ensureStageHistory(db: DB, log: (s: string) => void): Promise<void> {
  const have = await sql`select 1 from deal_stage_history limit 1`.execute(db);
  if (have.rows.length) return;
  const stages = openStages(DEFAULT_KIND).map((s) => s.name);
  const t0 = performance.now();
  log('  deal stage histories…');
  await sql`insert into deal_stage_history (deal_id, stage, status, amount, entered_at, left_at, user_id, next_stage)
    with d as (
      select id, status, amount, assigned_to,
        case when status = 'open' then coalesce(array_position(${stages}::text[], stage), 1)
             else 1 + abs(hashtext(id::text)) % ${stages.length} end as reach
      from deals where deleted_at is null),
    steps as (
      select d.*, g.i, d.reach + (d.status <> 'open')::int as n, abs(hashtext(d.id::text)) % 300 as age
      from d cross join lateral generate_series(1, d.reach + (d.status <> 'open')::int) g(i))
    select id, case when i <= reach then (${stages}::text[])[i] when status = 'won' then 'closed_won' else 'closed_lost' end,
      case when i <= reach then 'open' else status end, amount,
      now() - make_interval(days => age + (n - i + 1) * 9),
      case when i < n then now() - make_interval(days => age + (n - i) * 9) end,
      assigned_to,
      case when i < reach then (${stages}::text[])[i + 1] when i = reach and status = 'won' then 'closed_won'
           when i = reach and status = 'lost' then 'closed_lost' end
    from steps order by id, i`.execute(db);
  await sql`vacuum (analyze) deal_stage_history`.execute(db);
  log(`  deal stage histories written in ${Math.round(performance.now() - t0) / 1000} s`);
}
