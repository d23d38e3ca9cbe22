import { sql, type RawBuilder } from 'kysely';
import type { AppContext } from '../../app-context.js';
import type { DB, Tx } from '../../platform/db.js';
import type { RequestContext } from '../../engine/context.js';
import { labelFor } from '../../engine/access/label-for.js';
import { readableBy } from '../../engine/system-context.js';
import { senderAddress, sendMail, type OutgoingMail } from '../../platform/mail.js';
import { say, type MessageText } from '../../platform/messages/say.js';
import { isLang } from '@karta/shared';

export interface NewNotification { userId: string; kind: string; module?: string; recordId?: string; label?: string; message: string }

/** The channel of new notifications (per database, see Database.channel). */
let channel = 'karta_notify';

/** Live listeners (server-sent events) by user, on this instance. */
const streams = new Map<string, Set<(unread: number) => void>>();

export function subscribe(userId: string, fn: (unread: number) => void): () => void {
  const set = streams.get(userId) ?? new Set();
  set.add(fn);
  streams.set(userId, set);
  return () => { set.delete(fn); if (!set.size) streams.delete(userId); };
}

export async function unreadCount(db: Tx, userId: string): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from notifications where user_id = ${userId} and read_at is null`.execute(db);
  return Number(r.rows[0].n);
}

/** The event an e-mail copy rides on when it is to go only once its transaction has committed. */
const MAIL_AFTER_COMMIT = 'notification.mail';

/**
 * Notifies a user — unless `opts.onlyIf`, a condition in SQL (that they may see the record), does not hold: then
 * nothing happens. Says whether it did. The e-mail copy goes at once, or with `opts.ctx` once that context's
 * transaction has committed (an automation batch that rolls back and runs again sends it once).
 */
export async function notify(db: Tx, n: NewNotification, opts: { onlyIf?: RawBuilder<unknown>; ctx?: RequestContext } = {}): Promise<boolean> {
  const { onlyIf } = opts;
  // The notice is delivered on commit to every instance listening (registerNotificationListeners), which updates its
  // open streams; one round trip with the row and its condition.
  const r = await sql`with added as (insert into notifications (user_id, kind, module, record_id, label, message)
      select ${n.userId}::uuid, ${n.kind}::text, ${n.module ?? null}::text, ${n.recordId ?? null}::uuid, ${n.label ?? null}::text, ${n.message}::text
      ${onlyIf ? sql`where ${onlyIf}` : sql``} returning user_id)
    select pg_notify(${channel}, user_id::text) from added`.execute(db);
  if (!r.rows.length) return false;
  const copy = await emailCopy(db, n);
  if (copy && opts.ctx?.pendingEvents) opts.ctx.pendingEvents.push({ name: MAIL_AFTER_COMMIT, payload: copy });
  else if (copy) sendCopy(copy);
  return true;
}

/** Sent in the background: a slow or refusing mail server never holds up or fails the write. */
function sendCopy(copy: OutgoingMail): void {
  void sendMail(copy).catch((err: Error) => console.warn(`karta: e-mail copy of a notification failed: ${err.message}`));
}

/** Kinds e-mailed whatever the user's setting: a stock owner must hear of low stock. */
const ALWAYS_EMAILED = new Set(['stock_low', 'approval_request']);

/** The e-mail copy for a user who asked for them (always for low stock), when e-mail is configured. */
async function emailCopy(db: Tx, n: NewNotification): Promise<OutgoingMail | null> {
  if (!process.env.SMTP_URL) return null;
  const r = await sql<{ email: string | null; wants: boolean; language: string }>`select email, email_notifications as wants, language from users where id = ${n.userId}`.execute(db);
  const u = r.rows[0];
  if (!u?.email || (!u.wants && !ALWAYS_EMAILED.has(n.kind))) return null;
  const company = await sql<{ value: { email?: string } }>`select value from settings where key = 'company'`.execute(db);
  const link = n.module && n.recordId ? `\n\n/${n.module}/${n.recordId}` : '';
  return {
    from: senderAddress(company.rows[0]?.value?.email), to: [u.email],
    // In the recipient's language, as the bell says it.
    subject: `Karta: ${KIND_SUBJECT[n.kind] ? say(KIND_SUBJECT[n.kind], isLang(u.language) ? u.language : 'en') : n.kind}${n.label ? ` — ${n.label}` : ''}`, text: `${n.message}${link}`,
  };
}

const KIND_SUBJECT: Record<string, MessageText> = {
  assigned: 'assigned to you', mention: 'you were mentioned', stock_low: 'low stock', reminder: 'reminder',
  task_due: 'task due', task_overdue: 'task overdue', followed_change: 'a record you follow changed',
  workflow: 'automation', approval_request: 'approval requested', approval_decided: 'approval decided', web_form: 'a web form was sent', mailing_paused: 'a mailing was paused', segment_failed: 'a segment could not be recomputed', claim_overdue: 'a claim is overdue',
};

/** Is this id a user (not a group)? Owners may be groups, which get no personal notifications. */
async function isUser(db: DB, id: unknown): Promise<boolean> {
  if (typeof id !== 'string') return false;
  return (await sql`select 1 from users where id = ${id} and active`.execute(db)).rows.length > 0;
}

/**
 * Notifications from committed writes: a record assigned to someone by someone else, an @mention in a
 * comment, a product falling below its reorder level.
 */
export async function registerNotificationListeners(app: AppContext): Promise<void> {
  const db = app.database.db;
  channel = app.database.channel('karta_notify');
  // Whichever instance wrote a notification, the ones holding the user's open streams push the new count.
  const push = (userId: string) => {
    const listeners = streams.get(userId);
    if (!listeners?.size) return;
    void unreadCount(db, userId).then((unread) => { for (const fn of listeners) fn(unread); }, () => undefined);
  };
  // After the database was away, every open stream gets its current count: notifications written meanwhile
  // (by other instances) were announced while this one was not listening.
  await app.database.listen('karta_notify', push, () => { for (const userId of streams.keys()) push(userId); });
  app.events.on(MAIL_AFTER_COMMIT, (copy: OutgoingMail) => sendCopy(copy));
  for (const def of app.meta.registry.list()) {
    const assigned = async (p: { module: string; id: string; record: Record<string, unknown>; userId: string; changes?: Record<string, unknown>; source?: string }) => {
      const to = p.record.assigned_to;
      // An import does not send a notification a row: its importer hears of it once, when it is finished.
      if (p.source === 'import' || to === p.userId || (p.changes && !('assigned_to' in p.changes)) || !(await isUser(db, to))) return;
      // Owning is not always seeing: a comment lives on its record, and a profile may not view the module at all.
      // Who may not read the record is not told what it says (the bell, nor its e-mail copy).
      if (!(await readableBy(app, to as string, p.module, p.id))) return;
      const name = await labelFor(db, app.meta.registry, to as string, p.module, p.record);
      await notify(db, { userId: to as string, kind: 'assigned', module: p.module, recordId: p.id, label: name, message: `${String(p.record.number ?? '')} ${name}`.trim() });
    };
    app.events.on(`${def.name}.created`, assigned);
    app.events.on(`${def.name}.updated`, assigned);
  }
  app.events.on('comments.created', async (p: { id: string; record: Record<string, any>; userId: string }) => {
    // Mentioned by id (picked by display name) or, as before, by login name (@sales1).
    const names = [...new Set([...String(p.record.body ?? '').matchAll(/(?:^|\s)@([\p{L}\d_.-]{2,40})/gu)].map((m) => m[1].toLowerCase()))];
    const ids = Array.isArray(p.record.mention_ids) ? (p.record.mention_ids as string[]) : [];
    if (!names.length && !ids.length) return;
    const users = await sql<{ id: string }>`select id from users where (lower(username) = any(${names}) or id = any(${ids}::uuid[])) and active and id <> ${p.userId}`.execute(db);
    const about = p.record.related_to as string | null;
    // The module of a polymorphic reference is its companion column, not part of the record's JSON.
    const module = (await sql<{ m: string | null }>`select related_to_module as m from comments where id = ${p.id}`.execute(db)).rows[0]?.m ?? undefined;
    for (const u of users.rows) {
      // Someone who may not read the comment (its record) is not told what it says.
      if (!(await readableBy(app, u.id, 'comments', p.id))) continue;
      await notify(db, { userId: u.id, kind: 'mention', module: module ?? 'comments', recordId: about ?? p.id, label: String(p.record.body).slice(0, 120), message: String(p.record.body).slice(0, 500) });
    }
  });
  app.events.on('imports.finished', async (p: { userId: string; filename: string; created: number; updated: number; skipped: number; failed: number }) => {
    // Numbers only: the bell says "Import finished" in the reader's language and opens the import's page.
    await notify(db, { userId: p.userId, kind: 'import_done', message: `${p.filename}: +${p.created} ~${p.updated} =${p.skipped} !${p.failed}` });
  });
  app.events.on('products.stock_low', async (p: { productId: string; ownerId: string | null; qty: string }) => {
    if (!(await isUser(db, p.ownerId))) return;
    // A notification always names its record.
    const product = (await sql<Record<string, unknown>>`select * from products where id = ${p.productId}`.execute(db)).rows[0] ?? {};
    const name = await labelFor(db, app.meta.registry, p.ownerId!, 'products', product);
    await notify(db, { userId: p.ownerId!, kind: 'stock_low', module: 'products', recordId: p.productId, label: name, message: `${name}: ${p.qty}` });
  });
}
