/**
 * Secrets Karta must give back to another server (a mailbox's password) are stored sealed: AES-256-GCM under a key
 * from `KARTA_SECRET_KEY` (any long random string; SHA-256 of it is the key). Without it, a key is generated once
 * into `<data dir>/secret.key` (mode 0600) — enough for one instance; several instances on one database must share
 * `KARTA_SECRET_KEY`, or each would fail to open what another sealed.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from './errors.js';

const VERSION = 'v1';

/** The 32-byte key: from the environment, else the data directory's key file (created when missing). */
export function secretKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnv = env.KARTA_SECRET_KEY;
  if (fromEnv) return createHash('sha256').update(fromEnv, 'utf8').digest();
  const file = path.join(dataDir, 'secret.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    // `wx`: when two processes start at once, one writes and the other reads what it wrote.
    try { fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' }); } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return createHash('sha256').update(fs.readFileSync(file, 'utf8').trim(), 'utf8').digest();
}

/** `v1:<iv>:<tag>:<ciphertext>`, base64 parts; a fresh IV each time, so equal secrets never look equal. */
export function seal(plain: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
}

/** The secret back; a wrong key or a changed value is a clear error, never garbage. */
export function unseal(sealed: string, key: Buffer): string {
  const [version, iv, tag, body] = sealed.split(':');
  if (version !== VERSION || !iv || !tag || body === undefined) throw new AppError('INTERNAL', 'A stored secret is damaged');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new AppError('UNAVAILABLE', 'A stored password cannot be read with this server\'s key: set the same KARTA_SECRET_KEY on every instance, or enter the password again');
  }
}
