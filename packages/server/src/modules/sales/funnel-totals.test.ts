import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../../platform/db.js';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: Client, sales1: Client;

beforeAll(async () => {
  t = await createTestApp();
  [admin, sales1] = await Promise.all(['admin', 'sales1'].map((u) => t.login(u)));
});
afterAll(() => t.close());

type Row = Record<string, string>;

/** The funnel's sums computed from the stage history itself: what the running totals must always equal. */
async function fromHistory(db: Tx): Promise<Row[]> {
  const r = await sql<Row>`
    select d.assigned_to::text as owner, d.deal_kind_id::text as kind, coalesce(d.currency, '') as currency,
      (h.entered_at at time zone 'UTC')::date::text as day, h.stage, '' as closed, '' as reason,
      count(*)::text as entered,
      (count(*) filter (where h.next_stage is not null and h.next_stage not in ('closed_lost', 'lost')))::text as moved_on,
      (count(*) filter (where h.next_stage in ('closed_lost', 'lost')))::text as dropped,
      round(sum(extract(epoch from coalesce(h.left_at, now()) - h.entered_at)))::text as seconds,
      sum(coalesce(d.amount, 0))::numeric(20, 2)::text as amount
    from deal_stage_history h join deals d on d.id = h.deal_id
    where d.deleted_at is null and h.stage is not null and h.stage not in ('closed_won', 'closed_lost')
    group by 1, 2, 3, 4, 5
    union all
    select d.assigned_to::text, d.deal_kind_id::text, coalesce(d.currency, ''), (h.entered_at at time zone 'UTC')::date::text, '', d.status,
      case when d.status = 'lost' then coalesce(d.loss_reason, '') else '' end,
      count(*)::text, '0', '0', '0', sum(coalesce(d.amount, 0))::numeric(20, 2)::text
    from deal_stage_history h join deals d on d.id = h.deal_id
    where d.deleted_at is null and h.left_at is null and h.status in ('won', 'lost') and h.status = d.status
    group by 1, 2, 3, 4, 5, 6, 7
    order by 1, 2, 3, 4, 5, 6, 7`.execute(db);
  return r.rows;
}

async function totals(db: Tx): Promise<Row[]> {
  const r = await sql<Row>`
    select assigned_to::text as owner, deal_kind_id::text as kind, currency, day::text, stage, closed, loss_reason as reason,
      sum(entered)::text as entered, sum(moved_on)::text as moved_on, sum(dropped)::text as dropped,
      round(sum(done_seconds) + sum(open_rows) * extract(epoch from now()) - sum(open_since))::text as seconds,
      sum(amount)::numeric(20, 2)::text as amount
    from deal_funnel_totals group by 1, 2, 3, 4, 5, 6, 7 having sum(entered) <> 0
    order by 1, 2, 3, 4, 5, 6, 7`.execute(db);
  return r.rows;
}

// In one transaction, so both read the same now() for the stages not yet left.
const expectTotalsInStep = () => t.app.database.db.transaction().execute(async (trx) => expect(await totals(trx)).toEqual(await fromHistory(trx)));

describe('funnel running totals', () => {
  it('equal the sums over the stage history through every kind of change to deals and their history', async () => {
    const kind = (await admin.post('/api/v1/records/deal_kinds', { name: 'Итоги', mode: 'manual', stages: [
      { name: 'prospecting', probability: 10 }, { name: 'qualification', probability: 50 },
    ] })).body.data.id;
    const patch = async (d: { id: string; version: number }, values: Record<string, unknown>) => {
      const r = await sales1.patch(`/api/v1/records/deals/${d.id}`, values, { 'If-Match': `"${d.version}"` });
      expect(r.status).toBe(200);
      return r.body.data;
    };
    let a = (await sales1.post('/api/v1/records/deals', { name: 'Итог А', close_date: '2026-12-31', amount: '100' })).body.data;
    let b = (await sales1.post('/api/v1/records/deals', { name: 'Итог Б', close_date: '2026-12-31', amount: '200', deal_kind_id: kind })).body.data;
    await expectTotalsInStep();
    a = await patch(a, { stage: 'qualification' });
    a = await patch(a, { amount: '150.50' });
    b = await patch(b, { stage: 'qualification' });
    b = await patch(b, { status: 'lost', loss_reason: 'price' });
    await expectTotalsInStep();
    // What the deal is counted by changes: the loss reason, the owner, the kind, the amount of a closed deal.
    b = await patch(b, { loss_reason: 'no_budget', amount: '250', currency: 'USD' });
    a = await patch(a, { assigned_to: t.users.sales2, deal_kind_id: kind });
    await expectTotalsInStep();
    // Won, then reopened: the closed row goes, the stage row comes back.
    b = await patch(b, { status: 'open', stage: 'prospecting' });
    b = await patch(b, { status: 'won' });
    await expectTotalsInStep();
    // Deleted deals count nothing; restored they count again.
    expect((await sales1.del(`/api/v1/records/deals/${b.id}`)).status).toBe(204);
    await expectTotalsInStep();
    expect((await admin.post(`/api/v1/records/deals/${b.id}/restore`, {})).status).toBe(200);
    await expectTotalsInStep();
    // History rewritten directly (as the demo loader does): moved back in time, then removed.
    await sql`update deal_stage_history set entered_at = entered_at - interval '40 days', left_at = left_at - interval '20 days'
      where deal_id = ${b.id}`.execute(t.app.database.db);
    await expectTotalsInStep();
    await sql`delete from deal_stage_history where deal_id = ${a.id}`.execute(t.app.database.db);
    await expectTotalsInStep();
    expect((await t.app.database.db.transaction().execute(totals)).length).toBeGreaterThanOrEqual(3);
  });
});
