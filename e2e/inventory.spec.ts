import { expect, test } from '@playwright/test';
import { apiAs, choose, loginAs, uniq } from './helpers';

test('build a quote line by line with live totals, save it, convert it to an invoice and open its PDF', async ({ page, request }) => {
  const tag = uniq();
  const admin = await apiAs(request, 'admin');
  const product = await admin.create('products', { name: `Ноутбук ${tag}`, product_code: `NB-${tag}`, unit_price: '49987.00', qty_in_stock: '25' });
  const sales = await apiAs(request, 'sales1');
  const account = await sales.create('accounts', { name: `ООО Покупатель ${tag}` });
  const quote = await sales.create('quotes', { subject: `Ноутбуки ${tag}`, account_id: account.id, status: 'created', currency: 'RUB', lines: [] });

  await loginAs(page, 'sales1', { path: `/quotes/${quote.id}` });
  await expect(page.getByRole('tab', { name: 'Line items', selected: true })).toBeVisible();
  await page.getByRole('button', { name: 'Add line' }).click();
  const item = page.getByRole('combobox', { name: 'Item of line 1', exact: true });
  await item.click();
  await item.fill(`Ноутбук ${tag}`);
  await page.getByRole('option', { name: new RegExp(`Ноутбук ${tag}`) }).click();
  // Numbers read as the user writes them (English: 49,987.00).
  await expect(page.getByRole('textbox', { name: 'Price of line 1' })).toHaveValue('49,987.00');
  await page.getByRole('textbox', { name: 'Quantity of line 1' }).fill('10');
  await page.getByRole('button', { name: 'Add line' }).click();
  await page.getByRole('textbox', { name: 'Description of line 2' }).fill('Доставка 送货');
  await page.getByRole('textbox', { name: 'Price of line 2' }).fill('1000');
  await page.getByRole('textbox', { name: 'Discount, %' }).last().fill('10');
  await page.getByRole('textbox', { name: 'Tax, %' }).fill('20');
  // (499,870 + 1,000) × 0.9 = 450,783; + 20 % = 540,939.60
  const totals = page.getByRole('table', { name: 'Totals' });
  await expect(totals).toContainText('540,939.60');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Line items saved.')).toBeVisible();

  await page.getByRole('tab', { name: 'Details' }).click();
  await expect(page.getByText('540,939.60').first()).toBeVisible();

  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Convert to invoice' }).click();
  await expect(page).toHaveURL(/\/invoices\//);
  await expect(page.getByRole('heading', { level: 1, name: `Ноутбуки ${tag}` })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Totals' })).toContainText('540,939.60');

  const invoiceId = page.url().split('/invoices/')[1];
  const pdf = await page.request.get(`/api/v1/records/invoices/${invoiceId}/pdf`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

  // The invoice took the laptops out of stock
  await page.goto(`/products/${product.id}`);
  await page.getByRole('tab', { name: 'Stock movements' }).click();
  const moves = page.getByRole('table', { name: 'Stock movements' });
  await expect(moves.getByRole('link', { name: 'Invoice' })).toBeVisible();
  await expect(moves).toContainText('-10');
  await expect(moves).toContainText('15');
});

test('a discount larger than the items is refused beside its field, and a Russian grouped price is read as typed', async ({ page, request }) => {
  const tag = uniq();
  const sales = await apiAs(request, 'sales1');
  const account = await sales.create('accounts', { name: `ООО Скидка ${tag}` });
  const quote = await sales.create('quotes', { subject: `Скидка ${tag}`, account_id: account.id, status: 'created', currency: 'RUB', lines: [{ description: 'Работы', quantity: '1', list_price: '100' }] });
  await loginAs(page, 'sales1', { path: `/quotes/${quote.id}` });
  await page.getByRole('textbox', { name: 'Discount amount' }).fill('500');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('must not be more than the items total (100.00)')).toBeVisible();
  // A price typed as a Russian writes it (a space between thousands, a decimal comma) is saved as that number.
  await page.getByRole('textbox', { name: 'Discount amount' }).fill('');
  await page.getByRole('textbox', { name: 'Price of line 1' }).fill('1 234,50');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Line items saved.')).toBeVisible();
  const saved = await (await request.get(`/api/v1/records/quotes/${quote.id}`, { headers: sales.headers })).json();
  expect(saved.data.grand_total).toBe('1234.50');
});

test('a line saved at once after its item is picked keeps the item and its price, however slow they are to arrive', async ({ page, request }) => {
  const tag = uniq();
  const admin = await apiAs(request, 'admin');
  const product = await admin.create('products', { name: `Монитор ${tag}`, unit_price: '12000.00' });
  const sales = await apiAs(request, 'sales1');
  const account = await sales.create('accounts', { name: `ООО Мониторы ${tag}` });
  const quote = await sales.create('quotes', { subject: `Мониторы ${tag}`, account_id: account.id, status: 'created', currency: 'RUB', lines: [] });

  await loginAs(page, 'sales1', { path: `/quotes/${quote.id}` });
  // The picked item's details (price, tax class) take a second and a half to arrive.
  await page.route(`**/api/v1/records/products/${product.id}?*`, async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await page.getByRole('button', { name: 'Add line' }).click();
  const item = page.getByRole('combobox', { name: 'Item of line 1', exact: true });
  await item.click();
  await item.fill(`Монитор ${tag}`);
  await page.getByRole('option', { name: new RegExp(`Монитор ${tag}`) }).click();
  await page.getByRole('textbox', { name: 'Quantity of line 1' }).fill('2');
  // Save waits for the item: the line is not sent without it.
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Line items saved.')).toBeVisible();
  const saved = await (await request.get(`/api/v1/records/quotes/${quote.id}`, { headers: sales.headers })).json();
  expect(saved.data.lines).toHaveLength(1);
  expect(saved.data.lines[0]).toMatchObject({ item_id: product.id, list_price: '12000.00' });
  expect(saved.data.pre_tax_total).toBe('24000.00');
});

test('from a deal: a quote with its products at the price book price, converted to a sales order and sent by e-mail with its PDF', async ({ page, request }) => {
  const tag = uniq();
  const admin = await apiAs(request, 'admin');
  const product = await admin.create('products', { name: `Сервер ${tag}`, unit_price: '90000.00', qty_in_stock: '5' });
  const book = await admin.create('price_books', { name: `Опт ${tag}`, currency: 'RUB' });
  const linked = await request.post(`/api/v1/records/price_books/${book.id}/related/products`, { data: { id: product.id, list_price: '85000.00' }, headers: admin.headers });
  expect(linked.status()).toBe(204);
  const sales = await apiAs(request, 'sales1');
  const account = await sales.create('accounts', { name: `АО Заказчик ${tag}` });
  const contact = await sales.create('contacts', { last_name: `Заказов ${tag}`, email: `zakazov.${tag}@example.ru`, account_id: account.id });
  const deal = await sales.create('deals', { name: `Серверы ${tag}`, close_date: '2026-12-31', account_id: account.id, contact_id: contact.id, currency: 'RUB' });
  expect((await request.post(`/api/v1/records/deals/${deal.id}/related/products`, { data: { id: product.id }, headers: sales.headers })).status()).toBe(204);

  await loginAs(page, 'sales1', { path: `/deals/${deal.id}` });
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Create a quote' }).click();
  await expect(page).toHaveURL(/\/quotes\//);
  await expect(page.getByRole('table', { name: 'Totals' })).toContainText('90,000.00');

  // With the price book on the quote, a product picked for a new line comes at the book's price.
  const quoteId = page.url().split('/quotes/')[1].split('?')[0];
  const q = (await (await page.request.get(`/api/v1/records/quotes/${quoteId}`)).json()).data;
  await sales.patch('quotes', quoteId, { price_book_id: book.id }, q.version);
  await page.reload();
  await page.getByRole('button', { name: 'Add line' }).click();
  const item = page.getByRole('combobox', { name: 'Item of line 2', exact: true });
  await item.click();
  await item.fill(`Сервер ${tag}`);
  await page.getByRole('option', { name: new RegExp(`Сервер ${tag}`) }).click();
  await expect(page.getByRole('textbox', { name: 'Price of line 2' })).toHaveValue('85,000.00');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Line items saved.')).toBeVisible();

  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Convert to sales order' }).click();
  await expect(page).toHaveURL(/\/sales_orders\//);
  await expect(page.getByRole('table', { name: 'Totals' })).toContainText('175,000.00');

  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Send by e-mail' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send by e-mail' });
  await expect(dialog.getByRole('checkbox', { name: 'Attach the PDF' })).toBeChecked();
  await dialog.getByRole('textbox', { name: 'Subject' }).fill(`Заказ ${tag}`);
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText('The e-mail was sent.')).toBeVisible();
  await page.getByRole('tab', { name: 'Related' }).click();
  await page.getByRole('button', { name: 'E-mails' }).click();
  await expect(page.getByRole('table', { name: 'E-mails' }).getByText(`zakazov.${tag}@example.ru`)).toBeVisible();
});

test('an administrator sets the percent of a tax class', async ({ page }) => {
  await loginAs(page, 'admin', { path: '/settings/tax-classes' });
  const table = page.getByRole('table', { name: 'Tax classes' });
  await expect(table.getByRole('textbox', { name: 'Percent of VAT 10%' })).toHaveValue('10');
  await table.getByRole('textbox', { name: 'Percent of VAT 10%' }).fill('10.5');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await page.reload();
  await expect(table.getByRole('textbox', { name: 'Percent of VAT 10%' })).toHaveValue('10.5');
  await table.getByRole('textbox', { name: 'Percent of VAT 10%' }).fill('abc');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(table.getByText('must be a percent from 0 to 100')).toBeVisible();
});

test("an account's customer group brings its price book to a new quote", async ({ page, request }) => {
  const tag = uniq();
  const admin = await apiAs(request, 'admin');
  const product = await admin.create('products', { name: `Сканер ${tag}`, unit_price: '1000.00' });
  const book = await admin.create('price_books', { name: `Опт ${tag}`, currency: 'RUB', customer_group: 'wholesale' });
  const linked = await request.post(`/api/v1/records/price_books/${book.id}/related/products`, { data: { id: product.id, list_price: '800.00' }, headers: admin.headers });
  expect(linked.status()).toBe(204);

  await loginAs(page, 'sales1', { path: '/accounts/new' });
  await page.getByRole('textbox', { name: 'Account name' }).fill(`ООО Оптовик ${tag}`);
  await choose(page, 'Customer group', 'Wholesale');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `ООО Оптовик ${tag}` })).toBeVisible();

  await page.goto('/quotes/new');
  await page.getByRole('textbox', { name: 'Subject' }).fill(`Сканеры ${tag}`);
  await choose(page, 'Account', new RegExp(`Оптовик ${tag}`), `Оптовик ${tag}`);
  await choose(page, 'Currency', /RUB/);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Сканеры ${tag}` })).toBeVisible();
  await page.getByRole('button', { name: 'Add line' }).click();
  const item = page.getByRole('combobox', { name: 'Item of line 1', exact: true });
  await item.click();
  await item.fill(`Сканер ${tag}`);
  await page.getByRole('option', { name: new RegExp(`Сканер ${tag}`) }).click();
  // The wholesale book's price, not the catalogue's 1,000.
  await expect(page.getByRole('textbox', { name: 'Price of line 1' })).toHaveValue('800.00');
});
