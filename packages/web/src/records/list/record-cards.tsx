import { Anchor, Card, Checkbox, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { recordCurrency, recordLabel } from '../../api/meta';
import type { FieldMeta, ModuleMeta, RecordData, Refs } from '../../api/types';
import { displayText } from '../../fields/display';

/** The list at a phone's width: a card per record — its title, then the other columns as "label: value" lines. */
export function RecordCards({ module, columns, rows, refs, selected, onSelect }: {
  module: ModuleMeta; columns: FieldMeta[]; rows: RecordData[]; refs: Refs; selected: Set<string>; onSelect(ids: Set<string>): void;
}) {
  const { t, i18n } = useTranslation();
  const rest = columns.filter((c) => !module.title_fields.includes(c.name)).slice(0, 4);
  const toggle = (id: string) => { const next = new Set(selected); if (next.has(id)) next.delete(id); else next.add(id); onSelect(next); };
  if (!rows.length) return <Text c="dimmed" ta="center" py="lg">{t('list.empty')}</Text>;
  return (
    <Stack gap="xs" role="list" aria-label={module.label.many}>
      {rows.map((r) => (
        <Card key={r.id} withBorder padding="xs" role="listitem">
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <Checkbox aria-label={t('list.select_row', { label: r.number })} checked={selected.has(r.id)} onChange={() => toggle(r.id)} mt={2} />
            <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
              <Anchor component={Link} to={`/${module.name}/${r.id}`} fw={500} lineClamp={2}>{recordLabel(module, r) || r.number}</Anchor>
              {rest.map((c) => {
                const v = r[c.name];
                if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) return null;
                return <Text key={c.name} size="xs" c="dimmed" truncate>{c.label}: {displayText(c, v, i18n.language, refs, recordCurrency(r))}</Text>;
              })}
            </Stack>
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
