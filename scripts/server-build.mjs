// The server runs from one bundle built by esbuild (its dependencies stay in node_modules): no TypeScript
// transpiler in the running process — about 90 MB less memory and a faster start than running the sources
// through tsx. Rebuilt when any source of the server or of the shared package is newer than the bundle.
import fs from 'node:fs';
import path from 'node:path';
import { newest } from './web-build.mjs';

export const SERVER_BUNDLE = 'packages/server/dist/main.mjs';

/**
 * How the bundle is run: source maps for readable stack traces; a young generation of 8 MB semi-spaces (V8's
 * default is larger) — measured under the bench's read load, resident memory peaks ~30 MB lower with the same
 * requests per second; and the old generation grown by 20 % past what survived the last full collection, where V8
 * would otherwise let it grow up to 4× between collections on a quiet machine (on PostgreSQL, four interleaved
 * rounds of the bench: peak RSS 368–398 → 209–213 MB, p50 latencies 0–9 % higher — docs/benchmarks.md); one
 * V8 worker thread instead of four: fewer WebAssembly compilations of PGlite in flight at once, each with its own
 * scratch memory that the allocator keeps — idle RSS on PGlite 276–285 → 247 MB, peak 310–324 → 275 MB, at the same
 * latencies on two cores (docs/benchmarks.md).
 */
export const SERVER_NODE_ARGS = ['--enable-source-maps', '--v8-pool-size=1', '--max-semi-space-size=8', '--heap-growing-percent=20'];

/** Builds the server bundle when it is missing or stale; returns false when the build failed. */
export async function ensureServerBuilt(root) {
  const out = path.join(root, SERVER_BUNDLE);
  const sources = Math.max(newest(path.join(root, 'packages/server/src')), newest(path.join(root, 'packages/shared/src')));
  const worker = path.join(path.dirname(out), 'pdf-worker.mjs');
  if (fs.existsSync(out) && fs.existsSync(worker) && fs.statSync(out).mtimeMs >= sources) return true;
  console.log('Building the server…');
  const esbuild = await import('esbuild');
  try {
    await esbuild.build({
      // The PDF worker thread is a bundle of its own beside main.mjs (see print/pdf-pool.ts).
      entryPoints: { main: path.join(root, 'packages/server/src/main.ts'), 'pdf-worker': path.join(root, 'packages/server/src/modules/print/pdf-worker.ts') },
      outdir: path.dirname(out),
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      // The shared package is TypeScript source: bundled in, not imported at run time.
      alias: { '@karta/shared': path.join(root, 'packages/shared/src') },
      sourcemap: true,
      logLevel: 'warning',
    });
    return true;
  } catch {
    return false;
  }
}
