import { expect, test } from '@playwright/test';
import iconv from 'iconv-lite';
import { apiAs, choose, keepScreenshot, loginAs, pickFile, uniq } from './helpers';


test('another file picked in the import wizard: its columns, not the last file’s, before going on', async ({ page }) => {
  await loginAs(page, 'manager', { path: '/import/contacts' });
  await pickFile(page, 'File', { name: 'first.csv', mimeType: 'text/csv', buffer: Buffer.from('Фамилия;Имя;Почта\nПервый;Пётр;a@example.ru\n') });
  await expect(page.getByText('3 columns: Фамилия, Имя, Почта')).toBeVisible();
  // The second file's preview takes a second and a half.
  await page.route('**/api/v1/imports/preview', async (route) => { await new Promise((r) => setTimeout(r, 1500)); await route.continue().catch(() => undefined); });
  await pickFile(page, 'File', { name: 'second.csv', mimeType: 'text/csv', buffer: Buffer.from('Last name,Mobile\nSecond,+7 900 000 0001\n') });
  await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
  await expect(page.getByText('3 columns: Фамилия, Имя, Почта')).toBeHidden();
  await expect(page.getByText('2 columns: Last name, Mobile')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Next' })).toBeEnabled();
});
test('import a Windows-1251 CSV through the wizard: map a column by hand, watch the progress, then undo it', async ({ page }) => {
  const tag = uniq();
  const rows = Array.from({ length: 1500 }, (_, i) => `Импортов-${tag}-${i};Пётр;imp.${tag}.${i}@example.ru;+7 900 ${String(i).padStart(7, '0')}`);
  // Windows-1251 bytes, as Excel in Russia saves a CSV.
  const text = `Фамилия;Имя;Почта;Тел\n${rows.join('\n')}\n`;
  await loginAs(page, 'manager', { path: '/contacts' });
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Import into Contacts' })).toBeVisible();
  await pickFile(page, 'File', { name: 'контакты.csv', mimeType: 'text/csv', buffer: iconv.encode(text, 'win1251') });
  await expect(page.getByRole('combobox', { name: 'Encoding' })).toHaveValue('windows-1251 (detected)');
  await expect(page.getByText('4 columns: Фамилия, Имя, Почта, Тел')).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();

  // Фамилия and Имя map themselves by their Russian labels; Почта and Тел are mapped by hand — quicker than the
  // preview answers (slowed here), so the second choice must not undo the first.
  await expect(page.getByRole('combobox', { name: 'Field for column Фамилия' })).toHaveValue('Last name *');
  await page.route('**/api/v1/imports/preview', async (route) => { await new Promise((r) => setTimeout(r, 1500)); await route.continue().catch(() => undefined); /* a superseded preview is cancelled meanwhile */ }, { times: 2 });
  await choose(page, 'Field for column Почта', 'E-mail', 'E-mail');
  await choose(page, 'Field for column Тел', 'Mobile', 'Mobile');
  await expect(page.getByRole('combobox', { name: 'Field for column Почта' })).toHaveValue('E-mail');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('The first 20 rows are fine.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'First rows' }).getByText(`imp.${tag}.0@example.ru`)).toBeVisible();
  await keepScreenshot(page, 'import-preview');
  await page.getByRole('button', { name: 'Start the import' }).click();

  await expect(page).toHaveURL(/\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('progressbar', { name: 'Import progress' })).toBeVisible();
  await expect(page.getByText(/of 1,500 rows/)).toBeVisible();
  await expect(page.getByText('Finished')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('1,500 of 1,500 rows')).toBeVisible();
  await expect(page.getByText('Created: 1500')).toBeVisible();
  await keepScreenshot(page, 'import-done');

  const importPage = page.url();
  await page.getByRole('link', { name: 'Open Contacts' }).click();
  await page.getByRole('searchbox', { name: 'Search Contacts' }).fill(`imp.${tag}.7@example.ru`);
  await expect(page.getByRole('link', { name: `Импортов-${tag}-7` })).toBeVisible();
  // The import's page is there to come back to (and the list of imports names it).
  await page.goto('/imports');
  await page.getByRole('link', { name: 'контакты.csv' }).first().click();
  await expect(page).toHaveURL(importPage);

  await page.getByRole('button', { name: 'Undo the import' }).click();
  await page.getByRole('dialog', { name: 'Undo this import?' }).getByRole('button', { name: 'Undo the import' }).click();
  await expect(page.getByText(/Undone: 1500 to the recycle bin/)).toBeVisible({ timeout: 30_000 });
  const left = await page.request.get(`/api/v1/records/contacts?filter[email]=imp.${tag}.7@example.ru`);
  expect((await left.json()).data).toEqual([]);
});

test('import American dates: day first the row is refused in the preview, "Month first" reads 12/31/2026 as New Year\'s Eve', async ({ page }) => {
  const name = `US deal ${uniq()}`;
  await loginAs(page, 'manager', { path: '/import/deals' });
  await pickFile(page, 'File', { name: 'us-deals.csv', mimeType: 'text/csv', buffer: Buffer.from(`name,close_date\n${name},12/31/2026\n`) });
  await expect(page.getByRole('combobox', { name: 'Dates' })).toHaveValue('Day first (31.12.2026)');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('1 of the first 1 rows have problems (in red); they will be reported and skipped.')).toBeVisible();
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByRole('button', { name: 'Back' }).click();
  await choose(page, 'Dates', 'Month first (12/31/2026)');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('The first 1 rows are fine.')).toBeVisible();
  // The preview shows how the date was read, in the reader's format.
  await expect(page.getByRole('table', { name: 'First rows' }).getByText('read as Dec 31, 2026')).toBeVisible();
  await page.getByRole('button', { name: 'Start the import' }).click();
  await expect(page.getByText('Finished')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Created: 1')).toBeVisible();
  const found = await page.request.get(`/api/v1/records/deals?filter[name]=${encodeURIComponent(name)}&fields=close_date`);
  expect(((await found.json()).data as { close_date: string }[]).map((d) => d.close_date)).toEqual(['2026-12-31']);
});

test('find two contacts with the same e-mail and merge them, keeping the second one\'s phone', async ({ page, request }) => {
  const tag = uniq();
  const api = await apiAs(request, 'sales1');
  const first = await api.create('contacts', { last_name: `Слиянов-${tag}`, email: `merge.${tag}@example.ru`, title: 'Директор' });
  const second = await api.create('contacts', { last_name: `Слиянов-${tag}`, email: `MERGE.${tag}@example.ru`, phone: '+7 495 123-45-67' });
  await loginAs(page, 'sales1', { path: '/contacts' });
  await page.getByRole('link', { name: 'Find duplicates' }).click();
  await expect(page.getByRole('heading', { name: 'Duplicates in Contacts' })).toBeVisible();
  await page.getByRole('button', { name: 'Find', exact: true }).click();
  const group = page.getByRole('group', { name: `merge.${tag}@example.ru` });
  await expect(group.getByRole('link', { name: first.number })).toBeVisible();
  await group.getByRole('button', { name: 'Merge…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Merge 2 records' });
  await expect(dialog.getByRole('radio', { name: `Keep ${first.number}` })).toBeChecked();
  // The kept record has no phone: the second one's is chosen for it already.
  await expect(dialog.getByRole('radio', { name: `Office phone from ${second.number}` })).toBeChecked();
  await dialog.getByRole('radio', { name: `E-mail from ${second.number}` }).check();
  await keepScreenshot(page, 'merge-dialog');
  await dialog.getByRole('button', { name: 'Merge' }).click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${first.id}$`));
  await expect(page.getByText('+7 495 123-45-67')).toBeVisible();
  await expect(page.getByText('Директор')).toBeVisible();
  expect((await page.request.get(`/api/v1/records/contacts/${second.id}`)).status()).toBe(404);
});

test('find contacts by their whole name: first and last name compared as one, whatever the case', async ({ page, request }) => {
  const tag = uniq();
  const api = await apiAs(request, 'sales1');
  const first = await api.create('contacts', { first_name: 'Анна', last_name: `Полнова-${tag}` });
  const second = await api.create('contacts', { first_name: 'АННА', last_name: `полнова-${tag}` });
  await loginAs(page, 'sales1', { path: '/duplicates/contacts' });
  await expect(page.getByRole('heading', { name: 'Duplicates in Contacts' })).toBeVisible();
  // Instead of the e-mail proposed for people: the whole name.
  const compare = page.getByRole('combobox', { name: 'Compare by' });
  await compare.press('Backspace');
  await choose(page, 'Compare by', 'First name + Last name', 'First');
  await page.getByRole('button', { name: 'Find', exact: true }).click();
  const group = page.getByRole('group', { name: `анна полнова ${tag}` });
  await expect(group.getByRole('link', { name: first.number })).toBeVisible();
  await expect(group.getByRole('link', { name: second.number })).toBeVisible();
});

test('creating a contact that looks like an existing one warns first; "Save anyway" saves it', async ({ page, request }) => {
  const tag = uniq();
  const api = await apiAs(request, 'sales1');
  const existing = await api.create('contacts', { last_name: `Двойников-${tag}`, email: `twin.${tag}@example.ru` });
  await loginAs(page, 'sales1', { path: '/contacts/new' });
  await page.getByRole('textbox', { name: 'Last name' }).fill(`Двойников-${tag}`);
  await page.getByRole('textbox', { name: 'E-mail', exact: true }).fill(`Twin.${tag}@example.ru`);
  await page.getByRole('button', { name: 'Save' }).click();
  const warning = page.getByRole('alert').filter({ hasText: 'This may already be here:' });
  await expect(warning.getByRole('link', { name: new RegExp(existing.number) })).toBeVisible();
  await expect(page).toHaveURL(/\/contacts\/new$/);
  await warning.getByRole('button', { name: 'Save anyway' }).click();
  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);
});
