import { expect, test } from '@playwright/test';
import { apiAs, choose, keepScreenshot, listTable, loginAs, uniq } from './helpers';

test('build a filter, sort, save it as a view and reopen it', async ({ page, request }) => {
  const tag = uniq();
  const api = await apiAs(request, 'sales1');
  // Three accounts of this run: two in Омск (one a customer), one in Тула
  await api.create('accounts', { name: `Альфа ${tag}`, billing_city: 'Омск', account_type: 'customer', employees: 10 });
  await api.create('accounts', { name: `Бета ${tag}`, billing_city: 'Омск', account_type: 'partner', employees: 30 });
  await api.create('accounts', { name: `Гамма ${tag}`, billing_city: 'Тула', account_type: 'customer', employees: 20 });

  await loginAs(page, 'sales1', { path: '/accounts' });
  const table = listTable(page, 'Accounts');

  // Filter: name contains the tag AND (city = Омск OR type = customer)
  await page.getByRole('button', { name: 'Filter' }).click();
  const builder = page.getByRole('region', { name: 'Filter' });
  await builder.getByRole('button', { name: 'Add condition' }).click();
  const first = builder.getByRole('group', { name: 'Condition 1' });
  await choose(page, 'Field', 'Account name', 'Account');
  await first.getByRole('combobox', { name: 'Operator' }).click();
  await page.getByRole('option', { name: 'contains' }).click();
  await first.getByRole('textbox', { name: 'Value of Account name' }).fill(tag);

  await builder.getByRole('button', { name: 'Add group' }).click();
  const group = builder.getByRole('group', { name: 'Group of conditions' });
  await expect(group.getByRole('radio', { name: 'Any of' })).toBeChecked();
  await group.getByRole('button', { name: 'Add condition' }).click();
  await group.getByRole('button', { name: 'Add condition' }).click();
  const c1 = group.getByRole('group', { name: 'Condition 1' });
  await c1.getByRole('combobox', { name: 'Field' }).click();
  await c1.getByRole('combobox', { name: 'Field' }).fill('Billing city');
  await page.getByRole('option', { name: 'Billing city' }).click();
  await c1.getByRole('textbox', { name: 'Value of Billing city' }).fill('Омск');
  const c2 = group.getByRole('group', { name: 'Condition 2' });
  await c2.getByRole('combobox', { name: 'Field' }).click();
  await c2.getByRole('combobox', { name: 'Field' }).fill('Type');
  await page.getByRole('option', { name: 'Type', exact: true }).click();
  await c2.getByRole('combobox', { name: 'Value of Type' }).click();
  await page.getByRole('option', { name: 'Customer' }).click();
  await keepScreenshot(page, 'filter-builder');
  await builder.getByRole('button', { name: 'Apply' }).click();

  // All three match (Альфа: Омск + customer, Бета: Омск, Гамма: customer)
  await expect(table.getByRole('link', { name: new RegExp(tag) })).toHaveCount(3);
  await expect(page.getByRole('status')).toHaveText('Records 1–3 of 3');

  // Show the Employees column (column chooser), then sort by it: descending after two clicks
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('checkbox', { name: 'Employees' }).click();
  await expect(page.getByRole('checkbox', { name: 'Employees' })).toBeChecked();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Sort by Employees' }).click();
  await expect(page.getByRole('columnheader', { name: /Employees/ })).toHaveAttribute('aria-sort', 'ascending');
  await page.getByRole('button', { name: 'Sort by Employees' }).click();
  await expect(page.getByRole('columnheader', { name: /Employees/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(table.getByRole('link', { name: new RegExp(tag) })).toHaveText([`Бета ${tag}`, `Гамма ${tag}`, `Альфа ${tag}`]);

  // Save as a private view
  await page.getByRole('button', { name: 'View actions' }).click();
  await page.getByRole('menuitem', { name: 'Save as new view…' }).click();
  await page.getByRole('textbox', { name: 'View name' }).fill(`Омск или клиенты ${tag}`);
  await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('combobox', { name: 'View', exact: true })).toHaveValue(`Омск или клиенты ${tag}`);

  // Reopen: back to "All", then pick the view again in a fresh page
  await page.goto('/accounts');
  await expect(page.getByRole('combobox', { name: 'View', exact: true })).toHaveValue('All');
  await page.getByRole('combobox', { name: 'View', exact: true }).click();
  await page.getByRole('option', { name: `Омск или клиенты ${tag}` }).click();
  await expect(table.getByRole('link', { name: new RegExp(tag) })).toHaveText([`Бета ${tag}`, `Гамма ${tag}`, `Альфа ${tag}`]);
  await expect(page.getByRole('columnheader', { name: /Employees/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(page.getByRole('button', { name: 'Filter' })).toContainText('3');
  await keepScreenshot(page, 'saved-view');
});
