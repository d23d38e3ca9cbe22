import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { startSmtp, type TestSmtp } from '../../testing/smtp.js';
import { checkPlan, defaultPlan, planDate } from './event-plan.js';

describe('an event task plan (pure)', () => {
  it('dates tasks in calendar days from the start, across month ends', () => {
    expect(planDate('2027-03-01', -14)).toBe('2027-02-15');
    expect(planDate('2028-03-01', -1)).toBe('2028-02-29');
    expect(planDate('2027-12-30', 3)).toBe('2028-01-02');
    expect(defaultPlan('webinar', 'ru').map((p) => p.offset_days)).toEqual([-14, -10, -1, 1]);
    expect(defaultPlan('webinar', 'zh')[0].subject).toBe('设置网络研讨会会议室');
    expect(() => checkPlan([{ subject: 'x', offset_days: 1.5 }])).toThrow();
  });
});

let t: TestApp;
let smtp: TestSmtp;
let admin: Client, sales1: Client, sales2: Client, marketing: Client;
beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp();
  [admin, sales1, sales2, marketing] = await Promise.all(['admin', 'sales1', 'sales2', 'marketing'].map((u) => t.login(u)));
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe('marketing events', () => {
  it('takes its type plan, creates the tasks once, checks partners', async () => {
    const partner = (await marketing.post('/api/v1/records/accounts', { name: 'Expo Hall LLC' })).body.data.id;
    const hidden = (await sales2.post('/api/v1/records/accounts', { name: 'Not for marketing' })).body.data.id;
    const r = await marketing.post('/api/v1/records/marketing_events', { name: 'Spring webinar', event_type: 'webinar', start_date: '2027-03-01', budget: '1000.00',
      partners: [{ account_id: partner, role: 'venue' }] });
    expect(r.status, r.raw).toBe(201);
    const ev = r.body.data;
    expect(ev.task_plan.map((p: any) => p.offset_days)).toEqual([-14, -10, -1, 1]);
    // A sales person reads events but neither plans nor invites.
    expect((await sales1.post(`/api/v1/records/marketing_events/${ev.id}/actions/create_tasks`)).status).toBe(403);
    expect((await sales1.post(`/api/v1/records/marketing_events/${ev.id}/actions/invite`, { ids: [partner] })).status).toBe(403);
    const tasks = await marketing.post(`/api/v1/records/marketing_events/${ev.id}/actions/create_tasks`);
    expect(tasks.status, tasks.raw).toBe(200);
    expect(tasks.body.data.created).toBe(4);
    expect((await marketing.post(`/api/v1/records/marketing_events/${ev.id}/actions/create_tasks`)).body.data.created).toBe(0);
    const due = (await sql<{ due_date: string }>`select due_date::text from tasks where related_to = ${ev.id} order by due_date`.execute(t.app.database.db)).rows.map((x) => x.due_date);
    expect(due).toEqual(['2027-02-15', '2027-02-19', '2027-02-28', '2027-03-02']);
    const bad = await marketing.post('/api/v1/records/marketing_events', { name: 'x', event_type: 'seminar', start_date: '2027-03-01', partners: [{ account_id: partner, role: 'boss' }] });
    expect(bad.body.error.fields['partners[0].role']).toBeTruthy();
    // An account that is not there, or not the writer's to see, is no partner (and its existence is not revealed).
    for (const id of ['00000000-0000-4000-8000-000000000000', hidden]) {
      const ghost = await marketing.post('/api/v1/records/marketing_events', { name: 'x', event_type: 'seminar', start_date: '2027-03-01', partners: [{ account_id: id, role: 'venue' }] });
      expect(ghost.body.error.fields['partners[0].account_id']).toBeTruthy();
    }
  });

  it('invites its segment with an RSVP link, marks attendance, and sums its results', async () => {
    const ids: string[] = [];
    for (const n of ['Alpha', 'Beta', 'Gamma']) ids.push((await sales1.post('/api/v1/records/contacts', { last_name: `Guest ${n}`, email: `${n.toLowerCase()}@event.example` })).body.data.id);
    const seg = (await admin.post('/api/v1/records/segments', { name: 'Event guests', module: 'contacts', kind: 'dynamic', rule: { field: 'last_name', op: 'starts_with', value: 'Guest ' } })).body.data;
    await admin.post(`/api/v1/records/segments/${seg.id}/actions/recompute`);
    const ev = (await admin.post('/api/v1/records/marketing_events', { name: 'Open day', event_type: 'presentation', start_date: '2027-04-10', place: 'Office', actual_cost: '500.00', target_segment_id: seg.id })).body.data;
    const inv = await admin.post(`/api/v1/records/marketing_events/${ev.id}/actions/invite`, {});
    expect(inv.status, inv.raw).toBe(200);
    expect(inv.body.data.invited).toBe(3);
    await t.runJobs();
    const mail = smtp.inbox.find((m) => JSON.stringify(m.to).includes('alpha@event.example'));
    expect(mail?.subject).toContain('Open day');
    const token = (await sql<{ token: string }>`select token from invitations where kind = 'event' and record_id = ${ids[0]}`.execute(t.app.database.db)).rows[0].token;
    // The link's GET only asks; the POST answers.
    const page = await t.server.inject({ method: 'GET', url: `/rsvp/${token}?answer=yes` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Open day');
    expect((await sql<{ status: string }>`select status from invitations where token = ${token}`.execute(t.app.database.db)).rows[0].status).toBe('invited');
    const yes = await t.server.inject({ method: 'POST', url: `/rsvp/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'answer=yes' });
    expect(yes.statusCode).toBe(200);
    const token2 = (await sql<{ token: string }>`select token from invitations where kind = 'event' and record_id = ${ids[1]}`.execute(t.app.database.db)).rows[0].token;
    // A good link without a yes or a no is asked again, in the invitee's language — not called invalid.
    const none = await t.server.inject({ method: 'POST', url: `/rsvp/${token2}?lang=ru`, payload: { answer: 'maybe' } });
    expect([none.statusCode, none.json().error.fields.answer]).toEqual([400, 'Ответьте «да» или «нет».']);
    expect((await t.server.inject({ method: 'POST', url: `/rsvp/${token2}`, payload: { answer: 'no' } })).statusCode).toBe(200);

    // The guest's timeline shows the invitation and the answer.
    const tl = await sales1.get(`/api/v1/records/contacts/${ids[0]}/timeline?kinds=invitation`);
    expect(tl.status, tl.raw).toBe(200);
    const timeline = tl.body.data;
    expect(timeline).toEqual([expect.objectContaining({ kind: 'invitation', title: 'Open day', detail: expect.objectContaining({ kind: 'event', status: 'registered' }) })]);
    const participants = (await admin.get(`/api/v1/marketing_events/${ev.id}/participants`)).body;
    expect(participants.counts).toMatchObject({ registered: 1, declined: 1, invited: 1 });
    const alpha = participants.data.find((p: any) => p.record_id === ids[0]);
    expect((await admin.patch(`/api/v1/marketing_events/${ev.id}/participants/${alpha.id}`, { status: 'attended' })).status).toBe(200);
    // A sales person may read the event but not mark attendance; they see only their own participants.
    expect((await sales2.patch(`/api/v1/marketing_events/${ev.id}/participants/${alpha.id}`, { status: 'no_show' })).status).toBe(403);
    expect((await sales2.get(`/api/v1/marketing_events/${ev.id}/participants`)).body.data).toHaveLength(0);
    // Marking attendance is on the event's history: who, and from what to what.
    const history = (await admin.get(`/api/v1/records/marketing_events/${ev.id}/history`)).body.data as any[];
    expect(history.find((h) => h.action === 'participants')?.changes.status).toEqual([alpha.status, 'attended']);

    // By SMS: the RSVP link goes as a text message to the mobile number (kept in the SMS log of the record).
    const texter = (await sales1.post('/api/v1/records/contacts', { last_name: 'Texter', mobile: '+7 912 345-67-89' })).body.data.id;
    const bySms = await admin.post(`/api/v1/records/marketing_events/${ev.id}/actions/invite`, { ids: [texter], channel: 'sms' });
    expect(bySms.body.data.invited).toBe(1);
    await t.runJobs();
    const sms = (await sql<{ to_number: string; text: string }>`select to_number, text from sms_messages where record_id = ${texter}`.execute(t.app.database.db)).rows[0];
    expect(sms.to_number).toBe('+79123456789');
    expect(sms.text).toMatch(/Open day.*\/rsvp\/[0-9a-f]{64}/);

    // Once the event is cancelled its links take no more answers.
    await admin.patch(`/api/v1/records/marketing_events/${ev.id}`, { status: 'cancelled' });
    expect((await t.server.inject({ method: 'POST', url: `/rsvp/${token2}`, payload: { answer: 'yes' } })).statusCode).toBe(404);
    await admin.patch(`/api/v1/records/marketing_events/${ev.id}`, { status: 'planned' });

    // Results: a lead and a won deal attributed to the event; ROI = (2000 − 500) / 500.
    const lead = (await sales1.post('/api/v1/records/leads', { last_name: 'Walk-in', company: 'Walk-in Co', marketing_event_id: ev.id })).body.data;
    // A lead from the event converted into a deal: the deal is the event's too.
    const converted = await sales1.post(`/api/v1/records/leads/${lead.id}/actions/convert`, { account: { create: true }, contact: true, deal: { name: 'Walk-in deal', amount: '300.00', close_date: '2027-06-01' } });
    expect(converted.status, converted.raw).toBe(200);
    expect((await sales1.get(`/api/v1/records/deals/${converted.body.deal_id}`)).body.data.marketing_event_id).toBe(ev.id);
    const acc = (await sales1.post('/api/v1/records/accounts', { name: 'Visitor Co' })).body.data.id;
    const deal = await sales1.post('/api/v1/records/deals', { name: 'From open day', account_id: acc, amount: '2000.00', close_date: '2027-05-01', stage: 'closed_won', marketing_event_id: ev.id });
    expect(deal.status, deal.raw).toBe(201);
    const res = (await admin.get(`/api/v1/marketing_events/${ev.id}/results`)).body.data;
    expect(res).toMatchObject({ participants: { attended: 1, declined: 1, invited: 2 }, leads: 1, deals: 2, won_deals: 1, won_revenue: '2000.00', actual_cost: '500.00', roi_percent: '300.00', cost_per_lead: '500.00' });
    // Who sees none of the participants counts none of them, in the results as in the list.
    const theirs = await sales2.get(`/api/v1/marketing_events/${ev.id}/results`);
    expect(theirs.body.data.participants).toEqual({ invited: 0, registered: 0, declined: 0, attended: 0, no_show: 0 });
    expect((await sales2.get(`/api/v1/marketing_events/${ev.id}/participants`)).body.counts).toMatchObject({ invited: 0, attended: 0 });
  });
});
