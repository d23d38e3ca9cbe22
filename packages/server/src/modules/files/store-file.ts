import { sql } from 'kysely';
import { createHash } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { Tx } from '../../platform/db.js';
import type { FileStorage } from '../../platform/storage.js';

/** Keeps bytes as a file owned by a user: stored under a generated key, then described in `files`. */
export async function storeFile(storage: FileStorage, db: Tx, file: { name: string; mime: string; content: Buffer; userId: string }): Promise<string> {
  const id = uuidv7();
  await storage.put(id, file.content);
  await sql`insert into files (id, name, mime, size, sha256, storage_key, created_by)
    values (${id}, ${file.name}, ${file.mime}, ${file.content.length}, ${createHash('sha256').update(file.content).digest('hex')}, ${id}, ${file.userId})`.execute(db);
  return id;
}
