import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { contextFor } from '../system-context.js';
import { visibilityPredicate } from '../access/permissions.js';
import { broadVisibility, checkableOnEachRow } from '../query/search-plan.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  // 24,000 leads of sales1 and 100 of sales2, written straight into the table: only the planner's estimates matter here.
  const db = t.app.database.db;
  await sql`insert into leads (id, number, assigned_to, last_name, search_text)
    select gen_random_uuid(), 'LEAD-B' || n, ${t.users.sales1}::uuid, 'Широков ' || n, 'широков ' || n || ' lead-b' || n from generate_series(1, 24000) n`.execute(db);
  await sql`insert into leads (id, number, assigned_to, last_name, search_text)
    select gen_random_uuid(), 'LEAD-C' || n, ${t.users.sales2}::uuid, 'Широков ' || n, 'широков ' || n || ' lead-c' || n from generate_series(1, 100) n`.execute(db);
  await sql`analyze leads`.execute(db);
}, 120_000);
afterAll(() => t.close());

describe('a search for a user who sees most of a big table', () => {
  it('is told apart from one who sees a few rows', async () => {
    const broad = async (user: string) => {
      const ctx = await contextFor(t.app, user);
      return broadVisibility(ctx, 'leads', visibilityPredicate(ctx, 'leads', 'read')!);
    };
    expect(await broad(t.users.sales1)).toBe(true);
    expect(await broad(t.users.sales2)).toBe(false);
  });

  it('is never rewritten for a record that lives on another (its visibility is its parent\'s, best joined)', async () => {
    const ctx = await contextFor(t.app, t.users.sales1);
    expect(checkableOnEachRow(ctx.registry.module('comments'))).toBe(false);
    expect(checkableOnEachRow(ctx.registry.module('leads'))).toBe(true);
  });

  it('still finds only what the user may see when visibility is checked on each match', async () => {
    const one = await t.login('sales1');
    const two = await t.login('sales2');
    const hits = async (c: typeof one, q: string) => (await c.get(`/api/v1/search?q=${encodeURIComponent(q)}&modules=leads&limit=100`)).body.data.map((h: any) => h.number);
    // lead-c numbers belong to sales2: sales1 (whose visibility is checked on each match) finds none of them.
    expect(await hits(one, 'lead-c1')).toEqual([]);
    expect((await hits(two, 'lead-c1')).length).toBeGreaterThan(0);
    expect(await hits(one, 'lead-b12345')).toEqual(['LEAD-B12345']);
    expect(await hits(two, 'lead-b12345')).toEqual([]);
  });
});
