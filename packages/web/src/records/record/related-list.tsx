import { ActionIcon, Alert, Anchor, Button, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, qs } from '../../api/client';
import { canDo, recordCurrency, recordLabel } from '../../api/meta';
import { qk } from '../../api/query-keys';
import { unlinkRecord, useInvalidateRecords } from '../../api/records';
import type { ListResponse, ModuleMeta, RecordData } from '../../api/types';
import { IconLink, IconPlus, IconUnlink } from '../../app/icons';
import { FieldDisplay } from '../../fields/display';
import { formatMoney, formatNumber } from '../../i18n/format';
import { LinkExistingDialog } from './link-existing-dialog';
import { Busy } from '../../app/busy';

type Relation = ModuleMeta['relations'][number];

/** A related list: the other module's list columns (without the back-reference), add new, link, unlink. */
export function RelatedList({ module, record, relation, target }: { module: ModuleMeta; record: RecordData; relation: Relation; target: ModuleMeta }) {
  const { t, i18n } = useTranslation();
  const invalidate = useInvalidateRecords();
  const [linking, setLinking] = useState(false);
  const [limit, setLimit] = useState(20);
  const columns = target.list.columns.filter((c) => c !== relation.field).map((c) => target.fields.find((f) => f.name === c)!).filter(Boolean).slice(0, 5);
  const params = { limit, count: 1, fields: [...new Set([...columns.map((c) => c.name), ...target.title_fields])].join(',') };
  const rows = useQuery({
    queryKey: qk.related(module.name, record.id, relation.name, params),
    queryFn: () => api<ListResponse>(`/records/${module.name}/${record.id}/related/${relation.name}${qs(params)}`),
    placeholderData: keepPreviousData,
  });
  const addUrl = relation.kind === 'one_to_many' && relation.field
    ? `/${target.name}/new?${relation.field}=${record.id}`
    : `/${target.name}/new?link=${module.name}:${record.id}:${relation.name}`;

  async function unlink(r: RecordData) {
    try {
      await unlinkRecord(module.name, record.id, relation.name, r.id);
      await invalidate(target.name);
    } catch (e) {
      notifications.show({ color: 'red', message: (e as Error).message });
    }
  }

  // Linking and unlinking change the many-to-many record, or the related one's reference: the same right for both.
  const mayLink = canDo(relation.kind === 'many_to_many' ? module : target, 'edit');
  const linkOption = (v: unknown) => relation.link_field?.type === 'money' ? (v ? formatMoney(String(v), i18n.language) : '—')
    : relation.link_field?.options.find((o) => o.value === v)?.label ?? (v ? String(v) : '—');
  return (
    <Stack gap="xs">
      <Group gap="xs">
        {canDo(target, 'create') && <Button size="xs" variant="light" component={Link} to={addUrl} leftSection={<IconPlus />}>{t('related.add_new', { module: target.label.one })}</Button>}
        {mayLink && <Button size="xs" variant="default" leftSection={<IconLink />} onClick={() => setLinking(true)}>{t('related.link_existing')}</Button>}
        {rows.data?.total !== undefined && <Text size="sm" c="dimmed">{t('related.count', { count: formatNumber(rows.data.total, i18n.language) })}</Text>}
      </Group>
      {rows.isPending ? <Busy size="sm" /> : rows.error ? <Alert color="red">{rows.error.message}</Alert> : (
        <div className="karta-table-wrap">
          <Table withTableBorder striped fz="sm" aria-label={relation.label}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('record.number')}</Table.Th>
                {columns.map((c) => <Table.Th key={c.name}>{c.label}</Table.Th>)}
                {relation.link_field && <Table.Th>{relation.link_field.label}</Table.Th>}
                <Table.Th w={40}><VisuallyHidden>{t('related.unlink')}</VisuallyHidden></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.data!.data.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td><Anchor component={Link} to={`/${target.name}/${r.id}`}>{r.number}</Anchor></Table.Td>
                  {columns.map((c) => (
                    <Table.Td key={c.name}><FieldDisplay field={c} value={r[c.name]} refs={rows.data!.refs} currency={recordCurrency(r)} /></Table.Td>
                  ))}
                  {relation.link_field && <Table.Td>{linkOption(r.link?.[relation.link_field.name])}</Table.Td>}
                  <Table.Td>
                    {mayLink && <ActionIcon variant="subtle" color="red" onClick={() => void unlink(r)}
                      aria-label={t('related.unlink_record', { label: recordLabel(target, r) || r.number })}><IconUnlink /></ActionIcon>}
                  </Table.Td>
                </Table.Tr>
              ))}
              {rows.data!.data.length === 0 && (
                <Table.Tr><Table.Td colSpan={columns.length + 3}><Text size="sm" c="dimmed">{t('related.empty')}</Text></Table.Td></Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </div>
      )}
      {rows.data?.next_cursor && <Button size="xs" variant="subtle" w="fit-content" onClick={() => setLimit((l) => Math.min(l + 50, 500))}>{t('related.show_more')}</Button>}
      {linking && <LinkExistingDialog module={module} record={record} relation={relation} target={target} onClose={() => setLinking(false)} />}
    </Stack>
  );
}
