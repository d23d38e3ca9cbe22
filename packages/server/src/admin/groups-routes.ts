import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { requireAdmin } from '../engine/access/permissions.js';
import { diff } from '../engine/audit/audit.js';
import { inTransaction, type Tx } from '../platform/db.js';
import { AppError } from '../platform/errors.js';
import { auditAdmin } from './admin-audit.js';
import { parseBody } from './parse-body.js';
import { arr, dataOf, doc, listOf, obj, str, uuid } from '../engine/http/openapi/schema.js';

const GROUP = obj({ id: uuid(), name: str(), members: arr(uuid()) }, ['id', 'name']);
const GROUP_INPUT = obj({ name: str(), members: arr(uuid()) });

const groupSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(100),
  members: z.array(z.string().uuid()),
}).strict();

/** Groups own records together ("Отдел продаж"); everyone may list them to pick an owner. */
export async function groupsRoutes(app: FastifyInstance): Promise<void> {
  app.get('/groups', doc({ tags: ['admin'], summary: 'Groups of users', response: { 200: listOf(GROUP) } }), async (req) => {
    const r = await sql<Record<string, unknown>>`select g.id, g.name,
      coalesce((select json_agg(user_id order by user_id) from group_members m where m.group_id = g.id), '[]'::json) as members
      from groups g order by g.name`.execute(req.ctx.db);
    return { data: r.rows };
  });
  app.get<{ Params: { id: string } }>('/groups/:id', doc({ tags: ['admin'], summary: 'One group', response: { 200: dataOf(GROUP) } }), async (req) => ({ data: await loadGroup(req.ctx.db, req.params.id) }));
  app.post('/groups', doc({ tags: ['admin'], summary: 'Create a group (administrators)', body: GROUP_INPUT, response: { 201: dataOf(GROUP) } }), async (req, reply) => {
    requireAdmin(req.ctx);
    const input = parseBody(groupSchema.partial({ members: true }), req.body);
    const id = uuidv7();
    await inTransaction(req.ctx.db, async (trx) => {
      await ensureNameFree(trx, input.name);
      await sql`insert into groups (id, name) values (${id}, ${input.name})`.execute(trx);
      await setMembers(trx, id, input.members ?? []);
      await auditAdmin(trx, 'groups', id, req.ctx, 'create', diff({}, input));
    });
    reply.code(201);
    return { data: await loadGroup(req.ctx.db, id) };
  });
  app.patch<{ Params: { id: string } }>('/groups/:id', doc({ tags: ['admin'], summary: 'Change a group (administrators)', body: GROUP_INPUT, response: { 200: dataOf(GROUP) } }), async (req) => {
    requireAdmin(req.ctx);
    const input = parseBody(groupSchema.partial(), req.body);
    await inTransaction(req.ctx.db, async (trx) => {
      const before = await loadGroup(trx, req.params.id);
      if (input.name !== undefined && input.name !== before.name) {
        await ensureNameFree(trx, input.name);
        await sql`update groups set name = ${input.name} where id = ${req.params.id}`.execute(trx);
      }
      if (input.members) await setMembers(trx, req.params.id, input.members);
      await auditAdmin(trx, 'groups', req.params.id, req.ctx, 'update', diff(before, input));
    });
    return { data: await loadGroup(req.ctx.db, req.params.id) };
  });
}

async function ensureNameFree(db: Tx, name: string): Promise<void> {
  const r = await sql`select 1 from groups where name = ${name}`.execute(db);
  if (r.rows.length) throw new AppError('CONFLICT', 'A group with this name exists', { name: 'is taken' });
}

async function setMembers(db: Tx, id: string, members: string[]): Promise<void> {
  const unique = [...new Set(members)];
  if (unique.length) {
    const r = await sql<{ n: number }>`select count(*)::int8 as n from users where id = any(${unique}::uuid[])`.execute(db);
    if (r.rows[0].n !== unique.length) throw new AppError('VALIDATION_FAILED', 'Unknown users in members', { members: 'contains an unknown user' });
  }
  await sql`delete from group_members where group_id = ${id}`.execute(db);
  if (unique.length) await sql`insert into group_members (group_id, user_id) select ${id}, unnest(${unique}::uuid[])`.execute(db);
}

async function loadGroup(db: Tx, id: string): Promise<Record<string, unknown>> {
  const r = await sql<Record<string, unknown>>`select g.id, g.name,
    coalesce((select json_agg(user_id order by user_id) from group_members m where m.group_id = g.id), '[]'::json) as members
    from groups g where g.id::text = ${id}`.execute(db);
  if (!r.rows[0]) throw new AppError('NOT_FOUND', 'No such group');
  return r.rows[0];
}
