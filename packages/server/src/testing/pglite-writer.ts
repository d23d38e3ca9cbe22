/**
 * A child process for the durability test: opens a PGlite data directory as the server does and commits rows one
 * transaction at a time, printing each row's id only after its commit returned — the acknowledgement the test
 * holds it to after a `kill -9`.
 */
import { sql } from 'kysely';
import { openDatabase } from '../platform/db.js';

const [dataDir] = process.argv.slice(2);
const database = await openDatabase({ dataDir });
const db = database.db;
await sql`create table if not exists durability_probe (id int primary key, payload text not null)`.execute(db);
// After the last printed id: a row may have committed without being printed when the process was killed.
const last = await sql<{ n: number }>`select coalesce(max(id), 0)::int as n from durability_probe`.execute(db);
const first = last.rows[0].n + 1;
for (let id = first; ; id++) {
  await db.transaction().execute(async (trx) => {
    await sql`insert into durability_probe values (${id}, ${'x'.repeat(200 + (id % 300))})`.execute(trx);
    await sql`update durability_probe set payload = payload || '.' where id = ${Math.max(first, id - 7)}`.execute(trx);
  });
  process.stdout.write(`${id}\n`);
}
