import type { AppContext } from './app-context.js';
import { importJobs } from './engine/io/imports/run.js';
import { searchRebuildJobs } from './engine/query/search-rebuild.js';
import { moduleJobs } from './modules/jobs.js';
import { personalReminderJobs } from './modules/activities/reminders.js';
import { mailboxJobs } from './modules/support/mail-poll.js';
import { reportJobs } from './modules/reports/scheduled-reports.js';
import { webhookJobs } from './modules/automation/webhooks.js';
import { workflowEffectJobs } from './modules/automation/workflow-effects.js';
import { workflowEventJobs } from './modules/automation/workflow-run.js';
import { workflowTimeJobs } from './modules/automation/workflow-schedule.js';
import { mailingJobs } from './modules/marketing/mailing-run.js';
import { startScheduled } from './modules/marketing/mailing-actions.js';
import { segmentJobs } from './modules/marketing/segment-members.js';
import { invitationJobs } from './modules/marketing/invitations.js';
import { surveyComposer } from './modules/marketing/survey-actions.js';
import { eventComposer } from './modules/marketing/event-actions.js';
import type { JobHandler } from './platform/jobs.js';
import { accessJobs } from './platform/auth/lockout-mail.js';
import { backupJobs } from './ops/backup-routes.js';
import { auditMaintenanceJobs } from './ops/audit-maintenance.js';
import { pgliteMaintenanceJobs } from './ops/pglite-maintenance.js';

/** Every kind of queued job this application runs: the engine's (imports, search rebuild) and the modules'. */
export function jobHandlers(app: AppContext): Record<string, JobHandler> {
  return { ...moduleJobs(app), ...personalReminderJobs(app), ...accessJobs, ...backupJobs(app), ...auditMaintenanceJobs(app), ...pgliteMaintenanceJobs(app), ...searchRebuildJobs(app.meta), ...importJobs(app), ...reportJobs(app),
    ...webhookJobs(app), ...workflowEventJobs(app), ...workflowTimeJobs(app), ...workflowEffectJobs(app), ...mailboxJobs(app),
    ...mailingJobs(app, startScheduled), ...segmentJobs(app),
    ...invitationJobs(app, { survey: surveyComposer, event: eventComposer }) };
}
