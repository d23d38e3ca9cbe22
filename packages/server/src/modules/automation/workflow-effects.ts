/**
 * The outside effects of workflow actions, each a job of its own keyed by run and action: an e-mail from a
 * template (through the one send_email path, so it is kept on the record's timeline) and an SMS through the
 * configured provider. A failure is retried by the queue with a growing delay.
 */
import { isEmail } from '@karta/shared';
import { sql } from 'kysely';
import type { AppContext } from '../../app-context.js';
import type { RequestContext } from '../../engine/context.js';
import { getRecord } from '../../engine/records/get.js';
import type { JobHandler } from '../../platform/jobs.js';
import type { Tx } from '../../platform/db.js';
import { sendEmailAction } from '../emails/send-email.js';
import { guardAction } from './approvals.js';
import { ownerContext, people, readsRecord } from './workflow-actions.js';
import { publishAfter } from './workflow-run.js';
import { numberOptedOut, sendSms } from './sms.js';
import { readCompany } from '../../admin/company-routes.js';
import { phoneRegion, toE164 } from '../../platform/phone.js';

const guardedSend = guardAction('send_email', sendEmailAction);

/**
 * Addresses (or numbers) a `to` names: owner, manager, `role:<id>`, a user id — their e-mail or phone —, a field of
 * the record (its value, or the e-mail / phone of the contact, lead or account it references), or a literal one.
 */
async function recipients(app: AppContext, trx: Tx, ctx: RequestContext, module: string, record: Record<string, unknown>, to: unknown, kind: 'email' | 'phone'): Promise<string[]> {
  const out = new Set<string>();
  for (const spec of (Array.isArray(to) ? to : [to]).map(String)) {
    if (/^(owner|manager|(role|group):.+|[0-9a-f-]{36})$/i.test(spec)) {
      for (const id of await people(trx, spec, record)) {
        // A colleague named by role or group gets the record's mail only if they may read the record (as notify does).
        if (!(await readsRecord(app, trx, id, module, String(record.id)))) continue;
        const r = await sql<{ email: string | null }>`select email from users where id = ${id}`.execute(trx);
        if (kind === 'email' && r.rows[0]?.email) out.add(r.rows[0].email);
      }
      continue;
    }
    const f = ctx.registry.module(module).fieldMap.get(spec);
    if (!f) { out.add(spec); continue; }
    const v = record[spec];
    if (typeof v !== 'string' || !v) continue;
    if (f.type === 'reference') {
      for (const target of f.reference ?? []) {
        try {
          const ref = (await getRecord(ctx, target, v)).data;
          const value = kind === 'email' ? ref.email : ref.mobile ?? ref.phone;
          if (typeof value === 'string' && value) { out.add(value); break; }
        } catch { /* another module, or not visible */ }
      }
    } else out.add(v);
  }
  return [...out].filter((a) => (kind === 'email' ? isEmail(a) : /^\+?[0-9 ()-]{5,20}$/.test(a)));
}

function onEmail(app: AppContext): JobHandler {
  return async (trx, p) => {
    const owner = await ownerContext(app, trx, String(p.owner), Number(p.depth ?? 1) - 1);
    // {{today}} on the run's clock; jobs queued before the zone was carried: the owner's.
    const ctx = typeof p.zone === 'string' ? { ...owner, user: { ...owner.user, timeZone: p.zone } } : owner;
    const record = (await getRecord(ctx, String(p.module), String(p.id))).data;
    const to = await recipients(app, trx, ctx, String(p.module), record, p.to, 'email');
    if (!to.length) return; // no one to write to: nothing to retry
    // Through the approval guard, as a person's send is: a process may hold e-mails back until it is approved.
    await guardedSend(ctx, String(p.id), { to, template_id: p.template_id, ...(typeof p.language === 'string' ? { language: p.language } : {}) }, String(p.module));
    return publishAfter([ctx]);
  };
}

function onSms(app: AppContext): JobHandler {
  return async (trx, p) => {
    const ctx = await ownerContext(app, trx, String(p.owner), Number(p.depth ?? 1) - 1);
    const record = (await getRecord(ctx, String(p.module), String(p.id))).data;
    const country = (await readCompany(trx)).country;
    const numbers: string[] = [];
    for (const number of await recipients(app, trx, ctx, String(p.module), record, p.to, 'phone')) {
      // A number that asked not to be contacted (the suppression list, a contact's "do not call") is passed over.
      if (!(await numberOptedOut(trx, toE164(number, phoneRegion(country)) ?? number, p.module === 'contacts' ? String(p.id) : null))) numbers.push(number);
    }
    // Sent once the job has committed, outside its transaction: a slow gateway holds no connection (on PGlite, the
    // only one), and a job retried after a failure cannot text anyone twice.
    return async () => {
      for (const number of numbers) {
        await sendSms(app.database.db, { to: number, text: String(p.text), module: String(p.module), recordId: String(p.id), userId: ctx.user.id });
      }
    };
  };
}

export function workflowEffectJobs(app: AppContext): Record<string, JobHandler> {
  return { workflow_email: onEmail(app), workflow_sms: onSms(app) };
}
