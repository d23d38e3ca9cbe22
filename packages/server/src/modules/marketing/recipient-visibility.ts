/**
 * Logs about audience records (a mailing's recipients, an event's invitations) show a row only with its record: to
 * whoever may see that contact, lead or account, and its address only to whoever may see that kind of field on it.
 */
import { sql, type RawBuilder } from 'kysely';
import type { RequestContext } from '../../engine/context.js';
import { can, visibilityPredicate } from '../../engine/access/permissions.js';
import { fullRegistry } from '../../engine/access/field-view.js';
import { ADDRESS_FIELDS, AUDIENCE_MODULES } from './mailing-audience.js';

/** A predicate over `alias.module` and `alias.record_id`: the record is one the caller may read. */
export function recipientVisible(ctx: RequestContext, alias: string): RawBuilder<unknown> {
  const branches = AUDIENCE_MODULES.filter((m) => ctx.registry.has(m) && can(ctx, m, 'view')).map((m) => {
    const vis = visibilityPredicate(ctx, m, 'read', 'r');
    return sql`(${sql.ref(`${alias}.module`)} = ${m} and exists (select 1 from ${sql.table(m)} r where r.id = ${sql.ref(`${alias}.record_id`)} ${vis ? sql`and ${vis}` : sql``}))`;
  });
  return branches.length ? sql`(${sql.join(branches, sql` or `)})` : sql`false`;
}

/** The address (an e-mail or a phone number), or null when the caller's field rules hide a field it may come from. */
export function shownAddress(ctx: RequestContext, module: unknown, address: unknown): string | null {
  if (typeof address !== 'string' || !address || typeof module !== 'string' || !ctx.registry.has(module)) return null;
  const all = fullRegistry(ctx.registry).module(module).fieldMap;
  const seen = ctx.registry.module(module).fieldMap;
  // The fields the address may come from (`mailing-audience.ts`), by channel: all of them shown, or no address.
  const sources = (ADDRESS_FIELDS[address.includes('@') ? 'email' : 'sms'] as Record<string, string[] | undefined>)[module];
  return sources?.every((f) => !all.has(f) || seen.has(f)) ? address : null;
}

/**
 * A delivery row (`address`, `error`) as the caller may see it: a hidden address hides the error too, since servers word
 * their refusals with it ("550 <jane@x.com>: Recipient address rejected").
 */
export function shownDelivery<T extends { address?: unknown; error?: unknown }>(ctx: RequestContext, module: unknown, row: T): T & { address: string | null } {
  const address = shownAddress(ctx, module, row.address);
  return { ...row, address, error: address === null && row.address ? null : row.error ?? null };
}
