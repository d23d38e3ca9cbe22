/**
 * The mailbox poller: every few minutes (a `mailbox_poll` job per mailbox that books its next run) it reads the
 * folder's unread mail over IMAP (imapflow), parses each (mailparser) and hands it to the desk (mail-ingest.ts);
 * a mail is flagged read — or moved — only after its ticket committed, so a crash leaves it unread and the next poll
 * finds it again (and its key already taken, if it got that far). The IMAP work runs outside any database
 * transaction: a slow mail server never holds the database.
 */
import type { ImapFlow } from 'imapflow';
import { isIP } from 'node:net';
import type { simpleParser } from 'mailparser';
import { onFirstUse } from '../../platform/on-first-use.js';
import { sql } from 'kysely';
import type { AppContext } from '../../app-context.js';
import { contextFor } from '../../engine/system-context.js';
import { AppError } from '../../platform/errors.js';
import { enqueue, type JobHandler } from '../../platform/jobs.js';
import { senderAddress } from '../../platform/mail.js';
import { msg } from '../../platform/messages/say.js';
import { secretKey, unseal } from '../../platform/secrets.js';
import { localStorageIn } from '../../platform/storage.js';
import { readCompany } from '../../admin/company-routes.js';
import { mailAllowHosts, readMailbox, type Mailbox } from './mailboxes.js';
import { connectableAddresses } from '../../platform/internal-hosts.js';
import { ingestMail, type Outcome } from './mail-ingest.js';
import { messageKey } from './mail-rules.js';
import { ingestPersonal } from '../mail/personal-ingest.js';
import { readBounce, recordBounce } from '../marketing/bounces.js';

/** Mails taken per poll: a full mailbox is worked through over several polls, never in one unbounded run. */
const MAX_PER_POLL = 100;
export const MAILBOX_JOB = 'mailbox_poll';
export const mailboxJobKey = (id: string) => `${MAILBOX_JOB}:${id}`;

/** IMAP and the MIME parser, loaded with the first poll (a server with no mailbox never needs them). */
const loadMail = onFirstUse(async () => ({ ImapFlow: (await import('imapflow')).ImapFlow, simpleParser: (await import('mailparser')).simpleParser }));

export interface PollResult { fetched: number; ticket: number; comment: number; ignored: number; duplicate: number; linked: number; kept: number; failed: number }
/** Test hooks: called after a mail's transaction committed and before it is flagged read (a crash goes here). */
export interface PollHooks { afterCommit?: (uid: number, outcome: Outcome) => void | Promise<void> }

/** An IMAP session with the mailbox's settings; the server's refusal comes back as the user's error. */
export async function openImap(box: Mailbox, dataDir: string): Promise<ImapFlow> {
  const { ImapFlow } = await loadMail();
  let host = box.host;
  if (box.user_id) {
    // A user's own mailbox connects to the address checked (a name could resolve elsewhere a second time).
    try {
      host = (await connectableAddresses(box.host, mailAllowHosts()))[0].address;
    } catch (err) {
      throw new AppError('UNAVAILABLE', msg('The mail server refused: {reason}', { reason: imapReason(err) }));
    }
  }
  const client = new ImapFlow({
    host, servername: isIP(box.host) ? undefined : box.host, port: box.port, secure: box.tls, auth: { user: box.username, pass: unseal(box.password_sealed, secretKey(dataDir)) },
    logger: false, disableAutoIdle: true, connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 120_000,
  });
  client.on('error', () => undefined); // a dropped connection fails the command in progress; nothing else to do
  try {
    await client.connect();
  } catch (err) {
    throw new AppError('UNAVAILABLE', msg('The mail server refused: {reason}', { reason: imapReason(err) }));
  }
  return client;
}

export function imapReason(err: unknown): string {
  const e = err as { responseText?: string; message?: string; code?: string };
  return String(e.responseText || e.message || e.code || err).slice(0, 500);
}

const running = new Map<string, Promise<PollResult>>();

/** Polls a mailbox now; a poll already running in this process is joined, not doubled. */
export function pollMailbox(app: AppContext, id: string, hooks: PollHooks = {}): Promise<PollResult> {
  const current = running.get(id);
  if (current) return current;
  const p = pollOnce(app, id, hooks).finally(() => running.delete(id));
  running.set(id, p);
  return p;
}

/** One pass over the mailbox's unread mail (exported for tests that run two pollers side by side). */
export async function pollOnce(app: AppContext, id: string, hooks: PollHooks = {}): Promise<PollResult> {
  const db = app.database.db;
  const box = await readMailbox(db, id);
  if (!box) throw new AppError('NOT_FOUND', 'No such mailbox');
  const result: PollResult = { fetched: 0, ticket: 0, comment: 0, ignored: 0, duplicate: 0, linked: 0, kept: 0, failed: 0 };
  let lastError: string | null = null;
  try {
    // A user's own mailbox is read as that user (their visibility, their records); the desk's as its owner.
    const ctx = await contextFor(app, box.user_id ?? box.owner_id);
    // "Support <support@x>" counts by its address.
    const bare = (a: string | null) => (a ? (/<([^>]+)>/.exec(a)?.[1] ?? a).trim() : null);
    const ownAddresses = [box.address, box.username.includes('@') ? box.username : null, bare(senderAddress((await readCompany(db)).email))].filter((a): a is string => Boolean(a));
    const storage = localStorageIn(app.config.dataDir);
    const client = await openImap(box, app.config.dataDir);
    try {
      const lock = await client.getMailboxLock(box.folder);
      try {
        const uids = ((await client.search({ seen: false }, { uid: true })) || []).sort((a, b) => a - b).slice(0, MAX_PER_POLL);
        // The folder processed mail moves to is made when missing (an existing one answers an error we ignore).
        if (box.move_to && uids.length) await client.mailboxCreate(box.move_to).catch(() => undefined);
        for (const uid of uids) {
          result.fetched++;
          try {
            const outcome = await takeOne(client, uid, app.config.maxUpload, async (parsed, key) => {
              // A mailing's bounce marks its recipient; it is nobody's ticket or mail.
              const bounce = readBounce(parsed);
              if (bounce && (await recordBounce(db, bounce))) return { outcome: 'ignored', reason: 'mailing_bounce' } as Outcome;
              return box.user_id ? ingestPersonal(ctx, box, key, parsed) : ingestMail(ctx, box, { key, parsed, maxAttachmentBytes: app.config.maxUpload, storage, ownAddresses });
            });
            result[outcome.outcome]++;
            await hooks.afterCommit?.(uid, outcome);
            await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
            if (box.move_to) await client.messageMove(String(uid), box.move_to, { uid: true });
          } catch (err) {
            result.failed++;
            lastError = err instanceof AppError ? err.render('en').message : imapReason(err);
            if (hooks.afterCommit) throw err; // a test's simulated crash stops the pass, as a real one would
            // A mail that can never be taken (too large, unreadable, refused by validation) is set aside — recorded
            // with its reason and flagged read — so it cannot block the mail behind it; anything else is tried again.
            if (isPermanent(err)) {
              await sql`insert into mailbox_messages (mailbox_id, message_key, outcome, reason) values (${id}, ${`<failed:${box.folder}:${uid}>`}, 'failed', ${lastError.slice(0, 500)})
                on conflict do nothing`.execute(db);
              await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true }).catch(() => undefined);
            }
          }
        }
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
  } catch (err) {
    lastError = err instanceof AppError ? err.render('en').message : imapReason(err);
    if (hooks.afterCommit) throw err;
  } finally {
    await sql`update mailboxes set last_polled_at = now(), last_error = ${lastError}, last_result = ${JSON.stringify(result)}::jsonb where id = ${id}`.execute(db);
  }
  return result;
}

class PermanentMailError extends Error {}
// A value the database refuses (class 22: data exception) is refused again at every poll: the mail is failed, not retried.
const refusedByDatabase = (err: unknown) => typeof (err as { code?: unknown } | null)?.code === 'string' && (err as { code: string }).code.startsWith('22');
const isPermanent = (err: unknown) => err instanceof PermanentMailError || refusedByDatabase(err)
  || (err instanceof AppError && (err.code === 'VALIDATION_FAILED' || err.code === 'FORBIDDEN' || err.code === 'NOT_FOUND'));

/** Reads one mail (too large or unreadable → a permanent failure), parses it and runs `ingest` on it. */
async function takeOne(client: ImapFlow, uid: number, maxBytes: number, ingest: (parsed: Awaited<ReturnType<typeof simpleParser>>, key: string) => Promise<Outcome>): Promise<Outcome> {
  const head = await client.fetchOne(String(uid), { size: true }, { uid: true });
  if (!head) throw new Error(`message ${uid} could not be read`);
  if ((head.size ?? 0) > maxBytes * 2) throw new PermanentMailError(`message ${uid} is larger than ${Math.round(maxBytes * 2 / 1048576)} MB`);
  const full = await client.fetchOne(String(uid), { source: true }, { uid: true });
  if (!full || !full.source) throw new Error(`message ${uid} could not be read`);
  const { simpleParser } = await loadMail();
  const parsed = await simpleParser(full.source, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true, skipHtmlToText: true, maxHtmlLengthToParse: 5_000_000 })
    .catch((err: Error) => { throw new PermanentMailError(`message ${uid} cannot be parsed: ${err.message}`); });
  return ingest(storable(parsed), messageKey(parsed.messageId, full.source));
}

type Parsed = Awaited<ReturnType<typeof simpleParser>>;
const NUL = /\u0000/g;

/**
 * The mail cleaned of what PostgreSQL cannot store — a NUL in a text, a date it cannot hold (taken as none past 2200) — once for every use of
 * it. Sent from outside, such a mail failed again at every poll, and a hundred of them held up every mail behind.
 */
export function storable(p: Parsed): Parsed {
  const clean = (v: string | undefined) => (typeof v === 'string' ? v.replace(NUL, '') : v);
  p.subject = clean(p.subject);
  p.text = clean(p.text);
  if (typeof p.html === 'string') p.html = p.html.replace(NUL, '');
  p.messageId = clean(p.messageId);
  p.inReplyTo = clean(p.inReplyTo);
  if (typeof p.references === 'string') p.references = p.references.replace(NUL, '');
  else if (Array.isArray(p.references)) p.references = p.references.map((r) => r.replace(NUL, ''));
  for (const list of [p.from, p.to, p.cc, p.bcc, p.replyTo]) {
    for (const group of Array.isArray(list) ? list : list ? [list] : []) {
      for (const a of group.value) { a.name = clean(a.name) ?? ''; a.address = clean(a.address); }
    }
  }
  for (const f of p.attachments ?? []) f.filename = clean(f.filename);
  const year = p.date?.getUTCFullYear();
  if (p.date && (year === undefined || Number.isNaN(year) || year < 1970 || year > 2200)) p.date = undefined;
  return p;
}

/** Books the mailbox's next poll (now, after a change of its settings). */
export async function schedulePoll(db: Parameters<typeof enqueue>[0], id: string, runAt = new Date()): Promise<void> {
  await enqueue(db, { kind: MAILBOX_JOB, key: mailboxJobKey(id), payload: { id }, runAt });
}

export function mailboxJobs(app: AppContext): Record<string, JobHandler> {
  return {
    async [MAILBOX_JOB](trx, payload) {
      const id = String(payload.id);
      const box = (await sql<{ active: boolean; interval_minutes: number }>`select active, interval_minutes from mailboxes where id = ${id}`.execute(trx)).rows[0];
      if (!box?.active) return;
      await schedulePoll(trx, id, new Date(Date.now() + box.interval_minutes * 60_000));
      // After the job's commit and not awaited: the IMAP work holds neither the transaction nor the job worker.
      return async () => { void pollMailbox(app, id).catch(() => undefined); };
    },
  };
}
