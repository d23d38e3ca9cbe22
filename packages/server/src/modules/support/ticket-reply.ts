/**
 * `POST /records/tickets/{id}/actions/reply {"body"|"template_id", "attachments"?, "to"?, "cc"?}` — the answer goes to
 * the ticket's contact by SMTP with `[TT123]` in the subject, threaded under the ticket's earlier mail
 * (`In-Reply-To`, `References`), is kept on the ticket's timeline, and marks the ticket answered: the first
 * response time, and "wait for response" unless it is closed. Comments on the ticket are never mailed.
 */
import { sql } from 'kysely';
import type { ActionHandler } from '../../engine/registry/behaviour.js';
import { requirePermission } from '../../engine/access/permissions.js';
import { getRecord } from '../../engine/records/get.js';
import { updateRecord } from '../../engine/records/update.js';
import { lockForWrite } from '../../engine/records/write-helpers.js';
import { AppError } from '../../platform/errors.js';
import { deliverRecordEmail } from '../emails/send-email.js';
import { refuseIfPending } from '../automation/approvals.js';

/** At most this many earlier messages are named in `References`. */
const MAX_REFERENCES = 20;

export const replyAction: ActionHandler = async (ctx, id, rawBody) => {
  await getRecord(ctx, 'tickets', id);
  // Answering changes the ticket: checked before anything is sent, so no mail goes out that cannot be recorded.
  requirePermission(ctx, 'tickets', 'edit');
  await lockForWrite(ctx, ctx.registry.module('tickets'), id); // this ticket too, not only tickets: 403 when read-only
  // Read under the lock: a colleague's reply a moment ago is the first response, and its status is the one to follow.
  const { data: ticket } = await getRecord(ctx, 'tickets', id);
  await refuseIfPending(ctx, id); // and not waiting for approval (423), or the mail would go and its record fail
  const body = (rawBody ?? {}) as Record<string, unknown>;
  if (typeof body !== 'object' || Array.isArray(body)) throw new AppError('VALIDATION_FAILED', 'The body must be an object');
  if (!(typeof body.body === 'string' && body.body.trim()) && typeof body.template_id !== 'string') {
    throw new AppError('VALIDATION_FAILED', 'A reply needs a body or a template', { body: 'is required' });
  }
  // A ticket that came by mail from someone not (yet) a contact is answered at the address it came from.
  if (body.to === undefined && typeof ticket.contact_id !== 'string' && typeof ticket.requester_email === 'string') body.to = [ticket.requester_email];
  if (body.to === undefined && typeof ticket.contact_id !== 'string') {
    throw new AppError('VALIDATION_FAILED', 'The ticket has no contact with an e-mail address: give "to"', { to: 'is required' });
  }
  const earlier = await sql<{ message_id: string }>`select message_id from emails
    where related_to = ${id} and message_id is not null and deleted_at is null order by coalesce(sent_at, created_at) desc, id desc limit ${MAX_REFERENCES}`.execute(ctx.db);
  const references = earlier.rows.map((r) => r.message_id).reverse();
  const tag = `[${String(ticket.number)}]`;
  const sent = await deliverRecordEmail(ctx, 'tickets', id, { ...body, subject: typeof body.subject === 'string' && body.subject.trim() ? body.subject : body.template_id ? undefined : String(ticket.title ?? '').slice(0, 255 - tag.length - 1) }, {
    subject: (s) => (s.includes(tag) ? s : `${tag} ${s}`).slice(0, 255),
    inReplyTo: references[references.length - 1], references,
  });
  const answered = ticket.status === 'open' || ticket.status === 'in_progress';
  // The status follows the reply (a system effect, so a profile that locks the status does not stop the reply).
  await updateRecord(ctx, 'tickets', id, {}, undefined, { systemValues: {
    ...(answered ? { status: 'wait_for_response' } : {}), ...(ticket.first_response_at ? {} : { first_response_at: new Date().toISOString() }),
  } });
  return sent;
};
