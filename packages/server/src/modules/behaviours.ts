import { printTemplateBehaviour } from './print/print-template-behaviour.js';
import { ticketSlaBehaviour } from './support/ticket-sla.js';
import { replyAction } from './support/ticket-reply.js';
import { contactPortalBehaviour } from './portal/portal-invite.js';
import { convertToFaq } from './support/knowledge-base.js';
import { contractBehaviour, ticketContractBehaviour } from './support/contract-usage.js';
import type { ModuleBehaviour } from '../engine/registry/behaviour.js';
import { eventBehaviour } from './activities/calendar.js';
import { commentBehaviour } from './activities/comment-behaviour.js';
import { sendInvitations } from './activities/ical.js';
import { reminderBehaviour } from './activities/reminders.js';
import { taskAssignmentBehaviour } from './activities/task-assignment.js';
import { taskRecurrenceBehaviour } from './activities/task-recurrence.js';
import { emailBehaviours } from './emails/behaviours.js';
import { documentBehaviour } from './files/document-behaviour.js';
import { DOCUMENT_MODULES, lineItemsBehaviour } from './line-items/behaviour.js';
import { itemMergeBehaviour } from './line-items/item-merge.js';
import { lineCostsBehaviour } from './line-items/line-costs.js';
import { convertDocument, duplicateDocument, purchaseOrderFromProduct, quoteFromDeal } from './line-items/convert.js';
import { leadBehaviour } from './sales/convert-lead.js';
import { dealBehaviour } from './sales/deal-behaviour.js';
import { dealKindBehaviour } from './sales/deal-kind-behaviour.js';
import { stockBehaviours } from './stock/behaviour.js';
import { moveFollowsAndNotifications } from './collaboration/merge.js';
import { moveMarketingHistory } from './marketing/marketing-merge.js';
import { standardModules } from './index.js';
import { reportBehaviour } from './reports/report-behaviour.js';
import { templateBehaviour } from './automation/template-behaviour.js';
import { outboxBehaviour } from './automation/outbox.js';
import { approvalActions, approvalLockBehaviour, approvalProcessBehaviour, guardAction } from './automation/approvals.js';
import { webhookBehaviour } from './automation/webhooks.js';
import { workflowBehaviour } from './automation/workflow-schedule.js';
import { reportScheduleBehaviour } from './reports/scheduled-reports.js';
import { webFormBehaviour } from './marketing/web-form-design.js';
import { campaignMemberBehaviour, dealCampaignBehaviour } from './marketing/campaign-members.js';
import { mailingBehaviour } from './marketing/mailing-actions.js';
import { segmentBehaviour } from './marketing/segment-members.js';
import { claimBehaviour } from './claims/claim-flow.js';
import { surveyBehaviour } from './marketing/survey-actions.js';
import { marketingEventBehaviour } from './marketing/event-actions.js';
import { priceTypeBehaviour, purchasePriceBehaviour } from './pricing/price-type-rules.js';
import { offerBehaviour } from './pricing/offer-rules.js';
import { invoiceLoyaltyBehaviour, loyaltyCardBehaviour, loyaltyProgramBehaviour } from './pricing/loyalty.js';

/** Several areas may add hooks and actions to one module: hooks run in order, actions are merged. */
export function mergeBehaviours(...parts: Record<string, ModuleBehaviour>[]): Record<string, ModuleBehaviour> {
  const out: Record<string, ModuleBehaviour> = {};
  for (const part of parts) {
    for (const [module, b] of Object.entries(part)) {
      const had = out[module];
      if (!had) { out[module] = b; continue; }
      out[module] = {
        beforeWrite: chain(had.beforeWrite, b.beforeWrite),
        afterWrite: chain(had.afterWrite, b.afterWrite),
        onMerge: chain(had.onMerge, b.onMerge),
        onApproved: chain(had.onApproved, b.onApproved),
        actions: { ...had.actions, ...b.actions },
      };
    }
  }
  return out;
}

type Hook<A extends unknown[]> = (...args: A) => void | Promise<void>;
function chain<A extends unknown[]>(a?: Hook<A>, b?: Hook<A>): Hook<A> | undefined {
  if (!a || !b) return a ?? b;
  return async (...args: A) => { await a(...args); await b(...args); };
}

/** Every action of every module behind the approval guard (a process may say an action needs an approval first). */
function guarded(behaviours: Record<string, ModuleBehaviour>): Record<string, ModuleBehaviour> {
  return Object.fromEntries(Object.entries(behaviours).map(([module, b]) => [module, {
    ...b, actions: b.actions && Object.fromEntries(Object.entries(b.actions).map(([name, handler]) => [name, guardAction(name, handler)])),
  }]));
}

/** Module behaviour (hooks and actions) by module name; each area adds its own part. */
export const standardBehaviours: Record<string, ModuleBehaviour> = guarded(mergeBehaviours(
  // First: a record waiting for approval is locked before any other hook computes anything.
  Object.fromEntries(standardModules.map((m) => [m.name, approvalLockBehaviour])),
  Object.fromEntries(DOCUMENT_MODULES.map((m) => [m, lineItemsBehaviour])),
  Object.fromEntries(DOCUMENT_MODULES.map((m) => [m, lineCostsBehaviour])),
  Object.fromEntries(DOCUMENT_MODULES.map((m) => [m, { actions: { duplicate: duplicateDocument } }])),
  {
    quotes: { actions: { convert: convertDocument } },
    sales_orders: { actions: { convert: convertDocument } },
    products: { actions: { create_purchase_order: purchaseOrderFromProduct } },
    deals: { ...dealBehaviour, actions: { create_quote: quoteFromDeal } },
    leads: leadBehaviour,
    deal_kinds: dealKindBehaviour,
    comments: commentBehaviour,
    events: { ...eventBehaviour, actions: { send_invitations: sendInvitations } },
    documents: documentBehaviour,
    reports: reportBehaviour,
    email_templates: templateBehaviour,
    workflows: workflowBehaviour,
    webhooks: webhookBehaviour,
    approval_processes: approvalProcessBehaviour,
    print_templates: printTemplateBehaviour,
    tickets: { ...ticketSlaBehaviour, actions: { reply: replyAction, convert_to_faq: convertToFaq } },
    contacts: contactPortalBehaviour,
    web_forms: webFormBehaviour,
    mailings: mailingBehaviour,
    segments: segmentBehaviour,
  },
  emailBehaviours,
  stockBehaviours,
  { events: reminderBehaviour('events'), tasks: reminderBehaviour('tasks') },
  { tasks: taskAssignmentBehaviour },
  { tasks: taskRecurrenceBehaviour },
  { reports: reportScheduleBehaviour },
  { tickets: ticketContractBehaviour, service_contracts: contractBehaviour },
  { leads: campaignMemberBehaviour, deals: dealCampaignBehaviour },
  { purchase_orders: purchasePriceBehaviour },
  { products: itemMergeBehaviour, services: itemMergeBehaviour },
  { claims: claimBehaviour, surveys: surveyBehaviour, marketing_events: marketingEventBehaviour, price_types: priceTypeBehaviour, offers: offerBehaviour },
  { loyalty_programs: loyaltyProgramBehaviour, loyalty_cards: loyaltyCardBehaviour, invoices: invoiceLoyaltyBehaviour },
  Object.fromEntries(standardModules.map((m) => [m.name, { onMerge: moveFollowsAndNotifications(m.name) }])),
  Object.fromEntries(['accounts', 'contacts', 'leads'].map((m) => [m, { onMerge: moveMarketingHistory(m) }])),
  // Last, so the outbox sees the values the other hooks computed.
  // Approvals: submit/approve/reject on every module; a pending record is locked before any other hook runs.
  Object.fromEntries(standardModules.map((m) => [m.name, { actions: approvalActions }])),
  Object.fromEntries(standardModules.map((m) => [m.name, outboxBehaviour])),
));
