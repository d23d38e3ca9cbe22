/** The layout editor's API (administrators): blocks and fields of a module, custom fields changed and deleted. */
import { LANGUAGES, pickText, type I18nText } from '@karta/shared';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { inTransaction, type Tx } from '../../platform/db.js';
import { AppError, type FieldErrors } from '../../platform/errors.js';
import { msg } from '../../platform/messages/say.js';
import { requireAdmin } from '../access/permissions.js';
import { writeAudit } from '../audit/audit.js';
import { MetaStore } from '../meta-store.js';
import { deleteCustomField, deletedCustomFields, editCustomField, restoreCustomField } from '../registry/custom-field-edit.js';
import { CUSTOM_BLOCK, type LayoutBlock } from '../registry/layout.js';
import type { ResolvedModule } from '../registry/registry.js';
import { arr, bool, doc, nullable, obj, str, type Schema } from './openapi/schema.js';

/** Fields an administrator places (not the system ones the engine shows on its own). */
const SYSTEM = new Set(['id', 'number', 'created_by', 'created_at', 'updated_at', 'version']);

const I18N: Schema = obj(Object.fromEntries(LANGUAGES.map((l) => [l, str()])));
const BLOCK: Schema = obj({ key: str(), label: I18N, fields: arr(str()), custom: bool() }, ['key', 'fields']);
const LAYOUT: Schema = obj({
  blocks: arr(BLOCK),
  fields: arr(obj({ name: str(), type: str(), label: I18N, custom: bool(), required: bool() }, ['name', 'type', 'label'])),
  deleted_fields: arr(obj({ name: str(), type: str(), label: I18N, deleted_at: str({ format: 'date-time' }) }, ['name', 'deleted_at'])),
  revision: nullable(str({ description: 'when the layout was last saved: send it back with PUT, and a layout saved since by someone else is a 409' })),
}, ['blocks', 'fields', 'deleted_fields', 'revision']);

/** When a module's layout was last saved (to the microsecond), or null when it is as declared. */
async function revisionOf(db: Tx, module: string): Promise<string | null> {
  const r = await sql<{ at: string }>`select to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at from module_layouts where module = ${module}`.execute(db);
  return r.rows[0]?.at ?? null;
}

function layoutOf(m: ResolvedModule) {
  return {
    blocks: m.blocks.map((b) => ({ key: b.key, label: b.label, fields: b.fields.filter((f) => !SYSTEM.has(f)), custom: CUSTOM_BLOCK.test(b.key) })),
    fields: m.allFields.filter((f) => !SYSTEM.has(f.name) && !f.hidden).map((f) => ({ name: f.name, type: f.type, label: f.label, custom: !!f.custom, required: !!f.required })),
  };
}

/** Checks a layout sent by the editor: known fields, each once; declared or custom blocks, each once. */
export function parseLayout(m: ResolvedModule, body: unknown): LayoutBlock[] {
  const errors: FieldErrors = {};
  const raw = (body as { blocks?: unknown } | null)?.blocks;
  if (!Array.isArray(raw) || !raw.length || raw.length > 50) throw new AppError('VALIDATION_FAILED', 'The layout is not valid', { blocks: 'needs a list of values' });
  const declared = new Set(m.blocks.map((b) => b.key));
  const keys = new Set<string>();
  const fields = new Set<string>();
  const out = raw.map((b: any, i): LayoutBlock => {
    const at = `blocks[${i}]`;
    const key = typeof b?.key === 'string' ? b.key : '';
    if (!declared.has(key) && !CUSTOM_BLOCK.test(key)) errors[`${at}.key`] = msg('must be one of {values}', { values: `${[...declared].join(', ')}, custom_…` });
    else if (keys.has(key)) errors[`${at}.key`] = 'is listed twice';
    keys.add(key);
    let label: I18nText | undefined;
    if (b?.label !== undefined) {
      const l = typeof b.label === 'string' ? { en: b.label } : b.label;
      if (!l || typeof l.en !== 'string' || !l.en.trim()) errors[`${at}.label`] = 'needs at least an English label';
      else label = Object.fromEntries(LANGUAGES.map((k) => [k, typeof l[k] === 'string' && l[k].trim() ? String(l[k]).trim().slice(0, 100) : l.en.trim()])) as I18nText;
    } else if (CUSTOM_BLOCK.test(key)) errors[`${at}.label`] = 'needs at least an English label';
    const names: string[] = Array.isArray(b?.fields) ? b.fields : [];
    if (!Array.isArray(b?.fields)) errors[`${at}.fields`] = 'needs a list of values';
    names.forEach((n, j) => {
      if (typeof n !== 'string' || !m.fieldMap.has(n) || SYSTEM.has(n)) errors[`${at}.fields[${j}]`] = 'is not a field of this module';
      else if (fields.has(n)) errors[`${at}.fields[${j}]`] = 'is listed twice';
      fields.add(n);
    });
    return { key, ...(label ? { label } : {}), fields: names };
  });
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'The layout is not valid', errors);
  return out;
}

export function layoutRoutes(meta: MetaStore) {
  return async (app: FastifyInstance) => {
    const reload = async () => { meta.invalidate(); await meta.fresh(); };
    app.get<{ Params: { module: string } }>('/meta/modules/:module/layout', doc({
      tags: ['meta'], summary: 'Blocks and fields of a module as arranged, and its deleted custom fields (administrators)', response: { 200: LAYOUT },
    }), async (req) => {
      requireAdmin(req.ctx);
      const m = req.ctx.registry.module(req.params.module);
      return { ...layoutOf(m), deleted_fields: await deletedCustomFields(req.ctx, m.name), revision: await revisionOf(req.ctx.db, m.name) };
    });
    app.put<{ Params: { module: string } }>('/meta/modules/:module/layout', doc({
      tags: ['meta'], summary: 'Arrange blocks and fields: order, blocks of one’s own, custom fields in any block (administrators)',
      body: obj({ blocks: arr(obj({ key: str(), label: I18N, fields: arr(str()) }, ['key', 'fields'])), revision: nullable(str()) }, ['blocks']), response: { 200: LAYOUT },
    }), async (req) => {
      requireAdmin(req.ctx);
      const m = req.ctx.registry.module(req.params.module);
      const blocks = parseLayout(m, req.body);
      const given = (req.body as { revision?: unknown } | null)?.revision;
      await inTransaction(req.ctx.db, async (trx) => {
        await sql`select pg_advisory_xact_lock(hashtext(${`layout:${m.name}`}))`.execute(trx);
        // Saved from a layout someone else has saved since: refused, rather than silently undoing their change.
        if (given !== undefined && given !== (await revisionOf(trx, m.name))) {
          throw new AppError('CONFLICT', 'Another administrator saved this layout meanwhile: reload it and arrange it again', { revision: 'is not the latest' });
        }
        const before = await sql<{ blocks: LayoutBlock[] }>`select blocks from module_layouts where module = ${m.name}`.execute(trx);
        await sql`insert into module_layouts (module, blocks) values (${m.name}, ${JSON.stringify(blocks)}::jsonb)
          on conflict (module) do update set blocks = excluded.blocks, updated_at = now()`.execute(trx);
        await writeAudit(trx, { module: 'module_layouts', recordId: uuidv7(), userId: req.ctx.user.id, ip: req.ctx.ip, action: 'update',
          changes: { [m.name]: [before.rows[0]?.blocks ?? null, blocks.map((b) => ({ key: b.key, label: b.label ? pickText(b.label, 'en') : undefined, fields: b.fields }))] } });
        await MetaStore.bump(trx);
      });
      await reload();
      return { ...layoutOf(meta.registry.module(m.name)), deleted_fields: await deletedCustomFields(req.ctx, m.name), revision: await revisionOf(req.ctx.db, m.name) };
    });
    app.patch<{ Params: { module: string; field: string } }>('/meta/modules/:module/fields/:field', doc({
      tags: ['meta'], summary: 'Relabel a custom field or make it (not) required (administrators)', body: obj({ label: I18N, required: bool() }), response: { 204: 'changed' },
    }), async (req, reply) => {
      requireAdmin(req.ctx);
      await editCustomField(req.ctx, req.params.module, req.params.field, req.body);
      await reload();
      reply.code(204).send();
    });
    app.delete<{ Params: { module: string; field: string }; Querystring: { purge?: string } }>('/meta/modules/:module/fields/:field', doc({
      tags: ['meta'], summary: 'Delete a custom field: hidden at once, its data kept until deleted again with purge=1 (administrators)',
      querystring: obj({ purge: str({ enum: ['1'] }) }), response: { 204: 'deleted' },
    }), async (req, reply) => {
      requireAdmin(req.ctx);
      await deleteCustomField(req.ctx, req.params.module, req.params.field, req.query.purge === '1');
      await reload();
      reply.code(204).send();
    });
    app.post<{ Params: { module: string; field: string } }>('/meta/modules/:module/fields/:field/restore', doc({
      tags: ['meta'], summary: 'Bring a deleted custom field back with its data (administrators)', response: { 204: 'restored' },
    }), async (req, reply) => {
      requireAdmin(req.ctx);
      await restoreCustomField(req.ctx, req.params.module, req.params.field);
      await reload();
      reply.code(204).send();
    });
  };
}
