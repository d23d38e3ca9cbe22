import { sql } from 'kysely';
import type { Tx } from '../db.js';
import { AppError } from '../errors.js';

/**
 * Failed sign-ins, counted per key over the last minute (`u:<name>` or `p:<e-mail>` for the account, `ip:<address>`
 * for the caller): the account is slowed by its own failures only; an address (an office behind NAT) is throttled when
 * its failures are far above what people make. Over either limit → 429.
 */
export async function refuseWhenThrottled(db: Tx, keys: [account: string, address: string], limits: [account: number, address: number], reply: { header(k: string, v: string): unknown }): Promise<void> {
  const recent = await sql<{ key: string; n: number }>`select key, count(*)::int8 as n from login_failures
    where key = any(${keys}::text[]) and at > now() - interval '1 minute' group by key`.execute(db);
  const failures = (key: string) => Number(recent.rows.find((r) => r.key === key)?.n ?? 0);
  if (failures(keys[0]) >= limits[0] || failures(keys[1]) >= limits[1]) {
    reply.header('retry-after', '60');
    throw new AppError('RATE_LIMITED', 'Too many failed attempts. Wait a minute and try again.');
  }
}

export async function recordLoginFailure(db: Tx, keys: string[]): Promise<void> {
  await sql`insert into login_failures (key) select unnest(${keys}::text[])`.execute(db);
}

/** A success clears the account's failures (and old rows of everyone). */
export async function clearLoginFailures(db: Tx, accountKey: string): Promise<void> {
  await sql`delete from login_failures where key = ${accountKey} or at < now() - interval '1 hour'`.execute(db);
}
