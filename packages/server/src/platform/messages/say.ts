/**
 * Messages the server says to people, in the caller's language. Code writes a message in English — a key of the
 * catalogue, with `{name}` parameters through `msg()` — and the error envelope renders it in the caller's language.
 * AppError takes only catalogue keys, messages or strings already translated (`translated()`), so a message
 * without its translations does not compile; `messages.test.ts` checks every entry has all four languages and the
 * same placeholders.
 */
import type { Lang } from '@karta/shared';
import { CATALOGUE } from './catalogue.js';

export type MessageText = keyof typeof CATALOGUE;
export interface Msg { text: MessageText; params?: Record<string, Param> }
/** A parameter: plain text (a name, a number) or something said, rendered in the same language. */
export type Param = string | number | { said: Said };
declare const translatedBrand: unique symbol;
/** Text already in the caller's language (from the shared field messages, or chosen by language). */
export type Translated = string & { readonly [translatedBrand]: true };
/** Anything an error may say. */
export type Said = MessageText | Msg | Translated;

export const msg = (text: MessageText, params?: Msg['params']): Msg => ({ text, params });
export const translated = (text: string): Translated => text as Translated;
/** Field messages already in the caller's language (from the shared validators). */
export const translatedFields = (fields: Record<string, string>): Record<string, Translated> =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, translated(v)]));

/** Parameters in their places; a parameter that is itself a message is said in the same language. */
const fill = (text: string, lang: Lang, params: Msg['params'] = {}) =>
  text.replace(/\{(\w+)\}/g, (all, name: string) => {
    const v = params[name];
    return v === undefined ? all : typeof v === 'object' ? say(v.said, lang) : String(v);
  });

/** Something said, as a parameter of another message ("Record 12: <what was wrong>"). */
export const nested = (s: Said): Param => ({ said: s });

/** What is said, in `lang`. */
export function say(m: Said, lang: Lang): string {
  if (typeof m === 'object') return fill(pick(m.text, lang), lang, m.params);
  return m in CATALOGUE ? pick(m as MessageText, lang) : m;
}

function pick(text: MessageText, lang: Lang): string {
  if (lang === 'en') return text;
  const [ru, uk, zh] = CATALOGUE[text] as readonly [string, string, string];
  return { ru, uk, zh }[lang] || text;
}

/** Kept for the error handler's own messages. */
export const tr = (text: MessageText, lang: Lang, params?: Msg['params']) => say(msg(text, params), lang);
