/**
 * `POST /records/contacts/{id}/actions/invite_to_portal {"language"?}` — staff open the portal to a contact: the
 * contact becomes a portal user (their e-mail is the login), and gets an e-mail with a one-time link to set a password,
 * valid 72 hours; a new invitation replaces the old link. Switching `is_portal_user` off on the contact closes the
 * portal to them at once (their sessions end).
 */
import { sql } from 'kysely';
import { isLang, type Lang } from '@karta/shared';
import { uuidv7 } from 'uuidv7';
import { readCompany } from '../../admin/company-routes.js';
import { requirePermission } from '../../engine/access/permissions.js';
import { writeAudit } from '../../engine/audit/audit.js';
import type { ActionHandler, ModuleBehaviour } from '../../engine/registry/behaviour.js';
import type { RequestContext } from '../../engine/context.js';
import { getRecord } from '../../engine/records/get.js';
import { updateRecord } from '../../engine/records/update.js';
import { runWrite } from '../../engine/records/write-helpers.js';
import type { Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { requireMailConfigured, sendMail, senderAddress } from '../../platform/mail.js';
import { tr } from '../../platform/messages/say.js';
import { randomToken, sha256 } from '../../platform/auth/tokens.js';
import { endAllPortalSessions } from './portal-session.js';

export const INVITE_HOURS = 72;
const RESET_HOURS = 2;
/** Where links in portal e-mails point: `KARTA_PUBLIC_URL`, else this server's own address (set at start-up). */
export const portalLinks = { base: 'http://127.0.0.1:3000' };

/** A one-time set-password link replaces the portal user's unused ones; only its hash is kept. */
export async function storeLink(db: Tx, portalUserId: string, token: string, expires: Date): Promise<void> {
  await sql`delete from portal_tokens where portal_user_id = ${portalUserId} and used_at is null`.execute(db);
  await sql`insert into portal_tokens (id, portal_user_id, expires_at) values (${sha256(token)}, ${portalUserId}, ${expires.toISOString()})`.execute(db);
}

export const setPasswordLink = (token: string) => `${portalLinks.base.replace(/\/$/, '')}/portal/set-password?token=${encodeURIComponent(token)}`;

/**
 * "Forgot password": a new one-time link to the portal user's address, in their language. The caller learns nothing
 * (the route answers the same whether the address signs in or not).
 */
export async function mailPasswordReset(db: Tx, user: { id: string; email: string; name: string; language: Lang }): Promise<void> {
  const token = randomToken();
  await storeLink(db, user.id, token, new Date(Date.now() + RESET_HOURS * 3_600_000));
  const company = await readCompany(db);
  const companyName = company.name || 'Karta';
  await sendMail({
    from: senderAddress(company.email), to: [user.email],
    subject: tr('A new password for the customer portal of {company}', user.language, { company: companyName }),
    text: tr('Hello, {name}!\n\nSomeone — we hope you — asked for a new password for the customer portal of {company}.\n\nSet it with this link (it works once, for {hours} hours):\n{link}\n\nIf it was not you, ignore this message: your password stays as it is.\n', user.language, { name: user.name, company: companyName, hours: RESET_HOURS, link: setPasswordLink(token) }),
  });
}

export const inviteToPortal: ActionHandler = async (ctx, id, rawBody) => {
  const { data: contact } = await getRecord(ctx, 'contacts', id);
  requirePermission(ctx, 'contacts', 'edit');
  const body = (rawBody ?? {}) as Record<string, unknown>;
  const language: Lang = isLang(body.language) ? body.language : ctx.lang;
  const email = typeof contact.email === 'string' ? contact.email.trim().toLowerCase() : '';
  if (!email) throw new AppError('VALIDATION_FAILED', 'The contact needs an e-mail address to sign in to the portal', { email: 'is required' });
  requireMailConfigured(); // before anything changes
  const taken = await sql`select 1 from portal_users where email = ${email} and contact_id <> ${id}`.execute(ctx.db);
  if (taken.rows.length) throw new AppError('CONFLICT', 'Another contact already signs in to the portal with this e-mail address');
  const token = randomToken();
  const expires = new Date(Date.now() + INVITE_HOURS * 3_600_000);
  await runWrite(ctx, async (tctx) => {
    const user = (await sql<{ id: string }>`insert into portal_users (id, contact_id, email, language) values (${uuidv7()}, ${id}, ${email}, ${language})
      on conflict (contact_id) do update set email = excluded.email, language = excluded.language, active = true returning id::text`.execute(tctx.db)).rows[0];
    await storeLink(tctx.db, user.id, token, expires);
    if (!contact.is_portal_user) await updateRecord(tctx, 'contacts', id, { is_portal_user: true });
    await writeAudit(tctx.db, { module: 'contacts', recordId: id, userId: tctx.user.id, action: 'invite_to_portal', changes: { portal_email: [null, email] } });
  });
  const company = await readCompany(ctx.db);
  const companyName = company.name || 'Karta';
  const name = [contact.first_name, contact.last_name].filter(Boolean).join(' ') || email;
  const link = setPasswordLink(token);
  // The link is mailed, never stored or logged: only its hash is kept, so no one at the company can use it.
  await sendMail({
    from: senderAddress(company.email), to: [email],
    subject: tr('Your access to the customer portal of {company}', language, { company: companyName }),
    text: tr('Hello, {name}!\n\n{company} has opened its customer portal to you: your requests and their answers, quotes and invoices in one place.\n\nSet your password with this link (it works once, for {hours} hours):\n{link}\n\nYou sign in with your e-mail address: {email}\n', language, { name, company: companyName, hours: INVITE_HOURS, link, email }),
  });
  return { status: 200, body: { data: { email, expires_at: expires.toISOString() } } };
};

/**
 * The contact's e-mail is their portal login: when it changes, the login moves to the new address and the password
 * goes (the old address's holder — someone who left the customer — signs in no more; the new one sets a password by
 * "Forgot password", which proves they read that mailbox). Their sessions and unused links end. An address cleared,
 * or one another contact signs in with, closes the portal to this contact until they are invited again.
 */
async function followEmail(ctx: RequestContext, contactId: string, value: unknown): Promise<void> {
  const email = typeof value === 'string' ? value.trim().toLowerCase() : '';
  const user = (await sql<{ id: string; email: string }>`select id::text, email from portal_users where contact_id = ${contactId}`.execute(ctx.db)).rows[0];
  if (!user || user.email === email) return;
  const taken = email !== '' && (await sql`select 1 from portal_users where email = ${email} and id <> ${user.id}`.execute(ctx.db)).rows.length > 0;
  await sql`delete from portal_tokens where portal_user_id = ${user.id} and used_at is null`.execute(ctx.db);
  await endAllPortalSessions(ctx.db, user.id);
  if (email && !taken) await sql`update portal_users set email = ${email}, password_hash = null where id = ${user.id}`.execute(ctx.db);
  // With no address of its own the sign-in goes altogether: kept, switching the portal off and on again would reopen it
  // on the old address, to whoever reads that mailbox now.
  else await sql`delete from portal_users where id = ${user.id}`.execute(ctx.db);
  await writeAudit(ctx.db, { module: 'contacts', recordId: contactId, userId: ctx.user.id, action: 'portal_email', changes: { portal_email: [user.email, email && !taken ? email : null] } });
}

/** Contacts: `is_portal_user` switched off closes the portal to them (and on again reopens it). */
export const contactPortalBehaviour: ModuleBehaviour = {
  async afterWrite(ctx, change, record) {
    if (change.action === 'update' && 'email' in change.values) await followEmail(ctx, change.id, record.email);
    // A new contact has no portal user yet (an import of many contacts pays nothing here); a change only when the flag moves.
    if (change.action === 'create' || (change.action === 'update' && !('is_portal_user' in change.values))) return;
    const on = change.action !== 'delete' && record.is_portal_user === true;
    const user = (await sql<{ id: string }>`update portal_users set active = ${on} where contact_id = ${change.id} returning id::text`.execute(ctx.db)).rows[0];
    if (user && !on) {
      await endAllPortalSessions(ctx.db, user.id);
      // A link sent before (an invitation, a reset) dies with the access: reopened later, it must not set a password.
      await sql`delete from portal_tokens where portal_user_id = ${user.id}::uuid and used_at is null`.execute(ctx.db);
    }
  },
  /**
   * The customer keeps signing in: of the merged contacts' portal access, the best (active, last used) becomes the
   * survivor's; a row of the survivor's own that is not the best (an unused invitation, access switched off) goes.
   */
  async onMerge(ctx, survivor, merged) {
    const best = (await sql<{ id: string; contact_id: string; active: boolean; email: string }>`select id::text, contact_id::text, active, email from portal_users
      where contact_id = any(${[survivor, ...merged]}::uuid[]) order by active desc, last_login_at desc nulls last, (contact_id = ${survivor}) desc, id limit 1`.execute(ctx.db)).rows[0];
    if (!best) return;
    if (best.contact_id !== survivor) {
      await sql`delete from portal_users where contact_id = ${survivor}`.execute(ctx.db);
      await sql`update portal_users set contact_id = ${survivor} where id = ${best.id}`.execute(ctx.db);
      // Audited like an invitation: the survivor's portal sign-in is now this address.
      await writeAudit(ctx.db, { module: 'contacts', recordId: survivor, userId: ctx.user.id, action: 'invite_to_portal', changes: { portal_email: [null, best.email] } });
    }
    const flagged = (await sql<{ on: boolean }>`select is_portal_user as on from contacts where id = ${survivor}`.execute(ctx.db)).rows[0]?.on;
    // The flag follows the access (a system value: a profile that makes it read-only does not stop the merge).
    if (best.active && !flagged) await updateRecord(ctx, 'contacts', survivor, {}, undefined, { systemValues: { is_portal_user: true } });
  },
  actions: { invite_to_portal: inviteToPortal },
};
