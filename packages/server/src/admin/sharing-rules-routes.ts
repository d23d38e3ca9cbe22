import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { requireAdmin } from '../engine/access/permissions.js';
import { fullRegistry } from '../engine/access/field-view.js';
import { inTransaction, type Tx } from '../platform/db.js';
import { AppError } from '../platform/errors.js';
import { auditAdmin } from './admin-audit.js';
import { parseBody } from './parse-body.js';
import { dataOf, doc, listOf, obj, str, uuid } from '../engine/http/openapi/schema.js';

const KINDS = ['role', 'role_and_subordinates', 'group'] as const;
type Kind = (typeof KINDS)[number];

const PARTY = obj({ role: uuid(), role_and_subordinates: uuid(), group: uuid() });
const RULE = obj({ id: uuid(), module: str(), from: PARTY, to: PARTY, access: str({ enum: ['read', 'read_write'] }) }, ['id', 'module', 'from', 'to', 'access']);

/** `{"role": id}`, `{"role_and_subordinates": id}` or `{"group": id}` — exactly one. */
const id = z.string().uuid('must be an id');
const party = z.object({ role: id, role_and_subordinates: id, group: id }).partial().strict()
  .refine((p) => Object.keys(p).length === 1, 'name one role, role and subordinates, or group');
const ruleSchema = z.object({ module: z.string(), from: party, to: party, access: z.enum(['read', 'read_write']) }).strict();

const ruleJson = (r: Record<string, unknown>) => ({
  id: r.id, module: r.module, from: { [r.from_kind as string]: r.from_id }, to: { [r.to_kind as string]: r.to_id }, access: r.access,
});

async function checkParty(db: Tx, p: Partial<Record<Kind, string>>, path: string): Promise<[Kind, string]> {
  const [kind, id] = Object.entries(p)[0] as [Kind, string];
  const table = kind === 'group' ? 'groups' : 'roles';
  const r = await sql`select 1 from ${sql.table(table)} where id = ${id}`.execute(db);
  if (!r.rows.length) throw new AppError('VALIDATION_FAILED', 'Some fields are not valid', { [`${path}.${kind}`]: kind === 'group' ? 'refers to a group that does not exist' : 'refers to a role that does not exist' });
  return [kind, id];
}

/**
 * Sharing rules: records of one module owned by a role (with or without its subordinates) or a group are readable, or
 * also writable, by another. The visibility predicate reads them as more owner ids (access/load-user.ts).
 */
export async function sharingRulesRoutes(app: FastifyInstance): Promise<void> {
  app.get('/sharing_rules', doc({ tags: ['admin'], summary: 'Sharing rules (administrators)', response: { 200: listOf(RULE) } }), async (req) => {
    requireAdmin(req.ctx);
    const r = await sql<Record<string, unknown>>`select * from sharing_rules order by module, created_at`.execute(req.ctx.db);
    return { data: r.rows.map(ruleJson) };
  });
  app.post('/sharing_rules', doc({ tags: ['admin'], summary: 'Share records owned by one role or group with another', body: obj({ module: str(), from: PARTY, to: PARTY, access: str({ enum: ['read', 'read_write'] }) }, ['module', 'from', 'to', 'access']), response: { 201: dataOf(RULE) } }), async (req, reply) => {
    requireAdmin(req.ctx);
    const input = parseBody(ruleSchema, req.body);
    if (!fullRegistry(req.ctx.registry).has(input.module)) throw new AppError('VALIDATION_FAILED', 'Some fields are not valid', { module: 'is not a module' });
    const id = uuidv7();
    await inTransaction(req.ctx.db, async (trx) => {
      const [fromKind, fromId] = await checkParty(trx, input.from, 'from');
      const [toKind, toId] = await checkParty(trx, input.to, 'to');
      await sql`insert into sharing_rules (id, module, from_kind, from_id, to_kind, to_id, access)
        values (${id}, ${input.module}, ${fromKind}, ${fromId}, ${toKind}, ${toId}, ${input.access})`.execute(trx);
      await auditAdmin(trx, 'sharing_rules', id, req.ctx, 'create', { rule: [null, input] });
    });
    reply.code(201);
    const r = await sql<Record<string, unknown>>`select * from sharing_rules where id = ${id}`.execute(req.ctx.db);
    return { data: ruleJson(r.rows[0]) };
  });
  app.delete<{ Params: { id: string } }>('/sharing_rules/:id', doc({ tags: ['admin'], summary: 'Remove a sharing rule', response: { 204: 'removed' } }), async (req, reply) => {
    requireAdmin(req.ctx);
    await inTransaction(req.ctx.db, async (trx) => {
      const r = await sql<Record<string, unknown>>`delete from sharing_rules where id::text = ${req.params.id} returning *`.execute(trx);
      if (!r.rows[0]) throw new AppError('NOT_FOUND', 'No such sharing rule');
      await auditAdmin(trx, 'sharing_rules', req.params.id, req.ctx, 'delete', { rule: [ruleJson(r.rows[0]), null] });
    });
    reply.code(204).send();
  });
}
