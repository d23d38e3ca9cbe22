/**
 * The shared shape of the four inventory documents (quotes, sales orders, invoices, purchase orders):
 * header, line items with totals (SPEC §3.2), billing and shipping address, terms.
 * Each document's module file passes what differs: its party, status list, dates and links.
 */
import type { FieldDef, ModuleDef, PicklistOption, RelationDef } from '@karta/shared';
import {
  ADDRESS, B, L, addressFields, block, bool, decimal, json, money, opts, percent, picklist, ref, t, text, textarea,
} from './common.js';
import { LABELS, type StandardModuleName } from './labels.js';
import { CURRENCIES } from './picklists.js';

export const TAX_MODES = opts(
  ['individual', 'Individual (per line)', 'По позициям', 'По позиціях', '按行计税'],
  ['group', 'Group (whole document)', 'На весь документ', 'На весь документ', '整单计税'],
);

export interface InventorySpec {
  name: StandardModuleName;
  numberPrefix: string;
  area: ModuleDef['area'];
  /** Block label of the header ("Quote information"). */
  headerLabel: ModuleDef['label']['one'];
  /** The counterparty: accounts for sales documents, vendors for purchase orders. */
  party: 'accounts' | 'vendors';
  statusLabel: ModuleDef['label']['one'];
  statuses: PicklistOption[];
  /** Document-specific header fields (dates, links to the previous document, …). */
  extra: FieldDef[];
  relations?: RelationDef[];
}

/** Line items, discounts, shipping and the computed totals (money is exact decimal). */
export function lineItemFields(): FieldDef[] {
  const computed = { readOnly: true };
  return [
    /** [{ item_module, item_id, description, quantity, list_price, discount_percent|discount_amount, taxes, … }] */
    json('lines', t('Line items', 'Позиции', 'Позиції', '明细行')),
    picklist('tax_mode', t('Tax mode', 'Режим налогов', 'Режим податків', '计税方式'), TAX_MODES, { default: 'group' }),
    /** [{ name, percent }] applied to the whole document in group mode. */
    json('group_taxes', t('Document taxes', 'Налоги документа', 'Податки документа', '整单税费')),
    // A discount is 0–100 % or a sum that is not negative, and so is shipping: a total never grows by a "discount".
    percent('discount_percent', t('Discount, %', 'Скидка, %', 'Знижка, %', '折扣率'), { min: 0, max: 100 }),
    money('discount_amount', t('Discount amount', 'Сумма скидки', 'Сума знижки', '折扣金额'), { min: 0 }),
    money('shipping_amount', t('Shipping and handling', 'Доставка и обработка', 'Доставка та обробка', '运费及手续费'), { min: 0 }),
    /** [{ name, percent }] taxes on shipping and handling. */
    json('shipping_taxes', t('Shipping taxes', 'Налоги на доставку', 'Податки на доставку', '运费税')),
    money('adjustment', t('Adjustment', 'Корректировка', 'Коригування', '调整金额')),
    money('items_total', t('Items total', 'Итого по позициям', 'Разом за позиціями', '明细合计'), computed),
    money('pre_tax_total', t('Pre-tax total', 'Итого без налогов', 'Разом без податків', '税前合计'), computed),
    money('tax_total', t('Tax total', 'Сумма налогов', 'Сума податків', '税额合计'), computed),
    money('grand_total', t('Grand total', 'Итого', 'Разом', '总计'), computed),
  ];
}

export function inventoryModule(s: InventorySpec): ModuleDef {
  const partyLabel = s.party === 'accounts' ? LABELS.accounts.one : LABELS.vendors.one;
  const header: FieldDef[] = [
    text('subject', L.subject, { required: true, searchable: true }),
    ref(s.party === 'accounts' ? 'account_id' : 'vendor_id', partyLabel, s.party, { required: true }),
    ref('contact_id', LABELS.contacts.one, 'contacts'),
    ref('deal_id', LABELS.deals.one, 'deals'),
    picklist('status', s.statusLabel, s.statuses, { required: true, default: s.statuses[0]?.value ?? null }),
    ...s.extra,
    picklist('currency', L.currency, CURRENCIES),
    decimal('conversion_rate', L.conversion_rate, { default: 1 }),
    ref('price_book_id', LABELS.price_books.one, 'price_books'),
    // Sales documents: the terms of sale that price the lines.
    ...(s.party === 'accounts' ? offerFields() : []),
  ];
  const items = lineItemFields();
  const address = [...addressFields('billing', ADDRESS.billing), ...addressFields('shipping', ADDRESS.shipping)];
  const terms = [
    textarea('terms_conditions', t('Terms and conditions', 'Условия', 'Умови', '条款和条件')),
    textarea('description', L.description),
  ];
  return {
    name: s.name,
    label: LABELS[s.name],
    area: s.area,
    numberPrefix: s.numberPrefix,
    titleFields: ['subject'],
    sharing: 'private',
    fields: [...header, ...items, ...address, ...terms],
    blocks: [
      block('header', s.headerLabel, [...header, 'assigned_to']),
      block('items', t('Item details', 'Позиции и итоги', 'Позиції та підсумки', '明细与合计'), items),
      block('address', B.address, address),
      block('terms', t('Terms and description', 'Условия и описание', 'Умови та опис', '条款与描述'), terms),
    ],
    relations: s.relations ?? [],
    list: {
      columns: ['number', 'subject', s.party === 'accounts' ? 'account_id' : 'vendor_id', 'status', 'grand_total', 'assigned_to'],
      sort: '-updated_at',
    },
  };
}

/** A sales document's offer and loyalty card, and how far its lines fall below the offer's terms (kept by the line pricing). */
function offerFields(): FieldDef[] {
  return [
    ref('offer_id', LABELS.offers.one, 'offers'),
    ref('loyalty_card_id', LABELS.loyalty_cards.one, 'loyalty_cards'),
    percent('offer_deviation_percent', t('Below the offer, %', 'Отклонение от соглашения, %', 'Відхилення від угоди, %', '低于条款 %'), { readOnly: true }),
    bool('deviation_over_limit', t('Deviation over the offer’s limit', 'Отклонение сверх допустимого', 'Відхилення понад допустиме', '偏差超出限额'), { readOnly: true, default: false }),
  ];
}
