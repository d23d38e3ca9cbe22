import { sql } from 'kysely';
import type { Tx } from './db.js';

/** Whether the runtime knows a zone by this IANA name ("Europe/Moscow"). */
export function isTimeZone(zone: string): boolean {
  try { new Intl.DateTimeFormat('en-US', { timeZone: zone }); return true; } catch { return false; }
}

/**
 * The zone a user reads days in: their own setting, else the company's, else `KARTA_TIME_ZONE`, else UTC. One
 * statement; a zone the runtime does not know (set before it was checked) is passed over.
 */
export async function userTimeZone(db: Tx, userId: string): Promise<string> {
  const r = await sql<{ own: string | null; company: string | null }>`
    select (select time_zone from users where id = ${userId}) as own,
      (select value ->> 'time_zone' from settings where key = 'company') as company`.execute(db);
  const row = r.rows[0];
  return [row?.own, row?.company, process.env.KARTA_TIME_ZONE].find((z): z is string => !!z && isTimeZone(z)) ?? 'UTC';
}
