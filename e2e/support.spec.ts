import { expect, test } from '@playwright/test';
import { startImap } from '../packages/server/src/testing/imap';
import { apiAs, choose, loginAs, uniq } from './helpers';

test('a support agent finds a ticket in their queue, answers the customer by e-mail from it, and the ticket shows it answered', async ({ page, request }) => {
  test.setTimeout(150_000);
  const tag = uniq();
  // The customer belongs to the agent (support reads contacts; the administrator adds them).
  const admin = await apiAs(request, 'admin');
  const users = (await (await request.get('/api/v1/users', { headers: admin.headers })).json()).data as { id: string; username: string }[];
  const agentId = users.find((u) => u.username === 'support')!.id;
  const contact = await admin.create('contacts', { last_name: `Клиентов ${tag}`, email: `client.${tag}@example.ru`, assigned_to: agentId });
  const agent = await apiAs(request, 'support'); // signs the shared request context in as the agent
  await agent.create('faqs', { question: `Счёт ${tag} не приходит на почту`, answer: 'Проверьте папку «Спам».', status: 'published' });
  const ticket = await agent.create('tickets', { title: `Не приходит счёт ${tag}`, contact_id: contact.id, priority: 'high', channel: 'phone' });

  await loginAs(page, 'support', { path: '/tickets' });
  const queues = page.getByRole('group', { name: 'Ticket queues' });
  await expect(queues.getByRole('button', { name: /My tickets/ })).toBeEnabled();
  await queues.getByRole('button', { name: /My tickets/ }).click();
  await page.getByRole('link', { name: `Не приходит счёт ${tag}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Не приходит счёт ${tag}` })).toBeVisible();
  // Due by is set from the priority's response time; a published FAQ that may answer it is suggested.
  await expect(page.getByText('Response due by')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Answers that may help' }).getByRole('link', { name: new RegExp(`Счёт ${tag} не приходит`) })).toBeVisible();

  await page.getByRole('button', { name: 'Reply', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Reply' });
  await expect(dialog.getByRole('textbox', { name: 'Subject' })).toHaveValue(`[${ticket.number}] Не приходит счёт ${tag}`);
  await dialog.getByRole('textbox', { name: 'Message' }).fill('Здравствуйте! Счёт отправлен повторно.');
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText('The e-mail was sent.')).toBeVisible();

  // Answered: waiting for the customer, with a first response time; the e-mail is on the ticket.
  await page.reload();
  await expect(page.getByText('Wait for response').first()).toBeVisible();
  await expect(page.getByText('First response at')).toBeVisible();
  const saved = await (await request.get(`/api/v1/records/tickets/${ticket.id}`, { headers: agent.headers })).json();
  expect(saved.data.first_response_at).toBeTruthy();
  await page.getByRole('tab', { name: 'Timeline' }).click();
  await expect(page.getByLabel('Timeline', { exact: true }).last().getByText(`[${ticket.number}] Не приходит счёт ${tag}`)).toBeVisible();

  // Solved and closed, the ticket becomes a knowledge-base draft.
  const current = await (await request.get(`/api/v1/records/tickets/${ticket.id}`, { headers: agent.headers })).json();
  await agent.patch('tickets', ticket.id, { status: 'closed', solution: 'Счёт отправлен повторно на верный адрес.' }, current.data.version);
  await page.reload();
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Convert to FAQ' }).click();
  await expect(page).toHaveURL(/\/faqs\//);
  await expect(page.getByText('Счёт отправлен повторно на верный адрес.')).toBeVisible();
});

test('an administrator sets the response time of urgent tickets', async ({ page }) => {
  await loginAs(page, 'admin', { path: '/settings/support' });
  const urgent = page.getByRole('textbox', { name: 'Hours to answer: urgent' });
  await urgent.fill('3');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved.', { exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Hours to answer: urgent' })).toHaveValue('3');
  await page.getByRole('textbox', { name: 'Hours to answer: urgent' }).fill('2');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved.', { exact: true })).toBeVisible();
});

test('an administrator connects a support mailbox; mail from an unknown sender waits in the triage queue', async ({ page, request }) => {
  test.setTimeout(150_000);
  const tag = uniq();
  const imap = await startImap({ [`desk${tag}`]: `pw-${tag}` });
  try {
    await loginAs(page, 'admin', { path: '/settings/mailboxes' });
    await page.getByRole('button', { name: 'Add a mailbox' }).click();
    const form = page.getByRole('dialog', { name: 'Add a mailbox' });
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill(`Поддержка ${tag}`);
    await form.getByRole('textbox', { name: 'IMAP server' }).fill(imap.host);
    await form.getByRole('textbox', { name: 'Port', exact: true }).fill(String(imap.port));
    await form.getByRole('switch', { name: 'TLS' }).uncheck({ force: true });
    await form.getByRole('textbox', { name: 'User name' }).fill(`desk${tag}`);
    await form.getByRole('textbox', { name: 'Password' }).fill(`pw-${tag}`);
    await choose(page, 'Mail from unknown senders', 'Wait in triage');
    // Not checked on its own schedule, so the mail is read when the administrator asks (the job queue is tested in vitest).
    await form.getByRole('switch', { name: 'Check this mailbox' }).uncheck({ force: true });
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form).toBeHidden();
    const row = page.getByRole('row', { name: new RegExp(`Поддержка ${tag}`) });
    await row.getByRole('button', { name: 'Test' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Signed in: 0 messages' })).toBeVisible();

    await imap.append(`desk${tag}`, [`From: Незнакомец <stranger.${tag}@example.net>`, 'To: support@karta.test', `Subject: Вопрос ${tag}`,
      `Message-ID: <${tag}@example.net>`, 'Content-Type: text/plain; charset=utf-8', '', 'Здравствуйте, как оформить заказ?', ''].join('\r\n'));
    await row.getByRole('button', { name: 'Check now' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Read 1: 1 new tickets' })).toBeVisible();

    await page.goto('/tickets');
    await page.getByRole('group', { name: 'Ticket queues' }).getByRole('button', { name: /Triage/ }).click();
    await page.getByRole('link', { name: `Вопрос ${tag}` }).click();
    await expect(page.getByText('Здравствуйте, как оформить заказ?')).toBeVisible();
    await expect(page.getByText(`stranger.${tag}@example.net`)).toBeVisible();
  } finally {
    const admin = await apiAs(request, 'admin');
    const boxes = (await (await request.get('/api/v1/settings/mailboxes', { headers: admin.headers })).json()).data as { id: string; name: string }[];
    for (const b of boxes.filter((x) => x.name.endsWith(tag))) await request.delete(`/api/v1/settings/mailboxes/${b.id}`, { headers: admin.headers });
    await imap.close();
  }
});
