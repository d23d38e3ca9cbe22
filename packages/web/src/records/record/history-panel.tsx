import { Alert, Table, Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { recordCurrency } from '../../api/meta';
import { useHistory } from '../../api/records';
import type { ModuleMeta, RecordData, Refs } from '../../api/types';
import { IconHistory } from '../../app/icons';
import { displayText } from '../../fields/display';
import { formatDateTime } from '../../i18n/format';
import { Busy } from '../../app/busy';

/** Who changed what and when, newest first (the audit rows of the record). */
export function HistoryPanel({ module, record, refs }: { module: ModuleMeta; record: RecordData; refs: Refs }) {
  const { t, i18n } = useTranslation();
  const history = useHistory(module.name, record.id);
  if (history.isPending) return <Busy />;
  if (history.error) return <Alert color="red">{history.error.message}</Alert>;
  const entries = [...history.data].sort((a, b) => b.at.localeCompare(a.at));
  if (!entries.length) return <Text c="dimmed">{t('history.empty')}</Text>;
  const currency = recordCurrency(record);
  const fieldOf = (n: string) => module.fields.find((f) => f.name === n);

  return (
    <Timeline bulletSize={22} lineWidth={2} active={entries.length}>
      {entries.map((e, i) => (
        <Timeline.Item key={i} bullet={<IconHistory size={12} />}
          title={`${t(`history.action_${e.action}`, { defaultValue: e.action })} · ${e.user?.label ?? t('history.system')}`}>
          <Text size="xs" c="dimmed" mb={4}>{formatDateTime(e.at, i18n.language)}</Text>
          {Object.keys(e.changes).length > 0 && (
            <Table withTableBorder fz="sm" maw={800} aria-label={t('history.changes')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('conflict.field')}</Table.Th>
                  <Table.Th>{t('history.before')}</Table.Th>
                  <Table.Th>{t('history.after')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {Object.entries(e.changes).map(([name, [before, after]]) => (
                  <Table.Tr key={name}>
                    <Table.Td>{fieldOf(name)?.label ?? (name === 'merged' ? t('history.field_merged') : name)}</Table.Td>
                    <Table.Td>{displayText(fieldOf(name), before, i18n.language, refs, currency)}</Table.Td>
                    <Table.Td>{displayText(fieldOf(name), after, i18n.language, refs, currency)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
