import { Button, Card, Group, SimpleGrid, Stack, Title } from '@mantine/core';
import { Suspense } from 'react';
import { Controller, type Control, type UseFormGetValues, type UseFormSetValue } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { editableFields } from '../../api/meta';
import type { FieldMeta, ModuleMeta, Refs } from '../../api/types';
import { FieldInput } from '../../fields/field-input';
import { extensionFor } from '../../modules';
import { findAddressCopies } from './address-copy';
import type { FormValues } from './form-values';
import { Busy } from '../../app/busy';

interface Props {
  module: ModuleMeta;
  control: Control<FormValues>;
  refs?: Refs;
  currency?: string | null;
  getValues: UseFormGetValues<FormValues>;
  setValue: UseFormSetValue<FormValues>;
}

/** The module's blocks as declared, two columns wide; editable fields no block mentions go last. */
export function FormBlocks({ module, control, refs, currency, getValues, setValue }: Props) {
  const { t, i18n } = useTranslation();
  const own = extensionFor(module.name).fieldInputs ?? {};
  const editable = new Map(editableFields(module).map((f) => [f.name, f]));
  const placed = new Set(module.blocks.flatMap((b) => b.fields));
  const rest = [...editable.keys()].filter((n) => !placed.has(n));
  const blocks = [...module.blocks, ...(rest.length ? [{ key: '_other', label: t('form.other_fields'), fields: rest }] : [])];
  const renderField = (f: FieldMeta) => {
    const Own = own[f.name];
    return (
      <Controller key={f.name} name={f.name} control={control} render={({ field, fieldState }) => (Own
        ? <Suspense fallback={<Busy size="xs" />}><Own field={f} value={field.value} onChange={field.onChange} onBlur={field.onBlur} error={fieldState.error?.message} refs={refs} currency={currency} control={control} /></Suspense>
        : <FieldInput field={f} value={field.value} onChange={field.onChange} onBlur={field.onBlur} error={fieldState.error?.message} refs={refs} currency={currency} />
      )} />
    );
  };
  const prefixLabel = (p: string) => (i18n.exists(`address.${p}`) ? t(`address.${p}`) : p);

  return (
    <>
      {blocks.map((block) => {
        const fields = block.fields.map((n) => editable.get(n)).filter((f) => !!f);
        if (!fields.length) return null;
        const copies = findAddressCopies(fields.map((f) => f.name));
        return (
          <Card key={block.key} withBorder p="md" role="group" aria-labelledby={`block-${block.key}`}>
            <Group justify="space-between" mb="sm">
              <Title order={2} size="h5" id={`block-${block.key}`}>{block.label}</Title>
              {copies.length > 0 && (
                <Group gap="xs">
                  {copies.map((c) => (
                    <Button key={c.from} size="compact-xs" variant="subtle"
                      onClick={() => c.pairs.forEach(([a, b]) => setValue(b, getValues(a), { shouldDirty: true }))}>
                      {t('form.copy_address', { from: prefixLabel(c.from), to: prefixLabel(c.to) })}
                    </Button>
                  ))}
                </Group>
              )}
            </Group>
            {copies.length > 0 ? (
              // Address block: one family per column (billing left, shipping right), as on paper.
              <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
                {[copies[0].from, copies[0].to].map((prefix, i) => (
                  <Stack key={prefix} gap="sm">
                    {fields.filter((f) => (i === 0 ? f.name.startsWith(prefix + '_') : !f.name.startsWith(copies[0].from + '_'))).map(renderField)}
                  </Stack>
                ))}
              </SimpleGrid>
            ) : (
              <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" verticalSpacing="sm">
                {fields.map((f) => (
                  <div key={f.name} style={(f.type === 'textarea' || f.type === 'json') && fields.length > 1 ? { gridColumn: '1 / -1' } : undefined}>{renderField(f)}</div>
                ))}
              </SimpleGrid>
            )}
          </Card>
        );
      })}
    </>
  );
}
