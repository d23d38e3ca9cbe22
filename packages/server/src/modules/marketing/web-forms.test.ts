import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { signingKey } from '../../platform/signing.js';
import { checkFillToken, fillToken, FORM_LIMITS, withoutRemovedChoices } from './web-form-submit.js';

let t: TestApp;
let admin: Client, sales1: Client;
let form: Record<string, any>;
let campaignId: string;
const SITE = 'https://shop.example.com';

beforeAll(async () => {
  t = await createTestApp();
  [admin, sales1] = await Promise.all([t.login('admin'), t.login('sales1')]);
  campaignId = (await admin.post('/api/v1/records/campaigns', { name: 'Spring webinar' })).body.data.id;
  const r = await admin.post('/api/v1/records/web_forms', {
    name: 'Contact us', module: 'leads',
    fields: [{ field: 'first_name' }, { field: 'last_name', label: { en: 'Surname', ru: 'Фамилия' } }, { field: 'email', required: true }, { field: 'company' }, { field: 'description' }],
    hidden: { campaign_id: campaignId, lead_source: 'web_site', assigned_to: t.users.sales1 },
    thank_you_message: 'Thanks, we will call you', allowed_origins: [`${SITE}/`], min_fill_seconds: 2,
  });
  expect(r.status, r.raw).toBe(201);
  form = r.body.data;
});
afterAll(() => t.close());
beforeEach(async () => {
  await sql`delete from web_form_submissions`.execute(t.app.database.db);
});

const db = () => t.app.database.db;
/** A token as if the form had been served `secondsAgo` ago. */
const token = async (secondsAgo = 5) => fillToken(await signingKey(db()), form.key, Date.now() - secondsAgo * 1000);
const submit = (body: unknown, headers: Record<string, string> = {}) =>
  t.server.inject({ method: 'POST', url: `/forms/${form.key}`, payload: body as any, headers: { 'content-type': 'application/json', ...headers } });
const outcomes = async () => (await sql<{ outcome: string }>`select outcome from web_form_submissions order by id`.execute(db())).rows.map((r) => r.outcome);
const leadsByEmail = async (email: string) => (await sql<Record<string, any>>`select * from leads where email = ${email} and deleted_at is null`.execute(db())).rows;

describe('a hidden value whose choice was removed since (pure)', () => {
  it('is left out of what the form writes; the rest stays', () => {
    const field = (name: string, type: string, values: string[]) => [name, { name, type, options: values.map((value) => ({ value, label: value })) }] as const;
    const m = { fieldMap: new Map([field('lead_source', 'picklist', ['web_form']), field('tags_x', 'multipicklist', ['a', 'b'])]) } as any;
    const hidden = { lead_source: 'web_site', tags_x: ['a', 'gone'], city: 'Пермь' };
    expect(withoutRemovedChoices(m, hidden, { ...hidden, email: 'x@y.z' })).toEqual({ tags_x: ['a'], city: 'Пермь', email: 'x@y.z' });
    expect(withoutRemovedChoices(m, { lead_source: 'web_form' }, { lead_source: 'web_form' })).toEqual({ lead_source: 'web_form' });
  });
});

describe('web form design', () => {
  it('gets a public key, normalised origins, and refuses fields a visitor cannot fill', async () => {
    expect(form.key).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(form.allowed_origins).toEqual([SITE]);
    const bad = await admin.post('/api/v1/records/web_forms', { name: 'x', fields: [{ field: 'converted' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields['fields[0]']).toMatch(/visitor can fill/);
    const badOrigin = await admin.post('/api/v1/records/web_forms', { name: 'x', fields: ['email'], allowed_origins: ['https://a.com/path'] });
    expect(badOrigin.body.error.fields['allowed_origins[0]']).toBeTruthy();
    const badHidden = await admin.post('/api/v1/records/web_forms', { name: 'x', fields: ['email'], hidden: { campaign_id: '0190aaaa-0000-7000-8000-000000000000' } });
    expect(badHidden.body.error.fields['hidden.campaign_id']).toBeTruthy();
    // The key is the form's own: not taken from a body.
    const keyed = await admin.patch(`/api/v1/records/web_forms/${form.id}`, { key: 'mine' });
    expect(keyed.status).toBe(400);
  });

  it('serves the hosted page in the visitor language with the fill-time token and the UTM parameters', async () => {
    const page = await t.server.inject({ method: 'GET', url: `/forms/${form.key}?lang=ru&utm_source=newsletter` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('Фамилия');
    expect(page.body).toContain('Отправить');
    expect(page.body).toContain('name="_ts"');
    expect(page.body).toContain('value="newsletter"');
    expect(page.body).not.toContain('campaign_id');
    const script = await t.server.inject({ method: 'GET', url: `/forms/${form.key}.js` });
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(script.body).toContain(form.key);
    const snippet = await admin.get(`/api/v1/web_forms/${form.id}/snippet?lang=zh`);
    expect(snippet.status).toBe(200);
    expect(snippet.body.data.html).toContain(`data-karta-form="${form.key}"`);
    expect(snippet.body.data.html).toContain('提交');
    expect(snippet.body.data.html).toContain(`/forms/${form.key}.js`);
    expect((await t.server.inject({ method: 'GET', url: '/forms/nosuchformkey1' })).statusCode).toBe(404);
  });
});

describe('a submission', () => {
  it('creates a lead with the hidden values the visitor cannot override, UTM, referrer and page, linked to the campaign', async () => {
    const r = await submit({
      _ts: await token(), first_name: 'Olga', last_name: 'Web', email: 'olga@web.example', company: 'Web LLC',
      campaign_id: null, assigned_to: t.users.admin, lead_source: 'cold_call', converted: true,
      utm_medium: 'email', _referrer: 'https://google.com/', _landing: `${SITE}/pricing?utm_source=newsletter&utm_campaign=spring`,
    }, { origin: SITE });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().data.message).toBe('Thanks, we will call you');
    expect(r.headers['access-control-allow-origin']).toBe(SITE);
    const [lead] = await leadsByEmail('olga@web.example');
    expect(lead.campaign_id).toBe(campaignId);
    expect(lead.assigned_to).toBe(t.users.sales1);
    expect(lead.lead_source).toBe('web_site');
    expect(lead.converted).toBe(false);
    expect(lead.utm_source).toBe('newsletter');
    expect(lead.utm_campaign).toBe('spring');
    expect(lead.utm_medium).toBe('email');
    expect(lead.referrer).toBe('https://google.com/');
    expect(lead.landing_page).toBe(`${SITE}/pricing?utm_source=newsletter&utm_campaign=spring`);
    expect(lead.web_form_id).toBe(form.id);
    // A campaign member that responded; the assignee is told; the lead is audited like any other.
    const members = await admin.get(`/api/v1/records/campaigns/${campaignId}/related/leads`);
    expect(members.body.data.map((m: any) => [m.id, m.link.status])).toContainEqual([lead.id, 'responded']);
    const notes = await sales1.get('/api/v1/notifications');
    expect(notes.body.data.some((n: any) => n.kind === 'web_form' && n.record?.id === lead.id)).toBe(true);
    const history = await sales1.get(`/api/v1/records/leads/${lead.id}/history`);
    expect(history.status).toBe(200);
    expect(await outcomes()).toEqual(['accepted']);
  });

  it('takes a plain form post and answers with the thank-you page; errors come back on the page in the visitor language', async () => {
    const body = new URLSearchParams({ _ts: await token(), _lang: 'uk', last_name: 'Post', company: 'Post Ltd', email: 'post@web.example' }).toString();
    const ok = await t.server.inject({ method: 'POST', url: `/forms/${form.key}`, payload: body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.body).toContain('Thanks, we will call you');
    expect(await leadsByEmail('post@web.example')).toHaveLength(1);
    const missing = new URLSearchParams({ _ts: await token(), _lang: 'uk', last_name: 'NoMail', company: 'Post Ltd' }).toString();
    const bad = await t.server.inject({ method: 'POST', url: `/forms/${form.key}`, payload: missing, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("обов&#39;язкове поле");
    expect(bad.body).toContain('value="NoMail"');
    expect(await outcomes()).toEqual(['accepted', 'invalid']);
  });

  it('refuses each spam rule, creates nothing and counts it', async () => {
    const email = 'spam@web.example';
    expect((await submit({ _ts: await token(), last_name: 'Bot', email, homepage: 'http://spam' })).statusCode).toBe(201); // the robot is not told
    const fast = await submit({ _ts: await token(0), last_name: 'Fast', email }, { 'accept-language': 'ru' });
    expect(fast.statusCode).toBe(400);
    expect(fast.json().error.message).toMatch(/слишком быстро/);
    expect((await submit({ last_name: 'NoToken', email })).statusCode).toBe(400);
    expect((await submit({ _ts: `${Date.now() - 60_000}.forgedsignature00000000`, last_name: 'Forged', email })).statusCode).toBe(400);
    const foreign = await submit({ _ts: await token(), last_name: 'Foreign', email }, { origin: 'https://evil.example' });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    // A sandboxed frame on any site sends `Origin: null`: no allowed site either.
    expect((await submit({ _ts: await token(), last_name: 'Sandboxed', email }, { origin: 'null' })).statusCode).toBe(403);
    const huge = await submit({ _ts: await token(), last_name: 'Huge', email, description: 'x'.repeat(1024 * 1024) });
    expect(huge.statusCode).toBe(413);
    expect(await leadsByEmail(email)).toHaveLength(0);
    expect(await outcomes()).toEqual(['honeypot', 'too_fast', 'too_fast', 'too_fast', 'origin', 'origin', 'too_large']);
    const stats = await admin.get(`/api/v1/web_forms/${form.id}/stats`);
    expect(stats.body.data).toMatchObject({ accepted: 0, rejected: 7, by_outcome: { too_fast: 3, honeypot: 1, origin: 2, too_large: 1 } });
  });

  it('limits submissions per address', async () => {
    const saved = { ...FORM_LIMITS };
    FORM_LIMITS.perAddress = 3;
    try {
      for (let i = 0; i < 3; i++) {
        const r = await submit({ _ts: await token(), last_name: `Rate${i}`, company: 'Rate', email: `rate${i}@web.example` });
        expect(r.statusCode, r.body).toBe(201);
      }
      const limited = await submit({ _ts: await token(), last_name: 'Rate3', company: 'Rate', email: 'rate3@web.example' });
      expect(limited.statusCode).toBe(429);
      expect(await leadsByEmail('rate3@web.example')).toHaveLength(0);
    } finally {
      Object.assign(FORM_LIMITS, saved);
    }
  });

  it('one visitor\'s refused posts do not shut the form for others, and a limited address is let in again', async () => {
    const saved = { ...FORM_LIMITS };
    FORM_LIMITS.perFormPerMinute = 2;
    FORM_LIMITS.perAddress = 2;
    try {
      const from = (ip: string, body: object) => t.server.inject({ method: 'POST', url: `/forms/${form.key}`, payload: body as any, remoteAddress: ip, headers: { 'content-type': 'application/json' } });
      for (let i = 0; i < 6; i++) expect((await from('6.6.6.6', { last_name: 'Flood', email: 'flood@web.example' })).statusCode).not.toBe(201);
      const before = (await sql<{ n: number }>`select count(*)::int as n from web_form_submissions where address = '6.6.6.6'`.execute(db())).rows[0].n;
      expect(before).toBe(2); // the two refusals before its limit; past it, nothing more is written
      const real = await from('1.2.3.4', { _ts: await token(), last_name: 'Real', company: 'Real', email: 'real@web.example' });
      expect(real.statusCode, real.body).toBe(201);
      // Its window passed, the limited address is let in again (its refusals past the limit did not keep it out).
      await sql`update web_form_submissions set at = at - make_interval(mins => ${FORM_LIMITS.addressWindowMinutes + 1}) where address = '6.6.6.6'`.execute(db());
      const back = await from('6.6.6.6', { _ts: await token(), last_name: 'Back', company: 'Back', email: 'back@web.example' });
      expect(back.statusCode, back.body).toBe(201);
    } finally {
      Object.assign(FORM_LIMITS, saved);
    }
  });

  it('answers the CORS preflight for allowed sites only', async () => {
    const ok = await t.server.inject({ method: 'OPTIONS', url: `/forms/${form.key}`, headers: { origin: SITE, 'access-control-request-method': 'POST' } });
    expect(ok.statusCode).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe(SITE);
    const no = await t.server.inject({ method: 'OPTIONS', url: `/forms/${form.key}`, headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(no.statusCode).toBe(403);
    expect(no.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('is refused once the form is switched off', async () => {
    const off = await admin.post('/api/v1/records/web_forms', { name: 'Off', fields: ['last_name'], active: false });
    const r = await t.server.inject({ method: 'POST', url: `/forms/${off.body.data.key}`, payload: { last_name: 'x' } });
    expect(r.statusCode).toBe(404);
  });
});

describe('the fill-time token', () => {
  it('is too fast under the minimum, expired after a day, forged when its signature does not match', () => {
    const key = Buffer.alloc(32, 7);
    const now = Date.now();
    expect(checkFillToken(key, 'k', fillToken(key, 'k', now - 3000), 2, now)).toBe('ok');
    expect(checkFillToken(key, 'k', fillToken(key, 'k', now - 1000), 2, now)).toBe('too_fast');
    expect(checkFillToken(key, 'k', fillToken(key, 'k', now - 25 * 3_600_000), 2, now)).toBe('expired');
    expect(checkFillToken(key, 'other', fillToken(key, 'k', now - 3000), 2, now)).toBe('too_fast');
    expect(checkFillToken(Buffer.alloc(32, 8), 'k', fillToken(key, 'k', now - 3000), 2, now)).toBe('too_fast');
  });
});
