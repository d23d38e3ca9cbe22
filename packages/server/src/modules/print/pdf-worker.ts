/**
 * The PDF worker thread: lays out HTML as a PDF away from the event loop (a long document takes seconds of CPU,
 * during which the server keeps answering everyone else). Receives `{id, bodies, page}`, answers `{id, pdf}` or `{id, error}`.
 */
import { parentPort } from 'node:worker_threads';
import { DocumentTooLarge, htmlToDocument, type PageSetup } from './html-pdf.js';
import { writePdf } from './pdf-writer.js';

parentPort?.on('message', async (job: { id: number; bodies: string[]; page: PageSetup }) => {
  try {
    const pdf = await writePdf(htmlToDocument(job.bodies, job.page));
    const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength).slice();
    parentPort!.postMessage({ id: job.id, pdf: bytes }, [bytes.buffer]);
  } catch (err) {
    parentPort!.postMessage({ id: job.id, error: err instanceof DocumentTooLarge ? 'too_large' : String((err as Error).message ?? err) });
  }
});
