import type { Tx } from '../platform/db.js';
import { writeAudit, type Changes } from '../engine/audit/audit.js';
import type { RequestContext } from '../engine/context.js';

/** Administrative changes (users, roles, profiles, groups, sharing, settings…) are audited like records, with the address they came from. */
export function auditAdmin(db: Tx, area: string, id: string, by: Pick<RequestContext, 'user' | 'ip'>, action: string, changes: Changes): Promise<void> {
  return writeAudit(db, { module: area, recordId: id, userId: by.user.id, action, changes, ip: by.ip });
}
