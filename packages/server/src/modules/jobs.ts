import type { AppContext } from '../app-context.js';
import type { JobHandler } from '../platform/jobs.js';
import { reminderJobs } from './activities/reminders.js';
import { contractDueJob } from './support/contract-usage.js';
import { claimOverdueJob } from './claims/claim-flow.js';
import { ZONE_REBOOK_JOB, zoneRebookJob } from './zone-rebook.js';

/** Handlers of queued jobs by kind; each area adds its own (reminders, mailings, workflows…). */
export const moduleJobs = (app: AppContext): Record<string, JobHandler> => ({ ...reminderJobs(app), contract_due: contractDueJob, claim_overdue: claimOverdueJob, [ZONE_REBOOK_JOB]: zoneRebookJob });
