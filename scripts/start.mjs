// `npm start`: install what is missing, build the web client and the server when missing or stale,
// then run the server with the demo data (KARTA_DEMO=1 unless set otherwise).
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SERVER_BUNDLE, SERVER_NODE_ARGS, ensureServerBuilt } from './server-build.mjs';
import { ensureWebBuilt } from './web-build.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const sh = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (!fs.existsSync(path.join(root, 'node_modules/.package-lock.json'))) {
  console.log('Installing dependencies…');
  sh('npm', ['install', '--no-audit', '--no-fund']);
}

if (!ensureWebBuilt(root)) process.exit(1);
if (!(await ensureServerBuilt(root))) process.exit(1);

const env = { ...process.env, KARTA_DEMO: process.env.KARTA_DEMO ?? '1' };
const child = spawn(process.execPath, [...SERVER_NODE_ARGS, SERVER_BUNDLE], { stdio: 'inherit', cwd: root, env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
