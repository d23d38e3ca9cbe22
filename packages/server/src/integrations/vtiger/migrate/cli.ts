/**
 * `npm run migrate:vtiger -- --url https://old.example.com --user admin --access-key KEY [--owner USER] [--modules Accounts,Contacts]`
 * Reads a vTiger 6–8 through its webservice and writes into the Karta database this configuration names
 * (DATABASE_URL, or the embedded one under KARTA_DATA_DIR — stop `npm start` first for that one: it is a
 * single-process database). Safe to run again: what exists is updated, never duplicated.
 */
import { parseArgs } from 'node:util';
import { boot } from '../../../bootstrap.js';
import { standardBehaviours } from '../../../modules/behaviours.js';
import { standardModules } from '../../../modules/index.js';
import { readConfig } from '../../../platform/config.js';
import { openDatabase } from '../../../platform/db.js';
import { refuseWhileRunning } from '../../../ops/local-control.js';
import { VtigerClient } from '../ws-client.js';
import { migrateFromVtiger, type MigrationProgress } from './migrate.js';

function bar(p: MigrationProgress): string {
  const width = 30;
  const filled = p.total ? Math.round((p.done / p.total) * width) : width;
  return `${p.module.padEnd(16)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: {
    url: { type: 'string' }, user: { type: 'string' }, 'access-key': { type: 'string' }, owner: { type: 'string' }, modules: { type: 'string' }, help: { type: 'boolean' },
  } });
  if (values.help || !values.url || !values.user || !values['access-key']) {
    console.log('Usage: npm run migrate:vtiger -- --url https://vtiger.example.com --user admin --access-key KEY [--owner karta_user] [--modules Accounts,Contacts,…]');
    process.exit(values.help ? 0 : 2);
  }
  const config = readConfig();
  if (!config.databaseUrl) refuseWhileRunning(config.dataDir, 'migrating from vTiger into it');
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, pgliteSharedBuffers: config.pgliteSharedBuffers });
  const { app, adminPassword } = await boot(config, database, { defs: standardModules, behaviours: standardBehaviours }, 'migrate');
  if (adminPassword) console.log(`A new Karta database: administrator admin / ${adminPassword} (shown once)`);
  const client = new VtigerClient(values.url);
  await client.login(values.user, values['access-key']);
  const tty = process.stderr.isTTY;
  let last = '';
  const summary = await migrateFromVtiger(app, client, { owner: values.owner, modules: values.modules?.split(',').map((s) => s.trim()) }, (p) => {
    if (tty) process.stderr.write(`\r${bar(p)}`);
    else if (p.module !== last || p.done === p.total) process.stderr.write(`${bar(p)}\n`);
    last = p.module;
  });
  if (tty) process.stderr.write('\n');
  console.log(`\nUsers: ${summary.users.read} read, ${summary.users.created} created; groups: ${summary.users.groups}`);
  console.log(`Custom fields added: ${summary.customFields.length ? summary.customFields.join(', ') : 'none'}; picklist values added: ${summary.picklistValues}`);
  for (const [module, r] of Object.entries(summary.modules)) {
    console.log(`${module.padEnd(16)} read ${r.read}, created ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}, failed ${r.failed}`);
  }
  console.log(`Links: ${summary.links}; ${summary.seconds} s`);
  for (const e of summary.errors.slice(0, 50)) console.log(`  ${e.module} ${e.id}: ${e.message}`);
  if (summary.errors.length > 50) console.log(`  … and ${summary.errors.length - 50} more`);
  await database.close();
  process.exit(summary.errors.length ? 1 : 0);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
