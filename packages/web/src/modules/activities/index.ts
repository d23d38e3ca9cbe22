import { notifications } from '@mantine/notifications';
import { lazy } from 'react';
import { runAction } from '../../api/records';
import { NotificationBell } from './notification-bell';
import { TaskViews } from './task-views';
import type { AreaPlugin } from '../../records/record/module-extensions';

const CalendarPage = lazy(() => import('./calendar-page').then((m) => ({ default: m.CalendarPage })));
const DocumentVersionsTab = lazy(() => import('./document-versions-tab').then((m) => ({ default: m.DocumentVersionsTab })));
const RemindMeDialog = lazy(() => import('./remind-me-dialog').then((m) => ({ default: m.RemindMeDialog })));
const RecurrenceEditor = lazy(() => import('./recurrence-editor').then((m) => ({ default: m.RecurrenceEditor })));
const RecurrenceDisplay = lazy(() => import('./recurrence-editor').then((m) => ({ default: m.RecurrenceDisplay })));
const ReminderInput = lazy(() => import('./event-inputs').then((m) => ({ default: m.ReminderInput })));
const ReminderDisplay = lazy(() => import('./event-inputs').then((m) => ({ default: m.ReminderDisplay })));
const InviteesInput = lazy(() => import('./event-inputs').then((m) => ({ default: m.InviteesInput })));
const InviteesDisplay = lazy(() => import('./event-inputs').then((m) => ({ default: m.InviteesDisplay })));
const InvitedContactsInput = lazy(() => import('./event-inputs').then((m) => ({ default: m.InvitedContactsInput })));
const TimelineTab = lazy(() => import('./timeline-tab').then((m) => ({ default: m.TimelineTab })));

/** Activities: the timeline (with comments) on every record page, the calendar. */
export const activitiesPlugin: AreaPlugin = {
  everyModule: {
    tabs: [{ key: 'timeline', labelKey: 'activities.timeline', component: TimelineTab }],
    actions: [{ key: 'remind_me', labelKey: 'activities.remind_me', dialog: RemindMeDialog }],
  },
  extensions: {
    tasks: {
      listTools: [TaskViews],
      fieldInputs: { reminder_minutes: ReminderInput, recurrence: RecurrenceEditor },
      fieldDisplays: { reminder_minutes: ReminderDisplay, recurrence: RecurrenceDisplay },
    },
    documents: { tabs: [{ key: 'versions', labelKey: 'activities.versions', component: DocumentVersionsTab }] },
    events: {
      fieldInputs: { recurrence: RecurrenceEditor, reminder_minutes: ReminderInput, invitee_ids: InviteesInput, contact_ids: InvitedContactsInput },
      fieldDisplays: { recurrence: RecurrenceDisplay, reminder_minutes: ReminderDisplay, invitee_ids: InviteesDisplay },
      actions: [{ key: 'send_invitations', labelKey: 'activities.send_invitations', async run({ record }) {
      const r = await runAction('events', record.id, 'send_invitations') as { sent_to: string[] };
      notifications.show({ color: 'green', message: r.sent_to.join(', ') });
    } }],
    },
  },
  headerWidgets: [NotificationBell],
  pages: [{ path: 'calendar', area: 'activities', labelKey: 'activities.calendar', component: CalendarPage }],
};
