/**
 * The audit log partitioned by month (migration 11, engine/audit/partitions.ts): rows land in their month's partition
 * on either side of a boundary, a record's history reads across partitions, a row of a month without a partition is
 * kept in the default one and moved when its month gets one, and pruning drops whole months.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { CHUNK_ROWS, writeBackup } from '../../ops/backup.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAuditPartitions, monthStart, partitionName, pruneAuditPartitions } from '../audit/partitions.js';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';

describe('monthly partition names and bounds (UTC)', () => {
  it('takes the UTC month, across a year end', () => {
    expect(monthStart(new Date('2030-12-31T23:30:00-05:00')).toISOString()).toBe('2031-01-01T00:00:00.000Z');
    expect(monthStart(new Date('2030-12-15T00:00:00Z'), 1).toISOString()).toBe('2031-01-01T00:00:00.000Z');
    expect(monthStart(new Date('2030-01-15T00:00:00Z'), -1).toISOString()).toBe('2029-12-01T00:00:00.000Z');
    expect(partitionName(new Date('2031-02-01T00:00:00Z'))).toBe('audit_log_y2031m02');
  });
});

describe('the partitioned audit log', () => {
  let t: TestApp;
  let admin: Client;
  beforeAll(async () => { t = await createTestApp(); admin = await t.login('admin'); });
  afterAll(async () => { await t?.close(); });

  const db = () => t.app.database.db;
  const addChange = (id: string, at: string, title: string) => sql`insert into audit_log (module, record_id, user_id, action, at, changes)
    values ('contacts', ${id}, ${t.users.admin}, 'update', ${at}::timestamptz, ${JSON.stringify({ title: [null, title] })}::jsonb)`.execute(db());
  const partitionOf = async (title: string) => (await sql<{ p: string }>`select tableoid::regclass::text as p from audit_log
    where changes -> 'title' ->> 1 = ${title}`.execute(db())).rows.map((r) => r.p);
  const historyTitles = async (id: string) => ((await admin.get(`/api/v1/records/contacts/${id}/history`)).body.data as { changes: { title?: [null, string] } }[])
    .map((h) => h.changes.title?.[1]).filter(Boolean);

  it('is partitioned, with the coming months ready', async () => {
    const kind = await sql<{ k: string }>`select relkind::text as k from pg_class where oid = 'audit_log'::regclass`.execute(db());
    expect(kind.rows[0].k).toBe('p');
    const next = partitionName(monthStart(new Date(), 1));
    expect((await sql<{ t: string | null }>`select to_regclass(${next})::text as t`.execute(db())).rows[0].t).toBe(next);
  });

  it('keeps each change in its month on either side of a boundary, and a history reads across them', async () => {
    expect(await ensureAuditPartitions(db(), new Date('2030-01-15T00:00:00Z'))).toEqual(['audit_log_y2030m01', 'audit_log_y2030m02', 'audit_log_y2030m03']);
    const contact = (await admin.post('/api/v1/records/contacts', { last_name: 'Partition' })).body.data;
    await addChange(contact.id, '2030-01-31T23:59:59.999Z', 'last of January');
    await addChange(contact.id, '2030-02-01T00:00:00Z', 'first of February');
    expect(await partitionOf('last of January')).toEqual(['audit_log_y2030m01']);
    expect(await partitionOf('first of February')).toEqual(['audit_log_y2030m02']);
    expect(await historyTitles(contact.id)).toEqual(['first of February', 'last of January']);
    const fromJanuary = await sql<{ n: number }>`select count(*)::int as n from audit_log where record_id = ${contact.id}
      and at >= '2030-01-31T00:00:00Z' and at < '2030-02-02T00:00:00Z'`.execute(db());
    expect(fromJanuary.rows[0].n).toBe(2);
  });

  it('keeps a change of a month without a partition, and moves it when the month gets one', async () => {
    const contact = (await admin.post('/api/v1/records/contacts', { last_name: 'Default' })).body.data;
    await addChange(contact.id, '2031-06-10T12:00:00Z', 'in June 2031');
    expect(await partitionOf('in June 2031')).toEqual(['audit_log_default']);
    expect(await ensureAuditPartitions(db(), new Date('2030-01-15T00:00:00Z'))).toEqual(['audit_log_y2031m06']);
    expect(await partitionOf('in June 2031')).toEqual(['audit_log_y2031m06']);
    expect(await ensureAuditPartitions(db(), new Date('2030-01-15T00:00:00Z'))).toEqual([]);
    expect(await historyTitles(contact.id)).toEqual(['in June 2031']);
  });

  it('backs up every row of every month, past a chunk of rows in each', async () => {
    const one = (await admin.post('/api/v1/records/contacts', { last_name: 'Many changes' })).body.data.id;
    for (const month of ['2030-01', '2030-02', '2030-03']) {
      await sql`insert into audit_log (module, record_id, user_id, action, at, changes)
        select 'contacts', ${one}, null, 'update', ${`${month}-10T00:00:00Z`}::timestamptz + n * interval '1 second', '{}'::jsonb
        from generate_series(1, ${CHUNK_ROWS + 1}) n`.execute(db());
    }
    const total = (await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(db())).rows[0].n;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'karta-audit-backup-'));
    try {
      const manifest = await writeBackup(db(), { out: path.join(dir, 'b.zip'), filesDir: path.join(dir, 'files'), version: 'test', kind: t.app.database.kind });
      expect(manifest.tables.audit_log.rows).toBe(total);
      expect(manifest.table_order.filter((x) => x.startsWith('audit_log'))).toEqual(['audit_log']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('prunes whole months past the retention, and writes go on', async () => {
    expect(await pruneAuditPartitions(db(), 0, new Date('2031-07-01T00:00:00Z'))).toEqual([]);
    const dropped = await pruneAuditPartitions(db(), 12, new Date('2031-07-05T00:00:00Z'));
    expect(dropped).toEqual(expect.arrayContaining(['audit_log_legacy', 'audit_log_y2030m01', 'audit_log_y2030m02', 'audit_log_y2030m03']));
    expect(dropped).not.toContain('audit_log_y2031m06');
    expect(await partitionOf('last of January')).toEqual([]);
    expect(await partitionOf('in June 2031')).toEqual(['audit_log_y2031m06']);
    const contact = (await admin.post('/api/v1/records/contacts', { last_name: 'After pruning' }));
    expect(contact.status).toBe(201);
    const history = (await admin.get(`/api/v1/records/contacts/${contact.body.data.id}/history`)).body.data as { action: string }[];
    expect(history.map((h) => h.action)).toEqual(['create']);
  });
});
