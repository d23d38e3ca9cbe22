import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../platform/db.js';

export type Changes = Record<string, [unknown, unknown]>;

export interface AuditRow { module: string; recordId: string; userId: string | null; action: string; changes: Changes; ip?: string }

/** The insert of one audit row, for a write that adds it to its own statement (a data-modifying WITH: one round trip). */
export function auditInsert(row: AuditRow): RawBuilder<unknown> {
  return sql`insert into audit_log (module, record_id, user_id, action, changes, ip)
    values (${row.module}, ${row.recordId}, ${row.userId}, ${row.action}, ${JSON.stringify(row.changes)}::jsonb, ${row.ip ?? null})`;
}

/** Writes one audit row; called inside the transaction of the change it describes. */
export async function writeAudit(db: Tx, row: AuditRow): Promise<void> {
  await auditInsert(row).execute(db);
}

/** Many audit rows in one statement (a batch written set-based), same transaction as the change. */
export async function writeAuditMany(db: Tx, rows: { module: string; recordId: string; userId: string | null; action: string; changes: Changes }[]): Promise<void> {
  if (!rows.length) return;
  const json = rows.map((r) => ({ module: r.module, record_id: r.recordId, user_id: r.userId, action: r.action, changes: r.changes }));
  await sql`insert into audit_log (module, record_id, user_id, action, changes)
    select module, record_id, user_id, action, changes
    from jsonb_to_recordset(${JSON.stringify(json)}::jsonb) as x(module text, record_id uuid, user_id uuid, action text, changes jsonb)`.execute(db);
}

/** The audit of a new record: every field given a value, from nothing. */
export function createdChanges(fields: Map<string, unknown>, values: Record<string, unknown>): Changes {
  return Object.fromEntries(Object.entries(values)
    .filter(([k, v]) => v != null && fields.has(k) && !(Array.isArray(v) && !v.length))
    .map(([k, v]) => [k, [null, v]]));
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
