import { dictionary } from '@zxcvbn-ts/language-common';

/** The ~50,000 most common passwords (bundled with the zxcvbn-ts package — no network lookup). */
let common: Set<string> | undefined;

export const PASSWORD_MIN_LENGTH = 10;
/** Digits, punctuation, symbols and spaces at the end: what people add to a word to pass a rule. */
const TRAILING = /[\p{N}\p{P}\p{S}\s]+$/u;

/**
 * Why a new password is refused, or null: too short, or one of the passwords attackers try first (compared without
 * case and without a trailing run of digits or punctuation, so "Password2024!" counts as "password").
 */
export function passwordProblem(password: string, username?: string): 'too_short' | 'too_common' | 'is_username' | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return 'too_short';
  const lower = password.toLowerCase();
  const stem = lower.replace(TRAILING, '');
  const user = username?.toLowerCase();
  if (user && lower.startsWith(user) && !lower.slice(user.length).replace(TRAILING, '')) return 'is_username';
  common ??= new Set(dictionary['passwords-common']);
  return common.has(lower) || (stem.length >= 4 && common.has(stem)) ? 'too_common' : null;
}
