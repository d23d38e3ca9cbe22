/** What an account page shows beyond its fields: counts of its related lists, the rolled-up timeline, its tree. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let manager: Client, sales1: Client, sales2: Client;
let holding = '', daughter = '', granddaughter = '', secret = '', contact = '', deal = '';
beforeAll(async () => {
  t = await createTestApp();
  [manager, sales1, sales2] = await Promise.all(['manager', 'sales1', 'sales2'].map((u) => t.login(u)));
  holding = (await sales1.post('/api/v1/records/accounts', { name: 'Холдинг' })).body.data.id;
  daughter = (await sales1.post('/api/v1/records/accounts', { name: 'Дочка', parent_id: holding })).body.data.id;
  granddaughter = (await sales1.post('/api/v1/records/accounts', { name: 'Внучка', parent_id: daughter })).body.data.id;
  secret = (await sales1.post('/api/v1/records/accounts', { name: 'Тайная дочка', parent_id: holding, assigned_to: t.users.sales2 })).body.data.id;
  contact = (await sales1.post('/api/v1/records/contacts', { last_name: 'Иванов', account_id: holding })).body.data.id;
  deal = (await sales1.post('/api/v1/records/deals', { name: 'Поставка', account_id: holding, close_date: '2026-12-31' })).body.data.id;
  await sales1.post('/api/v1/records/comments', { body: 'Про контакт', related_to: contact });
  await sales1.post('/api/v1/records/tasks', { subject: 'По сделке', due_date: '2026-12-20', related_to: deal });
  await sales1.post('/api/v1/records/comments', { body: 'Про сам холдинг', related_to: holding });
});
afterAll(() => t.close());

describe('an account page', () => {
  it('counts its related lists, only what the caller may see', async () => {
    const counts = (await sales1.get(`/api/v1/records/accounts/${holding}/related_counts`)).body.data;
    expect(counts).toMatchObject({ contacts: 1, deals: 1 });
    expect((await sales2.get(`/api/v1/records/accounts/${holding}/related_counts`)).status).toBe(404);
  });

  it('counts many-to-many lists by their names too, even when one comes first (a lead\'s campaigns)', async () => {
    const lead = (await sales1.post('/api/v1/records/leads', { last_name: 'Лидов', company: 'ООО Лид' })).body.data.id;
    const counts = (await sales1.get(`/api/v1/records/leads/${lead}/related_counts`)).body.data;
    expect(counts.campaigns).toBe(0);
    expect(Object.keys(counts)).not.toContain('undefined');
  });

  it('shows its contacts’ and deals’ activity on its timeline, naming what each was about; filterable', async () => {
    const all = (await sales1.get(`/api/v1/records/accounts/${holding}/timeline`)).body.data;
    const about = (title: string) => all.find((x: any) => x.title === title)?.about;
    expect(about('Про контакт')).toMatchObject({ module: 'contacts', id: contact, label: 'Иванов' });
    expect(about('По сделке')).toMatchObject({ module: 'deals', id: deal, label: 'Поставка' });
    expect(about('Про сам холдинг')).toBeNull();
    const own = (await sales1.get(`/api/v1/records/accounts/${holding}/timeline?include=self`)).body.data.map((x: any) => x.title);
    expect(own).toContain('Про сам холдинг');
    expect(own).not.toContain('Про контакт');
    const tasks = (await sales1.get(`/api/v1/records/accounts/${holding}/timeline?kinds=task`)).body.data;
    expect(tasks.map((x: any) => x.kind)).toEqual(['task']);
    expect((await sales1.get(`/api/v1/records/accounts/${holding}/timeline?kinds=spaceship`)).status).toBe(400);
    const repeated = await sales1.get(`/api/v1/records/accounts/${holding}/timeline?kinds=task&kinds=comment`);
    expect(repeated.status).toBe(200);
    expect(repeated.body.data.map((x: any) => x.kind)).toContain('task');
  });

  it('shows the tree it stands in, from the top, without revealing what the caller may not see', async () => {
    const tree = (await sales1.get(`/api/v1/records/accounts/${granddaughter}/hierarchy`)).body;
    expect(tree.root).toBe(holding);
    expect(tree.nodes.map((n: any) => [n.label, n.depth])).toEqual([['Холдинг', 0], ['Дочка', 1], ['Внучка', 2]]);
    const all = (await manager.get(`/api/v1/records/accounts/${daughter}/hierarchy`)).body.nodes.map((n: any) => n.label).sort();
    expect(all).toEqual(['Внучка', 'Дочка', 'Тайная дочка', 'Холдинг'].sort());
    // sales2 sees their own subsidiary but not the holding above it: the tree starts at what they may see.
    const theirs = (await sales2.get(`/api/v1/records/accounts/${secret}/hierarchy`)).body;
    expect(theirs.nodes.map((n: any) => n.label)).toEqual(['Тайная дочка']);
    expect((await sales1.get(`/api/v1/records/contacts/${contact}/hierarchy`)).status).toBe(404);
  });
});
