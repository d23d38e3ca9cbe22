/**
 * loyalty_cards — a customer's card in a programme: its number (printed as a barcode), holder (an account or a
 * contact), validity, blocked; its points balance and cumulative purchases are kept by Karta from paid invoices.
 */
import type { ModuleDef } from '@karta/shared';
import { L, block, bool, date, decimal, money, ref, t, text } from '../common.js';
import { LABELS } from '../labels.js';

const fields = [
  /** The printed number; it is the record's number too (the API takes it as `number`), so it is set once. */
  text('card_number', t('Card number', 'Номер карты', 'Номер картки', '卡号'), { required: true, searchable: true, maxLength: 64 }),
  ref('program_id', LABELS.loyalty_programs.one, 'loyalty_programs', { required: true }),
  ref('account_id', LABELS.accounts.one, 'accounts'),
  ref('contact_id', LABELS.contacts.one, 'contacts'),
  date('valid_from', t('Valid from', 'Действует с', 'Діє з', '生效日期')),
  date('valid_to', t('Valid to', 'Действует по', 'Діє по', '截止日期')),
  bool('blocked', t('Blocked', 'Заблокирована', 'Заблокована', '已冻结'), { default: false }),
  decimal('points_balance', t('Points', 'Баллы', 'Бали', '积分'), { readOnly: true }),
  money('purchases_total', t('Purchases', 'Сумма покупок', 'Сума покупок', '累计消费'), { readOnly: true }),
];

export const loyaltyCardsModule: ModuleDef = {
  name: 'loyalty_cards',
  label: LABELS.loyalty_cards,
  area: 'marketing',
  numberPrefix: 'LC',
  titleFields: ['card_number'],
  numberFrom: 'card_number',
  sharing: 'public_read',
  fields,
  blocks: [block('card', LABELS.loyalty_cards.one, [...fields, 'assigned_to'])],
  list: { columns: ['card_number', 'program_id', 'account_id', 'contact_id', 'points_balance', 'blocked'], sort: 'card_number' },
};
