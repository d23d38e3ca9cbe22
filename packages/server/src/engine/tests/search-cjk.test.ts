import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../platform/jobs.js';
import { SEARCH_REBUILD_JOB, scheduleSearchRebuild, searchRebuildJobs } from '../query/search-rebuild.js';
import { SEARCH_TEXT_VERSION } from '../query/search-text.js';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: Client;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  for (const [key, first, last] of [['liu', '伟', '刘'], ['liuming', '伟明', '刘'], ['zhang', '三', '张'], ['smith', 'John', 'Smith']]) {
    ids[key] = (await admin.post('/api/v1/records/contacts', { first_name: first, last_name: last })).body.data.id;
  }
});
afterAll(() => t.close());

const found = async (q: string) => {
  const r = await admin.get(`/api/v1/search?q=${encodeURIComponent(q)}&modules=contacts`);
  expect(r.status).toBe(200);
  return r.body.data.map((h: { id: string }) => h.id).sort();
};
const listed = async (q: string) => {
  const r = await admin.get(`/api/v1/records/contacts?q=${encodeURIComponent(q)}`);
  expect(r.status).toBe(200);
  return r.body.data.map((c: { id: string }) => c.id).sort();
};

describe('Chinese names in search', () => {
  it('finds a surname, a given name and the full name of one or two characters', async () => {
    expect(await found('刘')).toEqual([ids.liu, ids.liuming].sort());
    expect(await found('伟')).toEqual([ids.liu, ids.liuming].sort());
    expect(await found('刘伟')).toEqual([ids.liu]);
    expect(await found('伟明')).toEqual([ids.liuming]);
    expect(await found('刘伟明')).toEqual([ids.liuming]);
    expect(await listed('张')).toEqual([ids.zhang]);
    expect(await listed('张三')).toEqual([ids.zhang]);
    expect(await listed('smi')).toEqual([ids.smith]);
  });

  it('rebuilds the search text a database stored before, in batches through the job queue', async () => {
    const db = t.app.database.db;
    // As an older Karta stored it: no CJK words.
    await sql`update contacts set search_text = split_part(search_text, ' con', 1)`.execute(db);
    await sql`update settings set value = '1'::jsonb where key = 'search_text_version'`.execute(db);
    expect(await found('刘')).toEqual([]);
    expect(await scheduleSearchRebuild(db, { newDatabase: false })).toBe(true);
    expect(await scheduleSearchRebuild(db, { newDatabase: false })).toBe(false); // queued once
    // Two records a batch: contacts take several batches, each queuing the next.
    let runs = 0;
    while (await runDueJobs(db, searchRebuildJobs(t.app.meta, 2))) runs++;
    expect(runs).toBeGreaterThan(0);
    expect(await found('刘')).toEqual([ids.liu, ids.liuming].sort());
    expect(await found('张三')).toEqual([ids.zhang]);
    const v = await sql<{ v: number }>`select (value #>> '{}')::int as v from settings where key = 'search_text_version'`.execute(db);
    expect(v.rows[0].v).toBe(SEARCH_TEXT_VERSION);
    const job = await sql<{ failed: boolean; done: boolean }>`select failed, done_at is not null as done from jobs where key = ${SEARCH_REBUILD_JOB}`.execute(db);
    expect(job.rows).toEqual([{ failed: false, done: true }]);
    expect(await scheduleSearchRebuild(db, { newDatabase: false })).toBe(false); // built by this version now
  });
});
