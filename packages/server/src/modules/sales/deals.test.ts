import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: Client, sales1: Client, sales2: Client;
let processKind: string, noneKind: string;

beforeAll(async () => {
  t = await createTestApp();
  [admin, sales1, sales2] = await Promise.all(['admin', 'sales1', 'sales2'].map((u) => t.login(u)));
  processKind = (await admin.post('/api/v1/records/deal_kinds', { name: 'Тендер', mode: 'process', stages: [
    { name: 'qualification', probability: 20, required_fields: ['amount'] }, { name: 'proposal_price_quote', probability: 60 }, { name: 'negotiation_review', probability: 85 },
  ] })).body.data.id;
  noneKind = (await admin.post('/api/v1/records/deal_kinds', { name: 'Разовая продажа', mode: 'none', stages: [] })).body.data.id;
});
afterAll(() => t.close());

const deal = (extra: Record<string, unknown>) => sales1.post('/api/v1/records/deals', { name: 'Сделка', close_date: '2026-12-31', ...extra });
const patch = (id: string, version: number, body: Record<string, unknown>) => sales1.patch(`/api/v1/records/deals/${id}`, body, { 'If-Match': `"${version}"` });

describe('deals: kinds, stages, won and lost', () => {
  it('default kind: starts at prospecting with its probability; any move; the history records each stage', async () => {
    const d = (await deal({})).body.data;
    expect(d).toMatchObject({ stage: 'prospecting', status: 'open', probability: '10.000' });
    const moved = (await patch(d.id, d.version, { stage: 'negotiation_review' })).body.data;
    expect(moved).toMatchObject({ stage: 'negotiation_review', probability: '80.000' });
    const won = (await patch(d.id, moved.version, { status: 'won' })).body.data;
    expect(won).toMatchObject({ stage: 'closed_won', status: 'won', probability: '100.000' });
    const h = (await sales1.get(`/api/v1/records/deals/${d.id}/stage_history`)).body.data;
    expect(h.map((x: any) => [x.stage, x.status, x.left_at === null])).toEqual([['prospecting', 'open', false], ['negotiation_review', 'open', false], ['closed_won', 'won', true]]);
    expect(typeof h[0].days).toBe('number');
    expect((await sales2.get(`/api/v1/records/deals/${d.id}/stage_history`)).status).toBe(404);
  });

  it('process kind: only the next stage, required fields to leave a stage — 400 and nothing saved', async () => {
    const d = (await deal({ deal_kind_id: processKind })).body.data;
    expect(d).toMatchObject({ stage: 'qualification', probability: '20.000' });
    const blocked = await patch(d.id, d.version, { stage: 'proposal_price_quote' });
    expect(blocked.status).toBe(400);
    expect(blocked.body.error.fields).toEqual({ amount: 'обязательно, чтобы покинуть этап «qualification»' });
    const skip = await patch(d.id, d.version, { stage: 'negotiation_review', amount: '1000' });
    expect(skip.body.error.fields.stage).toMatch(/следующий этап/);
    expect((await sales1.get(`/api/v1/records/deals/${d.id}`)).body.data).toMatchObject({ version: d.version, stage: 'qualification' });
    expect((await sales1.get(`/api/v1/records/deals/${d.id}/next_stage`)).body).toEqual({ mode: 'process', next: 'proposal_price_quote', missing: ['amount'], checklist: [], finished: false });
    const ok = await patch(d.id, d.version, { stage: 'proposal_price_quote', amount: '1000' });
    expect(ok.body.data).toMatchObject({ stage: 'proposal_price_quote', probability: '60.000' });
    expect((await sales1.get(`/api/v1/records/deals/${d.id}/next_stage`)).body).toMatchObject({ next: 'negotiation_review', finished: true });
    expect((await sales2.get(`/api/v1/records/deals/${d.id}/next_stage`)).status).toBe(404);
  });

  it('lost needs a reason (400 on loss_reason, nothing saved); with it the deal closes lost with the winning competitor', async () => {
    const d = (await deal({})).body.data;
    const noReason = await patch(d.id, d.version, { status: 'lost' });
    expect(noReason.status).toBe(400);
    expect(Object.keys(noReason.body.error.fields)).toEqual(['loss_reason']);
    expect((await sales1.get(`/api/v1/records/deals/${d.id}`)).body.data.status).toBe('open');
    const rival = (await sales1.post('/api/v1/records/accounts', { name: 'Конкурент' })).body.data.id;
    const lost = await patch(d.id, d.version, { status: 'lost', loss_reason: 'price', winning_competitor_id: rival });
    expect(lost.body.data).toMatchObject({ status: 'lost', stage: 'closed_lost', probability: '0.000', loss_reason: 'price', winning_competitor_id: rival });
  });

  it('a stage checklist holds a process deal until every item is done; a move carries its comment into the history', async () => {
    const kind = (await admin.post('/api/v1/records/deal_kinds', { name: 'Проект', mode: 'process', stages: [
      { name: 'Бриф', checklist: [' Подписать NDA ', 'Согласовать бюджет'] }, { name: 'Предложение' },
    ] })).body.data;
    expect(kind.stages[0].checklist).toEqual(['Подписать NDA', 'Согласовать бюджет']);
    const badKind = await admin.post('/api/v1/records/deal_kinds', { name: 'Плохой', mode: 'process', stages: [{ name: 'А', checklist: ['x', 'x'] }] });
    expect(badKind.status).toBe(400);
    expect(badKind.body.error.fields).toHaveProperty(['stages[0].checklist']);

    let d = (await deal({ deal_kind_id: kind.id })).body.data;
    expect((await sales1.get(`/api/v1/records/deals/${d.id}/next_stage`)).body).toEqual({ mode: 'process', next: 'Предложение', missing: [],
      checklist: [{ item: 'Подписать NDA', done: false }, { item: 'Согласовать бюджет', done: false }], finished: false });
    // Not all done: the move is refused, naming what is left; nothing is saved.
    d = (await patch(d.id, d.version, { stage_checklist: ['Подписать NDA'] })).body.data;
    expect(d.stage_checklist).toEqual(['Подписать NDA']);
    const blocked = await patch(d.id, d.version, { stage: 'Предложение', stage_comment: 'рано' });
    expect(blocked.status).toBe(400);
    expect(blocked.body.error.fields.stage_checklist).toContain('Согласовать бюджет');
    expect((await patch(d.id, d.version, { stage_checklist: ['Купить слона'] })).body.error.fields.stage_checklist).toContain('Купить слона');
    // The last item and the move in one write, with a comment; the new stage starts with its checklist empty.
    const moved = await patch(d.id, d.version, { stage_checklist: ['Согласовать бюджет', 'Подписать NDA'], stage: 'Предложение', stage_comment: 'Бюджет утверждён' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.data).toMatchObject({ stage: 'Предложение', stage_checklist: [], stage_comment: 'Бюджет утверждён' });
    // A comment written later is the current stage's; the next move without one leaves its entry without a comment.
    const later = (await patch(d.id, moved.body.data.version, { stage_comment: 'Ждём ответа' })).body.data;
    const won = (await patch(d.id, later.version, { status: 'won' })).body.data;
    expect(won.stage_comment).toBeNull();
    const h = (await sales1.get(`/api/v1/records/deals/${d.id}/stage_history`)).body.data;
    expect(h.map((x: any) => [x.stage, x.comment, x.user_id === t.users.sales1])).toEqual([['Бриф', null, true], ['Предложение', 'Ждём ответа', true], ['closed_won', null, true]]);
  });

  it('items ticked as a deal is made are its first stage\'s; another kind empties them; a resent comment is not the next move\'s', async () => {
    const kind = (await admin.post('/api/v1/records/deal_kinds', { name: 'Проект-2', mode: 'process', stages: [{ name: 'Бриф', checklist: ['NDA'] }, { name: 'Оферта' }] })).body.data;
    let d = (await deal({ deal_kind_id: kind.id, stage_checklist: ['NDA'], stage_comment: 'Первый контакт' })).body.data;
    expect(d).toMatchObject({ stage: 'Бриф', stage_checklist: ['NDA'] });
    // A writer sending the whole deal back with the move resends the last comment: the new entry gets none.
    d = (await patch(d.id, d.version, { stage: 'Оферта', stage_comment: 'Первый контакт' })).body.data;
    expect(d.stage_comment).toBeNull();
    const h = (await sales1.get(`/api/v1/records/deals/${d.id}/stage_history`)).body.data;
    expect(h.map((x: any) => [x.stage, x.comment])).toEqual([['Бриф', 'Первый контакт'], ['Оферта', null]]);
    // Ticked under one kind, the same stage name under another: the other kind's list starts undone.
    const manual = (await admin.post('/api/v1/records/deal_kinds', { name: 'Свободный', mode: 'manual', stages: [{ name: 'Бриф', checklist: ['NDA'] }] })).body.data;
    const again = (await deal({ deal_kind_id: kind.id, stage_checklist: ['NDA'] })).body.data;
    const other = (await patch(again.id, again.version, { deal_kind_id: manual.id })).body.data;
    expect(other).toMatchObject({ stage: 'Бриф', stage_checklist: [] });
    // The same when a writer sends the whole deal back, old ticks included.
    const resent = (await deal({ deal_kind_id: kind.id, stage_checklist: ['NDA'] })).body.data;
    const moved = await patch(resent.id, resent.version, { deal_kind_id: manual.id, stage_checklist: ['NDA'] });
    expect(moved.body.data).toMatchObject({ stage: 'Бриф', stage_checklist: [] });
  });

  it('a kind without stages: only open, won or lost', async () => {
    const d = (await deal({ deal_kind_id: noneKind })).body.data;
    expect(d).toMatchObject({ stage: null, status: 'open' });
    expect((await patch(d.id, d.version, { stage: 'qualification' })).status).toBe(400);
    expect((await patch(d.id, d.version, { status: 'won' })).body.data).toMatchObject({ status: 'won', stage: 'closed_won' });
  });
});
