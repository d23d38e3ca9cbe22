import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import { apiAs, choose, keepScreenshot, listTable, loginAs, uniq } from './helpers';

test('an administrator adds a custom field; a sales person fills it, filters by it and exports it', async ({ browser, request }) => {
  const tag = uniq();
  const label = `Loyalty ${tag}`;
  const name = `loyalty_${tag}`;

  // The administrator adds a picklist field to contacts, labelled in two languages
  const admin = await (await browser.newContext()).newPage();
  await loginAs(admin, 'admin', { path: '/settings/fields' });
  await choose(admin, 'Module', 'Contacts');
  await admin.getByRole('button', { name: 'Add field' }).click();
  const dialog = admin.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Label (English)' }).fill(label);
  await dialog.getByRole('textbox', { name: 'Label (Русский)' }).fill(`Лояльность ${tag}`);
  await expect(dialog.getByRole('textbox', { name: 'Field name' })).toHaveValue(name);
  await dialog.getByRole('combobox', { name: 'Type' }).click();
  await admin.getByRole('option', { name: 'Picklist', exact: true }).click();
  const values = dialog.getByRole('combobox', { name: 'Values' });
  // A value the list's rules refuse is named under the list; taken out, the field is added
  await values.fill('R&D');
  await values.press('Enter');
  await dialog.getByRole('button', { name: 'Add field' }).click();
  await expect(dialog.getByText(/«R&D»/)).toBeVisible();
  await values.press('Backspace');
  await values.fill('gold');
  await values.press('Enter');
  await values.fill('silver');
  await values.press('Enter');
  await keepScreenshot(admin, 'settings-add-field');
  await dialog.getByRole('button', { name: 'Add field' }).click();
  await expect(dialog).toBeHidden();
  await expect(admin.getByRole('table', { name: 'Fields' }).getByRole('row', { name: new RegExp(label) })).toContainText('Custom');
  await admin.context().close();

  // Two contacts of sales1
  const api = await apiAs(request, 'sales1');
  const gold = await api.create('contacts', { first_name: 'Злата', last_name: `Золотова${tag}` });
  await api.create('contacts', { first_name: 'Серафим', last_name: `Серебров${tag}` });

  // sales1 fills it in the generated form
  const page = await (await browser.newContext()).newPage();
  await loginAs(page, 'sales1', { path: `/contacts/${gold.id}/edit` });
  await expect(page.getByRole('group', { name: 'Custom fields' })).toBeVisible();
  await choose(page, label, 'gold');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator(`[data-field="${name}"]`)).toHaveText('gold');

  // The list: add the column, filter by the field
  await page.goto(`/contacts?q=${tag}`);
  const table = listTable(page, 'Contacts');
  await expect(table.getByRole('row')).toHaveCount(3);
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('checkbox', { name: label }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('columnheader', { name: label })).toBeVisible();
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.getByRole('region', { name: 'Filter' }).getByRole('button', { name: 'Add condition' }).click();
  await choose(page, 'Field', label, label);
  await page.getByRole('combobox', { name: `Value of ${label}` }).click();
  await page.getByRole('option', { name: 'gold' }).click();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table.getByRole('link', { name: `Золотова${tag}` })).toBeVisible();

  // Export: the custom column and its value are in the file
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export' }).click().then(() => page.getByRole('menuitem', { name: 'CSV' }).click()),
  ]);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  const [header, ...rows] = csv.replace(/^\ufeff/, '').trim().split(/\r?\n/);
  expect(header.split(',')).toContain(name);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toContain(`Золотова${tag}`);
  expect(rows[0]).toContain('gold');
  await page.context().close();
});
