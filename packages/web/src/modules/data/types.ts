/** Shapes of the data API (imports, duplicates) as the web client reads them. */
export interface PreviewField { name: string; label: string; type: string; required: boolean }
export interface PreviewRow { row: number; cells: unknown[]; values: Record<string, unknown>; errors: Record<string, string> }
export interface ImportPreview {
  format: 'csv' | 'xlsx' | 'vcard'; encoding: string | null; delimiter: string | null; header: string[];
  columns: { column: string; field: string | null }[]; fields: PreviewField[]; rows: PreviewRow[];
}
export type Mapping = Record<string, string | null>;
export interface SavedMapping { id: string; name: string; mapping: Mapping }
export interface ImportStatus {
  id: string; module: string; filename: string; format: string; state: 'reading' | 'queued' | 'running' | 'done' | 'failed' | 'undoing' | 'undone';
  total: number; done: number; created: number; updated: number; skipped: number; failed: number;
  errors: { row: number; message: string; fields?: Record<string, string> }[];
  rate: number | null; eta_seconds: number | null; can_undo: boolean; undo_until: string;
  undo_report: { deleted: number; restored: number; kept: number } | null; last_error: string | null;
  created_at: string; finished_at: string | null;
}
export const ACTIVE_STATES = ['reading', 'queued', 'running', 'undoing'];
