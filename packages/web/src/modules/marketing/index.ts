import { lazy } from 'react';
import type { AreaPlugin, RecordAction } from '../../records/record/module-extensions';

const lazyNamed = <K extends string>(load: () => Promise<Record<K, React.ComponentType<any>>>, name: K) => lazy(() => load().then((m) => ({ default: m[name] })));
const forms = () => import('./web-form-ui');
const mailings = () => import('./mailing-ui');
const results = () => import('./campaign-results');
const segments = () => import('./segment-ui');

const segmentTool = lazyNamed(segments, 'SegmentListTool');
const sendSms: RecordAction = { key: 'send_sms', labelKey: 'marketing.send_sms', dialog: lazyNamed(mailings, 'SmsDialog') };

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
    contacts: { actions: [sendSms], listTools: [segmentTool] },
    leads: { actions: [sendSms], listTools: [segmentTool] },
    accounts: { actions: [sendSms], listTools: [segmentTool] },
    products: { listTools: [segmentTool] },
  },
  pages: [{ path: 'mailings/compose', area: 'marketing', labelKey: 'marketing.new_mailing', component: lazyNamed(mailings, 'MailingWizardPage') }],
};
