import { PassThrough, type Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { Zip, ZipDeflate } from 'fflate';
import { requireAdmin } from '../access/permissions.js';
import type { RequestContext } from '../context.js';
import { cell, forEachPage } from './export.js';

/**
 * Everything the company keeps, for an administrator: every module as a CSV (UTF-8 with BOM, field keys as the
 * header, so each file imports back) in one zip. Streamed: a module is read page by page and deflated as it
 * goes, so memory stays flat whatever the size, and a slow client slows the reading down.
 */
export function exportCompany(ctx: RequestContext): Readable {
  requireAdmin(ctx);
  const out = new PassThrough();
  const zip = new Zip((err, chunk) => {
    if (err) out.destroy(err);
    else out.write(chunk);
  });
  const flow = () => (out.writableNeedDrain ? new Promise<void>((resolve) => out.once('drain', () => resolve())) : Promise.resolve());
  void (async () => {
    try {
      for (const m of ctx.registry.list()) {
        const file = new ZipDeflate(`${m.name}.csv`, { level: 6 });
        zip.add(file);
        const fields = m.allFields.filter((f) => !f.hidden);
        file.push(new TextEncoder().encode('\ufeff' + stringify([fields.map((f) => f.name)])));
        await forEachPage(ctx, m, { sort: 'id' }, Number.MAX_SAFE_INTEGER, async (records, refs) => {
          file.push(new TextEncoder().encode(stringify(records.map((r) => fields.map((f) => cell(f, r[f.name], refs, ctx))))));
          await flow();
        });
        file.push(new Uint8Array(0), true);
      }
      zip.end();
      out.end();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return out;
}
