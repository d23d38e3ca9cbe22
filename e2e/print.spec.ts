import { expect, test, type APIResponse } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { apiAs, choose, loginAs, uniq } from './helpers';

/** The text of a PDF answer, as pdftotext (Debian poppler-utils) reads it. */
async function pdfText(res: APIResponse | { body(): Promise<Buffer> }): Promise<string> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'karta-print-')), 'doc.pdf');
  fs.writeFileSync(file, await res.body());
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/[\u00a0\u202f]/g, ' ');
}

test('an administrator changes the invoice template\'s footer, previews it, and prints an invoice with it', async ({ page, request }) => {
  test.setTimeout(180_000);
  const tag = uniq();
  const admin = await apiAs(request, 'admin');
  const list = await (await request.get('/api/v1/records/print_templates?filter[standard_key]=ru_invoice&fields=name,body_html,standard_key', { headers: admin.headers })).json();
  const template = list.data.find((x: { standard_key: string }) => x.standard_key === 'ru_invoice');
  expect(template, 'the shipped «Счёт на оплату»').toBeTruthy();
  const account = await admin.create('accounts', { name: `ООО Покупатель ${tag}`, inn: '7701234567', kpp: '770101001' });
  const invoice = await admin.create('invoices', {
    subject: `Счёт ${tag}`, account_id: account.id, currency: 'RUB', invoice_date: '2026-12-03',
    lines: [{ description: 'Внедрение CRM', quantity: 1, list_price: '120000.00' }],
  });

  await loginAs(page, 'admin', { path: `/print_templates/${template.id}/edit` });
  const body = page.getByRole('textbox', { name: 'Body (HTML)' });
  await expect(body).toHaveValue(/Счёт на оплату/);
  await body.fill(`${template.body_html}\n<p>Спасибо за сотрудничество! ${tag}</p>`);

  // The live preview renders the unsaved text against the invoice picked.
  await choose(page, 'Preview with which Invoice', `Счёт ${tag}`, tag);
  const [preview] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/print_templates/preview')),
    page.getByRole('button', { name: 'Preview', exact: true }).click(),
  ]);
  expect(preview.status()).toBe(200);
  // What the editor sent is the unsaved text; rendered again here to read the PDF (the page keeps its copy as a blob).
  const sent = preview.request();
  expect(sent.postDataJSON().template.body_html).toContain(tag);
  const again = await page.request.post('/api/v1/print_templates/preview', { data: sent.postDataJSON(), headers: { 'X-CSRF-Token': (await sent.allHeaders())['x-csrf-token'] } });
  expect(await pdfText(again)).toContain(`Спасибо за сотрудничество! ${tag}`);
  await expect(page.locator('iframe[title="Preview"]')).toBeVisible();

  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name: template.name })).toBeVisible();

  // The invoice's "Print…" offers the module's templates; the PDF it opens carries the new footer.
  await page.goto(`/invoices/${invoice.id}`);
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Print…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Print' });
  const link = dialog.getByRole('link', { name: `Open ${template.name}` });
  const href = await link.getAttribute('href');
  expect(href).toContain(`template=${template.id}`);
  const printed = await page.request.get(href!);
  expect(printed.status()).toBe(200);
  expect(printed.headers()['content-type']).toBe('application/pdf');
  const text = await pdfText(printed);
  expect(text).toContain(`Счёт на оплату № ${invoice.number}`);
  expect(text).toContain(`ООО Покупатель ${tag}`);
  expect(text).toContain('Сто двадцать тысяч рублей 00 копеек');
  expect(text).toContain(`Спасибо за сотрудничество! ${tag}`);

  // Put the shipped text back for the journeys beside this one.
  const current = await (await request.get(`/api/v1/records/print_templates/${template.id}`, { headers: admin.headers })).json();
  await admin.patch('print_templates', template.id, { body_html: template.body_html }, current.data.version);
});
