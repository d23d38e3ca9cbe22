import { afterEach, describe, expect, it } from 'vitest';
import { prefixRange, setCodepointCollation } from './filter-sql.js';

describe('prefix range for starts_with', () => {
  afterEach(() => setCodepointCollation('C'));

  it('is the prefix up to the prefix with its last code point incremented, in code point collations', () => {
    setCodepointCollation('C.UTF-8');
    expect(prefixRange('ива')).toEqual(['ива', 'ивб']);
    expect(prefixRange('王')).toEqual(['王', '王'.slice(0, 0) + String.fromCodePoint('王'.codePointAt(0)! + 1)]);
    // A character outside the BMP is one code point, not two UTF-16 units.
    expect(prefixRange('a😀')).toEqual(['a😀', 'a😁']);
  });

  it('is not added in linguistic collations, where a prefix is not a code point range', () => {
    setCodepointCollation('en_US.UTF-8');
    expect(prefixRange('ива')).toBeNull();
    setCodepointCollation('C');
    expect(prefixRange('')).toBeNull();
  });
});
