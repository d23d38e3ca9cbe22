import { expect, test, type Page } from '@playwright/test';
import { apiAs, choose, keepScreenshot, loginAs, loginAsNewUser, uniq } from './helpers';

// What new users tripped over in their first week (issue 13), each as a journey.

test('the kanban adds money per currency, with forecasts; the kind is in the URL', async ({ page, request }) => {
  const tag = uniq();
  const api = await apiAs(request, 'sales2');
  await api.create('deals', { name: `Рубли ${tag}`, amount: '960000000', currency: 'RUB', close_date: '2027-01-31', probability: '50' });
  await api.create('deals', { name: `Доллары ${tag}`, amount: '950000000', currency: 'USD', close_date: '2027-01-31', probability: '10' });
  await loginAs(page, 'sales2', { path: '/deals?layout=kanban' });
  const column = page.getByRole('region', { name: 'Prospecting' });
  await expect(column.getByLabel(`Рубли ${tag}`, { exact: true })).toBeVisible();
  const totals = column.getByLabel('Amount');
  await expect(totals).toContainText('RUB');
  await expect(totals).toContainText('$');
  await expect(totals).toContainText('forecast');
  // The board's kind lives in the URL.
  await choose(page, 'Deal kind', 'Deals without a kind');
  await expect(page).toHaveURL(/kind=none/);
});

test('a deal kind with stages of its own: edited in its form, used by a deal, shown on its board', async ({ page }) => {
  const tag = uniq();
  await loginAs(page, 'admin', { path: '/deal_kinds/new' });
  await page.getByRole('textbox', { name: 'Name' }).fill(`Тендер ${tag}`);
  for (const [i, name] of ['Заявка', 'Торги', 'Контракт'].entries()) {
    await page.getByRole('button', { name: 'Add a stage' }).click();
    await page.getByRole('textbox', { name: 'Stage' }).nth(i).fill(name);
    await page.getByRole('textbox', { name: 'Probability, %' }).nth(i).fill(String((i + 1) * 25));
  }
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Тендер ${tag}` })).toBeVisible();
  await expect(page.getByText('2. Торги — 50 %')).toBeVisible();

  await page.goto('/deals/new');
  await page.getByRole('textbox', { name: 'Deal name' }).fill(`Госзакупка ${tag}`);
  await choose(page, 'Deal kind', new RegExp(`Тендер ${tag}`), `Тендер ${tag}`);
  await choose(page, 'Sales stage', 'Торги');
  await page.getByRole('textbox', { name: 'Expected close date' }).fill('03/31/2027');
  await page.getByRole('textbox', { name: 'Amount' }).fill('100000');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Госзакупка ${tag}` })).toBeVisible();
  // forecast = 100,000 × 50 %
  await expect(page.locator('[data-field="forecast_amount"]')).toContainText('50,000.00');
  await page.goto('/deals?layout=kanban');
  await choose(page, 'Deal kind', `Тендер ${tag}`);
  await expect(page.getByRole('region', { name: 'Торги' }).getByLabel(`Госзакупка ${tag}`, { exact: true })).toBeVisible();
});

async function recurringEvent(page: Page, subject: string) {
  await page.goto('/events/new');
  await page.getByRole('textbox', { name: /^(Subject|Тема|主题)$/ }).first().fill(subject);
}

test('the recurrence editor, in Russian: weekly on Monday and Wednesday, five times — shown in words', async ({ page, request }) => {
  const tag = uniq();
  await loginAsNewUser(page, request, 'ru');
  await recurringEvent(page, `Планёрка ${tag}`);
  await page.getByRole('textbox', { name: 'Начало' }).fill('02.03.2026 10:00');
  await page.getByRole('textbox', { name: 'Начало' }).press('Tab');
  await choose(page, 'Повторять', 'Еженедельно');
  await page.getByText('ср', { exact: true }).click();
  await choose(page, 'Окончание', 'После числа повторений');
  await page.getByRole('textbox', { name: 'Раз' }).fill('5');
  await expect(page.getByTestId('recurrence-words')).toHaveText('каждую неделю в понедельник и среду, 5 раз');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Планёрка ${tag}` })).toBeVisible();
  await expect(page.locator('[data-field="recurrence"]')).toHaveText('каждую неделю в понедельник и среду, 5 раз');
});

test('the recurrence editor, in Chinese: monthly on the last Friday', async ({ page, request }) => {
  const tag = uniq();
  await loginAsNewUser(page, request, 'zh');
  await recurringEvent(page, `月会 ${tag}`);
  await page.getByRole('textbox', { name: '开始时间' }).fill('2026-03-27 15:00');
  await page.getByRole('textbox', { name: '开始时间' }).press('Tab');
  await choose(page, '重复', '每月');
  await page.getByRole('radio', { name: /最后一个星期五/ }).check();
  await expect(page.getByTestId('recurrence-words')).toHaveText('每月的最后一个星期五');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.locator('[data-field="recurrence"]')).toHaveText('每月的最后一个星期五');
});

test('dates are typed in the user’s order: 31.12.2026 in Russian', async ({ page, request }) => {
  const tag = uniq();
  const rep = await loginAsNewUser(page, request, 'ru');
  const admin = await apiAs(request, 'admin');
  const deal = await admin.create('deals', { name: `Дата ${tag}`, close_date: '2026-06-30', assigned_to: rep.id });
  await page.goto(`/deals/${deal.id}/edit`);
  const date = page.getByRole('textbox', { name: 'Ожидаемая дата закрытия' });
  await expect(date).toHaveValue('30.06.2026');
  await date.fill('31.12.2026');
  await date.press('Tab');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  // The edit page carries the same heading: wait for the record page, then read what was stored.
  await expect(page).not.toHaveURL(/\/edit/);
  await expect(page.getByRole('heading', { level: 1, name: `Дата ${tag}` })).toBeVisible();
  await expect.poll(async () => (await (await page.request.get(`/api/v1/records/deals/${deal.id}`)).json()).data.close_date).toBe('2026-12-31');
});

test('quote lines typed before a failed save are still there after a reload', async ({ page, request }) => {
  const tag = uniq();
  const api = await apiAs(request, 'sales1');
  const account = await api.create('accounts', { name: `Черновик ${tag}` });
  const quote = await api.create('quotes', { subject: `Черновик ${tag}`, account_id: account.id, status: 'created', currency: 'RUB', lines: [] });
  await loginAs(page, 'sales1', { path: `/quotes/${quote.id}` });
  await page.getByRole('button', { name: 'Add line' }).click();
  await page.getByRole('textbox', { name: 'Description of line 1' }).fill(`Монтаж ${tag}`);
  await page.getByRole('button', { name: 'Add line' }).click();
  await page.getByRole('textbox', { name: 'Quantity of line 2' }).fill('3');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Description of line 1' })).toHaveValue(`Монтаж ${tag}`);
  await expect(page.getByRole('textbox', { name: 'Quantity of line 2' })).toHaveValue('3');
  await expect(page.getByText('Amounts in RUB')).toBeVisible();
});

test('@Оль offers Ольга Кузнецова by name; the mention reaches her', async ({ page, request }) => {
  const tag = uniq();
  const api = await apiAs(request, 'sales1');
  const account = await api.create('accounts', { name: `Упоминание ${tag}` });
  await loginAs(page, 'sales1', { path: `/accounts/${account.id}?tab=timeline` });
  const box = page.getByRole('textbox', { name: 'Comment' });
  await box.click();
  await box.pressSequentially('Посмотрите, @Оль');
  await page.getByRole('option', { name: /Ольга Кузнецова/ }).click();
  await expect(box).toHaveValue('Посмотрите, @Ольга Кузнецова ');
  await box.pressSequentially(tag);
  await page.getByRole('button', { name: 'Comment', exact: true }).click();
  // The comment is saved (it shows on the timeline) before the manager looks for the notification.
  await expect(page.getByText(new RegExp(`Посмотрите, @Ольга Кузнецова ${tag}`)).first()).toBeVisible();
  const manager = await apiAs(request, 'manager');
  await expect.poll(async () => {
    const notes = await (await request.get('/api/v1/notifications', { headers: manager.headers })).json();
    return notes.data.some((n: { kind: string; message: string | null }) => n.kind === 'mention' && n.message?.includes(tag));
  }).toBe(true);
});

test('a marketing user’s menus hold only what the role may use, in Chinese', async ({ page, request }) => {
  await loginAsNewUser(page, request, 'zh', '/', 'Marketing');
  const nav = page.getByRole('navigation', { name: /导航|Main navigation/ });
  await nav.getByRole('button', { name: '销售' }).click();
  await expect(nav.getByRole('link', { name: '客户' })).toBeVisible();
  await expect(nav.getByRole('link', { name: '商机' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: '报价单' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: '发票' })).toHaveCount(0);
});

test('at a phone’s width: the list is cards, the quote and the month calendar fit the screen', async ({ page, request }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const api = await apiAs(request, 'sales1');
  const account = await api.create('accounts', { name: `Телефон ${uniq()}` });
  const quote = await api.create('quotes', { subject: `Телефон ${uniq()}`, account_id: account.id, status: 'created', currency: 'RUB', lines: [{ description: 'Ноутбук', quantity: '2', list_price: '50000' }] });
  await loginAs(page, 'sales1', { path: '/contacts' });
  await expect(page.getByRole('list', { name: 'Contacts' })).toBeVisible();
  await expect(page.getByRole('listitem').first()).toBeInViewport();
  const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
  expect(await fits()).toBe(true);
  await keepScreenshot(page, 'phone-list');
  await page.goto(`/quotes/${quote.id}`);
  await expect(page.getByRole('table', { name: 'Totals' })).toBeVisible();
  // Lines are cards with every input on screen, not a table scrolled sideways.
  await expect(page.getByRole('list', { name: 'Line items' }).getByRole('textbox', { name: 'Price of line 1' })).toBeInViewport();
  expect(await fits()).toBe(true);
  await keepScreenshot(page, 'phone-quote');
  await page.goto('/calendar');
  await expect(page.getByRole('button', { name: 'Next month' })).toBeVisible();
  // Days show how many items they hold; the chosen day's items are listed below.
  await expect(page.getByRole('gridcell', { selected: true })).toBeVisible();
  expect(await fits()).toBe(true);
  await keepScreenshot(page, 'phone-calendar');
});

/** As an administrator in the layout editor: moves a vendors' field to the first other block; returns that block's name. */
async function moveVendorField(page: Page, field: string): Promise<string> {
  await loginAs(page, 'admin', { path: '/settings/layout' });
  await choose(page, 'Module', 'Vendors', 'Vendors');
  await page.getByRole('combobox', { name: `Move ${field} to a block` }).click();
  const target = page.getByRole('option').first();
  const name = (await target.textContent())!.trim();
  await target.click();
  return name;
}

test('the layout editor moves a field to another block; the form follows', async ({ page }) => {
  const targetName = await moveVendorField(page, 'Phone');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await expect(page.getByRole('group', { name: targetName }).getByText('Phone', { exact: true })).toBeVisible();
  await page.goto('/vendors/new');
  await expect(page.getByRole('group', { name: targetName }).getByRole('textbox', { name: 'Phone' })).toBeVisible();
});

test('in the layout editor, moves not yet saved survive relabelling a custom field', async ({ page, request }) => {
  const tag = uniq();
  const admin = await apiAs(request, 'admin');
  const made = await request.post('/api/v1/meta/modules/vendors/fields', { data: { name: `cf_grade_${tag}`, type: 'text', label: { en: `Grade ${tag}` } }, headers: admin.headers });
  expect(made.status(), await made.text()).toBe(201);
  const targetName = await moveVendorField(page, 'Website');
  await expect(page.getByText('The layout has changes that are not saved.')).toBeVisible();
  await page.getByRole('button', { name: `Edit the field Grade ${tag}` }).click();
  await page.getByRole('dialog').getByRole('textbox', { name: 'Label (English)' }).fill(`Class ${tag}`);
  await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(`Class ${tag}`, { exact: true })).toBeVisible();
  // The move is still there, unsaved.
  await expect(page.getByRole('group', { name: targetName }).getByText('Website', { exact: true })).toBeVisible();
  await expect(page.getByText('The layout has changes that are not saved.')).toBeVisible();
  // Another module (its layout already read) shows its own layout, not the vendors' unsaved one.
  await choose(page, 'Module', 'Accounts', 'Accounts');
  await expect(page.getByRole('group', { name: 'Account information' })).toBeVisible();
  await expect(page.getByText('The layout has changes that are not saved.')).toBeHidden();
});

test('the palette shows what matched in words and Enter opens the best hit', async ({ page, request }) => {
  const tag = uniq();
  const api = await apiAs(request, 'sales1');
  const contact = await api.create('contacts', { last_name: `Палитрин ${tag}`, email: `palette.${tag}@example.com` });
  await loginAs(page, 'sales1', { path: '/' });
  await page.keyboard.press('Control+k');
  await page.getByRole('textbox', { name: /Search records/ }).fill(`palette.${tag}`);
  await expect(page.getByText(`E-mail: palette.${tag}@example.com`)).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/contacts/${contact.id}`));
});
