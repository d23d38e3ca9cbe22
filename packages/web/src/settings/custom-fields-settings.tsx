import { Badge, Button, Group, Stack, Table } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useModules } from '../api/meta';
import { AddFieldDialog } from './add-field-dialog';
import { ModulePicker, SectionTitle } from './settings-ui';

/** A module's fields; administrators add custom fields that appear at once in forms, lists, filters and export. */
export function CustomFieldsSettings() {
  const { t } = useTranslation();
  const meta = useModules();
  const [module, setModule] = useState('accounts');
  const [adding, setAdding] = useState(false);
  const m = meta.data?.module(module);
  return (
    <Stack>
      <SectionTitle>{t('settings.fields')}</SectionTitle>
      <Group align="flex-end" justify="space-between">
        <ModulePicker value={module} onChange={setModule} />
        <Button onClick={() => setAdding(true)}>{t('settings.add_field')}</Button>
      </Group>
      <div className="karta-table-wrap">
        <Table striped withTableBorder aria-label={t('settings.fields')}>
          <Table.Thead>
            <Table.Tr><Table.Th>{t('settings.field_label')}</Table.Th><Table.Th>{t('settings.field_name')}</Table.Th><Table.Th>{t('settings.field_type')}</Table.Th><Table.Th>{t('settings.field_flags')}</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(m?.fields ?? []).filter((f) => !f.hidden).map((f) => (
              <Table.Tr key={f.name}>
                <Table.Td>{f.label}</Table.Td>
                <Table.Td><code>{f.name}</code></Table.Td>
                <Table.Td>{t(`field_types.${f.type}`)}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {f.required && <Badge size="xs" color="red" variant="light">{t('settings.required')}</Badge>}
                    {f.read_only && <Badge size="xs" color="gray" variant="light">{t('settings.read_only')}</Badge>}
                    {f.custom && <Badge size="xs" variant="light">{t('settings.custom')}</Badge>}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      {adding && m && <AddFieldDialog module={m} onClose={() => setAdding(false)} />}
    </Stack>
  );
}
