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
import { EMAIL_TARGETS, emailRelation, emailsModule } from './emails/emails.module.js';
import { eventsModule } from './events/events.module.js';
import { faqsModule } from './faqs/faqs.module.js';
import { invoicesModule } from './invoices/invoices.module.js';
import { leadsModule } from './leads/leads.module.js';
import { priceBooksModule } from './price_books/price_books.module.js';
import { productsModule } from './products/products.module.js';
import { purchaseOrdersModule } from './purchase_orders/purchase_orders.module.js';
import { quotesModule } from './quotes/quotes.module.js';
import { salesOrdersModule } from './sales_orders/sales_orders.module.js';
import { serviceContractsModule } from './service_contracts/service_contracts.module.js';
import { servicesModule } from './services/services.module.js';
import { tasksModule } from './tasks/tasks.module.js';
import { ticketsModule } from './tickets/tickets.module.js';
import { vendorsModule } from './vendors/vendors.module.js';

export {
  accountsModule, assetsModule, campaignsModule, commentsModule, contactsModule, dealKindsModule, dealsModule,
  documentsModule, emailsModule, eventsModule, faqsModule, invoicesModule, leadsModule, priceBooksModule, productsModule,
  purchaseOrdersModule, quotesModule, salesOrdersModule, serviceContractsModule, servicesModule, tasksModule,
  ticketsModule, vendorsModule,
};

export const standardModules: ModuleDef[] = [
  // marketing
  campaignsModule,
  leadsModule,
  // sales
  accountsModule,
  contactsModule,
  dealsModule,
  dealKindsModule,
  quotesModule,
  salesOrdersModule,
  invoicesModule,
  // inventory
  productsModule,
  servicesModule,
  priceBooksModule,
  vendorsModule,
  purchaseOrdersModule,
  // support
  ticketsModule,
  faqsModule,
  serviceContractsModule,
  assetsModule,
  // activities
  eventsModule,
  tasksModule,
  documentsModule,
  commentsModule,
  emailsModule,
];

// E-mails appear in the related lists of what they were about (declared once, here, not in each module).
for (const m of standardModules) {
  if (EMAIL_TARGETS.includes(m.name)) m.relations = [...(m.relations ?? []), emailRelation(m.name)];
}
