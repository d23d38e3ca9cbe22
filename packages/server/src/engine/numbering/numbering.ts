import { sql } from 'kysely';
import type { Tx } from '../../platform/db.js';
import type { ResolvedModule } from '../registry/registry.js';

/**
 * Next human number of a module (`ACC12`). The row lock of the UPDATE serializes concurrent creates,
 * so numbers are unique; the unique index on number is the last line of defence.
 */
export async function nextNumber(db: Tx, m: ResolvedModule): Promise<string> {
  return (await nextNumbers(db, m, 1))[0];
}

/** `count` consecutive numbers in one statement (an import's batch): the same row lock, no gaps between them. */
export async function nextNumbers(db: Tx, m: ResolvedModule, count: number): Promise<string[]> {
  if (count <= 0) return [];
  const r = await sql<{ prefix: string; first: number }>`
    insert into module_numbering (module, prefix, next_number) values (${m.name}, ${m.numberPrefix}, ${count + 1})
    on conflict (module) do update set next_number = module_numbering.next_number + ${count}
    returning prefix, next_number - ${count} as first`.execute(db);
  const { prefix, first } = r.rows[0];
  return Array.from({ length: count }, (_, i) => `${prefix}${Number(first) + i}`);
}

/** After records came in with numbers of their own (a migration), new numbers start above the highest of them. */
export async function numberAbove(db: Tx, m: ResolvedModule): Promise<void> {
  await sql`insert into module_numbering (module, prefix, next_number) values (${m.name}, ${m.numberPrefix}, 1) on conflict (module) do nothing`.execute(db);
  await sql`update module_numbering n set next_number = greatest(n.next_number, coalesce((
      select max(substring(t.number from '([0-9]+)$')::bigint) + 1 from ${sql.table(m.name)} t where t.number like n.prefix || '%'), 1))
    where n.module = ${m.name}`.execute(db);
}
