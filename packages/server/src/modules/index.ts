/** Every standard module declaration, in menu order. */
import type { ModuleDef } from '@karta/shared';
import { accountsModule } from './accounts/accounts.module.js';
import { assetsModule } from './assets/assets.module.js';
import { campaignsModule } from './campaigns/campaigns.module.js';
import { commentsModule } from './comments/comments.module.js';
import { contactsModule } from './contacts/contacts.module.js';
import { dealKindsModule } from './deal_kinds/deal_kinds.module.js';
import { dealsModule } from './deals/deals.module.js';
import { documentsModule } from './documents/documents.module.js';
import { singular } from '../engine/schema/module-tables.js';
import { ACTIVITY_TARGETS, manyToMany } from './common.js';
import { EMAIL_TARGETS, emailRelation, emailsModule } from './emails/emails.module.js';
import { LABELS } from './labels.js';
import { eventsModule } from './events/events.module.js';
import { emailTemplatesModule } from './email_templates/email_templates.module.js';
import { workflowsModule } from './workflows/workflows.module.js';
import { webhooksModule } from './webhooks/webhooks.module.js';
import { webFormsModule } from './web_forms/web_forms.module.js';
import { mailingsModule } from './mailings/mailings.module.js';
import { segmentsModule } from './segments/segments.module.js';
import { claimsModule } from './claims/claims.module.js';
import { surveysModule } from './surveys/surveys.module.js';
import { surveyResponsesModule } from './survey_responses/survey_responses.module.js';
import { marketingEventsModule } from './marketing_events/marketing_events.module.js';
import { priceTypesModule } from './price_types/price_types.module.js';
import { offersModule } from './offers/offers.module.js';
import { loyaltyProgramsModule } from './loyalty_programs/loyalty_programs.module.js';
import { loyaltyCardsModule } from './loyalty_cards/loyalty_cards.module.js';
import { approvalProcessesModule } from './approval_processes/approval_processes.module.js';
import { printTemplatesModule } from './print_templates/print_templates.module.js';
import { faqsModule } from './faqs/faqs.module.js';
import { invoicesModule } from './invoices/invoices.module.js';
import { leadsModule } from './leads/leads.module.js';
import { priceBooksModule } from './price_books/price_books.module.js';
import { productsModule } from './products/products.module.js';
import { purchaseOrdersModule } from './purchase_orders/purchase_orders.module.js';
import { quotesModule } from './quotes/quotes.module.js';
import { reportsModule } from './reports/reports.module.js';
import { salesOrdersModule } from './sales_orders/sales_orders.module.js';
import { serviceContractsModule } from './service_contracts/service_contracts.module.js';
import { servicesModule } from './services/services.module.js';
import { tasksModule } from './tasks/tasks.module.js';
import { ticketsModule } from './tickets/tickets.module.js';
import { vendorsModule } from './vendors/vendors.module.js';

export {
  accountsModule, assetsModule, campaignsModule, commentsModule, contactsModule, dealKindsModule, dealsModule,
  documentsModule, emailTemplatesModule, emailsModule, eventsModule, faqsModule, invoicesModule, leadsModule, priceBooksModule, productsModule,
  purchaseOrdersModule, quotesModule, reportsModule, salesOrdersModule, serviceContractsModule, servicesModule, tasksModule,
  ticketsModule, vendorsModule, workflowsModule, webhooksModule, approvalProcessesModule, printTemplatesModule, webFormsModule, mailingsModule, segmentsModule, claimsModule,
  surveysModule, surveyResponsesModule, marketingEventsModule, priceTypesModule, offersModule, loyaltyProgramsModule, loyaltyCardsModule,
};

export const standardModules: ModuleDef[] = [
  // marketing
  campaignsModule,
  leadsModule,
  webFormsModule,
  mailingsModule,
  segmentsModule,
  marketingEventsModule,
  surveysModule,
  surveyResponsesModule,
  loyaltyProgramsModule,
  loyaltyCardsModule,
  // sales
  accountsModule,
  contactsModule,
  dealsModule,
  dealKindsModule,
  offersModule,
  quotesModule,
  salesOrdersModule,
  invoicesModule,
  // inventory
  productsModule,
  servicesModule,
  priceBooksModule,
  priceTypesModule,
  vendorsModule,
  purchaseOrdersModule,
  // support
  ticketsModule,
  faqsModule,
  serviceContractsModule,
  assetsModule,
  claimsModule,
  // activities
  eventsModule,
  tasksModule,
  documentsModule,
  commentsModule,
  emailsModule,
  emailTemplatesModule,
  // analytics
  reportsModule,
  // settings: automation
  workflowsModule,
  approvalProcessesModule,
  printTemplatesModule,
  webhooksModule,
];

// E-mails appear in the related lists of what they were about (declared once, here, not in each module).
for (const m of standardModules) {
  if (EMAIL_TARGETS.includes(m.name)) m.relations = [...(m.relations ?? []), emailRelation(m.name)];
}

// Documents link to any number of records: a link table per kind of record, a related list on both sides.
for (const m of standardModules) {
  if (!ACTIVITY_TARGETS.includes(m.name)) continue;
  const table = `${singular(m.name)}_documents`;
  m.relations = [...(m.relations ?? []), manyToMany('documents', 'documents', table, LABELS.documents.many)];
  documentsModule.relations = [...(documentsModule.relations ?? []), manyToMany(m.name, m.name, table, m.label.many)];
}
