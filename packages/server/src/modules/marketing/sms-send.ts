/**
 * `POST /api/v1/sms`: one SMS, to a number in E.164 (read in the company's region), optionally about a record the
 * sender may read. A number that opted out (a contact's "do not call", the suppression list) is refused.
 */
import { sql } from 'kysely';
import { EMAIL_TARGETS, isUuid } from '@karta/shared';
import type { RequestContext } from '../../engine/context.js';
import { getRecord } from '../../engine/records/get.js';
import { readCompany } from '../../admin/company-routes.js';
import { AppError } from '../../platform/errors.js';
import { can } from '../../engine/access/permissions.js';
import { numberOptedOut, sendSms } from '../automation/sms.js';
import { phoneRegion, toE164 } from '../../platform/phone.js';

const MAX_SMS = 1000;

/** The module of a record id among those an SMS may be about, if the caller may read it. */
async function findRecord(ctx: RequestContext, id: string): Promise<{ module: string; data: Record<string, unknown> } | null> {
  if (!isUuid(id)) return null;
  for (const module of EMAIL_TARGETS) {
    const hit = await sql`select 1 from ${sql.table(module)} where id = ${id} and deleted_at is null`.execute(ctx.db);
    if (hit.rows.length) return { module, data: (await getRecord(ctx, module, id)).data };
  }
  return null;
}

/** A record the caller may read, or 404. */
export async function findReadable(ctx: RequestContext, id: string): Promise<{ module: string; data: Record<string, unknown> }> {
  const found = await findRecord(ctx, id);
  if (!found) throw new AppError('NOT_FOUND', 'Record not found');
  return found;
}

export async function sendSmsFromRecord(ctx: RequestContext, body: Record<string, unknown>): Promise<{ id: number; to: string; state: string; error: string | null; provider: string }> {
  // Texting people is work on customers: for whom may see contacts, leads or accounts, not for any signed-in user.
  if (!['contacts', 'leads', 'accounts'].some((m) => ctx.registry.has(m) && can(ctx, m, 'view'))) throw new AppError('FORBIDDEN', 'You may not send SMS');
  const text = typeof body.text === 'string' ? body.text.trim() : '';
  if (!text || text.length > MAX_SMS) throw new AppError('VALIDATION_FAILED', 'The SMS is not valid', { text: text ? 'is too long' : 'is required' });
  const to = toE164(body.to, phoneRegion((await readCompany(ctx.db)).country));
  if (!to) throw new AppError('VALIDATION_FAILED', 'The SMS is not valid', { to: 'must be a phone number' });
  let record: { module: string; data: Record<string, unknown> } | null = null;
  if (body.related_to !== undefined && body.related_to !== null) {
    if (!isUuid(body.related_to)) throw new AppError('VALIDATION_FAILED', 'The SMS is not valid', { related_to: 'must be a record id' });
    record = await findReadable(ctx, body.related_to);
  }
  if (await numberOptedOut(ctx.db, to, record?.module === 'contacts' ? String(record.data.id) : null)) throw new AppError('CONFLICT', 'This number has asked not to be contacted');
  const sent = await sendSms(ctx.db, { to, text, module: record?.module, recordId: record ? String(record.data.id) : undefined, userId: ctx.user.id });
  return { id: sent.id, to, state: sent.error ? 'failed' : 'sent', error: sent.error, provider: sent.provider };
}
