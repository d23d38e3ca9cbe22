/** The audit log's daily partition maintenance on the job queue (engine/audit/partitions.ts): one instance runs it. */
import type { AppContext } from '../app-context.js';
import { ensureAuditPartitions, pruneAuditPartitions } from '../engine/audit/partitions.js';
import { enqueue, type JobHandler } from '../platform/jobs.js';
import type { Tx } from '../platform/db.js';

const KIND = 'ops.audit_partitions';
const DAY_MS = 86_400_000;

/** Next month's partitions and the retention, now; then once a day. */
export async function scheduleAuditMaintenance(db: Tx, retentionMonths: number): Promise<void> {
  await ensureAuditPartitions(db);
  await pruneAuditPartitions(db, retentionMonths);
  await enqueue(db, { kind: KIND, key: 'audit:partitions', payload: {}, runAt: new Date(Date.now() + DAY_MS) });
}

export function auditMaintenanceJobs(app: AppContext): Record<string, JobHandler> {
  return { [KIND]: (trx) => scheduleAuditMaintenance(trx, app.config.auditRetentionMonths) };
}
