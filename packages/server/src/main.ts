import { readFileSync } from 'node:fs';
import { buildApp } from './app.js';
import { boot } from './bootstrap.js';
import { loadDemoData } from './demo/load-demo.js';
import { seedStandardReports } from './modules/analytics/standard-reports.js';
import { seedPrintTemplates } from './modules/print/forms/standard-forms.js';
import { standardBehaviours } from './modules/behaviours.js';
import { standardModules } from './modules/index.js';
import { jobHandlers } from './job-handlers.js';
import { startJobWorker } from './platform/jobs.js';
import { readConfig } from './platform/config.js';
import { isDatabaseUnavailable, openDatabase } from './platform/db.js';
import { removeControlFile, writeControlFile } from './ops/local-control.js';
import { recordPgliteActivity } from './ops/pglite-maintenance.js';

const version = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version as string;

async function main(): Promise<void> {
  const config = readConfig();
  // A database restart drops connections: say so once in a while, recover, never exit.
  let lastWarning = 0;
  const warnDatabase = (err: unknown) => {
    if (Date.now() - lastWarning < 10_000) return;
    lastWarning = Date.now();
    console.warn(`karta: database connection problem (${(err as Error).message}); requests answer 503 until it is back`);
  };
  process.on('unhandledRejection', (err) => console.error('karta: unhandled rejection', err));
  const database = await openDatabase({ url: config.databaseUrl, readUrl: config.databaseReadUrl, dataDir: config.dataDir, pgliteSharedBuffers: config.pgliteSharedBuffers, namedStatements: config.pgNamedStatements, onConnectionError: warnDatabase });
  const { app, adminPassword } = await boot(config, database, { defs: standardModules, behaviours: standardBehaviours }, version);
  await seedStandardReports(app);
  await seedPrintTemplates(app);
  const demo = config.demo ? await loadDemoData(app) : null;
  const server = await buildApp(app, { logger: true });
  await server.listen({ port: config.port, host: config.host });
  // The embedded database is this process's alone: `npm run backup` asks it, through the data directory's control file.
  if (database.kind === 'pglite') writeControlFile(config.dataDir, { host: config.host, port: (server.server.address() as { port: number }).port });
  // Reminders and other queued jobs: every instance polls; SKIP LOCKED gives each job to one of them.
  const stopJobs = startJobWorker(database.db, jobHandlers(app), config.jobsIntervalMs,
    (err) => (isDatabaseUnavailable(err) ? warnDatabase(err) : server.log.error(err, 'job worker')), database.kind === 'postgres' ? config.jobWorkers : 1);
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  const lines = [`Karta ${version} is running at ${url} (database: ${database.kind})`, `API docs: ${url}/api/docs`];
  if (adminPassword) lines.push(`Administrator: admin / ${adminPassword}${config.adminPassword ? ' (from KARTA_ADMIN_PASSWORD)' : ' — shown once, write it down'}`);
  else lines.push('Administrator: admin (password set on first start)');
  if (demo?.users.length) lines.push('Demo users:', ...demo.users.map((u) => `  ${u.username} / ${u.password}  (${u.role})`));
  console.log('\n' + lines.join('\n') + '\n');
  const stop = async () => {
    removeControlFile(config.dataDir);
    await server.close();
    await stopJobs();
    if (database.kind === 'pglite') await recordPgliteActivity(app).catch((err) => console.error('karta: PGlite activity not recorded:', err));
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
