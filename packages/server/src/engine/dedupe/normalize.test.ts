import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../platform/db.js';
import { keySql, normalizeKey, type KeyKind } from './normalize.js';

const CASES: [KeyKind, string, string][] = [
  ['email', '  Petr@Example.RU ', 'petr@example.ru'],
  ['phone', '+7 (900) 123-45-67', '79001234567'],
  ['phone', '8 900 123 45 67', '79001234567'],
  ['phone', '0044 20 7946 0958', '442079460958'],
  ['phone', '067 123 4567', '380671234567'],
  ['phone', '+380 67 123 4567', '380671234567'],
  ['phone', '138 0013 8000', '8613800138000'],
  ['phone', '+86 138-0013-8000', '8613800138000'],
  ['digits', '77 0123 4567-8', '77012345678'],
  ['domain', 'HTTPS://www.Romashka.ru/contacts?x=1', 'romashka.ru'],
  ['domain', 'romashka.ru:8080', 'romashka.ru'],
  ['name', 'ООО «Ромашка»', 'ромашка'],
  ['name', 'Ромашка, ООО', 'ромашка'],
  ['name', '  ТОВ "Весна"  Плюс ', 'весна плюс'],
  ['name', 'Acme Widgets, Inc.', 'acme widgets'],
  ['name', '北京科技有限公司', '北京科技'],
  ['name', 'Ао Ао', ''],
  ['name', 'Аорта', 'аорта'],
  ['person', '  Ao   WEI ', 'ao wei'],
  ['person', 'Ип Ман', 'ип ман'],
];

let database: Database;
// PGlite, or the PostgreSQL server the suite runs against: both must agree with TypeScript.
beforeAll(async () => { database = await openDatabase(process.env.TEST_DATABASE_URL ? { url: process.env.TEST_DATABASE_URL, poolSize: 1 } : { memory: true }); });
afterAll(() => database.close());

describe('duplicate keys', () => {
  it.each(CASES)('%s %j → %j', (kind, value, key) => {
    expect(normalizeKey(kind, value)).toBe(key);
  });

  it('the database computes the same keys as TypeScript', async () => {
    for (const [kind, value] of CASES) {
      const r = await sql<{ k: string }>`select ${keySql(kind, sql`${value}::text`)} as k`.execute(database.db);
      expect([kind, value, r.rows[0].k]).toEqual([kind, value, normalizeKey(kind, value)]);
    }
  });
});
