import { ActionIcon, Button, Group, Input, MultiSelect, NumberInput, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { editableFields, useModules } from '../../api/meta';
import type { ModuleFieldInputProps } from '../../records/record/module-extensions';

interface Stage { name: string; probability?: number | null; required_fields?: string[]; checklist?: string[] }

/**
 * A deal kind's own stage list: names of the company's own (or the standard ones), each with the probability a deal
 * takes on entering it, the deal fields it needs before a deal may leave it and a checklist of things to do there;
 * in order, added, moved, removed.
 */
export function StagesEditor(p: ModuleFieldInputProps) {
  const { t } = useTranslation();
  const meta = useModules();
  const deals = meta.data?.module('deals');
  const fieldOptions = deals ? editableFields(deals).map((f) => ({ value: f.name, label: f.label })) : [];
  const known = new Map((deals?.fields.find((f) => f.name === 'stage')?.options ?? []).map((o) => [o.value, o.label]));
  const stages: Stage[] = Array.isArray(p.value) ? (p.value as Stage[]) : [];
  const set = (next: Stage[]) => p.onChange(next);
  const change = (i: number, patch: Partial<Stage>) => set(stages.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const move = (i: number, by: number) => {
    const next = [...stages];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    set(next);
  };
  return (
    <Input.Wrapper label={p.field.label} error={p.error} description={t('sales.stages_hint')}>
      <Stack gap="xs" mt={4}>
        {stages.map((s, i) => (
          <Stack key={i} gap={4}>
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <Text size="sm" c="dimmed" w={18}>{i + 1}</Text>
            <TextInput label={t('sales.stage_name')} value={s.name ?? ''} flex={2} description={known.get(s.name) && known.get(s.name) !== s.name ? known.get(s.name) : undefined}
              onChange={(e) => change(i, { name: e.currentTarget.value })} />
            <NumberInput label={t('sales.stage_probability')} value={s.probability ?? ''} min={0} max={100} w={110}
              onChange={(v) => change(i, { probability: v === '' ? null : Number(v) })} />
            <MultiSelect label={t('sales.stage_required')} data={fieldOptions} value={s.required_fields ?? []} flex={3} searchable clearable
              comboboxProps={{ withinPortal: true }} onChange={(v) => change(i, { required_fields: v })} />
            <ActionIcon variant="subtle" aria-label={t('sales.stage_up', { n: i + 1 })} disabled={i === 0} onClick={() => move(i, -1)}>↑</ActionIcon>
            <ActionIcon variant="subtle" aria-label={t('sales.stage_down', { n: i + 1 })} disabled={i === stages.length - 1} onClick={() => move(i, 1)}>↓</ActionIcon>
            <ActionIcon variant="subtle" color="red" aria-label={t('sales.remove_stage', { n: i + 1 })} onClick={() => set(stages.filter((_, j) => j !== i))}>✕</ActionIcon>
          </Group>
          <TagsInput ml={26} size="xs" label={t('sales.stage_checklist_of', { n: i + 1 })} placeholder={t('sales.checklist_placeholder')} value={s.checklist ?? []}
            maxTags={20} onChange={(v) => change(i, { checklist: v })} />
          </Stack>
        ))}
        <Button size="xs" variant="light" w="fit-content" onClick={() => set([...stages, { name: '', probability: null, required_fields: [] }])}>{t('sales.add_stage')}</Button>
      </Stack>
    </Input.Wrapper>
  );
}

/** A kind's stages as a numbered list with their probabilities. */
export function StagesDisplay({ value }: { value: unknown }) {
  const meta = useModules();
  const known = new Map((meta.data?.module('deals')?.fields.find((f) => f.name === 'stage')?.options ?? []).map((o) => [o.value, o.label]));
  const stages = Array.isArray(value) ? (value as Stage[]) : [];
  return (
    <Stack gap={2}>
      {stages.map((s, i) => (
        <Text key={i} size="sm">
          {i + 1}. {known.get(s.name) ?? s.name}{s.probability !== undefined && s.probability !== null ? ` — ${s.probability} %` : ''}
          {s.checklist?.length ? <Text span size="xs" c="dimmed"> ({s.checklist.join('; ')})</Text> : null}
        </Text>
      ))}
    </Stack>
  );
}

/** The checklist items a deal has done in its stage (ticked on the banner above). */
export function ChecklistDisplay({ value }: { value: unknown }) {
  const items = Array.isArray(value) ? (value as string[]) : [];
  if (!items.length) return <Text size="sm">—</Text>;
  return <Stack gap={0}>{items.map((x) => <Text key={x} size="sm">✓ {x}</Text>)}</Stack>;
}
