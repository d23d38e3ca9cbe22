import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../testing/test-app.js';
import { multipartBody } from '../testing/multipart.js';
import { openDatabase, type Database } from '../platform/db.js';
import { standardBehaviours } from '../modules/behaviours.js';
import { standardModules } from '../modules/index.js';
import { writeBackup } from './backup.js';
import { RestoreRefused, restoreBackup } from './restore.js';

let t: TestApp;
let admin: Client, sales1: Client;
const MODULES = { defs: standardModules, behaviours: standardBehaviours };

/** An empty database of the kind the tests run on: in-memory PGlite, or a fresh schema of TEST_DATABASE_URL. */
async function emptyDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return openDatabase({ memory: true });
  const schema = `r_${randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`create schema ${schema}`);
  await c.end();
  return openDatabase({ url, searchPath: schema, poolSize: 3 });
}

beforeAll(async () => {
  t = await createTestApp();
  [admin, sales1] = await Promise.all([t.login('admin'), t.login('sales1')]);
  expect((await admin.post('/api/v1/meta/modules/contacts/fields', { name: 'cf_shoe_size', type: 'integer', label: { en: 'Shoe size', ru: 'Размер обуви' } })).status).toBe(201);
  for (let i = 0; i < 30; i++) await sales1.post('/api/v1/records/contacts', { last_name: `Копия ${i}`, cf_shoe_size: 40 + (i % 5), mobile: `+7 900 000-00-${String(i).padStart(2, '0')}` });
  const m = multipartBody({ name: 'договор.txt', content: 'Договор поставки №7' });
  const file = (await sales1.request('POST', '/api/v1/files', m.body, m.headers)).body;
  expect((await sales1.post('/api/v1/records/documents', { title: 'Договор', file_id: file.id })).status).toBe(201);
});
afterAll(() => t.close());

describe('backup and restore', () => {
  it('a backup taken while writes go on restores to the same rows, checksums and files', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'karta-backup-'));
    const out = path.join(dir, 'backup.zip');
    const filesDir = path.join(t.app.config.dataDir, 'files');
    const writing = (async () => { for (let i = 0; i < 20; i++) await sales1.post('/api/v1/records/accounts', { name: `Во время копии ${i}` }); })();
    const [manifest] = await Promise.all([writeBackup(t.app.database.db, { out, filesDir, version: 'test', kind: t.app.database.kind }), writing]);
    expect(manifest.tables.contacts.rows).toBeGreaterThanOrEqual(30);
    expect(manifest.tables.sessions).toBeUndefined();
    expect(Object.keys(manifest.files)).toHaveLength(1);

    const target = await emptyDatabase();
    const restoredFiles = path.join(dir, 'restored-files');
    try {
      await restoreBackup(target, { file: out, filesDir: restoredFiles, modules: MODULES });
      const again = await writeBackup(target.db, { out: path.join(dir, 'again.zip'), filesDir: restoredFiles, version: 'test', kind: target.kind });
      for (const [table, entry] of Object.entries(manifest.tables)) {
        if (table === 'schema_migrations') continue;
        expect(again.tables[table], table).toEqual(entry);
      }
      expect(again.files).toEqual(manifest.files);
      const [rel] = Object.keys(manifest.files);
      expect(await readFile(path.join(restoredFiles, ...rel.split('/')), 'utf8')).toBe('Договор поставки №7');
      // The custom field's column and values are back, and the numbering goes on after the last number.
      const shoes = await target.db.selectFrom('contacts' as any).select('cf_shoe_size' as any).where('last_name' as any, '=', 'Копия 3').executeTakeFirst() as any;
      expect(Number(shoes.cf_shoe_size)).toBe(43);
      await expect(restoreBackup(target, { file: out, filesDir: restoredFiles, modules: MODULES })).rejects.toThrow(/not empty/);
    } finally {
      await target.close();
    }
  }, 120_000);

  it('refuses a damaged archive, a file that is not a backup, and a backup of a newer Karta — before touching the database', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'karta-backup-'));
    const out = path.join(dir, 'b.zip');
    await writeBackup(t.app.database.db, { out, filesDir: path.join(t.app.config.dataDir, 'files'), version: 'test', kind: t.app.database.kind });
    const { unzipSync, zipSync } = await import('fflate');
    const entries = unzipSync(new Uint8Array(await readFile(out)));
    const target = await emptyDatabase();
    try {
      const newer = { ...entries, 'manifest.json': new TextEncoder().encode(JSON.stringify({ ...JSON.parse(new TextDecoder().decode(entries['manifest.json'])), schema_version: 999_999 })) };
      await writeFile(path.join(dir, 'newer.zip'), zipSync(newer));
      await expect(restoreBackup(target, { file: path.join(dir, 'newer.zip'), filesDir: dir, modules: MODULES })).rejects.toThrow(/newer Karta/);
      const name = Object.keys(entries).find((n) => n.startsWith('db/contacts/'))!;
      await writeFile(path.join(dir, 'damaged.zip'), zipSync({ ...entries, [name]: new TextEncoder().encode('{"id":"x"}\n') }));
      await expect(restoreBackup(target, { file: path.join(dir, 'damaged.zip'), filesDir: dir, modules: MODULES })).rejects.toThrow(/damaged: table contacts/);
      await writeFile(path.join(dir, 'junk.zip'), 'not a zip');
      await expect(restoreBackup(target, { file: path.join(dir, 'junk.zip'), filesDir: dir, modules: MODULES })).rejects.toBeInstanceOf(Error);
      const r = await target.db.selectNoFrom((eb) => eb.fn<string>('to_regclass', [eb.val('schema_migrations')]).as('t')).executeTakeFirst();
      expect(r?.t ?? null).toBeNull();
    } finally {
      await target.close();
    }
  }, 60_000);
});

export { RestoreRefused };
