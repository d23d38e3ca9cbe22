/**
 * vTiger's names for Karta's modules and fields (the 7.x schema, reference §1 and §8), in both directions:
 * the webservice answers in them and the migration reads them. A Karta field with no vTiger name keeps its
 * own (custom fields migrated from vTiger are named `cf_…` like there).
 */
export interface VtModule {
  /** vTiger module name (Accounts, Potentials, HelpDesk…). */
  vt: string;
  karta: string;
  /** Webservice entity type id of a fresh 7.x install: the `11` of `11x123`. */
  typeId: number;
  singular: string;
  /** vTiger field → Karta field. */
  fields: Record<string, string>;
}

const common = { assigned_user_id: 'assigned_to', createdtime: 'created_at', modifiedtime: 'updated_at', description: 'description', tags: 'tags' };
const address = (vt: string, karta: string) => ({
  [`${vt}_street`]: `${karta}_street`, [`${vt}_city`]: `${karta}_city`, [`${vt}_state`]: `${karta}_region`,
  [`${vt}_code`]: `${karta}_postal_code`, [`${vt}_country`]: `${karta}_country`, [`${vt}_pobox`]: `${karta}_po_box`,
});
const inventory = {
  subject: 'subject', account_id: 'account_id', contact_id: 'contact_id', potential_id: 'deal_id', currency_id: 'currency',
  conversion_rate: 'conversion_rate', hdnTaxType: 'tax_mode', hdnDiscountPercent: 'discount_percent', hdnDiscountAmount: 'discount_amount',
  hdnS_H_Amount: 'shipping_amount', txtAdjustment: 'adjustment', hdnSubTotal: 'items_total', pre_tax_total: 'pre_tax_total',
  hdnGrandTotal: 'grand_total', terms_conditions: 'terms_conditions', ...address('bill', 'billing'), ...address('ship', 'shipping'),
};

export const VT_MODULES: VtModule[] = [
  { vt: 'Campaigns', karta: 'campaigns', typeId: 1, singular: 'Campaign', fields: {
    campaignname: 'name', campaign_no: 'number', campaignstatus: 'status', campaigntype: 'campaign_type', product_id: 'product_id',
    targetaudience: 'target_audience', sponsor: 'sponsor', targetsize: 'target_size', closingdate: 'expected_close_date',
    numsent: 'sent_count', budgetcost: 'budget_cost', actualcost: 'actual_cost', expectedrevenue: 'expected_revenue', ...common } },
  { vt: 'Vendors', karta: 'vendors', typeId: 2, singular: 'Vendor', fields: {
    vendorname: 'name', vendor_no: 'number', email: 'email', phone: 'phone', website: 'website', glacct: 'gl_account', category: 'category',
    street: 'street', pobox: 'po_box', city: 'city', state: 'region', postalcode: 'postal_code', country: 'country', ...common } },
  { vt: 'Faq', karta: 'faqs', typeId: 3, singular: 'Faq', fields: {
    question: 'question', faq_answer: 'answer', faq_no: 'number', faqcategories: 'category', faqstatus: 'status', product_id: 'product_id', ...common } },
  { vt: 'Quotes', karta: 'quotes', typeId: 4, singular: 'Quote', fields: { quote_no: 'number', quotestage: 'status', validtill: 'valid_until_date', ...inventory, ...common } },
  { vt: 'PurchaseOrder', karta: 'purchase_orders', typeId: 5, singular: 'PurchaseOrder', fields: {
    purchaseorder_no: 'number', postatus: 'status', vendor_id: 'vendor_id', requisition_no: 'requisition_no', tracking_no: 'tracking_no', duedate: 'due_date', ...inventory, ...common } },
  { vt: 'SalesOrder', karta: 'sales_orders', typeId: 6, singular: 'SalesOrder', fields: {
    salesorder_no: 'number', sostatus: 'status', quote_id: 'quote_id', customerno: 'customer_no', duedate: 'due_date', ...inventory, ...common } },
  { vt: 'Invoice', karta: 'invoices', typeId: 7, singular: 'Invoice', fields: {
    invoice_no: 'number', invoicestatus: 'status', salesorder_id: 'sales_order_id', invoicedate: 'invoice_date', duedate: 'due_date', ...inventory, ...common } },
  { vt: 'PriceBooks', karta: 'price_books', typeId: 8, singular: 'PriceBook', fields: {
    bookname: 'name', pricebook_no: 'number', active: 'is_active', currency_id: 'currency', ...common } },
  { vt: 'Calendar', karta: 'tasks', typeId: 9, singular: 'Task', fields: {
    subject: 'subject', due_date: 'due_date', taskstatus: 'status', taskpriority: 'priority', parent_id: 'related_to', contact_id: 'contact_id',
    location: 'location', ...common } },
  { vt: 'Leads', karta: 'leads', typeId: 10, singular: 'Lead', fields: {
    salutationtype: 'salutation', firstname: 'first_name', lastname: 'last_name', lead_no: 'number', company: 'company', designation: 'title',
    phone: 'phone', mobile: 'mobile', fax: 'fax', email: 'email', secondaryemail: 'secondary_email', website: 'website', leadstatus: 'lead_status',
    industry: 'industry', annualrevenue: 'annual_revenue', noofemployees: 'employees', rating: 'rating', emailoptout: 'email_opt_out',
    leadsource: 'lead_source', lane: 'street', pobox: 'po_box', city: 'city', state: 'region', code: 'postal_code', country: 'country', ...common } },
  { vt: 'Accounts', karta: 'accounts', typeId: 11, singular: 'Account', fields: {
    accountname: 'name', account_no: 'number', phone: 'phone', otherphone: 'other_phone', fax: 'fax', email1: 'email', email2: 'other_email',
    website: 'website', industry: 'industry', accounttype: 'account_type', rating: 'rating', account_id: 'parent_id', employees: 'employees',
    annual_revenue: 'annual_revenue', emailoptout: 'email_opt_out', notify_owner: 'notify_owner', ...address('bill', 'billing'), ...address('ship', 'shipping'), ...common } },
  { vt: 'Contacts', karta: 'contacts', typeId: 12, singular: 'Contact', fields: {
    salutationtype: 'salutation', firstname: 'first_name', lastname: 'last_name', contact_no: 'number', account_id: 'account_id', title: 'title',
    department: 'department', phone: 'phone', mobile: 'mobile', homephone: 'home_phone', otherphone: 'other_phone', fax: 'fax', email: 'email',
    secondaryemail: 'secondary_email', birthday: 'birth_date', contact_id: 'reports_to_id', assistant: 'assistant', assistantphone: 'assistant_phone',
    leadsource: 'lead_source', donotcall: 'do_not_call', emailoptout: 'email_opt_out', notify_owner: 'notify_owner', portal: 'is_portal_user',
    support_start_date: 'support_start_date', support_end_date: 'support_end_date', ...address('mailing', 'mailing'), ...address('other', 'other'), ...common } },
  { vt: 'Potentials', karta: 'deals', typeId: 13, singular: 'Potential', fields: {
    potentialname: 'name', potential_no: 'number', related_to: 'account_id', contact_id: 'contact_id', amount: 'amount', closingdate: 'close_date',
    sales_stage: 'stage', probability: 'probability', forecast_amount: 'forecast_amount', opportunity_type: 'deal_type', nextstep: 'next_step',
    leadsource: 'lead_source', campaignid: 'campaign_id', ...common } },
  { vt: 'Products', karta: 'products', typeId: 14, singular: 'Product', fields: {
    productname: 'name', product_no: 'number', productcode: 'product_code', discontinued: 'is_active', manufacturer: 'manufacturer',
    productcategory: 'category', vendor_id: 'vendor_id', vendor_part_no: 'vendor_part_no', mfr_part_no: 'mfr_part_no', serial_no: 'serial_no',
    website: 'website', sales_start_date: 'sales_start_date', sales_end_date: 'sales_end_date', unit_price: 'unit_price', commissionrate: 'commission_rate',
    usageunit: 'usage_unit', qty_per_unit: 'qty_per_unit', qtyinstock: 'qty_in_stock', reorderlevel: 'reorder_level', qtyindemand: 'qty_in_demand',
    purchase_cost: 'purchase_cost', ...common } },
  { vt: 'Documents', karta: 'documents', typeId: 15, singular: 'Document', fields: {
    notes_title: 'title', note_no: 'number', notecontent: 'notes', fileversion: 'file_version', filedownloadcount: 'download_count', ...common } },
  { vt: 'HelpDesk', karta: 'tickets', typeId: 17, singular: 'HelpDesk', fields: {
    ticket_title: 'title', ticket_no: 'number', parent_id: 'account_id', contact_id: 'contact_id', product_id: 'product_id',
    ticketpriorities: 'priority', ticketstatus: 'status', ticketseverities: 'severity', ticketcategories: 'category', hours: 'hours', days: 'days',
    solution: 'solution', from_portal: 'from_portal', ...common } },
  { vt: 'Events', karta: 'events', typeId: 18, singular: 'Event', fields: {
    subject: 'subject', activitytype: 'event_type', eventstatus: 'status', taskpriority: 'priority', location: 'location', parent_id: 'related_to',
    contact_id: 'contact_id', ...common } },
  { vt: 'ServiceContracts', karta: 'service_contracts', typeId: 25, singular: 'ServiceContract', fields: {
    subject: 'subject', contract_no: 'number', sc_related_to: 'account_id', contract_type: 'contract_type', contract_status: 'status',
    contract_priority: 'priority', start_date: 'start_date', due_date: 'due_date', end_date: 'end_date', tracking_unit: 'tracking_unit',
    total_units: 'total_units', used_units: 'used_units', progress: 'progress', ...common } },
  { vt: 'Services', karta: 'services', typeId: 26, singular: 'Service', fields: {
    servicename: 'name', service_no: 'number', discontinued: 'is_active', servicecategory: 'category', service_usageunit: 'usage_unit',
    qty_per_unit: 'qty_per_unit', website: 'website', unit_price: 'unit_price', commissionrate: 'commission_rate', purchase_cost: 'purchase_cost',
    sales_start_date: 'sales_start_date', sales_end_date: 'sales_end_date', ...common } },
  { vt: 'Assets', karta: 'assets', typeId: 27, singular: 'Asset', fields: {
    assetname: 'name', asset_no: 'number', product: 'product_id', serialnumber: 'serial_no', tagnumber: 'tag_no', assetstatus: 'status',
    account: 'account_id', contact: 'contact_id', invoiceid: 'invoice_id', datesold: 'sold_date', dateinservice: 'in_service_date',
    shippingmethod: 'shipping_method', shippingtrackingnumber: 'tracking_no', ...common } },
  { vt: 'ModComments', karta: 'comments', typeId: 32, singular: 'ModComment', fields: {
    commentcontent: 'body', related_to: 'related_to', parent_comments: 'parent_id', assigned_user_id: 'assigned_to', createdtime: 'created_at', modifiedtime: 'updated_at' } },
];

export const USERS_TYPE = 19;
export const GROUPS_TYPE = 20;

const byVt = new Map(VT_MODULES.map((m) => [m.vt.toLowerCase(), m]));
const byKarta = new Map(VT_MODULES.map((m) => [m.karta, m]));
const byType = new Map(VT_MODULES.map((m) => [m.typeId, m]));

export const vtModule = (name: string): VtModule | undefined => byVt.get(name.toLowerCase());
export const vtModuleOf = (karta: string): VtModule | undefined => byKarta.get(karta);
export const vtModuleByType = (typeId: number): VtModule | undefined => byType.get(typeId);

const inverse = new Map(VT_MODULES.map((m) => [m.karta, new Map(Object.entries(m.fields).map(([vt, k]) => [k, vt]))]));

/** The vTiger name of a Karta field (its own name when vTiger has none). */
export const vtField = (m: VtModule, karta: string): string => inverse.get(m.karta)?.get(karta) ?? karta;
/** The Karta field of a vTiger name (the name itself for Karta-only and custom fields). */
export const kartaField = (m: VtModule, vt: string): string => m.fields[vt] ?? vt;
