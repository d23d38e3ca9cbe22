import { PassThrough, type Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { csvSafe } from './csv-cells.js';
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
  // A client that went away destroys the stream: stop reading then, rather than page through every module for nobody.
  const flow = () => new Promise<void>((resolve) => {
    if (!out.writableNeedDrain || out.destroyed) return resolve();
    const done = () => { out.off('drain', done); out.off('close', done); resolve(); };
    out.on('drain', done).on('close', done);
  });
  void (async () => {
    try {
      for (const m of ctx.registry.list()) {
        if (out.destroyed) return;
        const file = new ZipDeflate(`${m.name}.csv`, { level: 6 });
        zip.add(file);
        const fields = m.allFields.filter((f) => !f.hidden);
        file.push(new TextEncoder().encode('\ufeff' + stringify([fields.map((f) => f.name)])));
        await forEachPage(ctx, m, { sort: 'id' }, Number.MAX_SAFE_INTEGER, async (records, refs) => {
          file.push(new TextEncoder().encode(stringify(records.map((r) => fields.map((f) => csvSafe(cell(f, r[f.name], refs, ctx)))))));
          await flow();
          if (out.destroyed) throw new Error('export abandoned');
        });
        file.push(new Uint8Array(0), true);
      }
      zip.end();
      out.end();
    } catch (err) {
      if (!out.destroyed) out.destroy(err as Error);
    }
  })();
  return out;
}
