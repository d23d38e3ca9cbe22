import { describe, expect, it } from 'vitest';
import { computeTotals } from '@karta/shared/totals';
import { draftFrom, draftToInput, orNull, previewInput } from './line-draft';
import { typedNumber } from '../../i18n/format';

describe('numbers typed in the line editor', () => {
  it('reach the API in its form, whatever grouping and decimal comma the user typed', () => {
    expect(orNull('1 234,50')).toBe('1234.50');
    expect(orNull('1\u00a0234,5')).toBe('1234.5');
    expect(orNull(' 20 ')).toBe('20');
    expect(orNull('')).toBeNull();
    // Not a number: sent as typed, so the server names the field.
    expect(orNull('дёшево')).toBe('дёшево');
    // The same in the dialogs that take a price or a percent.
    expect(typedNumber('1 250,50')).toBe('1250.50');
    expect(typedNumber(null)).toBeNull();
  });
});

describe('a document saved through the line editor', () => {
  const doc = {
    id: 'q1', number: 'QUO1', version: 1, tax_mode: 'individual', currency: 'RUB', discount_percent: null, discount_amount: '10.00', shipping_amount: '100.00', adjustment: null,
    group_taxes: [{ name: 'НДС', percent: '20' }, { name: 'Сбор', percent: '1' }], shipping_taxes: [{ name: 'НДС', percent: '20' }],
    lines: [{ description: 'Доставка', quantity: '1', list_price: '350.50', discount_percent: null, discount_amount: '50.00',
      taxes: [{ name: 'НДС', percent: '20' }, { name: 'Local', percent: '5' }], is_alternative: false, is_selected: true }],
  };

  it('keeps what the editor does not show: a line discount as an amount, further taxes, the group tax\'s name, shipping taxes', () => {
    const input = draftToInput(draftFrom(doc));
    expect(input.lines[0]).toMatchObject({ discount_percent: null, discount_amount: '50.00', taxes: doc.lines[0].taxes });
    // Shipping taxes count in the preview but are not sent: the server keeps them (a profile may hide them).
    expect(input).not.toHaveProperty('shipping_taxes');
    expect(computeTotals(previewInput(draftFrom(doc)) as never)).toEqual(computeTotals(doc as never));
    const group = draftToInput({ ...draftFrom({ ...doc, tax_mode: 'group' }) });
    expect(group.group_taxes).toEqual([{ name: 'НДС', percent: '20' }, { name: 'Сбор', percent: '1' }]);
  });

  it('a percent typed over a line\'s discount amount replaces it (the server takes one of the two)', () => {
    const draft = draftFrom(doc);
    draft.lines[0].discount_percent = '10';
    expect(draftToInput(draft).lines[0]).toMatchObject({ discount_percent: '10', discount_amount: null });
  });
});
