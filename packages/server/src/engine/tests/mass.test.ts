import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let sales1: Client;

beforeAll(async () => {
  t = await createTestApp();
  sales1 = await t.login('sales1');
});
afterAll(() => t.close());

const audit = (id: string) => t.app.database.db.selectFrom('audit_log' as any).selectAll()
  .where('record_id' as any, '=', id).where('action' as any, '=', 'update').execute() as Promise<any[]>;

describe('mass update', () => {
  it('updates every record once: new value, version + 1, an audit row each, searchable at once', async () => {
    const ids: string[] = [];
    for (const name of ['Альфа', 'Бета', 'Гамма']) ids.push((await sales1.post('/api/v1/records/contacts', { last_name: name, title: 'Инженер' })).body.data.id);
    const same = (await sales1.post('/api/v1/records/contacts', { last_name: 'Дельта', title: 'Директор' })).body.data.id;
    const r = await sales1.post('/api/v1/records/contacts/mass-update', { ids: [...ids, same], changes: { title: 'Директор' } });
    expect(r.status).toBe(200);
    for (const id of ids) {
      const c = (await sales1.get(`/api/v1/records/contacts/${id}`)).body.data;
      expect(c).toMatchObject({ title: 'Директор', version: 2 });
      const rows = await audit(id);
      expect(rows).toHaveLength(1);
      expect(rows[0].changes).toEqual({ title: ['Инженер', 'Директор'] });
    }
    // A record that already had the value is neither bumped nor audited.
    expect((await sales1.get(`/api/v1/records/contacts/${same}`)).body.data.version).toBe(1);
    expect(await audit(same)).toHaveLength(0);
    const found = await sales1.get('/api/v1/records/contacts?q=Гамма&fields=last_name,title');
    expect(found.body.data).toEqual([expect.objectContaining({ last_name: 'Гамма', title: 'Директор' })]);
  });

  it('a bad value or an unknown record changes nothing and says which', async () => {
    const id = (await sales1.post('/api/v1/records/contacts', { last_name: 'Эпсилон', email: 'e@example.com' })).body.data.id;
    const bad = await sales1.post('/api/v1/records/contacts/mass-update', { ids: [id], changes: { email: 'not an e-mail' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.email).toBeTruthy();
    const ghost = '0190a000-0000-7000-8000-000000000000';
    const missing = await sales1.post('/api/v1/records/contacts/mass-update', { ids: [id, ghost], changes: { title: 'X' } });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain(ghost);
    expect((await sales1.get(`/api/v1/records/contacts/${id}`)).body.data).toMatchObject({ version: 1, title: null });
  });

  it('publishes one updated event per changed record after the commit', async () => {
    const seen: string[] = [];
    t.app.events.on('contacts.updated', (p: any) => { seen.push(p.id); });
    const ids = [];
    for (const n of ['Зета', 'Эта']) ids.push((await sales1.post('/api/v1/records/contacts', { last_name: n })).body.data.id);
    await sales1.post('/api/v1/records/contacts/mass-update', { ids, changes: { department: 'Продажи' } });
    expect(seen.sort()).toEqual([...ids].sort());
  });
});
