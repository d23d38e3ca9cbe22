import { Button, Checkbox, Group, Popover, ScrollArea, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ModuleMeta } from '../../api/types';
import { IconColumns } from '../../app/icons';

/** Which fields the list shows; the order follows the module's field order, chosen columns first. */
export function ColumnChooser({ module, columns, onChange }: { module: ModuleMeta; columns: string[]; onChange(cols: string[]): void }) {
  const { t } = useTranslation();
  const candidates = module.fields.filter((f) => !f.hidden && f.type !== 'json');
  const toggle = (name: string) => {
    const next = columns.includes(name) ? columns.filter((c) => c !== name) : [...columns, name];
    if (next.length) onChange(next);
  };
  return (
    <Popover position="bottom-end" withinPortal shadow="md" trapFocus>
      <Popover.Target>
        <Button variant="default" size="sm" leftSection={<IconColumns />}>{t('list.columns')}</Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap={6} role="group" aria-label={t('list.columns')}>
          <Group justify="space-between">
            <Text size="sm" fw={600}>{t('list.columns')}</Text>
            <Button size="compact-xs" variant="subtle" onClick={() => onChange(module.list.columns)}>{t('list.reset_columns')}</Button>
          </Group>
          <ScrollArea.Autosize mah={360} type="auto">
            <Stack gap={6}>
              {candidates.map((f) => (
                <Checkbox key={f.name} label={f.label} checked={columns.includes(f.name)} onChange={() => toggle(f.name)} />
              ))}
            </Stack>
          </ScrollArea.Autosize>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
