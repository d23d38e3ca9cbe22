import { expect, test, type Page } from '@playwright/test';
import { apiAs, choose, keepScreenshot, loginAs, uniq } from './helpers';

test('build a summary report with a chart, drill down to its deals, export it to XLSX and put it on the dashboard', async ({ page }) => {
  test.setTimeout(180_000); // a long journey: 49 s on CI's machine, over a minute when it is busy
  const name = `Deals by stage ${uniq()}`;
  await loginAs(page, 'manager', { path: '/reports/new' });
  await expect(page.getByRole('heading', { name: 'New report' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Report name' }).fill(name);
  await choose(page, 'Add a grouping…', 'Sales stage', 'Sales stage');
  await page.getByRole('button', { name: 'Add a total' }).click();
  await choose(page, 'Field', /^Amount$/, 'Amount');
  // The live preview draws the chart and the table with a grand total.
  await expect(page.getByTestId('report-chart')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Result' }).getByRole('cell', { name: 'Total', exact: true })).toBeVisible();
  await keepScreenshot(page, 'report-builder');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/reports\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name })).toBeVisible();
  const reportUrl = page.url();

  // The records behind a group: the stage's link opens the deals list with the same filter.
  const table = page.getByRole('table', { name: 'Result' });
  const first = table.getByRole('link').first();
  await expect(first).toBeVisible();
  await first.click();
  await expect(page).toHaveURL(/\/deals\?where=/);
  await expect(page.getByRole('table', { name: 'Deals', exact: true })).toBeVisible();

  await page.goto(reportUrl);
  await page.getByRole('button', { name: 'Export' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'XLSX' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^Deals-by-stage-.*\.xlsx$/);

  // On the home page: arrange, add the report as a widget, done — it stays after a reload.
  await page.goto('/');
  await expect(page.getByTestId('widget-pipeline')).toBeVisible();
  await page.getByRole('button', { name: 'Arrange' }).click();
  await page.getByRole('button', { name: 'Add widget' }).click();
  await choose(page, 'Report', name, name.slice(0, 14));
  await page.getByRole('dialog').getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByRole('button', { name: 'Done' }).click();
  await page.reload();
  const widget = page.getByTestId('widget-report').filter({ hasText: name });
  await expect(widget).toBeVisible();
  await expect(widget.getByTestId('report-chart')).toBeVisible();
  await keepScreenshot(page, 'dashboard');
});

/** A user of our own with a stored language (the demo people's languages are changed by other tests running beside). */
async function personSpeaking(page: Page, language: string): Promise<string> {
  const admin = await apiAs(page.request, 'admin');
  const roles = (await (await page.request.get('/api/v1/roles', { headers: admin.headers })).json()).data as { id: string; name: string }[];
  const username = `reader_${language}_${uniq()}`;
  const password = 'reader-password-1';
  const made = await page.request.post('/api/v1/users', { data: { username, password, language, role_id: roles.find((r) => r.name === 'Sales person')!.id, first_name: 'Reader' }, headers: admin.headers });
  expect(made.status(), await made.text()).toBe(201);
  await page.context().clearCookies();
  const login = await page.request.post('/api/v1/auth/login', { data: { username, password } });
  expect(login.status()).toBe(200);
  return ((await login.json()) as { csrf_token: string }).csrf_token;
}

test('the standard reports are there in Russian and in Chinese, and run', async ({ page }) => {
  await personSpeaking(page, 'ru');
  await page.goto('/reports');
  await page.getByRole('link', { name: 'Воронка сделок' }).click();
  await expect(page.getByRole('table', { name: 'Результат' }).getByRole('cell', { name: 'Итого', exact: true })).toBeVisible();

  const csrf = await personSpeaking(page, 'zh');
  // A lead of their own, so the chart has something to draw.
  expect((await page.request.post('/api/v1/records/leads', { data: { last_name: '王', company: '华为', lead_source: 'web_site' }, headers: { 'X-CSRF-Token': csrf } })).status()).toBe(201);
  await page.goto('/reports');
  await page.getByRole('link', { name: '按来源统计潜在客户' }).click();
  await expect(page.getByRole('table', { name: '结果' }).getByRole('cell', { name: '总计', exact: true })).toBeVisible();
  await expect(page.getByTestId('report-chart')).toBeVisible();
});

test('a report over invoice lines: gross profit by product, from the builder', async ({ page, request }) => {
  test.setTimeout(150_000);
  const tag = uniq();
  const admin = await apiAs(request, 'admin');
  const bolt = await admin.create('products', { name: `Bolt ${tag}`, unit_price: '100', purchase_cost: '60' });
  const manager = await apiAs(request, 'manager');
  const account = await manager.create('accounts', { name: `Fasteners ${tag}` });
  await manager.create('invoices', { subject: `Bolts ${tag}`, account_id: account.id, status: 'created', currency: 'RUB',
    lines: [{ item_module: 'products', item_id: bolt.id, quantity: '4', list_price: '100' }] });
  // The bolts cost more from now on: the invoice's margin stays what it was at the sale.
  const buyer = await apiAs(request, 'admin');
  const stocked = (await (await request.get(`/api/v1/records/products/${bolt.id}`)).json()).data; // the sale moved its stock
  await buyer.patch('products', bolt.id, { purchase_cost: '90' }, stocked.version);

  await loginAs(page, 'manager', { path: '/reports/new' });
  await page.getByRole('textbox', { name: 'Report name' }).fill(`Profit by product ${tag}`);
  await choose(page, 'Primary module', 'Invoices', 'Invoices');
  await choose(page, 'Add a grouping…', 'Line items › Product', 'Line items › Product');
  await page.getByRole('button', { name: 'Add a total' }).click();
  await choose(page, 'Field', 'Line items › Gross profit', 'Gross profit');
  // Four bolts sold at 100 that cost 60 each when sold: 160 of gross profit.
  const row = page.getByRole('table', { name: 'Result' }).getByRole('row', { name: new RegExp(`Bolt ${tag}`) });
  await expect(row).toContainText('160');
  await expect(page.getByRole('button', { name: 'Line filters' })).toBeVisible();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/reports\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('table', { name: 'Result' }).getByRole('row', { name: new RegExp(`Bolt ${tag}`) })).toContainText('160');
});

test("an account's page lists the products it bought", async ({ page, request }) => {
  const tag = uniq();
  const admin = await apiAs(request, 'admin');
  const lamp = await admin.create('products', { name: `Lamp ${tag}`, unit_price: '25' });
  const sales = await apiAs(request, 'sales1');
  const account = await sales.create('accounts', { name: `Lighting ${tag}` });
  for (const quantity of ['3', '4']) {
    await sales.create('invoices', { subject: `Lamps ${tag}`, account_id: account.id, status: 'created', currency: 'RUB', invoice_date: '2026-11-02',
      lines: [{ item_module: 'products', item_id: lamp.id, quantity, list_price: '25' }] });
  }
  await loginAs(page, 'sales1', { path: `/accounts/${account.id}` });
  await page.getByRole('tab', { name: 'Products bought' }).click();
  const row = page.getByRole('table', { name: 'Products bought' }).getByRole('row', { name: new RegExp(`Lamp ${tag}`) });
  await expect(row).toContainText('7');
  await expect(row).toContainText('175.00');
  await row.getByRole('link', { name: `Lamp ${tag}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Lamp ${tag}` })).toBeVisible();
});

test("a user sets their time zone from the menu; a report's months follow it", async ({ page }) => {
  const tag = uniq();
  const csrf = await personSpeaking(page, 'en');
  const headers = { 'X-CSRF-Token': csrf };
  // 22:30 UTC on 30 April is already 1 May in Shanghai.
  expect((await page.request.post('/api/v1/records/events', { data: { subject: `Late call ${tag}`, start_at: '2026-04-30T22:30:00Z' }, headers })).status()).toBe(201);
  const made = await page.request.post('/api/v1/records/reports', { headers, data: {
    name: `Calls by month ${tag}`, module: 'events', type: 'summary', where: { field: 'subject', op: 'eq', value: `Late call ${tag}` },
    group_by: [{ field: 'start_at', bucket: 'month' }], aggregates: [{ fn: 'count' }],
  } });
  expect(made.status(), await made.text()).toBe(201);
  const report = `/reports/${(await made.json()).data.id}`;
  await page.goto(report);
  const result = page.getByRole('table', { name: 'Result' });
  await expect(result.getByRole('row', { name: /April 2026/ })).toBeVisible();

  await page.getByRole('button', { name: /User menu of/ }).click();
  await page.getByRole('menuitem', { name: 'Time zone' }).click();
  const dialog = page.getByRole('dialog', { name: 'Time zone' });
  await choose(page, 'Time zone', 'Asia/Shanghai', 'Asia/Shang');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Your time zone is saved.')).toBeVisible();
  await expect(dialog).toBeHidden();

  await page.goto(report);
  await expect(result.getByRole('row', { name: /May 2026/ })).toBeVisible();
  await expect(result.getByRole('row', { name: /April 2026/ })).toHaveCount(0);
});

test("a report on accounts sums each account's deals, from the builder", async ({ page, request }) => {
  const tag = uniq();
  const sales = await apiAs(request, 'sales1');
  const account = await sales.create('accounts', { name: `Orbit ${tag}` });
  for (const amount of ['300', '45']) {
    await sales.create('deals', { name: `Orbit deal ${amount} ${tag}`, amount, currency: 'RUB', stage: 'prospecting', close_date: '2026-12-10', account_id: account.id });
  }
  await loginAs(page, 'sales1', { path: '/reports/new' });
  await page.getByRole('textbox', { name: 'Report name' }).fill(`Deals per account ${tag}`);
  await choose(page, 'Primary module', 'Accounts', 'Accounts');
  await choose(page, 'Add a grouping…', 'Account name', 'Account name');
  await page.getByRole('button', { name: 'Add a total' }).click();
  await choose(page, 'Field', 'Deals › Amount', 'Deals › Amo');
  const row = page.getByRole('table', { name: 'Result' }).getByRole('row', { name: new RegExp(`Orbit ${tag}`) });
  await expect(row).toContainText('345');
  // The deals themselves can be filtered.
  await expect(page.getByRole('button', { name: 'Filters of Deals' })).toBeVisible();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/reports\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('table', { name: 'Result' }).getByRole('row', { name: new RegExp(`Orbit ${tag}`) })).toContainText('345');
});
