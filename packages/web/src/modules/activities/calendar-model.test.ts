import { describe, expect, it } from 'vitest';
import { firstHour, layoutOverlaps } from './calendar-model';

const h = (x: number) => x * 3_600_000;

describe('week view layout', () => {
  it('puts overlapping events side by side and leaves lone ones the whole width', () => {
    const got = layoutOverlaps([
      { key: 'a', start: h(9), end: h(11) }, { key: 'b', start: h(10), end: h(12) }, { key: 'c', start: h(10.5), end: h(11.5) },
      { key: 'd', start: h(13), end: h(14) },
      { key: 'e', start: h(15), end: h(16) }, { key: 'f', start: h(15.5), end: h(17) }, { key: 'g', start: h(16), end: h(16.5) },
    ]);
    expect(Object.fromEntries(got)).toEqual({
      a: { col: 0, cols: 3 }, b: { col: 1, cols: 3 }, c: { col: 2, cols: 3 },
      d: { col: 0, cols: 1 },
      e: { col: 0, cols: 2 }, f: { col: 1, cols: 2 }, g: { col: 0, cols: 2 },
    });
  });
  it('an event that ends as another starts does not overlap it', () => {
    expect(Object.fromEntries(layoutOverlaps([{ key: 'a', start: h(9), end: h(10) }, { key: 'b', start: h(10), end: h(11) }]))).toEqual({ a: { col: 0, cols: 1 }, b: { col: 0, cols: 1 } });
  });
  it('opens at the working day unless something starts earlier', () => {
    expect(firstHour([])).toBe(8);
    expect(firstHour([new Date(2026, 0, 5, 6, 30)])).toBe(6);
    expect(firstHour([new Date(2026, 0, 5, 14)])).toBe(8);
  });
});
