import { describe, expect, it } from 'vitest';
import { computeTotals } from './totals.js';

describe('document totals', () => {
  it("the seed's quote Q2: 10 laptops and 10 service contracts, no taxes → 509,870.00", () => {
    const t = computeTotals({ tax_mode: 'group', lines: [{ quantity: 10, list_price: '49987.00' }, { quantity: 10, list_price: '1000.00' }] });
    expect(t).toMatchObject({ items_total: '509870.00', pre_tax_total: '509870.00', tax_total: '0.00', grand_total: '509870.00' });
  });

  it("vTiger's observed example: 3 × 100, 10 % overall discount, group tax 0 %, adjustment +5", () => {
    const t = computeTotals({ tax_mode: 'group', lines: [{ quantity: 3, list_price: 100 }], discount_percent: 10, group_taxes: [{ name: 'VAT', percent: 0 }], adjustment: 5 });
    expect(t).toMatchObject({ items_total: '300.00', discount: '30.00', pre_tax_total: '270.00', grand_total: '275.00' });
  });

  it('individual mode: line discounts (percent and amount), several taxes per line, shipping with tax, a negative adjustment', () => {
    const t = computeTotals({
      tax_mode: 'individual',
      lines: [
        { quantity: 2, list_price: '150.00', discount_percent: 10, taxes: [{ name: 'НДС', percent: 20 }] },
        { quantity: 1, list_price: '99.99', discount_amount: '9.99', taxes: [{ name: 'НДС', percent: 20 }, { name: 'Local', percent: 5 }] },
      ],
      discount_amount: '6.50', shipping_amount: 100, shipping_taxes: [{ name: 'НДС', percent: 20 }], adjustment: '-0.50',
      // Group taxes are ignored in individual mode.
      group_taxes: [{ name: 'ignored', percent: 50 }],
    });
    expect(t.lines).toEqual([
      { gross: '300.00', discount: '30.00', net: '270.00', tax: '54.00', total: '324.00', counted: true },
      { gross: '99.99', discount: '9.99', net: '90.00', tax: '22.50', total: '112.50', counted: true },
    ]);
    expect(t).toMatchObject({
      items_total: '436.50', discount: '6.50', group_tax: '0.00', shipping: '100.00', shipping_tax: '20.00',
      pre_tax_total: '453.50', tax_total: '96.50', grand_total: '549.50',
    });
  });

  it('group mode: a percent discount on the items total, then the taxes on what remains', () => {
    const t = computeTotals({ tax_mode: 'group', lines: [{ quantity: 4, list_price: 250, taxes: [{ name: 'per line, ignored', percent: 99 }] }], discount_percent: '12.5', group_taxes: [{ name: 'НДС', percent: 20 }] });
    expect(t).toMatchObject({ items_total: '1000.00', discount: '125.00', group_tax: '175.00', pre_tax_total: '875.00', tax_total: '175.00', grand_total: '1050.00' });
  });

  it('rounds half-up at the half cent, exactly (binary floating point would round 3 × 3.335 down)', () => {
    expect(3 * 3.335).toBeLessThan(10.005);
    const t = computeTotals({ tax_mode: 'group', lines: [{ quantity: 3, list_price: '3.335' }, { quantity: 1, list_price: '0.125' }], group_taxes: [{ name: 'VAT', percent: 20 }] });
    expect(t.lines.map((l) => l.total)).toEqual(['10.01', '0.13']);
    // (10.01 + 0.13) × 20 % = 2.028 → 2.03
    expect(t).toMatchObject({ items_total: '10.14', group_tax: '2.03', grand_total: '12.17' });
  });

  it('alternative lines count only when selected', () => {
    const t = computeTotals({
      tax_mode: 'group',
      lines: [{ quantity: 1, list_price: 100 }, { quantity: 1, list_price: 80, is_alternative: true, is_selected: false }, { quantity: 1, list_price: 70, is_alternative: true, is_selected: true }],
    });
    expect(t.lines.map((l) => l.counted)).toEqual([true, false, true]);
    expect(t.grand_total).toBe('170.00');
  });

  it('an undecided alternative group counts none of its lines and gives the range of the grand total', () => {
    const tvs = [{ quantity: 1, list_price: 500, alternative_group: 'TV' }, { quantity: 1, list_price: 800, alternative_group: 'TV' }];
    const doc = { tax_mode: 'group' as const, group_taxes: [{ name: 'VAT', percent: 20 }], discount_percent: 10, lines: [{ quantity: 1, list_price: 100 }, ...tvs] };
    const open = computeTotals(doc);
    expect(open.lines.map((l) => l.counted)).toEqual([true, false, false]);
    // (100 + 500) × 0.9 × 1.2 = 648; (100 + 800) × 0.9 × 1.2 = 972
    expect([open.grand_total, open.range]).toEqual(['108.00', { min: '648.00', max: '972.00' }]);
    const chosen = computeTotals({ ...doc, lines: [doc.lines[0], tvs[0], { ...tvs[1], is_selected: true }] });
    expect([chosen.grand_total, chosen.range]).toEqual(['972.00', null]);
  });

  it('an empty document is all zeros; other minor units are supported', () => {
    expect(computeTotals({ lines: [] })).toMatchObject({ items_total: '0.00', grand_total: '0.00' });
    expect(computeTotals({ lines: [{ quantity: 3, list_price: '33.5' }] }, 0).grand_total).toBe('101');
  });
});
