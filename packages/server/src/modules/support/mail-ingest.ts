/**
 * One incoming mail into the support desk, in one transaction through the record pipeline (as the mailbox's
 * owner): an answer to a ticket (its `[TT123]` in the subject, or In-Reply-To/References naming mail of that
 * ticket) becomes a comment on it and reopens it; anything else opens a ticket for the sender's contact — an
 * unknown sender gets a new contact, or the ticket waits in triage with the sender's address. Attachments become
 * documents on the ticket. The mail's key is claimed first in `mailbox_messages`: a second poller, or a poll
 * after a crash that came before the mail was marked read, finds it taken and leaves it alone.
 */
import { tr } from '../../platform/messages/say.js';
import type { ParsedMail } from 'mailparser';
import { usableOwner } from '../../engine/records/usable-owner.js';
import { sql } from 'kysely';
import { isEmail } from '@karta/shared';
import type { RequestContext } from '../../engine/context.js';
import { visibilityPredicate } from '../../engine/access/permissions.js';
import { createRecord } from '../../engine/records/create.js';
import { getRecord } from '../../engine/records/get.js';
import { updateRecord } from '../../engine/records/update.js';
import { runWrite } from '../../engine/records/write-helpers.js';
import type { FileStorage } from '../../platform/storage.js';
import { attachFiles } from './attach-files.js';
import type { Mailbox } from './mailboxes.js';
import { answeredIds, automaticReason, mailText, senderName, ticketNumberIn } from './mail-rules.js';

/** What became of a mail: a ticket, a comment, ignored, already taken; a personal mailbox's is linked to a record or kept. */
export type Outcome = { outcome: 'ticket' | 'comment' | 'ignored' | 'duplicate' | 'linked' | 'kept'; ticket_id?: string; reason?: string };

export interface IncomingMail { key: string; parsed: ParsedMail; maxAttachmentBytes: number; storage: FileStorage; ownAddresses: string[] }

export async function ingestMail(ctx: RequestContext, box: Mailbox, mail: IncomingMail): Promise<Outcome> {
  return runWrite(ctx, async (tctx) => {
    const claimed = await sql`insert into mailbox_messages (mailbox_id, message_key, outcome) values (${box.id}, ${mail.key}, 'claimed')
      on conflict do nothing returning message_key`.execute(tctx.db);
    if (!claimed.rows.length) return { outcome: 'duplicate' as const };
    const result = await decide(tctx, box, mail);
    await sql`update mailbox_messages set outcome = ${result.outcome}, ticket_id = ${result.ticket_id ?? null}, reason = ${result.reason ?? null}
      where mailbox_id = ${box.id} and message_key = ${mail.key}`.execute(tctx.db);
    return result;
  });
}

async function decide(ctx: RequestContext, box: Mailbox, mail: IncomingMail): Promise<Outcome> {
  const p = mail.parsed;
  const from = p.from?.value[0];
  const address = from?.address?.trim().toLowerCase();
  const automatic = automaticReason(p.headers, address, mail.ownAddresses);
  if (automatic || !address) return { outcome: 'ignored', reason: automatic ?? 'no_sender' };
  // An address the e-mail field would refuse (user@localhost) can neither be a contact's nor a requester's.
  if (!isEmail(address)) return { outcome: 'ignored', reason: 'invalid_sender' };
  const body = mailText(p.text, p.html);
  const sender = await knownContact(ctx, address);
  const existing = await ticketAnswered(ctx, p, address);
  if (existing) {
    const quoted = `${from?.name ? `${from.name} <${address}>` : address}:\n\n${body || p.subject || ''}`.slice(0, 65_000);
    await createRecord(ctx, 'comments', { body: quoted, related_to: existing.id, is_private: false }, sender ? { systemValues: { author_contact_id: sender.id } } : {});
    if (existing.status === 'closed' || existing.status === 'wait_for_response') await updateRecord(ctx, 'tickets', existing.id, { status: 'open' });
    await attach(ctx, existing.id, existing.assigned_to, mail);
    return { outcome: 'comment', ticket_id: existing.id };
  }
  // The mailbox's assignee, unless they have left since: then the mailbox's owner (the context) takes it.
  const assignee = await usableOwner(ctx.db, [box.assign_to]);
  const contact = sender ?? await newContact(ctx, box, address, from?.name, assignee);
  const ticket = await createRecord(ctx, 'tickets', {
    title: (p.subject ?? '').trim().slice(0, 500) || address,
    description: body || null, channel: 'email', requester_email: address.slice(0, 255),
    contact_id: contact?.id ?? null, account_id: contact?.account_id ?? null,
    ...(assignee ? { assigned_to: assignee } : {}),
  });
  await attach(ctx, ticket.id as string, ticket.assigned_to, mail);
  return { outcome: 'ticket', ticket_id: ticket.id as string };
}

/**
 * The ticket a mail answers: its number in the subject, else mail of a ticket it replies to — one the owner sees and
 * the sender belongs to (its requester, its contact, a contact of its account). Anyone else's mail naming a ticket
 * opens a ticket of its own: a guessed number never writes into another customer's conversation.
 */
async function ticketAnswered(ctx: RequestContext, p: ParsedMail, sender: string): Promise<{ id: string; status: unknown; assigned_to: unknown } | null> {
  const candidates: string[] = [];
  const number = ticketNumberIn(p.subject);
  if (number) candidates.push(...(await sql<{ id: string }>`select id::text from tickets where number = any(${[number, number.toLowerCase()]}::text[]) and deleted_at is null`.execute(ctx.db)).rows.map((r) => r.id));
  const ids = answeredIds(p.inReplyTo, p.references);
  if (ids.length) {
    const r = await sql<{ id: string }>`select e.related_to::text as id from emails e join tickets t on t.id = e.related_to
        where e.message_id = any(${ids}::text[]) and e.deleted_at is null and t.deleted_at is null
      union all select ticket_id::text from mailbox_messages where message_key = any(${ids}::text[]) and ticket_id is not null`.execute(ctx.db);
    candidates.push(...r.rows.map((x) => x.id));
  }
  for (const id of candidates) {
    const t = await getRecord(ctx, 'tickets', id).then((x) => x.data, () => null);
    if (t && (await senderBelongs(ctx, id, sender))) return { id, status: t.status, assigned_to: t.assigned_to };
  }
  return null;
}

/** Whether the address is the ticket's requester, its contact's, or a contact's of its account. */
async function senderBelongs(ctx: RequestContext, ticketId: string, address: string): Promise<boolean> {
  const r = await sql`select 1 from tickets t where t.id = ${ticketId} and (lower(t.requester_email) = ${address} or exists (
      select 1 from contacts c where c.deleted_at is null and (c.id = t.contact_id or (t.account_id is not null and c.account_id = t.account_id))
        and (lower(c.email) = ${address} or lower(c.secondary_email) = ${address})))`.execute(ctx.db);
  return r.rows.length > 0;
}

/** The sender's contact by e-mail, one the owner sees. */
async function knownContact(ctx: RequestContext, address: string): Promise<{ id: string; account_id: string | null } | null> {
  const vis = visibilityPredicate(ctx, 'contacts', 'read');
  return (await sql<{ id: string; account_id: string | null }>`select t.id::text, t.account_id::text from contacts t
    where t.deleted_at is null and (lower(t.email) = ${address} or lower(t.secondary_email) = ${address}) ${vis ? sql`and ${vis}` : sql``}
    order by t.created_at limit 1`.execute(ctx.db)).rows[0] ?? null;
}

/** An unknown sender: a new contact, or none (the ticket waits in triage), by the mailbox's setting. */
async function newContact(ctx: RequestContext, box: Mailbox, address: string, name: string | undefined, assignee: string | null): Promise<{ id: string; account_id: string | null } | null> {
  if (box.unknown_senders === 'triage') return null;
  const [first, last] = senderName(name, address);
  const created = await createRecord(ctx, 'contacts', { first_name: first, last_name: last, email: address, ...(assignee ? { assigned_to: assignee } : {}) });
  return { id: created.id as string, account_id: null };
}

/**
 * The mail's attachments (parts marked so, or with a file name) as documents on the ticket; those left out (too many,
 * too large) are named in a private comment, so the agent knows to ask for them.
 */
async function attach(ctx: RequestContext, ticketId: string, assignedTo: unknown, mail: IncomingMail): Promise<void> {
  const files = mail.parsed.attachments.filter((x) => x.contentDisposition === 'attachment' || x.filename).map((a) => ({ name: a.filename, content: a.content }));
  const left = await attachFiles(ctx, mail.storage, ticketId, assignedTo, files, mail.maxAttachmentBytes);
  if (!left.length) return;
  const body = tr('Attachments left out (too many or too large): {names}', ctx.lang, { names: left.join(', ') }).slice(0, 4000);
  await createRecord(ctx, 'comments', { body, related_to: ticketId, is_private: true });
}
