/**
 * What a portal user reaches, always through their own scope: tickets of their contact (and of their account, when
 * the contact is marked so), published FAQs, their account's quotes and invoices. A record outside the scope answers
 * 404 exactly like a record that does not exist. Writes (a new ticket, a reply, closing) go through the record
 * pipeline as the portal's staff actor — the first active administrator — with the customer named on the record.
 */
import { sql, type RawBuilder } from 'kysely';
import { isUuid } from '@karta/shared';
import type { AppContext } from '../../app-context.js';
import type { RequestContext } from '../../engine/context.js';
import { usableOwner } from '../../engine/records/usable-owner.js';
import { administratorContext } from '../../engine/system-context.js';
import { AppError } from '../../platform/errors.js';
import type { PortalUser } from './portal-session.js';

/**
 * Tickets the portal user may see: their own, or their account's when the contact is marked so. Their own
 * filed at a company they have since left is that company's (as its invoices are): with an account, only those of no
 * company or of theirs.
 */
export function customerScope(u: PortalUser, alias = 't'): RawBuilder<unknown> {
  const own = ownScope(u, alias);
  return u.sees_account && u.account_id ? sql`(${own} or ${sql.ref(alias)}.account_id = ${u.account_id})` : own;
}

/**
 * What names the portal user, while it is of no company or of theirs (claims are only ever one's own): a contact of no
 * company now sees only what is of no company.
 */
export function ownScope(u: PortalUser, alias: string): RawBuilder<unknown> {
  const t = sql.ref(alias);
  return u.account_id
    ? sql`(${t}.contact_id = ${u.contact_id} and (${t}.account_id is null or ${t}.account_id = ${u.account_id}))`
    : sql`(${t}.contact_id = ${u.contact_id} and ${t}.account_id is null)`;
}

/**
 * Quotes and invoices the portal user may see, never drafts: their account's (or, without an account, those naming
 * them). One naming them at another company — where they worked before — is that company's, not theirs.
 */
export function documentScope(u: PortalUser, alias = 'd'): RawBuilder<unknown> {
  const d = sql.ref(alias);
  const whose = u.account_id ? sql`${d}.account_id = ${u.account_id}` : sql`${d}.contact_id = ${u.contact_id}`;
  return sql`${whose} and ${d}.status <> 'created' and ${d}.deleted_at is null`;
}

export const PORTAL_DOCUMENTS = ['quotes', 'invoices'] as const;

/** A customer's text input: trimmed and cut to `max` characters; anything that is not text is empty. */
export const portalText = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '');

/** The staff context portal writes and prints run as, in the customer's language. */
export async function portalActor(app: AppContext, u: PortalUser): Promise<RequestContext> {
  return administratorContext(app, u.language);
}

/** The owner a portal ticket gets: the contact's owner (an active user or a group), else the actor. */
export async function contactOwner(db: RequestContext['db'], u: PortalUser): Promise<string | null> {
  const owner = (await sql<{ assigned_to: string | null }>`select assigned_to::text from contacts where id = ${u.contact_id}`.execute(db)).rows[0]?.assigned_to;
  return usableOwner(db, [owner]);
}

/** One of the portal user's tickets, or 404. */
export async function scopedTicket(db: RequestContext['db'], u: PortalUser, id: string): Promise<Record<string, unknown>> {
  if (!isUuid(id)) throw new AppError('NOT_FOUND', 'Record not found');
  const r = await sql<Record<string, unknown>>`select t.id::text, t.number, t.title, t.description, t.status, t.priority, t.solution,
      t.created_at, t.updated_at, t.contact_id::text, t.assigned_to::text
    from tickets t where t.id = ${id} and t.deleted_at is null and ${customerScope(u)}`.execute(db);
  if (!r.rows[0]) throw new AppError('NOT_FOUND', 'Record not found');
  return r.rows[0];
}

/**
 * A ticket's conversation as the customer sees it, oldest first: what customers wrote (in the portal, by e-mail) and
 * the support team's e-mails to the ticket's customer. Staff comments are internal, and mail the team sent from the
 * ticket to anyone else (a supplier, a colleague) is not the customer's.
 */
export async function conversation(db: RequestContext['db'], ticketId: string): Promise<Record<string, unknown>[]> {
  const addresses = (await sql<{ a: string }>`select lower(t.requester_email) as a from tickets t where t.id = ${ticketId} and t.requester_email is not null
    union select lower(c.email) from tickets t join contacts c on c.id = t.contact_id where t.id = ${ticketId} and c.email is not null
    union select lower(c.secondary_email) from tickets t join contacts c on c.id = t.contact_id where t.id = ${ticketId} and c.secondary_email is not null`.execute(db)).rows.map((r) => r.a);
  const r = await sql<Record<string, unknown>>`
    select 'comment' as kind, c.id::text, c.body, c.created_at as at, c.author_contact_id is not null as from_customer,
      coalesce(nullif(trim(concat_ws(' ', ac.first_name, ac.last_name)), ''), nullif(trim(concat_ws(' ', u.first_name, u.last_name)), ''), u.username) as author
    from comments c left join contacts ac on ac.id = c.author_contact_id left join users u on u.id = c.created_by
    where c.related_to = ${ticketId} and c.deleted_at is null and c.author_contact_id is not null and not coalesce(c.is_private, false)
    union all
    select 'email', e.id::text, e.body, coalesce(e.sent_at, e.created_at), false,
      coalesce(nullif(trim(concat_ws(' ', u.first_name, u.last_name)), ''), u.username)
    from emails e left join users u on u.id = e.created_by
    where e.related_to = ${ticketId} and e.deleted_at is null and e.status = 'sent'
      and exists (select 1 from regexp_matches(lower(e.to_addresses), '[^[:space:]<>,;"'']+@[^[:space:]<>,;"'']+', 'g') m where m[1] = any(${addresses}::text[]))
    order by at, id limit 500`.execute(db);
  return r.rows;
}

/**
 * The files the customer sent with the ticket (portal or e-mail) by name; documents staff linked stay internal — a
 * customer's file staff also linked here from another ticket (another customer's) is that ticket's, where it came first.
 */
export async function ticketFiles(db: RequestContext['db'], ticketId: string): Promise<{ id: string; name: string; size: number }[]> {
  const r = await sql<{ id: string; name: string; size: string }>`select d.id::text, f.name, f.size::text from ticket_documents l
    join documents d on d.id = l.document_id and d.deleted_at is null and d.from_customer join files f on f.id = d.file_id
    where l.ticket_id = ${ticketId}
      and not exists (select 1 from ticket_documents o where o.document_id = d.id and o.ticket_id <> l.ticket_id and o.linked_at < l.linked_at)
    order by d.created_at, d.id limit 100`.execute(db);
  return r.rows.map((x) => ({ id: x.id, name: x.name, size: Number(x.size) }));
}
