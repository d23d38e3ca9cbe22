/// <reference path="./zip-stream.d.ts" />
/**
 * A backup: one zip with the database (every table as JSON lines, in chunks — jsonb text, whose key order does not depend on the order of the columns), the uploaded files and a manifest
 * (versions, date, row counts, checksums). The database is read in one REPEATABLE READ, READ ONLY transaction — a
 * consistent snapshot while the server goes on writing; files are copied after it (a file is written before the row
 * that names it, so every file a backed-up row names is there).
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import ZipStream from 'zip-stream';
import { sql, type DB, type Tx } from '../platform/db.js';
import { LATEST_SCHEMA_VERSION } from '../engine/schema/migrate.js';

export const BACKUP_FORMAT = 'karta-backup';
export const CHUNK_ROWS = 5000;
/** Sign-in state is not carried over: a restored Karta starts with everyone signed out. */
/** A partition's rows are its parent's (the audit log's months): backed up and restored through the parent. */
export const NOT_A_PARTITION = sql`not exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = table_schema and c.relname = table_name and c.relispartition)`;

export const NOT_BACKED_UP = new Set(['sessions', 'login_challenges', 'login_failures', 'ws_sessions', 'ws_challenges', 'write_marks']);

export interface TableEntry { rows: number; chunks: number; sha256: string }
export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  format_version: 1;
  karta_version: string;
  /** The newest migration applied: a Karta older than this refuses to restore it. */
  schema_version: number;
  migrations: number[];
  database: 'pglite' | 'postgres';
  created_at: string;
  tables: Record<string, TableEntry>;
  /** Table names in an order that satisfies their foreign keys. */
  table_order: string[];
  sequences: Record<string, string>;
  files: Record<string, { bytes: number; sha256: string }>;
  /** The data directory's `secret.key` is in the archive (when KARTA_SECRET_KEY does not give the key). */
  secret_key?: boolean;
}

const sha = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** Tables of the current schema, parents before children (foreign keys). */
export async function tablesInOrder(db: Tx): Promise<string[]> {
  const tables = (await sql<{ name: string }>`select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' and ${NOT_A_PARTITION} order by table_name`.execute(db)).rows.map((r) => r.name);
  const deps = await sql<{ child: string; parent: string }>`select c.relname as child, p.relname as parent from pg_constraint k
    join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid join pg_namespace n on n.oid = c.relnamespace
    where k.contype = 'f' and n.nspname = current_schema() and c.relname <> p.relname`.execute(db);
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set()]));
  for (const d of deps.rows) parents.get(d.child)?.add(d.parent);
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string, depth: number) => {
    if (seen.has(t) || depth > tables.length) return;
    seen.add(t);
    for (const p of parents.get(t) ?? []) visit(p, depth + 1);
    out.push(t);
  };
  for (const t of tables) visit(t, 0);
  return out;
}

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    let entries;
    try { entries = await readdir(dir, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full); else if (e.isFile()) out.push(path.relative(root, full));
    }
  };
  await walk(root);
  return out.sort();
}

/** Writes a backup to `out` (through a temporary name, so a half-written file never looks like a backup). */
export async function writeBackup(db: DB, opts: { out: string; filesDir: string; version: string; kind: 'pglite' | 'postgres'; secretKeyFile?: string }): Promise<BackupManifest> {
  await mkdir(path.dirname(path.resolve(opts.out)), { recursive: true });
  const partial = `${opts.out}.partial`;
  const stream = createWriteStream(partial);
  // zip-stream writes Zip64 records once the archive passes 4 GiB (uploaded files make backups that large), and waits
  // for the disk: each entry is written before the next is taken, so memory holds one entry, not the archive.
  const zip = new ZipStream({ zlib: { level: 6 } });
  const failed = new Promise<never>((_, reject) => { stream.once('error', reject); zip.once('error', reject); });
  failed.catch(() => { /* raced below */ });
  zip.pipe(stream);
  const done = new Promise<void>((resolve) => stream.once('finish', () => resolve()));
  const created = new Date();
  const add = (name: string, data: Uint8Array, deflate = true) => Promise.race([failed, new Promise<void>((resolve, reject) => {
    zip.entry(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { name, store: !deflate, date: created }, (err) => (err ? reject(err) : resolve()));
  })]);
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT, format_version: 1, karta_version: opts.version, schema_version: 0, migrations: [], database: opts.kind,
    created_at: new Date().toISOString(), tables: {}, table_order: [], sequences: {}, files: {},
  };
  try {
    await readAll(db, manifest, add);
    for (const rel of await listFiles(opts.filesDir)) {
      const data = await readFile(path.join(opts.filesDir, rel));
      manifest.files[rel.split(path.sep).join('/')] = { bytes: data.length, sha256: sha(data) };
      await add(`files/${rel.split(path.sep).join('/')}`, data, false);
    }
    // The key that seals stored secrets (2FA secrets, mailbox passwords), unless it comes from KARTA_SECRET_KEY: without
    // it a restored Karta could not open them.
    let key: Buffer | null = null;
    if (opts.secretKeyFile) try { key = await readFile(opts.secretKeyFile); } catch { /* none yet */ }
    if (key) { await add('secret.key', key); manifest.secret_key = true; }
    await add('manifest.json', new TextEncoder().encode(JSON.stringify(manifest, null, 2)));
    zip.finalize();
    await Promise.race([done, failed]);
  } catch (err) {
    zip.unpipe(stream);
    stream.destroy();
    await rm(partial, { force: true });
    throw err;
  }
  await rename(partial, opts.out);
  return manifest;
}

/** The table itself, or — partitioned — its partitions (one level: the audit log's months). */
async function physicalTables(db: Tx, table: string): Promise<string[]> {
  const r = await sql<{ name: string }>`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = ${table}::regclass order by c.relname`.execute(db);
  return r.rows.length ? r.rows.map((x) => x.name) : [table];
}

/** Every table of the snapshot into the zip, in chunks; the manifest gets the counts, checksums and sequences. */
async function readAll(db: DB, manifest: BackupManifest, add: (name: string, data: Uint8Array) => Promise<void>): Promise<void> {
  await db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(async (trx) => {
    const known = await sql<{ t: string | null }>`select to_regclass('schema_migrations')::text as t`.execute(trx);
    if (!known.rows[0]?.t) throw new Error('There is no Karta database here to back up');
    const migrations = await sql<{ version: number }>`select version from schema_migrations order by version`.execute(trx);
    manifest.migrations = migrations.rows.map((r) => Number(r.version));
    manifest.schema_version = Math.max(0, ...manifest.migrations);
    manifest.table_order = (await tablesInOrder(trx)).filter((t) => !NOT_BACKED_UP.has(t));
    for (const table of manifest.table_order) {
      const hash = createHash('sha256');
      let rows = 0, chunks = 0;
      // A row's ctid is unique only within one physical table: a partitioned table (the audit log) is read partition
      // by partition, into its own chunks.
      for (const source of await physicalTables(trx, table)) {
        for (let after = '(0,0)'; ;) {
          const r = await sql<{ c: string; j: string }>`select ctid::text as c, to_jsonb(t)::text as j from ${sql.table(source)} t
            where ctid > ${after}::tid order by ctid limit ${CHUNK_ROWS}`.execute(trx);
          if (!r.rows.length) break;
          const text = r.rows.map((x) => x.j).join('\n') + '\n';
          hash.update(text);
          await add(`db/${table}/${String(chunks).padStart(6, '0')}.jsonl`, new TextEncoder().encode(text));
          rows += r.rows.length;
          chunks += 1;
          after = r.rows[r.rows.length - 1].c;
          if (r.rows.length < CHUNK_ROWS) break;
        }
      }
      manifest.tables[table] = { rows, chunks, sha256: hash.digest('hex') };
    }
    const seqs = await sql<{ name: string; value: string | null }>`select sequencename as name, last_value::text as value from pg_sequences where schemaname = current_schema()`.execute(trx);
    for (const s of seqs.rows) if (s.value != null) manifest.sequences[s.name] = s.value;
  });
}
