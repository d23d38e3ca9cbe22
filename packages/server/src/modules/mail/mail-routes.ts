/**
 * A user's own mail: `GET /mail` (their messages, newest first), `GET /mail/{id}`, `POST /mail/{id}/create`
 * `{"module":"leads|tickets|tasks"}` (a record from the message, through the record pipeline) and `POST /mail/send`
 * `{"to","subject"?,"body"|"template_id","reply_to"?}` (a reply or a new message). Only the owner reaches a message:
 * anyone else gets 404. A reply to mail linked to a record goes out as that record's e-mail (templates, timeline).
 */
import { can } from '../../engine/access/permissions.js';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { isUuid } from '@karta/shared';
import type { RequestContext } from '../../engine/context.js';
import { createRecord } from '../../engine/records/create.js';
import { AppError, type FieldErrors } from '../../platform/errors.js';
import { sendMail, senderAddress } from '../../platform/mail.js';
import { readCompany } from '../../admin/company-routes.js';
import { addresses, deliverRecordEmail } from '../emails/send-email.js';
import { senderName } from '../support/mail-rules.js';
import { any, arr, dataOf, dateTime, doc, enumOf, int, nullable, obj, str } from '../../engine/http/openapi/schema.js';
import { linkedRecord } from './personal-ingest.js';
import { todayOf } from '../../platform/time-zone.js';

interface MailRow {
  id: string; direction: string; from_address: string; from_name: string | null; to_addresses: string; cc_addresses: string;
  subject: string; body: string; sent_at: string; message_id: string | null; linked_module: string | null; linked_id: string | null; email_id: string | null;
}

async function ownMail(ctx: RequestContext, id: string): Promise<MailRow> {
  if (!isUuid(id)) throw new AppError('NOT_FOUND', 'Record not found');
  const r = await sql<MailRow>`select id::text, direction, from_address, from_name, to_addresses, cc_addresses, subject, body, sent_at, message_id,
    linked_module, linked_id::text, email_id::text from personal_mail where id = ${id} and user_id = ${ctx.user.id}`.execute(ctx.db);
  if (!r.rows[0]) throw new AppError('NOT_FOUND', 'Record not found');
  return r.rows[0];
}

/** What a new record takes from a message. */
function recordFrom(module: string, m: MailRow, contactId: string | null, zone?: string): Record<string, unknown> {
  const subject = m.subject.trim() || m.from_address;
  if (module === 'leads') {
    const [first, last] = senderName(m.from_name ?? undefined, m.from_address);
    // A lead needs a company: the sender's mail domain until someone knows better.
    return { first_name: first, last_name: last, email: m.from_address, company: m.from_address.split('@')[1] ?? m.from_address, description: m.body.slice(0, 60_000) };
  }
  if (module === 'tickets') return { title: subject.slice(0, 500), description: m.body.slice(0, 60_000), channel: 'email', requester_email: m.from_address, contact_id: contactId };
  // A task from a mail is due tomorrow unless someone moves it.
  const due = todayOf(zone, Date.now() + 86_400_000); // tomorrow on the user's clock
  return { subject: subject.slice(0, 255), due_date: due, description: m.body.slice(0, 60_000), ...(contactId ? { related_to: contactId } : {}) };
}

const ITEM = { id: str(), direction: enumOf(['in', 'out']), from_address: str(), from_name: nullable(str()), to_addresses: str(), subject: str(), sent_at: dateTime(), linked_module: nullable(str()), linked_id: nullable(str()) };
const FULL = obj({ ...ITEM, cc_addresses: str(), body: str(), message_id: nullable(str()), email_id: nullable(str()) });

export async function mailRoutes(api: FastifyInstance): Promise<void> {
  api.get<{ Querystring: { before?: string; limit?: string } }>('/mail', doc({ tags: ['mail'], summary: 'My mail, newest first (only the caller\'s own)', querystring: obj({ before: str(), limit: int() }), response: { 200: obj({ data: arr(obj(ITEM)), next_before: nullable(str()) }, ['data']) } }), async (req) => {
    const limit = Math.min(100, Math.max(1, Number(req.query.limit ?? 50) || 50));
    const before = req.query.before && !Number.isNaN(Date.parse(req.query.before)) ? req.query.before : '9999-12-31';
    const r = await sql<MailRow>`select id::text, direction, from_address, from_name, to_addresses, subject, sent_at, linked_module, linked_id::text
      from personal_mail where user_id = ${req.ctx.user.id} and sent_at < ${before}::timestamptz order by sent_at desc, id desc limit ${limit}`.execute(req.ctx.db);
    return { data: r.rows, next_before: r.rows.length === limit ? r.rows[r.rows.length - 1].sent_at : null };
  });

  api.get<{ Params: { id: string } }>('/mail/:id', doc({ tags: ['mail'], summary: 'One of my messages', response: { 200: dataOf(FULL) } }), async (req) => ({ data: await ownMail(req.ctx, req.params.id) }));

  api.post<{ Params: { id: string } }>('/mail/:id/create', doc({ tags: ['mail'], summary: 'A lead, ticket or task from one of my messages', body: obj({ module: enumOf(['leads', 'tickets', 'tasks']) }, ['module']), response: { 201: dataOf(obj({ module: str(), id: str() })) } }), async (req, reply) => {
    const m = await ownMail(req.ctx, req.params.id);
    const module = (req.body as Record<string, unknown> | null)?.module;
    if (module !== 'leads' && module !== 'tickets' && module !== 'tasks') throw new AppError('VALIDATION_FAILED', 'Check the highlighted fields', { module: 'must be one of leads, tickets, tasks' });
    const contactId = m.linked_module === 'contacts' ? m.linked_id : null;
    const created = await createRecord(req.ctx, module, recordFrom(module, m, contactId, req.ctx.user.timeZone));
    reply.code(201);
    return { data: { module, id: created.id } };
  });

  api.post('/mail/send', doc({ tags: ['mail'], summary: 'Send a reply or a new message (as a known record\'s e-mail when it is to one)', body: obj({ to: any(), subject: str(), body: str(), template_id: str(), reply_to: str() }), response: { 201: any() } }), async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const original = typeof body.reply_to === 'string' ? await ownMail(req.ctx, body.reply_to) : null;
    const errors: FieldErrors = {};
    // Checked as a record's e-mail checks them: addresses only, at most 50.
    const to = addresses(body.to ?? (original ? [original.from_address] : undefined), 'to', errors, req.ctx);
    if (!to.length && !errors.to) errors.to = 'needs at least one recipient';
    if (typeof body.subject === 'string' && body.subject.trim().length > 255) errors.subject = 'at most 255 characters';
    if (!(typeof body.body === 'string' && body.body.trim()) && typeof body.template_id !== 'string') errors.body = 'is required';
    if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Check the highlighted fields', errors);
    const subject = typeof body.subject === 'string' && body.subject.trim() ? body.subject.trim() : original ? `Re: ${original.subject.replace(/^re:\s*/i, '')}` : '';
    const thread = original?.message_id ? { subject: (s: string) => s, inReplyTo: original.message_id, references: [original.message_id] } : undefined;
    // Mail to someone Karta knows goes out as that record's e-mail: templates fill from it, its timeline keeps it.
    const linked = original?.linked_module && original.linked_id ? { module: original.linked_module, id: original.linked_id } : await linkedRecord(req.ctx, to.map((a) => a.toLowerCase()));
    // (Kept as the record's e-mail only by who may keep e-mails; anyone else's goes out as plain mail.)
    if (linked && can(req.ctx, 'emails', 'create')) {
      // A template's own subject wins unless one was typed.
      const explicit = typeof body.subject === 'string' && body.subject.trim() ? body.subject.trim() : undefined;
      const sent = await deliverRecordEmail(req.ctx, linked.module, linked.id, { ...body, to, subject: typeof body.template_id === 'string' ? explicit : subject || undefined }, thread);
      reply.code(sent.status ?? 201);
      return sent.body;
    }
    if (typeof body.body !== 'string' || !body.body.trim()) throw new AppError('VALIDATION_FAILED', 'Check the highlighted fields', { template_id: 'needs a recipient Karta knows' });
    const from = senderAddress((await readCompany(req.ctx.db)).email);
    const sent = await sendMail({ from, to, subject: (subject || '—').slice(0, 255), text: body.body, ...(thread ? { inReplyTo: thread.inReplyTo, references: thread.references } : {}) });
    reply.code(201);
    return { data: { message_id: sent.messageId, to } };
  });
}
