/**
 * The PDF worker thread: lays out HTML as a PDF away from the event loop (a long document takes seconds of CPU,
 * during which the server keeps answering everyone else). Receives `{bodies, page}`, one at a time (pdf-pool.ts
 * sends the next when this one is answered), and answers `{pdf}`, `{error: 'too_large'}` or `{error, problem}`.
 */
import { parentPort } from 'node:worker_threads';
import { DocumentTooLarge, htmlToDocument, type PageSetup } from './html-pdf.js';
import { writePdf } from './pdf-writer.js';

parentPort?.on('message', async (job: { bodies: string[]; page: PageSetup }) => {
  try {
    const pdf = await writePdf(htmlToDocument(job.bodies, job.page));
    const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength).slice();
    parentPort!.postMessage({ pdf: bytes }, [bytes.buffer]);
  } catch (err) {
    // A template's problem (a broken picture, a layout pdfmake cannot make): said to its author, not a server error.
    parentPort!.postMessage(err instanceof DocumentTooLarge ? { error: 'too_large' } : { error: 'layout', problem: String((err as Error).message ?? err).split('\n')[0] });
  }
});
