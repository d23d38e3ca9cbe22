import { describe, expect, it } from 'vitest';
import { SOLD_INVOICES_MIGRATION } from '../../modules/analytics/sold-invoices.js';
import { changesExisting } from './migrate.js';

const m = (...statements: string[]) => ({ version: 1, name: 'x', statements });

describe('which migrations change what is there (a backup is taken before them)', () => {
  it('reads plain statements by their verb, and a do block whole', () => {
    expect(changesExisting(m('create table t (id int)', 'create index i on t(id)'))).toBe(false);
    expect(changesExisting(m('create table t (id int)', 'update reports set x = 1'))).toBe(true);
    expect(changesExisting(m('do $$ begin if to_regclass(\'r\') is not null then create index i on r(x); end if; end $$'))).toBe(false);
    expect(changesExisting(m('do $$ begin if to_regclass(\'r\') is not null then update r set x = 1; end if; end $$'))).toBe(true);
    expect(changesExisting(SOLD_INVOICES_MIGRATION)).toBe(true);
  });
});
