/**
 * SMS through a provider interface. Two providers come with Karta: `log` (the default — the message is only kept
 * in `sms_messages`, for trying workflows out) and `http` — a JSON POST `{"to","text"}` to `KARTA_SMS_URL` with
 * `Authorization: Bearer KARTA_SMS_TOKEN`, which most SMS gateways accept or a small adapter translates.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db.js';
import { post } from './outbound-http.js';

export interface SmsProvider {
  name: string;
  send(to: string, text: string): Promise<void>;
}

const logProvider: SmsProvider = { name: 'log', send: async () => undefined };

function httpProvider(url: string, token: string | undefined): SmsProvider {
  return {
    name: 'http',
    async send(to, text) {
      const res = await post(url, JSON.stringify({ to, text }), token ? { authorization: `Bearer ${token}` } : {});
      if (res.status < 200 || res.status >= 300) throw new Error(`the SMS gateway answered HTTP ${res.status}`);
    },
  };
}

export function smsProvider(env: NodeJS.ProcessEnv = process.env): SmsProvider {
  return env.KARTA_SMS_URL ? httpProvider(env.KARTA_SMS_URL, env.KARTA_SMS_TOKEN) : logProvider;
}

/** Sends one SMS and keeps it with its outcome (a gateway failure is kept as `failed`, not retried: no number gets it twice). */
export async function sendSms(trx: Tx, m: { to: string; text: string; module?: string; recordId?: string; userId?: string; mailingId?: string }): Promise<{ id: number; error: string | null; provider: string }> {
  const provider = smsProvider();
  let error: string | null = null;
  try {
    await provider.send(m.to, m.text);
  } catch (err) {
    error = String((err as Error).message).slice(0, 500);
  }
  const r = await sql<{ id: number }>`insert into sms_messages (to_number, text, provider, state, error, module, record_id, user_id, mailing_id)
    values (${m.to}, ${m.text}, ${provider.name}, ${error ? 'failed' : 'sent'}, ${error}, ${m.module ?? null}, ${m.recordId ?? null}, ${m.userId ?? null}, ${m.mailingId ?? null}) returning id::int8 as id`.execute(trx);
  return { id: Number(r.rows[0].id), error, provider: provider.name };
}
