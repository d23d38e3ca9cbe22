import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Tx } from '../db.js';

/** What the sign-in audit records: every way in and out, and every change to how a user signs in. */
export type SignInEvent =
  | 'login' | 'login_failed' | '2fa_failed' | 'logout' | 'token_created' | 'token_revoked' | 'password_changed'
  | 'locked_out' | '2fa_enrolled' | '2fa_disabled' | '2fa_reset' | 'recovery_code_used' | 'sessions_revoked';

export const SIGN_IN_EVENTS: SignInEvent[] = ['login', 'login_failed', '2fa_failed', 'logout', 'token_created', 'token_revoked', 'password_changed',
  'locked_out', '2fa_enrolled', '2fa_disabled', '2fa_reset', 'recovery_code_used', 'sessions_revoked'];

/** Where a request came from, as the audit keeps it (a long user agent is cut). */
export function origin(req: FastifyRequest): { ip: string; userAgent: string | null } {
  const ua = req.headers['user-agent'];
  return { ip: req.ip, userAgent: typeof ua === 'string' ? ua.slice(0, 300) : null };
}

export async function logSignIn(db: Tx, e: { event: SignInEvent; userId?: string | null; username?: string | null; ip?: string | null; userAgent?: string | null; detail?: Record<string, unknown> }): Promise<void> {
  await sql`insert into login_audit (user_id, username, event, ip, user_agent, detail)
    values (${e.userId ?? null}, ${e.username?.slice(0, 100) ?? null}, ${e.event}, ${e.ip ?? null}, ${e.userAgent ?? null}, ${JSON.stringify(e.detail ?? {})}::jsonb)`.execute(db);
}
