import { describe, expect, it } from 'vitest';
import { parseServerTiming } from './phases.js';

describe('the server timing the bench reads', () => {
  it('takes every phase and the statement count from the header, and nothing from a partial one', () => {
    expect(parseServerTiming('auth;dur=0.41, handler;dur=2.10, sql;dur=1.25;desc="3", serialize;dur=0.08, total;dur=2.60'))
      .toEqual({ auth: 0.41, handler: 2.1, sql: 1.25, serialize: 0.08, total: 2.6, statements: 3 });
    expect(parseServerTiming('auth;dur=0.41, total;dur=2.60')).toBeNull();
    expect(parseServerTiming(undefined)).toBeNull();
  });
});
