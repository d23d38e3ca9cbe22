import { expect, test } from '@playwright/test';
import { apiAs, choose, loginAs, uniq } from './helpers';

test('a price manager sets up wholesale = cost + 20 % rounded up to 10, enters a cost price, reads the wholesale price on the product and prints its label', async ({ page, request }) => {
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

  // Price labels of the product from the list: the wholesale price at today's date, as a PDF.
  await page.goto(`/products?q=${encodeURIComponent(`Printer ${tag}`)}`);
  await page.getByRole('checkbox', { name: `Select ${product.number}` }).check();
  await page.getByRole('button', { name: 'Price labels' }).click();
  const dialog = page.getByRole('dialog', { name: 'Price labels' });
  await dialog.getByRole('combobox', { name: 'Price type' }).click();
  await page.getByRole('option', { name: `Wholesale ${tag}` }).click();
  const href = await dialog.getByRole('link', { name: 'Print the labels (PDF)' }).getAttribute('href');
  const labels = await page.request.get(href!);
  expect(labels.status()).toBe(200);
  expect(labels.headers()['content-type']).toBe('application/pdf');
  expect(href).toContain(product.id);
});

test('a sales person makes an offer for a customer, the director approves it, a quote is priced from it (a hand-typed price flagged), and of two alternatives the chosen one goes to the order', async ({ page, request }) => {
  test.setTimeout(180_000);
  const tag = uniq();
  const admin = await apiAs(request, 'admin');
  const wholesale = await admin.create('price_types', { name: `Dealer ${tag}`, kind: 'manual' });
  const product = await admin.create('products', { name: `Scanner ${tag}`, unit_price: '1000.00' });
  const pro = await admin.create('products', { name: `Scanner Pro ${tag}`, unit_price: '1500.00' });
  const set = await request.post('/api/v1/pricing/prices', { data: { date: '2026-01-01', prices: [{ product_id: product.id, price_type_id: wholesale.id, price: '800' }, { product_id: pro.id, price_type_id: wholesale.id, price: '1200' }] }, headers: admin.headers });
  expect(set.status()).toBe(200);
  const sales = await apiAs(request, 'sales1');
  const account = await sales.create('accounts', { name: `ООО Оферта ${tag}` });

  // The offer: the customer's price type and 10 % from five pieces.
  await loginAs(page, 'sales1', { path: '/offers/new' });
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`Terms ${tag}`);
  await choose(page, 'Account', `ООО Оферта ${tag}`, `Оферта ${tag}`);
  await choose(page, 'Price type', `Dealer ${tag}`, `Dealer ${tag}`);
  await page.getByRole('button', { name: 'Add a quantity tier' }).click();
  await page.getByRole('textbox', { name: 'From quantity' }).fill('5');
  await page.getByRole('textbox', { name: 'Discount', exact: true }).fill('10');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Terms ${tag}` })).toBeVisible();
  await expect(page.getByText('Not approved').first()).toBeVisible();
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Submit for approval' }).click();
  await page.getByRole('dialog', { name: 'Submit for approval' }).getByRole('button', { name: 'Submit for approval' }).click();
  await expect(page.getByRole('status').getByText(/waiting for approval/)).toBeVisible();
  const offerId = page.url().split('/offers/')[1];

  // The director approves it from the inbox: the offer is approved.
  await loginAs(page, 'admin', { path: '/approvals' });
  const row = page.getByRole('row', { name: new RegExp(`Terms ${tag}`) });
  await row.getByRole('button', { name: 'Approve' }).click();
  await page.getByRole('dialog', { name: 'Approve' }).getByRole('button', { name: 'Approve' }).click();
  await expect(row).toHaveCount(0);

  // A quote under the offer: the line is priced by the offer's price type with the quantity discount.
  const quote = await (await apiAs(request, 'sales1')).create('quotes', { subject: `Scanners ${tag}`, account_id: account.id, status: 'created', currency: 'RUB', offer_id: offerId, lines: [] });
  await loginAs(page, 'sales1', { path: `/quotes/${quote.id}` });
  await page.getByRole('button', { name: 'Add line' }).click();
  const item = page.getByRole('combobox', { name: 'Item of line 1', exact: true });
  await item.click();
  await item.fill(`Scanner ${tag}`);
  await page.getByRole('option', { name: new RegExp(`Scanner ${tag}`) }).click();
  await expect(page.getByRole('textbox', { name: 'Price of line 1' })).toHaveAttribute('placeholder', 'by the offer');
  await page.getByRole('textbox', { name: 'Quantity of line 1' }).fill('5');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Line items saved.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Price of line 1' })).toHaveValue('800.00');
  await expect(page.getByRole('textbox', { name: 'Discount of line 1, %' })).toHaveValue('10');
  await expect(page.getByTestId('price-source-1')).toHaveText('the offer’s price type');
  // 5 × 800 − 10 % = 3,600
  await expect(page.getByRole('table', { name: 'Totals' })).toContainText('3,600.00');
  // A price typed by hand leaves the offer's terms: flagged with the offer's price.
  await page.getByRole('textbox', { name: 'Price of line 1' }).fill('750');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('deviation-1')).toHaveText('differs from the offer: 800.00');
  await expect(page.getByTestId('price-source-1')).toHaveText('typed by hand');
  // The quote is in the report of deviations from offers: 6.25 % below the offer (750 for 800).
  await page.goto('/offers');
  await page.getByRole('button', { name: 'Deviations from offers' }).click();
  const report = page.getByRole('table', { name: 'Deviations from offers' });
  await expect(report.getByRole('row', { name: new RegExp(`Scanners ${tag}`) })).toContainText('6.25 %');

  // Two alternatives priced by the offer: the total is a range until the customer picks one; the order takes only it.
  const choice = await (await apiAs(request, 'sales1')).create('quotes', { subject: `Choice ${tag}`, account_id: account.id, status: 'created', currency: 'RUB', offer_id: offerId, lines: [] });
  await page.goto(`/quotes/${choice.id}`);
  for (const [n, name] of [[1, `Scanner ${tag}`], [2, `Scanner Pro ${tag}`]] as const) {
    await page.getByRole('button', { name: 'Add line' }).click();
    const pick = page.getByRole('combobox', { name: `Item of line ${n}`, exact: true });
    await pick.click();
    await pick.fill(name);
    await page.getByRole('option', { name: new RegExp(`^${name}`) }).first().click();
    await page.getByRole('checkbox', { name: `Line ${n} is an alternative` }).check();
  }
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Line items saved.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Price of line 2' })).toHaveValue('1,200.00');
  await expect(page.getByRole('table', { name: 'Totals' })).toContainText(/Depending on the choice.*960\.00 – .*1,440\.00/); // with the 20 % VAT a new document starts with
  await page.getByRole('checkbox', { name: 'Line 2 is chosen' }).check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Line items saved.').first()).toBeVisible();
  await expect(page.getByRole('table', { name: 'Totals' })).toContainText(/Grand total.*1,440\.00/);
  await expect(page.getByRole('table', { name: 'Totals' })).not.toContainText('Depending on the choice');
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Convert to sales order' }).click();
  await expect(page).toHaveURL(/\/sales_orders\//);
  await expect(page.getByRole('combobox', { name: 'Item of line 1', exact: true })).toHaveValue(new RegExp(`^Scanner Pro ${tag}`));
  await expect(page.getByRole('combobox', { name: 'Item of line 2', exact: true })).toHaveCount(0);
});

test('a bonus card earns points on a paid invoice; the manager redeems some on the next invoice and the card shows its ledger', async ({ page, request }) => {
  const tag = uniq();
  const admin = await apiAs(request, 'admin');
  const program = await admin.create('loyalty_programs', { name: `Bonus ${tag}`, kind: 'bonus', bonus_rate: '10', point_value: '1' });
  const sales = await apiAs(request, 'sales1');
  const account = await sales.create('accounts', { name: `ООО Бонус ${tag}` });
  const card = await sales.create('loyalty_cards', { card_number: `C-${tag}`, program_id: program.id, account_id: account.id });
  const invoice = (price: string) => sales.create('invoices', { subject: `Invoice ${tag}`, account_id: account.id, status: 'created', currency: 'RUB', loyalty_card_id: card.id, lines: [{ description: 'Работы', quantity: '1', list_price: price }] });
  const first = await invoice('500');
  await sales.patch('invoices', first.id, { status: 'paid' }, first.version);
  const second = await invoice('300');

  await loginAs(page, 'sales1', { path: `/invoices/${second.id}` });
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Redeem points' }).click();
  const dialog = page.getByRole('dialog', { name: 'Redeem points' });
  await dialog.getByRole('textbox', { name: 'Points' }).fill('20');
  await dialog.getByRole('button', { name: 'Redeem points' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Totals' })).toContainText('280.00');

  await page.goto(`/loyalty_cards/${card.id}`);
  await page.getByRole('tab', { name: 'Points' }).click();
  // 500 × 10 % = 50 earned, 20 redeemed.
  await expect(page.getByTestId('points-balance')).toHaveText('Balance: 30.00 points');
  await expect(page.getByRole('table', { name: 'Points' })).toContainText('Redeemed');
  await expect(page.getByRole('table', { name: 'Points' })).toContainText(first.number);
});
