import { expect, test } from '@playwright/test';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { apiAs, choose, keepScreenshot, loginAs, loginAsNewUser, uniq } from './helpers';

// A 1×1 PNG: enough for the logo path (read, previewed, stored inline, shown again after a reload).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

test('an administrator sets the company details with a logo and adds a translated picklist value a user then picks', async ({ page, request }) => {
  const tag = uniq();
  await loginAs(page, 'admin', { path: '/settings/company' });
  await page.getByRole('textbox', { name: 'Tax ID (INN)' }).fill('7801234567');
  await page.getByRole('textbox', { name: 'Company name' }).fill(`ООО «Карта ${tag}»`);
  const logo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'logo-')), 'logo.png');
  fs.writeFileSync(logo, PNG);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: /Upload logo/ }).click();
  await (await chooser).setFiles(logo);
  await expect(page.getByRole('img', { name: 'Company logo' })).toBeVisible();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Company name' })).toHaveValue(`ООО «Карта ${tag}»`);
  await expect(page.getByRole('img', { name: 'Company logo' })).toBeVisible();
  await keepScreenshot(page, 'settings-company');

  // Picklists: add a value to the accounts' industry with a Russian label
  const value = `agro_${tag}`;
  await page.goto('/settings/picklists');
  const industry = page.getByRole('region', { name: 'Industry' });
  await industry.getByRole('textbox', { name: 'New value of Industry' }).fill(value);
  await industry.getByRole('button', { name: 'Add value' }).click();
  await industry.getByRole('textbox', { name: `${value}: English` }).fill(`Agriculture ${tag}`);
  await industry.getByRole('textbox', { name: `${value}: Русский` }).fill(`Сельское хозяйство ${tag}`);
  await industry.getByRole('button', { name: 'Save' }).click();
  await expect(industry.getByText('Saved.')).toBeVisible();

  // Someone working in Russian picks it in the account form
  await page.context().clearCookies();
  // A user of their own, since the language is saved on the user and journeys run in parallel.
  await loginAsNewUser(page, request, 'ru', '/accounts/new', 'Marketing');
  await page.getByRole('textbox', { name: 'Контрагент' }).fill(`Ферма ${tag}`);
  await choose(page, 'Отрасль', `Сельское хозяйство ${tag}`);
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Ферма ${tag}` })).toBeVisible();
  await expect(page.getByText(`Сельское хозяйство ${tag}`)).toBeVisible();
});

test('the next number is retyped freely, and one below a number already given is refused beside it', async ({ page, request }) => {
  const admin = await apiAs(request, 'admin');
  // A gap below the highest number: free, but creating would count up into the number already given.
  const first = Number((await admin.create('vendors', { name: `Поставщик ${uniq()}` })).number.replace(/\D/g, ''));
  expect((await request.patch('/api/v1/settings/numbering/vendors', { data: { next_number: first + 20 }, headers: admin.headers })).status()).toBe(200);
  const given = Number((await admin.create('vendors', { name: `Поставщик ${uniq()}` })).number.replace(/\D/g, ''));
  await loginAs(page, 'admin', { path: '/settings/numbering' });
  const row = page.getByRole('row', { name: /^Vendors/ });
  const box = row.getByRole('textbox', { name: 'Vendors: Next number' });
  await box.fill('');
  await box.pressSequentially(String(first + 5));
  await expect(box).toHaveValue(String(first + 5));
  await row.getByRole('button', { name: 'Save' }).click();
  await expect(row.getByText(`must be above VEN${given}, the highest number given with this prefix`).first()).toBeVisible();
  await box.fill(String(given + 1000));
  await row.getByRole('button', { name: 'Save' }).click();
  await expect(row.getByRole('alert')).toHaveCount(0);
  await expect.poll(async () => ((await (await request.get('/api/v1/settings/numbering', { headers: admin.headers })).json()).data as { module: string; next_number: number }[])
    .find((n) => n.module === 'vendors')?.next_number).toBe(given + 1000);
});
