import { expect, test } from '@playwright/test';
import { apiAs, listTable, loginAs, uniq } from './helpers';

// Accounts are private by default: sales1 and sales2 are siblings, the manager is above both.
test("a sales person does not see a colleague's private record anywhere in the UI", async ({ page, request }) => {
  const tag = uniq();
  const name = `Тайный клиент ${tag}`;
  const secret = await (await apiAs(request, 'sales2')).create('accounts', { name, phone: '+7 495 111-22-33' });
  await loginAs(page, 'sales1', { path: '/accounts' });
  const table = listTable(page, 'Accounts');

  // Not in the list, not by the module search, not by the alphabet bar
  await page.getByRole('searchbox', { name: 'Search Accounts' }).fill(`клиент ${tag}`);
  await expect(page.getByText('No records match.')).toBeVisible();
  await expect(table.getByRole('link', { name })).toHaveCount(0);

  // Not in the palette
  await page.getByRole('button', { name: /^Search records or type a command/ }).click();
  await page.getByRole('textbox', { name: 'Search records or type a command…' }).fill(`клиент ${tag}`);
  await expect(page.getByText('Nothing found')).toBeVisible();
  await page.keyboard.press('Escape');

  // Not in a reference picker
  await page.goto('/contacts/new');
  const picker = page.getByRole('combobox', { name: 'Account', exact: true });
  await picker.click();
  await picker.fill(`клиент ${tag}`);
  await expect(page.getByRole('option', { name: new RegExp(tag) })).toHaveCount(0);

  // Not by its address
  await page.goto(`/accounts/${secret.id}`);
  await expect(page.getByText('This record does not exist, was deleted, or you may not see it.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name })).toHaveCount(0);

  // Their manager sees it
  await page.context().clearCookies();
  await loginAs(page, 'manager', { path: `/accounts/${secret.id}` });
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
});
