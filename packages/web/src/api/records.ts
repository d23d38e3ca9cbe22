import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { qk } from './query-keys';
import type { HistoryEntry, ListQuery, ListResponse, RecordData, Refs } from './types';

/** Lists go through POST …/query: it carries nested and/or groups, the language saved views use. */
export function fetchList(module: string, query: ListQuery, signal?: AbortSignal): Promise<ListResponse> {
  return api<ListResponse>(`/records/${module}/query`, { method: 'POST', body: query, signal });
}

export function useRecordList(module: string, query: ListQuery, enabled = true) {
  return useQuery({
    queryKey: qk.list(module, query),
    queryFn: ({ signal }) => fetchList(module, query, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useRecord(module: string, id: string | undefined) {
  return useQuery({
    queryKey: qk.record(module, id ?? ''),
    queryFn: () => api<{ data: RecordData; refs: Refs }>(`/records/${module}/${id}`),
    enabled: !!id,
  });
}

export function useHistory(module: string, id: string) {
  return useQuery({
    queryKey: qk.history(module, id),
    queryFn: () => api<{ data: HistoryEntry[] }>(`/records/${module}/${id}/history`).then((r) => r.data),
  });
}

export function createRecord(module: string, values: Record<string, unknown>) {
  return api<{ data: RecordData }>(`/records/${module}`, { method: 'POST', body: values }).then((r) => r.data);
}

/** PATCH with If-Match, so a concurrent edit answers 409 instead of being overwritten. */
export function updateRecord(module: string, id: string, version: number, changes: Record<string, unknown>) {
  return api<{ data: RecordData }>(`/records/${module}/${id}`, { method: 'PATCH', body: changes, headers: { 'If-Match': `"${version}"` } }).then((r) => r.data);
}

export function deleteRecord(module: string, id: string) {
  return api(`/records/${module}/${id}`, { method: 'DELETE' });
}

export function duplicateRecord(module: string, id: string) {
  return api<{ data: RecordData }>(`/records/${module}/${id}/actions/duplicate`, { method: 'POST', body: {} }).then((r) => r.data);
}

export function runAction(module: string, id: string, action: string, body: unknown = {}) {
  return api<unknown>(`/records/${module}/${id}/actions/${action}`, { method: 'POST', body });
}

export function massUpdate(module: string, ids: string[], changes: Record<string, unknown>) {
  return api(`/records/${module}/mass-update`, { method: 'POST', body: { ids, changes } });
}

export function massDelete(module: string, ids: string[]) {
  return api(`/records/${module}/mass-delete`, { method: 'POST', body: { ids } });
}

export function linkRecord(module: string, id: string, relation: string, body: Record<string, unknown>) {
  return api(`/records/${module}/${id}/related/${relation}`, { method: 'POST', body });
}

export function unlinkRecord(module: string, id: string, relation: string, relatedId: string) {
  return api(`/records/${module}/${id}/related/${relation}/${relatedId}`, { method: 'DELETE' });
}

/** After any write to a module: every list, record, related list and search result may have changed. */
export function useInvalidateRecords() {
  const client = useQueryClient();
  return (module?: string) => Promise.all([
    client.invalidateQueries({ queryKey: module ? qk.records(module) : ['records'] }),
    // related lists of other modules show this module's records (and their count badges: a link or unlink changes no version)
    client.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'records' && String(q.queryKey[2]).startsWith('related') }),
    client.invalidateQueries({ queryKey: ['search'] }),
    // a record's timeline shows what was done from it (an SMS, a converted lead's activities)
    client.invalidateQueries({ queryKey: ['timeline'] }),
    // a report changed: its dashboard widgets and key figures run again
    ...(!module || module === 'reports' ? [client.invalidateQueries({ queryKey: ['report-run'] }), client.invalidateQueries({ queryKey: ['key-figure'] })] : []),
  ]);
}

export function useRecordMutation<TVars, TResult>(module: string, fn: (vars: TVars) => Promise<TResult>) {
  const invalidate = useInvalidateRecords();
  return useMutation({ mutationFn: fn, onSuccess: () => invalidate(module) });
}

export interface DuplicateHit { id: string; number: string; label: string; matched_on: string[] }

/** Records like the one about to be created (same e-mail, phone, tax id, site or company name). */
export function checkDuplicates(module: string, values: Record<string, unknown>): Promise<DuplicateHit[]> {
  return api<{ data: DuplicateHit[] }>(`/duplicates/${module}/check`, { method: 'POST', body: { values } }).then((r) => r.data);
}
