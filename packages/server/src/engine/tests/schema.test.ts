import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { boot } from '../../bootstrap.js';
import { standardBehaviours } from '../../modules/behaviours.js';
import { standardModules } from '../../modules/index.js';
import { readConfig } from '../../platform/config.js';
import { openDatabase } from '../../platform/db.js';
import { ALL_MIGRATIONS, LATEST_SCHEMA_VERSION } from '../schema/migrate.js';
import { buildSearchText, cjkTokens, phoneKeys, searchPattern } from '../query/search-text.js';
import { Registry } from '../registry/registry.js';

describe('migrations', () => {
  it('apply once, record themselves, create every module table, and refuse a newer database', async () => {
    const database = await openDatabase({ memory: true });
    const modules = { defs: standardModules, behaviours: standardBehaviours };
    await boot(readConfig({}), database, modules, 'test');
    await boot(readConfig({}), database, modules, 'test'); // idempotent
    const applied = await sql<{ version: number }>`select version from schema_migrations order by version`.execute(database.db);
    expect(applied.rows.map((r) => r.version)).toEqual(ALL_MIGRATIONS.map((m) => m.version));
    const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = current_schema()`.execute(database.db);
    const names = new Set(tables.rows.map((r) => r.table_name));
    for (const m of standardModules) expect(names.has(m.name), m.name).toBe(true);
    expect(names.has('deal_contacts')).toBe(true);
    // The planner samples search_text finely enough to take the trigram index for rare terms.
    const stats = await sql<{ n: number }>`select attstattarget::int as n from pg_attribute
      where attrelid = 'contacts'::regclass and attname = 'search_text'`.execute(database.db);
    expect(stats.rows[0].n).toBe(1000);
    // A newer Karta's migration may be numbered below this one's newest (a core one below an area's): the set tells, not the maximum.
    const known = new Set(ALL_MIGRATIONS.map((m) => m.version));
    const future = Array.from({ length: LATEST_SCHEMA_VERSION }, (_, i) => i + 1).find((v) => !known.has(v))!;
    await sql`insert into schema_migrations (version, name) values (${future}, 'from the future')`.execute(database.db);
    await expect(boot(readConfig({}), database, modules, 'test')).rejects.toThrow(new RegExp(`does not know \\(${future}\\)`));
    await database.close();
  }, 180_000); // three boots of a whole database: on a loaded machine more than the default minute
});

describe('search text (pure)', () => {
  const registry = new Registry(standardModules, {});
  it('lowercases, keeps numbers and adds phone digits', () => {
    const text = buildSearchText(registry.module('accounts'), { name: 'ООО Ромашка', number: 'ACC7', phone: '+7 (812) 338-75-92' });
    expect(text).toContain('ооо ромашка');
    expect(text).toContain('acc7');
    expect(text).toContain('78123387592');
    expect(text).toContain('8123387592');
  });
  it('turns phone-looking queries into digit patterns and escapes LIKE wildcards', () => {
    expect(searchPattern('8 (812) 338-75-92')).toBe('%8123387592%');
    expect(searchPattern('50%_off')).toBe('%50\\%\\_off%');
    expect(searchPattern('  ')).toBeNull();
    expect(phoneKeys('123')).toEqual([]);
  });
  it('adds the CJK characters, pairs and joined short names as whole words; short CJK queries look for them', () => {
    expect(cjkTokens('刘伟明 smith')).toEqual(['刘', '刘伟', '伟', '伟明', '明']);
    // Given name and surname in two fields: both orders, so 刘伟 finds 伟 刘.
    expect(cjkTokens('伟 刘')).toEqual(['伟', '刘', '伟刘', '刘伟']);
    expect(cjkTokens('ООО Ромашка')).toEqual([]);
    const text = buildSearchText(registry.module('contacts'), { first_name: '伟', last_name: '刘', number: 'CON1' });
    expect(text).toBe('伟 刘 con1 伟 刘 伟刘 刘伟 ');
    expect(searchPattern('刘')).toBe('% 刘 %');
    expect(searchPattern(' 刘伟 ')).toBe('% 刘伟 %');
    expect(searchPattern('刘伟明')).toBe('%刘伟明%');
    expect(searchPattern('ab')).toBe('%ab%');
  });
});
