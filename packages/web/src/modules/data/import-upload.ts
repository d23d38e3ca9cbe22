import { api } from '../../api/client';
import type { ImportPreview, Mapping } from './types';

export interface ImportChoice { module: string; file: File; encoding: string; delimiter: string; dateOrder?: string; mapping?: Mapping }

function form(c: ImportChoice, extra: Record<string, string> = {}): FormData {
  const f = new FormData();
  f.set('module', c.module);
  if (c.encoding) f.set('encoding', c.encoding);
  if (c.delimiter) f.set('delimiter', c.delimiter);
  if (c.dateOrder) f.set('date_order', c.dateOrder);
  if (c.mapping) f.set('mapping', JSON.stringify(c.mapping));
  for (const [k, v] of Object.entries(extra)) f.set(k, v);
  f.set('file', c.file, c.file.name);
  return f;
}

export const previewImport = (c: ImportChoice) =>
  api<{ data: ImportPreview }>('/imports/preview', { method: 'POST', body: form(c) }).then((r) => r.data);

export const startImport = (c: ImportChoice, duplicates: { mode: string; match_on: string[] }) =>
  api<{ data: { id: string } }>('/imports', { method: 'POST', body: form(c, { duplicates: JSON.stringify(duplicates) }) }).then((r) => r.data.id);
