import type { RequestContext } from '../engine/context.js';
import { runWrite } from '../engine/records/write-helpers.js';
import { generateRecords, type GenerateOptions, type GeneratedCounts } from './generate-records.js';
import type { DemoPeople } from './generator/context.js';
import { loadSeedRecords } from './seed-records.js';

export type { DemoPeople } from './generator/context.js';

/**
 * The demo company's records: the seed's records exactly (SPEC §4) in one transaction, then the
 * generated records in four languages (`opts.scale` shrinks them for tests).
 */
export async function loadDemoRecords(ctx: RequestContext, people: DemoPeople, opts: GenerateOptions = {}): Promise<GeneratedCounts> {
  await runWrite(ctx, (tctx) => loadSeedRecords(tctx, people, opts.now));
  return generateRecords(ctx, people, opts);
}
