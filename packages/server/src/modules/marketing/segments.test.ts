import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, USER_PASSWORD, type Client, type TestApp } from '../../testing/test-app.js';
import { todayOf } from '../../platform/time-zone.js';
import { withSalesModules, without } from '../../testing/sales-profile.js';

let t: TestApp;
let admin: Client, sales1: Client, sales2: Client;
let service: string;
/** One line without tax, so the grand total is the amount. */
const line = (amount: string) => [{ item_module: 'services', item_id: service, quantity: 1, list_price: amount, taxes: [] }];
const acc: Record<string, string> = {};
const day = (ago: number) => new Date(Date.now() - ago * 86_400_000).toISOString().slice(0, 10);
const PASSIVE = { related: 'invoices', where: { field: 'invoice_date', op: 'last_n_days', value: 90 }, op: 'eq', value: 0 };

beforeAll(async () => {
  t = await createTestApp();
  [admin, sales1, sales2] = await Promise.all(['admin', 'sales1', 'sales2'].map((u) => t.login(u)));
  service = (await admin.post('/api/v1/records/services', { name: 'Consulting', unit_price: '1.00' })).body.data.id;
  // Invoices 30, 89, 90 and 120 days old; one account without any; the big buyer with 1.5M this year.
  const plan: [string, Client, [number, string][]][] = [
    ['recent', sales1, [[30, '1000.00']]], ['edge_in', sales1, [[89, '1000.00']]], ['edge_out', sales2, [[90, '1000.00']]],
    ['old', sales2, [[120, '1000.00']]], ['none', sales1, []], ['big', sales2, [[5, '900000.00'], [10, '600000.00']]],
  ];
  for (const [key, who, invoices] of plan) {
    acc[key] = (await who.post('/api/v1/records/accounts', { name: `Seg ${key}` })).body.data.id;
    for (const [ago, amount] of invoices) {
      const r = await who.post('/api/v1/records/invoices', { subject: `Inv ${key}`, account_id: acc[key], invoice_date: day(ago), currency: 'RUB',
        lines: line(amount) });
      expect(r.status, r.raw).toBe(201);
    }
  }
});
afterAll(() => t.close());

const members = async (c: Client, id: string, history = false) => (await c.get(`/api/v1/records/segments/${id}/members?limit=500${history ? '&history=1' : ''}`)).body;
const ours = (rows: { record_id: string }[]) => Object.entries(acc).filter(([, id]) => rows.some((r) => r.record_id === id)).map(([k]) => k).sort();

describe('dynamic segments', () => {
  it('finds passive customers exactly across the 90-day boundary, and keeps since/until as records come and go', async () => {
    const seg = (await admin.post('/api/v1/records/segments', { name: 'Passive', module: 'accounts', kind: 'dynamic', rule: { and: [{ field: 'name', op: 'starts_with', value: 'Seg ' }, PASSIVE] } })).body.data;
    const r = await admin.post(`/api/v1/records/segments/${seg.id}/actions/recompute`);
    expect(r.status, r.raw).toBe(200);
    expect(r.body.data).toMatchObject({ added: 3, removed: 0, total: 3 });
    expect(ours((await members(admin, seg.id)).data)).toEqual(['edge_out', 'none', 'old']);
    expect((await admin.get(`/api/v1/records/segments/${seg.id}`)).body.data.member_count).toBe(3);
    // A passive customer buys again: they leave the segment, and the history shows when.
    await admin.post('/api/v1/records/invoices', { subject: 'Back', account_id: acc.old, invoice_date: day(1), currency: 'RUB', lines: line('10.00') });
    expect((await admin.post(`/api/v1/records/segments/${seg.id}/actions/recompute`)).body.data).toMatchObject({ added: 0, removed: 1, total: 2 });
    const history = (await members(admin, seg.id, true)).data;
    const left = history.find((m: any) => m.record_id === acc.old);
    expect(left.until).toBeTruthy();
    expect(history.find((m: any) => m.record_id === acc.none).until).toBeNull();
    // Recomputing again changes nothing.
    expect((await admin.post(`/api/v1/records/segments/${seg.id}/actions/recompute`)).body.data).toMatchObject({ added: 0, removed: 0, total: 2 });
  });

  it('sums related records, and shows each viewer only the members they may see', async () => {
    const seg = (await admin.post('/api/v1/records/segments', { name: 'Big buyers', module: 'accounts', kind: 'dynamic',
      rule: { related: 'invoices', where: { field: 'invoice_date', op: 'in_period', value: 'this_year' }, agg: { fn: 'sum', field: 'grand_total' }, op: 'gt', value: 1000000 } })).body.data;
    await admin.post(`/api/v1/records/segments/${seg.id}/actions/recompute`);
    const all = await members(admin, seg.id);
    expect(ours(all.data)).toEqual(['big']);
    expect((await members(sales2, seg.id)).count).toBe(1);
    expect((await members(sales1, seg.id)).count).toBe(0);
    // Whoever may view segments but not accounts gets no members at all.
    const role = await admin.post('/api/v1/roles', { name: 'Segments only', permissions: { segments: ['view'] } });
    expect((await admin.post('/api/v1/users', { username: 'segonly', password: USER_PASSWORD, role_id: role.body.data.id })).status).toBe(201);
    const mine = (await admin.get(`/api/v1/records/segments/${seg.id}`)).body.data;
    const users = (await admin.get('/api/v1/users?limit=100')).body.data as { id: string; username: string }[];
    expect((await admin.patch(`/api/v1/records/segments/${seg.id}`, { assigned_to: users.find((u) => u.username === 'segonly')!.id }, { 'If-Match': `"${mine.version}"` })).status).toBe(200);
    const segOnly = await t.login('segonly');
    expect((await segOnly.get(`/api/v1/records/segments/${seg.id}`)).status).toBe(200);
    expect((await segOnly.get(`/api/v1/records/segments/${seg.id}/members`)).status).toBe(403);
  });

  it('counts what a rule selects before it is saved, as the caller sees it', async () => {
    const preview = (c: Client) => c.post('/api/v1/segments/preview', { module: 'accounts', rule: { and: [{ field: 'name', op: 'starts_with', value: 'Seg ' }, PASSIVE] } });
    expect((await preview(admin)).body.data.count).toBe(2);
    expect((await preview(sales1)).body.data.count).toBe(1); // sales1's: the account without invoices
    expect((await admin.post('/api/v1/segments/preview', { module: 'accounts', rule: { related: 'invoices', op: 'eq', value: 'x' } })).body.error.fields['rule.value']).toBeTruthy();
    // A count against a fraction runs (at least 1.5 invoices: two or more); a number past 15 digits or a made-up
    // aggregate is refused at its path when saved, never left for the job to fail on.
    const fraction = await admin.post('/api/v1/segments/preview', { module: 'accounts', rule: { and: [{ field: 'name', op: 'starts_with', value: 'Seg ' }, { related: 'invoices', op: 'gte', value: 1.5 }] } });
    expect(fraction.status, fraction.raw).toBe(200);
    expect((await admin.post('/api/v1/records/segments', { name: 'x', module: 'accounts', kind: 'dynamic', rule: { related: 'invoices', op: 'gte', value: 1e300 } })).body.error.fields['rule.value']).toBeTruthy();
    for (const agg of ['x', null]) expect((await admin.post('/api/v1/records/segments', { name: 'x', module: 'accounts', kind: 'dynamic', rule: { related: 'invoices', agg, op: 'gte', value: 1 } })).body.error.fields['rule.agg.fn']).toBeTruthy();
  });

  it('a preview counts only the related records its caller may see; a rule over a module they may not view is refused', async () => {
    const probe = (await sales1.post('/api/v1/records/accounts', { name: 'Preview probe' })).body.data.id;
    const hidden = await admin.post('/api/v1/records/invoices', { subject: 'Not for sales1', account_id: probe, assigned_to: t.users.sales2, invoice_date: day(5), currency: 'RUB', lines: line('777.00') });
    expect(hidden.status, hidden.raw).toBe(201);
    expect((await sales1.get(`/api/v1/records/invoices/${hidden.body.data.id}`)).status).toBe(404);
    const rule = { and: [{ field: 'name', op: 'eq', value: 'Preview probe' }, { related: 'invoices', agg: { fn: 'sum', field: 'grand_total' }, op: 'gt', value: 700 }] };
    expect((await admin.post('/api/v1/segments/preview', { module: 'accounts', rule })).body.data.count).toBe(1);
    // Else halving the value would tell sales1 the exact total of invoices they may not see.
    expect((await sales1.post('/api/v1/segments/preview', { module: 'accounts', rule })).body.data.count).toBe(0);
    await withSalesModules(admin, without('invoices'), async () => {
      const refused = await sales1.request('POST', '/api/v1/segments/preview?lang=en', { module: 'accounts', rule });
      expect(refused.status).toBe(400);
      expect(refused.body.error.fields['rule.and[1].related']).toBe('names invoices, which you may not view');
      expect((await sales1.post('/api/v1/records/segments', { name: 'Probe', module: 'accounts', kind: 'dynamic', rule })).status).toBe(400);
    });
  });

  it('counts the conditions of all a rule\'s filters together: 200 at most', async () => {
    const where = (n: number) => ({ or: Array.from({ length: n }, (_, i) => ({ field: 'subject', op: 'eq', value: `Inv ${i}` })) });
    const rule = (n: number) => ({ and: [0, 1].map(() => ({ related: 'invoices', where: where(n), op: 'gte', value: 0 })) });
    expect((await admin.post('/api/v1/segments/preview', { module: 'accounts', rule: rule(100) })).status).toBe(200);
    const broad = await admin.post('/api/v1/segments/preview', { module: 'accounts', rule: rule(101) });
    expect(broad.status).toBe(400);
    expect(JSON.stringify(broad.body.error)).toMatch(/200/);
  });

  it('refuses a bad rule at its path, in the caller language', async () => {
    const bad = await admin.post('/api/v1/records/segments', { name: 'x', module: 'accounts', kind: 'dynamic', rule: { and: [{ related: 'tasks_of_nothing', op: 'eq', value: 0 }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields['rule.and[0].related']).toBeTruthy();
    const op = await admin.post('/api/v1/records/segments', { name: 'x', module: 'accounts', kind: 'dynamic', rule: { related: 'invoices', op: 'like', value: 0 } });
    expect(op.body.error.fields['rule.op']).toBeTruthy();
    const field = await admin.post('/api/v1/records/segments', { name: 'x', module: 'accounts', kind: 'dynamic', rule: { field: 'nope', op: 'eq', value: 1 } });
    expect(field.status).toBe(400);
    // A stored rule cannot grow into a query of thousands of subqueries.
    const many = Array.from({ length: 60 }, () => ({ related: 'invoices', op: 'gte', value: 0 }));
    expect((await admin.post('/api/v1/records/segments', { name: 'x', module: 'accounts', kind: 'dynamic', rule: { or: many } })).status).toBe(400);
  });

  it('is recomputed by the job queue once saved', async () => {
    const seg = (await admin.post('/api/v1/records/segments', { name: 'By the queue', module: 'accounts', kind: 'dynamic', rule: { field: 'name', op: 'eq', value: 'Seg none' } })).body.data;
    await t.runJobs();
    expect(ours((await members(admin, seg.id)).data)).toEqual(['none']);
    const next = await sql<{ run_at: Date }>`select run_at from jobs where key = ${`segment_recompute:${seg.id}`} and done_at is null`.execute(t.app.database.db);
    expect(new Date(next.rows[0].run_at).getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    // Deleted, its recomputation stops; back from the recycle bin, it is recomputed again.
    const booked = async () => (await sql`select 1 from jobs where key = ${`segment_recompute:${seg.id}`} and done_at is null`.execute(t.app.database.db)).rows.length;
    expect((await admin.del(`/api/v1/records/segments/${seg.id}`)).status).toBe(204);
    expect(await booked()).toBe(0);
    expect((await admin.post(`/api/v1/records/segments/${seg.id}/restore`)).status).toBe(200);
    expect(await booked()).toBe(1);
  });

  it('a rule that can no longer run keeps its members, tells its owner, and is tried again at its next turn', async () => {
    expect((await admin.post('/api/v1/meta/modules/accounts/fields', { name: 'cf_seg_tier', type: 'text', label: 'Seg tier' })).status).toBe(201);
    const seg = (await admin.post('/api/v1/records/segments', { name: 'By tier', module: 'accounts', kind: 'dynamic', rule: { field: 'cf_seg_tier', op: 'eq', value: 'gold' } })).body.data;
    await t.runJobs();
    expect((await admin.del('/api/v1/meta/modules/accounts/fields/cf_seg_tier')).status).toBeLessThan(300);
    await sql`update jobs set run_at = now() where key = ${`segment_recompute:${seg.id}`} and done_at is null`.execute(t.app.database.db);
    await t.runJobs();
    const next = await sql<{ run_at: Date; failed: boolean }>`select run_at, failed from jobs where key = ${`segment_recompute:${seg.id}`} and done_at is null`.execute(t.app.database.db);
    expect(next.rows).toHaveLength(1);
    expect(new Date(next.rows[0].run_at).getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    const told = async () => ((await admin.get('/api/v1/notifications')).body.data as any[]).filter((n) => n.kind === 'segment_failed' && n.record?.id === seg.id).length;
    expect(await told()).toBe(1);
    // Its next turn fails alike: the owner, not having read the first notice yet, is not told again.
    await sql`update jobs set run_at = now() where key = ${`segment_recompute:${seg.id}`} and done_at is null`.execute(t.app.database.db);
    await t.runJobs();
    expect(await told()).toBe(1);
    // A segment of a group, and one of a Russian reader: the group's turn is still booked; the reader is told in Russian.
    const group = (await admin.post('/api/v1/groups', { name: 'Seg owners', members: [] })).body.data.id;
    expect((await admin.post('/api/v1/meta/modules/accounts/fields', { name: 'cf_seg_size', type: 'text', label: 'Seg size' })).status).toBe(201);
    const rule = { field: 'cf_seg_size', op: 'eq', value: 'big' };
    const ofGroup = (await admin.post('/api/v1/records/segments', { name: 'Of a group', module: 'accounts', kind: 'dynamic', rule, assigned_to: group })).body.data;
    const ofSales = (await sales1.post('/api/v1/records/segments', { name: 'Of sales1', module: 'accounts', kind: 'dynamic', rule })).body.data;
    await t.runJobs();
    expect((await admin.del('/api/v1/meta/modules/accounts/fields/cf_seg_size')).status).toBeLessThan(300);
    await sql`update jobs set run_at = now() where key = any(${[ofGroup.id, ofSales.id].map((id) => `segment_recompute:${id}`)}) and done_at is null`.execute(t.app.database.db);
    await t.runJobs();
    const booked = await sql<{ key: string }>`select key from jobs where key = any(${[ofGroup.id, ofSales.id].map((id) => `segment_recompute:${id}`)}) and done_at is null and not failed and run_at > now() + interval '23 hours'`.execute(t.app.database.db);
    expect(booked.rows).toHaveLength(2);
    const notice = ((await sales1.get('/api/v1/notifications')).body.data as any[]).find((n) => n.kind === 'segment_failed' && n.record?.id === ofSales.id);
    expect(notice?.message).toMatch(/^Of sales1: .*[а-я]/);
  });
});

describe('static segments and mailings', () => {
  it('takes members by hand (only visible records) and is a mailing audience', async () => {
    const c1 = (await sales1.post('/api/v1/records/contacts', { last_name: 'Static1', email: 'static1@seg.example' })).body.data.id;
    const c2 = (await sales2.post('/api/v1/records/contacts', { last_name: 'Static2', email: 'static2@seg.example' })).body.data.id;
    const seg = (await sales1.post('/api/v1/records/segments', { name: 'Hand-picked', module: 'contacts', kind: 'static' })).body.data;
    const add = await sales1.post(`/api/v1/records/segments/${seg.id}/actions/add_members`, { ids: [c1, c2] });
    expect(add.status, add.raw).toBe(200);
    expect(add.body.data.total).toBe(1); // sales1 cannot see sales2's contact
    const count = await admin.post('/api/v1/mailings/audience', { audience: { segment_id: seg.id } });
    expect(count.body.data.recipients).toBe(1);
    await sales1.post(`/api/v1/records/segments/${seg.id}/actions/remove_members`, { ids: [c1] });
    expect((await members(sales1, seg.id)).count).toBe(0);
    expect((await sales1.post(`/api/v1/records/segments/${seg.id}/actions/recompute`)).body.data.total).toBe(0);
    const products = (await admin.post('/api/v1/records/segments', { name: 'Products', module: 'products', kind: 'static' })).body.data;
    expect((await admin.post('/api/v1/mailings/audience', { audience: { segment_id: products.id } })).status).toBe(400);
  });
});

describe('a merge of contacts', () => {
  it('moves their mailing history, SMS log, invitations and hand-picked segments to the survivor', async () => {
    const keep = (await sales1.post('/api/v1/records/contacts', { last_name: 'Выживший', email: 'keep@merge.example' })).body.data.id;
    const gone = (await sales1.post('/api/v1/records/contacts', { last_name: 'Слитый', email: 'gone@merge.example' })).body.data.id;
    const seg = (await sales1.post('/api/v1/records/segments', { name: 'Слияние', module: 'contacts', kind: 'static' })).body.data.id;
    expect((await sales1.post(`/api/v1/records/segments/${seg}/actions/add_members`, { ids: [gone] })).status).toBe(200);
    // What sending would have left (fixtures: the rows a mailing, an SMS and an event's RSVP write).
    const db = t.app.database.db;
    const [event, survey] = ['01900000-0000-7000-8000-0000000000e1', '01900000-0000-7000-8000-0000000000e2'];
    await sql`insert into mailing_recipients (mailing_id, module, record_id, address, state, token) values (${event}, 'contacts', ${gone}, 'gone@merge.example', 'sent', ${`m-${gone}`})`.execute(db);
    await sql`insert into sms_messages (to_number, text, provider, state, module, record_id) values ('+79990000000', 'Привет', 'log', 'sent', 'contacts', ${gone})`.execute(db);
    await sql`insert into invitations (kind, parent_id, module, record_id, address, token, status) values
      ('event', ${event}, 'contacts', ${gone}, 'gone@merge.example', ${`e-${gone}`}, 'accepted'),
      ('survey', ${survey}, 'contacts', ${gone}, 'gone@merge.example', ${`s-${gone}`}, 'sent'),
      ('survey', ${survey}, 'contacts', ${keep}, 'keep@merge.example', ${`s-${keep}`}, 'answered')`.execute(db);
    expect((await sales1.post('/api/v1/records/contacts/merge', { ids: [keep, gone] })).status).toBe(200);
    const on = async (table: string) => (await sql<{ record_id: string }>`select record_id::text from ${sql.table(table)} where record_id = any(${[keep, gone]}::uuid[]) order by id`.execute(db)).rows.map((r) => r.record_id);
    expect(await on('mailing_recipients')).toEqual([keep]);
    expect(await on('sms_messages')).toEqual([keep]);
    const invited = (await sql<{ kind: string; record_id: string; status: string }>`select kind, record_id::text, status from invitations where record_id = any(${[keep, gone]}::uuid[]) order by id`.execute(db)).rows;
    // The RSVP moved; the survivor kept its own survey answer, the merged one's stays with it in the bin.
    expect(invited).toEqual([{ kind: 'event', record_id: keep, status: 'accepted' }, { kind: 'survey', record_id: gone, status: 'sent' }, { kind: 'survey', record_id: keep, status: 'answered' }]);
    expect((await members(sales1, seg)).count).toBe(1);
  });
});

describe('product segments, "bought a product of segment X" and the in_segment filter', () => {
  it('selects the buyers of a product segment, and lists filter by segment on the record or a reference', async () => {
    const widget = (await admin.post('/api/v1/records/products', { name: 'Widget W', unit_price: '10.00' })).body.data.id;
    const gadget = (await admin.post('/api/v1/records/products', { name: 'Gadget G', unit_price: '10.00' })).body.data.id;
    const widgets = (await admin.post('/api/v1/records/segments', { name: 'Widgets', module: 'products', kind: 'dynamic',
      rule: { field: 'name', op: 'starts_with', value: 'Widget' } })).body.data;
    expect((await admin.post(`/api/v1/records/segments/${widgets.id}/actions/recompute`)).body.data.total).toBeGreaterThanOrEqual(1);
    const buyer = (await sales1.post('/api/v1/records/accounts', { name: 'Widget buyer' })).body.data.id;
    const other = (await sales2.post('/api/v1/records/accounts', { name: 'Gadget buyer' })).body.data.id;
    const productLine = (id: string) => [{ item_module: 'products', item_id: id, quantity: 1, list_price: '10.00', taxes: [] }];
    expect((await sales1.post('/api/v1/records/invoices', { subject: 'W', account_id: buyer, currency: 'RUB', lines: productLine(widget) })).status).toBe(201);
    expect((await sales2.post('/api/v1/records/invoices', { subject: 'G', account_id: other, currency: 'RUB', lines: productLine(gadget) })).status).toBe(201);
    const buyers = (await admin.post('/api/v1/records/segments', { name: 'Widget buyers', module: 'accounts', kind: 'dynamic',
      rule: { related: 'invoices', lines_in_segment: widgets.id, op: 'gte', value: 1 } })).body.data;
    expect((await admin.post(`/api/v1/records/segments/${buyers.id}/actions/recompute`)).body.data.total).toBe(1);
    expect((await members(admin, buyers.id)).data.map((m: any) => m.record_id)).toEqual([buyer]);

    // As a list filter: the segment's current members, under the viewer's visibility; on a reference, their contacts.
    const list = async (c: Client, url: string) => (await c.get(url)).body.data?.map((r: any) => r.id);
    expect(await list(admin, `/api/v1/records/accounts?filter[id][in_segment]=${buyers.id}`)).toEqual([buyer]);
    expect(await list(sales2, `/api/v1/records/accounts?filter[id][in_segment]=${buyers.id}`)).toEqual([]);
    const contact = (await sales1.post('/api/v1/records/contacts', { last_name: 'Widgetson', account_id: buyer })).body.data.id;
    await sales1.post('/api/v1/records/contacts', { last_name: 'Gadgetson', account_id: other });
    expect(await list(admin, `/api/v1/records/contacts?filter[account_id][in_segment]=${buyers.id}`)).toEqual([contact]);
    const post = await admin.post('/api/v1/records/accounts/query', { where: { field: 'id', op: 'in_segment', value: buyers.id } });
    expect(post.body.data.map((r: any) => r.id)).toEqual([buyer]);
    // A segment of another module selects nothing; a bad value or a field that is not a reference is a 400 at the filter.
    expect(await list(admin, `/api/v1/records/contacts?filter[id][in_segment]=${buyers.id}`)).toEqual([]);
    const bad = await admin.get('/api/v1/records/accounts?filter[id][in_segment]=nope');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields['filter[id]']).toBe('must be the id of a segment');
    expect((await admin.get(`/api/v1/records/accounts?filter[name][in_segment]=${buyers.id}`)).status).toBe(400);
    // A rule naming a module without lines is refused at its path.
    const wrong = await admin.post('/api/v1/records/segments', { name: 'x', module: 'accounts', kind: 'dynamic', rule: { related: 'contacts', lines_in_segment: widgets.id, op: 'gte', value: 1 } });
    expect(wrong.body.error.fields['rule.lines_in_segment']).toBeTruthy();
  });

  it("counts days on the company's clock: today is the company's today, in the preview and in the members", async () => {
    // A zone whose date differs from UTC's at this hour: 14 hours ahead late in the UTC day, 12 behind early in it.
    const zone = new Date().getUTCHours() >= 11 ? 'Pacific/Kiritimati' : 'Etc/GMT+12'; // an hour clear of either's change
    const theirs = todayOf(zone);
    const utc = todayOf('UTC');
    expect(theirs).not.toBe(utc);
    const made: Record<string, string> = {};
    for (const [key, date] of [['theirs', theirs], ['utc', utc]] as const) {
      made[key] = (await admin.post('/api/v1/records/accounts', { name: `Zone ${key}` })).body.data.id;
      const r = await admin.post('/api/v1/records/invoices', { subject: `Zone ${key}`, account_id: made[key], invoice_date: date, currency: 'RUB', lines: line('10.00') });
      expect(r.status, r.raw).toBe(201);
    }
    const today = { related: 'invoices', where: { field: 'invoice_date', op: 'in_period', value: 'today' }, op: 'gt', value: 0 };
    const seg = (await admin.post('/api/v1/records/segments', { name: 'Bought today', module: 'accounts', kind: 'dynamic',
      rule: { and: [{ field: 'name', op: 'starts_with', value: 'Zone ' }, today] } })).body.data;
    const current = async () => (await members(admin, seg.id)).data.map((m: { record_id: string }) => m.record_id);
    try {
      await t.runJobs();
      expect(await current()).toEqual([made.utc]); // no company zone yet: UTC's today
      expect((await admin.put('/api/v1/settings/company', { time_zone: zone })).status).toBe(200);
      const count = async (key: string) => (await admin.post('/api/v1/segments/preview', { module: 'accounts', rule: { and: [{ field: 'name', op: 'eq', value: `Zone ${key}` }, today] } })).body.data.count;
      expect([await count('theirs'), await count('utc')]).toEqual([1, 0]);
      // The new clock recomputes the segment at once (not at its next turn, a day later).
      await t.runJobs();
      expect(await current()).toEqual([made.theirs]);
    } finally {
      await admin.put('/api/v1/settings/company', { time_zone: '' });
    }
  });
});
