import { expect, test, type Page } from '@playwright/test';
import { apiAs, keepScreenshot, loginAs, uniq } from './helpers';

async function switchTo(page: Page, language: string) {
  await page.getByRole('banner').getByRole('button', { name: /^(Language|Язык|Мова|语言)/ }).click();
  await page.getByRole('menuitem', { name: language }).click();
}

test('switch to ru, uk and zh: translated labels, numbers and money in the locale', async ({ page, request }) => {
  const tag = uniq();
  const api = await apiAs(request, 'manager');
  const acc = await api.create('accounts', { name: `Локаль ${tag}`, employees: 12345, annual_revenue: '1234567.89' });
  const deal = await api.create('deals', { name: `Сделка ${tag}`, account_id: acc.id, amount: '49987.00', currency: 'RUB', close_date: '2026-12-31', stage: 'prospecting' });

  await loginAs(page, 'manager', { path: `/accounts/${acc.id}` });
  const nav = page.getByRole('navigation');
  await expect(page.locator('[data-field="employees"]')).toHaveText('12,345');
  await expect(page.locator('[data-field="annual_revenue"]')).toHaveText('1,234,567.89');

  await switchTo(page, 'Русский');
  await expect(nav.getByRole('button', { name: 'Продажи' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Подробности' })).toBeVisible();
  await expect(page.getByText('Кол-во сотрудников')).toBeVisible(); // field label from the server's metadata
  await expect(page.locator('[data-field="employees"]')).toHaveText(/^12\s345$/);
  await expect(page.locator('[data-field="annual_revenue"]')).toHaveText(/^1\s234\s567,89$/);
  await page.goto(`/deals/${deal.id}`);
  await expect(page.locator('[data-field="amount"]')).toHaveText(/^49\s987,00\s₽$/);
  await expect(page.locator('[data-field="close_date"]')).toHaveText(/31 дек\. 2026/);
  await keepScreenshot(page, 'deal-ru');

  await switchTo(page, 'Українська');
  await expect(nav.getByRole('button', { name: 'Продажі' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Докладно' })).toBeVisible();
  await expect(page.locator('[data-field="amount"]')).toHaveText(/^49\s987,00\s(₽|RUB)$/);
  await page.goto('/accounts');
  await expect(page.getByRole('status')).toHaveText(/^Записи 1–\d+ з \d/);

  await switchTo(page, '简体中文');
  await expect(nav.getByRole('button', { name: '销售' })).toBeVisible();
  await expect(page.getByRole('button', { name: '筛选' })).toBeVisible();
  await page.goto(`/accounts/${acc.id}`);
  await expect(page.getByRole('tab', { name: '详细信息' })).toBeVisible();
  await expect(page.getByText('员工人数')).toBeVisible();
  await expect(page.locator('[data-field="employees"]')).toHaveText('12,345');
  await keepScreenshot(page, 'account-zh');

  // The choice is saved on the user: a new page load keeps it
  await page.reload();
  await expect(page.getByRole('tab', { name: '详细信息' })).toBeVisible();
  const me = await (await page.request.get('/api/v1/auth/me')).json();
  expect(me.user.language).toBe('zh');
  await switchTo(page, 'English');
  await expect(page.getByRole('tab', { name: 'Details' })).toBeVisible();
});
