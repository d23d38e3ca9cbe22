import { expect, test } from '@playwright/test';
import { apiAs, keepScreenshot, loginAs, uniq } from './helpers';

test('409: two people edit the same record; the second sees what changed and reapplies or reloads', async ({ browser, request }) => {
  const tag = uniq();
  const api = await apiAs(request, 'sales1');
  const acc = await api.create('accounts', { name: `Конфликт ${tag}`, phone: '+7 111 000-00-00', billing_city: 'Пермь' });

  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  await loginAs(alice, 'sales1', { path: `/accounts/${acc.id}/edit` });
  await loginAs(bob, 'manager', { path: `/accounts/${acc.id}/edit` });

  // Alice starts editing; Bob saves first
  await alice.getByRole('textbox', { name: 'Phone', exact: true }).fill('+7 222 000-00-00');
  await bob.getByRole('textbox', { name: 'Billing city' }).fill('Самара');
  await bob.getByRole('button', { name: 'Save' }).click();
  await expect(bob.getByRole('heading', { level: 1, name: `Конфликт ${tag}`, exact: true })).toBeVisible();

  // Alice's save answers 409: the dialog shows Bob's change next to hers
  await alice.getByRole('button', { name: 'Save' }).click();
  const dialog = alice.getByRole('dialog', { name: 'Someone else changed this record' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('row', { name: /Billing city/ })).toContainText('Самара');
  await expect(dialog.getByRole('row', { name: /Phone/ }).first()).toContainText('+7 222 000-00-00');
  await keepScreenshot(alice, 'conflict-dialog');
  await dialog.getByRole('button', { name: 'Apply my changes again' }).click();
  await expect(alice.getByRole('heading', { level: 1, name: `Конфликт ${tag}`, exact: true })).toBeVisible();
  // Both changes survive: nothing was silently overwritten
  await expect(alice.locator('[data-field="phone"]')).toContainText('+7 222 000-00-00');
  await expect(alice.locator('[data-field="billing_city"]')).toContainText('Самара');

  // Second round: Alice edits, Bob saves again, Alice reloads and loses her edit on purpose
  await bob.goto(`/accounts/${acc.id}/edit`);
  await alice.goto(`/accounts/${acc.id}/edit`);
  await alice.getByRole('textbox', { name: 'Billing city' }).fill('Уфа');
  await bob.getByRole('textbox', { name: 'Phone', exact: true }).fill('+7 333 000-00-00');
  await bob.getByRole('button', { name: 'Save' }).click();
  await expect(bob.getByRole('heading', { level: 1, name: `Конфликт ${tag}`, exact: true })).toBeVisible();
  await alice.getByRole('button', { name: 'Save' }).click();
  await alice.getByRole('dialog').getByRole('button', { name: 'Reload (discard my changes)' }).click();
  await expect(alice.getByRole('textbox', { name: 'Phone', exact: true })).toHaveValue('+7 333 000-00-00');
  await expect(alice.getByRole('textbox', { name: 'Billing city' })).toHaveValue('Самара');

  await alice.context().close();
  await bob.context().close();
});
