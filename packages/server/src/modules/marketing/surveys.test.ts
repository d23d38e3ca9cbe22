import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { startSmtp, type TestSmtp } from '../../testing/smtp.js';
import { aggregate, checkAnswers, nps, shownQuestions } from './survey-answers.js';
import { checkQuestions, checkRules } from './survey-design.js';
import { surveyPage } from './survey-page.js';
import { invite } from './invitations.js';
import { resolveAudience } from './mailing-audience.js';
import { contextFor } from '../../engine/system-context.js';
import { salesProfile } from '../../testing/sales-profile.js';

const QUESTIONS = [
  { key: 'score', type: 'scale', text: { en: 'How likely are you to recommend us?', ru: 'Насколько вероятно, что вы порекомендуете нас?' }, required: true },
  { key: 'why', type: 'text', text: 'What should we improve?', show_if: { question: 'score', op: 'lte', value: 6 } },
  { key: 'channel', type: 'single', text: 'How did you order?', options: [{ value: 'web', label: { en: 'Website', ru: 'Сайт' } }, 'phone'] },
  { key: 'liked', type: 'multiple', text: 'What did you like?', options: ['price', 'speed', 'support'] },
];
const RULES = [{ question: 'score', op: 'lte', value: 6, action: 'open_claim', claim_type: 'service' }];

describe('survey design and answers (pure)', () => {
  const qs = checkQuestions(QUESTIONS);
  it('normalises questions and refuses bad ones at their path', () => {
    expect(qs[2].options).toEqual([{ value: 'web', label: { en: 'Website', ru: 'Сайт' } }, { value: 'phone', label: 'phone' }]);
    const at = (q: unknown, rules?: unknown) => { try { checkRules(rules, checkQuestions(q), ['service']); return null; } catch (e: any) { return Object.keys(e.fields)[0]; } };
    expect(at([{ key: 'a', type: 'single', text: 'x', options: ['one'] }])).toBe('questions[0].options');
    expect(at([{ key: 'a', type: 'scale', text: 'x' }, { key: 'a', type: 'text', text: 'y' }])).toBe('questions[1].key');
    expect(at([{ key: 'b', type: 'text', text: 'y', show_if: { question: 'a', op: 'eq', value: 1 } }, { key: 'a', type: 'scale', text: 'x' }])).toBe('questions[0].show_if.question');
    expect(at([{ key: 'a', type: 'scale', text: 'x' }], [{ question: 'a', op: 'lte', value: 11, action: 'open_claim' }])).toBe('rules[0].value');
    expect(at([{ key: 'a', type: 'scale', text: 'x' }], [{ question: 'a', op: 'lte', value: 6, action: 'open_claim', claim_type: 'nope' }])).toBe('rules[0].claim_type');
    expect(at([{ key: 'a', type: 'scale', text: { fr: 'x' } }])).toBe('questions[0].text');
  });
  it('shows a conditional question only after a matching answer, and checks each answer', () => {
    expect(shownQuestions(qs, { score: 9 }).map((q) => q.key)).toEqual(['score', 'channel', 'liked']);
    expect(shownQuestions(qs, { score: 3 }).map((q) => q.key)).toEqual(['score', 'why', 'channel', 'liked']);
    expect(checkAnswers(qs, { score: '10', why: 'ignored: not shown', channel: 'web', liked: ['price', 'price'] }))
      .toEqual({ answers: { score: 10, channel: 'web', liked: ['price'] }, problems: {} });
    expect(checkAnswers(qs, { score: 11, channel: 'fax', liked: ['cost'] }).problems).toEqual({ score: 'scale', channel: 'option', liked: 'option' });
    expect(checkAnswers(qs, {}).problems).toEqual({ score: 'required' });
  });
  it('aggregates exactly, with NPS of a 1–10 scale', () => {
    expect(nps([10, 9, 8, 7, 6, 1])).toEqual({ promoters: 2, passives: 2, detractors: 2, score: 0 });
    expect(nps([10, 10, 9])?.score).toBe(100);
    expect(nps([9, 3, 7])?.score).toBe(0);
    expect(nps([9, 9, 3])?.score).toBe(33);
    expect(nps([])).toBeNull();
    const r = aggregate(qs, [{ score: 10, channel: 'web' }, { score: 6, why: 'Slow', channel: 'phone' }, { score: 9, channel: 'web', liked: ['price', 'speed'] }], 'ru');
    expect(r[0]).toMatchObject({ text: 'Насколько вероятно, что вы порекомендуете нас?', answered: 3, average: '8.33', nps: { promoters: 2, detractors: 1, passives: 0, score: 33 } });
    expect(r[0].distribution).toMatchObject({ 6: 1, 9: 1, 10: 1, 1: 0 });
    expect(r[1].texts).toEqual(['Slow']);
    expect(r[2].options).toEqual([{ value: 'web', label: 'Сайт', count: 2, percent: '66.7' }, { value: 'phone', label: 'phone', count: 1, percent: '33.3' }]);
    expect(r[3].options?.map((o) => [o.value, o.count])).toEqual([['price', 1], ['speed', 1], ['support', 0]]);
  });
  it('escapes option values for the CSS that shows a conditional question', () => {
    const q = checkQuestions([{ key: 'a', type: 'single', text: 'A', options: [`Don't "know" </style>`, 'b'] }, { key: 'b', type: 'text', text: 'B', show_if: { question: 'a', op: 'eq', value: `Don't "know" </style>` } }]);
    const html = surveyPage({ name: 'x', intro: null, questions: q, lang: 'en', action: '/s/x' });
    expect(html).toContain(`form:has(input[name="a"][value="Don't \\"know\\" \\3c /style\\3e "]:checked) .q-b`);
    expect(html.match(/<\/style>/g)).toHaveLength(1);
    expect(() => checkQuestions([{ key: 'constructor', type: 'text', text: 'x' }])).toThrow();
  });

  it('renders the page with the conditional question hidden until a low score is picked', () => {
    const html = surveyPage({ name: 'NPS <2026>', intro: null, questions: qs, lang: 'en', action: '/s/x' });
    expect(html).toContain('NPS &lt;2026&gt;');
    expect(html).toContain('.q-why{display:none}');
    expect(html).toContain('form:has(input[name="score"][value="6"]:checked) .q-why');
    expect(html).not.toContain('form:has(input[name="score"][value="7"]:checked) .q-why');
  });
});

let t: TestApp;
let smtp: TestSmtp;
let admin: Client, sales1: Client, marketing: Client;
beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp();
  [admin, sales1, marketing] = await Promise.all(['admin', 'sales1', 'marketing'].map((u) => t.login(u)));
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const tokenOf = async (surveyId: string, contactId: string) => (await sql<{ token: string }>`select token from invitations where kind = 'survey' and parent_id = ${surveyId} and record_id = ${contactId}`.execute(t.app.database.db)).rows[0]?.token;
const answer = (token: string, answers: unknown, lang = 'en') => t.server.inject({ method: 'POST', url: `/s/${token}?lang=${lang}`, payload: { answers } });

describe('surveys through the API and the public link', () => {
  it('an audience larger than one send says so, and each further send invites the next ones, never the same twice', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await admin.post('/api/v1/records/contacts', { last_name: `Many ${i}`, email: `many${i}@survey.example` })).body.data.id);
    const survey = (await marketing.post('/api/v1/records/surveys', { name: 'Large audience', language: 'en', questions: QUESTIONS, valid_days: 14 })).body.data;
    const ctx = await contextFor(t.app, t.users.admin);
    const send = () => invite(ctx, 'survey', survey.id, { ids }, { language: 'en', expiresAt: null, limit: 2 });
    expect(await send()).toMatchObject({ invited: 2, already: 0, more: true });
    expect(await send()).toMatchObject({ invited: 2, already: 0, more: true });
    expect(await send()).toMatchObject({ invited: 1, already: 1, more: false });
    const invited = await sql<{ n: number }>`select count(distinct record_id)::int as n from invitations where parent_id = ${survey.id}`.execute(t.app.database.db);
    expect(invited.rows[0].n).toBe(5);
    // A mailing's audience over its limit is reported, never cut silently.
    expect((await resolveAudience(ctx, { ids }, 'email', 4)).counts.more).toBe(true);
    expect((await resolveAudience(ctx, { ids }, 'email', 5)).counts.more).toBe(false);
  });

  it('invites by e-mail, takes one answer per link, opens a claim for the account owner on a low score, and aggregates', async () => {
    const account = (await sales1.post('/api/v1/records/accounts', { name: 'Survey customer' })).body.data.id;
    const unhappy = (await sales1.post('/api/v1/records/contacts', { first_name: 'Ann', last_name: 'Unhappy', email: 'ann@survey.example', account_id: account })).body.data.id;
    const happy = (await sales1.post('/api/v1/records/contacts', { first_name: 'Bob', last_name: 'Happy', email: 'bob@survey.example' })).body.data.id;
    const optedOut = (await sales1.post('/api/v1/records/contacts', { last_name: 'Quiet', email: 'quiet@survey.example', email_opt_out: true })).body.data.id;
    const created = await marketing.post('/api/v1/records/surveys', { name: 'After-sale NPS', language: 'en', questions: QUESTIONS, rules: RULES, valid_days: 14 });
    expect(created.status, created.raw).toBe(201);
    const survey = created.body.data;
    const sent = await admin.post(`/api/v1/records/surveys/${survey.id}/actions/send`, { contact_ids: [unhappy, happy, optedOut] });
    expect(sent.status, sent.raw).toBe(200);
    expect(sent.body.data).toMatchObject({ invited: 2, skipped: 1 });
    // A second send to the same people invites nobody twice.
    expect((await admin.post(`/api/v1/records/surveys/${survey.id}/actions/send`, { contact_ids: [unhappy] })).body.data).toMatchObject({ invited: 0, already: 1 });
    expect(sent.body.data.more).toBe(false);
    // Someone who opts out between the invitation and its sending is not sent to.
    const late = (await sales1.post('/api/v1/records/contacts', { last_name: 'Late', email: 'late@survey.example' })).body.data.id;
    expect((await admin.post(`/api/v1/records/surveys/${survey.id}/actions/send`, { contact_ids: [late] })).body.data).toMatchObject({ invited: 1 });
    expect((await sales1.patch(`/api/v1/records/contacts/${late}`, { email_opt_out: true })).status).toBe(200);
    await t.runJobs();
    expect(smtp.inbox.some((m) => JSON.stringify(m.to).includes('late@survey.example'))).toBe(false);
    expect((await sql<{ error: string }>`select error from invitations where record_id = ${late}`.execute(t.app.database.db)).rows).toEqual([{ error: 'opted out' }]);
    const mail = smtp.inbox.find((m) => m.to && JSON.stringify(m.to).includes('ann@survey.example'));
    expect(mail?.subject).toContain('After-sale NPS');
    const token = await tokenOf(survey.id, unhappy);
    expect(mail?.text).toContain(`/s/${token}`);
    expect((await marketing.get(`/api/v1/records/surveys/${survey.id}`)).body.data).toMatchObject({ status: 'active', sent_count: 3 }); // invitations made

    // The public page, then a bad answer (in the respondent's language), then the answer — once.
    const page = await t.server.inject({ method: 'GET', url: `/s/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('How likely are you to recommend us?');
    const bad = await answer(token, { score: 42 }, 'ru');
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).error.fields['answers.score']).toBe('Выберите оценку от 1 до 10');
    const ok = await answer(token, { score: 4, why: 'Late delivery twice', channel: 'web' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await answer(token, { score: 10 })).statusCode).toBe(409);
    expect((await t.server.inject({ method: 'GET', url: `/s/${token}` })).statusCode).toBe(409);

    // The claim: for the account's owner, with the answers; the response links it.
    const responseId = JSON.parse(ok.body).data.response_id;
    const response = (await sales1.get(`/api/v1/records/survey_responses/${responseId}`)).body.data;
    // The answer is private like the contact: its owner's branch reads it, the survey's author does not.
    expect((await marketing.get(`/api/v1/records/survey_responses/${responseId}`)).status).toBe(404);
    expect(response).toMatchObject({ survey_id: survey.id, contact_id: unhappy, account_id: account, score: 4, answers: { score: 4, why: 'Late delivery twice', channel: 'web' } });
    const claim = (await sales1.get(`/api/v1/records/claims/${response.claim_id}`)).body.data;
    expect(claim).toMatchObject({ account_id: account, contact_id: unhappy, claim_type: 'service', reason: 'survey', status: 'registered', assigned_to: t.users.sales1 });
    expect(claim.description).toContain('Late delivery twice');

    // A happy answer opens nothing; the results count both.
    const happyOk = await answer(await tokenOf(survey.id, happy), { score: 10, channel: 'phone', liked: ['speed'] });
    expect(happyOk.statusCode).toBe(201);
    expect((await sales1.get(`/api/v1/records/survey_responses/${JSON.parse(happyOk.body).data.response_id}`)).body.data.claim_id).toBeNull();
    // The survey's author counts every answer; the texts are only those of answers the reader may see.
    const results = (await marketing.get(`/api/v1/surveys/${survey.id}/results`)).body.data;
    expect(results).toMatchObject({ invited: 3, responses: 2 });
    expect(results.questions[0]).toMatchObject({ key: 'score', average: '7.00', nps: { promoters: 1, detractors: 1, score: 0 } });
    expect(results.questions[1].texts).toEqual([]);
    // Who may only see the survey counts the answers they may read: sales1 both (their contacts'), another rep none.
    const theirs = (await sales1.get(`/api/v1/surveys/${survey.id}/results`)).body.data;
    expect(theirs).toMatchObject({ responses: 2 });
    expect(theirs.questions[1].texts).toEqual(['Late delivery twice']);
    const other = await t.login('sales2');
    const none = await other.get(`/api/v1/surveys/${survey.id}/results`);
    expect(none.status).toBe(200);
    expect(none.body.data).toMatchObject({ responses: 0 });
    expect(none.body.data.questions[0]).toMatchObject({ average: null });
    // Nor to a reader whose field rules hide the answers.
    const profile = await salesProfile(admin);
    expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { survey_responses: { answers: 'hidden' } } })).status).toBe(200);
    try {
      const hidden = (await sales1.get(`/api/v1/surveys/${survey.id}/results`)).body.data;
      expect(hidden.questions[1].texts).toEqual([]);
      expect(hidden).toMatchObject({ responses: 0 });
    } finally {
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: {} })).status).toBe(200);
    }
    // Only who may edit the survey sends it.
    expect((await sales1.post(`/api/v1/records/surveys/${survey.id}/actions/send`, { contact_ids: [happy] })).status).toBe(403);
    expect((await marketing.get(`/api/v1/records/surveys/${survey.id}`)).body.data.response_count).toBe(2);
  });

  it('an invitation goes out once even when the job that sends it does not commit the first time', async () => {
    const c = (await sales1.post('/api/v1/records/contacts', { last_name: 'Once', email: 'once@survey.example' })).body.data.id;
    const survey = (await marketing.post('/api/v1/records/surveys', { name: 'Once only', language: 'en', questions: QUESTIONS, valid_days: 14 })).body.data;
    expect((await admin.post(`/api/v1/records/surveys/${survey.id}/actions/send`, { contact_ids: [c] })).body.data).toMatchObject({ invited: 1 });
    const { jobHandlers } = await import('../../job-handlers.js');
    const send = jobHandlers(t.app).invitations_send;
    const before = smtp.inbox.length;
    // The job runs, then its transaction fails to commit (a lost connection): nothing may have gone out.
    await t.app.database.db.transaction().execute(async (trx) => {
      await send(trx, { kind: 'survey', parent_id: survey.id }, { attempt: 1, alone: true, last: true } as never);
      throw new Error('the commit is lost');
    }).catch(() => undefined);
    expect(smtp.inbox.length).toBe(before);
    await t.runJobs();
    await expect.poll(() => smtp.inbox.slice(before).filter((m) => JSON.stringify(m.to).includes('once@survey.example')).length).toBe(1);
    await t.runJobs();
    expect(smtp.inbox.slice(before).filter((m) => JSON.stringify(m.to).includes('once@survey.example'))).toHaveLength(1);
  });

  it('refuses expired and unknown links, and a closed survey', async () => {
    const contact = (await sales1.post('/api/v1/records/contacts', { last_name: 'Late', email: 'late@survey.example' })).body.data.id;
    const survey = (await marketing.post('/api/v1/records/surveys', { name: 'Short', questions: [{ key: 'ok', type: 'single', text: 'OK?', options: ['yes', 'no'], required: true }] })).body.data;
    await admin.post(`/api/v1/records/surveys/${survey.id}/actions/send`, { contact_ids: [contact] });
    const token = await tokenOf(survey.id, contact);
    await sql`update invitations set expires_at = now() - interval '1 minute' where token = ${token}`.execute(t.app.database.db);
    expect((await answer(token, { ok: 'yes' })).statusCode).toBe(410);
    expect((await answer('0'.repeat(64), { ok: 'yes' })).statusCode).toBe(404);
    expect((await t.server.inject({ method: 'GET', url: '/s/not-a-token' })).statusCode).toBe(404);
    await marketing.patch(`/api/v1/records/surveys/${survey.id}`, { status: 'closed' });
    expect((await admin.post(`/api/v1/records/surveys/${survey.id}/actions/send`, { contact_ids: [contact] })).status).toBe(400);
  });

  it('takes a plain form post from the page, and creates a task when a rule says so', async () => {
    const contact = (await sales1.post('/api/v1/records/contacts', { last_name: 'Former', email: 'form@survey.example' })).body.data.id;
    const survey = (await marketing.post('/api/v1/records/surveys', { name: 'Call-back', questions: [{ key: 'call', type: 'single', text: 'Call you?', options: ['yes', 'no'] }, { key: 'topics', type: 'multiple', text: 'Topics', options: ['a', 'b'] }],
      rules: [{ question: 'call', op: 'eq', value: 'yes', action: 'create_task' }] })).body.data;
    await admin.post(`/api/v1/records/surveys/${survey.id}/actions/send`, { contact_ids: [contact] });
    const token = await tokenOf(survey.id, contact);
    const r = await t.server.inject({ method: 'POST', url: `/s/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'call=yes&topics=a&topics=b' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Thank you');
    const resp = (await sql<{ task_id: string; answers: unknown }>`select task_id::text, answers from survey_responses where survey_id = ${survey.id}`.execute(t.app.database.db)).rows[0];
    expect(resp.answers).toEqual({ call: 'yes', topics: ['a', 'b'] });
    const task = (await sales1.get(`/api/v1/records/tasks/${resp.task_id}`)).body.data;
    expect(task).toMatchObject({ related_to: contact, assigned_to: t.users.sales1 });
  });
});
