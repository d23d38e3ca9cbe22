/**
 * Who a mailing goes to. An audience is a campaign's members, a list of record ids (a list selection) or — once
 * segments exist — a segment; contacts, leads and accounts, each read with the sender's visibility. Resolved once,
 * set-based: one query per module for the candidates, addresses normalised (e-mail lower-cased, phones in E.164),
 * opted-out records and suppressed addresses logged as skipped, one message per address.
 */
import { sql, type RawBuilder } from 'kysely';
import { isUuid } from '@karta/shared';
import type { RequestContext } from '../../engine/context.js';
import { can, visibilityPredicate } from '../../engine/access/permissions.js';
import { getRecord } from '../../engine/records/get.js';
import { readCompany } from '../../admin/company-routes.js';
import { AppError } from '../../platform/errors.js';
import { msg, nested, type Said } from '../../platform/messages/say.js';
import { phoneRegion, toE164 } from '../../platform/phone.js';
import type { Tx } from '../../platform/db.js';

export type Channel = 'email' | 'sms';
export interface Audience { campaign_id?: string; segment_id?: string; ids?: string[] }
export const AUDIENCE_MODULES = ['contacts', 'leads', 'accounts'] as const;
type AudienceModule = (typeof AUDIENCE_MODULES)[number];
/** A mailing reaches at most this many addresses. */
export const MAX_RECIPIENTS = 100_000;
const MAX_IDS = 10_000;

/** The fields an address is read from, the first filled one winning. */
export const ADDRESS_FIELDS: Record<Channel, Record<AudienceModule, string[]>> = {
  email: { contacts: ['email'], leads: ['email'], accounts: ['email'] },
  sms: { contacts: ['mobile', 'phone'], leads: ['mobile', 'phone'], accounts: ['phone'] },
};

/**
 * The address as the sender may see it: only from fields their profile shows (a message never goes to an address its
 * sender could not read, and its counts tell nothing about a hidden one). Null when every such field is hidden.
 */
function addressColumn(ctx: RequestContext, channel: Channel, module: AudienceModule): RawBuilder<unknown> | null {
  const seen = ctx.registry.module(module).fieldMap;
  const cols = ADDRESS_FIELDS[channel][module].filter((f) => seen.has(f)).map((f) => sql.ref(`r.${f}`));
  if (!cols.length) return null;
  const last = cols.pop()!;
  return cols.length ? sql`coalesce(${sql.join(cols.map((c) => sql`nullif(${c}, '')`))}, ${last})` : last;
}
const OPTED_OUT: Record<Channel, Record<AudienceModule, RawBuilder<unknown>>> = {
  email: { contacts: sql`coalesce(r.email_opt_out, false)`, leads: sql`coalesce(r.email_opt_out, false)`, accounts: sql`coalesce(r.email_opt_out, false)` },
  sms: { contacts: sql`coalesce(r.do_not_call, false)`, leads: sql`false`, accounts: sql`false` },
};

/**
 * Why a queued recipient may no longer be sent to, read when its message is claimed (a mailing sends for hours): the
 * record opted out, was deleted, or the address joined the suppression list since the audience was resolved.
 */
export async function noLongerReachable(db: Tx, channel: Channel, module: string, recordId: string, address: string): Promise<'opted out' | 'unsubscribed' | 'deleted' | null> {
  if (!(AUDIENCE_MODULES as readonly string[]).includes(module)) return null;
  const r = await sql<{ suppressed: boolean; deleted: boolean | null; opted_out: boolean | null }>`select
      exists (select 1 from mail_suppressions where address = ${address}) as suppressed,
      (select r.deleted_at is not null from ${sql.table(module)} r where r.id = ${recordId}) as deleted,
      (select ${OPTED_OUT[channel][module as AudienceModule]} from ${sql.table(module)} r where r.id = ${recordId}) as opted_out`.execute(db);
  const row = r.rows[0];
  return row.suppressed ? 'unsubscribed' : row.deleted !== false ? 'deleted' : row.opted_out ? 'opted out' : null;
}

export function invalidAudience(key: string, problem: Said): AppError {
  return new AppError('VALIDATION_FAILED', msg('Invalid mailing: {key} {problem}', { key, problem: nested(problem) }), { [key]: problem });
}

/** The audience as stored: exactly one of campaign, segment or ids. */
export function checkAudience(raw: unknown): Audience {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw invalidAudience('audience', 'must name a campaign, a segment or records');
  const a = raw as Record<string, unknown>;
  const kinds = ['campaign_id', 'segment_id', 'ids'].filter((k) => a[k] !== undefined && a[k] !== null);
  if (kinds.length !== 1) throw invalidAudience('audience', 'must name a campaign, a segment or records');
  if (a.campaign_id !== undefined && a.campaign_id !== null) {
    if (!isUuid(a.campaign_id)) throw invalidAudience('audience.campaign_id', 'must be a record id');
    return { campaign_id: a.campaign_id };
  }
  if (a.segment_id !== undefined && a.segment_id !== null) {
    if (!isUuid(a.segment_id)) throw invalidAudience('audience.segment_id', 'must be a record id');
    return { segment_id: a.segment_id };
  }
  const ids = a.ids;
  if (!Array.isArray(ids) || !ids.length || ids.length > MAX_IDS || !ids.every(isUuid)) throw invalidAudience('audience.ids', msg('must list 1 to {max} record ids', { max: MAX_IDS }));
  return { ids: [...new Set(ids as string[])] };
}

interface Candidate { module: AudienceModule; record_id: string; address: string | null; opted_out: boolean; hidden: boolean; reached: boolean }

/**
 * The audience's records the caller may see, up to `limit`, and whether more are left. `reached` marks records reached
 * before (a survey's or event's invitations): they come last, so that a second send goes on with the next ones.
 */
async function candidates(ctx: RequestContext, audience: Audience, channel: Channel, limit: number, reached?: (record: RawBuilder<unknown>) => RawBuilder<unknown>): Promise<{ found: Candidate[]; more: boolean }> {
  if (audience.campaign_id) await getRecord(ctx, 'campaigns', audience.campaign_id);
  // A segment's current members, of its own module (contacts, leads or accounts).
  const segmentModule = audience.segment_id
    ? String((await getRecord(ctx, 'segments', audience.segment_id)).data.module) : null;
  if (segmentModule && !(AUDIENCE_MODULES as readonly string[]).includes(segmentModule)) throw invalidAudience('audience.segment_id', 'must be a segment of contacts, leads or accounts');
  const modules = AUDIENCE_MODULES.filter((m) => ctx.registry.has(m) && can(ctx, m, 'view') && (!segmentModule || m === segmentModule));
  const out: Candidate[] = [];
  // Records not reached before first, in every module; then, while there is room, those reached (counted as already).
  for (const pass of reached ? [false, true] : [false]) {
    for (const module of modules) {
      if (out.length > limit) break;
      const visible = visibilityPredicate(ctx, module, 'read', 'r') ?? sql`true`;
      const from = audience.campaign_id
        ? sql`${sql.table(module)} r join ${sql.table(`campaign_${module}`)} l on l.${sql.id(`${module.slice(0, -1)}_id`)} = r.id and l.campaign_id = ${audience.campaign_id}`
        : audience.segment_id
          ? sql`${sql.table(module)} r join segment_members sm on sm.record_id = r.id and sm.segment_id = ${audience.segment_id} and sm.until is null`
          : sql`${sql.table(module)} r`;
      const which = audience.ids ? sql`and r.id = any(${audience.ids}::uuid[])` : sql``;
      const before = reached ? sql`and ${pass ? sql`` : sql`not`} ${reached(sql.ref('r.id'))}` : sql``;
      const address = addressColumn(ctx, channel, module);
      const r = await sql<Candidate>`select ${module}::text as module, r.id::text as record_id, ${address ?? sql`null`}::text as address,
          ${OPTED_OUT[channel][module]} as opted_out, ${address === null ? sql`true` : sql`false`} as hidden, ${pass ? sql`true` : sql`false`} as reached
        from ${from} where r.deleted_at is null ${which} ${before} and ${visible} order by r.id limit ${limit + 1 - out.length}`.execute(ctx.db);
      out.push(...r.rows);
    }
  }
  // More are left when one past the limit was not reached before.
  return { found: out.slice(0, limit), more: out.length > limit && !out[limit].reached };
}

export interface Resolved { module: string; record_id: string; address: string; state: 'queued' | 'skipped'; error: string | null }
/** `address_hidden`: records whose address fields the sender's profile hides (they are not sent to). */
/** `more`: the audience holds more records than one send reaches (`MAX_RECIPIENTS`; `MAX_INVITES` for invitations). */
export interface AudienceCounts { recipients: number; skipped: number; without_address: number; address_hidden: number; duplicates: number; more: boolean }

/** Who would receive it: one row per address (the first record with it), skipped when opted out or suppressed. */
export async function resolveAudience(ctx: RequestContext, audience: Audience, channel: Channel, limit = MAX_RECIPIENTS,
  reached?: (record: RawBuilder<unknown>) => RawBuilder<unknown>): Promise<{ rows: Resolved[]; counts: AudienceCounts }> {
  const { found, more } = await candidates(ctx, audience, channel, limit, reached);
  const region = channel === 'sms' ? phoneRegion((await readCompany(ctx.db)).country) : undefined;
  const norm = (a: string | null) => (!a || !a.trim() ? null : channel === 'email' ? (/^[^\s@]+@[^\s@]+$/.test(a.trim()) ? a.trim().toLowerCase() : null) : toE164(a, region));
  const seen = new Set<string>();
  const rows: Resolved[] = [];
  const counts: AudienceCounts = { recipients: 0, skipped: 0, without_address: 0, address_hidden: 0, duplicates: 0, more };
  for (const c of found) {
    if (c.hidden) { counts.address_hidden++; continue; }
    const address = norm(c.address);
    if (!address) { counts.without_address++; continue; }
    if (seen.has(address)) { counts.duplicates++; continue; }
    seen.add(address);
    rows.push({ module: c.module, record_id: c.record_id, address, state: c.opted_out ? 'skipped' : 'queued', error: c.opted_out ? 'opted out' : null });
  }
  const suppressed = new Set<string>();
  for (let i = 0; i < rows.length; i += 10_000) {
    const chunk = rows.slice(i, i + 10_000).map((x) => x.address);
    const r = await sql<{ address: string }>`select address from mail_suppressions where address = any(${chunk}::text[])`.execute(ctx.db);
    for (const x of r.rows) suppressed.add(x.address);
  }
  for (const row of rows) {
    if (row.state === 'queued' && suppressed.has(row.address)) Object.assign(row, { state: 'skipped', error: 'unsubscribed' });
    if (row.state === 'queued') counts.recipients++; else counts.skipped++;
  }
  return { rows, counts };
}

/** Writes the recipients of a mailing (once: an address already there is left as it is), in chunks of one statement each. */
export async function queueRecipients(ctx: RequestContext, mailingId: string, rows: Resolved[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 5_000) {
    const chunk = rows.slice(i, i + 5_000);
    await sql`insert into mailing_recipients (mailing_id, module, record_id, address, state, error, token)
      select ${mailingId}::uuid, x.module, x.record_id, x.address, x.state, x.error,
        replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '')
      from unnest(${chunk.map((c) => c.module)}::text[], ${chunk.map((c) => c.record_id)}::uuid[], ${chunk.map((c) => c.address)}::text[],
                  ${chunk.map((c) => c.state)}::text[], ${chunk.map((c) => c.error)}::text[]) as x(module, record_id, address, state, error)
      on conflict (mailing_id, lower(address)) do nothing`.execute(ctx.db);
  }
}
