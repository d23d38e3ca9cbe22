/**
 * Sending a mailing. A `mailing_send` job per mailing runs once a minute while it is sending: it books its next run,
 * then (after its commit, off the job worker) sends at most `per_minute` messages. Each message is claimed first — its
 * row set to `sending` and committed — then sent, then logged as sent with its e-mail on the recipient's timeline, in
 * one transaction. A crash between the send and the log leaves the row `sending`: it is never sent again (it is logged
 * as interrupted), so nobody gets a second copy. Pause and cancel are seen at the next message.
 */
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { isLang, type Lang } from '@karta/shared';
import type { AppContext } from '../../app-context.js';
import type { RequestContext } from '../../engine/context.js';
import { administratorContext, contextFor } from '../../engine/system-context.js';
import { createRecord } from '../../engine/records/create.js';
import { getRecord } from '../../engine/records/get.js';
import { updateRecord } from '../../engine/records/update.js';
import { runWrite } from '../../engine/records/write-helpers.js';
import { readCompany } from '../../admin/company-routes.js';
import { publicBase } from '../../platform/config.js';
import type { Tx } from '../../platform/db.js';
import { cancel, enqueue, type JobHandler } from '../../platform/jobs.js';
import { openMailer, senderAddress, type Mailer } from '../../platform/mail.js';
import { signingKey } from '../../platform/signing.js';
import { AppError } from '../../platform/errors.js';
import { notify } from '../activities/notifications.js';
import { htmlToText, renderCache, renderTemplate, TemplateOverLimit, type RenderCache } from '../automation/template-render.js';
import { sendSms } from '../automation/sms.js';
import { personalise } from './mailing-message.js';
import { noLongerReachable } from './mailing-audience.js';

export const MAILING_JOB = 'mailing_send';
export const mailingJobKey = (id: string) => `${MAILING_JOB}:${id}`;
/** A claimed message not logged after this long was interrupted (a crash): it is not sent again. */
const INTERRUPTED_AFTER = '2 minutes';
/** Messages in flight at once on PostgreSQL. */
const LANES = 4;

export interface Mailing {
  id: string; name: string; status: string; channel: 'email' | 'sms'; template_id: string | null; sms_text: string | null;
  sender: string | null; language: string | null; per_minute: number; track_opens: boolean; track_clicks: boolean;
  campaign_id: string | null; audience: unknown; send_at: string | null; assigned_to: string | null; created_by: string | null;
}

/** The mailing; `lock` takes its row (an action or the job deciding on its status, so they cannot overtake each other). */
export async function readMailing(db: Tx, id: string, lock = false): Promise<Mailing | null> {
  const r = await sql<Mailing>`select id::text, name, coalesce(status, 'draft') as status, coalesce(channel, 'email') as channel, template_id::text, sms_text, sender, language, coalesce(per_minute, 60) as per_minute,
      coalesce(track_opens, false) as track_opens, coalesce(track_clicks, false) as track_clicks, campaign_id::text, audience, send_at,
      assigned_to::text, created_by::text
    from mailings where id = ${id} and deleted_at is null ${lock ? sql`for update` : sql``}`.execute(db);
  return r.rows[0] ?? null;
}

export async function scheduleRun(db: Tx, id: string, userId: string, runAt = new Date()): Promise<void> {
  await enqueue(db, { kind: MAILING_JOB, key: mailingJobKey(id), payload: { id, user: userId }, runAt });
}
export const stopRuns = (db: Tx, id: string) => cancel(db, mailingJobKey(id));

/** Test hooks: called after a message went out and before it is logged (a crash goes here). */
export const runHooks: { afterSend?: (recipientId: string, mailingId: string) => void | Promise<void> } = {};
const running = new Map<string, Promise<number>>();
/** Resolves when the batch of this mailing running in this process (if any) has finished. */
export const batchDone = (id: string) => running.get(id) ?? Promise.resolve(0);

interface Claimed { id: string; module: string; record_id: string; address: string; token: string; message_id: string }

async function claim(db: Tx, mailingId: string): Promise<Claimed | null> {
  const r = await sql<Claimed>`update mailing_recipients set state = 'sending', claimed_at = now(), message_id = ${`<${uuidv7()}@karta>`}
    where id = (select id from mailing_recipients where mailing_id = ${mailingId} and state = 'queued' order by id limit 1 for update skip locked)
      and exists (select 1 from mailings where id = ${mailingId} and status = 'sending')
    returning id::text, module, record_id::text, address, token, message_id`.execute(db);
  return r.rows[0] ?? null;
}

async function stillSending(db: Tx, id: string): Promise<boolean> {
  return (await sql<{ status: string }>`select status from mailings where id = ${id}`.execute(db)).rows[0]?.status === 'sending';
}

/** The campaign member's status follows the mailing (sent, opened, clicked, unsubscribed), never backwards. */
/** What a campaign member did that a later bounce or unsubscribe does not erase from the campaign's results. */
export const KEPT_MEMBER_STATUSES = ['responded', 'converted'];

export async function memberStatus(db: Tx, campaignId: string | null, module: string, recordId: string, status: string, unless: string[] = []): Promise<void> {
  if (!campaignId || !['contacts', 'leads', 'accounts'].includes(module)) return;
  const table = `campaign_${module}`;
  const col = `${module.slice(0, -1)}_id`;
  await sql`update ${sql.table(table)} set status = ${status} where campaign_id = ${campaignId} and ${sql.id(col)} = ${recordId}
    and coalesce(status, '') <> all(${unless}::text[])`.execute(db);
}

interface Batch { cache: RenderCache; ctx: RequestContext; mailing: Mailing; template: Record<string, unknown> | null; lang: Lang; from: string; base: string; key: Buffer; mailer: Mailer | null }

interface Delivered { subject: string; text: string }

/** Sends one message (nothing is logged yet); a refusal throws with the server's or the gateway's reason. */
async function deliver(b: Batch, c: Claimed): Promise<Delivered> {
  const { ctx, mailing } = b;
  const record = { module: c.module, id: c.record_id };
  if (mailing.channel === 'sms') {
    const rendered = await renderTemplate(ctx, { subject: '', body_html: mailing.sms_text ?? '' }, record, b.lang, b.cache);
    const text = htmlToText(rendered.html);
    const { error } = await sendSms(ctx.db, { to: c.address, text, module: c.module, recordId: c.record_id, userId: ctx.user.id, mailingId: mailing.id });
    if (error) throw new Error(error);
    return { subject: '', text };
  }
  const rendered = await renderTemplate(ctx, b.template!, record, b.lang, b.cache);
  const p = personalise({ html: rendered.html, base: b.base, token: c.token, key: b.key, lang: rendered.language, trackOpens: mailing.track_opens, trackClicks: mailing.track_clicks });
  const text = `${htmlToText(rendered.html)}\n\n${p.unsubscribe}`;
  const subject = rendered.subject.trim() || mailing.name;
  await b.mailer!.send({ from: b.from, to: [c.address], subject, html: p.html, text, messageId: c.message_id, headers: p.headers });
  return { subject, text };
}

/** The log and the timeline together, in one transaction: what is logged sent was sent, once. */
async function logSent(b: Batch, c: Claimed, d: Delivered): Promise<void> {
  if (b.mailing.channel === 'sms') {
    await sql`update mailing_recipients set state = 'sent', sent_at = now() where id = ${c.id}::bigint`.execute(b.ctx.db);
    return;
  }
  await runWrite(b.ctx, async (tctx) => {
    const email = await createRecord(tctx, 'emails', {
      subject: d.subject, body: d.text, from_address: b.from, to_addresses: c.address, related_to: c.record_id,
      account_id: c.module === 'accounts' ? c.record_id : null, contact_id: c.module === 'contacts' ? c.record_id : null,
      status: 'sent', sent_at: new Date().toISOString(), message_id: c.message_id,
    });
    await sql`update mailing_recipients set state = 'sent', sent_at = now(), email_id = ${email.id as string} where id = ${c.id}::bigint`.execute(tctx.db);
    await memberStatus(tctx.db, b.mailing.campaign_id, c.module, c.record_id, 'sent', ['opened', 'clicked', 'responded', 'converted', 'unsubscribed', 'bounced']);
  });
}

/** Sends up to `per_minute` messages of a sending mailing; returns how many went out. */
export function sendBatch(app: AppContext, id: string, userId: string): Promise<number> {
  const current = running.get(id);
  if (current) return current;
  const p = runBatch(app, id, userId).finally(() => running.delete(id));
  running.set(id, p);
  return p;
}

async function runBatch(app: AppContext, id: string, userId: string): Promise<number> {
  const db = app.database.db;
  const mailing = await readMailing(db, id);
  if (!mailing || mailing.status !== 'sending') return 0;
  const lang: Lang = isLang(mailing.language) ? mailing.language : 'en';
  const ctx = await contextFor(app, userId, lang);
  const template = mailing.channel === 'email' && mailing.template_id ? (await getRecord(ctx, 'email_templates', mailing.template_id)).data : null;
  const b: Batch = {
    cache: renderCache(), ctx, mailing, template, lang, base: publicBase(app.config), key: await signingKey(db),
    from: mailing.sender || senderAddress((await readCompany(db)).email), mailer: mailing.channel === 'email' ? openMailer(app.database.kind === 'postgres' ? LANES : 1) : null,
  };
  let sent = 0;
  let taken = 0;
  // Several messages in flight on PostgreSQL (claims skip each other's rows); PGlite has one connection.
  const lanes = app.database.kind === 'postgres' ? LANES : 1;
  const lane = async () => {
    while (taken < mailing.per_minute) {
      taken++;
      // Claimed only while the mailing is sending: a pause or a cancel stops it at the next message.
      const c = await claim(db, id);
      if (!c) { taken = mailing.per_minute; break; }
      // Who opted out, unsubscribed (from any mailing) or was deleted since sending began is skipped, not sent.
      const gone = await noLongerReachable(db, mailing.channel, c.module, c.record_id, c.address);
      if (gone) {
        await sql`update mailing_recipients set state = 'skipped', error = ${gone} where id = ${c.id}::bigint`.execute(db);
        taken--;
        continue;
      }
      let delivered: Delivered;
      try {
        delivered = await deliver(b, c);
      } catch (err) {
        const reason = String((err as { response?: string }).response ?? (err as Error).message).slice(0, 500);
        // A template too costly to render is so for every recipient: the mailing pauses (and its sender is told).
        const lasting = err instanceof TemplateOverLimit;
        await sql`update mailing_recipients set state = ${lasting ? 'queued' : 'failed'}, error = ${lasting ? null : reason} where id = ${c.id}::bigint`.execute(db);
        if (lasting) throw err;
        continue;
      }
      // Between the send and its log: a crash here leaves the message claimed, and it is never sent again.
      await runHooks.afterSend?.(c.id, id);
      await logSent(b, c, delivered).catch(async (err: Error) => {
        // It went out: it is logged sent, with why its e-mail record could not be kept.
        await sql`update mailing_recipients set state = 'sent', sent_at = now(), error = ${`not kept on the timeline: ${err.message}`.slice(0, 500)} where id = ${c.id}::bigint`.execute(db);
      });
      sent++;
    }
  };
  try {
    // A lane that fails (the database went away) stops the others after their message in flight.
    const outcomes = await Promise.allSettled(Array.from({ length: lanes }, () => lane().catch((err) => { taken = mailing.per_minute; throw err; })));
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
  } finally {
    b.mailer?.close();
  }
  await finishIfDone(app, id, userId);
  return sent;
}

/** Nothing left to send: messages interrupted long ago are logged so, and the mailing is completed. */
export async function finishIfDone(app: AppContext, id: string, userId: string): Promise<void> {
  const db = app.database.db;
  await sql`update mailing_recipients set state = 'failed', error = 'interrupted while sending; not sent again so that nobody gets it twice'
    where mailing_id = ${id} and state = 'sending' and claimed_at < now() - ${INTERRUPTED_AFTER}::interval`.execute(db);
  const left = (await sql<{ n: number }>`select count(*)::int as n from mailing_recipients where mailing_id = ${id} and state in ('queued', 'sending')`.execute(db)).rows[0].n;
  if (left > 0 || !(await stillSending(db, id))) return;
  const ctx = await contextFor(app, userId);
  await updateRecord(ctx, 'mailings', id, {}, undefined, { systemValues: { status: 'completed' } });
  await stopRuns(db, id);
}

/**
 * A failure that the next minute will not mend (the template or the sender gone, no right to it any more, mail not
 * configured) pauses the mailing and tells its sender, instead of failing every minute; others are tried next minute.
 */
async function stopOnLastingFailure(app: AppContext, id: string, err: Error): Promise<void> {
  console.warn(`karta: mailing ${id}: ${err.message}`);
  if (!(err instanceof AppError) || !['NOT_FOUND', 'FORBIDDEN', 'UNAVAILABLE', 'VALIDATION_FAILED'].includes(err.code)) return;
  const db = app.database.db;
  const m = await readMailing(db, id);
  if (m?.status !== 'sending') return;
  // Paused through the pipeline (audited), as an administrator: the sender may be the one who lost access.
  await updateRecord(await administratorContext(app), 'mailings', id, {}, undefined, { systemValues: { status: 'paused' } });
  await stopRuns(db, id);
  const owner = m.created_by ?? m.assigned_to;
  if (owner) await notify(db, { userId: owner, kind: 'mailing_paused', module: 'mailings', recordId: id, label: m.name, message: `${m.name}: ${err.message}`.slice(0, 500) }).catch(() => undefined);
}

export function mailingJobs(app: AppContext, start: (app: AppContext, id: string, userId: string, trx: Tx) => Promise<boolean>): Record<string, JobHandler> {
  return {
    async [MAILING_JOB](trx, payload) {
      const id = String(payload.id);
      const userId = String(payload.user);
      const status = (await readMailing(trx, id, true))?.status;
      // A scheduled mailing's time has come: its audience is resolved now, with the sender's visibility.
      if (status === 'scheduled' && !(await start(app, id, userId, trx))) return;
      if (status !== 'sending' && status !== 'scheduled') return;
      await scheduleRun(trx, id, userId, new Date(Date.now() + 60_000));
      return async () => { void sendBatch(app, id, userId).catch((err: Error) => stopOnLastingFailure(app, id, err)); };
    },
  };
}
