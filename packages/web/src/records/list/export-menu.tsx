import { Button, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { download } from '../../api/client';
import { fetchList } from '../../api/records';
import type { ListQuery, ModuleMeta } from '../../api/types';
import { IconDownload } from '../../app/icons';
import { flatConditions } from './filter-tree';

// Ids travel in the URL; Node's 16 KB header limit allows about 300 of them.
const MAX_IDS = 250;

/**
 * Export what the list shows (CSV or XLSX): the selected rows, or the filter, search and sort.
 * The export endpoint takes the GET filter form (ANDed conditions); a filter with "any of" groups is
 * first resolved to record ids through the query endpoint.
 */
export function ExportMenu({ module, query, columns, selected }: { module: ModuleMeta; query: ListQuery; columns: string[]; selected: string[] }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);

  async function run(format: 'csv' | 'xlsx' | 'vcf') {
    setBusy(true);
    try {
      const params = new URLSearchParams({ format });
      if (query.sort?.length) params.set('sort', query.sort.join(','));
      // The columns the user sees, in their order, after the record number.
      params.set('fields', [...new Set(['number', ...columns])].join(','));
      let ids = selected;
      const flat = flatConditions(query.where);
      if (!ids.length && flat === null) {
        ids = await collectIds(module.name, query);
        // None match: an export without ids would be the whole module, not what the list shows.
        if (!ids.length) {
          notifications.show({ color: 'orange', message: t('export.nothing') });
          return;
        }
        if (ids.length >= MAX_IDS) notifications.show({ color: 'orange', message: t('export.truncated', { count: MAX_IDS }) });
      }
      if (ids.length) {
        params.set('filter[id][in]', ids.join(','));
      } else {
        if (query.q) params.set('q', query.q);
        for (const c of flat ?? []) {
          const v = Array.isArray(c.value) ? c.value.join(',') : c.value === undefined || c.value === null ? '' : String(c.value);
          params.append(`filter[${c.field}][${c.op}]`, v);
        }
      }
      await download(`/records/${module.name}/export?${params}`, `${module.name}.${format}`);
    } catch (e) {
      notifications.show({ color: 'red', title: t('export.failed'), message: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" size="sm" leftSection={<IconDownload />} loading={busy}>
          {selected.length ? t('export.selected', { count: selected.length }) : t('export.title')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => void run('csv')}>{t('export.csv')}</Menu.Item>
        <Menu.Item onClick={() => void run('xlsx')}>{t('export.xlsx')}</Menu.Item>
        {module.fields.some((f) => f.name === 'last_name') && module.fields.some((f) => f.name === 'first_name') && (
          <Menu.Item onClick={() => void run('vcf')}>{t('export.vcf')}</Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

async function collectIds(module: string, query: ListQuery): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchList(module, { ...query, fields: ['id'], limit: MAX_IDS, cursor, count: false });
    ids.push(...page.data.map((r) => r.id));
    cursor = page.next_cursor ?? undefined;
  } while (cursor && ids.length < MAX_IDS);
  return ids.slice(0, MAX_IDS);
}
