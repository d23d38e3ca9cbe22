/**
 * SMS through a provider interface — send, and delivery status — shared by workflows, `POST /api/v1/sms` and mailings.
 * Two providers come with Karta: `log` (the default — the message is only kept in `sms_messages`, for trying things
 * out) and `http` — a JSON POST `{"to","text"}` to `KARTA_SMS_URL` with `Authorization: Bearer KARTA_SMS_TOKEN`, whose
 * JSON answer may carry the gateway's `id`; the gateway reports delivery by POSTing `{"id","status","error"?}` to
 * `/sms/status` with the same token. Numbers are sent in E.164.
 */
import { timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../../platform/db.js';
import { toE164, phoneRegion } from '../../platform/phone.js';
import { post } from './outbound-http.js';

export type SmsState = 'sent' | 'delivered' | 'failed';
export interface SmsStatus { id: string; state: SmsState; error?: string }

export interface SmsProvider {
  name: string;
  send(to: string, text: string): Promise<{ id?: string }>;
  /** A delivery report the gateway posted, when it is genuine (null otherwise). */
  deliveryReport?(authorization: string | undefined, body: unknown): SmsStatus | null;
}

const logProvider: SmsProvider = { name: 'log', send: async () => ({}) };

const STATES: Record<string, SmsState> = { delivered: 'delivered', sent: 'sent', failed: 'failed', undelivered: 'failed', rejected: 'failed' };

function httpProvider(url: string, token: string | undefined): SmsProvider {
  return {
    name: 'http',
    async send(to, text) {
      const res = await post(url, JSON.stringify({ to, text }), token ? { authorization: `Bearer ${token}` } : {});
      if (res.status < 200 || res.status >= 300) throw new Error(`the SMS gateway answered HTTP ${res.status}`);
      try {
        const id = (JSON.parse(res.body) as { id?: unknown }).id;
        return typeof id === 'string' || typeof id === 'number' ? { id: String(id) } : {};
      } catch {
        return {};
      }
    },
    deliveryReport(authorization, body) {
      const given = Buffer.from(authorization ?? '');
      const want = Buffer.from(`Bearer ${token ?? ''}`);
      if (!token || given.length !== want.length || !timingSafeEqual(given, want)) return null;
      const b = (body ?? {}) as Record<string, unknown>;
      const state = STATES[String(b.status ?? '').toLowerCase()];
      if ((typeof b.id !== 'string' && typeof b.id !== 'number') || !state) return null;
      return { id: String(b.id), state, ...(typeof b.error === 'string' ? { error: b.error.slice(0, 500) } : {}) };
    },
  };
}

export function smsProvider(env: NodeJS.ProcessEnv = process.env): SmsProvider {
  return env.KARTA_SMS_URL ? httpProvider(env.KARTA_SMS_URL, env.KARTA_SMS_TOKEN) : logProvider;
}

/**
 * Whether a number asked not to be contacted: it is on the suppression list, the contact the SMS is about says
 * "do not call", or so does any contact with this number (its last ten digits: stored numbers are as typed). Read from
 * the table, whatever the sender's profile shows — a hidden opt-out still holds.
 */
export async function numberOptedOut(db: Tx, to: string, contactId: string | null = null): Promise<boolean> {
  const tail = to.replace(/\D/g, '').slice(-10);
  const digits = (col: string) => sql`right(regexp_replace(coalesce(${sql.ref(col)}, ''), '\\D', '', 'g'), 10)`;
  const r = await sql<{ out: boolean }>`select exists (select 1 from mail_suppressions where address = ${to})
    or exists (select 1 from contacts c where c.deleted_at is null and c.do_not_call
      and (c.id = ${contactId}::uuid or ${digits('c.mobile')} = ${tail} or ${digits('c.phone')} = ${tail})) as out`.execute(db);
  return r.rows[0].out;
}

/**
 * Sends one SMS and keeps it with its outcome (a gateway failure is kept as `failed`, not retried: no number gets it
 * twice). A number that is not a phone number (in the company's region when it has no country code) is not sent.
 */
export async function sendSms(trx: Tx, m: { to: string; text: string; module?: string; recordId?: string; userId?: string; mailingId?: string }): Promise<{ id: number; error: string | null; provider: string }> {
  const provider = smsProvider();
  let error: string | null = null;
  let providerId: string | null = null;
  const country = (await sql<{ value: { country?: string } }>`select value from settings where key = 'company'`.execute(trx)).rows[0]?.value?.country;
  const e164 = toE164(m.to, phoneRegion(country));
  const to = e164 ?? m.to;
  try {
    if (!e164) throw new Error('not a phone number');
    providerId = (await provider.send(e164, m.text)).id ?? null;
  } catch (err) {
    error = String((err as Error).message).slice(0, 500);
  }
  const r = await sql<{ id: number }>`insert into sms_messages (to_number, text, provider, state, error, module, record_id, user_id, mailing_id, provider_id)
    values (${to}, ${m.text}, ${provider.name}, ${error ? 'failed' : 'sent'}, ${error}, ${m.module ?? null}, ${m.recordId ?? null}, ${m.userId ?? null}, ${m.mailingId ?? null}, ${providerId})
    returning id::int8 as id`.execute(trx);
  return { id: Number(r.rows[0].id), error, provider: provider.name };
}

/** Applies a delivery report to the message it names; false when none matches. */
export async function applyDeliveryReport(db: Tx, provider: string, s: SmsStatus): Promise<boolean> {
  const r = await sql`update sms_messages set state = ${s.state}, error = coalesce(${s.error ?? null}, error)
    where provider = ${provider} and provider_id = ${s.id} returning id`.execute(db);
  return r.rows.length > 0;
}
