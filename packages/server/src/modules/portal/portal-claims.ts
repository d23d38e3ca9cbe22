/**
 * Claims in the customer portal (SPEC 3.5, "submit claims"): the customer lists the claims made for them as a contact —
 * with the status and the decision; not their colleagues' and not the follow-ups a low survey score opened inside the
 * company — and submits a new one, optionally about one of their invoices. A claim is written through the record
 * pipeline as the portal's staff actor, named on the contact (and account), owned by the contact's owner.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { isUuid, pickText, type Lang } from '@karta/shared';
import type { AppContext } from '../../app-context.js';
import type { DB } from '../../platform/db.js';
import { createRecord } from '../../engine/records/create.js';
import { runWrite } from '../../engine/records/write-helpers.js';
import { AppError, type FieldErrors } from '../../platform/errors.js';
import { msg } from '../../platform/messages/say.js';
import type { PortalUser } from './portal-session.js';
import { contactOwner, documentScope, ownScope, portalActor, portalText as text } from './portal-records.js';

/** A picklist of claims as value → label in the customer's language. */
/** A claim the company opens itself after a low survey score: not a reason a customer gives (their list hides such claims). */
const INTERNAL_REASONS = ['survey'];

function options(app: AppContext, field: string, lang: Lang): { value: string; label: string }[] {
  return (app.meta.registry.module('claims').fieldMap.get(field)?.options ?? [])
    .filter((o) => field !== 'reason' || !INTERNAL_REASONS.includes(o.value)).map((o) => ({ value: o.value, label: pickText(o.label, lang) }));
}

/** One of the customer's own invoices (not a draft), or a 400 at `related_to`. */
async function customerInvoice(db: DB, u: PortalUser, id: unknown, errors: FieldErrors): Promise<string | null> {
  if (id === undefined || id === null || id === '') return null;
  const found = isUuid(id) && (await sql`select 1 from invoices d where d.id = ${id} and ${documentScope(u)}`.execute(db)).rows.length > 0;
  if (!found) errors.related_to = 'not found';
  return found ? (id as string) : null;
}

export function portalClaimRoutes(p: FastifyInstance, app: AppContext): void {
  const db = app.database.db;
  p.get('/portal/api/claims', async (req) => {
    const u = req.portal!.user;
    const lang = u.language as Lang;
    const r = await sql<Record<string, unknown>>`select c.id::text, c.number, c.subject, c.claim_type, c.reason, c.status, c.decision,
        c.related_to::text, c.created_at, c.updated_at
      from claims c where c.deleted_at is null and ${ownScope(u, 'c')} and coalesce(c.reason, '') <> all(${INTERNAL_REASONS}::text[])
      order by c.updated_at desc, c.id desc limit 500`.execute(db);
    const statuses = new Map(options(app, 'status', lang).map((o) => [o.value, o.label]));
    return {
      data: r.rows.map((c) => ({ ...c, status_label: statuses.get(String(c.status)) ?? c.status })),
      claim_types: options(app, 'claim_type', lang), reasons: options(app, 'reason', lang),
    };
  });

  p.post('/portal/api/claims', async (req, reply) => {
    const u = req.portal!.user;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const errors: FieldErrors = {};
    const subject = text(body.subject, 500);
    if (!subject) errors.subject = 'is required';
    if (typeof body.reason === 'string' && INTERNAL_REASONS.includes(body.reason)) {
      errors.reason = msg('must be one of {values}', { values: options(app, 'reason', u.language as Lang).map((o) => o.label).join(', ') });
    }
    const relatedTo = await customerInvoice(db, u, body.related_to, errors);
    if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Check the highlighted fields', errors);
    const actor = await portalActor(app, u);
    const owner = await contactOwner(db, u);
    // The pipeline checks the type and the reason against their picklists (400 at the field, in the customer's language).
    const claim = await runWrite(actor, (tctx) => createRecord(tctx, 'claims', {
      subject, description: text(body.description, 60_000) || null, contact_id: u.contact_id, account_id: u.account_id,
      received_at: new Date().toISOString(), related_to: relatedTo,
      ...(body.claim_type !== undefined ? { claim_type: body.claim_type } : {}), ...(body.reason ? { reason: body.reason } : {}),
      ...(owner ? { assigned_to: owner } : {}),
    }));
    reply.code(201);
    return { data: { id: claim.id, number: claim.number } };
  });
}
