import { sql } from 'kysely';
import type { ModuleBehaviour } from '../../engine/registry/behaviour.js';

/** A document keeps every file it held: each new file (upload of a new version) is a row of its versions. */
export const documentBehaviour: ModuleBehaviour = {
  // A new file without a label of its own is unlabelled: the label the document had named the file before it.
  async beforeWrite(_ctx, change) {
    const v = change.values;
    if (change.action === 'update' && 'file_id' in v && !('file_version' in v) && v.file_id !== change.before?.file_id) v.file_version = null;
  },
  async afterWrite(ctx, change, record) {
    if (change.action !== 'create' && change.action !== 'update') return;
    const file = record.file_id as string | null;
    if (!file || change.before?.file_id === file) return;
    await sql`insert into document_versions (document_id, file_id, label, user_id)
      values (${change.id}, ${file}, ${(record.file_version as string | null) ?? null}, ${ctx.user.id})`.execute(ctx.db);
  },
  // Merged, the others' versions are the survivor's history too (their files stay reachable through it).
  async onMerge(ctx, survivor, merged) {
    await sql`update document_versions set document_id = ${survivor}::uuid where document_id = any(${merged}::uuid[])`.execute(ctx.db);
    // A file the survivor took from one of them (the merge's choice) is in its history once.
    await sql`delete from document_versions v where v.document_id = ${survivor}::uuid and exists (select 1 from document_versions w
      where w.document_id = v.document_id and w.file_id = v.file_id and w.id < v.id)`.execute(ctx.db);
  },
};
