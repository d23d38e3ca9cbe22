import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { extensionFor } from '../../modules';

/** The other list views a module offers (a kanban board), chosen by `?layout=`; none → the generic list. */
export function useAlternativeListView(moduleName: string) {
  const [params] = useSearchParams();
  const views = extensionFor(moduleName).listViews ?? [];
  return { views, active: views.find((v) => v.key === params.get('layout')) };
}

export function ListViewSwitch({ moduleName }: { moduleName: string }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const { views, active } = useAlternativeListView(moduleName);
  if (!views.length) return null;
  return (
    <SegmentedControl size="xs" aria-label={t('list.view_kind')} value={active?.key ?? 'list'}
      onChange={(v) => { const p = new URLSearchParams(params); if (v === 'list') p.delete('layout'); else p.set('layout', v); setParams(p); }}
      data={[{ value: 'list', label: t('list.view_list') }, ...views.map((v) => ({ value: v.key, label: t(v.labelKey) }))]} />
  );
}
