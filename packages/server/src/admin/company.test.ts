import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../testing/test-app.js';

let t: TestApp;
let admin: Client, sales1: Client;
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

beforeAll(async () => {
  t = await createTestApp();
  [admin, sales1] = await Promise.all(['admin', 'sales1'].map((u) => t.login(u)));
});
afterAll(() => t.close());

describe('company details', () => {
  it('an administrator saves requisites and a logo; everyone reads them; the change is audited', async () => {
    const put = await admin.put('/api/v1/settings/company', { name: 'ООО «Карта»', inn: '7801234567', bank_name: '中国银行', logo: PNG });
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({ name: 'ООО «Карта»', inn: '7801234567', logo: PNG });
    // A partial update keeps the other details.
    await admin.put('/api/v1/settings/company', { kpp: '780101001' });
    const read = await sales1.get('/api/v1/settings/company');
    expect(read.body.data).toMatchObject({ name: 'ООО «Карта»', kpp: '780101001', bank_name: '中国银行' });
    const audit = await t.app.database.db.selectFrom('audit_log' as any).selectAll().where('module' as any, '=', 'company').execute();
    expect(audit.length).toBe(2);
    expect(JSON.stringify(audit[0])).not.toContain('iVBOR');
  });

  it('rejects unknown keys, non-text values and a logo that is not an image, saving nothing', async () => {
    const before = (await admin.get('/api/v1/settings/company')).body.data;
    const bad = await admin.put('/api/v1/settings/company', { name: 'X', color: 'red', inn: 42, logo: 'data:text/html;base64,PGI+' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['color', 'inn', 'logo']);
    expect((await admin.get('/api/v1/settings/company')).body.data).toEqual(before);
  });

  it('only an administrator may change them', async () => {
    expect((await sales1.put('/api/v1/settings/company', { name: 'Мой' })).status).toBe(403);
  });
});
