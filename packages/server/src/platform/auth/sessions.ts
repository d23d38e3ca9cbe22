import { sql, type RawBuilder } from 'kysely';
import { isUuid } from '@karta/shared';
import type { Tx } from '../db.js';
import { PLAN_FIXED_HINT } from '../plan-fixed.js';
import { randomToken, sha256 } from './tokens.js';

export const SESSION_COOKIE = 'karta_session';

export interface SessionTimes {
  idleMs: number;
  absoluteMs: number;
}

/** Creates a server-side session (shared by every app instance through the database). */
export async function createSession(db: Tx, userId: string, times: SessionTimes, from: { ip?: string; userAgent?: string | null; enrollOnly?: boolean } = {}): Promise<{ token: string; csrf: string }> {
  const token = randomToken();
  const csrf = randomToken(24);
  await sql`insert into sessions (id, user_id, csrf_token, expires_at, ip, user_agent, enroll_only)
    values (${sha256(token)}, ${userId}, ${csrf}, now() + ${`${times.absoluteMs} milliseconds`}::interval,
      ${from.ip ?? null}, ${from.userAgent ?? null}, ${from.enrollOnly ?? false})`.execute(db);
  return { token, csrf };
}

/** A session's public id: a hash of its stored id (itself a hash of the cookie), so listing sessions opens none. */
export const sessionPublicId = (storedId: string) => sha256(`session:${storedId}`).slice(0, 32);

/** The version of everyone's access (see access/access-cache.ts), read in the same query as the session or token. */
export const ACCESS_VERSION = sql`coalesce((select value #>> '{}' from settings where key = 'access_version'), '0') as access_version`;

/** A session's or token's last use is written at most this often, so that reads do not turn into writes. */
export const TOUCH_MS = 60_000;

/** The caller behind a cookie or token, and how long this answer holds if nothing changes (see caller-cache.ts). */
export interface FoundCaller { userId: string; accessVersion: string; validForMs: number }
export interface FoundSession extends FoundCaller { csrf: string; enrollOnly: boolean }
export interface FoundApiToken extends FoundCaller { enrollOnly: boolean }

/** The session behind a cookie, if it has neither hit its absolute expiry nor been idle too long. */
export async function findSession(db: Tx, token: string, times: SessionTimes): Promise<FoundSession | null> {
  const id = sha256(token);
  const r = await sql<{ user_id: string; csrf_token: string; enroll_only: boolean; access_version: string; expires_in: number; seen_ago: number }>`
    select user_id, csrf_token, enroll_only, ${ACCESS_VERSION},
      extract(epoch from expires_at - now()) * 1000 as expires_in, extract(epoch from now() - last_seen_at) * 1000 as seen_ago
    from sessions where id = ${id} and expires_at > now()
      and last_seen_at > now() - ${`${times.idleMs} milliseconds`}::interval`.execute(db);
  const row = r.rows[0];
  if (!row) return null;
  const seenAgo = await touchedAgo(Number(row.seen_ago), () => sql`update sessions set last_seen_at = now() where id = ${id}`.execute(db));
  return {
    userId: row.user_id, csrf: row.csrf_token, enrollOnly: row.enroll_only, accessVersion: row.access_version,
    validForMs: Math.min(Number(row.expires_in), TOUCH_MS - seenAgo, times.idleMs - seenAgo),
  };
}

/** Writes the last use when it is over a minute old; how long ago it now is. */
async function touchedAgo(ago: number, touch: () => Promise<unknown>): Promise<number> {
  if (!(ago < TOUCH_MS)) {
    await touch();
    return 0;
  }
  return ago;
}

/** Ends a user's vTiger webservice sessions and any challenge they were given (a leaked key or password is out). */
export async function endWebserviceSessions(db: Tx, userId: string): Promise<void> {
  await sql`delete from ws_sessions where user_id = ${userId}::uuid`.execute(db);
  await sql`delete from ws_challenges where user_id = ${userId}::uuid`.execute(db);
}

/** Signs a user out everywhere — browser sessions (but `keep`, a stored session id), the webservice's, pending sign-ins; how many browser sessions ended. */
export async function signOutEverywhere(db: Tx, userId: string, keep = ''): Promise<number> {
  if (!isUuid(userId)) return 0;
  const r = await sql`delete from sessions where user_id = ${userId}::uuid and id <> ${keep} returning 1`.execute(db);
  await endWebserviceSessions(db, userId);
  await sql`delete from login_challenges where user_id = ${userId}::uuid`.execute(db);
  return r.rows.length;
}

export async function deleteSession(db: Tx, token: string): Promise<void> {
  await sql`delete from sessions where id = ${sha256(token)}`.execute(db);
}

/** Whether a user's role requires two-factor sign-in that they have not set up: until they do, only a session may set it up. */
export const enrolmentDue = (userId: RawBuilder<unknown>) => sql<boolean>`exists (select 1 from users u join roles r on r.id = u.role_id
  where u.id = ${userId} and r.require_2fa and u.totp_enabled_at is null)`;

export async function findApiToken(db: Tx, token: string): Promise<FoundApiToken | null> {
  // Kept prepared (a unique key): asked on every request made with a token.
  const r = await sql<{ id: string; user_id: string; access_version: string; used_ago: number | null; enrol: boolean }>`${sql.raw(PLAN_FIXED_HINT)} select id, user_id,
      extract(epoch from now() - last_used_at) * 1000 as used_ago, ${ACCESS_VERSION}, ${enrolmentDue(sql`api_tokens.user_id`)} as enrol
    from api_tokens where token_hash = ${sha256(token)} and revoked_at is null`.execute(db);
  const row = r.rows[0];
  if (!row) return null;
  const usedAgo = await touchedAgo(row.used_ago === null ? Infinity : Number(row.used_ago), () => sql`update api_tokens set last_used_at = now() where id = ${row.id}`.execute(db));
  return { userId: row.user_id, accessVersion: row.access_version, validForMs: TOUCH_MS - usedAgo, enrollOnly: row.enrol };
}
