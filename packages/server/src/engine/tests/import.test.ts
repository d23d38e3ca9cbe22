import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody } from '../../testing/multipart.js';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: Client, manager: Client, sales1: Client;

beforeAll(async () => {
  t = await createTestApp();
  [admin, manager, sales1] = await Promise.all(['admin', 'manager', 'sales1'].map((u) => t.login(u)));
});
afterAll(() => t.close());

const upload = (c: Client, module: string, file: { name: string; content: Buffer | string }, fields?: Record<string, string>) => {
  const m = multipartBody(file, fields);
  return c.request('POST', `/api/v1/import/${module}`, m.body, m.headers);
};

describe('import', () => {
  it('imports a CSV by field names and labels (any language), reporting bad rows without losing good ones', async () => {
    const csv = '\ufeffКонтрагент;Телефон;industry;employees\nООО Импорт;+7 495 000-00-01;Банковское дело;12\nПлохая строка;;banking;много\nООО Второй;;;\n';
    const r = await upload(manager, 'accounts', { name: 'accounts.csv', content: csv });
    expect(r.status, r.raw).toBe(200);
    expect(r.body.data).toMatchObject({ created: 2, failed: 1, updated: 0, skipped: 0 });
    expect(r.body.data.errors[0]).toMatchObject({ row: 3, fields: { employees: expect.any(String) } });
    const got = await manager.get(`/api/v1/records/accounts?filter[name]=${encodeURIComponent('ООО Импорт')}`);
    expect(got.body.data[0]).toMatchObject({ phone: '+7 495 000-00-01', industry: 'banking', employees: 12, assigned_to: expect.any(String) });
    const history = await manager.get(`/api/v1/records/accounts/${got.body.data[0].id}/history`);
    expect(history.body.data[0].action).toBe('create');
  });

  it('handles duplicates: skip, overwrite, merge on chosen fields', async () => {
    await manager.post('/api/v1/records/contacts', { last_name: 'Дубликатов', email: 'dup@example.com', title: 'Old', department: null });
    const csv = 'last_name,email,title,department\nДубликатов,DUP@example.com,New,Sales\n';
    const skip = await upload(manager, 'contacts', { name: 'c.csv', content: csv }, { duplicates: 'skip', match_on: 'email' });
    expect(skip.body.data).toMatchObject({ created: 0, skipped: 1 });
    const merge = await upload(manager, 'contacts', { name: 'c.csv', content: csv }, { duplicates: 'merge', match_on: 'email' });
    expect(merge.body.data).toMatchObject({ updated: 1 });
    let c = (await manager.get('/api/v1/records/contacts?filter[email]=dup@example.com')).body.data[0];
    expect([c.title, c.department]).toEqual(['Old', 'Sales']);
    const over = await upload(manager, 'contacts', { name: 'c.csv', content: csv }, { duplicates: 'overwrite', match_on: 'email' });
    expect(over.body.data).toMatchObject({ updated: 1 });
    c = (await manager.get('/api/v1/records/contacts?filter[email]=dup@example.com')).body.data[0];
    expect(c.title).toBe('New');
    expect((await manager.get('/api/v1/records/contacts?filter[email]=dup@example.com&count=1')).body.total).toBe(1);
  });

  it('imports an XLSX with an explicit mapping and resolves references by name', async () => {
    await manager.post('/api/v1/records/accounts', { name: 'Ссылочная компания' });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('x');
    ws.addRow(['Фамилия', 'Компания', 'Ignored']);
    ws.addRow(['Эксель', 'Ссылочная компания', 'zzz']);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await upload(manager, 'contacts', { name: 'c.xlsx', content: buffer }, { mapping: JSON.stringify({ Фамилия: 'last_name', Компания: 'account_id', Ignored: '' }) });
    expect(r.status, r.raw).toBe(200);
    expect(r.body.data.created).toBe(1);
    const c = (await manager.get(`/api/v1/records/contacts?filter[last_name]=${encodeURIComponent('Эксель')}`)).body;
    expect(c.refs[c.data[0].account_id].label).toBe('Ссылочная компания');
  });

  it('needs the import permission and rejects bad requests', async () => {
    expect((await upload(sales1, 'accounts', { name: 'a.csv', content: 'name\nX\n' })).status).toBe(403);
    expect((await upload(admin, 'accounts', { name: 'a.csv', content: 'name\nX\n' }, { duplicates: 'sometimes' })).status).toBe(400);
    expect((await upload(admin, 'accounts', { name: 'a.csv', content: 'foo,bar\n1,2\n' })).status).toBe(400);
    expect((await upload(admin, 'accounts', { name: 'a.xlsx', content: 'not a workbook' })).status).toBe(400);
    expect((await upload(admin, 'accounts', { name: 'a.csv', content: 'name\nX\n' }, { mapping: '{bad' })).status).toBe(400);
    expect((await admin.post('/api/v1/import/accounts', { name: 'x' })).status).toBe(400);
  });
});
