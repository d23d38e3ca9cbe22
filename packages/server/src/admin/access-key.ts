import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../platform/db.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 16 letters and digits, as vTiger's access keys look (an integration may check the shape). */
export function newAccessKey(): string {
  return [...randomBytes(16)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

/**
 * A user's vTiger webservice access key, made the first time it is asked for. vTiger's login proves it as
 * md5(challenge token + key), so the server must keep the key itself, like vTiger does.
 */
export async function accessKeyOf(db: Tx, userId: string): Promise<string> {
  // Read first: any write to users (even of no row) bumps the access version, and every cached caller is read again.
  const kept = await sql<{ access_key: string | null }>`select access_key from users where id = ${userId}`.execute(db);
  if (kept.rows[0]?.access_key) return kept.rows[0].access_key;
  const r = await sql<{ access_key: string }>`update users set access_key = coalesce(access_key, ${newAccessKey()})
    where id = ${userId} returning access_key`.execute(db);
  return r.rows[0].access_key;
}

export async function renewAccessKey(db: Tx, userId: string): Promise<string> {
  const r = await sql<{ access_key: string }>`update users set access_key = ${newAccessKey()} where id = ${userId} returning access_key`.execute(db);
  return r.rows[0].access_key;
}
