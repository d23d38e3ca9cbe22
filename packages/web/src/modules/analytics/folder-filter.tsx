import { Select } from '@mantine/core';
import type { Where } from '@karta/shared';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { ModuleMeta } from '../../api/types';

/** Reports by folder: the folders the reader's reports are in, as a ready filter of the list. */
export function FolderFilter({ setWhere }: { module: ModuleMeta; setWhere(where: Where): void }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['records', 'reports', 'folders'],
    queryFn: () => api<{ data: { folder: string | null }[] }>('/records/reports?fields=folder&limit=500').then((r) => [...new Set(r.data.map((x) => x.folder).filter((f): f is string => Boolean(f)))].sort()),
  });
  return (
    <Select aria-label={t('reports.folder')} placeholder={t('reports.all_folders')} clearable w={200} data={q.data ?? []} comboboxProps={{ withinPortal: true }}
      onChange={(v) => setWhere(v ? { and: [{ field: 'folder', op: 'eq', value: v }] } : { and: [] })} />
  );
}
