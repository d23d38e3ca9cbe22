/**
 * Bounces of mailings, read by the mailbox poller: a delivery status notification (RFC 3464) that reports a permanent
 * failure marks the recipient bounced — found by the original Message-ID (never by the address alone) — puts the address
 * on the suppression list and the campaign member at `bounced`. Temporary failures (4.x.x) change nothing.
 */
import { sql } from 'kysely';
import type { ParsedMail } from 'mailparser';
import type { Tx } from '../../platform/db.js';
import { KEPT_MEMBER_STATUSES, memberStatus } from './mailing-run.js';

export interface Bounce { address: string | null; messageId: string | null; reason: string; permanent: boolean }

const text = (v: unknown) => (Buffer.isBuffer(v) ? v.toString('utf8') : typeof v === 'string' ? v : '');

/** The bounce a mail reports, or null when it is not a delivery status notification. */
export function readBounce(mail: Pick<ParsedMail, 'headers' | 'attachments' | 'text'>): Bounce | null {
  const type = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const report = type?.value === 'multipart/report' && /delivery-status/i.test(type.params?.['report-type'] ?? '');
  const parts = (mail.attachments ?? []).map((a) => ({ type: a.contentType, body: text(a.content) }));
  // mailparser shows a report's delivery-status part as text, or keeps it as a part.
  const status = parts.find((p) => /message\/(global-)?delivery-status/i.test(p.type))?.body ?? (report ? mail.text : undefined);
  if (!report && !status) return null;
  const field = (name: string) => new RegExp(`^${name}:\\s*(?:[a-z0-9-]+;\\s*)?(.+)$`, 'im').exec(status ?? '')?.[1]?.trim() ?? null;
  const code = field('Status');
  const action = field('Action');
  const original = parts.find((p) => /text\/rfc822-headers|message\/(global-)?rfc822/i.test(p.type))?.body ?? mail.text ?? '';
  const messageId = /^Message-ID:\s*(<[^>\s]+>)/im.exec(original)?.[1] ?? null;
  const address = field('Final-Recipient') ?? field('Original-Recipient');
  return {
    address: address ? address.replace(/^<|>$/g, '').toLowerCase() : null,
    messageId,
    reason: (field('Diagnostic-Code') ?? code ?? 'bounced').slice(0, 500),
    permanent: (action ?? 'failed').toLowerCase() === 'failed' && !/^4\./.test(code ?? '5'),
  };
}

/** Marks the bounced recipient (once); true when one was found. */
export async function recordBounce(db: Tx, b: Bounce): Promise<boolean> {
  // Only a report naming a message we sent counts: anyone can write a bounce-shaped mail naming an address.
  if (!b.permanent || !b.messageId) return false;
  const r = await sql<{ id: string; mailing_id: string; module: string; record_id: string; address: string; campaign_id: string | null }>`
    select r.id::text, r.mailing_id::text, r.module, r.record_id::text, r.address, m.campaign_id::text
    from mailing_recipients r join mailings m on m.id = r.mailing_id
    where r.message_id = ${b.messageId}
    order by r.id desc limit 1`.execute(db);
  const hit = r.rows[0];
  if (!hit) return false;
  await sql`update mailing_recipients set state = 'bounced', error = ${b.reason} where id = ${hit.id}::bigint`.execute(db);
  await sql`insert into mail_suppressions (address, reason, mailing_id) values (${hit.address.toLowerCase()}, 'bounced', ${hit.mailing_id})
    on conflict (address) do nothing`.execute(db);
  await memberStatus(db, hit.campaign_id, hit.module, hit.record_id, 'bounced', KEPT_MEMBER_STATUSES);
  return true;
}
