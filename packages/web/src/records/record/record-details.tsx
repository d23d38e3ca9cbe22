import { Card, SimpleGrid, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { recordCurrency } from '../../api/meta';
import type { FieldMeta } from '../../api/types';
import { FieldDisplay } from '../../fields/display';
import { Suspense } from 'react';
import { extensionFor } from '../../modules';
import { InlineEdit } from '../inline-edit';
import type { RecordPanelProps } from './module-extensions';

const SYSTEM = ['number', 'assigned_to', 'created_by', 'created_at', 'updated_at'];

/** The record's blocks as declared, two columns of label/value pairs, every editable value editable in place. */
export function RecordDetails({ module, record, refs }: RecordPanelProps) {
  const { t } = useTranslation();
  const byName = new Map(module.fields.map((f) => [f.name, f]));
  const placed = new Set(module.blocks.flatMap((b) => b.fields));
  const rest = module.fields.filter((f) => !f.hidden && !placed.has(f.name) && !SYSTEM.includes(f.name)).map((f) => f.name);
  const blocks = [
    ...module.blocks,
    ...(rest.length ? [{ key: '_other', label: t('form.other_fields'), fields: rest }] : []),
    { key: '_system', label: t('record.system_info'), fields: SYSTEM.filter((n) => byName.has(n) && !placed.has(n)) },
  ];
  const currency = recordCurrency(record);
  const ext = extensionFor(module.name);
  const Shown = ({ f }: { f: FieldMeta }) => {
    const Own = ext.fieldDisplays?.[f.name];
    return Own ? <Suspense fallback={null}><Own value={record[f.name]} record={record} refs={refs} /></Suspense> : <FieldDisplay field={f} value={record[f.name]} refs={refs} currency={currency} />;
  };

  return (
    <SimpleGrid cols={1} spacing="md">
      {blocks.map((b) => {
        const fields = b.fields.map((n) => byName.get(n)).filter((f): f is FieldMeta => !!f && !f.hidden);
        if (!fields.length) return null;
        return (
          <Card key={b.key} withBorder padding="md" component="section" aria-labelledby={`rb-${b.key}`}>
            <Title order={2} size="h5" mb="sm" id={`rb-${b.key}`}>{b.label}</Title>
            <SimpleGrid component="dl" cols={{ base: 1, md: 2 }} spacing="lg" verticalSpacing={6} m={0}>
              {fields.map((f) => (
                <div key={f.name} style={{ display: 'grid', gridTemplateColumns: 'minmax(110px, 40%) 1fr', gap: 8, alignItems: 'start',
                  ...(f.type === 'json' || (f.type === 'textarea' && fields.length > 1) ? { gridColumn: '1 / -1', gridTemplateColumns: 'minmax(110px, 20%) 1fr' } : {}) }}>
                  <Text component="dt" size="sm" c="dimmed" pt={2}>{f.label}</Text>
                  <Text component="dd" size="sm" m={0} style={{ minWidth: 0 }} data-field={f.name}>
                    {ext.fieldInputs?.[f.name] ? <Shown f={f} /> : (
                      <InlineEdit module={module.name} field={f} record={record} refs={refs} currency={currency}>
                        <Shown f={f} />
                      </InlineEdit>
                    )}
                  </Text>
                </div>
              ))}
            </SimpleGrid>
          </Card>
        );
      })}
    </SimpleGrid>
  );
}
