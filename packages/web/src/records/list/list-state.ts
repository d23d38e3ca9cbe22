import { extensionFor } from '../../modules';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { Where } from '@karta/shared';
import type { ListQuery, ModuleMeta, SavedView } from '../../api/types';

/**
 * The list's state lives in the URL (back/forward, reload and shared links work):
 * `view` (saved view id), `q` (module search), `letter` (alphabet bar), and overrides of the view's
 * `where` (JSON), `sort` and `cols`. Without overrides the view's definition — or the module's default
 * list — applies.
 */
export interface ListState {
  viewId: string | null;
  q: string;
  letter: string | null;
  where: Where | undefined;
  sort: string;
  columns: string[];
  /** The user changed the filter, sort or columns of the selected view. */
  modified: boolean;
}

function parseWhere(s: string | null): Where | undefined {
  if (!s) return undefined;
  try {
    return JSON.parse(s) as Where;
  } catch {
    return undefined;
  }
}

function viewSort(v: SavedView | undefined): string | undefined {
  const s = v?.definition.sort;
  return Array.isArray(s) ? s.join(',') : s || undefined;
}

export function useListState(module: ModuleMeta, views: SavedView[] | undefined) {
  const [params, setParams] = useSearchParams();
  const viewId = params.get('view');
  const view = views?.find((v) => v.id === viewId);
  const known = new Set(module.fields.map((f) => f.name));

  const state: ListState = {
    viewId,
    q: params.get('q') ?? '',
    letter: params.get('letter'),
    // A saved view says which records it shows; the module's own list may leave some out (converted leads).
    where: params.has('where') ? parseWhere(params.get('where')) : view ? view.definition.where : module.list.where,
    sort: params.get('sort') ?? viewSort(view) ?? module.list.sort,
    columns: (params.get('cols')?.split(',') ?? view?.definition.columns ?? module.list.columns).filter((c) => known.has(c)),
    modified: params.has('where') || params.has('sort') || params.has('cols'),
  };

  const update = useCallback((changes: Record<string, string | null>) => {
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(changes)) {
        if (v === null || v === '') next.delete(k);
        else next.set(k, v);
      }
      return next;
    }, { replace: true });
  }, [setParams]);

  const actions = useMemo(() => ({
    setQ: (q: string) => update({ q }),
    setLetter: (letter: string | null) => update({ letter }),
    setWhere: (w: Where | undefined) => update({ where: w ? JSON.stringify(w) : JSON.stringify({ and: [] }) }),
    setSort: (s: string) => update({ sort: s }),
    setColumns: (cols: string[]) => update({ cols: cols.join(',') }),
    /** Opening a view drops the overrides of the previous one. */
    openView: (id: string | null) => update({ view: id, where: null, sort: null, cols: null, letter: null }),
    clearOverrides: () => update({ where: null, sort: null, cols: null }),
  }), [update]);

  return { state, view, ...actions };
}

/** Conditions of the filter, the alphabet letter and the search → the body of POST …/query. */
export function buildQuery(module: ModuleMeta, s: ListState, cursor: string | undefined, limit = 50): ListQuery {
  const parts: Where[] = [];
  if (s.where && !(('and' in s.where) && !s.where.and.length)) parts.push(s.where);
  if (s.letter) parts.push({ field: module.title_field, op: 'starts_with', value: s.letter });
  const extra = ['number', ...module.title_fields, ...(module.fields.some((f) => f.name === 'currency') ? ['currency'] : []), ...(extensionFor(module.name).listFields ?? [])];
  return {
    where: parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : { and: parts },
    sort: s.sort.split(',').filter(Boolean),
    limit,
    cursor,
    count: !cursor,
    q: s.q.trim() || undefined,
    fields: [...new Set([...s.columns, ...extra])],
  };
}
