import { sql } from 'kysely';
import type { Tx } from '../../platform/db.js';
import type { ResolvedModule } from '../registry/registry.js';

/**
 * Next human number of a module (`ACC12`). The row lock of the UPDATE serializes concurrent creates,
 * so numbers are unique; the unique index on number is the last line of defence.
 */
export async function nextNumber(db: Tx, m: ResolvedModule): Promise<string> {
  const r = await sql<{ prefix: string; n: number }>`
    insert into module_numbering (module, prefix, next_number) values (${m.name}, ${m.numberPrefix}, 2)
    on conflict (module) do update set next_number = module_numbering.next_number + 1
    returning prefix, next_number - 1 as n`.execute(db);
  return `${r.rows[0].prefix}${r.rows[0].n}`;
}
