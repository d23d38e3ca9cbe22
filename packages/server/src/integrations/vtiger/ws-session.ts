import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../../platform/db.js';
import { accessKeyOf } from '../../admin/access-key.js';
import { ACCESS_VERSION, enrolmentDue } from '../../platform/auth/sessions.js';
import { WsError } from './ws-error.js';

/** vTiger's limits (reference §8.1, §8.3): a challenge lives 5 minutes, a session a day and 30 idle minutes. */
const CHALLENGE_SECONDS = 300;
const SESSION_SECONDS = 86_400;
const IDLE_SECONDS = 1800;
/** Challenges kept per user at once (each asked lives 5 minutes): more than anyone asks between a client's two steps. */
const MAX_CHALLENGES = 100;

async function userByName(db: Tx, username: unknown): Promise<{ id: string; active: boolean; enrol: boolean } | null> {
  if (typeof username !== 'string' || !username) return null;
  const r = await sql<{ id: string; active: boolean; enrol: boolean }>`select id, active, ${enrolmentDue(sql`users.id`)} as enrol
    from users where lower(username) = ${username.toLowerCase()}`.execute(db);
  return r.rows[0] ?? null;
}

export async function getChallenge(db: Tx, username: unknown): Promise<{ token: string; serverTime: number; expireTime: number }> {
  const user = await userByName(db, username);
  if (!user) throw new WsError('ACCESS_DENIED', 'username does not exists');
  const token = randomBytes(7).toString('hex').slice(0, 13);
  const now = Math.floor(Date.now() / 1000);
  // Each challenge is its caller's: a second one (anyone may ask, by name) leaves the first usable; the newest few kept.
  await sql`insert into ws_challenges (user_id, token, expires_at) values (${user.id}, ${token}, to_timestamp(${now + CHALLENGE_SECONDS}))
    on conflict do nothing`.execute(db);
  await sql`delete from ws_challenges where user_id = ${user.id} and (expires_at <= now() or token not in
    (select token from ws_challenges where user_id = ${user.id} order by expires_at desc limit ${MAX_CHALLENGES}))`.execute(db);
  return { token, serverTime: now, expireTime: now + CHALLENGE_SECONDS };
}

/** login: accessKey = md5(challenge token + the user's access key); one use of a challenge. */
export async function login(db: Tx, username: unknown, accessKey: unknown): Promise<{ sessionName: string; userId: string }> {
  const user = await userByName(db, username);
  if (!user) throw new WsError('INVALID_USER_CREDENTIALS', 'Invalid username or password');
  if (typeof accessKey !== 'string' || !accessKey) throw new WsError('ACCESSKEY_UNDEFINED', 'Access key for the user is undefined');
  const live = await sql<{ token: string }>`select token from ws_challenges where user_id = ${user.id} and expires_at > now()`.execute(db);
  if (!live.rows.length) throw new WsError('INVALID_AUTH_TOKEN', 'Specified token is invalid or expired');
  // The challenge this key answers is spent (one use); a wrong key spends none, so no one can spoil another's login.
  const key = await accessKeyOf(db, user.id);
  const given = Buffer.from(accessKey.toLowerCase());
  const answered = live.rows.find((c) => {
    const expected = Buffer.from(createHash('md5').update(c.token + key).digest('hex'));
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!answered) throw new WsError('INVALID_USER_CREDENTIALS', 'Invalid username or password');
  const spent = await sql`delete from ws_challenges where user_id = ${user.id} and token = ${answered.token} returning 1`.execute(db);
  if (!spent.rows.length) throw new WsError('INVALID_AUTH_TOKEN', 'Specified token is invalid or expired');
  if (!user.active) throw new WsError('AUTHENTICATION_REQUIRED', 'Given user is inactive');
  if (user.enrol) throw new WsError('ACCESS_DENIED', 'Two-factor sign-in is required for this user: set it up in Karta first');
  const sessionName = randomBytes(16).toString('hex');
  await sql`insert into ws_sessions (id, user_id) values (${sessionName}, ${user.id})`.execute(db);
  await sql`delete from ws_sessions where created_at < now() - make_interval(secs => ${SESSION_SECONDS})`.execute(db);
  return { sessionName, userId: user.id };
}

/** The user of a live session (and the session kept alive), or vTiger's error for why not. */
export async function sessionUser(db: Tx, sessionName: unknown): Promise<{ userId: string; accessVersion: string }> {
  if (typeof sessionName !== 'string' || !sessionName) throw new WsError('AUTHENTICATION_REQUIRED', 'Authencation required');
  const r = await sql<{ user_id: string; age: number; idle: number; active: boolean; access_version: string; enrol: boolean }>`
    select s.user_id, extract(epoch from now() - s.created_at)::int as age, extract(epoch from now() - s.last_seen_at)::int as idle, u.active, ${ACCESS_VERSION},
      ${enrolmentDue(sql`s.user_id`)} as enrol
    from ws_sessions s join users u on u.id = s.user_id where s.id = ${sessionName}`.execute(db);
  const s = r.rows[0];
  if (!s) throw new WsError('INVALID_SESSIONID', 'Session Identifier provided is Invalid');
  if (s.age > SESSION_SECONDS) throw new WsError('SESSION_EXPIRED', 'Session has expired');
  if (s.idle > IDLE_SECONDS) throw new WsError('SESSION_LEFT_IDLE', 'Session has been left idle for too long');
  if (!s.active) throw new WsError('AUTHENTICATION_REQUIRED', 'Given user is inactive');
  if (s.enrol) throw new WsError('ACCESS_DENIED', 'Two-factor sign-in is required for this user: set it up in Karta first');
  // Idle time counts in minutes: no write on every call of a busy integration.
  if (s.idle > 60) await sql`update ws_sessions set last_seen_at = now() where id = ${sessionName}`.execute(db);
  return { userId: s.user_id, accessVersion: s.access_version };
}

export async function logout(db: Tx, sessionName: string): Promise<void> {
  await sql`delete from ws_sessions where id = ${sessionName}`.execute(db);
}
