import { isUuid, pickText, validateFieldValue, type FieldDef } from '@karta/shared';
import { htmlToText, renderTemplate } from '../automation/template-render.js';
import { readCompany } from '../../admin/company-routes.js';
import type { RequestContext } from '../../engine/context.js';
import type { ActionHandler } from '../../engine/registry/behaviour.js';
import { createRecord } from '../../engine/records/create.js';
import { checkReferences } from '../../engine/records/check-refs.js';
import { validateInput } from '../../engine/records/validate-input.js';
import { fullModule } from '../../engine/access/field-view.js';
import { requirePermission } from '../../engine/access/permissions.js';
import { uuidv7 } from 'uuidv7';
import { getRecord } from '../../engine/records/get.js';
import { readableFile } from '../../engine/records/file-access.js';
import type { FileStorage } from '../../platform/storage.js';
import { AppError, type FieldErrors } from '../../platform/errors.js';
import { sendMail, senderAddress } from '../../platform/mail.js';
import { DOCUMENT_MODULES } from '../line-items/behaviour.js';
import { chooseTemplate, printRecords } from '../print/print-render.js';
import { msg, translated, type Msg } from '../../platform/messages/say.js';

export interface RenderedPdf { filename: string; content: Buffer }
/** Modules that can print themselves, with their PDF renderer: the module's default print template (tests may add their own). */
export const pdfRenderers: Record<string, (ctx: RequestContext, id: string) => Promise<RenderedPdf>> = Object.fromEntries(
  DOCUMENT_MODULES.map((m) => [m, async (ctx: RequestContext, id: string) => printRecords(ctx, await chooseTemplate(ctx, m), m, [id])]),
);

const EMAIL: FieldDef = { name: 'email', type: 'email', label: { en: 'E-mail', ru: 'E-mail', uk: 'E-mail', zh: 'E-mail' } };

/** Recipients as given (one address or a list, at most 50), each checked as an e-mail address; problems in `errors`. */
export function addresses(raw: unknown, key: string, errors: FieldErrors, ctx: RequestContext): string[] {
  if (raw === undefined || raw === null) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length > 50) errors[key] = 'at most 50 addresses';
  return list.map((a, i) => {
    const r = validateFieldValue({ ...EMAIL, required: true }, a, ctx.lang);
    if (!r.ok) errors[`${key}[${i}]`] = translated(r.message);
    return r.ok ? String(r.value) : '';
  });
}

/** Where uploaded files are read from (set when the application's file routes are built). */
export const fileStore: { current?: FileStorage } = {};
/** A template's documents attached to one e-mail, at most this many bytes together. */
const MAX_ATTACHED_BYTES = 20 * 1024 * 1024;

/**
 * The files of documents the sender may read, bounded in size. A template's documents the sender may not read, or
 * past the bound, are left out; documents the sender chose (`strict`) are refused instead — never dropped unsaid.
 */
async function documentFiles(ctx: RequestContext, ids: unknown, strict = false): Promise<{ filename: string; content: Buffer; contentType: string }[]> {
  const out: { filename: string; content: Buffer; contentType: string }[] = [];
  const refuse = (why: Msg) => new AppError('VALIDATION_FAILED', 'The e-mail is not valid', { attachments: why });
  let total = 0;
  for (const id of Array.isArray(ids) ? ids.slice(0, 10) : []) {
    const doc = await readable(ctx, 'documents', String(id));
    const file = typeof doc?.file_id === 'string' ? await readableFile(ctx, doc.file_id) : null;
    if (!file || !fileStore.current) {
      if (strict) throw refuse(msg('{title} has no file you may attach', { title: typeof doc?.title === 'string' ? doc.title : String(id) }));
      continue;
    }
    // A file past the bound is left out, not counted: a smaller one after it may still fit.
    if (total + Number(file.size) > MAX_ATTACHED_BYTES) {
      if (strict) throw refuse(msg('at most {n} MB together', { n: MAX_ATTACHED_BYTES / 1024 / 1024 }));
      continue;
    }
    total += Number(file.size);
    const chunks: Buffer[] = [];
    for await (const c of fileStore.current.read(file.storage_key)) chunks.push(c as Buffer);
    out.push({ filename: file.name, content: Buffer.concat(chunks), contentType: file.mime });
  }
  return out;
}

/** A template rendered for the record in the recipient's language (the one asked for, else the sender's). */
async function fromTemplate(ctx: RequestContext, templateId: string, module: string, id: string, language: unknown) {
  const template = (await getRecord(ctx, 'email_templates', templateId)).data;
  const r = await renderTemplate(ctx, template, { module, id }, typeof language === 'string' ? language : undefined);
  return { ...r, attachPdf: template.attach_pdf === true, documents: await documentFiles(ctx, template.document_ids) };
}

/**
 * `POST /records/{module}/{id}/actions/send_email {"to","cc","subject","body"|"template_id","language","attach_pdf"}` {"to","cc","subject","body","attach_pdf"}`: sends the
 * record by e-mail through SMTP (recipients default to the record's contact) and keeps the message as an
 * `emails` record linked to the record, its account and its contact.
 */
export const sendEmailAction: ActionHandler = (ctx, id, rawBody, module) => deliverRecordEmail(ctx, module, id, rawBody);

/** How a message continues a thread (a ticket's replies): its subject, and the messages it answers. */
export interface Thread { subject(subject: string): string; inReplyTo?: string; references?: string[] }

/** Sends a record by e-mail (the body of `send_email`: to, cc, subject, body or template, attachments) and keeps it on the record. */
export async function deliverRecordEmail(ctx: RequestContext, module: string, id: string, rawBody: unknown, thread?: Thread): Promise<{ status: number; body: { data: Record<string, unknown> } }> {
  const { data: record } = await getRecord(ctx, module, id);
  // Kept as an e-mail record: checked before anything is sent, so no mail goes out that cannot be recorded.
  requirePermission(ctx, 'emails', 'create');
  const body = (rawBody ?? {}) as Record<string, unknown>;
  if (typeof body !== 'object' || Array.isArray(body)) throw new AppError('VALIDATION_FAILED', 'The body must be an object');
  const errors: FieldErrors = {};
  // The record's contact and account, when the sender may see them (an e-mail is linked only to what its sender sees).
  const contact = await readable(ctx, 'contacts', typeof record.contact_id === 'string' ? record.contact_id : module === 'contacts' ? id : null);
  const contactId = contact ? String(contact.id) : null;
  let to = addresses(body.to, 'to', errors, ctx);
  if (!to.length && body.to === undefined && contact && typeof contact.email === 'string' && contact.email) to = [contact.email];
  if (!to.length && !errors.to) errors.to = 'needs at least one recipient';
  const cc = addresses(body.cc, 'cc', errors, ctx);
  const m = ctx.registry.module(module);
  const explicitSubject = typeof body.subject === 'string' && body.subject.trim() ? body.subject.trim() : undefined;
  const subject = explicitSubject ?? `${pickText(m.label.one, ctx.lang)} ${record.number}`;
  if (subject.length > 255) errors.subject = 'at most 255 characters';
  if (body.body !== undefined && typeof body.body !== 'string') errors.body = 'must be text';
  if (body.attach_pdf !== undefined && typeof body.attach_pdf !== 'boolean') errors.attach_pdf = 'must be true or false';
  if (body.template_id !== undefined && (typeof body.template_id !== 'string' || !isUuid(body.template_id))) errors.template_id = 'must be a template id';
  if (body.attachments !== undefined && (!Array.isArray(body.attachments) || body.attachments.length > 10 || body.attachments.some((x) => typeof x !== 'string' || !isUuid(x)))) {
    errors.attachments = 'must be a list of at most 10 document ids';
  }
  const rendered = typeof body.template_id === 'string' && !errors.template_id ? await fromTemplate(ctx, body.template_id, module, id, body.language) : null;
  const attachPdf = body.attach_pdf === true || (body.attach_pdf === undefined && rendered?.attachPdf === true);
  if (attachPdf && !pdfRenderers[module]) errors.attach_pdf = msg('{module} has no PDF form', { module });
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'The e-mail is not valid', errors);

  const pdf = attachPdf ? await pdfRenderers[module](ctx, id) : null;
  const company = await readCompany(ctx.db);
  const from = senderAddress(company.email);
  const text = rendered ? htmlToText(rendered.html) : typeof body.body === 'string' ? body.body.replace(/\u0000/g, '') : '';
  const accountId = (await readable(ctx, 'accounts', typeof record.account_id === 'string' ? record.account_id : module === 'accounts' ? id : null))?.id as string | undefined ?? null;
  const chosenSubject = (explicitSubject ?? rendered?.subject ?? subject).replace(/\u0000/g, '');
  const finalSubject = thread ? thread.subject(chosenSubject) : chosenSubject;
  const messageId = `<${uuidv7()}@karta>`;
  const attached = Array.isArray(body.attachments) ? await documentFiles(ctx, body.attachments, true) : [];
  const files = [...(pdf ? [{ filename: pdf.filename, content: pdf.content, contentType: 'application/pdf' }] : []), ...(rendered?.documents ?? []), ...attached];
  if (files.reduce((n, f) => n + f.content.length, 0) > MAX_MESSAGE_BYTES) throw new AppError('VALIDATION_FAILED', 'The e-mail is not valid', { attachments: msg('at most {n} MB together', { n: MAX_MESSAGE_BYTES / 1024 / 1024 }) });
  // Only what this message has (no empty cc, no reply-to): a field the sender's profile keeps read-only is then
  // refused only when the message uses it.
  const kept = {
    subject: finalSubject, body: text, from_address: from, to_addresses: to.join(', '), ...(cc.length ? { cc_addresses: cc.join(', ') } : {}),
    related_to: id, ...(accountId ? { account_id: accountId } : {}), ...(contactId ? { contact_id: contactId } : {}), status: 'sent', sent_at: new Date().toISOString(),
    ...(files.length ? { attachments: files.map((f) => f.filename).join(', ').slice(0, 2000) } : {}),
    message_id: messageId, ...(thread?.inReplyTo ? { in_reply_to: thread.inReplyTo } : {}),
    // Sent by a workflow (as its owner): kept with the record's owner, who reads the record's timeline.
    ...(ctx.automationDepth !== undefined && record.assigned_to ? { assigned_to: record.assigned_to } : {}),
  };
  await checkKeepable(ctx, kept);
  // Sent, outside any transaction of the request (a slow mail server must not hold a database connection), then
  // kept. In a workflow's job it runs inside the job's transaction: a failure to keep it retries the send too.
  await sendMail({ from, to, cc, subject: finalSubject, text, html: rendered?.html, messageId, inReplyTo: thread?.inReplyTo, references: thread?.references, attachments: files });
  const email = await createRecord(ctx, 'emails', kept);
  return { status: 201, body: { data: email } };
}

/** One message's attachments (the PDF, a template's documents and those chosen) together at most this many bytes. */
const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

/** A record the caller may read, or null (missing, invisible, or of a module their profile may not view). */
async function readable(ctx: RequestContext, module: string, id: string | null): Promise<Record<string, unknown> | null> {
  if (!id || !ctx.registry.has(module)) return null;
  return getRecord(ctx, module, id).then((r) => r.data, () => null);
}

/** Where the kept record's fields come from in the request: a problem is reported at what the sender wrote. */
const SENT_AS: Record<string, string> = { to_addresses: 'to', cc_addresses: 'cc', subject: 'subject', body: 'body', attachments: 'attachments' };

/**
 * The e-mail's record checked as createRecord will check it — the sender's view of the module (their profile's field
 * rules), then the references — before the mail goes.
 */
async function checkKeepable(ctx: RequestContext, values: Record<string, unknown>): Promise<void> {
  const m = fullModule(ctx.registry, 'emails');
  try {
    await checkReferences(ctx, m, validateInput(ctx.registry.module('emails'), values, ctx.lang, 'create', m, ctx.user.timeZone));
  } catch (err) {
    if (!(err instanceof AppError) || !err.fields) throw err;
    throw new AppError(err.code, err.said, Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [SENT_AS[k] ?? k, v])));
  }
}
