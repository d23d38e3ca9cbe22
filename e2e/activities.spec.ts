import { expect, test } from '@playwright/test';
import { apiAs, choose, loginAs, uniq } from './helpers';

test('comment on a record from its timeline and see it with the record history', async ({ page, request }) => {
  const tag = uniq();
  const api = await apiAs(request, 'sales1');
  const account = await api.create('accounts', { name: `Хроника ${tag}` });
  await api.create('tasks', { subject: `Позвонить ${tag}`, due_date: '2026-12-01', related_to: account.id });
  await loginAs(page, 'sales1', { path: `/accounts/${account.id}` });
  await page.getByRole('tab', { name: 'Timeline' }).click();
  await page.getByRole('textbox', { name: 'Comment' }).fill(`Договорились о встрече 见面 ${tag}`);
  await page.getByRole('button', { name: 'Comment', exact: true }).click();
  const timeline = page.getByLabel('Timeline', { exact: true }).last();
  await expect(timeline.getByText(`Договорились о встрече 见面 ${tag}`)).toBeVisible();
  await expect(timeline.getByText(`Позвонить ${tag}`)).toBeVisible();
  await expect(timeline.getByText('Created')).toBeVisible();
});

test('a comment typed while the previous one is still being sent stays in the box', async ({ page, request }) => {
  const tag = uniq();
  const account = await (await apiAs(request, 'sales1')).create('accounts', { name: `Черновик ${tag}` });
  await loginAs(page, 'sales1', { path: `/accounts/${account.id}` });
  await page.getByRole('tab', { name: 'Timeline' }).click();
  // Sending takes a second.
  await page.route('**/api/v1/records/comments', async (route) => {
    await new Promise((r) => setTimeout(r, 1000));
    await route.continue();
  });
  const box = page.getByRole('textbox', { name: 'Comment' });
  await box.fill(`Первый ${tag}`);
  await page.getByRole('button', { name: 'Comment', exact: true }).click();
  await box.fill(`Второй ${tag}`);
  const timeline = page.getByLabel('Timeline', { exact: true }).last();
  await expect(timeline.getByText(`Первый ${tag}`)).toBeVisible();
  await expect(box).toHaveValue(`Второй ${tag}`);
});

test('a weekly event appears every week in the calendar', async ({ page, request }) => {
  const tag = uniq();
  const api = await apiAs(request, 'support');
  const now = new Date();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 2, 9, 0, 0));
  await api.create('events', { subject: `Планёрка ${tag}`, start_at: start.toISOString(), recurrence: 'FREQ=WEEKLY;COUNT=3' });
  await loginAs(page, 'support', { path: '/calendar' });
  await expect(page.getByRole('link', { name: new RegExp(`Планёрка ${tag}`) })).toHaveCount(3);
  await page.getByRole('button', { name: 'Next month' }).click();
  await expect(page.getByRole('link', { name: new RegExp(`Планёрка ${tag}`) })).toHaveCount(0);
});

test('an all-day event is listed on its own day, in the reader’s words (not its UTC date)', async ({ page, request }) => {
  const tag = uniq();
  const api = await apiAs(request, 'support');
  const now = new Date();
  // The day after tomorrow, from midnight on the browser's clock (Moscow): 21:00 UTC the day before.
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 2));
  await api.create('events', { subject: `Выезд ${tag}`, start_at: new Date(day.getTime() - 3 * 3_600_000).toISOString(), all_day: true });
  await loginAs(page, 'support', { path: '/calendar' });
  await page.getByText('List', { exact: true }).click();
  const shown = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(day);
  await expect(page.getByRole('row').filter({ hasText: `Выезд ${tag}` })).toContainText(shown);
});

test('an @mention reaches the other user’s bell live', async ({ page, browser, request }) => {
  const tag = uniq();
  const api = await apiAs(request, 'sales1');
  const account = await api.create('accounts', { name: `Упоминание ${tag}` });
  // The manager (who may see sales1's accounts) watches the bell in a browser of their own.
  const other = await browser.newContext({ baseURL: test.info().project.use.baseURL, locale: 'en-US' });
  const supportPage = await other.newPage();
  await loginAs(supportPage, 'manager', { path: '/' });
  const bell = supportPage.getByRole('button', { name: /^Notifications: \d+ unread/ });
  await expect(bell).toBeVisible();
  const before = Number(/(\d+)/.exec((await bell.getAttribute('aria-label')) ?? '0')![1]);

  await loginAs(page, 'sales1', { path: `/accounts/${account.id}` });
  await page.getByRole('tab', { name: 'Timeline' }).click();
  await page.getByRole('textbox', { name: 'Comment' }).fill(`Нужна помощь @manager ${tag}`);
  await page.getByRole('button', { name: 'Comment', exact: true }).click();

  // The count goes up live (tests running beside this one may notify the manager too: at least one more).
  await expect(async () => {
    const now = Number(/(\d+)/.exec((await bell.getAttribute('aria-label')) ?? '0')![1]);
    expect(now).toBeGreaterThan(before);
  }).toPass({ timeout: 15_000 });
  await supportPage.getByRole('button', { name: /^Notifications:/ }).click();
  await supportPage.getByRole('button', { name: new RegExp(`You were mentioned: Нужна помощь @manager ${tag}`) }).click();
  await expect(supportPage).toHaveURL(new RegExp(`/accounts/${account.id}`));
  await other.close();
});

test('remind me about a record: the reminder reaches my bell at its time', async ({ page, request }) => {
  const tag = uniq();
  const api = await apiAs(request, 'sales2');
  const account = await api.create('accounts', { name: `Напоминание ${tag}` });
  await loginAs(page, 'sales2', { path: `/accounts/${account.id}` });
  const bell = page.getByRole('button', { name: /^Notifications: \d+ unread/ });
  await expect(bell).toBeVisible();
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Remind me…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remind me…' });
  // A few seconds ahead, typed in the browser's local time in the English order (MM/DD/YYYY HH:mm:ss).
  const at = await page.evaluate(() => {
    const d = new Date(Date.now() + 6000);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${p(d.getMonth() + 1)}/${p(d.getDate())}/${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  });
  await dialog.getByRole('textbox', { name: 'Remind me at' }).fill(at);
  await dialog.getByRole('textbox', { name: 'Remind me at' }).press('Tab');
  await dialog.getByRole('textbox', { name: 'Note' }).fill(`Перезвонить ${tag}`);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Reminder set.')).toBeVisible();
  await bell.click();
  await expect(page.getByRole('button', { name: `Reminder: Напоминание ${tag}` })).toBeVisible({ timeout: 20_000 });
});

test('week view: create an event in a slot, drag it to another day and time, stretch it by an hour', async ({ page }) => {
  const tag = uniq();
  await loginAs(page, 'marketing', { path: '/calendar', language: 'en' });
  await page.getByText('Week', { exact: true }).click();
  // Today at 10:00 and another day of the same week at 14:00, as the browser names the slots.
  const slots = await page.evaluate(() => {
    const pad = (n: number) => String(n).padStart(2, '0');
    const ymd = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    const time = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit' });
    const today = new Date();
    const other = new Date(today.getFullYear(), today.getMonth(), today.getDate() + (today.getDay() === 0 ? -1 : 1));
    const at = (d: Date, h: number) => new Date(d.getFullYear(), d.getMonth(), d.getDate(), h, 0);
    return {
      first: `${ymd(today)} ${time.format(at(today, 10))}`, second: `${ymd(other)} ${time.format(at(other, 14))}`,
      movedStart: at(other, 14).toISOString(), stretchedEnd: at(other, 16).toISOString(),
    };
  });
  await page.getByRole('gridcell', { name: slots.first, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Subject' }).fill(`Звонок ${tag}`);
  await dialog.getByRole('button', { name: 'Save' }).click();
  const event = page.getByRole('link', { name: new RegExp(`Звонок ${tag}`) });
  await expect(event).toBeVisible();
  const id = (await event.getAttribute('href'))!.split('/events/')[1];

  await event.dragTo(page.getByRole('gridcell', { name: slots.second, exact: true }));
  await expect.poll(async () => (await (await page.request.get(`/api/v1/records/events/${id}`)).json()).data.start_at).toBe(slots.movedStart);

  // The week re-renders when the move's refetch lands: take the handle's place once it holds still.
  const handle = page.getByTestId(`resize-${id}`);
  const held: { box: { x: number; y: number; width: number; height: number } | null } = { box: null };
  await expect(async () => {
    await handle.scrollIntoViewIfNeeded();
    held.box = await handle.boundingBox();
    expect(held.box).not.toBeNull();
    await page.waitForTimeout(200);
    expect(await handle.boundingBox()).toEqual(held.box);
  }).toPass();
  const box = held.box!;
  await page.mouse.move(box.x + box.width / 2, box.y + 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + 42, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => (await (await page.request.get(`/api/v1/records/events/${id}`)).json()).data.end_at).toBe(slots.stretchedEnd);
});

test('an SMS sent from a contact stands on its timeline', async ({ page, request }) => {
  const tag = uniq();
  const contact = await (await apiAs(request, 'sales1')).create('contacts', { last_name: `Смс ${tag}`, mobile: '+7 912 345-67-89' });
  await loginAs(page, 'sales1', { path: `/contacts/${contact.id}` });
  await page.getByRole('tab', { name: 'Timeline' }).click();
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Send SMS' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send SMS' });
  await dialog.getByRole('textbox', { name: 'SMS text' }).fill(`Ваш заказ готов ${tag}`);
  await dialog.getByRole('button', { name: 'Send SMS' }).click();
  await expect(dialog).toBeHidden();
  const timeline = page.getByLabel('Timeline', { exact: true }).last();
  await expect(timeline.getByText(`+79123456789: Ваш заказ готов ${tag}`)).toBeVisible();
});

test('a weekly task: completing it brings the next one of the series', async ({ page }) => {
  const tag = uniq();
  await loginAs(page, 'sales1', { path: '/tasks/new' });
  await page.getByRole('textbox', { name: 'Subject' }).fill(`Weekly report ${tag}`);
  await page.getByRole('textbox', { name: 'Due date' }).fill('03/02/2026');
  await page.getByRole('textbox', { name: 'Due date' }).press('Tab');
  await choose(page, 'Repeat', 'Weekly');
  await expect(page.getByTestId('recurrence-words')).toContainText('Monday');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Weekly report ${tag}` })).toBeVisible();
  await expect(page.locator('[data-field="recurrence"]')).toContainText('Monday');

  await page.goto(page.url() + '/edit');
  await choose(page, 'Status', 'Completed');
  await page.getByRole('button', { name: 'Save' }).click();
  const next = page.locator('[data-field="next_task_id"]').getByRole('link');
  await expect(next).toBeVisible();
  await next.click();
  await expect(page.getByRole('heading', { level: 1, name: `Weekly report ${tag}` })).toBeVisible();
  await expect(page.locator('[data-field="due_date"]')).toContainText('Mar 9, 2026');
  await expect(page.locator('[data-field="status"]')).toContainText('Not started');
});
