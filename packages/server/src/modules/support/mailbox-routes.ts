/**
 * `GET/POST /settings/mailboxes`, `PUT/DELETE /settings/mailboxes/{id}`, `POST …/{id}/test` (can Karta sign in and
 * open the folder?) and `POST …/{id}/poll` (read the mail now) for the support desk's mailboxes (administrators);
 * the same under `/mailboxes/mine` for a user's own. Every change audited (the password only as "changed"); a saved
 * mailbox's next poll is booked at once.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { AppContext } from '../../app-context.js';
import type { RequestContext } from '../../engine/context.js';
import { requireAdmin } from '../../engine/access/permissions.js';
import { any, bool, dataOf, doc, int, listOf, nullable, obj, str } from '../../engine/http/openapi/schema.js';
import { auditAdmin } from '../../admin/admin-audit.js';
import { inTransaction } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { msg } from '../../platform/messages/say.js';
import { secretKey, seal } from '../../platform/secrets.js';
import { cancel } from '../../platform/jobs.js';
import { listMailboxes, publicMailbox, readMailbox, validMailbox, type Mailbox, type MailboxInput } from './mailboxes.js';
import { imapReason, mailboxJobKey, openImap, pollMailbox, schedulePoll } from './mail-poll.js';

const SETTINGS = {
  name: str(), host: str(), port: int(), tls: bool(), username: str(), password: str({ description: 'write-only' }), folder: str(),
  interval_minutes: int(), unknown_senders: str({ enum: ['create_contact', 'triage'] }), assign_to: nullable(str()),
  address: nullable(str()), move_to: nullable(str()), active: bool(),
};
const MAILBOX = obj({ id: str(), ...SETTINGS, has_password: bool(), owner_id: str(), last_polled_at: nullable(str()), last_error: nullable(str()), last_result: any() });
const RESULT = obj({ fetched: int(), ticket: int(), comment: int(), ignored: int(), duplicate: int(), linked: int(), kept: int(), failed: int() });

/** What changed, for the admin audit: values as they were and are, the password only as changed. */
function changesOf(before: Partial<Mailbox> | undefined, next: MailboxInput): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const [k, v] of Object.entries(next)) {
    if (k === 'password') { if (v !== undefined) out.password = ['…', 'changed']; continue; }
    if ((before as Record<string, unknown> | undefined)?.[k] !== v) out[k] = [(before as Record<string, unknown> | undefined)?.[k] ?? null, v];
  }
  return out;
}

/** Whose mailboxes a set of routes serves: the desk's (administrators) or the caller's own. */
interface Scope { base: string; tag: string; guard(ctx: RequestContext): void; userId(ctx: RequestContext): string | null }
const SCOPES: Scope[] = [
  { base: '/settings/mailboxes', tag: 'the support desk\'s (administrators)', guard: requireAdmin, userId: () => null },
  { base: '/mailboxes/mine', tag: 'my own (Mail Manager)', guard: () => undefined, userId: (ctx) => ctx.user.id },
];

export function mailboxRoutes(app: AppContext) {
  return async (api: FastifyInstance): Promise<void> => {
    for (const scope of SCOPES) await mailboxScopeRoutes(app, api, scope);
  };
}

async function mailboxScopeRoutes(app: AppContext, api: FastifyInstance, scope: Scope): Promise<void> {
  const key = () => secretKey(app.config.dataDir);
  const { base } = scope;
  const existing = async (ctx: RequestContext, id: string): Promise<Mailbox> => {
    const box = await readMailbox(ctx.db, id);
    // Another's mailbox, or the desk's from the personal routes (and the reverse): as if it did not exist.
    if (!box || (box.user_id ?? null) !== scope.userId(ctx)) throw new AppError('NOT_FOUND', 'No such mailbox');
    return box;
  };
  api.get(base, doc({ tags: ['support'], summary: `Mailboxes: ${scope.tag}; passwords are never returned`, response: { 200: listOf(MAILBOX) } }), async (req) => {
    scope.guard(req.ctx);
    return { data: (await listMailboxes(req.ctx.db, scope.userId(req.ctx))).map(publicMailbox) };
  });

  api.post(base, doc({ tags: ['support'], summary: `Add a mailbox: ${scope.tag}`, body: obj(SETTINGS, ['name', 'host', 'username', 'password']), response: { 201: dataOf(MAILBOX) } }), async (req, reply) => {
    scope.guard(req.ctx);
    const v = await validMailbox(req.ctx.db, req.body, undefined, scope.userId(req.ctx) !== null);
    const id = uuidv7();
    await inTransaction(req.ctx.db, async (trx) => {
      await sql`insert into mailboxes (id, name, host, port, tls, username, password_sealed, folder, interval_minutes, unknown_senders, assign_to, address, move_to, active, owner_id, user_id)
        values (${id}, ${v.name}, ${v.host}, ${v.port}, ${v.tls}, ${v.username}, ${seal(v.password!, key())}, ${v.folder}, ${v.interval_minutes},
          ${v.unknown_senders}, ${v.assign_to}, ${v.address}, ${v.move_to}, ${v.active}, ${req.ctx.user.id}, ${scope.userId(req.ctx)})`.execute(trx);
      await auditAdmin(trx, 'mailboxes', id, req.ctx, 'create', changesOf(undefined, v));
      if (v.active) await schedulePoll(trx, id);
    });
    reply.code(201);
    return { data: publicMailbox((await readMailbox(req.ctx.db, id))!) };
  });

  api.put<{ Params: { id: string } }>(`${base}/:id`, doc({ tags: ['support'], summary: 'Change a support mailbox; a password left out is kept', body: obj(SETTINGS), response: { 200: dataOf(MAILBOX) } }), async (req) => {
    scope.guard(req.ctx);
    const before = await existing(req.ctx, req.params.id);
    const v = await validMailbox(req.ctx.db, req.body, before, scope.userId(req.ctx) !== null);
    await inTransaction(req.ctx.db, async (trx) => {
      await sql`update mailboxes set name = ${v.name}, host = ${v.host}, port = ${v.port}, tls = ${v.tls}, username = ${v.username},
        password_sealed = ${v.password !== undefined ? seal(v.password, key()) : before.password_sealed}, folder = ${v.folder}, interval_minutes = ${v.interval_minutes},
        unknown_senders = ${v.unknown_senders}, assign_to = ${v.assign_to}, address = ${v.address}, move_to = ${v.move_to}, active = ${v.active}, updated_at = now()
        where id = ${before.id}`.execute(trx);
      await auditAdmin(trx, 'mailboxes', before.id, req.ctx, 'update', changesOf(before, v));
      if (v.active) await schedulePoll(trx, before.id);
      else await cancel(trx, mailboxJobKey(before.id));
    });
    return { data: publicMailbox((await readMailbox(req.ctx.db, before.id))!) };
  });

  api.delete<{ Params: { id: string } }>(`${base}/:id`, doc({ tags: ['support'], summary: 'Remove a support mailbox (its processed mail stays in Karta)', response: { 204: 'removed' } }), async (req, reply) => {
    scope.guard(req.ctx);
    const before = await existing(req.ctx, req.params.id);
    await inTransaction(req.ctx.db, async (trx) => {
      await sql`delete from mailboxes where id = ${before.id}`.execute(trx);
      await cancel(trx, mailboxJobKey(before.id));
      await auditAdmin(trx, 'mailboxes', before.id, req.ctx, 'delete', { name: [before.name, null] });
    });
    reply.code(204);
  });

  api.post<{ Params: { id: string } }>(`${base}/:id/test`, doc({ tags: ['support'], summary: 'Sign in to the mailbox and open its folder', response: { 200: dataOf(obj({ ok: bool(), messages: int(), unseen: int() })) } }), async (req) => {
    scope.guard(req.ctx);
    const box = await existing(req.ctx, req.params.id);
    const client = await openImap(box, app.config.dataDir);
    try {
      const s = await client.status(box.folder, { messages: true, unseen: true });
      if (!s) throw new Error(`no folder ${box.folder}`);
      return { data: { ok: true, messages: s.messages ?? 0, unseen: s.unseen ?? 0 } };
    } catch (err) {
      throw new AppError('UNAVAILABLE', msg('The mail server refused: {reason}', { reason: imapReason(err) }));
    } finally {
      await client.logout().catch(() => client.close());
    }
  });

  api.post<{ Params: { id: string } }>(`${base}/:id/poll`, doc({ tags: ['support'], summary: 'Read the mailbox\'s unread mail now (up to 100 messages)', response: { 200: dataOf(RESULT) } }), async (req) => {
    scope.guard(req.ctx);
    const box = await existing(req.ctx, req.params.id);
    const result = await pollMailbox(app, box.id);
    const after = await readMailbox(req.ctx.db, box.id);
    if (after?.last_error && result.fetched === 0) throw new AppError('UNAVAILABLE', msg('The mail server refused: {reason}', { reason: after.last_error }));
    return { data: result };
  });
}
