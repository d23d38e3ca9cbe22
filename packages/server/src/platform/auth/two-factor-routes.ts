import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppContext } from '../../app-context.js';
import { AppError } from '../errors.js';
import { inTransaction } from '../db.js';
import { secretKey, seal, unseal } from '../secrets.js';
import { requireAdmin } from '../../engine/access/permissions.js';
import { arr, doc, obj, ref, str } from '../../engine/http/openapi/schema.js';
import { verifyPassword } from './passwords.js';
import { logSignIn, origin } from './login-audit.js';
import { signOutEverywhere } from './sessions.js';
import { checkTotp, clearTwoFactor, enrolmentPicture, newTotpSecret, replaceRecoveryCodes } from './two-factor.js';
import { clearLoginFailures, recordLoginFailure, refuseWhenThrottled } from './login-throttle.js';

/** Setting up, confirming and turning off two-factor sign-in; an administrator's reset. */
export function twoFactorRoutes(app: AppContext) {
  const key = () => secretKey(app.config.dataDir);
  return async (f: FastifyInstance) => {
    f.post('/auth/2fa/enroll', doc({ tags: ['auth'], summary: 'Start setting up two-factor sign-in: a new secret and its QR code', response: { 200: obj({ secret: str(), otpauth_url: str(), qr_svg: str() }, ['secret', 'otpauth_url', 'qr_svg']) } }), async (req) => {
      const r = await sql<{ on: boolean; username: string }>`select totp_enabled_at is not null as on, username from users where id = ${req.ctx.user.id}`.execute(req.ctx.db);
      if (r.rows[0].on) throw new AppError('CONFLICT', 'Two-factor sign-in is already on; turn it off first to set up a new device');
      const secret = newTotpSecret();
      // Kept sealed and unused until a code confirms the user's app has it.
      await sql`update users set totp_secret = ${seal(secret, key())}, totp_last_step = null where id = ${req.ctx.user.id}`.execute(req.ctx.db);
      return { secret, ...(await enrolmentPicture(secret, r.rows[0].username, 'Karta')) };
    });
    f.post('/auth/2fa/confirm', doc({ tags: ['auth'], summary: 'Finish setting up: a code from the app turns two-factor sign-in on and gives ten recovery codes (shown once)', body: obj({ code: str() }, ['code']), response: { 200: obj({ recovery_codes: arr(str()) }, ['recovery_codes']), 429: ref('Error') } }), async (req, reply) => {
      const code = String((req.body as Record<string, unknown> | null)?.code ?? '');
      const db = req.ctx.db;
      const keys: [string, string] = [`2fa:${req.ctx.user.id}`, `ip:${req.ip}`];
      await refuseWhenThrottled(db, keys, [app.config.loginMaxAttempts, app.config.loginMaxPerAddress], reply);
      const r = await sql<{ totp_secret: string | null; on: boolean }>`select totp_secret, totp_enabled_at is not null as on from users where id = ${req.ctx.user.id}`.execute(db);
      const row = r.rows[0];
      if (row.on) throw new AppError('CONFLICT', 'Two-factor sign-in is already on; turn it off first to set up a new device');
      if (!row.totp_secret) throw new AppError('CONFLICT', 'Start the setup first');
      const step = await checkTotp(unseal(row.totp_secret, key()), code, null);
      if (step === null) {
        await recordLoginFailure(db, keys);
        throw new AppError('VALIDATION_FAILED', 'The code is not right. Check the time on your phone and try the newest code.', { code: 'is not right' });
      }
      await clearLoginFailures(db, keys[0]);
      const codes = await inTransaction(db, async (trx) => {
        await sql`update users set totp_enabled_at = now(), totp_last_step = ${step} where id = ${req.ctx.user.id}`.execute(trx);
        // The session that had to set it up is a full session now.
        if (req.sessionToken) await sql`update sessions set enroll_only = false where user_id = ${req.ctx.user.id}`.execute(trx);
        await logSignIn(trx, { event: '2fa_enrolled', userId: req.ctx.user.id, username: req.ctx.user.username, ...origin(req) });
        return replaceRecoveryCodes(trx, req.ctx.user.id);
      });
      return { recovery_codes: codes };
    });
    f.post('/auth/2fa/disable', doc({ tags: ['auth'], summary: 'Turn two-factor sign-in off (your password; not when your role requires it)', body: obj({ password: str() }, ['password']), response: { 204: 'off', 429: ref('Error') } }), async (req, reply) => {
      const password = String((req.body as Record<string, unknown> | null)?.password ?? '');
      const db = req.ctx.db;
      const keys: [string, string] = [`u:${req.ctx.user.username}`, `ip:${req.ip}`];
      await refuseWhenThrottled(db, keys, [app.config.loginMaxAttempts, app.config.loginMaxPerAddress], reply);
      const r = await sql<{ password_hash: string; required: boolean }>`select password_hash,
          coalesce((select require_2fa from roles where id = users.role_id), false) as required from users where id = ${req.ctx.user.id}`.execute(db);
      if (!(await verifyPassword(r.rows[0].password_hash, password))) {
        await recordLoginFailure(db, keys);
        throw new AppError('VALIDATION_FAILED', 'Wrong password', { password: 'is not right' });
      }
      if (r.rows[0].required) throw new AppError('FORBIDDEN', 'Your role requires two-factor sign-in; an administrator can reset it for a new device');
      await inTransaction(db, async (trx) => {
        await clearTwoFactor(trx, req.ctx.user.id);
        await logSignIn(trx, { event: '2fa_disabled', userId: req.ctx.user.id, username: req.ctx.user.username, ...origin(req) });
      });
      reply.code(204).send();
    });
    f.post<{ Params: { id: string } }>('/users/:id/2fa/reset', doc({ tags: ['admin'], summary: 'Reset a user\'s two-factor sign-in (a lost phone): it is off and they are signed out everywhere', response: { 204: 'reset' } }), async (req, reply) => {
      requireAdmin(req.ctx);
      await inTransaction(req.ctx.db, async (trx) => {
        const r = await sql<{ username: string }>`select username from users where id::text = ${req.params.id}`.execute(trx);
        if (!r.rows[0]) throw new AppError('NOT_FOUND', 'No such user');
        await clearTwoFactor(trx, req.params.id);
        await signOutEverywhere(trx, req.params.id);
        await logSignIn(trx, { event: '2fa_reset', userId: req.params.id, username: r.rows[0].username, ...origin(req), detail: { by: req.ctx.user.username } });
      });
      reply.code(204).send();
    });
  };
}
