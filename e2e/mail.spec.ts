import { expect, test } from '@playwright/test';
import { startImap } from '../packages/server/src/testing/imap';
import { apiAs, loginAs, uniq } from './helpers';

test('a sales person connects their own mailbox, reads a customer\'s mail linked to the contact, and makes a lead from another', async ({ page, request }) => {
  test.setTimeout(150_000);
  const tag = uniq();
  const user = `own${tag}`;
  const imap = await startImap({ [user]: `pw-${tag}` });
  try {
    const sales = await apiAs(request, 'sales1');
    const contact = await sales.create('contacts', { last_name: `Почтов ${tag}`, email: `client.${tag}@example.ru` });
    await imap.append(user, [`From: Клиент <client.${tag}@example.ru>`, `To: ${user}@karta.test`, `Subject: Вопрос ${tag}`, `Message-ID: <q${tag}@example.ru>`,
      'Content-Type: text/plain; charset=utf-8', '', 'Когда поставка?', ''].join('\r\n'));
    await imap.append(user, [`From: new.${tag}@startup.example`, `To: ${user}@karta.test`, `Subject: Хотим купить ${tag}`, `Message-ID: <n${tag}@startup.example>`,
      'Content-Type: text/plain; charset=utf-8', '', 'Пришлите прайс.', ''].join('\r\n'));

    await loginAs(page, 'sales1', { path: '/mail' });
    await page.getByRole('button', { name: 'My mailbox' }).click();
    const form = page.getByRole('dialog', { name: 'My mailbox' });
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Рабочая почта');
    await form.getByRole('textbox', { name: 'IMAP server' }).fill(imap.host);
    await form.getByRole('textbox', { name: 'Port', exact: true }).fill(String(imap.port));
    await form.getByRole('switch', { name: 'TLS' }).uncheck({ force: true });
    await form.getByRole('textbox', { name: 'User name' }).fill(user);
    await form.getByRole('textbox', { name: 'Password' }).fill(`pw-${tag}`);
    await form.getByRole('switch', { name: 'Check this mailbox' }).uncheck({ force: true });
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form).toBeHidden();
    await page.getByRole('button', { name: 'Check now' }).click();

    const messages = page.getByRole('list', { name: 'Messages' });
    await messages.getByText(`Вопрос ${tag}`).click();
    await expect(page.getByText('Когда поставка?')).toBeVisible();
    await page.getByRole('link', { name: 'Open the record it is about' }).click();
    await expect(page).toHaveURL(new RegExp(`/contacts/${contact.id}`));
    await page.getByRole('tab', { name: 'Timeline' }).click();
    await expect(page.getByLabel('Timeline', { exact: true }).last().getByText(`Вопрос ${tag}`)).toBeVisible();

    await page.goto('/mail');
    await page.getByRole('list', { name: 'Messages' }).getByText(`Хотим купить ${tag}`).click();
    await page.getByRole('button', { name: 'Create a lead' }).click();
    await expect(page).toHaveURL(/\/leads\//);
    await expect(page.getByText(`new.${tag}@startup.example`).first()).toBeVisible();
  } finally {
    await imap.close();
  }
});
