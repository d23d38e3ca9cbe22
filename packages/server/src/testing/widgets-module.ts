import { t, type ModuleDef } from '@karta/shared';

const L = (en: string) => t(en, en, en, en);
const options = [{ value: 'red', label: t('Red', 'Красный', 'Червоний', '红') }, { value: 'green', label: t('Green', 'Зелёный', 'Зелений', '绿') }, { value: 'blue', label: t('Blue', 'Синий', 'Синій', '蓝') }];

/** A test-only module with one field of every type: the engine's field-type matrix runs on it. */
export const widgetsModule: ModuleDef = {
  name: 'widgets',
  label: { one: L('Widget'), many: L('Widgets') },
  area: 'sales',
  numberPrefix: 'WID',
  titleFields: ['name'],
  sharing: 'private',
  fields: [
    { name: 'name', type: 'text', label: L('Name'), required: true, searchable: true },
    { name: 'notes', type: 'textarea', label: L('Notes') },
    { name: 'qty', type: 'integer', label: L('Quantity') },
    { name: 'ratio', type: 'decimal', label: L('Ratio') },
    { name: 'price', type: 'money', label: L('Price') },
    { name: 'share', type: 'percent', label: L('Share') },
    { name: 'is_ok', type: 'boolean', label: L('OK') },
    { name: 'due_date', type: 'date', label: L('Due') },
    { name: 'seen_at', type: 'datetime', label: L('Seen') },
    { name: 'email', type: 'email', label: L('E-mail'), searchable: true },
    { name: 'phone', type: 'phone', label: L('Phone'), searchable: true },
    { name: 'site', type: 'url', label: L('Site') },
    { name: 'color', type: 'picklist', label: L('Color'), options },
    { name: 'colors', type: 'multipicklist', label: L('Colors'), options },
    { name: 'account_id', type: 'reference', label: L('Account'), reference: ['accounts'] },
    { name: 'related_to', type: 'reference', label: L('Related to'), reference: ['accounts', 'contacts'] },
    { name: 'keeper', type: 'owner', label: L('Keeper') },
    { name: 'picture', type: 'image', label: L('Picture') },
    { name: 'attachment', type: 'file', label: L('Attachment') },
    { name: 'data', type: 'json', label: L('Data') },
  ],
  blocks: [{ key: 'main', label: L('Main'), fields: ['name', 'notes', 'qty', 'ratio', 'price', 'share', 'is_ok', 'due_date', 'seen_at', 'email', 'phone', 'site', 'color', 'colors', 'account_id', 'related_to', 'keeper', 'picture', 'attachment', 'data'] }],
  list: { columns: ['name', 'qty', 'price'], sort: '-updated_at' },
};
