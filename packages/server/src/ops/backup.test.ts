import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAuditPartitions } from '../engine/audit/partitions.js';
import { createTestApp, type Client, type TestApp } from '../testing/test-app.js';
import { multipartBody } from '../testing/multipart.js';
import { openDatabase, type Database } from '../platform/db.js';
import { standardBehaviours } from '../modules/behaviours.js';
import { standardModules } from '../modules/index.js';
import { writeBackup } from './backup.js';
import { secretKey } from '../platform/secrets.js';
import { openBackup, restoreBackup } from './restore.js';
import { sql } from 'kysely';
import { backupBeforeUpgrade } from './upgrade.js';
import { syncModuleTables } from '../engine/schema/module-tables.js';
import { fileURLToPath } from 'node:url';
import { boot } from '../bootstrap.js';
import { buildApp } from '../app.js';
import { readConfig } from '../platform/config.js';
import { ALL_MIGRATIONS, LATEST_SCHEMA_VERSION, pendingMigrations } from '../engine/schema/migrate.js';

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
    secretKey(t.app.config.dataDir);
    const [manifest] = await Promise.all([writeBackup(t.app.database.db, { out, filesDir, version: 'test', kind: t.app.database.kind, secretKeyFile: path.join(t.app.config.dataDir, 'secret.key') }), writing]);
    expect(manifest.secret_key).toBe(true);
    expect(manifest.tables.contacts.rows).toBeGreaterThanOrEqual(30);
    expect(manifest.tables.sessions).toBeUndefined();
    expect(Object.keys(manifest.files)).toHaveLength(1);

    const target = await emptyDatabase();
    const restoredFiles = path.join(dir, 'restored-files');
    try {
      await restoreBackup(target, { file: out, filesDir: restoredFiles, modules: MODULES, secretKeyFile: path.join(dir, 'restored-secret.key') });
      // The next start's audit maintenance works on the restored log (its months come from the catalog, not the backup).
      expect(await ensureAuditPartitions(target.db)).toHaveLength(2);
      // The key that seals stored secrets came along.
      expect(await readFile(path.join(dir, 'restored-secret.key'), 'utf8')).toBe(await readFile(path.join(t.app.config.dataDir, 'secret.key'), 'utf8'));
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
      // A newer Karta's migration numbered below this one's newest is told by the set of migrations, not their maximum.
      const manifest = JSON.parse(new TextDecoder().decode(entries['manifest.json']));
      const known = new Set(manifest.migrations as number[]);
      const future = Array.from({ length: manifest.schema_version }, (_, i) => i + 1).find((v) => !known.has(v))!;
      const altered = (m: object) => ({ ...entries, 'manifest.json': new TextEncoder().encode(JSON.stringify({ ...manifest, ...m })) });
      await writeFile(path.join(dir, 'newer2.zip'), zipSync(altered({ migrations: [...manifest.migrations, future] })));
      await expect(restoreBackup(target, { file: path.join(dir, 'newer2.zip'), filesDir: dir, modules: MODULES })).rejects.toThrow(new RegExp(`newer Karta .*${future}`));
      await writeFile(path.join(dir, 'order.zip'), zipSync(altered({ table_order: [...manifest.table_order, 'x_new'] })));
      await expect(restoreBackup(target, { file: path.join(dir, 'order.zip'), filesDir: dir, modules: MODULES })).rejects.toThrow(/table order/);
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

describe('a large backup', () => {
  it('is read entry by entry from a Zip64 archive (what the writer makes past 4 GiB), never loaded whole', async () => {
    const { default: ZipStream } = await import('zip-stream');
    const { createWriteStream } = await import('node:fs');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'karta-zip64-'));
    const file = path.join(dir, 'big.zip');
    const zip = new ZipStream({ forceZip64: true });
    const out = createWriteStream(file);
    zip.pipe(out);
    const put = (name: string, body: string) => new Promise<void>((resolve, reject) => zip.entry(Buffer.from(body), { name }, (err) => (err ? reject(err) : resolve())));
    await put('manifest.json', JSON.stringify({ format: 'karta-backup' }));
    await put('files/a/b.txt', 'Привет, 世界');
    zip.finalize();
    await new Promise<void>((resolve) => out.once('finish', () => resolve()));
    const reader = await openBackup(file);
    try {
      expect(reader.manifest.format).toBe('karta-backup');
      expect(Buffer.from(await reader.entry('files/a/b.txt')).toString()).toBe('Привет, 世界');
      await expect(reader.entry('files/missing')).rejects.toThrow(/has no files\/missing/);
    } finally {
      reader.close();
    }
  });
});

describe('backups from the API', () => {
  it('an administrator takes one now, lists and downloads it, and schedules daily ones that are kept to a number', async () => {
    expect((await sales1.post('/api/v1/backups', {})).status).toBe(403);
    const made = await admin.post('/api/v1/backups', {});
    expect(made.status, made.raw).toBe(201);
    expect(made.body.data.name).toMatch(/^karta-manual-.*\.zip$/);
    const list = await admin.get('/api/v1/backups');
    expect(list.body.data.map((b: any) => b.name)).toContain(made.body.data.name);
    const file = await admin.request('GET', `/api/v1/backups/${made.body.data.name}`);
    expect(file.headers['content-type']).toBe('application/zip');
    expect(file.bytes.subarray(0, 2).toString()).toBe('PK');
    expect((await admin.get('/api/v1/backups/..%2F..%2Fsecret.key')).status).toBe(404);
    expect((await admin.put('/api/v1/settings/backups', { enabled: true, hour: 25, keep: 0 })).body.error.fields).toMatchObject({ hour: expect.any(String), keep: expect.any(String) });
    expect((await admin.put('/api/v1/settings/backups', { enabled: true, hour: 3, keep: 1 })).body.data).toEqual({ enabled: true, hour: 3, keep: 1 });
    // Make the scheduled job due now, twice: one scheduled backup is kept.
    for (let i = 0; i < 2; i++) {
      await sql`update jobs set run_at = now() where key = 'backup:scheduled'`.execute(t.app.database.db);
      await t.runJobs();
    }
    const scheduled = (await admin.get('/api/v1/backups')).body.data.filter((b: any) => b.name.startsWith('karta-scheduled-'));
    expect(scheduled).toHaveLength(1);
    const audit = await admin.get('/api/v1/audit/admin?area=settings');
    expect(audit.body.data.map((a: any) => a.action)).toEqual(expect.arrayContaining(['backup', 'update']));
  }, 60_000);
});

describe('an upgrade from the previous release', () => {
  it('restores its backup (kept as a fixture) and brings it to this version with custom fields, files and sign-ins intact', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/previous-release.zip', import.meta.url));
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'karta-upgrade-'));
    const database = await emptyDatabase();
    try {
      const manifest = await restoreBackup(database, { file: fixture, filesDir: path.join(dataDir, 'files'), modules: MODULES });
      expect(manifest.migrations).not.toContain(LATEST_SCHEMA_VERSION + 1);
      const { app } = await boot({ ...readConfig({}), dataDir }, database, MODULES, 'test');
      const server = await buildApp(app);
      try {
        const versions = (await database.db.selectFrom('schema_migrations' as any).select('version' as any).execute()).map((r: any) => Number(r.version));
        expect(versions).toEqual(expect.arrayContaining(ALL_MIGRATIONS.map((m) => m.version)));
        const login = await server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'olduser', password: 'old-user-pass-1' } });
        expect(login.statusCode, login.body).toBe(200);
        const cookies = { karta_session: login.cookies.find((c) => c.name === 'karta_session')!.value };
        const gold = await server.inject({ method: 'GET', url: '/api/v1/records/contacts?filter[cf_loyalty]=gold', cookies });
        expect(gold.json().data.map((c: any) => c.last_name).sort()).toEqual(['Клиент 0', 'Клиент 2']);
        // This version's migration ran on the old rows: the old role got its own profile, and mass edit where it could edit.
        const admin = await server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'admin-old-pass-1' } });
        const adminCookies = { karta_session: admin.cookies.find((c) => c.name === 'karta_session')!.value };
        const regional = (await server.inject({ method: 'GET', url: '/api/v1/roles', cookies: adminCookies })).json().data.find((r: any) => r.name === 'Regional');
        expect(regional.profile_ids).toHaveLength(1);
        expect(regional.permissions.contacts).toEqual(['view', 'create', 'edit', 'mass_edit']);
        const docs = (await server.inject({ method: 'GET', url: '/api/v1/records/documents', cookies: adminCookies })).json().data;
        const file = await server.inject({ method: 'GET', url: `/api/v1/files/${docs[0].file_id}`, cookies: adminCookies });
        expect(file.body).toBe('Файл из прошлой версии');
        // Migration 12 capped the old trigram indexes' pending lists.
        const options = await sql<{ o: string[] | null }>`select reloptions as o from pg_class where oid = to_regclass('contacts_search')`.execute(database.db);
        expect(options.rows[0].o).toContain('gin_pending_list_limit=256');
        // New records number on from the old ones.
        const acc = await server.inject({ method: 'POST', url: '/api/v1/records/accounts', payload: { name: 'Новая' }, cookies: adminCookies, headers: { 'x-csrf-token': admin.json().csrf_token } });
        expect(acc.json().data.number).toBe('ACC2');
        // An upgrade that changes existing tables is preceded by a backup of the database as it was.
        await sql`delete from schema_migrations where version = 8`.execute(database.db);
        expect((await pendingMigrations(database.db)).map((m) => m.version)).toEqual([8]);
        const saved = await backupBeforeUpgrade(database, { dataDir }, 'next');
        expect(saved).toMatch(/backups\/karta-before-upgrade-to-next-.*\.zip$/);
        const reader = await openBackup(saved!);
        const before = reader.manifest;
        reader.close();
        expect(before.migrations).not.toContain(8);
        expect(await database.db.transaction().execute((trx) => syncModuleTables(trx, app.meta.registry, { dryRun: true }))).toEqual([]);
      } finally {
        await server.close();
      }
    } finally {
      await database.close();
    }
  }, 120_000);
});
