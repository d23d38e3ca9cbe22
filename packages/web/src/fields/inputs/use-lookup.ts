import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import { recordLabel, useModules } from '../../api/meta';
import { qk } from '../../api/query-keys';
import type { ListResponse } from '../../api/types';

export interface LookupOption {
  value: string;
  label: string;
}

/** Search-as-you-type over one module (the module's own full-text `q`: names, numbers, e-mails, phones). */
export function useLookup(module: string | undefined, search: string, enabled: boolean) {
  const meta = useModules();
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const m = module ? meta.data?.module(module) : undefined;
  return useQuery({
    queryKey: qk.lookup(module ?? '', debounced),
    enabled: enabled && !!m,
    placeholderData: keepPreviousData,
    queryFn: async ({ signal }) => {
      const fields = [...new Set([...(m?.title_fields ?? []), 'number'])].join(',');
      const res = await api<ListResponse>(`/records/${module}${qs({ q: debounced || undefined, limit: 20, fields, sort: debounced ? undefined : '-updated_at' })}`, { signal });
      return res.data.map((r): LookupOption => ({ value: r.id, label: `${recordLabel(m, r)} · ${r.number}` }));
    },
  });
}
