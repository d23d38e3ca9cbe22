/** Records that can be sent by e-mail (`actions/send_email`) and list the e-mails about them. */
export const EMAIL_TARGETS = ['accounts', 'contacts', 'leads', 'deals', 'quotes', 'sales_orders', 'invoices', 'purchase_orders', 'tickets'];
