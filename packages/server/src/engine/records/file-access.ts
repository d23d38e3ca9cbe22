/**
 * Who may read an uploaded file: the one who uploaded it, and whoever may see a record that holds it — in an
 * image or file field, or as an earlier version of a document. One statement.
 */
import { sql, type RawBuilder } from 'kysely';
import { can, visibilityPredicate } from '../access/permissions.js';
import type { RequestContext } from '../context.js';

export interface FileRow { id: string; name: string; mime: string; size: string; storage_key: string; created_by: string | null; created_at: string }

/** The visible records holding the file, as `(module, id)` rows. */
function holders(ctx: RequestContext, fileId: string): RawBuilder<unknown>[] {
  const out: RawBuilder<unknown>[] = [];
  for (const m of ctx.registry.list()) {
    const fields = m.allFields.filter((f) => f.type === 'image' || f.type === 'file');
    if (!fields.length || !can(ctx, m.name, 'view')) continue;
    const vis = visibilityPredicate(ctx, m.name, 'read');
    const match = sql.join(fields.map((f) => sql`${sql.ref(`t.${f.name}`)} = ${fileId}`), sql` or `);
    out.push(sql`select ${m.name}::text as module, t.id from ${sql.table(m.name)} t where t.deleted_at is null and (${match}) ${vis ? sql`and ${vis}` : sql``}`);
  }
  // Earlier versions of a document stay readable to those who see the document and its file field.
  if (ctx.registry.has('documents') && can(ctx, 'documents', 'view') && ctx.registry.module('documents').fieldMap.has('file_id')) {
    const vis = visibilityPredicate(ctx, 'documents', 'read');
    out.push(sql`select 'documents'::text, t.id from document_versions v join documents t on t.id = v.document_id
      where v.file_id = ${fileId} and t.deleted_at is null ${vis ? sql`and ${vis}` : sql``}`);
  }
  return out;
}

/** The file if the caller may read it; null otherwise (the caller cannot tell a hidden file from a missing one). */
export async function readableFile(ctx: RequestContext, fileId: string): Promise<FileRow | null> {
  const r = await sql<FileRow>`select id, name, mime, size::text, storage_key, created_by, created_at from files where id = ${fileId}`.execute(ctx.db);
  const file = r.rows[0];
  if (!file) return null;
  if (file.created_by === ctx.user.id || ctx.user.isAdmin) return file;
  const branches = holders(ctx, fileId);
  if (!branches.length) return null;
  const hit = await sql`select 1 from (${sql.join(branches, sql` union all `)}) h limit 1`.execute(ctx.db);
  return hit.rows.length ? file : null;
}
