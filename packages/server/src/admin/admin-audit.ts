import type { Tx } from '../platform/db.js';
import { writeAudit, type Changes } from '../engine/audit/audit.js';

/** Administrative changes (users, roles, groups, sharing, numbering) are audited like records. */
export function auditAdmin(db: Tx, area: string, id: string, userId: string, action: string, changes: Changes): Promise<void> {
  return writeAudit(db, { module: area, recordId: id, userId, action, changes });
}
