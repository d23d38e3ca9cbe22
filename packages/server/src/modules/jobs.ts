import type { JobHandler } from '../platform/jobs.js';
import { reminderJobs } from './activities/reminders.js';
import { contractDueJob } from './support/contract-usage.js';
import { claimOverdueJob } from './claims/claim-flow.js';
import { ZONE_REBOOK_JOB, zoneRebookJob } from './zone-rebook.js';

/** Handlers of queued jobs by kind; each area adds its own (reminders, mailings, workflows…). */
export const moduleJobs: Record<string, JobHandler> = { ...reminderJobs, contract_due: contractDueJob, claim_overdue: claimOverdueJob, [ZONE_REBOOK_JOB]: zoneRebookJob };
