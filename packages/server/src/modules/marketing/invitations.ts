/**
 * Personal invitations by e-mail — to answer a survey (`/s/{token}`) or to an event with an RSVP (`/rsvp/{token}`).
 * One row per invited record and survey or event (a second invitation of the same person changes nothing), a random
 * token per row, sent in batches on the job queue as the inviting user; opted-out and suppressed addresses are left out
 * exactly as for mailings (and checked again when the batch is sent), and only records the inviting user may see are invited.
 */
import { sql } from 'kysely';
import { isLang, type Lang } from '@karta/shared';
import type { AppContext } from '../../app-context.js';
import type { RequestContext } from '../../engine/context.js';
import { readCompany } from '../../admin/company-routes.js';
import { publicBase } from '../../platform/config.js';
import type { Tx } from '../../platform/db.js';
import { enqueue, type JobHandler } from '../../platform/jobs.js';
import { openMailer, senderAddress } from '../../platform/mail.js';
import { sendSms } from '../automation/sms.js';
import { noLongerReachable, resolveAudience, type Audience, type Channel } from './mailing-audience.js';

export type InvitationKind = 'survey' | 'event';
export const MAX_INVITES = 10_000;
const BATCH = 100;

export interface Invitation {
  id: string; kind: InvitationKind; parent_id: string; module: string; record_id: string; address: string; language: string;
  token: string; status: string; expires_at: string | null; responded_at: string | null; response_id: string | null; channel: Channel; created_by: string | null;
}

/** What a message says: built per language from the survey or event (null when it is gone). */
export type Composer = (db: Tx, parentId: string, lang: Lang, link: string, company: string) => Promise<{ subject: string; html: string; text: string; sms: string } | null>;

export const PUBLIC_PATH: Record<InvitationKind, string> = { survey: '/s/', event: '/rsvp/' };
const jobKey = (kind: InvitationKind, parentId: string) => `invitations_send:${kind}:${parentId}`;

/** `more`: the audience holds more than one send invites (`MAX_INVITES`); sending again invites the next ones. */
export interface InviteResult { invited: number; already: number; skipped: number; without_address: number; more: boolean }

/** Invites the audience (records the user may see) and queues the messages. */
export async function invite(ctx: RequestContext, kind: InvitationKind, parentId: string, audience: Audience, o: { language: Lang; expiresAt: Date | null; status?: string; channel?: Channel; limit?: number }): Promise<InviteResult> {
  const channel = o.channel ?? 'email';
  // Those invited before come last, so that a second send of a large audience goes on with the next ones.
  const { rows, counts } = await resolveAudience(ctx, audience, channel, o.limit ?? MAX_INVITES,
    (record) => sql`exists (select 1 from invitations i where i.kind = ${kind} and i.parent_id = ${parentId}::uuid and i.record_id = ${record})`);
  const queued = rows.filter((r) => r.state === 'queued');
  let invited = 0;
  for (let i = 0; i < queued.length; i += 2_000) {
    const chunk = queued.slice(i, i + 2_000);
    const r = await sql<{ n: number }>`with added as (insert into invitations (kind, parent_id, module, record_id, address, language, token, status, expires_at, created_by, channel)
      select ${kind}, ${parentId}::uuid, x.module, x.record_id, x.address, ${o.language}, replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', ''), ${o.status ?? 'invited'},
        ${o.expiresAt?.toISOString() ?? null}::timestamptz, ${ctx.user.id}::uuid, ${channel}
      from unnest(${chunk.map((c) => c.module)}::text[], ${chunk.map((c) => c.record_id)}::uuid[], ${chunk.map((c) => c.address)}::text[]) as x(module, record_id, address)
      on conflict (kind, parent_id, record_id) do nothing returning 1) select count(*)::int as n from added`.execute(ctx.db);
    invited += Number(r.rows[0].n);
  }
  if (invited) await enqueue(ctx.db, { kind: 'invitations_send', key: jobKey(kind, parentId), payload: { kind, parent_id: parentId }, runAt: new Date() });
  return { invited, already: queued.length - invited, skipped: counts.skipped, without_address: counts.without_address + counts.address_hidden, more: counts.more };
}

/** The invitation behind a public link (64 hex characters), or null. */
export async function invitationByToken(db: Tx, kind: InvitationKind, token: string): Promise<Invitation | null> {
  if (!/^[0-9a-f]{64}$/.test(token)) return null;
  const r = await sql<Invitation>`select id::text, kind, parent_id::text, module, record_id::text, address, language, token, status,
      expires_at::text, responded_at::text, response_id::text, channel, created_by::text
    from invitations where token = ${token} and kind = ${kind}`.execute(db);
  return r.rows[0] ?? null;
}

export const invitationLink = (app: AppContext, kind: InvitationKind, token: string) => `${publicBase(app.config)}${PUBLIC_PATH[kind]}${token}`;

/**
 * Sends the next batch of a survey's or event's invitations; books itself again while some are left. The batch is
 * claimed (marked sent) and committed first, then sent outside the transaction — a retried job or a crash never sends
 * anyone a second invitation (at most once, like a mailing); a refused one is logged with its reason.
 */
export function invitationJobs(app: AppContext, composers: Record<InvitationKind, Composer>): Record<string, JobHandler> {
  return {
    async invitations_send(trx, payload) {
      const kind = payload.kind as InvitationKind;
      const parentId = String(payload.parent_id);
      const rows = (await sql<Invitation>`update invitations set sent_at = now() where id in (
          select id from invitations where kind = ${kind} and parent_id = ${parentId} and sent_at is null and error is null
          order by id limit ${BATCH} for update skip locked)
        returning id::text, kind, parent_id::text, module, record_id::text, address, language, token, status,
          expires_at::text, responded_at::text, response_id::text, channel, created_by::text`.execute(trx)).rows;
      if (!rows.length) return;
      if (rows.length === BATCH) await enqueue(trx, { kind: 'invitations_send', key: jobKey(kind, parentId), payload, runAt: new Date() });
      return () => sendClaimed(app, composers[kind], parentId, rows);
    },
  };
}

async function sendClaimed(app: AppContext, compose: Composer, parentId: string, rows: Invitation[]): Promise<void> {
  const db = app.database.db;
  const company = await readCompany(db);
  const from = senderAddress(company.email);
  const mailer = openMailer(1);
  const failed = async (id: string, err: unknown) => {
    await sql`update invitations set sent_at = null, error = ${String((err as Error).message).slice(0, 500)} where id = ${id}::bigint`.execute(db);
  };
  try {
    for (const row of rows) {
      const lang: Lang = isLang(row.language) ? row.language : 'en';
      try {
        // Who opted out, unsubscribed or was deleted since being invited is not sent to (as for a mailing).
        const gone = await noLongerReachable(db, row.channel, row.module, row.record_id, row.address);
        if (gone) throw new Error(gone);
        const message = await compose(db, parentId, lang, invitationLink(app, row.kind, row.token), String(company.name ?? 'Karta'));
        if (!message) throw new Error('nothing to send: the survey or event is gone');
        if (row.channel === 'sms') {
          const { error } = await sendSms(db, { to: row.address, text: message.sms, module: row.module, recordId: row.record_id, userId: row.created_by ?? undefined });
          if (error) throw new Error(error);
        } else await mailer.send({ from, to: [row.address], subject: message.subject, html: message.html, text: message.text });
      } catch (err) {
        await failed(row.id, err);
      }
    }
  } finally {
    mailer.close();
  }
}
