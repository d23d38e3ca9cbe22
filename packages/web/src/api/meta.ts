import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from './client';
import { qk } from './query-keys';
import { STRUCTURED_FIELDS } from '../records/form/structured-fields';
import type { FieldMeta, ModuleMeta } from './types';

/** All modules the user may use, with labels in the UI language; fetched once per language. */
export function useModules() {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  return useQuery({
    queryKey: qk.meta(lang),
    queryFn: async () => {
      const res = await api<{ data: ModuleMeta[] }>(`/meta/modules?lang=${encodeURIComponent(lang)}`);
      return new MetaIndex(res.data);
    },
    staleTime: Infinity,
    // A new language keeps the modules on screen while its labels load: an open form is never unmounted (and emptied).
    placeholderData: keepPreviousData,
  });
}

/** Modules by name with field lookups, so components never scan arrays by hand. */
export class MetaIndex {
  readonly byName = new Map<string, ModuleMeta>();
  private readonly fieldMaps = new Map<string, Map<string, FieldMeta>>();
  constructor(readonly modules: ModuleMeta[]) {
    for (const m of modules) {
      this.byName.set(m.name, m);
      this.fieldMaps.set(m.name, new Map(m.fields.map((f) => [f.name, f])));
    }
  }
  module(name: string): ModuleMeta | undefined {
    return this.byName.get(name);
  }
  field(module: string, field: string): FieldMeta | undefined {
    return this.fieldMaps.get(module)?.get(field);
  }
}

/** One module's metadata (undefined while loading or when the module does not exist). */
export function useModule(name: string | undefined): { module?: ModuleMeta; meta?: MetaIndex; isPending: boolean } {
  const q = useModules();
  return { module: name ? q.data?.module(name) : undefined, meta: q.data, isPending: q.isPending };
}

/** A record's display label: its title fields joined (contacts: "Василий Жданов"). */
export function recordLabel(module: ModuleMeta | undefined, record: Record<string, unknown> | undefined): string {
  if (!record) return '';
  const parts = (module?.title_fields ?? []).map((f) => record[f]).filter((v) => v !== null && v !== undefined && v !== '');
  return parts.length ? parts.join(' ') : String(record.number ?? '');
}

/** Fields a person edits in a form: not hidden, not read-only, not structured JSON. */
export function editableFields(module: ModuleMeta): FieldMeta[] {
  const structured = STRUCTURED_FIELDS[module.name] ?? [];
  return module.fields.filter((f) => !f.hidden && !f.read_only && (f.type !== 'json' || structured.includes(f.name)));
}

/** The currency code a record's money fields are in, when the module has a currency field. */
export function recordCurrency(record: Record<string, unknown> | undefined): string | null {
  const c = record?.currency;
  return typeof c === 'string' && /^[A-Z]{3}$/.test(c) ? c : null;
}

/** May the user do this in the module (the server says so in the metadata; it checks again on every request)? */
export function canDo(module: ModuleMeta | undefined, action: 'view' | 'create' | 'edit' | 'delete' | 'export' | 'import'): boolean {
  return !!module?.allowed?.includes(action);
}
