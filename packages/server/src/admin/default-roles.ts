import { MODULE_ACTIONS, type ModuleAction } from '@karta/shared';

const ALL = [...MODULE_ACTIONS];
const READ: ModuleAction[] = ['view', 'export'];
const WORK: ModuleAction[] = ['view', 'create', 'edit', 'delete', 'export', 'mass_edit'];

/** Everyone builds and runs their own reports (each sees only the rows they may see). */
const OWN = ['reports'];
/** Templates are read by everyone who sends e-mail; written by managers and marketing. */
const TEMPLATES = ['email_templates'];
/** Print templates are read by everyone who prints; written by administrators (Settings). */
const PRINT = ['print_templates'];
const SALES = ['accounts', 'contacts', 'leads', 'deals', 'offers', 'quotes', 'sales_orders', 'invoices', 'events', 'tasks', 'documents', 'comments', 'emails'];
const CATALOGUE = ['products', 'services', 'price_books', 'price_types', 'vendors', 'faqs', 'deal_kinds', 'campaigns'];
const SUPPORT = ['tickets', 'faqs', 'service_contracts', 'assets', 'claims'];
/** Mass mailings (each sender reaches only the records they may see), web-to-lead forms, segments. */
const OUTREACH = ['mailings', 'web_forms', 'segments', 'marketing_events', 'surveys', 'survey_responses', 'loyalty_programs', 'loyalty_cards'];

const grant = (modules: string[], actions: ModuleAction[]) => Object.fromEntries(modules.map((m) => [m, actions]));

/** The role tree of a small sales company; administrators adjust it in Settings. */
export const DEFAULT_ROLES: { key: string; name: string; parent?: string; permissions: Record<string, ModuleAction[]> }[] = [
  { key: 'ceo', name: 'CEO', permissions: { ...grant([...SALES, ...CATALOGUE, ...SUPPORT, ...OUTREACH, 'purchase_orders', ...OWN, ...TEMPLATES], ALL), ...grant(PRINT, ['view']) } },
  { key: 'sales_manager', name: 'Sales manager', parent: 'ceo', permissions: { ...grant(CATALOGUE, READ), ...grant(SUPPORT, READ), ...grant(SALES, [...WORK, 'import']), ...grant(['loyalty_cards'], WORK), ...grant(['loyalty_programs'], READ), ...grant(['deal_kinds', 'mailings', 'segments', 'claims', 'marketing_events', 'surveys'], WORK), ...grant(['survey_responses'], READ), ...grant(['web_forms'], READ), ...grant(OWN, WORK), ...grant(TEMPLATES, WORK), ...grant(PRINT, ['view']) } },
  { key: 'sales', name: 'Sales person', parent: 'sales_manager', permissions: { ...grant(CATALOGUE, READ), ...grant(['tickets'], READ), ...grant(SALES, WORK), ...grant(['loyalty_cards'], WORK), ...grant(['loyalty_programs'], READ), ...grant(['mailings', 'segments', 'claims'], WORK), ...grant(['marketing_events', 'surveys', 'survey_responses'], ['view']), ...grant(OWN, WORK), ...grant(TEMPLATES, ['view']), ...grant(PRINT, ['view']) } },
  { key: 'marketing', name: 'Marketing', parent: 'ceo', permissions: { ...grant(['campaigns', 'leads', 'contacts', 'accounts', 'events', 'tasks', 'documents', 'comments', 'emails'], [...WORK, 'import']), ...grant(['products', 'services', 'faqs'], READ), ...grant(OUTREACH, WORK), ...grant(OWN, WORK), ...grant(TEMPLATES, WORK), ...grant(PRINT, ['view']) } },
  { key: 'support', name: 'Support', parent: 'ceo', permissions: { ...grant(SUPPORT, WORK), ...grant(['accounts', 'contacts', 'products', 'services'], READ), ...grant(['events', 'tasks', 'documents', 'comments', 'emails'], WORK), ...grant(OWN, WORK), ...grant(TEMPLATES, ['view']), ...grant(PRINT, ['view']) } },
];
