/**
 * Short HMAC signatures for links and tokens Karta hands to the public (a form's fill-time token, a mailing's tracked
 * links). The key lives in the database (`settings.signing_key`, made on first use), so every instance on one
 * database signs and checks alike without any configuration.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from './db.js';

const keys = new WeakMap<object, Buffer>();

export async function signingKey(db: Tx): Promise<Buffer> {
  const known = keys.get(db);
  if (known) return known;
  await sql`insert into settings (key, value) values ('signing_key', ${JSON.stringify(randomBytes(32).toString('base64'))}::jsonb)
    on conflict (key) do nothing`.execute(db);
  const r = await sql<{ value: string }>`select value from settings where key = 'signing_key'`.execute(db);
  const key = Buffer.from(r.rows[0].value, 'base64');
  keys.set(db, key);
  return key;
}

/** A 22-character signature of `text`. */
export function signText(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text).digest('base64url').slice(0, 22);
}

export function signatureMatches(key: Buffer, text: string, signature: unknown): boolean {
  if (typeof signature !== 'string') return false;
  const want = Buffer.from(signText(key, text));
  const got = Buffer.from(signature);
  return want.length === got.length && timingSafeEqual(want, got);
}
