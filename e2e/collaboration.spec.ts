import { expect, test } from '@playwright/test';
import { apiAs, listTable, loginAs, uniq } from './helpers';

test('tag a record in its form, find it from the tag cloud; follow a record and hear of a colleague’s change', async ({ page, request }) => {
  const tag = uniq();
  await loginAs(page, 'manager', { path: '/accounts/new' });
  await page.getByRole('textbox', { name: 'Account name' }).fill(`ООО Теги ${tag}`);
  const tags = page.getByRole('combobox', { name: 'Tags' });
  await tags.fill(`vip-${tag}`);
  await tags.press('Enter');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `ООО Теги ${tag}` })).toBeVisible();
  const accountId = page.url().split('/accounts/')[1].split(/[?/]/)[0];

  await page.goto('/accounts');
  await page.getByRole('button', { name: 'Tags' }).click();
  await page.getByRole('button', { name: `Show records tagged vip-${tag} (1)` }).click();
  const table = listTable(page, 'Accounts');
  await expect(table.getByText(`ООО Теги ${tag}`)).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(2);

  // The manager follows the account; a colleague changes it.
  await page.goto(`/accounts/${accountId}?tab=timeline`);
  await page.getByRole('switch', { name: /Follow this record/ }).click();
  await expect(page.getByRole('switch', { name: 'Follow this record (1 following)' })).toBeChecked();
  const admin = await apiAs(request, 'admin');
  const current = await (await request.get(`/api/v1/records/accounts/${accountId}`, { headers: admin.headers })).json();
  await admin.patch('accounts', accountId, { phone: '+7 495 111-22-33' }, current.data.version);
  await page.getByRole('button', { name: /^Notifications:/ }).click();
  await expect(page.getByRole('button', { name: `A record you follow changed: ООО Теги ${tag}` })).toBeVisible();
});

test('a manager gives a task to a sales person: it is in "Tasks I gave" for one and "My tasks" for the other', async ({ page, request, browser }) => {
  const tag = uniq();
  // One request context holds one session: learn sales1's id first, then act as the manager.
  const salesId = (await apiAs(request, 'sales1')).user.id;
  const manager = await apiAs(request, 'manager');
  await manager.create('tasks', { subject: `Подготовить КП ${tag}`, due_date: '2099-03-01', assigned_to: salesId });
  await loginAs(page, 'manager', { path: '/tasks' });
  await page.getByRole('button', { name: 'Tasks I gave' }).click();
  await expect(listTable(page, 'Tasks').getByText(`Подготовить КП ${tag}`)).toBeVisible();
  await page.getByRole('button', { name: 'My tasks' }).click();
  await expect(listTable(page, 'Tasks').getByText(`Подготовить КП ${tag}`)).toHaveCount(0);

  const other = await browser.newContext({ baseURL: test.info().project.use.baseURL, locale: 'en-US' });
  const salesPage = await other.newPage();
  await loginAs(salesPage, 'sales1', { path: '/tasks' });
  await salesPage.getByRole('button', { name: 'My tasks' }).click();
  await expect(listTable(salesPage, 'Tasks').getByText(`Подготовить КП ${tag}`)).toBeVisible();
  await other.close();
});
