import { sql } from 'kysely';
import { AppError } from '../../../platform/errors.js';
import type { RequestContext } from '../../../engine/context.js';
import { createRecord } from '../../../engine/records/create.js';
import { getRecord } from '../../../engine/records/get.js';
import { updateRecord } from '../../../engine/records/update.js';
import { runWrite } from '../../../engine/records/write-helpers.js';
import { usableOwner } from '../../../engine/records/usable-owner.js';
import type { ResolvedModule } from '../../../engine/registry/registry.js';
import type { VtigerClient } from '../ws-client.js';
import { adoptWsId, fromVtId, wsIds } from '../ws-ids.js';
import { fromVt } from '../ws-values.js';
import { kartaField, vtModuleByType, type VtModule } from '../vtiger-map.js';
import { eventMoments } from '../ws-event-times.js';

export interface ModuleResult { read: number; created: number; updated: number; unchanged: number; failed: number }
export interface PendingReference { module: string; id: string; field: string; wsId: string }
export interface MigrationError { module: string; id: string; message: string }
export interface MigrateRecordOptions { ownerWsId?: string; /** vTiger currency ids (21x1) → codes (RUB) */ currencies: Map<string, string> }

const INVENTORY = new Set(['Quotes', 'SalesOrder', 'Invoice', 'PurchaseOrder']);
const VT_TAX_NAMES = ['VAT', 'Sales', 'Service'];
const idNumber = (wsId: string) => Number(wsId.split('x')[1]);
/** Values alike whatever the order of their keys (a remembered body comes back from jsonb with its keys sorted). */
const same = (a: unknown, b: unknown) => canonical(a ?? null) === canonical(b ?? null);
const canonical = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x)
  ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x));

/**
 * One vTiger module's records into Karta through the record pipeline (validation, permissions, audit):
 * created the first time — keeping vTiger's number (ACC12) and id (11x3) — and updated on a later run, so
 * running the migration again never duplicates. References to records not brought over yet are kept aside
 * and set once everything is in.
 */
export async function migrateRecords(
  ctx: RequestContext, client: VtigerClient, vm: VtModule, opts: MigrateRecordOptions,
  pending: PendingReference[], errors: MigrationError[], onRecord: () => void,
): Promise<ModuleResult> {
  const m = ctx.registry.module(vm.karta);
  const result: ModuleResult = { read: 0, created: 0, updated: 0, unchanged: 0, failed: 0 };
  for await (const page of client.all(vm.vt)) {
    for (const raw of page) {
      result.read++;
      try {
        const rec = INVENTORY.has(vm.vt) ? { ...raw, ...(await client.retrieve(raw.id)) } : raw;
        await migrateOne(ctx, vm, m, rec, opts, pending, result, (message) => { if (errors.length < 1000) errors.push({ module: vm.vt, id: raw.id, message }); });
      } catch (err) {
        if (!(err instanceof AppError) && !(err instanceof Error && 'code' in err)) throw err;
        result.failed++;
        const message = err instanceof AppError ? `${err.render('en').message} ${JSON.stringify(err.render('en').fields ?? {})}` : (err as Error).message;
        if (errors.length < 1000) errors.push({ module: vm.vt, id: raw.id, message });
      }
      onRecord();
    }
  }
  return result;
}

async function migrateOne(ctx: RequestContext, vm: VtModule, m: ResolvedModule, rec: Record<string, any>, opts: MigrateRecordOptions, pending: PendingReference[], result: ModuleResult, note: (message: string) => void): Promise<void> {
  const element: Record<string, unknown> = { ...rec, ...(await specialFields(ctx, vm, rec)) };
  // A currency is an entity in vTiger (21x1), a code in Karta.
  if (typeof rec.currency_id === 'string' && rec.currency_id) element.currency_id = opts.currencies.get(rec.currency_id) ?? null;
  if (opts.ownerWsId) element.assigned_user_id = opts.ownerWsId;
  // References whose record is not in Karta yet wait until the end.
  const later: Omit<PendingReference, 'id'>[] = [];
  for (const [key, value] of Object.entries(element)) {
    const f = key === 'id' ? undefined : m.fieldMap.get(kartaField(vm, key));
    if (!f || f.readOnly || (f.type !== 'reference' && f.type !== 'owner') || typeof value !== 'string' || !value) continue;
    const target = await fromVtId(ctx.db, value);
    if (target) {
      // Named by the webservice id of Karta's copy (its vTiger one, unless that was taken), as the conversion reads ids.
      element[key] = (await wsIds(ctx.db, target.module, [target.id])).get(target.id) ?? value;
    } else {
      delete element[key];
      if (f.type === 'reference' && vtModuleByType(Number(value.split('x')[0]))) later.push({ module: m.name, field: f.name, wsId: value });
    }
  }
  const body = await fromVt(ctx, vm, m, element);
  // A record of someone who has left vTiger (an inactive user) goes to the one migrating: Karta gives records only to
  // active users. What vTiger said is what is remembered, so a later run sees no change in it.
  const given = typeof body.assigned_to === 'string' ? { ...body, assigned_to: await usableOwner(ctx.db, [body.assigned_to, ctx.user.id]) } : body;
  const number = String(rec[vtNumberField(vm)] ?? '') || undefined;
  // The record an earlier run made of this vTiger record — never one Karta made itself, whatever webservice id it has.
  const existing = await migratedFrom(ctx, String(rec.id), m.name);
  let id: string;
  if (existing) {
    const { data } = await getRecord(ctx, m.name, existing);
    // Only what vTiger changed since the last run (what a user changed in Karta meanwhile stays); a record brought over
    // before runs were remembered is compared with Karta's values.
    const last = (await sql<{ body: Record<string, unknown> }>`select body from vtiger_migrated where record_id = ${existing}`.execute(ctx.db)).rows[0]?.body;
    const changes = Object.fromEntries(Object.entries(given).filter(([k, v]) => (last ? !same(last[k], body[k]) : true) && !same(data[k], v)));
    if (Object.keys(changes).length) {
      await updateRecord(ctx, m.name, existing, changes);
      result.updated++;
    } else result.unchanged++;
    await remember(ctx, existing, body, m.name, idNumber(rec.id));
    id = existing;
  } else {
    // The record and the vTiger id it answers to in one transaction: a crash between them would make the next run create it twice.
    id = await runWrite(ctx, async (tctx) => {
      const created = await createRecord(tctx, m.name, Object.fromEntries(Object.entries(given).filter(([, v]) => v !== null)), {
        number: number && !(await numberTaken(tctx, m, number)) ? number : undefined,
        createdAt: typeof rec.createdtime === 'string' && rec.createdtime ? `${rec.createdtime.replace(' ', 'T')}Z` : undefined,
      });
      // Its vTiger id stays its webservice id, unless Karta already gave that number to a record of its own (before
      // Karta's numbers were kept above vTiger's): then it is brought over with a new one, and the summary says so.
      if (!(await adoptWsId(tctx.db, m.name, idNumber(rec.id), created.id as string))) note(`its vTiger id ${rec.id} already names another Karta record; it was brought over with a new webservice id`);
      await remember(tctx, created.id as string, body, m.name, idNumber(rec.id));
      return created.id as string;
    });
    result.created++;
  }
  for (const l of later) pending.push({ ...l, id });
}

/** What this run brought into the record from vTiger, for the next run to tell vTiger's changes from Karta's. */
async function remember(ctx: RequestContext, id: string, body: Record<string, unknown>, module: string, vtNumber: number): Promise<void> {
  await sql`insert into vtiger_migrated (record_id, body, module, vt_n) values (${id}, ${JSON.stringify(body)}::jsonb, ${module}, ${vtNumber})
    on conflict (record_id) do update set body = excluded.body, module = excluded.module, vt_n = excluded.vt_n`.execute(ctx.db);
}

/** The Karta record a vTiger record (its module and id) was brought over as, if any. */
async function migratedFrom(ctx: RequestContext, vtId: string, module: string): Promise<string | null> {
  const found = await fromVtId(ctx.db, vtId);
  return found?.module === module ? found.id : null;
}

function vtNumberField(vm: VtModule): string {
  return Object.entries(vm.fields).find(([, k]) => k === 'number')?.[0] ?? '';
}

async function numberTaken(ctx: RequestContext, m: ResolvedModule, number: string): Promise<boolean> {
  const r = await sql`select 1 from ${sql.table(m.name)} where number = ${number}`.execute(ctx.db);
  return r.rows.length > 0;
}

/** What vTiger keeps in other shapes: an event's date and time apart, a document's link, an inventory's lines. */
async function specialFields(ctx: RequestContext, vm: VtModule, rec: Record<string, any>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  if (vm.vt === 'Events') Object.assign(out, eventMoments(rec));
  if (vm.vt === 'Documents' && rec.filelocationtype === 'E' && rec.filename) out.url = rec.filename;
  if (INVENTORY.has(vm.vt) && Array.isArray(rec.LineItems)) {
    const taxes = (l: Record<string, string>) => VT_TAX_NAMES.map((name, i) => ({ name, percent: Number(l[`tax${i + 1}`] || 0) })).filter((t) => t.percent > 0);
    const items = new Map<string, { module: string; id: string } | null>();
    for (const l of rec.LineItems as Record<string, string>[]) items.set(l.productid, await fromVtId(ctx.db, l.productid));
    out.lines = rec.LineItems.map((l: Record<string, string>) => ({
      item_module: items.get(l.productid)?.module ?? null, item_id: items.get(l.productid)?.id ?? null,
      description: l.comment || l.description || null, quantity: trim(l.quantity), list_price: trim(l.listprice),
      discount_percent: Number(l.discount_percent) ? trim(l.discount_percent) : null, discount_amount: Number(l.discount_amount) ? trim(l.discount_amount) : null,
      taxes: rec.hdnTaxType === 'individual' ? taxes(l) : [],
    }));
    if (rec.hdnTaxType !== 'individual' && rec.LineItems[0]) out.group_taxes = taxes(rec.LineItems[0]);
  }
  return out;
}

const trim = (v: string | undefined) => (v && /^-?\d+\.\d+$/.test(v) ? v.replace(/\.?0+$/, '') : v ?? '0');
