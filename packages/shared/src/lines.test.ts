import { describe, expect, it } from 'vitest';
import { parseLines } from './lines.js';

const ID = '0190a000-0000-7000-8000-000000000001';

describe('parseLines', () => {
  it('normalises numbers to exact strings, money to its minor unit, and defaults', () => {
    const { lines, errors } = parseLines([{ item_id: ID, quantity: '1,5', list_price: 10, taxes: [{ name: 'НДС', percent: '20' }] }, { description: 'Доставка', list_price: '0.125', is_alternative: true }], 'ru');
    expect(errors).toEqual({});
    expect(lines[0]).toMatchObject({ item_module: 'products', quantity: '1.5', list_price: '10.00', taxes: [{ name: 'НДС', percent: '20' }], is_selected: true });
    expect(lines[1]).toMatchObject({ item_id: null, quantity: '1', list_price: '0.125', is_alternative: true, is_selected: false });
  });

  it('groups alternatives: a group makes a line an alternative; one chosen line per group', () => {
    const tv = (selected: boolean) => ({ description: 'TV', list_price: 1, alternative_group: ' TV ', is_selected: selected });
    const { lines, errors } = parseLines([tv(false), tv(true)], 'en');
    expect(errors).toEqual({});
    expect(lines.map((l) => [l.alternative_group, l.is_alternative, l.is_selected])).toEqual([['TV', true, false], ['TV', true, true]]);
    expect(parseLines([tv(true), tv(true)], 'ru').errors).toEqual({ 'lines[1].is_selected': 'из группы альтернатив можно выбрать только одну позицию' });
    expect(parseLines([{ description: 'x', list_price: 1 }], 'en').lines[0]).toMatchObject({ alternative_group: null, is_alternative: false, is_selected: true });
  });

  it('reports each problem at its path in the caller’s language', () => {
    const { errors } = parseLines([
      { item_id: 'nope', quantity: 0 },
      { quantity: 1, list_price: -1 },
      { description: 'x', discount_percent: 5, discount_amount: 1, taxes: [{ percent: 200 }] },
    ], 'en');
    expect(errors).toEqual({
      'lines[0].item_id': expect.any(String), 'lines[0].quantity': 'must be a number greater than 0',
      'lines[1].item_id': 'is required', 'lines[1].list_price': 'must be a number, 0 or more',
      'lines[2].discount_amount': 'give a discount percent or an amount, not both',
      'lines[2].taxes[0].name': 'is required', 'lines[2].taxes[0].percent': 'must be a percent from 0 to 100',
    });
    expect(parseLines('x', 'zh').errors.lines).toBe('必须是不超过 500 行的列表');
  });
});
