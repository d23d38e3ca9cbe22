// Initial JavaScript of the built client, gzip-compressed: the entry script plus every chunk the
// browser preloads with it (index.html's modulepreload links). Fails above the budget (SPEC §5: 300 KB).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dist = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../dist');
const budget = Number(process.env.KARTA_JS_BUDGET_KB ?? 300) * 1024;
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
let total = 0;
for (const file of new Set(initial)) total += zlib.gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length;
const all = fs.readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js'));
let everything = 0;
for (const f of all) everything += zlib.gzipSync(fs.readFileSync(path.join(dist, 'assets', f)), { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(1) + ' KB';
console.log(`Initial JS: ${kb(total)} gzip in ${new Set(initial).size} files (budget ${kb(budget)}); all chunks: ${kb(everything)} gzip in ${all.length} files.`);
if (total > budget) {
  console.error('The initial JavaScript is over budget.');
  process.exit(1);
}
