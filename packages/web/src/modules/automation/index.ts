import { lazy } from 'react';
import type { AreaPlugin } from '../../records/record/module-extensions';

const lazyNamed = <K extends string>(load: () => Promise<Record<K, React.ComponentType<any>>>, name: K) => lazy(() => load().then((m) => ({ default: m[name] })));
const editors = () => import('./workflow-editors');
const pickers = () => import('./pickers');
const logs = () => import('./logs');
const approvals = () => import('./approvals-ui');
const templates = () => import('./template-ui');

const ModuleInput = lazyNamed(pickers, 'ModuleInput');
const TriggerEditor = lazyNamed(editors, 'TriggerEditor');
const ConditionsEditor = lazyNamed(editors, 'ConditionsEditor');
const ActionsEditor = lazyNamed(editors, 'ActionsEditor');
const RunsTab = lazyNamed(logs, 'RunsTab');
const DeliveriesTab = lazyNamed(logs, 'DeliveriesTab');
const EventsInput = lazyNamed(logs, 'EventsInput');
const StepsEditor = lazyNamed(approvals, 'StepsEditor');
const UnlocksEditor = lazyNamed(approvals, 'UnlocksEditor');
const ApprovalBanner = lazyNamed(approvals, 'ApprovalBanner');
const SubmitDialog = lazyNamed(approvals, 'SubmitDialog');
const ApprovalsPage = lazyNamed(approvals, 'ApprovalsPage');
const BodyInput = lazyNamed(templates, 'BodyInput');
const VariantsEditor = lazyNamed(templates, 'VariantsEditor');
const DocumentsInput = lazyNamed(templates, 'DocumentsInput');
const TemplatePreviewTab = lazyNamed(templates, 'TemplatePreviewTab');
const TestRunDialog = lazyNamed(() => import('./test-run-dialog'), 'TestRunDialog');

/** Automation: e-mail templates, workflows, webhooks, approval processes and the approval inbox. */
export const automationPlugin: AreaPlugin = {
  extensions: {
    email_templates: {
      fieldInputs: { module: ModuleInput, body_html: BodyInput, variants: VariantsEditor, document_ids: DocumentsInput },
      tabs: [{ key: 'preview', labelKey: 'automation.preview', component: TemplatePreviewTab }],
    },
    workflows: {
      fieldInputs: { module: ModuleInput, trigger: TriggerEditor, where: ConditionsEditor, actions: ActionsEditor },
      tabs: [{ key: 'runs', labelKey: 'automation.runs', component: RunsTab }],
      actions: [{ key: 'test_run', labelKey: 'automation.test_run', dialog: TestRunDialog }],
    },
    webhooks: {
      fieldInputs: { events: EventsInput },
      tabs: [{ key: 'deliveries', labelKey: 'automation.deliveries', component: DeliveriesTab }],
    },
    approval_processes: { fieldInputs: { module: ModuleInput, where: ConditionsEditor, steps: StepsEditor, unlocks: UnlocksEditor } },
  },
  everyModule: {
    banners: [ApprovalBanner],
    actions: [{ key: 'submit_for_approval', labelKey: 'approvals.submit', dialog: SubmitDialog }],
  },
  pages: [{ path: 'approvals', area: 'activities', labelKey: 'approvals.title', component: ApprovalsPage }],
};
