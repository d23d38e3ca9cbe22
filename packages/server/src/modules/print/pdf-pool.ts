/**
 * PDFs are laid out in one worker thread, started on the first print and kept: the event loop only fills templates.
 * Documents go to it one at a time from a queue here, so each one's deadline counts its own layout only; a document
 * past its deadline ends the worker (a fresh one takes the rest of the queue) and fails alone.
 */
import { Worker } from 'node:worker_threads';
import { AppError } from '../../platform/errors.js';
import { msg } from '../../platform/messages/say.js';
import { MAX_NODES, type PageSetup } from './html-pdf.js';

/** A document that takes longer than this to lay out is given up (a runaway template, not a real form). */
const DEADLINE_MS = 60_000;
/** Documents waiting past this many: the print is refused for now rather than queued without end. */
const MAX_WAITING = 100;
/** One user's documents in the queue at once: one person's 100 merges must not hold everyone else's prints. */
const MAX_PER_USER = 5;
const perUser = new Map<string, number>();

interface Job { bodies: string[]; page: PageSetup; resolve(pdf: Buffer): void; reject(err: unknown): void }
let worker: Worker | null = null;
let current: (Job & { timer: NodeJS.Timeout }) | null = null;
const waiting: Job[] = [];

function start(): Worker {
  // From the bundle (dist/main.mjs) the worker is its sibling bundle; from the sources (tsx, tests) the .ts file.
  const bundled = import.meta.url.endsWith('.mjs');
  const source = new URL('./pdf-worker.ts', import.meta.url).href;
  const w = bundled ? new Worker(new URL('./pdf-worker.mjs', import.meta.url))
    : new Worker(`import('tsx/esm/api').then((tsx) => tsx.tsImport(${JSON.stringify(source)}, ${JSON.stringify(source)}))`, { eval: true });
  w.unref();
  w.on('message', (m: { pdf?: Uint8Array; error?: string; problem?: string }) => {
    if (w !== worker) return;
    if (m.pdf) finish((job) => job.resolve(Buffer.from(m.pdf!.buffer, m.pdf!.byteOffset, m.pdf!.byteLength)));
    else if (m.error === 'too_large') finish((job) => job.reject(new AppError('VALIDATION_FAILED', msg('The document is too large to print (more than {max} elements)', { max: MAX_NODES }))));
    else finish((job) => job.reject(new AppError('VALIDATION_FAILED', msg('The document cannot be laid out: {problem}', { problem: String(m.problem ?? '').slice(0, 300) }))));
  });
  const gone = () => {
    if (w !== worker) return; // ended on purpose, already replaced
    worker = null;
    // It stopped while laying this document out (out of memory on a huge layout): the document fails, said as such.
    finish((job) => job.reject(new AppError('VALIDATION_FAILED', msg('The document could not be laid out: the PDF engine stopped on it (too large?)'))));
  };
  w.on('error', gone);
  w.on('exit', gone);
  return w;
}

/** Settles the document in the worker, then sends the next one. */
function finish(settle: (job: Job) => void): void {
  const job = current;
  current = null;
  if (job) {
    clearTimeout(job.timer);
    settle(job);
  }
  next();
}

function next(): void {
  if (current || !waiting.length) return;
  const job = waiting.shift()!;
  worker ??= start();
  const timer = setTimeout(() => {
    // Too long: this worker is dropped (and stopped); the queue goes on in a fresh one.
    const w = worker;
    worker = null;
    void w?.terminate();
    finish((j) => j.reject(new AppError('VALIDATION_FAILED', msg('The document took too long to lay out (more than {seconds} s)', { seconds: DEADLINE_MS / 1000 }))));
  }, DEADLINE_MS);
  current = { ...job, timer };
  worker.postMessage({ bodies: job.bodies, page: job.page });
}

/** Test hook: the worker stops as if it had run out of memory on the document it lays out. */
export const crashWorker = (): Promise<number> | undefined => worker?.terminate();

/** The PDF of HTML bodies (a page each), laid out in the worker; `user`: whose print it is (a share of the queue each). */
export function renderPdf(bodies: string[], page: PageSetup, user?: string): Promise<Buffer> {
  if (waiting.length >= MAX_WAITING) return Promise.reject(new AppError('UNAVAILABLE', msg('Too many documents are being printed; try again in a minute')));
  if (user && (perUser.get(user) ?? 0) >= MAX_PER_USER) {
    return Promise.reject(new AppError('UNAVAILABLE', msg('You have {max} documents printing already; wait for them to finish', { max: MAX_PER_USER })));
  }
  if (user) perUser.set(user, (perUser.get(user) ?? 0) + 1);
  const done = () => {
    if (!user) return;
    const n = (perUser.get(user) ?? 1) - 1;
    if (n > 0) perUser.set(user, n); else perUser.delete(user);
  };
  return new Promise<Buffer>((resolve, reject) => {
    waiting.push({ bodies, page, resolve: (pdf) => { done(); resolve(pdf); }, reject: (err) => { done(); reject(err); } });
    next();
  });
}
