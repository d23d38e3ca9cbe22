import { sql } from 'kysely';
import { can, requirePermission, visibilityPredicate } from '../../engine/access/permissions.js';
import { writeAudit, writeAuditMany } from '../../engine/audit/audit.js';
import type { RequestContext } from '../../engine/context.js';
import type { ActionHandler, ModuleBehaviour } from '../../engine/registry/behaviour.js';
import { createRecord } from '../../engine/records/create.js';
import { findVisibleRow, getRecord } from '../../engine/records/get.js';
import { linkRelated } from '../../engine/records/related.js';
import { updateRecord } from '../../engine/records/update.js';
import { usableOwner } from '../../engine/records/usable-owner.js';
import { isVisible, lockForWrite, runWrite } from '../../engine/records/write-helpers.js';
import { AppError, type FieldErrors } from '../../platform/errors.js';

type Lead = Record<string, any>;
const pick = (lead: Lead, map: Record<string, string>) =>
  Object.fromEntries(Object.entries(map).filter(([, from]) => lead[from] !== null && lead[from] !== undefined && lead[from] !== '').map(([to, from]) => [to, lead[from]]));
const ADDRESS = ['street', 'po_box', 'city', 'region', 'postal_code', 'country'];

/**
 * `POST /records/leads/{id}/actions/convert {"account":{"create":true}|{"id"},"contact":true|false|{"id"},"deal":{…}|null}`:
 * the account (new from the company, or an existing one the user can see), the contact (new, or an existing one the
 * user can see — the lead's likely duplicate), optionally the deal (lead source, campaign and primary interest carried
 * over); the lead's activities, comments, e-mails and campaign memberships move to what it became and its documents are
 * linked to it too; the lead is marked converted and becomes read-only. One
 * transaction through the record pipeline: any failure leaves the lead as it was.
 */
export const convertLead: ActionHandler = async (ctx, id, rawBody) => {
  const body = (rawBody ?? {}) as { account?: { create?: boolean; id?: string }; contact?: boolean | { id?: unknown }; deal?: Record<string, unknown> | null };
  requirePermission(ctx, 'leads', 'edit');
  const errors: FieldErrors = {};
  if (!body.account || (body.account.create !== true && typeof body.account.id !== 'string')) errors.account = 'give {"create":true} or {"id":"…"}';
  if (body.deal !== undefined && body.deal !== null && typeof body.deal !== 'object') errors.deal = 'must be an object or null';
  if (body.contact !== undefined && typeof body.contact !== 'boolean' && (typeof body.contact !== 'object' || body.contact === null || typeof body.contact.id !== 'string')) errors.contact = 'give true, false or {"id":"…"}';
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Invalid conversion', errors);
  return runWrite(ctx, async (tx) => {
    const { data: lead } = await getRecord(tx, 'leads', id);
    // Converting changes the lead: only one the user may change (a lead shared read-only is 403, as its edit is).
    const locked = await lockForWrite(tx, tx.registry.module('leads'), id);
    if (locked.converted) throw new AppError('CONFLICT', 'This lead is already converted', { converted: 'already converted' });
    // What it becomes is the lead's owner's, or the converting user's when that owner has left.
    const owner = { assigned_to: await usableOwner(tx.db, [lead.assigned_to, tx.user.id]) };

    let accountId: string;
    let accountMine = true;
    if (body.account!.id) {
      // Only an account the user may see; an invisible one is reported like a missing one.
      try { accountId = (await getRecord(tx, 'accounts', body.account!.id)).data.id as string; } catch { throw new AppError('VALIDATION_FAILED', 'Invalid conversion', { 'account.id': 'not found' }); }
      // One shared read-only is named by the new records, and gets no links of its own.
      accountMine = await mayChange(tx, 'accounts', accountId);
    } else {
      accountId = (await createRecord(tx, 'accounts', {
        name: lead.company, ...owner,
        ...pick(lead, { phone: 'phone', fax: 'fax', email: 'email', website: 'website', industry: 'industry', annual_revenue: 'annual_revenue', employees: 'employees', description: 'description' }),
        ...pick(lead, Object.fromEntries(ADDRESS.map((a) => [`billing_${a}`, a]))),
      })).id as string;
    }
    const existing = typeof body.contact === 'object' ? body.contact.id as string : null;
    // Only a contact the user may change (the lead's activities and documents move to it); any other is reported as missing.
    if (existing && !(await mayChange(tx, 'contacts', existing))) throw new AppError('VALIDATION_FAILED', 'Invalid conversion', { 'contact.id': 'not found' });
    const contactId = existing ?? (body.contact === false ? null : (await createRecord(tx, 'contacts', {
      account_id: accountId, ...owner,
      ...pick(lead, { salutation: 'salutation', first_name: 'first_name', last_name: 'last_name', title: 'title', email: 'email', secondary_email: 'secondary_email', phone: 'phone', mobile: 'mobile', fax: 'fax', lead_source: 'lead_source', email_opt_out: 'email_opt_out' }),
      ...pick(lead, Object.fromEntries(ADDRESS.map((a) => [`mailing_${a}`, a]))),
    })).id as string);
    const dealId = body.deal ? (await createRecord(tx, 'deals', {
      name: lead.company, account_id: accountId, contact_id: contactId, ...owner,
      ...(await stillNamed(tx, 'deals', pick(lead, { lead_source: 'lead_source', campaign_id: 'campaign_id', marketing_event_id: 'marketing_event_id', interest_channel: 'interest_channel', interest_source_id: 'interest_source_id', interest_source_user_id: 'interest_source_user_id' }))),
      ...body.deal,
    })).id as string : null;

    // The lead's activities go to the contact, or to the account when there is none (they are the user's to move);
    // links (campaigns, documents) are made only on records the user made or may change.
    await moveActivities(tx, id, contactId ?? accountId);
    await moveCampaigns(tx, id, [...(contactId ? [{ module: 'contacts', id: contactId }] : []), ...(accountMine ? [{ module: 'accounts', id: accountId }] : [])]);
    const linkTo = contactId ? { module: 'contacts', id: contactId } : accountMine ? { module: 'accounts', id: accountId } : null;
    if (linkTo) await linkDocuments(tx, id, linkTo.module, linkTo.id);
    const changes = { converted: [false, true], converted_account_id: [null, accountId], converted_contact_id: [null, contactId], converted_deal_id: [null, dealId] } as const;
    await sql`update leads set converted = true, converted_account_id = ${accountId}, converted_contact_id = ${contactId}, converted_deal_id = ${dealId},
      version = version + 1, updated_at = now() where id = ${id}`.execute(tx.db);
    await writeAudit(tx.db, { module: 'leads', recordId: id, userId: tx.user.id, action: 'convert', changes: changes as unknown as Record<string, [unknown, unknown]> });
    return { status: 200, body: { account_id: accountId, contact_id: contactId, deal_id: dealId } };
  });
};

/**
 * Values carried over from the lead, without references to what is gone or hidden from the user since (a deleted
 * campaign, a module their profile does not show): those are left out rather than failing the conversion.
 */
async function stillNamed(ctx: RequestContext, module: string, values: Record<string, unknown>): Promise<Record<string, unknown>> {
  const m = ctx.registry.module(module);
  const out = { ...values };
  for (const [k, v] of Object.entries(values)) {
    const f = m.fieldMap.get(k);
    if (f?.type !== 'reference' || typeof v !== 'string') continue;
    let seen = false;
    for (const target of f.reference ?? []) {
      if (seen || !ctx.registry.has(target)) continue;
      seen = await getRecord(ctx, target, v).then(() => true, () => false);
    }
    if (!seen) delete out[k];
  }
  return out;
}

/** A live record the user may read and change (the engine's own checks: permission, visibility for reading and writing). */
async function mayChange(ctx: RequestContext, module: string, id: string): Promise<boolean> {
  const m = ctx.registry.module(module);
  if (!can(ctx, module, 'edit')) return false;
  try { await findVisibleRow(ctx, m, id, ['id']); } catch { return false; }
  return isVisible(ctx, m, id, 'write');
}

/**
 * Events, tasks, comments and e-mails about the lead now belong to what it became (through the pipeline). Only what
 * the user may change moves; the rest stays with the lead (still visible from it). A colleague's comment moves too, as
 * the conversion's own effect: its author alone may change what it says.
 */
async function moveActivities(ctx: RequestContext, leadId: string, to: string) {
  for (const module of ['events', 'tasks', 'comments', 'emails']) {
    if (!ctx.registry.has(module) || !can(ctx, module, 'edit')) continue;
    const vis = visibilityPredicate(ctx, module, 'write');
    const r = await sql<{ id: string; version: number }>`select t.id, t.version from ${sql.table(module)} t
      where t.related_to = ${leadId} and t.deleted_at is null ${vis ? sql`and ${vis}` : sql``}`.execute(ctx.db);
    for (const row of r.rows) {
      if (module === 'comments') await updateRecord(ctx, module, row.id, {}, undefined, { systemValues: { related_to: to } });
      else await updateRecord(ctx, module, row.id, { related_to: to });
    }
  }
}

/** Documents of the lead (those the user may read) are linked to what it became; the lead keeps its links as history. */
async function linkDocuments(ctx: RequestContext, leadId: string, module: string, to: string) {
  if (!ctx.registry.has('documents') || !can(ctx, 'documents', 'view')) return;
  const vis = visibilityPredicate(ctx, 'documents', 'read');
  const r = await sql<{ id: string }>`select t.id from lead_documents l join documents t on t.id = l.document_id
    where l.lead_id = ${leadId} and t.deleted_at is null ${vis ? sql`and ${vis}` : sql``}`.execute(ctx.db);
  for (const row of r.rows) await linkRelated(ctx, module, to, 'documents', { id: row.id });
}

/**
 * Campaign memberships of the lead (in live campaigns) carry over, with their status, to the contact and the account
 * it became — the conversion's own effect, whether or not the user's profile shows campaigns; each link audited.
 */
async function moveCampaigns(ctx: RequestContext, leadId: string, to: { module: string; id: string }[]) {
  const links = (await sql<{ campaign_id: string; status: string | null }>`select l.campaign_id::text, l.status from campaign_leads l
    join campaigns c on c.id = l.campaign_id and c.deleted_at is null where l.lead_id = ${leadId}`.execute(ctx.db)).rows;
  for (const target of links.length ? to : []) {
    const column = target.module === 'contacts' ? 'contact_id' : 'account_id';
    const made = await sql<{ campaign_id: string }>`insert into ${sql.table(`campaign_${target.module}`)} (campaign_id, ${sql.id(column)}, status)
      select x.c, ${target.id}::uuid, x.s from unnest(${links.map((l) => l.campaign_id)}::uuid[], ${links.map((l) => l.status)}::text[]) as x(c, s)
      on conflict (campaign_id, ${sql.id(column)}) do nothing returning campaign_id::text`.execute(ctx.db);
    await writeAuditMany(ctx.db, made.rows.map((link) => ({ module: target.module, recordId: target.id, userId: ctx.user.id, action: 'link', changes: { campaigns: [null, link.campaign_id] } })));
  }
  // The lead itself stays the campaign's member, now counted as converted.
  await sql`update campaign_leads set status = 'converted' where lead_id = ${leadId}`.execute(ctx.db);
}

/** A converted lead is kept for the record but no longer edited. */
export const leadBehaviour: ModuleBehaviour = {
  beforeWrite(_ctx, change) {
    if (change.action === 'create') change.values.converted = false;
    if (change.action === 'update' && change.before?.converted) throw new AppError('CONFLICT', 'A converted lead cannot be changed', { converted: 'the lead is converted' });
  },
  actions: { convert: convertLead },
};
