import { expect, test } from '@playwright/test';
import { apiAs, choose, loginAs, uniq } from './helpers';

test('a price manager sets up wholesale = cost + 20 % rounded up to 10, enters a cost price and reads the wholesale price on the product', async ({ page, request }) => {
  const tag = uniq();
  const admin = await apiAs(request, 'admin');
  const cost = await admin.create('price_types', { name: `Cost ${tag}`, kind: 'manual', usage: 'purchases' });
  const product = await admin.create('products', { name: `Printer ${tag}`, unit_price: '1500.00' });

  await loginAs(page, 'admin', { path: '/price_types/new' });
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`Wholesale ${tag}`);
  await choose(page, 'Price is set', 'Markup over another price type');
  await choose(page, 'Base price type', `Cost ${tag}`, `Cost ${tag}`);
  await page.getByRole('textbox', { name: 'Markup, %' }).fill('20');
  await choose(page, 'Round to', '10');
  await choose(page, 'Rounding', "Up (in the company's favour)");
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Wholesale ${tag}` })).toBeVisible();

  await page.goto(`/products/${product.id}`);
  await page.getByRole('tab', { name: 'Prices' }).click();
  const set = page.getByRole('group', { name: 'Set a price' });
  await set.getByRole('combobox', { name: 'Price type' }).click();
  await page.getByRole('option', { name: `Cost ${tag}` }).click();
  await set.getByRole('textbox', { name: 'Price', exact: true }).fill('1001');
  await set.getByRole('button', { name: 'Save the price' }).click();
  // 1001 × 1.2 = 1201.2, rounded up to 10.
  await expect(page.getByTestId(`price-Wholesale ${tag}`)).toContainText('1,210.00');
  await page.getByTestId(`price-Wholesale ${tag}`).click();
  await expect(page.getByRole('table', { name: `History: Wholesale ${tag}` })).toContainText('computed');
});
