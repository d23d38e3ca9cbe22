/**
 * A user's own mail (vTiger's Mail Manager): each message of their mailbox is kept in `personal_mail`, private to
 * them. When it is from or to a contact, lead or account they may see, it is also recorded as an e-mail on that
 * record (an `emails` record they own, through the record pipeline), so it appears on its timeline — for those
 * who may see both the record and the e-mail, never for anyone else. One row per message: the key is claimed in
 * the same transaction.
 */
import type { ParsedMail } from 'mailparser';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { RequestContext } from '../../engine/context.js';
import { can, visibilityPredicate } from '../../engine/access/permissions.js';
import { createRecord } from '../../engine/records/create.js';
import { runWrite } from '../../engine/records/write-helpers.js';
import type { Mailbox } from '../support/mailboxes.js';
import { mailText } from '../support/mail-rules.js';
import type { Outcome } from '../support/mail-ingest.js';

export interface Linked { module: 'contacts' | 'leads' | 'accounts'; id: string; account_id: string | null }

const addressesOf = (list: ParsedMail['to']) => (Array.isArray(list) ? list : list ? [list] : []).flatMap((a) => a.value).map((v) => v.address?.trim().toLowerCase()).filter((a): a is string => Boolean(a));

/** The first record among the correspondents the user may see: a contact, else a lead, else an account (by e-mail). */
export async function linkedRecord(ctx: RequestContext, addresses: string[]): Promise<Linked | null> {
  if (!addresses.length) return null;
  const lookups: [Linked['module'], string[]][] = [['contacts', ['email', 'secondary_email']], ['leads', ['email', 'secondary_email']], ['accounts', ['email', 'secondary_email']]];
  for (const [module, fields] of lookups) {
    // A module the owner's profile may not view is not looked into: the e-mail is linked to nothing they cannot read.
    if (!ctx.registry.has(module) || !can(ctx, module, 'view')) continue;
    const m = ctx.registry.module(module);
    const cols = fields.filter((f) => m.fieldMap.has(f));
    if (!cols.length) continue;
    const vis = visibilityPredicate(ctx, module, 'read');
    const match = sql.join(cols.map((c) => sql`lower(${sql.ref(`t.${c}`)}) = any(${addresses}::text[])`), sql` or `);
    // A contact's account only when the owner may see it: the e-mail is linked to nothing they cannot read.
    const accountVis = visibilityPredicate(ctx, 'accounts', 'read', 'a');
    const seesAccounts = ctx.registry.has('accounts') && can(ctx, 'accounts', 'view');
    const account = module === 'contacts'
      ? (seesAccounts ? sql`(select a.id::text from accounts a where a.id = t.account_id and a.deleted_at is null ${accountVis ? sql`and ${accountVis}` : sql``})` : sql`null::text`)
      : module === 'accounts' ? sql`t.id::text` : sql`null::text`;
    const r = await sql<{ id: string; account_id: string | null }>`select t.id::text, ${account} as account_id from ${sql.table(module)} t
      where t.deleted_at is null and (${match}) ${vis ? sql`and ${vis}` : sql``} order by t.created_at limit 1`.execute(ctx.db);
    if (r.rows[0]) return { module, ...r.rows[0] };
  }
  return null;
}

/** Keeps one message of a personal mailbox (as its owner), linking it to a record when a correspondent is known. */
export async function ingestPersonal(ctx: RequestContext, box: Mailbox, key: string, p: ParsedMail): Promise<Outcome> {
  return runWrite(ctx, async (tctx) => {
    const from = p.from?.value[0];
    const fromAddress = from?.address?.trim().toLowerCase() ?? '';
    const own = new Set([box.address, box.username].filter(Boolean).map((a) => String(a).toLowerCase()));
    const outgoing = own.has(fromAddress);
    const to = addressesOf(p.to);
    const cc = addressesOf(p.cc);
    const id = uuidv7();
    const claimed = await sql`insert into personal_mail (id, user_id, mailbox_id, message_key, direction, from_address, from_name, to_addresses, cc_addresses,
        subject, body, sent_at, message_id, in_reply_to)
      values (${id}, ${tctx.user.id}, ${box.id}, ${key}, ${outgoing ? 'out' : 'in'}, ${fromAddress}, ${from?.name?.slice(0, 255) ?? null}, ${to.join(', ').slice(0, 2000)},
        ${cc.join(', ').slice(0, 2000)}, ${(p.subject ?? '').slice(0, 500)}, ${mailText(p.text, p.html)}, ${(p.date ?? new Date()).toISOString()},
        ${p.messageId ?? null}, ${p.inReplyTo ?? null})
      on conflict (mailbox_id, message_key) do nothing returning id`.execute(tctx.db);
    if (!claimed.rows.length) return { outcome: 'duplicate' as const };
    // Mail in the inbox from the user's own address is no proof they sent it (anyone can write that From:): it stays
    // in their list and goes on no record's timeline as "sent" (what they send through Karta is recorded when sent).
    if (outgoing) return { outcome: 'kept' as const };
    const linked = await linkedRecord(tctx, [fromAddress]);
    if (!linked) return { outcome: 'kept' as const };
    const email = await createRecord(tctx, 'emails', {
      subject: (p.subject ?? '').trim().slice(0, 255) || '—', from_address: fromAddress.slice(0, 255), to_addresses: (to.join(', ') || fromAddress).slice(0, 2000),
      cc_addresses: cc.join(', ').slice(0, 2000) || null, body: mailText(p.text, p.html), status: 'received',
      sent_at: (p.date ?? new Date()).toISOString(), message_id: p.messageId?.slice(0, 500) ?? null, in_reply_to: p.inReplyTo?.slice(0, 500) ?? null,
      related_to: linked.module === 'leads' ? linked.id : null,
      contact_id: linked.module === 'contacts' ? linked.id : null, account_id: linked.account_id,
    });
    await sql`update personal_mail set email_id = ${email.id as string}, linked_module = ${linked.module}, linked_id = ${linked.id} where id = ${id}`.execute(tctx.db);
    return { outcome: 'linked' as const, reason: linked.module };
  });
}
