import { describe, expect, it } from 'vitest';
import { levels, type FinestRow } from './report-rollup.js';

const row = (keys: (string | null)[], n: number, parts: unknown[], counts: unknown[] = []): FinestRow => ({ keys, n, unrated: false, parts, counts });
const compare = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a.localeCompare(b));

describe('subtotals from the finest groups', () => {
  const aggs = [{ fn: 'count' as const, type: 'integer' }, { fn: 'sum' as const, type: 'money' }, { fn: 'avg' as const, type: 'money' }, { fn: 'max' as const, type: 'date' }];
  const finest = [
    row(['2026-01-01', 'a'], 2, [2, '100.5', '100.5', '2026-01-20'], [null, null, 2, null]),
    row(['2026-01-01', 'b'], 1, [1, '50', '50', '2026-01-05'], [null, null, 1, null]),
    row(['2026-02-01', 'a'], 1, [1, null, null, '2026-02-01'], [null, null, 0, null]),
  ];

  it('a summary adds each prefix of the keys and the grand total, exactly', () => {
    const out = levels('summary', 2, finest, aggs, compare);
    const months = out.filter((r) => r.lvl === 1);
    expect(months.map((r) => [r.g0, r.n, r.v0, r.v1, r.v2, r.v3])).toEqual([['2026-01-01', 3, 3, '150.50', '50.17', '2026-01-20'], ['2026-02-01', 1, 1, null, null, '2026-02-01']]);
    const total = out.find((r) => r.lvl === 3)!;
    expect([total.n, total.v0, total.v1, total.v2, total.v3]).toEqual([4, 4, '150.50', '50.17', '2026-02-01']);
    expect(out.filter((r) => r.lvl === 0)).toHaveLength(3);
  });

  it('a matrix has cells, row totals, column totals in order, and the grand total', () => {
    const out = levels('matrix', 2, [row(['x', 'b'], 1, [1]), row(['x', 'a'], 2, [2]), row(['y', 'a'], 4, [4])], [{ fn: 'count', type: 'integer' }], compare);
    expect(out.filter((r) => r.lvl === 2).map((r) => [r.g1, r.v0])).toEqual([['a', 6], ['b', 1]]);
    expect(out.filter((r) => r.lvl === 1).map((r) => [r.g0, r.v0])).toEqual([['x', 3], ['y', 4]]);
    expect(out.find((r) => r.lvl === 3)!.v0).toBe(7);
  });
});
