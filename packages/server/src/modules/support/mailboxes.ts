/**
 * Support mailboxes: where the desk's mail comes in (IMAP host, port, TLS, user, the password sealed with the
 * server's key, folder, how often) and what to do with it (unknown senders get a new contact or wait in triage,
 * whom new tickets go to, the folder processed mail moves to). Kept in the `mailboxes` table; the password never
 * leaves the server again.
 */
import { sql } from 'kysely';
import { usableOwner } from '../../engine/records/usable-owner.js';
import { isUuid } from '@karta/shared';
import type { Tx } from '../../platform/db.js';
import { AppError, type FieldErrors } from '../../platform/errors.js';
import { msg } from '../../platform/messages/say.js';
import { allowedHosts, isInternalHost } from '../../platform/internal-hosts.js';

export const UNKNOWN_SENDERS = ['create_contact', 'triage'] as const;

export interface MailboxInput {
  name: string; host: string; port: number; tls: boolean; username: string; password?: string; folder: string;
  interval_minutes: number; unknown_senders: (typeof UNKNOWN_SENDERS)[number]; assign_to: string | null;
  address: string | null; move_to: string | null; active: boolean;
}

export interface Mailbox extends Omit<MailboxInput, 'password'> {
  id: string; owner_id: string; password_sealed: string;
  /** Set for a user's own mailbox (Mail Manager); null for the support desk's. */
  user_id: string | null; last_polled_at: string | null; last_error: string | null;
  last_result: Record<string, number> | null; created_at: string;
}

const DEFAULTS = { port: 993, tls: true, folder: 'INBOX', interval_minutes: 5, unknown_senders: 'create_contact', assign_to: null, address: null, move_to: null, active: true } as const;
/**
 * A user's own mailbox may not point at this machine or the private network (the server would connect for them:
 * probing ports, reaching internal services) unless an administrator lists the host in `KARTA_MAIL_ALLOW_HOSTS`.
 * The desk's mailboxes are set by administrators and may point anywhere.
 */
export const mailAllowHosts = () => allowedHosts('KARTA_MAIL_ALLOW_HOSTS');
const INTERNAL_HOST = 'points at this server or a private network (an administrator can allow it in KARTA_MAIL_ALLOW_HOSTS)';
const HOST = /^[A-Za-z0-9.-]{1,253}$|^\[?[0-9A-Fa-f:.]{2,45}\]?$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const FOLDER = /^[^\u0000-\u001f*%]{1,200}$/;

/** The mailbox a request describes, merged over what is stored; every problem named at its field. */
export async function validMailbox(db: Tx, body: unknown, before?: Mailbox, personal = false): Promise<MailboxInput> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new AppError('VALIDATION_FAILED', 'The body must be an object');
  const v = { ...DEFAULTS, ...(before ?? {}), ...(body as Record<string, unknown>) } as Record<string, unknown>;
  const e: FieldErrors = {};
  const str = (k: string, max: number) => {
    if (typeof v[k] !== 'string' || !(v[k] as string).trim()) e[k] = 'is required';
    else if ((v[k] as string).length > max) e[k] = 'is too long';
  };
  str('name', 200);
  if (typeof v.host !== 'string' || !HOST.test(v.host.trim())) e.host = 'must be a host name or address';
  else if (personal && isInternalHost(v.host.trim(), mailAllowHosts())) e.host = INTERNAL_HOST;
  str('username', 320);
  if (typeof v.folder !== 'string' || !FOLDER.test(v.folder)) e.folder = 'must be a folder name';
  if (v.move_to !== null && v.move_to !== '' && (typeof v.move_to !== 'string' || !FOLDER.test(v.move_to))) e.move_to = 'must be a folder name';
  if (!Number.isInteger(v.port) || (v.port as number) < 1 || (v.port as number) > 65535) e.port = 'must be a port from 1 to 65535';
  if (!Number.isInteger(v.interval_minutes) || (v.interval_minutes as number) < 1 || (v.interval_minutes as number) > 1440) e.interval_minutes = 'must be a whole number of minutes from 1 to 1440';
  for (const k of ['tls', 'active']) if (typeof v[k] !== 'boolean') e[k] = 'must be true or false';
  if (!(UNKNOWN_SENDERS as readonly string[]).includes(String(v.unknown_senders))) e.unknown_senders = msg('must be one of {values}', { values: UNKNOWN_SENDERS.join(', ') });
  if (v.address !== null && v.address !== '' && (typeof v.address !== 'string' || !EMAIL.test(v.address))) e.address = 'must be an e-mail address';
  const password = (body as Record<string, unknown>).password;
  if (password !== undefined && (typeof password !== 'string' || password.length > 1000)) e.password = 'is required';
  if (!before && (typeof password !== 'string' || !password)) e.password = 'is required';
  if (v.assign_to !== null && v.assign_to !== '') {
    if (!(await usableOwner(db, [v.assign_to]))) e.assign_to = 'is not a user or a group';
  }
  if (Object.keys(e).length) throw new AppError('VALIDATION_FAILED', 'Invalid mailbox settings', e);
  const orNull = (x: unknown) => (typeof x === 'string' && x.trim() ? x.trim() : null);
  return {
    name: String(v.name).trim(), host: String(v.host).trim().replace(/^\[|\]$/g, ''), port: v.port as number, tls: v.tls as boolean,
    // An empty password on a change keeps the stored one (a form leaves it blank).
    username: String(v.username).trim(), password: typeof password === 'string' && password ? password : undefined, folder: String(v.folder),
    interval_minutes: v.interval_minutes as number, unknown_senders: v.unknown_senders as MailboxInput['unknown_senders'],
    assign_to: orNull(v.assign_to), address: orNull(v.address)?.toLowerCase() ?? null, move_to: orNull(v.move_to), active: v.active as boolean,
  };
}

const COLUMNS = sql`id::text, name, host, port, tls, username, password_sealed, folder, interval_minutes, unknown_senders,
  assign_to::text, address, move_to, active, owner_id::text, user_id::text, last_polled_at, last_error, last_result, created_at`;

/** The support desk's mailboxes (`userId` null), or one user's own. */
export async function listMailboxes(db: Tx, userId: string | null): Promise<Mailbox[]> {
  const whose = userId ? sql`user_id = ${userId}` : sql`user_id is null`;
  return (await sql<Mailbox>`select ${COLUMNS} from mailboxes where ${whose} order by name, id`.execute(db)).rows;
}

export async function readMailbox(db: Tx, id: string): Promise<Mailbox | undefined> {
  if (!isUuid(id)) return undefined;
  return (await sql<Mailbox>`select ${COLUMNS} from mailboxes where id = ${id}`.execute(db)).rows[0];
}

/** What the API shows of a mailbox: everything but the password, and whether one is set. */
export function publicMailbox(m: Mailbox): Record<string, unknown> {
  const { password_sealed, ...rest } = m;
  return { ...rest, has_password: Boolean(password_sealed) };
}
