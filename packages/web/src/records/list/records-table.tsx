import { Suspense } from 'react';
import { Anchor, Checkbox, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { recordCurrency } from '../../api/meta';
import type { FieldMeta, ModuleMeta, RecordData, Refs } from '../../api/types';
import { IconChevronDown, IconChevronUp, IconSelector } from '../../app/icons';
import { displayText, FieldDisplay } from '../../fields/display';
import { columnWidth, NUMERIC } from './column-sizes';
import { InlineEdit } from '../inline-edit';
import { extensionFor } from '../../modules';
import type { ModuleExtension } from '../record/module-extensions';

/** A module's own cell display, loaded lazily like its other views. */
function Cell({ component: C, ...p }: { component: NonNullable<ModuleExtension['cellDisplays']>[string]; value: unknown; record: RecordData; refs: Refs }) {
  return <Suspense fallback={null}><C {...p} /></Suspense>;
}

interface Props {
  module: ModuleMeta;
  /** Compact rows fit more on a screen. */
  compact?: boolean;
  columns: FieldMeta[];
  rows: RecordData[];
  refs: Refs;
  sort: string;
  onSort(sort: string): void;
  selected: Set<string>;
  onSelect(ids: Set<string>): void;
}

/** The list grid: selectable rows, sortable headers, the title linking to the record, cells editable in place. */
export function RecordsTable({ module, columns, rows, refs, sort, onSort, selected, onSelect, compact }: Props) {
  const { t, i18n } = useTranslation();
  const primary = sort.split(',')[0] ?? '';
  const sortField = primary.replace(/^-/, '');
  const desc = primary.startsWith('-');
  const linkColumn = columns.find((c) => module.title_fields.includes(c.name)) ?? columns.find((c) => c.name === 'number') ?? columns[0];
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const cells = extensionFor(module.name).cellDisplays ?? {};

  function toggle(id: string) {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelect(next);
  }

  return (
    <div className="karta-table-wrap">
      <Table className="karta-table" striped withTableBorder stickyHeader aria-label={module.label.many} miw={600}
        verticalSpacing={compact ? 2 : 'xs'} fz={compact ? 'xs' : 'sm'} data-density={compact ? 'compact' : 'comfortable'}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36}>
              <Checkbox aria-label={t('list.select_all')} checked={allSelected} indeterminate={!allSelected && rows.some((r) => selected.has(r.id))}
                onChange={() => onSelect(allSelected ? new Set() : new Set(rows.map((r) => r.id)))} />
            </Table.Th>
            {columns.map((c) => {
              const active = sortField === c.name;
              const ariaSort = active ? (desc ? 'descending' : 'ascending') : undefined;
              return (
                <Table.Th key={c.name} aria-sort={ariaSort} style={{ minWidth: columnWidth(c, c === linkColumn).min, maxWidth: columnWidth(c, c === linkColumn).max }}
                  ta={NUMERIC.has(c.type) ? 'right' : undefined}>
                  {c.sortable ? (
                    <button type="button" className="karta-sort" onClick={() => onSort(active && !desc ? `-${c.name}` : c.name)}
                      aria-label={t('list.sort_by', { field: c.label })}>
                      {c.label}
                      {active ? (desc ? <IconChevronDown size={14} /> : <IconChevronUp size={14} />) : <IconSelector size={14} opacity={0.4} />}
                    </button>
                  ) : c.label}
                </Table.Th>
              );
            })}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => {
            const currency = recordCurrency(r);
            return (
              <Table.Tr key={r.id} bg={selected.has(r.id) ? 'var(--mantine-primary-color-light)' : undefined}>
                <Table.Td>
                  <Checkbox aria-label={t('list.select_row', { label: r.number })} checked={selected.has(r.id)} onChange={() => toggle(r.id)} />
                </Table.Td>
                {columns.map((c) => (
                  <Table.Td key={c.name} className="karta-clip" ta={NUMERIC.has(c.type) ? 'right' : undefined}
                    style={{ minWidth: columnWidth(c, c === linkColumn).min, maxWidth: columnWidth(c, c === linkColumn).max }}
                    title={r[c.name] === null || r[c.name] === undefined || r[c.name] === '' ? undefined : displayText(c, r[c.name], i18n.language, refs, currency)}>
                    {c === linkColumn ? (
                      <Anchor component={Link} to={`/${module.name}/${r.id}`} fw={500}>
                        {r[c.name] === null || r[c.name] === undefined || r[c.name] === '' ? r.number : <FieldDisplay field={c} value={r[c.name]} refs={refs} currency={currency} />}
                      </Anchor>
                    ) : (
                      <InlineEdit module={module.name} field={c} record={r} refs={refs} currency={currency} compact>
                        {cells[c.name] ? <Cell component={cells[c.name]} value={r[c.name]} record={r} refs={refs} /> : <FieldDisplay field={c} value={r[c.name]} refs={refs} currency={currency} />}
                      </InlineEdit>
                    )}
                  </Table.Td>
                ))}
              </Table.Tr>
            );
          })}
          {rows.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={columns.length + 1}><Text c="dimmed" ta="center" py="lg">{t('list.empty')}</Text></Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </div>
  );
}
