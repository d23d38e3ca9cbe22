import { generateSecret, generateURI, verify } from 'otplib';
import { onFirstUse } from '../on-first-use.js';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../db.js';
import { sha256 } from './tokens.js';

/** TOTP (RFC 6238: SHA-1, 6 digits, 30 s) as every authenticator app reads it; one step of clock drift either way. */
export const RECOVERY_CODES = 10;
const loadQrCode = onFirstUse(async () => (await import('qrcode')).default);

export function newTotpSecret(): string {
  return generateSecret();
}

export async function enrolmentPicture(secret: string, account: string, issuer: string): Promise<{ otpauth_url: string; qr_svg: string }> {
  const url = generateURI({ issuer, label: account, secret });
  const svg = await (await loadQrCode()).toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return { otpauth_url: url, qr_svg: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

/**
 * Checks a code and, when it is good, the time step it belongs to — a step is accepted once (`afterStep`), so a code
 * seen over a shoulder cannot be replayed within its 30 seconds.
 */
export async function checkTotp(secret: string, code: string, afterStep: number | null): Promise<number | null> {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  try {
    const r = await verify({ secret, token, epochTolerance: 30, ...(afterStep != null ? { afterTimeStep: afterStep } : {}) });
    return r.valid ? Number((r as { timeStep?: number }).timeStep ?? Math.floor(Date.now() / 30000)) : null;
  } catch {
    return null;
  }
}

/** Ten new single-use recovery codes (xxxxx-xxxxx); only their hashes are kept. */
export async function replaceRecoveryCodes(db: Tx, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODES }, () => {
    const s = randomBytes(8).toString('hex').slice(0, 10);
    return `${s.slice(0, 5)}-${s.slice(5)}`;
  });
  await sql`delete from recovery_codes where user_id = ${userId}`.execute(db);
  await sql`insert into recovery_codes (user_id, code_hash) select ${userId}, unnest(${codes.map(hashCode)}::text[])`.execute(db);
  return codes;
}

const hashCode = (code: string) => sha256(`recovery:${code.toLowerCase().replace(/[^0-9a-f]/g, '')}`);

/** Spends a recovery code: true once per code, false after. */
export async function useRecoveryCode(db: Tx, userId: string, code: string): Promise<boolean> {
  const r = await sql`update recovery_codes set used_at = now() where user_id = ${userId} and code_hash = ${hashCode(code)} and used_at is null returning 1`.execute(db);
  return r.rows.length > 0;
}

export async function clearTwoFactor(db: Tx, userId: string): Promise<void> {
  await sql`update users set totp_secret = null, totp_enabled_at = null, totp_last_step = null where id = ${userId}`.execute(db);
  await sql`delete from recovery_codes where user_id = ${userId}`.execute(db);
}
