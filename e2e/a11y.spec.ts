import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { keepScreenshot, loginAs } from './helpers';

/** Serious and critical WCAG 2.1 A/AA violations on a page, as readable lines. */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

test('the main pages have no serious accessibility violations', async ({ page }) => {
  test.setTimeout(180_000); // six full axe analyses; slow on a busy 2-core machine
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect(await violations(page), 'login').toEqual([]);

  await loginAs(page, 'sales1', { path: '/' });
  // The dashboard as the user reads it: every widget loaded, charts drawn (loaders are checked too, by name).
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 30_000 });
  expect(await violations(page), 'home').toEqual([]);

  await page.goto('/accounts');
  await expect(page.getByRole('table', { name: 'Accounts', exact: true })).toBeVisible();
  expect(await violations(page), 'list').toEqual([]);
  await keepScreenshot(page, 'accounts-list');

  await page.getByRole('table', { name: 'Accounts', exact: true }).getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(await violations(page), 'record').toEqual([]);
  await keepScreenshot(page, 'account-record');

  await page.goto('/accounts/new');
  await expect(page.getByRole('textbox', { name: 'Account name' })).toBeVisible();
  expect(await violations(page), 'form').toEqual([]);

  await page.context().clearCookies();
  await loginAs(page, 'admin', { path: '/settings/users' });
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
  expect(await violations(page), 'settings').toEqual([]);
});

test('the list is usable from the keyboard: tab to the search, type, reach a record link and open it', async ({ page }) => {
  await loginAs(page, 'sales1', { path: '/contacts' });
  const search = page.getByRole('searchbox', { name: 'Search Contacts' });
  await search.focus();
  await page.keyboard.type('Иван');
  const table = page.getByRole('table', { name: 'Contacts', exact: true });
  const first = table.getByRole('link', { name: /Иван/ }).first();
  await expect(first).toBeVisible();
  await first.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Иван');
});

test("at a phone's width the navigation folds behind the menu button; the dark theme sticks after a reload", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await loginAs(page, 'sales1', { path: '/' });
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(nav).not.toBeInViewport();
  await page.getByRole('button', { name: 'Show or hide navigation' }).click();
  await expect(nav).toBeInViewport();
  await nav.getByRole('button', { name: 'Sales' }).click();
  await nav.getByRole('link', { name: 'Contacts' }).click();
  // At a phone's width the list is cards, one a record.
  await expect(page.getByRole('list', { name: 'Contacts', exact: true }).getByRole('listitem').first()).toBeVisible();
  await keepScreenshot(page, 'phone-contacts');

  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  expect(await violations(page), 'dark list').toEqual([]);
});
