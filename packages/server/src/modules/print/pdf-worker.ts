/**
 * The PDF worker thread: lays out HTML as a PDF away from the event loop (a long document takes seconds of CPU,
 * during which the server keeps answering everyone else). Receives `{id, bodies, page}`, answers `{id, pdf}` or `{id, error}`.
 */
import { parentPort } from 'node:worker_threads';
import { DocumentTooLarge, htmlToDocument, type PageSetup } from './html-pdf.js';
import { writePdf } from './pdf-writer.js';

interface Job { id: number; bodies: string[]; page: PageSetup }

// One document at a time: the parsed fonts are shared between documents (pdf-writer.ts).
let queue: Promise<void> = Promise.resolve();
parentPort?.on('message', (job: Job) => { queue = queue.then(() => layOut(job)); });

async function layOut(job: Job): Promise<void> {
  try {
    const pdf = await writePdf(htmlToDocument(job.bodies, job.page));
    const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength).slice();
    parentPort!.postMessage({ id: job.id, pdf: bytes }, [bytes.buffer]);
  } catch (err) {
    parentPort!.postMessage({ id: job.id, error: err instanceof DocumentTooLarge ? 'too_large' : String((err as Error).message ?? err) });
  }
}
