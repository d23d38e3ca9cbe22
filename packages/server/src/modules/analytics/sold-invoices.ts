/**
 * Which invoices count as sales in the built-in figures (what an account bought, ABC/XYZ, the standard sales reports):
 * not a cancelled one, nor a credit note ("Credit invoice", Кредит-нота, 红字发票), which gives money back.
 */
import type { Where } from '@karta/shared';
import type { Migration } from '../../engine/schema/core-migrations.js';
import { UNSOLD_INVOICE_STATUSES } from '../invoices/invoices.module.js';

export const soldInvoices = (): Where => ({ field: 'status', op: 'nin', value: [...UNSOLD_INVOICE_STATUSES] });

const OLD = `{"field": "status", "op": "ne", "value": "cancelled"}`;
const NEW = `{"field": "status", "op": "nin", "value": ["cancelled", "credit_invoice"]}`;

/** The standard sales reports a database already has leave credit notes out too — unless someone changed their filter. */
export const SOLD_INVOICES_MIGRATION: Migration = {
  version: 407,
  name: 'analytics: the standard sales reports leave credit notes out, as they do cancelled invoices',
  afterModuleTables: true,
  statements: [`do $$ begin if to_regclass('reports') is not null then
    update reports set version = version + 1, "where" = '${NEW}'::jsonb
      where standard_key like 'products_by_quantity:%' and "where" = '${OLD}'::jsonb;
    update reports set version = version + 1, "where" = jsonb_build_object('and', jsonb_build_array('${NEW}'::jsonb, '{"field": "deal_id", "op": "not_empty"}'::jsonb))
      where standard_key like 'gross_profit_by_deal:%' and "where" = jsonb_build_object('and', jsonb_build_array('${OLD}'::jsonb, '{"field": "deal_id", "op": "not_empty"}'::jsonb));
  end if; end $$`],
};
