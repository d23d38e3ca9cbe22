import { sql } from 'kysely';
import type { RequestContext } from '../engine/context.js';

/**
 * Makes the next record of a module get number `next` (LEA12, QUO2 as in the seed). Never moves the
 * counter back, so a number is never handed out twice.
 */
export async function setNextNumber(ctx: RequestContext, moduleName: string, next: number): Promise<void> {
  const m = ctx.registry.module(moduleName);
  await sql`insert into module_numbering (module, prefix, next_number) values (${m.name}, ${m.numberPrefix}, ${next})
    on conflict (module) do update set next_number = greatest(module_numbering.next_number, excluded.next_number)`.execute(ctx.db);
}
