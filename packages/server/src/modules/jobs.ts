import type { JobHandler } from '../platform/jobs.js';
import { reminderJobs } from './activities/reminders.js';

/** Handlers of queued jobs by kind; each area adds its own (reminders, mailings, workflows…). */
export const moduleJobs: Record<string, JobHandler> = { ...reminderJobs };
