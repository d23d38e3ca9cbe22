import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../../i18n/format';
import type { ImportPreview } from './types';

/**
 * The first rows as they would be saved: one column a mapped field, a cell with a problem in red with the reason. A
 * date shows how it was read (05/01/2026 → 1 May or 5 January: the file's order decides), in the reader's format.
 */
export function PreviewTable({ preview }: { preview: ImportPreview }) {
  const { t, i18n } = useTranslation();
  const typeOf = (name: string) => preview.fields.find((f) => f.name === name)?.type;
  const readAs = (field: string, value: unknown) => {
    const type = typeOf(field);
    return type === 'date' ? formatDate(value, i18n.language) : type === 'datetime' ? formatDateTime(value, i18n.language) : '';
  };
  const mapped = preview.columns.map((c, i) => ({ ...c, i })).filter((c) => c.field);
  const label = (name: string) => preview.fields.find((f) => f.name === name)?.label ?? name;
  const bad = preview.rows.filter((r) => Object.keys(r.errors).length).length;
  return (
    <>
      <Text size="sm">{bad ? t('data.preview_problems', { count: bad, rows: preview.rows.length }) : t('data.preview_ok', { rows: preview.rows.length })}</Text>
      <Table.ScrollContainer minWidth={600}>
        <Table withTableBorder aria-label={t('data.preview')}>
          <Table.Thead><Table.Tr><Table.Th>{t('data.row')}</Table.Th>{mapped.map((c) => <Table.Th key={c.i}>{label(c.field!)}</Table.Th>)}</Table.Tr></Table.Thead>
          <Table.Tbody>
            {preview.rows.map((r) => (
              <Table.Tr key={r.row}>
                <Table.Td>{r.row}</Table.Td>
                {mapped.map((c) => {
                  const error = r.errors[c.field!];
                  const v = r.cells[c.i];
                  const read = error ? '' : readAs(c.field!, r.values[c.field!]);
                  return (
                    <Table.Td key={c.i} bg={error ? 'var(--mantine-color-red-light)' : undefined} aria-invalid={error ? true : undefined}>
                      <Text size="sm">{v === null || v === undefined ? '' : String(v)}</Text>
                      {read && <Text size="xs" c="dimmed">{t('data.read_as', { value: read })}</Text>}
                      {error && <Text size="xs" c="red">{error}</Text>}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}
