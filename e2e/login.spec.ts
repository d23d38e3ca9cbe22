import { expect, test } from '@playwright/test';
import { keepScreenshot, PASSWORDS } from './helpers';

test.describe('login', () => {
  test('wrong password, rate limit message, login back to the page asked for, logout', async ({ page }) => {
    await page.goto('/contacts');
    await expect(page).toHaveURL(/\/login\?next=%2Fcontacts/);
    await keepScreenshot(page, 'login');

    await page.getByRole('textbox', { name: 'User name' }).fill('admin');
    await page.getByRole('textbox', { name: 'Password' }).fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('Wrong user name or password.');

    // The server answers 429 after repeated failures; the page must say so (simulated to keep the limit untouched).
    await page.route('**/api/v1/auth/login', (route) => route.fulfill({ status: 429, contentType: 'application/json', body: JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'Too many requests' } }) }));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('Too many attempts. Wait a minute and try again.');
    await page.unroute('**/api/v1/auth/login');

    await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORDS.admin);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/contacts$/);
    await expect(page.getByRole('heading', { name: 'Contacts', level: 1 })).toBeVisible();

    await page.getByRole('button', { name: /User menu/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto('/accounts');
    await expect(page).toHaveURL(/\/login\?next=%2Faccounts/);
  });

  test('an expired session returns to login and then to where the user was', async ({ page, context }) => {
    await page.goto('/login');
    await page.getByRole('textbox', { name: 'User name' }).fill('admin');
    await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORDS.admin);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible();
    // The dashboard loaded: no widget's request is in flight to meet the missing session first and send the page to
    // the login before the navigation below (a CI run lost this journey so on a busy machine).
    await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 30_000 });

    await context.clearCookies(); // the session is gone on the server's side as far as this browser knows
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('button', { name: 'Support' }).click();
    await nav.getByRole('link', { name: 'Tickets' }).click();
    await expect(page).toHaveURL(/\/login\?next=%2Ftickets/);
    await page.getByRole('textbox', { name: 'User name' }).fill('admin');
    await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORDS.admin);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/tickets$/);
    await expect(page.getByRole('heading', { name: 'Tickets', level: 1 })).toBeVisible();

    // A form saved after the session ran out: signed in again, the user finds what they typed, and saves it.
    const name = `Draft kept ${Date.now().toString(36)}`;
    await page.goto('/accounts/new');
    await page.getByRole('textbox', { name: 'Account name' }).fill(name);
    await context.clearCookies();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page).toHaveURL(/\/login\?next=%2Faccounts%2Fnew/);
    await page.getByRole('textbox', { name: 'User name' }).fill('admin');
    await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORDS.admin);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/accounts\/new$/);
    await expect(page.getByRole('status').filter({ hasText: 'Your unsaved changes from before are back in the form.' })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Account name' })).toHaveValue(name);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  });
});
