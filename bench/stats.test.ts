import { describe, expect, it } from 'vitest';
import { median, percentile, ratio, summarize } from './stats.js';

describe('bench statistics', () => {
  it('interpolates percentiles between closest ranks', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile(xs, 100)).toBe(10);
    expect(percentile(xs, 50)).toBe(5.5);
    expect(percentile(xs, 95)).toBeCloseTo(9.55, 10);
    expect(percentile([42], 95)).toBe(42);
    expect(Number.isNaN(percentile([], 50))).toBe(true);
  });

  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([1, 3, 100])).toBe(3);
    expect(median([1, 2, 3, 4])).toBe(2.5);
  });

  it('summarizes unsorted latencies with the rate over wall time', () => {
    const s = summarize([5, 1, 4, 2, 3], 500, 1);
    expect(s).toMatchObject({ count: 5, errors: 1, median_ms: 3, min_ms: 1, max_ms: 5, mean_ms: 3, per_s: 10 });
    expect(s.p95_ms).toBeCloseTo(4.8, 10);
  });

  it('divides request latency by SQL latency, and refuses to divide by nothing', () => {
    expect(ratio(13, 10)).toBe(1.3);
    expect(ratio(10, 3)).toBe(3.33);
    expect(ratio(10, 0)).toBeNull();
    expect(ratio(undefined, 5)).toBeNull();
    expect(ratio(NaN, 5)).toBeNull();
  });
});
