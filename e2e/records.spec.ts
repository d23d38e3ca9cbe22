import { expect, test } from '@playwright/test';
import { choose, keepScreenshot, listTable, loginAs, uniq } from './helpers';

test.describe('records through the generated forms', () => {
  test('create an account and a contact with Cyrillic names and find them everywhere', async ({ page }) => {
    const tag = uniq();
    const account = `ООО Ёлка ${tag}`;
    const lastName = `Щербакова${tag}`;
    await loginAs(page, 'sales1', { path: '/accounts/new' });

    // Account through the form
    await page.getByRole('textbox', { name: 'Account name' }).fill(account);
    await page.getByRole('textbox', { name: 'Phone', exact: true }).fill('+7 (812) 555-01-02');
    await choose(page, 'Type', 'Customer');
    await page.getByRole('textbox', { name: 'Billing city' }).fill('Санкт-Петербург');
    await page.getByRole('button', { name: 'Copy billing → shipping' }).click();
    await expect(page.getByRole('textbox', { name: 'Shipping city' })).toHaveValue('Санкт-Петербург');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('heading', { level: 1, name: account })).toBeVisible();
    await expect(page.getByLabel('Number')).toHaveText(/^ACC\d+$/);

    // Contact through the form, linked to the account with the search-as-you-type picker
    await page.goto('/contacts/new');
    await page.getByRole('textbox', { name: 'First name' }).fill('Агата');
    await page.getByRole('textbox', { name: 'Last name' }).fill(lastName);
    await page.getByRole('textbox', { name: 'E-mail', exact: true }).fill(`agata.${tag}@example.ru`);
    await choose(page, 'Account', new RegExp(`Ёлка ${tag}`), `Ёлка ${tag}`);
    await keepScreenshot(page, 'contact-form');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Агата ${lastName}` })).toBeVisible();
    await expect(page.getByRole('link', { name: account })).toBeVisible();
    await keepScreenshot(page, 'contact-record');

    // In the list
    await page.goto('/contacts');
    const table = listTable(page, 'Contacts');
    await expect(table.getByRole('link', { name: lastName })).toBeVisible();
    await keepScreenshot(page, 'contacts-list');

    // By the module search
    await page.getByRole('searchbox', { name: 'Search Contacts' }).fill(lastName.slice(0, 10));
    await expect(table.getByRole('link', { name: lastName })).toBeVisible();
    await expect(page.getByRole('status')).toContainText('of');
    await page.getByRole('button', { name: 'Clear search' }).click();

    // By the alphabet bar (Cyrillic letter on the title field)
    await page.getByRole('button', { name: 'Last name starts with Щ' }).click();
    await expect(page).toHaveURL(/letter=%D0%A9/);
    await expect(table.getByRole('link', { name: lastName })).toBeVisible();
    await expect(table.getByRole('link', { name: 'Жданов' })).toHaveCount(0);

    // In the command palette, across modules
    await page.keyboard.press('Control+K');
    await page.getByRole('textbox', { name: 'Search records or type a command…' }).fill(`Ёлка ${tag}`);
    await page.getByRole('button', { name: new RegExp(`Ёлка ${tag}`) }).click();
    await expect(page.getByRole('heading', { level: 1, name: account })).toBeVisible();

    // The account's related contacts list shows the new contact
    await page.getByRole('tab', { name: 'Related' }).click();
    await expect(page.getByRole('table', { name: 'Contacts' }).getByText(lastName)).toBeVisible();
  });

  test('inline edit in the list and on the record page', async ({ page, request }) => {
    const tag = uniq();
    await loginAs(page, 'sales1', { path: '/accounts/new' });
    await page.getByRole('textbox', { name: 'Account name' }).fill(`Инлайн ${tag}`);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Инлайн ${tag}` })).toBeVisible();

    // On the record page: the value turns into its input, Enter saves
    await page.getByRole('button', { name: 'Edit Phone', exact: true }).click();
    await page.getByRole('textbox', { name: 'Phone', exact: true }).fill('+7 495 123-45-67');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('link', { name: '+7 495 123-45-67' })).toBeVisible();
    // Keyboard focus comes back to the pencil it left from, not to the page's start.
    await expect(page.getByRole('button', { name: 'Edit Phone', exact: true })).toBeFocused();

    // In a list cell
    await page.goto(`/accounts?q=${encodeURIComponent(`Инлайн ${tag}`)}`);
    const row = listTable(page, 'Accounts').getByRole('row', { name: new RegExp(`Инлайн ${tag}`) });
    await row.getByRole('button', { name: 'Edit Billing city' }).click();
    await row.getByRole('textbox', { name: 'Billing city' }).fill('Казань');
    await row.getByRole('button', { name: 'Save' }).click();
    await expect(row.getByText('Казань')).toBeVisible();

    // Saved on the server, with history
    await row.getByRole('link', { name: `Инлайн ${tag}` }).click();
    await page.getByRole('tab', { name: 'History' }).click();
    await expect(page.getByRole('table', { name: 'Changes' }).filter({ hasText: 'Казань' })).toBeVisible();
    void request;
  });

  test('Save waits for a photo still uploading; Ctrl+S pressed twice makes one contact', async ({ page }) => {
    const tag = uniq();
    await loginAs(page, 'sales1', { path: '/contacts/new' });
    // The upload takes a second and a half.
    await page.route('**/api/v1/files', async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    await page.getByRole('textbox', { name: 'Last name' }).fill(`Фото${tag}`);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Photo' }).click();
    await (await chooser).setFiles({ name: 'face.png', mimeType: 'image/png', buffer: Buffer.from(PIXEL_PNG, 'base64') });
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);
    const withPhoto = (await (await page.request.get(`/api/v1/records/contacts?q=${encodeURIComponent(`Фото${tag}`)}&fields=photo`)).json()).data;
    expect(withPhoto).toHaveLength(1);
    expect(withPhoto[0].photo).toMatch(/^[0-9a-f-]{36}$/);

    // An upload the server refuses: Ctrl+S pressed meanwhile saves nothing, and the field says why.
    await page.goto('/contacts/new');
    await page.unroute('**/api/v1/files');
    await page.route('**/api/v1/files', async (route) => {
      await new Promise((r) => setTimeout(r, 1000));
      await route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ error: { code: 'VALIDATION_FAILED', message: 'The file is too large' } }) });
    });
    await page.getByRole('textbox', { name: 'Last name' }).fill(`Отказ${tag}`);
    const refused = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Photo' }).click();
    await (await refused).setFiles({ name: 'big.png', mimeType: 'image/png', buffer: Buffer.from(PIXEL_PNG, 'base64') });
    await page.keyboard.press('Control+s');
    await expect(page.getByText('The file is too large')).toBeVisible();
    await expect(page).toHaveURL(/\/contacts\/new$/);
    expect((await (await page.request.get(`/api/v1/records/contacts?q=${encodeURIComponent(`Отказ${tag}`)}`)).json()).data).toHaveLength(0);

    // A save taking its time: the second Ctrl+S while it runs does not make a second contact.
    await page.goto('/contacts/new');
    await page.route('**/api/v1/records/contacts', async (route) => {
      if (route.request().method() === 'POST') await new Promise((r) => setTimeout(r, 800));
      await route.continue();
    });
    await page.getByRole('textbox', { name: 'Last name' }).fill(`Дважды${tag}`);
    await page.keyboard.press('Control+s');
    await page.keyboard.press('Control+s');
    await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);
    const twice = (await (await page.request.get(`/api/v1/records/contacts?q=${encodeURIComponent(`Дважды${tag}`)}`)).json()).data;
    expect(twice).toHaveLength(1);
  });

  test('invalid input shows the field message and saves nothing', async ({ page }) => {
    const tag = uniq();
    await loginAs(page, 'sales1', { path: '/contacts/new' });
    await page.getByRole('textbox', { name: 'First name' }).fill(`Ошибка${tag}`);
    await page.getByRole('textbox', { name: 'E-mail', exact: true }).fill('not-an-email');
    await page.getByRole('button', { name: 'Save' }).click();
    // required last name and the e-mail rule, with the shared validators' messages
    await expect(page.getByRole('textbox', { name: 'Last name' })).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('is required')).toBeVisible();
    await expect(page.getByText('must be a valid e-mail address')).toBeVisible();
    await expect(page.getByRole('alert')).toContainText('Please correct the highlighted fields.');
    await expect(page).toHaveURL(/\/contacts\/new$/);

    // A number field: the integer rule
    await page.goto('/accounts/new');
    await page.getByRole('textbox', { name: 'Account name' }).fill(`Ошибка${tag}`);
    await page.getByRole('textbox', { name: 'Employees' }).fill('двадцать');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('must be a whole number')).toBeVisible();

    // Nothing was saved
    const res = await page.request.get(`/api/v1/records/contacts?q=${encodeURIComponent(`Ошибка${tag}`)}`);
    expect((await res.json()).data).toHaveLength(0);
    const acc = await page.request.get(`/api/v1/records/accounts?q=${encodeURIComponent(`Ошибка${tag}`)}`);
    expect((await acc.json()).data).toHaveLength(0);
  });
});

/** A one-pixel PNG. */
const PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
