import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { STANDARD_REPORTS, seedStandardReports } from './standard-reports.js';
import { salesProfile } from '../../testing/sales-profile.js';

let t: TestApp;
let admin: Client, sales1: Client, sales2: Client, marketing: Client;

beforeAll(async () => {
  t = await createTestApp();
  expect(await seedStandardReports(t.app)).toBe(STANDARD_REPORTS.length * 4);
  expect(await seedStandardReports(t.app)).toBe(0);
  [admin, sales1, sales2, marketing] = await Promise.all(['admin', 'sales1', 'sales2', 'marketing'].map((u) => t.login(u)));
});
afterAll(() => t.close());

const today = new Date().toISOString().slice(0, 10);

describe('standard reports and dashboards', () => {
  it('every standard report runs, in the reader\'s own language (ru for sales1, zh for marketing)', async () => {
    const ru = (await sales1.get('/api/v1/records/reports?limit=100&fields=name,folder,standard_key')).body.data;
    expect(ru).toHaveLength(STANDARD_REPORTS.length);
    expect(ru.map((r: any) => r.name)).toContain('Воронка сделок');
    const zh = (await marketing.get('/api/v1/records/reports?limit=100&fields=name')).body.data;
    expect(zh.map((r: any) => r.name)).toContain('商机管道');
    for (const r of [...ru]) {
      const run = await sales1.post(`/api/v1/reports/${r.id}/run`, {});
      expect(run.status, `${r.name}: ${JSON.stringify(run.body)}`).toBe(200);
    }
    const pipeline = ru.find((r: any) => r.name === 'Воронка сделок');
    await sales1.post('/api/v1/records/deals', { name: 'Д-1', amount: '500', close_date: today, stage: 'qualification', currency: 'RUB' });
    const res = (await sales1.post(`/api/v1/reports/${pipeline.id}/run`, {})).body;
    expect(res.groups.find((g: any) => g.key === 'qualification')).toMatchObject({ label: 'Квалификация', aggregates: { count: 1, sum_amount: '500.00' } });
    // A reader cannot change a standard report; they may duplicate it and change the copy.
    expect((await sales1.patch(`/api/v1/records/reports/${pipeline.id}`, { name: 'x' }, { 'If-Match': '"1"' })).status).toBe(403);
  });

  it('relative periods filter dates: this month, last month, the last n days', async () => {
    const lastMonth = new Date(); lastMonth.setUTCDate(1); lastMonth.setUTCMonth(lastMonth.getUTCMonth() - 1);
    await sales1.post('/api/v1/records/deals', { name: 'P-now', amount: '1', close_date: today, currency: 'RUB' });
    await sales1.post('/api/v1/records/deals', { name: 'P-before', amount: '2', close_date: lastMonth.toISOString().slice(0, 10), currency: 'RUB' });
    const names = async (where: unknown) => (await sales1.post('/api/v1/records/deals/query', { where: { and: [{ field: 'name', op: 'starts_with', value: 'P-' }, where] } })).body.data.map((d: any) => d.name).sort();
    expect(await names({ field: 'close_date', op: 'in_period', value: 'this_month' })).toEqual(['P-now']);
    expect(await names({ field: 'close_date', op: 'in_period', value: 'last_month' })).toEqual(['P-before']);
    expect(await names({ field: 'close_date', op: 'last_n_days', value: 70 })).toEqual(['P-before', 'P-now']);
    expect((await sales1.post('/api/v1/records/deals/query', { where: { field: 'close_date', op: 'in_period', value: 'someday' } })).status).toBe(400);
    expect((await sales1.post('/api/v1/records/deals/query', { where: { field: 'close_date', op: 'last_n_days', value: 0 } })).status).toBe(400);
  });

  it('a key figure is the report total this period with the change against the one before', async () => {
    const report = (await sales2.post('/api/v1/records/reports', { name: 'Мои суммы', module: 'deals', type: 'summary', group_by: [{ field: 'close_date', bucket: 'month' }], aggregates: [{ field: 'amount', fn: 'sum' }] })).body.data;
    const lastMonth = new Date(); lastMonth.setUTCDate(5); lastMonth.setUTCMonth(lastMonth.getUTCMonth() - 1);
    await sales2.post('/api/v1/records/deals', { name: 'K1', amount: '300', close_date: today, currency: 'RUB' });
    await sales2.post('/api/v1/records/deals', { name: 'K2', amount: '200', close_date: lastMonth.toISOString().slice(0, 10), currency: 'RUB' });
    const k = await sales2.post(`/api/v1/reports/${report.id}/key_figure`, { period: 'month' });
    expect(k.status).toBe(200);
    expect(k.body).toMatchObject({ key: 'sum_amount', value: '300.00', previous: '200.00', change_percent: 50, field: 'close_date' });
    expect((await sales2.post(`/api/v1/reports/${report.id}/key_figure`, { period: 'decade' })).status).toBe(400);
  });

  it('a new user lands on a default dashboard; widgets are saved with their places; admins publish to roles', async () => {
    // Two tabs opened at once: one home dashboard, not two.
    const [list, other] = await Promise.all([sales1.get('/api/v1/dashboards'), sales1.get('/api/v1/dashboards')]);
    expect([list.status, other.status]).toEqual([200, 200]);
    expect(list.body.data).toHaveLength(1);
    expect(other.body.data).toHaveLength(1);
    expect((await sales1.get('/api/v1/dashboards')).body.data).toHaveLength(1);
    const home = list.body.data[0];
    expect(home).toMatchObject({ name: 'Главная', mine: true });
    expect(home.widgets.map((w: any) => w.type)).toEqual(['key_figure', 'today_events', 'my_tasks', 'pipeline', 'report', 'recent']);
    // The same list again: still one (the default is made once).
    expect((await sales1.get('/api/v1/dashboards')).body.data).toHaveLength(1);
    const moved = home.widgets.map((w: any, i: number) => (i === 0 ? { ...w, x: 8, w: 4 } : w)).slice(0, 5);
    const saved = await sales1.put(`/api/v1/dashboards/${home.id}`, { name: 'Моя', widgets: moved });
    expect(saved.status).toBe(200);
    expect(saved.body.data.widgets).toHaveLength(5);
    expect(saved.body.data.widgets[0]).toMatchObject({ id: home.widgets[0].id, x: 8 });
    const bad = await sales1.put(`/api/v1/dashboards/${home.id}`, { widgets: [{ type: 'report', x: 10, y: 0, w: 4, h: 2 }] });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(expect.arrayContaining(['widgets[0].report_id', 'widgets[0].x']));
    // The range named is the one allowed (a 4-wide widget starts at column 0 to 8); a tall dashboard's last rows are fine.
    expect(bad.body.error.fields['widgets[0].x']).toBe('должно быть от 0 до 8'); // sales1 reads Russian
    const low = moved.map((w: any, i: number) => (i === 4 ? { ...w, y: 250 } : w));
    expect((await sales1.put(`/api/v1/dashboards/${home.id}`, { widgets: low })).status).toBe(200);
    expect((await sales1.put(`/api/v1/dashboards/${home.id}`, { widgets: moved })).status).toBe(200);
    // Someone else's dashboard is not there; publishing is for administrators.
    expect((await sales2.get(`/api/v1/dashboards/${home.id}`)).status).toBe(404);
    expect((await sales1.put(`/api/v1/dashboards/${home.id}`, { published_role_ids: [t.users.sales1] })).status).toBe(403);
    const role = (await admin.get(`/api/v1/users/${t.users.sales2}`)).body.data.role_id;
    // Anyone may learn role names (to share with one); the role tree with its permissions stays with administrators.
    expect((await sales1.get('/api/v1/roles/names')).body.data).toEqual(expect.arrayContaining([{ id: role, name: 'Sales person' }]));
    expect((await sales1.get('/api/v1/roles')).status).toBe(403);
    const team = (await admin.post('/api/v1/dashboards', { name: 'Команда', widgets: [{ type: 'pipeline', x: 0, y: 0, w: 6, h: 4 }], published_role_ids: [role] })).body.data;
    const seen = (await sales2.get('/api/v1/dashboards')).body.data;
    expect(seen.map((d: any) => [d.name, d.mine])).toEqual(expect.arrayContaining([['Команда', false]]));
    expect((await sales2.put(`/api/v1/dashboards/${team.id}`, { name: 'Моя команда' })).status).toBe(403);
  });

  it('recent records are those the caller changed, still readable', async () => {
    const acc = (await sales1.post('/api/v1/records/accounts', { name: 'Недавний контрагент' })).body.data;
    const r = await sales1.get('/api/v1/dashboards/widgets/recent');
    expect(r.body.data[0]).toMatchObject({ module: 'accounts', id: acc.id, label: 'Недавний контрагент' });
    // A module the caller may no longer view is not listed, though its records are theirs.
    const profileId = await salesProfile(admin);
    const modules = (await admin.get(`/api/v1/profiles/${profileId}`)).body.data.modules as Record<string, string[]>;
    expect((await admin.patch(`/api/v1/profiles/${profileId}`, { modules: { ...modules, accounts: [] } })).status).toBe(200);
    try {
      expect((await sales1.get('/api/v1/dashboards/widgets/recent')).body.data.map((x: any) => x.id)).not.toContain(acc.id);
    } finally {
      expect((await admin.patch(`/api/v1/profiles/${profileId}`, { modules })).status).toBe(200);
    }
    expect((await sales1.get('/api/v1/dashboards/widgets/recent')).body.data.map((x: any) => x.id)).toContain(acc.id);
    await sales1.del(`/api/v1/records/accounts/${acc.id}`);
    expect((await sales1.get('/api/v1/dashboards/widgets/recent')).body.data.map((x: any) => x.id)).not.toContain(acc.id);
  });
});
