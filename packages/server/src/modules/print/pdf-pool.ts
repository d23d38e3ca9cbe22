/**
 * PDFs are laid out in one worker thread, started on the first print and kept: the event loop only fills templates.
 * A job that runs past its deadline ends the worker (the next print starts a fresh one).
 */
import { Worker } from 'node:worker_threads';
import { AppError } from '../../platform/errors.js';
import { msg } from '../../platform/messages/say.js';
import { MAX_NODES, type PageSetup } from './html-pdf.js';

/** A document that takes longer than this to lay out is given up (a runaway template, not a real form). */
const DEADLINE_MS = 60_000;

interface Pending { resolve(pdf: Buffer): void; reject(err: unknown): void; timer: NodeJS.Timeout }
let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

function failAll(err: unknown): void {
  for (const [id, p] of pending) { clearTimeout(p.timer); p.reject(err); pending.delete(id); }
}

function start(): Worker {
  // From the bundle (dist/main.mjs) the worker is its sibling bundle; from the sources (tsx, tests) the .ts file.
  const bundled = import.meta.url.endsWith('.mjs');
  const source = new URL('./pdf-worker.ts', import.meta.url).href;
  const w = bundled ? new Worker(new URL('./pdf-worker.mjs', import.meta.url))
    : new Worker(`import('tsx/esm/api').then((tsx) => tsx.tsImport(${JSON.stringify(source)}, ${JSON.stringify(source)}))`, { eval: true });
  w.unref();
  w.on('message', (m: { id: number; pdf?: Uint8Array; error?: string }) => {
    const p = pending.get(m.id);
    if (!p) return;
    clearTimeout(p.timer);
    pending.delete(m.id);
    if (m.pdf) p.resolve(Buffer.from(m.pdf.buffer, m.pdf.byteOffset, m.pdf.byteLength));
    else if (m.error === 'too_large') p.reject(new AppError('VALIDATION_FAILED', msg('The document is too large to print (more than {max} elements)', { max: MAX_NODES })));
    else p.reject(new Error(`PDF layout failed: ${m.error}`));
  });
  w.on('error', (err) => { failAll(err); if (worker === w) worker = null; });
  w.on('exit', () => { failAll(new Error('the PDF worker stopped')); if (worker === w) worker = null; });
  return w;
}

/** The PDF of HTML bodies (a page each), laid out in the worker. */
export function renderPdf(bodies: string[], page: PageSetup): Promise<Buffer> {
  worker ??= start();
  const w = worker;
  const id = nextId++;
  return new Promise<Buffer>((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new AppError('VALIDATION_FAILED', msg('The document is too large to print (more than {max} elements)', { max: MAX_NODES })));
      void w.terminate();
    }, DEADLINE_MS);
    pending.set(id, { resolve, reject, timer });
    w.postMessage({ id, bodies, page });
  });
}
