// `npm test`: the type check (server, web, bench), the unit/DB/HTTP suites (Vitest), then the browser journeys (Playwright in Chromium).
import { spawnSync } from 'node:child_process';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run('npm', ['run', 'typecheck']);
run('npx', ['vitest', 'run']);
import fs from 'node:fs';
if (process.env.KARTA_SKIP_E2E !== '1' && fs.existsSync('scripts/e2e.mjs')) run('node', ['scripts/e2e.mjs']);
