// Initial JavaScript of the built client, gzip-compressed: the entry script plus every chunk the
// browser preloads with it (index.html's modulepreload links). Fails above the budget (SPEC §5: 300 KB).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

import { fileURLToPath } from 'node:url';

export const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');

/** Gzip sizes in bytes: the initial scripts (entry + modulepreloads) and all chunks. `npm run bench` reports them too. */
export function measureBundle(dist = DIST) {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const initial = new Set([...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]));
  const gz = (file) => zlib.gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length;
  const all = fs.readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`);
  return {
    initialBytes: [...initial].reduce((s, f) => s + gz(f), 0), initialFiles: initial.size,
    allBytes: all.reduce((s, f) => s + gz(f), 0), allFiles: all.length,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const budget = Number(process.env.KARTA_JS_BUDGET_KB ?? 300) * 1024;
  const m = measureBundle();
  const kb = (n) => (n / 1024).toFixed(1) + ' KB';
  console.log(`Initial JS: ${kb(m.initialBytes)} gzip in ${m.initialFiles} files (budget ${kb(budget)}); all chunks: ${kb(m.allBytes)} gzip in ${m.allFiles} files.`);
  if (m.initialBytes > budget) {
    console.error('The initial JavaScript is over budget.');
    process.exit(1);
  }
}
