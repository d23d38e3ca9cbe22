// `npm run test:e2e`: the browser journeys against the real server and the built client.
// Builds the client and the server bundle when missing or stale, starts the server on a free port with a fresh data
// directory (and a fresh PostgreSQL database when TEST_DATABASE_URL is set), waits for /health, runs
// Playwright in Debian Chromium, then stops everything. Exits non-zero when anything fails.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SERVER_BUNDLE, SERVER_NODE_ARGS, ensureServerBuilt } from './server-build.mjs';
import { ensureWebBuilt } from './web-build.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const web = path.join(root, 'packages/web');
const artifacts = path.join(root, 'e2e/artifacts');
fs.mkdirSync(artifacts, { recursive: true });

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  return r.status ?? 1;
}

// ── 1. The client and the server, built from the current sources ─────────────
if (!ensureWebBuilt(root)) process.exit(1);
if (!(await ensureServerBuilt(root))) process.exit(1);
if (run(process.execPath, [path.join(web, 'scripts/bundle-size.mjs')]) !== 0) process.exit(1);

// ── 2. A fresh database ──────────────────────────────────────────────────────
const secret = () => crypto.randomBytes(9).toString('base64url');
let databaseUrl;
let dropDatabase = async () => {};
if (process.env.TEST_DATABASE_URL) {
  const { default: pg } = await import('pg');
  const name = `karta_e2e_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(process.env.TEST_DATABASE_URL);
  u.pathname = '/' + name;
  databaseUrl = u.toString();
  dropDatabase = async () => {
    const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`).catch((e) => console.error('drop database:', e.message));
    await c.end();
  };
  console.log(`PostgreSQL database ${name}`);
}

// ── 3. A mail server on loopback (the e-mail journeys send through it) ─────
// Each message is kept as JSON ({to, subject, text}) in a folder the journeys read (a portal invitation's link).
const { SMTPServer } = await import('smtp-server');
const { simpleParser } = await import('mailparser');
const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'karta-e2e-mail-'));
let mailCount = 0;
const smtp = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
  onData(stream, _session, done) {
    simpleParser(stream).then((m) => {
      const n = String(++mailCount).padStart(6, '0');
      fs.writeFileSync(path.join(mailDir, `${n}.json`), JSON.stringify({ to: m.to?.text ?? '', subject: m.subject ?? '', text: m.text ?? '' }));
      done();
    }, done);
  } });
await new Promise((r) => smtp.listen(0, '127.0.0.1', r));
const smtpUrl = `smtp://127.0.0.1:${smtp.server.address().port}`;

// ── 4. The server ────────────────────────────────────────────────────────────
const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'karta-e2e-'));
const adminPassword = secret();
const demoPassword = secret();
const serverLog = fs.openSync(path.join(artifacts, 'server.log'), 'w');
const env = {
  ...process.env,
  PORT: String(port), HOST: '127.0.0.1', KARTA_DATA_DIR: dataDir, KARTA_DEMO: '1',
  KARTA_ADMIN_PASSWORD: adminPassword, KARTA_DEMO_PASSWORD: demoPassword,
  KARTA_WEB_DIST: path.join(web, 'dist'), SMTP_URL: smtpUrl, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  // Reminders fire within a second of their time, so a journey can wait for one.
  KARTA_JOBS_INTERVAL_MS: '1000',
  // The journeys' IMAP server runs on this machine, where a user's own mailbox may not otherwise point.
  KARTA_MAIL_ALLOW_HOSTS: '127.0.0.1',
};
delete env.DATABASE_URL;
if (databaseUrl) env.DATABASE_URL = databaseUrl;
const server = spawn(process.execPath, [...SERVER_NODE_ARGS, SERVER_BUNDLE], { cwd: root, env, stdio: ['ignore', serverLog, serverLog], detached: false });
let serverExited = false;
server.on('exit', () => { serverExited = true; });

async function stop(code) {
  if (!serverExited) {
    server.kill('SIGTERM');
    await new Promise((r) => { const t = setTimeout(() => { server.kill('SIGKILL'); r(); }, 10_000); server.on('exit', () => { clearTimeout(t); r(); }); });
  }
  await dropDatabase();
  smtp.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(mailDir, { recursive: true, force: true });
  process.exit(code);
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => void stop(130));

const base = `http://127.0.0.1:${port}`;
const deadline = Date.now() + 180_000;
let healthy = false;
while (Date.now() < deadline && !serverExited) {
  try {
    const r = await fetch(`${base}/api/v1/health`);
    if (r.ok) { healthy = true; break; }
  } catch { /* not listening yet */ }
  await new Promise((r) => setTimeout(r, 500));
}
if (!healthy) {
  console.error(`The server did not become healthy; see ${path.join(artifacts, 'server.log')}`);
  await stop(1);
}
console.log(`Server at ${base}`);

// ── 5. The journeys ──────────────────────────────────────────────────────────
const playwrightCli = path.join(root, 'node_modules/@playwright/test/cli.js');
const code = await new Promise((resolve) => {
  const child = spawn(process.execPath, [playwrightCli, 'test', '-c', 'e2e/playwright.config.ts', ...process.argv.slice(2)], {
    cwd: root, stdio: 'inherit',
    env: { ...process.env, KARTA_E2E_URL: base, KARTA_E2E_ADMIN_PASSWORD: adminPassword, KARTA_E2E_DEMO_PASSWORD: demoPassword, KARTA_E2E_MAIL_DIR: mailDir },
  });
  child.on('exit', (c) => resolve(c ?? 1));
});
await stop(code);
