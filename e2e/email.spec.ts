import { expect, test } from '@playwright/test';
import { apiAs, loginAs, uniq } from './helpers';

test('send a record by e-mail from its page and find the e-mail in its related list', async ({ page, request }) => {
  const tag = uniq();
  const api = await apiAs(request, 'sales1');
  const contact = await api.create('contacts', { last_name: `Письмов ${tag}`, email: `pismov.${tag}@example.ru` });
  await loginAs(page, 'sales1', { path: `/contacts/${contact.id}` });
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Send by e-mail' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send by e-mail' });
  await dialog.getByRole('textbox', { name: 'Subject' }).fill(`Встреча ${tag}`);
  await dialog.getByRole('textbox', { name: 'Message' }).fill('Добрый день! 你好');
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText('The e-mail was sent.')).toBeVisible();
  await page.getByRole('tab', { name: 'Related' }).click();
  await page.getByRole('button', { name: 'E-mails' }).click();
  const emails = page.getByRole('table', { name: 'E-mails' });
  await expect(emails.getByText(`Встреча ${tag}`)).toBeVisible();
  await expect(emails.getByText(`pismov.${tag}@example.ru`)).toBeVisible();
});
