import type nodemailer from 'nodemailer';
import { onFirstUse } from './on-first-use.js';
import { AppError } from './errors.js';
import { msg } from './messages/say.js';

export interface OutgoingMail {
  from: string;
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  /** The HTML part (a template's body); `text` is then its plain-text version. */
  html?: string;
  /** A stable Message-ID (an automation's idempotency key), so a retried send is recognisably the same message. */
  messageId?: string;
  /** Threading: the message this answers and the thread's earlier ones. */
  inReplyTo?: string;
  references?: string[];
  attachments?: { filename: string; content: Buffer; contentType: string }[];
  /** Extra headers (a mailing's List-Unsubscribe). */
  headers?: Record<string, string>;
}

/** A connection kept open for many messages (a mailing's batch); the server's refusal of one is that message's error. */
export interface Mailer { send(mail: OutgoingMail): Promise<{ messageId: string }>; close(): void }

/** nodemailer, loaded with the first message sent. */
const loadMailer = onFirstUse(async () => (await import('nodemailer')).default);

export function openMailer(connections = 1, env: NodeJS.ProcessEnv = process.env): Mailer {
  const url = requireMailConfigured(env);
  const ready = loadMailer().then((m) => m.createTransport({ url, pool: true, maxConnections: connections } as Parameters<typeof nodemailer.createTransport>[0]));
  ready.catch(() => undefined); // a failure is send's to report, not an unhandled rejection
  return {
    send: async (mail) => {
      const info = await (await ready).sendMail({ ...mail, to: mail.to.join(', '), cc: mail.cc?.length ? mail.cc.join(', ') : undefined });
      return { messageId: info.messageId };
    },
    close: () => void ready.then((t) => t.close(), () => undefined),
  };
}

/**
 * Sends through the SMTP server of `SMTP_URL` (`smtp://user:pass@host:587`, `smtps://…:465`), read at
 * send time so an administrator can set it without a code change. Not configured → a clear 503.
 */
export async function sendMail(mail: OutgoingMail, env: NodeJS.ProcessEnv = process.env): Promise<{ messageId: string }> {
  const url = requireMailConfigured(env);
  const transport = (await loadMailer()).createTransport(url);
  try {
    const info = await transport.sendMail({ ...mail, to: mail.to.join(', '), cc: mail.cc?.length ? mail.cc.join(', ') : undefined });
    return { messageId: info.messageId };
  } catch (err) {
    // The server's reason helps the user (wrong address, relay denied); credentials never appear in it.
    throw new AppError('UNAVAILABLE', msg('The mail server did not accept the message: {reason}', { reason: (err as Error).message }));
  } finally {
    transport.close();
  }
}

/** The SMTP URL, or the clear 503 — for a caller that must know before it changes anything. */
export function requireMailConfigured(env: NodeJS.ProcessEnv = process.env): string {
  if (!env.SMTP_URL) throw new AppError('UNAVAILABLE', 'E-mail is not configured: set SMTP_URL (for example smtp://user:password@mail.example.com:587) and restart Karta');
  return env.SMTP_URL;
}

/** The sender address: `KARTA_MAIL_FROM`, else the company e-mail, else a local placeholder. */
export function senderAddress(companyEmail?: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.KARTA_MAIL_FROM || companyEmail || 'karta@localhost';
}
