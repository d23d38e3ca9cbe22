import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { contextFor } from '../system-context.js';
import { readConditions } from '../query/list.js';
import { compileOnly } from '../../platform/db.js';

let t: TestApp;
let admin: Client;
const LAST = ['Жданов', 'Абрамов', 'Яковлев', 'Ёлкин', 'Smith', 'adams', '王伟', 'Шевченко', 'Іваненко', 'Борисов', null];

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  for (const [i, last] of LAST.entries()) {
    await admin.post('/api/v1/records/leads', { last_name: last ?? 'Безымянный', company: i % 2 ? 'Альфа' : 'Бета', phone: i === 0 ? '+7 (812) 338-75-92' : null, annual_revenue: i === 10 ? null : String(i * 100), email_opt_out: i % 3 === 0 });
  }
});
afterAll(() => t.close());

describe('lists', () => {
  it('pages with a keyset cursor through every record exactly once, for several sorts', async () => {
    for (const sort of ['last_name', '-last_name', '-updated_at', 'company,-last_name', 'annual_revenue', '-annual_revenue', 'email_opt_out', '-email_opt_out,last_name']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const r: any = await admin.get(`/api/v1/records/leads?sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        expect(r.status).toBe(200);
        seen.push(...r.body.data.map((x: any) => x.id));
        cursor = r.body.next_cursor;
      } while (cursor);
      expect(seen.length, sort).toBe(LAST.length);
      expect(new Set(seen).size, sort).toBe(LAST.length);
    }
    // A forged yes/no value in a cursor is the caller's mistake (400), not the server's.
    const forged = Buffer.from(JSON.stringify(['maybe', '00000000-0000-4000-8000-000000000000'])).toString('base64url');
    expect((await admin.get(`/api/v1/records/leads?sort=email_opt_out&limit=3&cursor=${forged}`)).status).toBe(400);
  });

  it('a search pages the same way: in the sort order, every match exactly once', async () => {
    // The company is searchable: 'альф' matches the leads of Альфа, five of them.
    const want = (await admin.get('/api/v1/records/leads?filter[company]=Альфа&sort=-last_name&limit=500')).body.data.map((x: any) => x.id);
    expect(want).toHaveLength(5);
    for (const q of ['альф', 'АЛЬФА']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const r: any = await admin.get(`/api/v1/records/leads?q=${encodeURIComponent(q)}&sort=-last_name&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(r.status).toBe(200);
        seen.push(...r.body.data.map((x: any) => x.id));
        cursor = r.body.next_cursor;
      } while (cursor);
      expect(seen).toEqual(want);
    }
  });

  it('sorts text ignoring case, Cyrillic alphabetically', async () => {
    const r = await admin.get('/api/v1/records/leads?sort=last_name&fields=last_name&limit=500');
    const names = r.body.data.map((x: any) => x.last_name);
    expect(names.indexOf('adams')).toBeLessThan(names.indexOf('Smith'));
    expect(names.indexOf('Абрамов')).toBeLessThan(names.indexOf('Борисов'));
    expect(names.indexOf('Борисов')).toBeLessThan(names.indexOf('Жданов'));
  });

  it('counts only on request and projects fields', async () => {
    const r = await admin.get('/api/v1/records/leads?fields=company&limit=2');
    expect(r.body.total).toBeUndefined();
    expect(Object.keys(r.body.data[0]).sort()).toEqual(['assigned_to', 'company', 'first_name', 'id', 'last_name', 'number', 'updated_at', 'version'].sort());
    const c = await admin.get('/api/v1/records/leads?count=1&filter[company]=Альфа');
    expect(c.body.total).toBe(5);
    expect(c.body.refs[admin.userId].label).toBe('Administrator');
  });

  it('the alphabet bar works for Cyrillic and Latin', async () => {
    const zh = await admin.get(`/api/v1/records/leads?filter[last_name][starts_with]=${encodeURIComponent('Ж')}`);
    expect(zh.body.data.map((x: any) => x.last_name)).toEqual(['Жданов']);
    const a = await admin.get('/api/v1/records/leads?filter[last_name][starts_with]=A');
    expect(a.body.data.map((x: any) => x.last_name)).toEqual(['adams']);
  });

  it('nested and/or filters through POST query', async () => {
    const r = await admin.post('/api/v1/records/leads/query', {
      where: { and: [{ field: 'company', op: 'eq', value: 'Бета' }, { or: [{ field: 'last_name', op: 'starts_with', value: 'Я' }, { field: 'annual_revenue', op: 'gte', value: '800' }] }] },
      sort: ['last_name'], count: true,
    });
    expect(r.status).toBe(200);
    expect(r.body.data.map((x: any) => x.last_name).sort()).toEqual(['Іваненко', 'Яковлев'].sort());
    expect(r.body.total).toBe(2);
    // One of a list ignores case as one value does (Cyrillic too); so does none of a list.
    const names = async (op: string, value: unknown) => ((await admin.post('/api/v1/records/leads/query', { where: { field: 'last_name', op, value }, limit: 500 })).body.data as any[]).map((x) => x.last_name).sort();
    expect(await names('in', ['SMITH', 'жданов'])).toEqual(['Smith', 'Жданов']);
    expect(await names('eq', 'SMITH')).toEqual(['Smith']);
    expect((await names('nin', ['SMITH', 'жданов', 'ADAMS']))).not.toEqual(expect.arrayContaining(['Smith']));
    expect((await names('nin', ['SMITH', 'жданов', 'ADAMS'])).length).toBe(LAST.length - 3);
  });

  it('module search finds Cyrillic, Chinese, phone digits and numbers', async () => {
    const q = async (s: string) => (await admin.get(`/api/v1/records/leads?q=${encodeURIComponent(s)}`)).body.data.map((x: any) => x.last_name);
    expect(await q('ждан')).toEqual(['Жданов']);
    expect(await q('王伟')).toEqual(['王伟']);
    expect(await q('88123387592')).toEqual(['Жданов']);
    expect(await q('338-75-92')).toEqual(['Жданов']);
    expect(await q('іван')).toEqual(['Іваненко']);
  });

  it('a record number is looked up by its digits and checked whole: the same matches, in a list and in global search', async () => {
    await admin.post('/api/v1/records/vendors', { name: 'Заказ LD731904 от вторника' });
    await admin.post('/api/v1/records/vendors', { name: 'Телефон 731904 без букв' });
    const list = async (s: string) => (await admin.get(`/api/v1/records/vendors?q=${encodeURIComponent(s)}`)).body.data.map((x: any) => x.name).sort();
    expect(await list('LD731904')).toEqual(['Заказ LD731904 от вторника']);
    expect(await list(' ld731904 ')).toEqual(['Заказ LD731904 от вторника']);
    expect(await list('731904')).toEqual(['Заказ LD731904 от вторника', 'Телефон 731904 без букв']);
    const found = (await admin.get('/api/v1/search?q=LD731904&modules=vendors')).body.data.map((h: any) => h.label);
    expect(found).toEqual(['Заказ LD731904 от вторника']);
    // The index is asked for the digits, the whole term checked on each candidate (a filter no index answers).
    const ctx = await contextFor(t.app, t.users.admin);
    const m = ctx.registry.module('vendors');
    const compiled = sql.join(readConditions(ctx, m, undefined, 'LD731904'), sql` and `).compile(compileOnly);
    expect(compiled.sql).toMatch(/search_text" like \$\d+ and \("t"\."search_text" like \$\d+\) is true/);
    expect(compiled.parameters).toEqual(expect.arrayContaining(['%731904%', '%ld731904%']));
    // Short digits and plain words go to the index whole.
    for (const term of ['LD7319', 'Заказ']) expect(sql.join(readConditions(ctx, m, undefined, term), sql` and `).compile(compileOnly).sql).not.toMatch(/is true/);
  });

  it('global search ranks across modules and respects limit', async () => {
    await admin.post('/api/v1/records/accounts', { name: 'Жданов и партнёры' });
    const r = await admin.get(`/api/v1/search?q=${encodeURIComponent('жданов')}`);
    expect(r.body.data.map((h: any) => h.module).sort()).toEqual(['accounts', 'leads']);
    expect(r.body.data[0]).toHaveProperty('snippet');
    // A readable snippet: the field that matched, labelled in the caller's language, never the raw search text.
    await admin.post('/api/v1/records/contacts', { last_name: 'Сниппетов', email: 'snip.zhdanov@sovtech.ru', phone: '+7 (812) 338-75-99' });
    const byMail = (await admin.request('GET', `/api/v1/search?q=${encodeURIComponent('snip.zhd')}&lang=ru`)).body.data[0];
    expect(byMail.snippet).toBe('Эл. почта: snip.zhdanov@sovtech.ru');
    const byPhone = (await admin.get(`/api/v1/search?q=78123387599`)).body.data.find((h: any) => h.label.includes('Сниппетов'));
    expect(byPhone.snippet).toBe('Office phone: +7 (812) 338-75-99');
    const only = await admin.get(`/api/v1/search?q=${encodeURIComponent('жданов')}&modules=accounts`);
    expect(only.body.data.map((h: any) => h.module)).toEqual(['accounts']);
    expect((await admin.get('/api/v1/search?q=')).status).toBe(400);
    expect((await admin.get('/api/v1/search?q=x&modules=nope')).status).toBe(404);
    // A module named twice is searched once.
    const twice = await admin.get(`/api/v1/search?q=${encodeURIComponent('жданов')}&modules=accounts,accounts,accounts`);
    expect(twice.body.data.map((h: any) => h.id)).toEqual(only.body.data.map((h: any) => h.id));
  });

  it('global search puts a whole-word match first, then the start of a word, then inside a word', async () => {
    // Created in the opposite order, so recency alone would rank them the other way round.
    for (const name of ['Кампбеллов', 'Беллами', 'Белл']) await admin.post('/api/v1/records/vendors', { name });
    const r = await admin.get(`/api/v1/search?q=${encodeURIComponent('белл')}&modules=vendors`);
    expect(r.body.data.map((h: any) => h.label)).toEqual(['Белл', 'Беллами', 'Кампбеллов']);
  });

  it('rejects bad list parameters with the error envelope', async () => {
    for (const url of ['/api/v1/records/leads?limit=0', '/api/v1/records/leads?limit=501', '/api/v1/records/leads?limit=abc', '/api/v1/records/leads?sort=nope',
      '/api/v1/records/leads?sort=description', '/api/v1/records/leads?cursor=garbage', '/api/v1/records/leads?filter[nope]=1',
      '/api/v1/records/leads?filter[last_name][regex]=.*', '/api/v1/records/leads?filter[annual_revenue][gt]=lots', '/api/v1/records/leads?fields=nope',
      '/api/v1/records/leads?filter[annual_revenue][between]=1']) {
      const r = await admin.get(url);
      expect(r.status, url).toBe(400);
      expect(r.body.error.code, url).toBe('VALIDATION_FAILED');
    }
    // A forged cursor whose value does not fit its column (a boolean where a date is sorted): 400, not the driver's failure.
    const forged = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
    for (const values of [[false, '0190a000-0000-7000-8000-000000000000'], [true, 'x'], [{}, null]]) {
      const r = await admin.get(`/api/v1/records/leads?sort=-updated_at&cursor=${forged(values)}`);
      expect([r.status, r.body.error?.code], JSON.stringify(values)).toEqual([400, 'VALIDATION_FAILED']);
    }
    // A parameter of a shape the list cannot read is refused at its name, never dropped (a dropped one widens the list).
    for (const url of ['/api/v1/records/leads?q=a&q=b', '/api/v1/records/leads?cursor=a&cursor=b', '/api/v1/records/leads?sort=last_name&sort=company', '/api/v1/records/leads?limit=1&limit=2']) {
      expect((await admin.get(url)).status, url).toBe(400);
    }
    for (const body of [{ q: {} }, { cursor: 5 }, { sort: {} }, { count: 'yes' }, { fields: 'name' }]) {
      const r = await admin.post('/api/v1/records/leads/query', body);
      expect([r.status, Object.keys(r.body.error?.fields ?? {})], JSON.stringify(body)).toEqual([400, [Object.keys(body)[0]]]);
    }
    expect((await admin.post('/api/v1/records/leads/query', { q: null, cursor: null, count: true, sort: ['last_name'] })).status).toBe(200);
    const deep = await admin.post('/api/v1/records/leads/query', { where: { and: [{ field: 'company', op: 'eq', value: { $ne: 1 } }] } });
    expect(deep.status).toBe(400);
    const shape = await admin.post('/api/v1/records/leads/query', { where: { xor: [] } });
    expect(shape.status).toBe(400);
    // A filter as broad as the planner takes, and one condition more: refused, in the caller's language.
    const conditions = (n: number) => ({ or: Array.from({ length: n }, (_, i) => ({ field: 'company', op: 'eq', value: `Компания ${i}` })) });
    expect((await admin.post('/api/v1/records/leads/query', { where: conditions(200) })).status).toBe(200);
    const broad = await (await t.login('sales1')).post('/api/v1/records/leads/query', { where: conditions(201) });
    expect(broad.status).toBe(400);
    expect(broad.body.error.fields.where).toBe('содержит больше 200 условий');
  });

  it('treats SQL-looking text as data', async () => {
    const evil = "x'; drop table leads; --";
    const c = await admin.post('/api/v1/records/leads', { last_name: evil, company: "O'Reilly" });
    expect(c.status).toBe(201);
    const r = await admin.get(`/api/v1/records/leads?filter[last_name]=${encodeURIComponent(evil)}`);
    expect(r.body.data.map((x: any) => x.last_name)).toEqual([evil]);
    const like = await admin.get(`/api/v1/records/leads?filter[company][contains]=${encodeURIComponent("%'")}`);
    expect(like.body.data).toHaveLength(0);
    expect((await admin.get(`/api/v1/records/leads?q=${encodeURIComponent("' or 1=1 --")}`)).body.data).toHaveLength(0);
    expect((await admin.get('/api/v1/records/leads?count=1')).body.total).toBe(LAST.length + 1);
  });

  it('visibility checked on each row of a search admits exactly the rows it admits through the owner index', async () => {
    // A large search plan checks visibility per match instead of intersecting indexes (search-plan.ts): same rows.
    const sales = await t.login('sales1');
    await sales.post('/api/v1/records/leads', { last_name: 'Видимов', company: 'Гамма' });
    await admin.post('/api/v1/records/leads', { last_name: 'Невидимов', company: 'Гамма' });
    const ctx = await contextFor(t.app, t.users.sales1);
    const m = ctx.registry.module('leads');
    const ids = async (onEachRow: boolean) => (await sql<{ last_name: string }>`select t.last_name from leads t
      where ${sql.join(readConditions(ctx, m, undefined, 'гамм', onEachRow), sql` and `)} order by 1`.execute(t.app.database.db)).rows.map((r) => r.last_name);
    expect(await ids(true)).toEqual(['Видимов']);
    expect(await ids(true)).toEqual(await ids(false));
  });
});
