import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { nextStatuses, statusProblem } from './claim-flow.js';

describe('claim status flow (pure)', () => {
  it('moves forward, closes only with a decision, and may be reopened', () => {
    expect(statusProblem(null, 'registered', null)).toBeNull();
    expect(statusProblem(null, 'satisfied', 'ok')?.field).toBe('status');
    expect(statusProblem('registered', 'in_progress', null)).toBeNull();
    expect(statusProblem('registered', 'satisfied', 'refund')?.field).toBe('status');
    expect(statusProblem('in_progress', 'satisfied', '  ')?.field).toBe('decision');
    expect(statusProblem('in_progress', 'satisfied', 'Refund 10 %')).toBeNull();
    expect(statusProblem('registered', 'rejected', 'Not our goods')).toBeNull();
    expect(nextStatuses('rejected')).toEqual(['in_progress']);
    expect(statusProblem('satisfied', 'not_satisfied', 'x')?.field).toBe('status');
  });
});

let t: TestApp;
let admin: Client, sales1: Client, sales2: Client, manager: Client;
beforeAll(async () => {
  t = await createTestApp();
  [admin, sales1, sales2, manager] = await Promise.all(['admin', 'sales1', 'sales2', 'manager'].map((u) => t.login(u)));
});
afterAll(() => t.close());

describe('claims', () => {
  it('follows the status flow through the API, in the caller language, and keeps closed_at', async () => {
    const account = (await sales1.post('/api/v1/records/accounts', { name: 'Claimant Ltd' })).body.data.id;
    const order = (await sales1.post('/api/v1/records/sales_orders', { subject: 'SO claim', account_id: account, currency: 'RUB', lines: [] })).body.data;
    const created = await sales1.post('/api/v1/records/claims', { subject: 'Broken pallets', account_id: account, related_to: order.id, claim_type: 'delivery', reason: 'damaged' });
    expect(created.status, created.raw).toBe(201);
    const c = created.body.data;
    expect(c).toMatchObject({ status: 'registered', number: expect.stringMatching(/^CLM/) });
    expect(c.received_at).toBeTruthy();
    // Straight to satisfied is refused at the field, in Russian for sales1.
    const skip = await sales1.patch(`/api/v1/records/claims/${c.id}`, { status: 'satisfied', decision: 'Refund' });
    expect(skip.status).toBe(400);
    expect(skip.body.error.fields.status).toMatch(/нельзя перевести/);
    expect(skip.body.error.fields.status).not.toMatch(/registered|satisfied/); // the statuses as the reader reads them
    expect((await sales1.patch(`/api/v1/records/claims/${c.id}`, { status: 'in_progress' })).status).toBe(200);
    const noDecision = await sales1.patch(`/api/v1/records/claims/${c.id}`, { status: 'satisfied' });
    expect(noDecision.body.error.fields.decision).toBeTruthy();
    const closed = await sales1.patch(`/api/v1/records/claims/${c.id}`, { status: 'satisfied', decision: 'Replace the pallets', compensation: '1500.00' });
    expect(closed.status, closed.raw).toBe(200);
    expect(closed.body.data.closed_at).toBeTruthy();
    const reopened = await sales1.patch(`/api/v1/records/claims/${c.id}`, { status: 'in_progress' });
    expect(reopened.body.data.closed_at).toBeNull();
    // Private to the owner's branch: the sibling rep does not see it, the manager does.
    expect((await sales2.get(`/api/v1/records/claims/${c.id}`)).status).toBe(404);
    expect((await manager.get(`/api/v1/records/claims/${c.id}`)).status).toBe(200);
    // On the account's related list.
    const related = await sales1.get(`/api/v1/records/accounts/${account}/related/claims`);
    expect(related.body.data.map((r: any) => r.id)).toEqual([c.id]);
  });

  it('checks participants', async () => {
    const contact = (await sales1.post('/api/v1/records/contacts', { last_name: 'Expert' })).body.data.id;
    const ok = await sales1.post('/api/v1/records/claims', { subject: 'P', claim_type: 'quality', participants: [{ contact_id: contact, role: 'expert' }, { user_id: t.users.sales1, role: 'owner' }] });
    expect(ok.status, ok.raw).toBe(201);
    expect(ok.body.data.participants).toHaveLength(2);
    const bad = await sales1.post('/api/v1/records/claims', { subject: 'P', claim_type: 'quality', participants: [{ role: 'expert' }] });
    expect(bad.body.error.fields['participants[0]']).toBeTruthy();
    const ghost = await sales1.post('/api/v1/records/claims', { subject: 'P', claim_type: 'quality', participants: [{ contact_id: '00000000-0000-4000-8000-000000000000' }] });
    expect(ghost.body.error.fields['participants[0].contact_id']).toBeTruthy();
  });

  it('tells the responsible (each member of a group) when a claim is still open on its deadline', async () => {
    const db = t.app.database.db;
    const group = (await admin.post('/api/v1/groups', { name: 'Quality desk', members: [t.users.sales1, t.users.sales2] })).body.data;
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const open = (await admin.post('/api/v1/records/claims', { subject: 'Late answer', claim_type: 'service', deadline: yesterday, assigned_to: group.id })).body.data;
    const done = (await admin.post('/api/v1/records/claims', { subject: 'Answered', claim_type: 'service', deadline: yesterday, assigned_to: t.users.sales1 })).body.data;
    await admin.patch(`/api/v1/records/claims/${done.id}`, { status: 'rejected', decision: 'Not ours' });
    await sql`update jobs set run_at = now() - interval '1 second' where kind = 'claim_overdue' and done_at is null`.execute(db);
    await t.runJobs();
    const notes = (await sql<{ user_id: string; record_id: string }>`select user_id::text, record_id::text from notifications where kind = 'claim_overdue'`.execute(db)).rows;
    expect(notes.filter((n) => n.record_id === open.id).map((n) => n.user_id).sort()).toEqual([t.users.sales1, t.users.sales2].sort());
    expect(notes.some((n) => n.record_id === done.id)).toBe(false);
  });

  it('a claim back from the recycle bin has its deadline check again', async () => {
    const db = t.app.database.db;
    const booked = async (id: string) => (await sql`select 1 from jobs where kind = 'claim_overdue' and payload->>'id' = ${id} and done_at is null`.execute(db)).rows.length;
    const c = (await admin.post('/api/v1/records/claims', { subject: 'Comes back', claim_type: 'service', deadline: '2027-06-01', assigned_to: t.users.sales1 })).body.data;
    expect(await booked(c.id)).toBe(1);
    expect((await admin.del(`/api/v1/records/claims/${c.id}`)).status).toBe(204);
    expect(await booked(c.id)).toBe(0);
    expect((await admin.post(`/api/v1/records/claims/${c.id}/restore`)).status).toBe(200);
    expect(await booked(c.id)).toBe(1);
  });

  it('is reported by type and reason, under the viewer visibility', async () => {
    await sales2.post('/api/v1/records/claims', { subject: 'Price', claim_type: 'price', reason: 'overcharge', compensation: '200.00' });
    const def = { module: 'claims', type: 'summary', group_by: [{ field: 'claim_type' }], aggregates: [{ fn: 'count' }, { field: 'compensation', fn: 'sum' }] };
    const run = async (c: Client) => (await c.post('/api/v1/reports/preview', def)).body.groups.find((g: any) => g.key === 'price');
    expect((await run(sales2)).aggregates).toMatchObject({ count: 1 });
    expect(await run(sales1)).toBeUndefined();
  });
});
