import { sql } from 'kysely';
import type { Tx } from '../../platform/db.js';

export type Changes = Record<string, [unknown, unknown]>;

/** Writes one audit row; called inside the transaction of the change it describes. */
export async function writeAudit(db: Tx, row: { module: string; recordId: string; userId: string | null; action: string; changes: Changes }): Promise<void> {
  await sql`insert into audit_log (module, record_id, user_id, action, changes)
    values (${row.module}, ${row.recordId}, ${row.userId}, ${row.action}, ${JSON.stringify(row.changes)}::jsonb)`.execute(db);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Field-by-field old → new for the given new values; unchanged fields are left out. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): Changes {
  const out: Changes = {};
  for (const [k, v] of Object.entries(after)) {
    if (!same(before[k], v)) out[k] = [before[k] ?? null, v ?? null];
  }
  return out;
}
