import { describe, expect, it } from 'vitest';
import { parseVtql, VtqlError } from './vtql.js';

describe('VTQL', () => {
  it('reads columns, conditions with AND before OR, IN and LIKE, order and limit', () => {
    expect(parseVtql("SELECT firstname, lastname FROM Leads WHERE lastname LIKE 'D%' AND leadstatus = 'Hot' OR city IN ('Москва', \"Kyiv\") ORDER BY lastname DESC LIMIT 20, 10;")).toEqual({
      module: 'Leads', columns: ['firstname', 'lastname'],
      where: [[{ field: 'lastname', op: 'LIKE', value: 'D%' }, { field: 'leadstatus', op: '=', value: 'Hot' }], [{ field: 'city', op: 'IN', value: ['Москва', 'Kyiv'] }]],
      orderBy: [{ field: 'lastname', desc: true }], offset: 20, limit: 10,
    });
  });

  it('counts, selects everything, caps the page at 100 rows and reads numbers and operators', () => {
    expect(parseVtql('select count(*) from Accounts;')).toMatchObject({ module: 'Accounts', columns: 'count', where: [], limit: 100, offset: 0 });
    expect(parseVtql('SELECT * FROM Contacts WHERE employees >= 10 AND amount<>5 LIMIT 500;')).toMatchObject({
      columns: '*', limit: 100, where: [[{ field: 'employees', op: '>=', value: '10' }, { field: 'amount', op: '!=', value: '5' }]],
    });
  });

  it('refuses more than 200 conditions or 1,000 values in one query (each reference value is a lookup)', () => {
    const where = (n: number) => Array.from({ length: n }, (_, i) => `account_id = '11x${i}'`).join(' OR ');
    expect(parseVtql(`SELECT * FROM Contacts WHERE ${where(200)};`).where).toHaveLength(200);
    expect(() => parseVtql(`SELECT * FROM Contacts WHERE ${where(201)};`)).toThrow(VtqlError);
    const values = (n: number) => Array.from({ length: n }, (_, i) => `'11x${i}'`).join(',');
    expect(parseVtql(`SELECT * FROM Contacts WHERE account_id IN (${values(1000)});`).where[0][0].value).toHaveLength(1000);
    expect(() => parseVtql(`SELECT * FROM Contacts WHERE account_id IN (${values(1001)});`)).toThrow(/at most 200 conditions and 1000 values/);
  });

  it.each([
    ['SELECT * FROM Leads', /Unexpected End of Input\(0\), expected one of: SEMICOLON/],
    ["SELECT * FROM Leads WHERE (lastname = 'x');", /PARENOPEN/],
    ['SELECT FROM Leads;', /expected one of: FROM/],
    ["SELECT * FROM Leads WHERE lastname 'x';", /expected an operator/],
    ["SELECT * FROM Leads WHERE lastname = 'x;", /unterminated/],
    ['SELECT * FROM Leads; DROP TABLE x;', /expected end of query/],
  ])('refuses %j', (q, message) => {
    expect(() => parseVtql(q)).toThrow(VtqlError);
    expect(() => parseVtql(q)).toThrow(message);
  });
});
