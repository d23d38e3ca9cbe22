import { expect, test } from '@playwright/test';
import { apiAs, loginAs, pickFile, uniq } from './helpers';

// The smallest valid PNG (1×1).
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

test('upload a document to an account, see it on its timeline, download it, upload a new version and keep the old one', async ({ page, request }) => {
  test.setTimeout(180_000);
  const tag = uniq();
  const api = await apiAs(request, 'sales1');
  const account = await api.create('accounts', { name: `ООО Архив ${tag}` });
  await loginAs(page, 'sales1', { path: `/accounts/${account.id}` });
  await page.getByRole('tab', { name: 'Related' }).click();
  await page.getByRole('button', { name: 'Documents' }).click();
  await page.getByRole('link', { name: 'New Document' }).click();
  await page.getByRole('textbox', { name: 'Title' }).fill(`Договор ${tag}`);
  await pickFile(page, 'File', { name: `договор-${tag}.txt`, mimeType: 'text/plain', buffer: Buffer.from('Договор поставки 供货合同') });
  await expect(page.getByText('Uploading…')).toHaveCount(0);
  await page.getByRole('button', { name: 'Save' }).click();
  // Back on the account, the new document is in its related list.
  await expect(page.getByRole('heading', { level: 1, name: `ООО Архив ${tag}` })).toBeVisible();
  await page.getByRole('tab', { name: 'Timeline' }).click();
  await expect(page.getByText(`Договор ${tag}`)).toBeVisible();
  await page.getByRole('tab', { name: 'Related' }).click();
  await page.getByRole('button', { name: 'Documents' }).click();
  await page.getByRole('table', { name: 'Documents' }).getByRole('row', { name: new RegExp(`Договор ${tag}`) }).getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1, name: `Договор ${tag}` })).toBeVisible();
  const download = page.getByRole('link', { name: `договор-${tag}.txt` });
  await expect(download).toBeVisible();
  const file = await page.request.get((await download.getAttribute('href'))!);
  expect(await file.text()).toBe('Договор поставки 供货合同');

  await page.getByRole('tab', { name: 'Versions' }).click();
  await pickFile(page, 'New version', { name: `договор-${tag}-v2.txt`, mimeType: 'text/plain', buffer: Buffer.from('v2') });
  await page.getByRole('textbox', { name: 'Version' }).fill('2.0');
  await page.getByRole('button', { name: 'Upload' }).click();
  const versions = page.getByRole('table', { name: 'Versions' });
  // On PGlite one connection serves every request: an import journey running beside this one can hold it for seconds.
  await expect(versions.getByRole('link', { name: `договор-${tag}-v2.txt` })).toBeVisible({ timeout: 45_000 });
  await expect(versions.getByRole('link', { name: `договор-${tag}.txt` })).toBeVisible();
});

test("a product's image is uploaded in the form and shown on the product page", async ({ page, request }) => {
  const tag = uniq();
  const admin = await apiAs(request, 'admin');
  const product = await admin.create('products', { name: `Ноутбук с фото ${tag}`, unit_price: '100' });
  await loginAs(page, 'admin', { path: `/products/${product.id}/edit` });
  await pickFile(page, 'Image', { name: 'photo.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.getByText('Uploading…')).toHaveCount(0);
  await page.getByRole('button', { name: 'Save' }).click();
  const img = page.getByRole('img', { name: 'Image' });
  await expect(img).toBeVisible();
  expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(1);
});
