import { expect, test } from '@playwright/test';
import { apiAs, loginAs, uniq } from './helpers';

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
  await expect(page.getByRole('textbox', { name: 'Price of line 1' })).toHaveValue('49987.00');
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
