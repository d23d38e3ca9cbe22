import { expect, test } from '@playwright/test';
import { apiAs, choose, loginAs, uniq } from './helpers';

test('convert a lead with the wizard into an account, a contact and a deal; the deal shows its stage history; lost asks for a reason', async ({ page, request }) => {
  const tag = uniq();
  const api = await apiAs(request, 'sales1');
  const lead = await api.create('leads', { first_name: 'Игорь', last_name: `Морозов ${tag}`, company: `ООО Вектор ${tag}`, email: `igor@vector-${tag}.ru` });
  await loginAs(page, 'sales1', { path: `/leads/${lead.id}` });
  // Convert is what a lead is opened for: a button of its own.
  await page.getByRole('button', { name: 'Convert' }).click();
  const dialog = page.getByRole('dialog', { name: 'Convert the lead' });
  await expect(dialog.getByRole('radio', { name: `Create the account “ООО Вектор ${tag}”` })).toBeChecked();
  // Big enough to be among the first cards of its column.
  await dialog.getByRole('textbox', { name: 'Amount' }).fill('990000000');
  await dialog.getByRole('textbox', { name: 'Expected close date' }).fill('12/31/2026');
  await dialog.getByRole('textbox', { name: 'Expected close date' }).press('Tab');
  await dialog.getByRole('button', { name: 'Convert' }).click();

  await expect(page).toHaveURL(/\/deals\//);
  await expect(page.getByRole('heading', { level: 1, name: `ООО Вектор ${tag}` })).toBeVisible();
  await page.getByRole('tab', { name: 'Stage history' }).click();
  await expect(page.getByText('Prospecting')).toBeVisible();

  // The deal has the default kind, so it stands on the board the kanban opens on; the lead is converted: no Convert any more
  const dealUrl = page.url().replace(/\?.*$/, '');
  await page.goto('/deals?layout=kanban');
  await expect(page.getByRole('region', { name: 'Prospecting' }).getByRole('link', { name: `ООО Вектор ${tag}` })).toBeVisible();
  await page.goto(`/leads/${lead.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Convert' })).toHaveCount(0);
  // It has left the working list of leads, which opens filtered; cleared of its filter, the list shows it again.
  await page.goto(`/leads?q=${encodeURIComponent(tag)}`);
  await expect(page.getByText('No records match.')).toBeVisible();
  await page.getByRole('button', { name: /^Filter/ }).click();
  const filter = page.getByRole('region', { name: 'Filter' });
  await filter.getByRole('button', { name: 'Clear' }).click();
  await filter.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('row').filter({ hasText: `Морозов ${tag}` })).toBeVisible();

  // Lost without a reason is refused at the field
  await page.goto(`${dealUrl}/edit`);
  await choose(page, 'Status', 'Lost');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('is required when a deal is lost')).toBeVisible();
});

test('converting a lead waits for the duplicate check: the likely duplicate account is offered before one is made', async ({ page, request }) => {
  const tag = uniq();
  const api = await apiAs(request, 'sales1');
  await api.create('accounts', { name: `ООО Двойник ${tag}` });
  const lead = await api.create('leads', { last_name: `Двойников ${tag}`, company: `ООО Двойник ${tag}` });
  await loginAs(page, 'sales1', { path: `/leads/${lead.id}` });
  // The duplicate check takes two seconds.
  await page.route(`**/api/v1/records/leads/${lead.id}/duplicates`, async (route) => {
    await new Promise((r) => setTimeout(r, 2000));
    await route.continue();
  });
  await page.getByRole('button', { name: 'Convert' }).click();
  const dialog = page.getByRole('dialog', { name: 'Convert the lead' });
  await expect(dialog.getByRole('button', { name: 'Convert' })).toBeDisabled();
  await expect(dialog.getByText('1 existing account(s) look like this company — consider using one of them.')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Convert' })).toBeEnabled();
});

test('a lead who is already a contact is converted into that contact, not into a second one', async ({ page, request }) => {
  const tag = uniq();
  const api = await apiAs(request, 'sales1');
  const known = await api.create('contacts', { first_name: 'Анна', last_name: `Известная ${tag}`, email: `anna-${tag}@example.com` });
  const lead = await api.create('leads', { first_name: 'Анна', last_name: `Известная ${tag}`, company: `ООО Знакомые ${tag}`, email: `Anna-${tag}@example.com` });
  await loginAs(page, 'sales1', { path: `/leads/${lead.id}` });
  await page.getByRole('button', { name: 'Convert' }).click();
  const dialog = page.getByRole('dialog', { name: 'Convert the lead' });
  await dialog.getByRole('checkbox', { name: 'Create a deal' }).uncheck();
  await choose(page, 'Or the contact this person already is', new RegExp(`Известная ${tag}`));
  await expect(dialog.getByRole('checkbox', { name: 'Create a contact' })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Convert' }).click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${known.id}`));
});

test('kanban: drag a deal to the next stage; moving one to Lost asks for the reason; the funnel shows both', async ({ page, request }) => {
  const tag = uniq();
  const api = await apiAs(request, 'sales2');
  await api.create('deals', { name: `Дрейф ${tag}`, amount: '980000000', close_date: '2026-12-31' });
  await api.create('deals', { name: `Утрата ${tag}`, amount: '970000000', close_date: '2026-12-31' });
  await loginAs(page, 'sales2', { path: '/deals?layout=kanban' });
  const prospecting = page.getByRole('region', { name: 'Prospecting' });
  const qualification = page.getByRole('region', { name: 'Qualification', exact: true });
  const card = prospecting.getByLabel(`Дрейф ${tag}`, { exact: true });
  await expect(card).toBeVisible();
  await page.waitForLoadState('networkidle');
  await card.dragTo(qualification);
  await expect(qualification.getByLabel(`Дрейф ${tag}`, { exact: true })).toBeVisible();

  await choose(page, `Move Утрата ${tag} to`, 'Closed lost');
  const dialog = page.getByRole('dialog', { name: 'Why was the deal lost?' });
  await choose(page, 'Loss reason', 'Price');
  await dialog.getByRole('button', { name: 'Mark as lost' }).click();
  await expect(page.getByRole('region', { name: 'Closed lost' }).getByLabel(`Утрата ${tag}`, { exact: true })).toBeVisible();
  await expect(prospecting.getByLabel(`Утрата ${tag}`, { exact: true })).toHaveCount(0);

  await page.goto('/analytics/funnel');
  await expect(page.getByRole('table', { name: 'Sales funnel' })).toBeVisible();
  const reasons = page.getByRole('table', { name: 'Loss reasons' });
  await expect(reasons.getByText('Price')).toBeVisible();

  // Deals in two currencies: counts, no sums of unlike money, until a currency is chosen.
  await api.create('deals', { name: `Доллары ${tag}`, amount: '7', currency: 'USD', close_date: '2026-12-31' });
  await api.create('deals', { name: `Рубли ${tag}`, amount: '100', currency: 'RUB', close_date: '2026-12-31' });
  await page.reload();
  await expect(page.getByText(/pick a currency to see the amounts/)).toBeVisible();
  await choose(page, 'Currency', 'USD');
  await expect(page.getByText(/pick a currency to see the amounts/)).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Sales funnel' }).getByText(/\$/).first()).toBeVisible();
});

test('a process proposes the next stage once the current one is complete; the primary-interest report shows channels and sources', async ({ page, request }) => {
  const tag = uniq();
  const admin = await apiAs(request, 'admin');
  const kind = await admin.create('deal_kinds', { name: `Тендер ${tag}`, mode: 'process', stages: [
    { name: 'qualification', probability: 20, required_fields: ['amount'] }, { name: 'proposal_price_quote', probability: 60 }, { name: 'negotiation_review', probability: 80 },
  ] });
  const api = await apiAs(request, 'sales1');
  const me = api.user;
  const deal = await api.create('deals', {
    name: `Процесс ${tag}`, close_date: '2026-12-31', deal_kind_id: kind.id,
    interest_channel: 'employee_recommendation', interest_source_user_id: me.id,
  });
  await loginAs(page, 'sales1', { path: `/deals/${deal.id}` });
  await expect(page.getByText('Next stage: Proposal / price quote')).toBeVisible();
  await expect(page.getByText('Before moving on, fill in: Amount')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Move to “Proposal / price quote”' })).toBeDisabled();

  await api.patch('deals', deal.id, { amount: '5000' }, deal.version);
  await page.reload();
  await expect(page.getByText('The current stage is complete.')).toBeVisible();
  await page.getByRole('button', { name: 'Move to “Proposal / price quote”' }).click();
  await expect(page.getByText('Next stage: Negotiation / review')).toBeVisible();

  await page.goto('/analytics/interest');
  const channels = page.getByRole('table', { name: 'By channel' });
  await expect(channels.getByRole('row', { name: /Employee recommendation/ })).toBeVisible();
  const sources = page.getByRole('table', { name: 'By source' });
  await expect(sources.getByRole('row', { name: new RegExp(`${me.first_name} ${me.last_name}`) }).first()).toBeVisible();
});

test('a stage checklist is ticked on the deal; the move carries a comment into the stage history', async ({ page, request }) => {
  const tag = uniq();
  const admin = await apiAs(request, 'admin');
  const kind = await admin.create('deal_kinds', { name: `Проект ${tag}`, mode: 'process', stages: [
    { name: 'qualification', checklist: ['Sign the NDA', 'Agree the budget'] }, { name: 'proposal_price_quote' },
  ] });
  const deal = await (await apiAs(request, 'sales1')).create('deals', { name: `Checklist ${tag}`, close_date: '2026-12-31', deal_kind_id: kind.id });
  await loginAs(page, 'sales1', { path: `/deals/${deal.id}` });
  const checklist = page.getByRole('group', { name: 'Checklist of this stage' });
  const move = page.getByRole('button', { name: 'Move to “Proposal / price quote”' });
  await expect(page.getByText('Before moving on, finish the checklist.')).toBeVisible();
  await expect(move).toBeDisabled();
  await checklist.getByRole('checkbox', { name: 'Sign the NDA' }).click();
  await expect(checklist.getByRole('checkbox', { name: 'Sign the NDA' })).toBeChecked();
  await expect(checklist.getByRole('checkbox', { name: 'Agree the budget' })).toBeEnabled();
  await checklist.getByRole('checkbox', { name: 'Agree the budget' }).click();
  await expect(page.getByText('The current stage is complete.')).toBeVisible();
  await page.getByRole('textbox', { name: 'Comment on the move' }).fill(`Budget approved ${tag}`);
  await move.click();
  await expect(page.locator('[data-field="stage"]')).toContainText('Proposal / price quote');
  await page.getByRole('tab', { name: 'Stage history' }).click();
  const history = page.getByRole('list', { name: 'Stage history' }).or(page.getByLabel('Stage history'));
  await expect(history.getByText(`Budget approved ${tag}`)).toBeVisible();
  await expect(history.getByText(/moved by/).first()).toBeVisible();
});
