import { expect, type APIRequestContext, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

/** Passwords come from scripts/e2e.mjs (random per run); the defaults suit a local dev server. */
export const PASSWORDS = {
  admin: process.env.KARTA_E2E_ADMIN_PASSWORD ?? 'admin12345',
  demo: process.env.KARTA_E2E_DEMO_PASSWORD ?? 'demo12345',
};
export type DemoUser = 'admin' | 'manager' | 'sales1' | 'sales2' | 'marketing' | 'support';

export function passwordOf(user: DemoUser): string {
  return user === 'admin' ? PASSWORDS.admin : PASSWORDS.demo;
}

/** A short unique tag so reruns against the same server never collide. */
export function uniq(): string {
  return Date.now().toString(36).slice(-5) + Math.floor(Math.random() * 1296).toString(36);
}

interface Session {
  user: { id: string; language: string; first_name: string | null; last_name: string | null };
  csrf_token: string;
}

/**
 * The login request, sent again once when the connection was reset before an answer. A CI run lost a journey to
 * one `read ECONNRESET` on its first request, a fresh connection, while the other 78 journeys passed against the same
 * server and 500 concurrent fresh logins here all answered; a login is safe to repeat, and a second reset still fails
 * the journey.
 */
async function postLogin(request: APIRequestContext, user: DemoUser) {
  const send = () => request.post('/api/v1/auth/login', { data: { username: user, password: passwordOf(user) } });
  try {
    return await send();
  } catch (err) {
    if (!/ECONNRESET|socket hang up/.test(String(err))) throw err;
    return send();
  }
}

/**
 * Logs in through the API (the browser context shares the cookie), sets the UI language the test
 * expects, and opens `path`. The login form itself is exercised by login.spec.ts.
 */
export async function loginAs(page: Page, user: DemoUser, opts: { language?: string; path?: string } = {}): Promise<Session> {
  const res = await postLogin(page.request, user);
  expect(res.status(), `login of ${user}`).toBe(200);
  const session = (await res.json()) as Session;
  const language = opts.language ?? 'en';
  if (session.user.language !== language) {
    const r = await page.request.patch(`/api/v1/users/${session.user.id}`, { data: { language }, headers: { 'X-CSRF-Token': session.csrf_token } });
    expect(r.status(), 'language change').toBe(200);
  }
  await page.goto(opts.path ?? '/');
  await expect(page.getByRole('banner')).toBeVisible();
  return session;
}

/**
 * A sales person (or a user of another role) of their own, in `language`, signed in on `page`: for journeys that switch the UI language, which on a
 * shared demo user would change the language under a journey running beside them.
 */
export async function loginAsNewUser(page: Page, request: APIRequestContext, language: string, path = '/', role = 'Sales person'): Promise<{ id: string }> {
  const admin = await apiAs(request, 'admin');
  const roles = (await (await request.get('/api/v1/roles', { headers: admin.headers })).json()).data as { id: string; name: string }[];
  const username = `rep_${uniq()}`;
  const password = `pw-${uniq()}-${uniq()}`;
  const made = await request.post('/api/v1/users', { data: { username, password, first_name: 'Иван', last_name: 'Новиков', role_id: roles.find((r) => r.name === role)!.id, language }, headers: admin.headers });
  expect(made.status(), await made.text()).toBe(201);
  const res = await page.request.post('/api/v1/auth/login', { data: { username, password } });
  expect(res.status()).toBe(200);
  await page.goto(path);
  await expect(page.getByRole('banner')).toBeVisible();
  return { id: (await made.json()).data.id as string };
}

/** Same API, logged in as someone, for setting up data quickly. */
export async function apiAs(request: APIRequestContext, user: DemoUser) {
  const res = await postLogin(request, user);
  expect(res.status()).toBe(200);
  const { csrf_token, user: who } = (await res.json()) as Session;
  const headers = { 'X-CSRF-Token': csrf_token };
  return {
    user: who,
    headers,
    async create(module: string, data: Record<string, unknown>) {
      const r = await request.post(`/api/v1/records/${module}`, { data, headers });
      expect(r.status(), await r.text()).toBe(201);
      return (await r.json()).data as { id: string; number: string; version: number };
    },
    async patch(module: string, id: string, data: Record<string, unknown>, version: number) {
      const r = await request.patch(`/api/v1/records/${module}/${id}`, { data, headers: { ...headers, 'If-Match': `"${version}"` } });
      expect(r.status(), await r.text()).toBe(200);
      return (await r.json()).data as { id: string; version: number };
    },
  };
}

/** Screenshots of the main pages are kept as artifacts (e2e/artifacts/screenshots). */
export async function keepScreenshot(page: Page, name: string): Promise<void> {
  const dir = path.join(path.dirname(new URL(import.meta.url).pathname), 'artifacts/screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** Picks a value in a Mantine select/combobox by typing and clicking the option. */
export async function choose(page: Page, label: string | RegExp, option: string | RegExp, search?: string): Promise<void> {
  const box = page.getByRole('combobox', { name: label, exact: typeof label === 'string' });
  await box.click();
  if (search !== undefined) await box.fill(search);
  const choice = page.getByRole('option', { name: option }).first();
  try {
    await choice.click({ timeout: 30_000 });
  } catch {
    // The list closed under the pointer (a CI run saw the option found, then hidden for minutes): open it again.
    if (!(await page.getByRole('listbox').first().isVisible())) await box.click();
    await choice.click();
  }
}

/** The main list table of a module page. */
export function listTable(page: Page, moduleLabel: string) {
  return page.getByRole('table', { name: moduleLabel, exact: true });
}

/** Picks a file in a file input the way a user does: click it, answer the file chooser. */
export async function pickFile(page: Page, label: string, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByLabel(label, { exact: true }).click();
  await (await chooser).setFiles(file);
}

/** The newest message the test mail server received for an address (scripts/e2e.mjs keeps each as JSON). */
export async function lastMailTo(address: string, timeoutMs = 10_000): Promise<{ to: string; subject: string; text: string }> {
  const dir = process.env.KARTA_E2E_MAIL_DIR;
  if (!dir) throw new Error('KARTA_E2E_MAIL_DIR is not set: run the journeys with scripts/e2e.mjs');
  const fs = await import('node:fs');
  const path = await import('node:path');
  for (const until = Date.now() + timeoutMs; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
    const files = fs.readdirSync(dir).sort().reverse();
    for (const f of files) {
      const m = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      if (String(m.to).toLowerCase().includes(address.toLowerCase())) return m;
    }
  }
  throw new Error(`no mail to ${address}`);
}
