import { expect, test } from '@playwright/test';
import { CHROMIUM } from './chromium.js';
import { passwordOf } from './helpers.js';

// An office install reached over plain HTTP by a LAN name (http://crm.lan:3000 — a name under a public top-level domain,
// .office say, gets Chromium's own HTTPS-Upgrades since version 156, whatever the server says): the browser must not be told to
// upgrade to HTTPS (HSTS, upgrade-insecure-requests), or it fetches the scripts over HTTPS and shows a blank page.
const port = new URL(process.env.KARTA_E2E_URL ?? 'http://127.0.0.1:3100').port;
test.use({
  baseURL: `http://crm.lan:${port}`,
  launchOptions: { ...CHROMIUM, args: [...CHROMIUM.args, '--host-resolver-rules=MAP crm.lan 127.0.0.1'] },
});

test('over plain HTTP under a LAN host name the client loads, signs in and lists records', async ({ page }) => {
  const first = await page.goto('/');
  expect(first!.headers()['strict-transport-security']).toBeUndefined();
  expect(first!.headers()['content-security-policy']).not.toContain('upgrade-insecure-requests');
  // The browser itself signs in (the test runner cannot resolve the LAN name): scripts ran, the API answers.
  await page.getByRole('textbox', { name: 'User name' }).fill('sales1');
  await page.getByRole('textbox', { name: 'Password' }).fill(passwordOf('sales1'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('banner')).toBeVisible();
  await page.goto('/accounts');
  expect(new URL(page.url()).host).toBe(`crm.lan:${port}`);
  await expect(page.getByRole('table')).toBeVisible();
});
