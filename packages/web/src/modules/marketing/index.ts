import { lazy } from 'react';
import { notifications } from '@mantine/notifications';
import { api } from '../../api/client';
import { i18n } from '../../i18n';
import type { AreaPlugin, RecordAction } from '../../records/record/module-extensions';

const lazyNamed = <K extends string>(load: () => Promise<Record<K, React.ComponentType<any>>>, name: K) => lazy(() => load().then((m) => ({ default: m[name] })));
const forms = () => import('./web-form-ui');
const mailings = () => import('./mailing-ui');
const results = () => import('./campaign-results');
const segments = () => import('./segment-ui');
const surveys = () => import('./survey-ui');
const events = () => import('./event-ui');

const segmentTool = lazyNamed(segments, 'SegmentListTool');
const sendSms: RecordAction = { key: 'send_sms', labelKey: 'marketing.send_sms', dialog: lazyNamed(mailings, 'SmsDialog') };

/** The event's plan as tasks (once per subject); says how many were made. */
async function createPlanTasks({ record }: { record: { id: unknown } }): Promise<void> {
  const r = await api<{ data: { created: number } }>(`/records/marketing_events/${String(record.id)}/actions/create_tasks`, { method: 'POST', body: {} });
  notifications.show({ color: 'green', message: i18n.t('events.tasks_created', { count: r.data.created }) });
}

/** Marketing: the web form designer, campaign results, the mailing wizard and its progress, SMS from a record. */
export const marketingPlugin: AreaPlugin = {
  extensions: {
    web_forms: {
      fieldInputs: { fields: lazyNamed(forms, 'FormFieldsEditor'), hidden: lazyNamed(forms, 'HiddenValuesEditor'), allowed_origins: lazyNamed(forms, 'OriginsInput') },
      tabs: [{ key: 'publish', labelKey: 'marketing.publish', component: lazyNamed(forms, 'FormPublishTab'), first: true }],
    },
    campaigns: {
      tabs: [{ key: 'results', labelKey: 'marketing.results', component: lazyNamed(results, 'CampaignResultsTab'), first: true }],
      actions: [{ key: 'mail_members', labelKey: 'marketing.mail_members', run: async ({ record }) => `/mailings/compose?campaign=${String(record.id)}` }],
    },
    mailings: {
      fieldInputs: { audience: lazyNamed(mailings, 'AudienceInput') },
      tabs: [{ key: 'progress', labelKey: 'marketing.progress', component: lazyNamed(mailings, 'MailingProgressTab'), first: true }],
    },
    segments: {
      fieldInputs: { rule: lazyNamed(segments, 'RuleInput') },
      tabs: [{ key: 'members', labelKey: 'marketing.segment_members', component: lazyNamed(segments, 'SegmentMembersTab'), first: true }],
    },
    surveys: {
      fieldInputs: { questions: lazyNamed(surveys, 'QuestionsEditor'), rules: lazyNamed(surveys, 'RulesEditor') },
      tabs: [{ key: 'results', labelKey: 'marketing.results', component: lazyNamed(surveys, 'SurveyResultsTab'), first: true }],
      actions: [{ key: 'send', labelKey: 'surveys.send', dialog: lazyNamed(surveys, 'SendSurveyDialog'), primary: true, visible: (r) => r.status !== 'closed' }],
    },
    marketing_events: {
      fieldInputs: { task_plan: lazyNamed(events, 'TaskPlanEditor'), partners: lazyNamed(events, 'PartnersEditor') },
      tabs: [
        { key: 'participants', labelKey: 'events.participants', component: lazyNamed(events, 'ParticipantsTab'), first: true },
        { key: 'results', labelKey: 'marketing.results', component: lazyNamed(events, 'EventResultsTab') },
      ],
      actions: [
        { key: 'invite', labelKey: 'events.invite', dialog: lazyNamed(events, 'InviteDialog'), primary: true },
        { key: 'create_tasks', labelKey: 'events.create_tasks', run: createPlanTasks },
      ],
    },
    claims: { fieldInputs: { participants: lazyNamed(events, 'ClaimParticipantsEditor') } },
    contacts: { actions: [sendSms], listTools: [segmentTool] },
    leads: { actions: [sendSms], listTools: [segmentTool] },
    accounts: { actions: [sendSms], listTools: [segmentTool] },
    products: { listTools: [segmentTool] },
  },
  pages: [{ path: 'mailings/compose', area: 'marketing', labelKey: 'marketing.new_mailing', component: lazyNamed(mailings, 'MailingWizardPage') }],
};
