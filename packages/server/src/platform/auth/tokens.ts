import { createHash, randomBytes } from 'node:crypto';

export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** Session ids and API tokens are stored only as SHA-256 hashes: a leaked table opens nothing. */
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}
