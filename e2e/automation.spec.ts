import { expect, test } from '@playwright/test';
import { apiAs, choose, loginAs, uniq } from './helpers';

test('an administrator builds a workflow that creates a task when a deal reaches negotiation; the task appears and the run is logged', async ({ page, request }) => {
  test.setTimeout(180_000);
  const tag = uniq();
  await loginAs(page, 'admin', { path: '/workflows/new' });
  await page.getByRole('textbox', { name: 'Workflow name' }).fill(`Negotiation task ${tag}`);
  await choose(page, 'Module', 'Deals', 'Deals');
  await choose(page, 'When', 'When a field changes');
  await choose(page, 'Field', 'Sales stage', 'Sales stage');
  await choose(page, 'To (any if empty)', 'Negotiation / review');
  await choose(page, 'New action', 'Create a task');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const action = page.getByRole('group', { name: '1. Create a task' });
  await action.getByRole('textbox', { name: 'Subject' }).fill(`Prepare the contract ${tag}`);
  await action.getByRole('textbox', { name: 'Due in days' }).fill('2');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Negotiation task ${tag}` })).toBeVisible();
  const workflowUrl = page.url().replace(/\?.*$/, '');

  // A sales person moves a deal to negotiation; the workflow gives them a task on it.
  const sales = await apiAs(request, 'sales1');
  const deal = await sales.create('deals', { name: `Deal ${tag}`, close_date: '2027-06-30', stage: 'prospecting' });
  await sales.patch('deals', deal.id, { stage: 'negotiation_review' }, deal.version);
  await loginAs(page, 'sales1', { path: `/deals/${deal.id}` });
  // The task and the workflow's run are on the deal's timeline once the job queue has run it (within seconds).
  await expect(async () => {
    await page.reload();
    await page.getByRole('tab', { name: 'Timeline' }).click();
    const timeline = page.getByLabel('Timeline', { exact: true }).last();
    await expect(timeline.getByText(`Prepare the contract ${tag}`)).toBeVisible({ timeout: 2_000 });
    await expect(timeline.getByText(`Negotiation task ${tag} — Done`)).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });

  // The run is in the workflow's log.
  await loginAs(page, 'admin', { path: workflowUrl });
  await page.getByRole('tab', { name: 'Runs' }).click();
  await expect(page.getByRole('table', { name: 'Runs' }).getByText('Done')).toBeVisible();

  // A test run against a deal the administrator picks: the task is made at once.
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Test run' }).click();
  const dialog = page.getByRole('dialog', { name: 'Test run' });
  await dialog.getByRole('combobox', { name: 'For which Deal' }).fill(`Deal ${tag}`);
  await page.getByRole('option', { name: `Deal ${tag}` }).click();
  await dialog.getByRole('button', { name: 'Run now' }).click();
  await expect(dialog.getByRole('status').getByText('Create a task')).toBeVisible();
  // Switched off again, so journeys running beside this one meet no extra tasks.
  const admin = await apiAs(request, 'admin');
  const id = workflowUrl.split('/').pop()!;
  const current = await (await request.get(`/api/v1/records/workflows/${id}`, { headers: admin.headers })).json();
  await admin.patch('workflows', id, { active: false }, current.data.version);
});

test('a manager approves a discounted quote from the approval inbox; until then it is locked', async ({ page, request }) => {
  test.setTimeout(180_000);
  const tag = uniq();
  const admin = await apiAs(request, 'admin');
  const approvalProcess = await admin.create('approval_processes', {
    name: `Discount ${tag}`, module: 'quotes', where: { field: 'subject', op: 'eq', value: `Quote ${tag}` },
    steps: [{ approver: 'manager' }], unlocks: { field: 'status', values: ['accepted'] },
  });
  const sales = await apiAs(request, 'sales1');
  const account = await sales.create('accounts', { name: `ООО Скидка ${tag}` });
  const quote = await sales.create('quotes', { subject: `Quote ${tag}`, account_id: account.id, status: 'created', currency: 'RUB', discount_percent: '20' });

  // The sales person submits it from the record page; it is locked.
  await loginAs(page, 'sales1', { path: `/quotes/${quote.id}` });
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Submit for approval' }).click();
  await page.getByRole('dialog', { name: 'Submit for approval' }).getByRole('textbox', { name: 'Comment' }).fill('Key customer');
  await page.getByRole('dialog', { name: 'Submit for approval' }).getByRole('button', { name: 'Submit for approval' }).click();
  await expect(page.getByRole('status').getByText(`Discount ${tag}: waiting for approval`)).toBeVisible();

  // The manager finds it in the inbox and approves it.
  await loginAs(page, 'manager', { path: '/approvals' });
  const row = page.getByRole('row', { name: new RegExp(`Quote ${tag}`) });
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Approve' }).click();
  await page.getByRole('dialog', { name: 'Approve' }).getByRole('textbox', { name: 'Comment' }).fill('Agreed');
  await page.getByRole('dialog', { name: 'Approve' }).getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByText('Nothing waits for you.')).toBeVisible();

  // Approved: the sales person may accept it now.
  await loginAs(page, 'sales1', { path: `/quotes/${quote.id}` });
  await expect(page.getByRole('status').getByText(`Discount ${tag}: approved`)).toBeVisible();
  await page.goto(`/quotes/${quote.id}/edit`);
  await choose(page, 'Quote stage', 'Accepted');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page).not.toHaveURL(/\/edit/);
  // Switched off again (logged in afresh: the request context's session is the last one logged in).
  await (await apiAs(request, 'admin')).patch('approval_processes', approvalProcess.id, { active: false }, approvalProcess.version);
});
