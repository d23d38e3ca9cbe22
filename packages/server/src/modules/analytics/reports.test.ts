import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, USER_PASSWORD, type Client, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: Client, sales1: Client, sales2: Client, manager: Client;

const deal = (c: Client, name: string, amount: string, close: string, extra: Record<string, unknown> = {}) =>
  c.post('/api/v1/records/deals', { name, amount, close_date: close, currency: 'RUB', stage: 'prospecting', ...extra });

beforeAll(async () => {
  t = await createTestApp();
  [admin, sales1, sales2, manager] = await Promise.all(['admin', 'sales1', 'sales2', 'manager'].map((u) => t.login(u)));
  // sales1: two in January (100 + 50, one won), one in March (30); sales2: one in January (1000).
  await deal(sales1, 'R-A', '100', '2026-01-10', { stage: 'closed_won' });
  await deal(sales1, 'R-B', '50', '2026-01-20');
  await deal(sales1, 'R-C', '30', '2026-03-05');
  await deal(sales2, 'R-D', '1000', '2026-01-15');
});
afterAll(() => t.close());

const mine = { field: 'name', op: 'starts_with', value: 'R-' };
const byMonth = { module: 'deals', type: 'summary', where: mine, group_by: [{ field: 'close_date', bucket: 'month' }, { field: 'stage' }], aggregates: [{ fn: 'count' }, { field: 'amount', fn: 'sum' }, { field: 'amount', fn: 'avg' }, { field: 'amount', fn: 'max' }] };

describe('reports', () => {
  it('a summary groups by month and stage with subtotals and a grand total, over what the caller may see', async () => {
    const r = await sales1.post('/api/v1/reports/preview', byMonth);
    for (const sort of [{ field: 'stage' }, 1, true]) {
      const odd = await sales1.post('/api/v1/reports/preview', { ...byMonth, sort });
      expect(odd.status).toBe(400);
      expect(odd.body.error.fields).toHaveProperty('sort');
    }
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.totals).toEqual({ count: 3, sum_amount: '180.00', avg_amount: '60.00', max_amount: '100.00' });
    expect(r.body.groups.map((g: any) => [g.key, g.aggregates.count, g.aggregates.sum_amount])).toEqual([['2026-01-01', 2, '150.00'], ['2026-03-01', 1, '30.00']]);
    const jan = r.body.groups[0];
    expect(jan.groups.map((g: any) => [g.key, g.aggregates.sum_amount])).toEqual([['closed_won', '100.00'], ['prospecting', '50.00']]);
    expect(jan.groups[0].label).toBe('Закрыта успешно');
    // The records behind a group: the same filter in the list gives the same count.
    const list = await sales1.post('/api/v1/records/deals/query', { where: jan.groups[1].where, count: true });
    expect(list.body.total).toBe(1);
    expect(list.body.data[0].name).toBe('R-B');
    // Siblings see different totals; their manager sees the sum.
    expect((await sales2.post('/api/v1/reports/preview', byMonth)).body.totals).toMatchObject({ count: 1, sum_amount: '1000.00' });
    expect((await manager.post('/api/v1/reports/preview', byMonth)).body.totals).toEqual({ count: 4, sum_amount: '1180.00', avg_amount: '295.00', max_amount: '1000.00' });
  });

  it('a tabular report lists columns of the module and of referenced modules; a matrix crosses two groups', async () => {
    const acc = (await sales1.post('/api/v1/records/accounts', { name: 'Ромашка', industry: 'retail' })).body.data.id;
    await deal(sales1, 'R-E', '7', '2026-02-01', { account_id: acc });
    const tab = await sales1.post('/api/v1/reports/preview', { module: 'deals', columns: ['name', 'amount', 'account_id.name', 'account_id.industry'], where: { field: 'name', op: 'eq', value: 'R-E' }, aggregates: [{ field: 'amount', fn: 'sum' }] });
    expect(tab.status).toBe(200);
    expect(tab.body.rows).toEqual([{ name: 'R-E', amount: '7.00', 'account_id.name': 'Ромашка', 'account_id.industry': 'retail' }]);
    expect(tab.body.columns[2].label).toContain('›');
    expect(tab.body.totals).toEqual({ sum_amount: '7.00' });
    // Another rep's account is not visible: its values are empty, the deal row stays.
    const other = await sales2.post('/api/v1/reports/preview', { module: 'deals', columns: ['name', 'account_id.name'], where: { field: 'name', op: 'eq', value: 'R-D' } });
    expect(other.body.rows).toEqual([{ name: 'R-D', 'account_id.name': null }]);
    // Whoever may not view accounts at all follows no reference into them.
    const role = await admin.post('/api/v1/roles', { name: 'Deals only', permissions: { deals: ['view'], reports: ['view', 'create'] } });
    expect(role.status, role.raw).toBe(201);
    expect((await admin.post('/api/v1/users', { username: 'dealsonly', password: USER_PASSWORD, role_id: role.body.data.id })).status).toBe(201);
    const dealsOnly = await t.login('dealsonly');
    expect((await dealsOnly.post('/api/v1/reports/preview', { module: 'deals', columns: ['name'] })).status).toBe(200);
    const into = await dealsOnly.post('/api/v1/reports/preview', { module: 'deals', columns: ['name', 'account_id.industry'] });
    expect(into.status).toBe(403);

    const m = await manager.post('/api/v1/reports/preview', { module: 'deals', type: 'matrix', where: mine, group_by: [{ field: 'assigned_to' }, { field: 'close_date', bucket: 'quarter' }], aggregates: [{ field: 'amount', fn: 'sum' }] });
    expect(m.status).toBe(200);
    const s1 = m.body.groups.find((g: any) => g.key === t.users.sales1);
    expect(s1.aggregates.sum_amount).toBe('187.00');
    expect(s1.groups.map((c: any) => [c.key, c.aggregates.sum_amount])).toEqual([['2026-01-01', '187.00']]);
    expect(m.body.column_groups.map((c: any) => [c.label, c.aggregates.sum_amount])).toEqual([['1 кв. 2026', '1187.00']]);
    expect(m.body.totals.sum_amount).toBe('1187.00');
  });

  it('a bad definition is a 400 at its path and saves nothing', async () => {
    const cases: [unknown, string][] = [
      [{ module: 'nope' }, 'module'],
      [{ module: 'deals', columns: ['name', 'missing'] }, 'columns[1]'],
      [{ module: 'deals', columns: ['name'], where: { field: 'amount', op: 'zzz', value: 1 } }, 'filter[amount]'],
      [{ module: 'deals', type: 'summary', group_by: [{ field: 'amount' }], aggregates: [{ fn: 'count' }] }, 'group_by[0].field'],
      [{ module: 'deals', type: 'summary', group_by: [{ field: 'stage' }], aggregates: [{ field: 'name', fn: 'sum' }] }, 'aggregates[0].field'],
      [{ module: 'deals', type: 'matrix', group_by: [{ field: 'stage' }] }, 'group_by'],
      [{ module: 'deals', columns: ['account_id.account_id.account_id.name'] }, 'columns[0]'],
      [{ module: 'deals', columns: ['name'], limit: 999999 }, 'limit'],
      [{ module: 'deals', type: 'summary', group_by: [null] }, 'group_by[0].field'],
    ];
    for (const [def, path] of cases) {
      const r = await sales1.post('/api/v1/reports/preview', def);
      expect(r.status, JSON.stringify(def)).toBe(400);
      expect(Object.keys(r.body.error.fields ?? {}).some((k) => k.startsWith(path)), `${path} in ${JSON.stringify(r.body.error)}`).toBe(true);
    }
    const before = (await sales1.get('/api/v1/records/reports?count=1')).body.total;
    const bad = await sales1.post('/api/v1/records/reports', { name: 'Плохой', module: 'deals', type: 'summary', group_by: [{ field: 'nope' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields['group_by[0].field']).toBeTruthy();
    expect((await sales1.get('/api/v1/records/reports?count=1')).body.total).toBe(before);
    // The message speaks the caller's language.
    const ru = await sales1.post('/api/v1/reports/preview', { module: 'deals', columns: ['missing'] }, { 'Accept-Language': 'ru' });
    expect(ru.body.error.message).toContain('Ошибка в отчёте');
  });

  it('a saved report runs as the caller, is private until shared with a role, and exports to CSV, XLSX and PDF', async () => {
    const saved = await sales1.post('/api/v1/records/reports', { name: 'Сделки по месяцам', folder: 'Продажи', ...byMonth, chart: { type: 'bar' } });
    expect(saved.status).toBe(201);
    const id = saved.body.data.id;
    // (R-E of the test before counts too: 4 deals, 187.)
    expect((await sales1.post(`/api/v1/reports/${id}/run`, {})).body.totals.count).toBe(4);
    expect((await sales2.post(`/api/v1/reports/${id}/run`, {})).status).toBe(404);
    const role = (await admin.get(`/api/v1/users/${t.users.sales2}`)).body.data.role_id;
    const shared = await sales1.patch(`/api/v1/records/reports/${id}`, { shared_with: [`role:${role}`] }, { 'If-Match': `"${saved.body.data.version}"` });
    expect(shared.status).toBe(200);
    // Shared, it runs with the reader's own visibility.
    const theirs = await sales2.post(`/api/v1/reports/${id}/run`, {});
    expect(theirs.status).toBe(200);
    expect(theirs.body.totals).toMatchObject({ count: 1, sum_amount: '1000.00' });
    expect((await sales2.patch(`/api/v1/records/reports/${id}`, { name: 'x' }, { 'If-Match': `"${shared.body.data.version}"` })).status).toBe(403);

    const csv = await sales1.get(`/api/v1/reports/${id}/export?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.raw).toContain('Закрыта успешно');
    expect(csv.raw.split('\n').at(-2)).toContain('187');
    const xlsx = (await sales1.get(`/api/v1/reports/${id}/export?format=xlsx`)).bytes;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const last = ws.getRow(ws.rowCount);
    expect(last.getCell(3).value).toBe(187);
    expect(last.font?.bold).toBe(true);
    // A profile without the right to export deals runs the report but gets no file of it (as the list's export).
    const { withSalesModules } = await import('../../testing/sales-profile.js');
    expect((await sales1.get(`/api/v1/reports/${id}/export?format=csv`)).status).toBe(200);
    await withSalesModules(admin, (m) => ({ ...m, deals: m.deals.filter((a) => a !== 'export') }), async () => {
      expect((await sales1.get(`/api/v1/reports/${id}/export?format=csv`)).status).toBe(403);
      expect((await sales1.get('/api/v1/records/deals/export?format=csv')).status).toBe(403);
      expect((await sales1.post(`/api/v1/reports/${id}/run`, {})).status).toBe(200);
    });
    // A file of a report is an export of every module it reads: contacts beside accounts need the right to export contacts.
    await sales1.post('/api/v1/records/accounts', { name: '=HYPERLINK("http://evil.example/","Open")' });
    const beside = (await sales1.post('/api/v1/records/reports', { name: 'Клиенты и контакты', module: 'accounts', type: 'tabular', columns: ['name', 'contacts.last_name'] })).body.data.id;
    const file = await sales1.get(`/api/v1/reports/${beside}/export?format=csv`);
    expect(file.status, file.raw).toBe(200);
    // …and a name that reads as a formula is written as text, as the list export writes it.
    expect(file.raw).toContain(`"'=HYPERLINK(""http://evil.example/"",""Open"")"`);
    await withSalesModules(admin, (m) => ({ ...m, contacts: m.contacts.filter((a) => a !== 'export') }), async () => {
      expect((await sales1.get(`/api/v1/reports/${beside}/export?format=csv`)).status).toBe(403);
    });
    const pdf = (await sales1.get(`/api/v1/reports/${id}/export?format=pdf`)).bytes;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await sales1.get(`/api/v1/reports/${id}/export?format=doc`)).status).toBe(400);
  });

  it('money in other currencies is converted at the rate of its date; a missing rate is named, never taken as 1', async () => {
    expect((await sales1.post('/api/v1/currency_rates', { currency: 'USD', date: '2026-01-01', rate: '90' })).status).toBe(403);
    expect((await admin.post('/api/v1/currency_rates', { rates: [{ currency: 'USD', date: '2026-01-01', rate: '90' }, { currency: 'USD', date: '2026-02-01', rate: '100,5' }] })).body.saved).toBe(2);
    const bad = await admin.post('/api/v1/currency_rates', { rates: [{ currency: 'usd1', date: '2026-13-01', rate: '-1' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty(['rates[0].date']);
    // A rate in year 9999 would make the daily table millions of rows long: refused, nothing saved.
    expect((await admin.post('/api/v1/currency_rates', { currency: 'USD', date: '9999-01-01', rate: '1' })).body.error.fields).toHaveProperty(['rate.date']);
    // Nor do many made-up currencies each spanning three centuries: the days in all are bounded, and nothing is kept.
    const spread = ['AAA', 'AAB', 'AAC', 'AAD', 'AAE', 'AAF'].flatMap((currency) => [{ currency, date: '1900-01-01', rate: '1' }, { currency, date: '2199-12-31', rate: '1' }]);
    const tooLong = await admin.post('/api/v1/currency_rates?lang=ru', { rates: spread });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toMatch(/^Курсы охватывают больше/);
    expect((await admin.get('/api/v1/currency_rates?currency=AAA')).body.data).toEqual([]);
    await deal(sales1, 'FX-1', '10', '2026-01-20', { currency: 'USD' }); // 10 × 90
    await deal(sales1, 'FX-2', '10', '2026-02-20', { currency: 'USD' }); // 10 × 100.5
    await deal(sales1, 'FX-3', '5', '2026-02-20', { currency: 'EUR' }); // no rate
    await deal(sales1, 'FX-4', '1000', '2025-12-31', { currency: 'USD' }); // before the first rate
    const def = { module: 'deals', type: 'summary', where: { field: 'name', op: 'starts_with', value: 'FX-' }, group_by: [{ field: 'currency' }], aggregates: [{ field: 'amount', fn: 'sum' }] };
    const r = await sales1.post('/api/v1/reports/preview', def);
    expect(r.body.currency).toBe('RUB');
    expect(r.body.totals.sum_amount).toBe('1905.00');
    expect(r.body.missing_rates).toEqual([{ currency: 'EUR', count: 1, from: '2026-02-20', to: '2026-02-20' }, { currency: 'USD', count: 1, from: '2025-12-31', to: '2025-12-31' }]);
    // In dollars: roubles ÷ the dollar's rate, dollars as they are.
    const usd = await sales1.post('/api/v1/reports/preview', { ...def, currency: 'USD' });
    expect(usd.body.groups.find((g: any) => g.key === 'USD').aggregates.sum_amount).toBe('1020.00');
    const csv = await admin.post('/api/v1/currency_rates/import', { csv: 'currency;date;rate\nEUR;2026-02-01;110\n' });
    expect(csv.body.saved).toBe(1);
    expect((await admin.post('/api/v1/currency_rates/import', { csv: 'currency,date,rate\nEUR,2026-02-01,110\nGBP,yesterday,1\n' })).body.error.fields).toHaveProperty(['line 3.date']);
    const after = await sales1.post('/api/v1/reports/preview', def);
    expect(after.body.totals.sum_amount).toBe('2455.00');
    // Hiding the currency (or the rate's date) from a profile changes nothing in the sums: money is still converted.
    const { salesProfile } = await import('../../testing/sales-profile.js');
    const profile = await salesProfile(admin);
    await admin.patch(`/api/v1/profiles/${profile}`, { fields: { deals: { currency: 'hidden', close_date: 'hidden' } } });
    try {
      const blind = await sales1.post('/api/v1/reports/preview', { ...def, group_by: [{ field: 'stage' }] });
      expect(blind.status, blind.raw).toBe(200);
      expect(blind.body.totals.sum_amount).toBe('2455.00');
    } finally {
      await admin.patch(`/api/v1/profiles/${profile}`, { fields: {} });
    }
    expect((await sales1.get('/api/v1/currency_rates?currency=USD')).body.data.map((x: any) => [x.date, x.rate])).toEqual([['2026-02-01', '100.5'], ['2026-01-01', '90']]);
  });
});

describe('scheduled reports', () => {
  it('is set up only by its owner or an administrator: nobody mails themselves what a wider-seeing owner sees', async () => {
    const schedule = { frequency: 'daily', time: '09:00', emails: ['me@evil.example'] };
    const asAdmin = await sales1.request('POST', '/api/v1/records/reports', { name: 'Чужими глазами', ...byMonth, assigned_to: t.users.admin, schedule }, { 'accept-language': 'ru' });
    expect(asAdmin.status).toBe(403);
    expect(asAdmin.body.error.message).toMatch(/владельца/);
    // Own report, scheduled, then handed to someone else in the same or a later change: refused too.
    const own = (await sales1.post('/api/v1/records/reports', { name: 'Своё', ...byMonth })).body.data;
    expect((await sales1.patch(`/api/v1/records/reports/${own.id}`, { assigned_to: t.users.manager, schedule }, { 'If-Match': `"${own.version}"` })).status).toBe(403);
    const scheduled = (await sales1.patch(`/api/v1/records/reports/${own.id}`, { schedule }, { 'If-Match': `"${own.version}"` })).body.data;
    expect(scheduled.schedule).toMatchObject({ frequency: 'daily' });
    expect((await sales1.patch(`/api/v1/records/reports/${own.id}`, { assigned_to: t.users.manager }, { 'If-Match': `"${scheduled.version}"` })).status).toBe(403);
    // An administrator may; the owner may switch it off and hand it over then.
    expect((await admin.post('/api/v1/records/reports', { name: 'Для руководителя', ...byMonth, assigned_to: t.users.manager, schedule })).status).toBe(201);
    const off = (await sales1.patch(`/api/v1/records/reports/${own.id}`, { schedule: null }, { 'If-Match': `"${scheduled.version}"` })).body.data;
    expect((await sales1.patch(`/api/v1/records/reports/${own.id}`, { assigned_to: t.users.manager }, { 'If-Match': `"${off.version}"` })).status).toBe(200);
  });

  it('a weekly report reaches a real SMTP server once, as an XLSX of what its owner sees, and the run is logged', async () => {
    const { startSmtp } = await import('../../testing/smtp.js');
    const smtp = await startSmtp();
    try {
      const bad = await sales1.post('/api/v1/records/reports', { name: 'Плохое расписание', ...byMonth, schedule: { frequency: 'hourly', time: '9:00' } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields).toHaveProperty(['schedule.frequency']);
      const r = await sales1.post('/api/v1/records/reports', { name: 'Еженедельно', ...byMonth, schedule: { frequency: 'weekly', weekday: 1, time: '09:00', emails: ['boss@example.com'], users: [t.users.manager], format: 'xlsx' } });
      expect(r.status).toBe(201);
      const job = await t.app.database.db.selectFrom('jobs' as never).selectAll().where('key' as never, '=', `report_schedule:${r.body.data.id}` as never).executeTakeFirst() as { run_at: Date } | undefined;
      expect(job).toBeTruthy();
      expect(new Date(job!.run_at).getUTCDay()).toBe(1);
      // Its time comes: the queue runs it (twice asked, once sent).
      await t.app.database.db.updateTable('jobs' as never).set({ run_at: new Date(Date.now() - 1000) } as never).where('key' as never, '=', `report_schedule:${r.body.data.id}` as never).execute();
      await t.runJobs();
      await t.runJobs();
      expect(smtp.inbox).toHaveLength(1);
      const mail = smtp.inbox[0];
      expect(mail.subject).toBe('Еженедельно');
      expect((mail.to as { value: { address: string }[] }).value.map((a) => a.address).sort()).toEqual(['boss@example.com', 'manager@example.com']);
      const xlsx = mail.attachments[0];
      expect(xlsx.filename).toMatch(/\.xlsx$/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.content as unknown as ArrayBuffer);
      // As sales1 sees it, not as the manager (who also sees sales2's 1,000).
      const own = Number((await sales1.post('/api/v1/reports/preview', byMonth)).body.totals.sum_amount);
      const managers = Number((await manager.post('/api/v1/reports/preview', byMonth)).body.totals.sum_amount);
      expect(own).toBeLessThan(managers);
      expect(wb.worksheets[0].getRow(wb.worksheets[0].rowCount).getCell(3).value).toBe(own);
      const runs = await sales1.get(`/api/v1/reports/${r.body.data.id}/runs`);
      expect(runs.body.data).toEqual([expect.objectContaining({ status: 'sent', recipients: ['manager@example.com', 'boss@example.com'] })]);
      // A reader who is not its owner sees when it ran, not to whom it went.
      const seen = await manager.get(`/api/v1/reports/${r.body.data.id}/runs`);
      expect(seen.status).toBe(200);
      expect(seen.body.data).toEqual([expect.objectContaining({ status: 'sent', recipients: [], error: null })]);
      // Switched off: no pending send.
      await sales1.patch(`/api/v1/records/reports/${r.body.data.id}`, { schedule: null }, { 'If-Match': `"${r.body.data.version}"` });
      const left = await t.app.database.db.selectFrom('jobs' as never).selectAll().where('key' as never, '=', `report_schedule:${r.body.data.id}` as never).where('done_at' as never, 'is', null as never).execute();
      expect(left).toHaveLength(0);
    } finally {
      await smtp.close();
    }
  });
});
