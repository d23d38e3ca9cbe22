import { sql } from 'kysely';
import type { AppContext } from '../../../app-context.js';
import type { RequestContext } from '../../../engine/context.js';
import { linkRelated } from '../../../engine/records/related.js';
import { updateRecord } from '../../../engine/records/update.js';
import { numberAbove } from '../../../engine/numbering/numbering.js';
import { contextFor } from '../../../engine/system-context.js';
import { AppError } from '../../../platform/errors.js';
import type { VtigerClient } from '../ws-client.js';
import { fromVtId } from '../ws-ids.js';
import { vtModule, type VtModule } from '../vtiger-map.js';
import { migratePeople } from './people.js';
import { migrateRecords, type MigrationError, type ModuleResult, type PendingReference } from './records.js';
import { prepareModule } from './schema.js';

/** Referenced modules before the ones pointing at them; inventory after products; comments last. */
export const MIGRATION_ORDER = [
  'Accounts', 'Vendors', 'Products', 'Services', 'PriceBooks', 'Campaigns', 'Contacts', 'Leads', 'Potentials',
  'Quotes', 'SalesOrder', 'Invoice', 'PurchaseOrder', 'HelpDesk', 'Faq', 'ServiceContracts', 'Assets', 'Documents', 'Calendar', 'Events', 'ModComments',
];

/** Many-to-many links vTiger keeps between records, read from the first module's side. */
const LINKS: [from: string, to: string][] = [
  ['Potentials', 'Contacts'], ['Campaigns', 'Contacts'], ['Campaigns', 'Leads'], ['Campaigns', 'Accounts'], ['PriceBooks', 'Products'],
  ['Documents', 'Accounts'], ['Documents', 'Contacts'], ['Documents', 'Leads'], ['Documents', 'Potentials'], ['Documents', 'HelpDesk'],
];

export interface MigrationProgress { module: string; done: number; total: number }
export interface MigrationSummary {
  users: { read: number; created: number; groups: number };
  modules: Record<string, ModuleResult>;
  customFields: string[];
  picklistValues: number;
  links: number;
  errors: MigrationError[];
  seconds: number;
}

/**
 * Brings a vTiger 6–8 CRM into Karta through vTiger's own webservice (no database access needed): users and
 * groups, custom fields and picklist values, then every module's records with their numbers, ids and
 * relations. Everything is written as an administrator through the record pipeline. Running it again updates
 * what changed in vTiger and creates only what is new.
 */
export async function migrateFromVtiger(app: AppContext, client: VtigerClient, opts: { owner?: string; modules?: string[] } = {},
  onProgress: (p: MigrationProgress) => void = () => undefined): Promise<MigrationSummary> {
  const started = Date.now();
  const admin = await sql<{ id: string }>`select id from users where is_admin and active order by (username = 'admin') desc, created_at limit 1`.execute(app.database.db);
  if (!admin.rows[0]) throw new Error('Karta has no active administrator to migrate as');
  const context = async () => {
    app.meta.invalidate();
    return contextFor(app, admin.rows[0].id);
  };
  let ctx = await context();
  const people = await migratePeople(ctx, client, opts.owner);
  const types = new Set((await client.listTypes()).types);
  const wanted = MIGRATION_ORDER.filter((name) => types.has(name) && (!opts.modules || opts.modules.includes(name)))
    .map((name) => vtModule(name)!).filter((vm) => ctx.registry.has(vm.karta));
  const summary: MigrationSummary = { users: { read: people.users, created: people.created, groups: people.groups }, modules: {}, customFields: [], picklistValues: 0, links: 0, errors: [], seconds: 0 };

  for (const vm of wanted) {
    const described = await client.describe(vm.vt) as { fields: Parameters<typeof prepareModule>[2] };
    const prepared = await prepareModule(ctx, vm, described.fields);
    summary.customFields.push(...prepared.customFields);
    summary.picklistValues += prepared.picklistValues;
    if (prepared.customFields.length || prepared.picklistValues) ctx = await context();
  }
  const currencies = new Map<string, string>();
  if (types.has('Currency')) for (const c of await client.query('SELECT * FROM Currency;')) currencies.set(c.id, c.currency_code);
  const pending: PendingReference[] = [];
  for (const vm of wanted) {
    const total = Number((await client.query<{ count: string }>(`SELECT count(*) FROM ${vm.vt};`))[0]?.count ?? 0);
    let done = 0;
    onProgress({ module: vm.vt, done, total });
    summary.modules[vm.vt] = await migrateRecords(ctx, client, vm, { ownerWsId: people.ownerWsId, currencies }, pending, summary.errors, () => onProgress({ module: vm.vt, done: ++done, total }));
    await numberAbove(ctx.db, ctx.registry.module(vm.karta));
  }
  await resolvePending(ctx, pending, summary.errors);
  summary.links = await migrateLinks(ctx, client, wanted, summary.errors);
  // Karta's own records draw webservice ids above any vTiger gave (from a thousand million; higher if this vTiger's are).
  await sql`select setval('ws_id_seq', greatest((select last_value from ws_id_seq), (select coalesce(max(n), 1) from ws_ids)))`.execute(ctx.db);
  summary.seconds = Math.round((Date.now() - started) / 100) / 10;
  return summary;
}

/** References to records that came later (an account's parent, a comment's record) are set now. */
async function resolvePending(ctx: RequestContext, pending: PendingReference[], errors: MigrationError[]): Promise<void> {
  for (const p of pending) {
    const target = await fromVtId(ctx.db, p.wsId);
    if (!target) continue; // never brought over (a module left out, a deleted record)
    try {
      await updateRecord(ctx, p.module, p.id, { [p.field]: target.id });
      // Remembered as vTiger's, so the next run sees it unchanged there and keeps what Karta's users make of it.
      await sql`update vtiger_migrated set body = body || jsonb_build_object(${p.field}::text, ${target.id}::text) where record_id = ${p.id}`.execute(ctx.db);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const { message, fields } = err.render('en');
      errors.push({ module: p.module, id: p.id, message: `${p.field}: ${message} ${JSON.stringify(fields ?? {})}` });
    }
  }
}

async function migrateLinks(ctx: RequestContext, client: VtigerClient, wanted: VtModule[], errors: MigrationError[]): Promise<number> {
  let links = 0;
  const names = new Set(wanted.map((vm) => vm.vt));
  for (const [from, to] of LINKS.filter(([a, b]) => names.has(a) && names.has(b))) {
    const source = vtModule(from)!;
    const target = vtModule(to)!;
    const rel = ctx.registry.module(source.karta).relations.find((r) => r.module === target.karta && r.kind === 'many_to_many');
    if (!rel) continue;
    for await (const page of client.all(from)) {
      for (const row of page) {
        const own = await fromVtId(ctx.db, row.id);
        if (!own) continue;
        for (const other of await client.retrieveRelated(row.id, to)) {
          const found = await fromVtId(ctx.db, other.id);
          if (!found) continue;
          try {
            await linkRelated(ctx, source.karta, own.id, rel.name, { id: found.id });
            links++;
          } catch (err) {
            if (!(err instanceof AppError)) throw err;
            if (err.code !== 'CONFLICT') errors.push({ module: from, id: row.id, message: err.render('en').message });
          }
        }
      }
    }
  }
  return links;
}
