// `npm start`: install what is missing, build the web client when it is missing or stale,
// then run the server with the demo data (KARTA_DEMO=1 unless set otherwise).
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const sh = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (!fs.existsSync(path.join(root, 'node_modules/.package-lock.json'))) {
  console.log('Installing dependencies…');
  sh('npm', ['install', '--no-audit', '--no-fund']);
}

function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}
const web = path.join(root, 'packages/web');
const built = path.join(web, 'dist/index.html');
if (fs.existsSync(path.join(web, 'src')) && (!fs.existsSync(built) || fs.statSync(built).mtimeMs < Math.max(newest(path.join(web, 'src')), newest(path.join(root, 'packages/shared/src'))))) {
  console.log('Building the web client…');
  sh('npm', ['run', 'build', '-w', '@karta/web']);
}

const env = { ...process.env, KARTA_DEMO: process.env.KARTA_DEMO ?? '1' };
const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], { stdio: 'inherit', cwd: root, env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
