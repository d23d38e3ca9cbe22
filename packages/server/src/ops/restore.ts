/**
 * Restore a backup into an empty database (and data directory): the schema as the backed-up Karta had it, its rows
 * and files, then every migration this Karta has and it had not — an older backup comes back upgraded, with its
 * custom fields' columns and data. A newer backup (a schema this Karta does not know) is refused before anything.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openPromise, type Entry, type ZipFile } from 'yauzl';
import type { ModuleDef } from '@karta/shared';
import { sql, type Tx } from '../platform/db.js';
import type { Database } from '../platform/db.js';
import { MetaStore } from '../engine/meta-store.js';
import type { ModuleBehaviour } from '../engine/registry/behaviour.js';
import { LATEST_SCHEMA_VERSION, migrateCore, unknownMigrations } from '../engine/schema/migrate.js';
import { syncModuleTables } from '../engine/schema/module-tables.js';
import { BACKUP_FORMAT, NOT_A_PARTITION, type BackupManifest } from './backup.js';

export class RestoreRefused extends Error {}

const sha = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');
const chunkName = (table: string, n: number) => `db/${table}/${String(n).padStart(6, '0')}.jsonl`;

/** A backup's entries, read one at a time from the file (an archive of any size: memory holds one entry, not all). */
export interface BackupReader { manifest: BackupManifest; entry(name: string): Promise<Uint8Array>; close(): void }

/**
 * The manifest of a backup file and a reader of its entries. The archive is read through its central directory
 * (yauzl, Zip64 included), never loaded whole: a backup past 2 GiB — uploaded files make them large — restores too.
 */
export async function openBackup(file: string): Promise<BackupReader> {
  let zip: ZipFile;
  const entries = new Map<string, Entry>();
  try {
    zip = await openPromise(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false, decodeStrings: true });
  } catch {
    throw new RestoreRefused('The file is not a Karta backup (no readable manifest)');
  }
  try {
    for await (const e of zip.eachEntry()) entries.set(e.fileName, e);
  } catch (err) {
    zip.close();
    throw new RestoreRefused(`The backup is damaged: ${(err as Error).message}`);
  }
  const entry = async (name: string) => {
    const found = entries.get(name);
    if (!found) throw new RestoreRefused(`The backup has no ${name}: it is incomplete or not a Karta backup`);
    const parts: Buffer[] = [];
    try {
      for await (const chunk of await zip.openReadStreamPromise(found)) parts.push(chunk as Buffer);
    } catch (err) {
      throw new RestoreRefused(`The backup is damaged: ${name}: ${(err as Error).message}`);
    }
    return new Uint8Array(Buffer.concat(parts));
  };
  const close = () => zip.close();
  let manifest: BackupManifest;
  try { manifest = JSON.parse(new TextDecoder().decode(await entry('manifest.json'))); } catch (err) {
    close();
    throw err instanceof RestoreRefused ? err : new RestoreRefused('The file is not a Karta backup (no readable manifest)');
  }
  if (manifest.format !== BACKUP_FORMAT) { close(); throw new RestoreRefused('The file is not a Karta backup'); }
  return { manifest, entry, close };
}

/** Every table's chunks and every file against the manifest's checksums: a damaged archive is refused before the database is touched. */
export async function verifyBackup(manifest: BackupManifest, entry: BackupReader['entry']): Promise<void> {
  // Tables are loaded in `table_order` and checked by `tables`: the two must name the same tables, or a table would be
  // skipped silently or fail halfway through the restore.
  const listed = Object.keys(manifest.tables ?? {});
  if (!Array.isArray(manifest.table_order) || listed.length !== manifest.table_order.length || !manifest.table_order.every((t) => Object.hasOwn(manifest.tables, t))) {
    throw new RestoreRefused('The backup is damaged: its list of tables does not match its table order');
  }
  if (manifest.secret_key) await entry('secret.key');
  for (const [table, t] of Object.entries(manifest.tables)) {
    const hash = createHash('sha256');
    for (let n = 0; n < t.chunks; n++) hash.update(await entry(chunkName(table, n)));
    if (hash.digest('hex') !== t.sha256) throw new RestoreRefused(`The backup is damaged: table ${table} does not match its checksum`);
  }
  for (const [rel, f] of Object.entries(manifest.files)) {
    if (rel.split('/').some((part) => part === '..' || part === '' || part.includes('\\')) || path.isAbsolute(rel)) {
      throw new RestoreRefused(`The backup names a file outside the files directory: ${rel}`);
    }
    if (sha(await entry(`files/${rel}`)) !== f.sha256) throw new RestoreRefused(`The backup is damaged: file ${rel} does not match its checksum`);
  }
}

async function existingTables(db: Tx): Promise<Set<string>> {
  const r = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' and ${NOT_A_PARTITION}`.execute(db);
  return new Set(r.rows.map((x) => x.name));
}

/** Loads a table's rows (replacing any a migration seeded), its triggers off so derived tables are not counted twice. */
async function loadTable(db: Tx, table: string, manifest: BackupManifest, entry: BackupReader['entry']): Promise<void> {
  const columns = new Set((await sql<{ c: string }>`select column_name as c from information_schema.columns
    where table_schema = current_schema() and table_name = ${table}`.execute(db)).rows.map((r) => r.c));
  await sql`alter table ${sql.table(table)} disable trigger user`.execute(db);
  await sql`delete from ${sql.table(table)}`.execute(db);
  for (let n = 0; n < manifest.tables[table].chunks; n++) {
    const lines = new TextDecoder().decode(await entry(chunkName(table, n))).split('\n').filter(Boolean);
    if (!lines.length) continue;
    // The columns the backup has and this table has (a column a later migration added takes its default).
    const cols = Object.keys(JSON.parse(lines[0])).filter((c) => columns.has(c)).map((c) => sql.id(c));
    await sql`insert into ${sql.table(table)} (${sql.join(cols)}) overriding system value
      select ${sql.join(cols)} from json_populate_recordset(null::${sql.table(table)}, ${`[${lines.join(',')}]`}::json)`.execute(db);
  }
  await sql`alter table ${sql.table(table)} enable trigger user`.execute(db);
}

export async function restoreBackup(database: Database, opts: {
  file: string; filesDir: string; modules: { defs: ModuleDef[]; behaviours: Record<string, ModuleBehaviour> };
  /** Where the data directory's secret key goes (none when KARTA_SECRET_KEY gives it). */
  secretKeyFile?: string;
}): Promise<BackupManifest> {
  const reader = await openBackup(opts.file);
  try {
    return await restoreFrom(database, reader, opts);
  } finally {
    reader.close();
  }
}

async function restoreFrom(database: Database, { manifest, entry }: BackupReader, opts: Parameters<typeof restoreBackup>[1]): Promise<BackupManifest> {
  const unknown = unknownMigrations(manifest.migrations ?? []);
  if (manifest.schema_version > LATEST_SCHEMA_VERSION || unknown.length) {
    throw new RestoreRefused(`The backup was made by a newer Karta (migrations this one does not know: ${unknown.join(', ') || manifest.schema_version}). Restore it with that version or newer.`);
  }
  const db = database.db;
  const used = await sql<{ t: string | null }>`select to_regclass('schema_migrations')::text as t`.execute(db);
  if (used.rows[0]?.t && Number((await sql<{ n: number }>`select count(*)::int as n from schema_migrations`.execute(db)).rows[0].n) > 0) {
    throw new RestoreRefused('The database is not empty: restore into a new database (or an empty data directory)');
  }
  await verifyBackup(manifest, entry);
  const backedUp = new Set(manifest.migrations);
  const loaded = new Set<string>(['schema_migrations']);
  const loadWhatExists = async () => db.transaction().execute(async (trx) => {
    const tables = await existingTables(trx);
    for (const t of manifest.table_order) if (!loaded.has(t) && tables.has(t)) { await loadTable(trx, t, manifest, entry); loaded.add(t); }
  });
  // 1. The system tables as the backup's Karta had them, and their rows; 2. this Karta's newer system migrations on them.
  await migrateCore(db, 'before_module_tables', backedUp);
  await loadWhatExists();
  await migrateCore(db, 'before_module_tables');
  // 3. Module tables from the registry with the restored custom fields; the backup's later migrations; their rows.
  const meta = new MetaStore(db, opts.modules.defs, opts.modules.behaviours);
  await meta.load();
  await db.transaction().execute((trx) => syncModuleTables(trx, meta.registry));
  await migrateCore(db, 'after_module_tables', backedUp);
  await loadWhatExists();
  await migrateCore(db, 'after_module_tables');
  await db.transaction().execute(async (trx) => {
    const seqs = new Set((await sql<{ name: string }>`select sequencename as name from pg_sequences where schemaname = current_schema()`.execute(trx)).rows.map((r) => r.name));
    for (const [name, value] of Object.entries(manifest.sequences)) if (seqs.has(name)) await sql`select setval(${name}::regclass, ${value}::bigint)`.execute(trx);
  });
  for (const rel of Object.keys(manifest.files)) {
    const target = path.resolve(opts.filesDir, ...rel.split('/'));
    if (!target.startsWith(path.resolve(opts.filesDir) + path.sep)) throw new RestoreRefused(`The backup names a file outside the files directory: ${rel}`);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, await entry(`files/${rel}`));
  }
  // The sealing key comes back unless this Karta has one already (then secrets sealed with the old one stay closed: say so).
  if (manifest.secret_key && opts.secretKeyFile) {
    const key = await entry('secret.key');
    let mine: Buffer | null = null;
    try { mine = await readFile(opts.secretKeyFile); } catch { /* none */ }
    if (!mine) { await mkdir(path.dirname(opts.secretKeyFile), { recursive: true }); await writeFile(opts.secretKeyFile, key, { mode: 0o600 }); }
    else if (!mine.equals(Buffer.from(key))) console.warn(`karta: ${opts.secretKeyFile} differs from the backup's key; stored mailbox passwords and two-factor secrets of the backup will not open with it`);
  }
  return manifest;
}
