// The built web client is stale when any source of the client or of the shared package is newer.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

/** Builds packages/web when dist is missing or older than its sources; returns false when the build failed. */
export function ensureWebBuilt(root) {
  const web = path.join(root, 'packages/web');
  const built = path.join(web, 'dist/index.html');
  if (!fs.existsSync(path.join(web, 'src'))) return true;
  const sources = Math.max(newest(path.join(web, 'src')), newest(path.join(root, 'packages/shared/src')), fs.statSync(path.join(web, 'index.html')).mtimeMs);
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= sources) return true;
  console.log('Building the web client…');
  return spawnSync('npm', ['run', 'build', '-w', '@karta/web'], { stdio: 'inherit', cwd: root }).status === 0;
}
