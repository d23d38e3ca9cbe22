/**
 * What an incoming mail is, decided from its headers alone (pure): the ticket number it names, the messages it
 * answers, whether a machine sent it (auto-replies, bulk mail, bounces, our own mail coming back), the key that
 * makes it processed once, and its text for a ticket.
 */
import { createHash } from 'node:crypto';
import { convert } from 'html-to-text';

/** A ticket number in brackets anywhere in the subject: "Re: [TT123] Не печатается" → "TT123". */
export function ticketNumberIn(subject: string | undefined): string | null {
  const m = /\[([A-Za-z]{1,10}\d{1,12})\]/.exec(subject ?? '');
  return m ? m[1].toUpperCase() : null;
}

/** The Message-IDs a mail answers, nearest first (In-Reply-To, then References from the end), at most 20. */
export function answeredIds(inReplyTo: string | undefined, references: string | string[] | undefined): string[] {
  const refs = (Array.isArray(references) ? references : (references ?? '').split(/\s+/)).filter(Boolean).reverse();
  return [...new Set([...(inReplyTo ? inReplyTo.split(/\s+/) : []), ...refs].map((s) => s.trim()).filter((s) => s.length > 2 && s.length <= 500))].slice(0, 20);
}

type HeaderValue = unknown;
const text = (v: HeaderValue) => (typeof v === 'string' ? v : v && typeof v === 'object' && 'value' in v ? String((v as { value: unknown }).value) : '').trim().toLowerCase();

/**
 * Why a mail must not open or answer a ticket, or null: RFC 3834 `Auto-Submitted` (anything but "no"), `Precedence`
 * bulk/junk/list/auto_reply, the common auto-responder headers, mail from a mailer daemon, or from one of our own
 * addresses (our reply bounced back or looped through a forward). Answering any of these could loop forever.
 */
export function automaticReason(headers: Map<string, HeaderValue>, from: string | undefined, own: string[]): string | null {
  const auto = text(headers.get('auto-submitted'));
  if (auto && auto !== 'no') return 'auto_submitted';
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(text(headers.get('precedence')))) return 'precedence';
  if (['x-autoreply', 'x-autorespond', 'x-autoresponder'].some((h) => headers.has(h))) return 'auto_responder';
  if (text(headers.get('x-auto-response-suppress')) === 'all' && headers.has('x-ms-exchange-generated-message-source')) return 'auto_responder';
  const sender = (from ?? '').toLowerCase();
  if (!sender) return 'no_sender';
  if (/^(mailer-daemon|postmaster)@/.test(sender)) return 'bounce';
  if (own.some((a) => a.toLowerCase() === sender)) return 'own_address';
  return null;
}

/** The key a mail is processed once by: its Message-ID, else a digest of its bytes (a mail without one). */
export function messageKey(messageId: string | undefined, raw: Buffer): string {
  const id = (messageId ?? '').trim();
  return id && id.length <= 500 ? id : `<sha256:${createHash('sha256').update(raw).digest('hex')}>`;
}

/** HTML mail as text: scripts, styles and images dropped, links as their text; bounded input and nesting. */
export function htmlText(html: string): string {
  return convert(html, {
    wordwrap: false,
    limits: { maxInputLength: 2_000_000, maxDepth: 64, maxChildNodes: 10_000 },
    selectors: [
      { selector: 'script', format: 'skip' }, { selector: 'style', format: 'skip' }, { selector: 'head', format: 'skip' },
      { selector: 'img', format: 'skip' }, { selector: 'a', options: { ignoreHref: true } },
    ],
  });
}

/** The mail's text for a ticket or comment: its text part, else its HTML as text; trimmed to what a text field holds. */
export function mailText(text: string | undefined, html: string | false | undefined, max = 60_000): string {
  const t = (text?.trim() ? text : html ? htmlText(html) : '').replace(/\r\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** A contact's name from the sender's display name, else the address's local part: [first name, last name]. */
export function senderName(name: string | undefined, address: string): [string | null, string] {
  const clean = (name ?? '').replace(/["<>]/g, '').trim();
  if (!clean || clean.includes('@')) return [null, address.split('@')[0].slice(0, 255) || address];
  const parts = clean.split(/\s+/);
  return parts.length === 1 ? [null, parts[0].slice(0, 255)] : [parts.slice(0, -1).join(' ').slice(0, 255), parts[parts.length - 1].slice(0, 255)];
}
