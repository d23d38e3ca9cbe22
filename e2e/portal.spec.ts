import { expect, test } from '@playwright/test';
import { apiAs, choose, keepScreenshot, lastMailTo, loginAs, uniq } from './helpers';

test('staff invite a customer; the customer opens a request in the portal, support answers it by e-mail from Karta, the customer sees the answer', async ({ page, browser, request }) => {
  test.setTimeout(180_000);
  const tag = uniq();
  const email = `portal.${tag}@example.ru`;
  const admin = await apiAs(request, 'admin');
  const users = (await (await request.get('/api/v1/users', { headers: admin.headers })).json()).data as { id: string; username: string }[];
  const agentId = users.find((u) => u.username === 'support')!.id;
  const account = await admin.create('accounts', { name: `ООО «Портал ${tag}»`, assigned_to: agentId });
  const contact = await admin.create('contacts', { last_name: `Порталов ${tag}`, first_name: 'Пётр', email, account_id: account.id, assigned_to: agentId });
  await admin.create('invoices', { subject: `Счёт ${tag}`, account_id: account.id, status: 'sent', currency: 'RUB', lines: [{ description: 'Услуги', quantity: 1, list_price: '1500.00' }] });

  // The administrator opens the portal to the contact from the contact's page.
  await loginAs(page, 'admin', { path: `/contacts/${contact.id}` });
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Invite to portal' }).click();
  await expect(page.getByText(`Invitation sent to ${email}.`)).toBeVisible();
  const link = /https?:\/\/\S+\/portal\/set-password\?token=\S+/.exec((await lastMailTo(email)).text)![0];

  // The customer, in a browser of their own, sets a password from the link and opens a request.
  const customerContext = await browser.newContext({ baseURL: test.info().project.use.baseURL, locale: 'en-US' });
  const customer = await customerContext.newPage();
  await customer.goto(new URL(link).pathname + new URL(link).search);
  await customer.getByLabel('New password').fill('portal-pass-1');
  await customer.getByLabel('Repeat the password').fill('portal-pass-1');
  await customer.getByRole('button', { name: 'Set your password' }).click();
  await expect(customer.getByRole('heading', { name: 'My requests' })).toBeVisible();
  await customer.getByRole('link', { name: 'New request' }).first().click();
  await customer.getByRole('textbox', { name: 'Subject' }).fill(`Не приходит акт ${tag}`);
  await customer.getByRole('textbox', { name: 'Describe the problem' }).fill('Жду акт сверки с прошлой недели.');
  await customer.getByRole('button', { name: 'Send' }).click();
  await expect(customer.getByRole('heading', { name: `Не приходит акт ${tag}` })).toBeVisible();

  // Support finds it in Karta and answers by e-mail.
  const staff = await (await browser.newContext({ baseURL: test.info().project.use.baseURL, locale: 'en-US' })).newPage();
  await loginAs(staff, 'support', { path: '/tickets' });
  await staff.getByRole('link', { name: `Не приходит акт ${tag}` }).click();
  await expect(staff.getByText('Customer portal').first()).toBeVisible();
  await staff.getByRole('button', { name: 'Reply', exact: true }).click();
  const dialog = staff.getByRole('dialog', { name: 'Reply' });
  await dialog.getByRole('textbox', { name: 'Message' }).fill(`Акт отправлен повторно ${tag}.`);
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect(staff.getByText('The e-mail was sent.')).toBeVisible();

  // The customer sees the answer in the conversation, replies, and finds the invoice with its PDF.
  await customer.reload();
  const log = customer.getByRole('log', { name: 'Conversation' });
  await expect(log.getByText(`Акт отправлен повторно ${tag}.`)).toBeVisible();
  await expect(customer.getByText('Answered')).toBeVisible();
  await customer.getByRole('textbox', { name: 'Your reply' }).fill('Спасибо, получил.');
  await customer.getByRole('button', { name: 'Send' }).click();
  await expect(log.getByText('Спасибо, получил.')).toBeVisible();
  await keepScreenshot(customer, 'portal-ticket');
  await customer.getByRole('link', { name: 'Quotes and invoices' }).click();
  const row = customer.getByRole('row', { name: new RegExp(`Счёт ${tag}`) });
  await expect(row).toBeVisible();
  const href = await row.getByRole('link', { name: /PDF/ }).getAttribute('href');
  const pdf = await customer.request.get(href!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  // A claim about that invoice: submitted in the portal, listed there with its status.
  await customer.getByRole('link', { name: 'Claims' }).click();
  const claimForm = customer.getByRole('form', { name: 'Submit a claim' });
  await claimForm.getByRole('textbox', { name: 'Subject' }).fill(`Ошибка в счёте ${tag}`);
  await choose(customer, 'About the invoice', new RegExp(`Счёт ${tag}`));
  await claimForm.getByRole('button', { name: 'Send' }).click();
  await expect(customer.getByRole('status').filter({ hasText: /Claim CLM\d+ is registered/ })).toBeVisible();
  await expect(customer.getByRole('table', { name: 'Claims' }).getByRole('row', { name: new RegExp(`Ошибка в счёте ${tag}.*Registered`) })).toBeVisible();
  // The portal's session opens nothing of the staff API.
  expect((await customer.request.get('/api/v1/records/tickets')).status()).toBe(401);

  // Signed out and the password forgotten: a new link by e-mail, and in again with a new password.
  await customer.getByRole('button', { name: 'Sign out' }).click();
  await customer.getByRole('textbox', { name: 'E-mail' }).fill(email);
  await customer.getByRole('button', { name: /Forgot your password/ }).click();
  await expect(customer.getByRole('status').filter({ hasText: 'a link to set a new password is on its way' })).toBeVisible();
  // The mail goes after the answer (its time would tell a known address from an unknown one): wait for it.
  await expect.poll(async () => (await lastMailTo(email)).subject, { timeout: 15_000 }).toContain('new password');
  const reset = await lastMailTo(email);
  const resetLink = new URL(/https?:\/\/\S+\/portal\/set-password\?token=\S+/.exec(reset.text)![0]);
  await customer.goto(resetLink.pathname + resetLink.search);
  await customer.getByLabel('New password').fill('portal-pass-2');
  await customer.getByLabel('Repeat the password').fill('portal-pass-2');
  await customer.getByRole('button', { name: 'Set your password' }).click();
  await expect(customer.getByRole('heading', { name: 'My requests' })).toBeVisible();
  // Before signing in, the server answers in the language chosen on the card (the link was used already).
  const stranger = await browser.newContext({ baseURL: test.info().project.use.baseURL, locale: 'en-US' });
  const fresh = await stranger.newPage();
  await fresh.goto(resetLink.pathname + resetLink.search);
  await fresh.getByRole('combobox', { name: 'Language' }).click();
  await fresh.getByRole('option', { name: 'Русский' }).click();
  await fresh.getByLabel('Новый пароль').fill('portal-pass-3');
  await fresh.getByLabel('Повторите пароль').fill('portal-pass-3');
  await fresh.getByRole('button', { name: 'Задайте пароль' }).click();
  await expect(fresh.getByRole('alert')).toContainText('Ссылка устарела или уже использована');
  await stranger.close();
  await customerContext.close();
});
