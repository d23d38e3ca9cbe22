import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { apiAs, choose, lastMailTo, loginAs, uniq } from './helpers';

/** A page of "another site": a server on its own port serving whatever HTML the test gives it. */
async function otherSite(html: () => string): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html()));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { origin: `http://localhost:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

test('an administrator designs a web form, a visitor sends it from another site, and the lead arrives with its source', async ({ page, request, browser }) => {
  test.setTimeout(180_000);
  const tag = uniq();
  let snippet = '';
  const site = await otherSite(() => `<!doctype html><html><head><meta charset="utf-8"><title>Expo ${tag}</title></head><body><h1>Our stand</h1>${snippet}</body></html>`);
  try {
    await loginAs(page, 'admin', { path: '/web_forms/new' });
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`Expo form ${tag}`);
    for (const f of ['First name', 'Last name', 'E-mail', 'Company']) await choose(page, 'Add a field…', f, f);
    await page.getByTestId('form-field-email').getByRole('checkbox', { name: 'Required' }).check();
    await page.getByTestId('form-field-last_name').getByRole('textbox', { name: 'Label ru' }).fill('Фамилия');
    await page.getByTestId('form-field-last_name').getByRole('textbox', { name: 'Label en' }).fill('Surname');
    // The form as visitors will see it, while it is designed.
    await expect(page.getByRole('region', { name: 'Preview' }).getByRole('textbox', { name: 'Surname' })).toBeVisible();
    await page.getByTestId('form-field-last_name').getByRole('textbox', { name: 'Label en' }).fill('');
    await choose(page, 'Add a hidden value…', 'Lead source', 'Lead source');
    await choose(page, 'Lead source', 'Trade show');
    await page.getByRole('textbox', { name: 'Allowed sites' }).fill(site.origin);
    await page.getByRole('textbox', { name: 'Minimum fill time, s' }).fill('1');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Expo form ${tag}` })).toBeVisible();

    // The preview shows the hosted page; the code to paste is beside it.
    await expect(page.frameLocator('iframe[title="Preview"]').getByRole('button', { name: 'Send' })).toBeVisible();
    snippet = await page.getByRole('textbox', { name: 'Code for your site' }).inputValue();
    expect(snippet).toContain('data-karta-form');

    // A visitor on the other site (another origin) fills it in and sends it without leaving the page.
    const visitor = await browser.newPage();
    await visitor.goto(`${site.origin}/stand?utm_source=expo&utm_campaign=${tag}`);
    await visitor.getByRole('textbox', { name: 'First name' }).fill('Ирина');
    await visitor.getByRole('textbox', { name: 'Last name' }).fill(`Посетитель ${tag}`);
    await visitor.getByRole('textbox', { name: 'E-mail' }).fill(`visitor-${tag}@example.com`);
    await visitor.getByRole('textbox', { name: 'Company' }).fill(`Expo LLC ${tag}`);
    await visitor.waitForTimeout(1200); // a person takes at least the minimum fill time
    await visitor.getByRole('button', { name: 'Send' }).click();
    await expect(visitor.getByText('Thank you! We have received your message.')).toBeVisible();
    expect(visitor.url()).toContain(site.origin);
    await visitor.close();

    // The lead is in Karta with the hidden source and the visit's UTM campaign.
    const admin = await apiAs(request, 'admin');
    const found = await request.post('/api/v1/records/leads/query', { data: { where: { field: 'email', op: 'eq', value: `visitor-${tag}@example.com` } }, headers: admin.headers });
    const [lead] = (await found.json()).data;
    expect(lead).toMatchObject({ lead_source: 'trade_show', utm_source: 'expo', utm_campaign: tag, first_name: 'Ирина' });
    await page.goto(`/leads/${lead.id}`);
    await expect(page.getByRole('heading', { level: 1, name: `Ирина Посетитель ${tag}` })).toBeVisible();
    await expect(page.getByText('Trade show')).toBeVisible();

    // The form counts what came in.
    await page.goBack();
    await expect(page.getByTestId('form-accepted')).toHaveText('1');
  } finally {
    await site.close();
  }
});

test("a marketer sends a mailing to a campaign's members and watches it go out; the results count them", async ({ page, request }) => {
  test.setTimeout(180_000);
  const tag = uniq();
  const admin = await apiAs(request, 'admin');
  const campaign = await admin.create('campaigns', { name: `Webinar ${tag}`, actual_cost: '300.00' });
  const emails = [0, 1, 2].map((i) => `member${i}-${tag}@example.com`);
  for (const [i, email] of emails.entries()) {
    const c = await admin.create('contacts', { first_name: `Member${i}`, last_name: tag, email });
    const r = await request.post(`/api/v1/records/campaigns/${campaign.id}/related/contacts`, { data: { id: c.id }, headers: admin.headers });
    expect(r.status(), await r.text()).toBeLessThan(300);
  }
  await admin.create('email_templates', { name: `Invitation ${tag}`, subject: `Join us, {{first_name}} ${tag}`, body_html: '<p>See you at the webinar.</p>' });

  await loginAs(page, 'admin', { path: `/campaigns/${campaign.id}` });
  await expect(page.getByTestId('campaign-members')).toHaveText('3');
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Send a mailing to the members' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New mailing' })).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await choose(page, 'E-mail template', `Invitation ${tag}`, `Invitation ${tag}`);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('textbox', { name: 'Mailing name' }).fill(`Invitations ${tag}`);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByTestId('review-recipients')).toHaveText('3');
  // The first send's answer is lost: trying again sends the mailing made then, not a second one.
  let lost = false;
  await page.route('**/actions/send', async (route) => {
    if (lost) return route.continue();
    lost = true;
    await route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'UNAVAILABLE', message: 'Try again' } }) });
  });
  await page.getByRole('button', { name: 'Create and send' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Try again' })).toBeVisible();
  await page.getByRole('button', { name: 'Create and send' }).click();

  // The mailing's page follows it until every message is out.
  await expect(page.getByRole('heading', { level: 1, name: `Invitations ${tag}` })).toBeVisible();
  await expect(page.getByTestId('mailing-status')).toHaveText('Completed', { timeout: 30_000 });
  await expect(page.getByTestId('count-sent')).toHaveText('3');
  await expect(page.getByRole('table', { name: 'Recipients' }).getByText(emails[1])).toBeVisible();
  const mail = await lastMailTo(emails[1]);
  expect(mail.subject).toBe(`Join us, Member1 ${tag}`);

  // The campaign's results count them as sent.
  await page.goto(`/campaigns/${campaign.id}`);
  await expect(page.getByTestId('members-sent')).toHaveText('3');
  const made = await (await request.get(`/api/v1/records/mailings?q=${encodeURIComponent(`Invitations ${tag}`)}`, { headers: admin.headers })).json();
  expect(made.data).toHaveLength(1);
});

test('a marketer builds a dynamic segment, sees how many it selects while typing the rule, and finds its members', async ({ page, request }) => {
  test.setTimeout(180_000);
  const tag = uniq();
  const admin = await apiAs(request, 'admin');
  const accounts = [];
  for (const i of [1, 2, 3]) accounts.push(await admin.create('accounts', { name: `Сегмент ${tag} ${i}` }));
  await admin.create('invoices', { subject: `Recent ${tag}`, account_id: accounts[0].id, invoice_date: new Date().toISOString().slice(0, 10), currency: 'RUB', lines: [] });
  await loginAs(page, 'admin', { path: '/segments/new' });
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`Passive ${tag}`);
  // The rule in the builder: the account's name, and no invoice in the last 90 days (a condition on related records).
  await page.getByRole('button', { name: 'Add condition' }).click();
  await choose(page, 'Field', 'Account name', 'Account name');
  await choose(page, 'Operator', 'starts with');
  await page.getByRole('textbox', { name: 'Value of Account name' }).fill(`Сегмент ${tag}`);
  await expect(page.getByTestId('rule-count')).toHaveText('Selects 3 records now');
  await page.getByRole('button', { name: 'Add a condition on related records' }).click();
  const related = page.getByRole('group', { name: 'Condition on related records' });
  await choose(page, 'Related records', 'Invoices');
  await related.getByRole('button', { name: 'Add condition' }).click();
  await related.getByRole('combobox', { name: 'Field', exact: true }).click();
  await related.getByRole('combobox', { name: 'Field', exact: true }).fill('Invoice date');
  await page.getByRole('option', { name: 'Invoice date' }).first().click();
  await related.getByRole('combobox', { name: 'Operator' }).last().click();
  await page.getByRole('option', { name: 'in the last … days' }).click();
  await related.getByRole('textbox', { name: 'Value of Invoice date' }).fill('90');
  // The one that bought recently leaves the count; the JSON view shows the same rule.
  await expect(page.getByTestId('rule-count')).toHaveText('Selects 2 records now');
  await page.locator('label', { hasText: /^JSON$/ }).click();
  await expect(page.getByRole('textbox', { name: 'Rule' })).toHaveValue(/"related": "invoices"/);
  await page.locator('label', { hasText: /^Builder$/ }).click();
  await expect(page.getByTestId('rule-count')).toHaveText('Selects 2 records now');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Passive ${tag}` })).toBeVisible();
  // Computed on the job queue at once (or by hand).
  // A reload on a loaded CI machine can itself take seconds: each try waits long enough for the page to render.
  // When other journeys keep the one PGlite job worker busy, the marketer presses Recompute, as a user would.
  const members = page.getByTestId('segment-count');
  await expect(async () => {
    await page.reload();
    await expect(members).toHaveText('2 members', { timeout: 8_000 });
  }).toPass({ timeout: 40_000 }).catch(async () => {
    await page.getByRole('button', { name: 'Recompute now' }).click();
    await expect(members).toHaveText('2 members');
  });
  await expect(page.getByRole('table', { name: 'Members' }).getByRole('link', { name: `Сегмент ${tag} 2` })).toBeVisible();
});

test('a rule pasted as JSON is saved by a Save straight after; text that is not JSON is refused, not swapped for the old rule', async ({ page }) => {
  const tag = uniq();
  await loginAs(page, 'admin', { path: '/segments/new' });
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`Pasted ${tag}`);
  await page.locator('label', { hasText: /^JSON$/ }).click();
  const rule = { field: 'name', op: 'starts_with', value: `Pasted ${tag}` };
  await page.getByRole('textbox', { name: 'Rule' }).fill(JSON.stringify(rule));
  await page.keyboard.press('Control+s');
  await expect(page.getByRole('heading', { level: 1, name: `Pasted ${tag}` })).toBeVisible();
  const id = page.url().split('/segments/')[1];
  const saved = async () => (await (await page.request.get(`/api/v1/records/segments/${id}`)).json()).data;
  expect((await saved()).rule).toEqual(rule);

  await page.goto(`/segments/${id}/edit`);
  await page.locator('label', { hasText: /^JSON$/ }).click();
  await page.getByRole('textbox', { name: 'Rule' }).fill('{"field": "name", "op": ');
  await page.keyboard.press('Control+s');
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page).toHaveURL(/\/edit$/);
  expect((await saved()).rule).toEqual(rule);
});

test('a marketer builds a survey and sends it; a customer answers by the link and the low score opens a claim for their account owner', async ({ page, request, browser }) => {
  test.setTimeout(180_000);
  const tag = uniq();
  const admin = await apiAs(request, 'admin');
  const account = await admin.create('accounts', { name: `Survey client ${tag}` });
  const email = `nps-${tag}@example.com`;
  const contact = await admin.create('contacts', { first_name: 'Nina', last_name: `Survey${tag}`, email, account_id: account.id });
  const segment = await admin.create('segments', { name: `NPS panel ${tag}`, module: 'contacts', kind: 'static' });
  const added = await request.post(`/api/v1/records/segments/${segment.id}/actions/add_members`, { data: { ids: [contact.id] }, headers: admin.headers });
  expect(added.status(), await added.text()).toBe(200);

  // The survey: one score question, and a rule that a score of 6 or less opens a claim.
  await loginAs(page, 'admin', { path: '/surveys/new' });
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`After-sale ${tag}`);
  await page.getByRole('button', { name: 'Add a question' }).click();
  await page.getByTestId('question-0').getByRole('textbox', { name: 'Question EN' }).fill('How likely are you to recommend us?');
  await page.getByTestId('question-0').getByRole('textbox', { name: 'Question RU' }).fill('Насколько вероятно, что вы порекомендуете нас?');
  await page.getByRole('button', { name: 'Add a rule' }).click();
  await expect(page.getByTestId('rule-0').getByRole('combobox', { name: 'Then' })).toHaveValue('open a claim');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `After-sale ${tag}` })).toBeVisible();

  await page.getByRole('button', { name: 'Send the survey' }).click();
  await choose(page, 'To the members of a segment', new RegExp(`NPS panel ${tag}`), `NPS panel ${tag}`);
  await page.getByRole('dialog').getByRole('button', { name: 'Send the survey' }).click();
  await expect(page.getByText(/^Invited 1;/)).toBeVisible();

  // The customer opens the personal link from the e-mail, in a browser that is not signed in, and answers.
  const mail = await lastMailTo(email, 30_000);
  const link = /https?:\/\/\S+\/s\/[0-9a-f]{64}/.exec(mail.text)?.[0];
  expect(link).toBeTruthy();
  const customer = await (await browser.newContext()).newPage();
  await customer.goto(link!);
  await expect(customer.getByRole('group', { name: 'How likely are you to recommend us?' })).toBeVisible();
  await customer.getByRole('radio', { name: '3', exact: true }).check();
  await customer.getByRole('button', { name: 'Send answers' }).click();
  await expect(customer.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
  await customer.goto(link!);
  await expect(customer.getByText('This survey has already been answered through this link.')).toBeVisible();
  await customer.context().close();

  // The results count it; the claim waits on the account's page.
  await page.reload();
  await expect(page.getByTestId('survey-responses')).toHaveText('1');
  await expect(page.getByTestId('nps-q1')).toHaveText('NPS -100');
  await page.goto(`/accounts/${account.id}`);
  await page.getByRole('tab', { name: 'Related' }).click();
  await page.getByRole('button', { name: 'Claims' }).click();
  await page.getByRole('table', { name: 'Claims' }).getByRole('row', { name: new RegExp(`After-sale ${tag}`) }).getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`After-sale ${tag}`) })).toBeVisible();
  await expect(page.getByText('How likely are you to recommend us?: 3')).toBeVisible();
});
