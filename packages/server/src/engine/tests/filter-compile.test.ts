import { describe, expect, it } from 'vitest';
import { standardModules } from '../../modules/index.js';
import { compileWhere } from '../query/filter-sql.js';
import { compileOnly } from '../../platform/db.js';
import { Registry } from '../registry/registry.js';

const deals = new Registry(standardModules, {}).module('deals');
const compiled = (where: Parameters<typeof compileWhere>[1]) => compileWhere(deals, where, 'en')!.compile(compileOnly);

describe('filter conditions (compiled)', () => {
  it('a closed picklist compares its stored values as they are (the planner can estimate it); text ignores case', () => {
    expect(compiled({ field: 'status', op: 'eq', value: 'open' })).toMatchObject({ sql: '"t"."status" = $1', parameters: ['open'] });
    expect(compiled({ field: 'status', op: 'ne', value: 'open' }).sql).toBe('"t"."status" is distinct from $1');
    expect(compiled({ field: 'name', op: 'eq', value: 'Поставка' }).sql).toBe('lower("t"."name") = lower($1)');
  });

  it('a value that is not one of the picklist is refused, so an exact comparison never misses a differently written one', () => {
    expect(() => compiled({ field: 'status', op: 'eq', value: 'Open' })).toThrow(/filter\[status\]|Invalid filter/);
  });

  it('a value no longer offered (removed by an administrator) matches nothing instead of failing a saved view', () => {
    expect(compiled({ field: 'status', op: 'eq', value: 'on_hold_retired' })).toMatchObject({ sql: '"t"."status" = $1', parameters: ['on_hold_retired'] });
    expect(() => compiled({ field: 'status', op: 'eq', value: '<script>' })).toThrow(/Invalid filter/);
  });
});
