import { ActionIcon, Button, Group, Input, NumberInput, Paper, Select, Stack, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { isCondition, type Where } from '@karta/shared';
import { api } from '../../api/client';
import { editableFields, useModule, useModules } from '../../api/meta';
import type { FieldMeta, ListResponse, ModuleMeta } from '../../api/types';
import { FieldInput } from '../../fields/field-input';
import { FilterBuilder } from '../../records/list/filter-builder';
import type { ModuleFieldInputProps } from '../../records/record/module-extensions';
import { PeopleSelect, PersonSelect } from './pickers';

type Obj = Record<string, any>;
const TRIGGERS = ['create', 'save', 'field_change', 'date', 'schedule'] as const;
const ACTIONS = ['create_task', 'create_event', 'update_fields', 'create_record', 'send_email', 'notify', 'webhook', 'sms'] as const;
const CHANGE_OPS = ['changed', 'changed_to', 'changed_from'];

/** The module a workflow (or approval process) form is about. */
export function useFormModule(control: ModuleFieldInputProps['control']): ModuleMeta | undefined {
  const name = useWatch({ control, name: 'module' }) as string | undefined;
  return useModule(name ?? undefined).module;
}

function fieldOptions(m: ModuleMeta | undefined, keep: (f: FieldMeta) => boolean = () => true) {
  return (m?.fields ?? []).filter((f) => !f.hidden && keep(f)).map((f) => ({ value: f.name, label: f.label }));
}

/** A value for one field of the module, with that field's own input. */
function ValueInput({ m, field, label, value, onChange }: { m?: ModuleMeta; field?: string; label: string; value: unknown; onChange(v: unknown): void }) {
  const f = m?.fields.find((x) => x.name === field);
  if (!f || f.type === 'json') return <TextInput label={label} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.currentTarget.value)} />;
  return <FieldInput field={{ ...f, label, required: false }} value={value ?? null} onChange={onChange} ignoreRequired />;
}

/** When a workflow runs: on create, on every save, when a field changes (from/to), relative to a date, on a schedule. */
export function TriggerEditor(p: ModuleFieldInputProps) {
  const { t } = useTranslation();
  const m = useFormModule(p.control);
  const v: Obj = p.value && typeof p.value === 'object' ? (p.value as Obj) : {};
  const set = (patch: Obj) => p.onChange(Object.fromEntries(Object.entries({ ...v, ...patch }).filter(([, x]) => x !== undefined && x !== null && x !== '')));
  return (
    <Input.Wrapper label={p.field.label} error={p.error} withAsterisk>
      <Stack gap="xs" mt={4}>
        <Select label={t('automation.trigger_type')} value={v.type ?? null} comboboxProps={{ withinPortal: true }}
          data={TRIGGERS.map((x) => ({ value: x, label: t(`automation.trigger_${x}`) }))}
          onChange={(type) => p.onChange(type ? { type } : {})} />
        {v.type === 'field_change' && (
          <Group grow align="flex-start">
            <Select label={t('automation.field')} data={fieldOptions(m)} value={v.field ?? null} searchable comboboxProps={{ withinPortal: true }} onChange={(field) => set({ field, from: undefined, to: undefined })} />
            <ValueInput m={m} field={v.field} label={t('automation.from')} value={v.from} onChange={(from) => set({ from })} />
            <ValueInput m={m} field={v.field} label={t('automation.to')} value={v.to} onChange={(to) => set({ to })} />
          </Group>
        )}
        {v.type === 'date' && (
          <Group grow align="flex-start">
            <Select label={t('automation.date_field')} data={fieldOptions(m, (f) => f.type === 'date' || f.type === 'datetime')} value={v.field ?? null} comboboxProps={{ withinPortal: true }} onChange={(field) => set({ field })} />
            <NumberInput label={t('automation.offset_days')} description={t('automation.offset_hint')} value={v.offset_days ?? 0} onChange={(n) => set({ offset_days: n === '' ? undefined : Number(n) })} />
            <NumberInput label={t('automation.offset_hours')} value={v.offset_hours ?? 0} onChange={(n) => set({ offset_hours: n === '' ? undefined : Number(n) })} />
          </Group>
        )}
        {v.type === 'schedule' && (
          <TextInput label={t('automation.cron')} description={t('automation.cron_hint')} value={v.cron ?? ''} onChange={(e) => set({ cron: e.currentTarget.value })} />
        )}
      </Stack>
    </Input.Wrapper>
  );
}

/** Conditions: the list's filter builder for the record as it is; the change conditions a trigger cannot say stay as they are. */
export function ConditionsEditor(p: ModuleFieldInputProps) {
  const { t } = useTranslation();
  const m = useFormModule(p.control);
  const [open, setOpen] = useState(false);
  const where = p.value as Where | null | undefined;
  const top = !where ? [] : isCondition(where) ? [where] : 'and' in where ? where.and : [where];
  const change = top.filter((c) => isCondition(c) && CHANGE_OPS.includes(c.op as string));
  const filter = top.filter((c) => !change.includes(c));
  const apply = (w: Where | undefined) => {
    const parts = [...(w ? [w] : []), ...change];
    p.onChange(parts.length === 0 ? null : parts.length === 1 ? parts[0] : { and: parts });
    setOpen(false);
  };
  return (
    <Input.Wrapper label={p.field.label} error={p.error}>
      <Stack gap="xs" mt={4}>
        <Text size="sm" c="dimmed">{filter.length ? t('automation.conditions_count', { count: filter.length }) : t('automation.no_conditions')}</Text>
        {m && !open && <Button size="xs" variant="light" w="fit-content" onClick={() => setOpen(true)}>{t('automation.edit_conditions')}</Button>}
        {m && open && <FilterBuilder module={m} value={filter.length === 1 ? filter[0] : filter.length ? { and: filter } : undefined} onApply={apply} onClose={() => setOpen(false)} />}
      </Stack>
    </Input.Wrapper>
  );
}

/** Values to set: a field and its value, or "today + n days" for a date. */
function ValuesEditor({ m, value, onChange }: { m?: ModuleMeta; value: Obj; onChange(v: Obj): void }) {
  const { t } = useTranslation();
  const entries = Object.entries(value ?? {});
  const fields = m ? editableFields(m).filter((f) => f.type !== 'json') : [];
  const rename = (old: string, name: string) => onChange(Object.fromEntries(entries.map(([k, v]) => (k === old ? [name, null] : [k, v]))));
  return (
    <Stack gap={4}>
      {entries.map(([k, v], i) => {
        const f = fields.find((x) => x.name === k);
        const relative = v && typeof v === 'object' && 'today_plus_days' in v;
        return (
          <Group key={i} gap="xs" align="flex-end" wrap="nowrap">
            <Select label={t('automation.field')} data={fields.map((x) => ({ value: x.name, label: x.label }))} value={k || null} w={200} searchable comboboxProps={{ withinPortal: true }} onChange={(n) => n && rename(k, n)} />
            {f && (f.type === 'date' || f.type === 'datetime') && (
              <Select label={t('automation.value_kind')} w={170} value={relative ? 'relative' : 'fixed'} comboboxProps={{ withinPortal: true }}
                data={[{ value: 'fixed', label: t('automation.value_fixed') }, { value: 'relative', label: t('automation.value_relative') }]}
                onChange={(kind) => onChange({ ...value, [k]: kind === 'relative' ? { today_plus_days: 0 } : null })} />
            )}
            <div style={{ flex: 1 }}>
              {relative
                ? <NumberInput label={t('automation.today_plus_days')} value={v.today_plus_days} onChange={(n) => onChange({ ...value, [k]: { today_plus_days: Number(n) || 0 } })} />
                : <ValueInput m={m} field={k} label={t('automation.value')} value={v} onChange={(nv) => onChange({ ...value, [k]: nv })} />}
            </div>
            <ActionIcon variant="subtle" color="red" aria-label={t('automation.remove_value', { field: f?.label ?? k })} onClick={() => onChange(Object.fromEntries(entries.filter(([x]) => x !== k)))}>✕</ActionIcon>
          </Group>
        );
      })}
      <Button size="xs" variant="subtle" w="fit-content" onClick={() => onChange({ ...value, ['']: null })}>{t('automation.add_value')}</Button>
    </Stack>
  );
}

function TemplateSelect({ module, value, onChange }: { module?: string; value?: string; onChange(v: string | null): void }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['email-templates', module], queryFn: () => api<ListResponse>(`/records/email_templates?limit=200&sort=name`) });
  const data = (q.data?.data ?? []).filter((x) => !x.module || x.module === module).map((x) => ({ value: String(x.id), label: String(x.name) }));
  return <Select label={t('automation.template')} data={data} value={value ?? null} onChange={onChange} searchable comboboxProps={{ withinPortal: true }} />;
}

/** One action's form, by its type. */
function ActionForm({ m, a, set }: { m?: ModuleMeta; a: Obj; set(patch: Obj): void }) {
  const { t } = useTranslation();
  const meta = useModules();
  switch (a.type) {
    case 'create_task':
    case 'create_event':
      return (
        <Group grow align="flex-start">
          <TextInput label={t('automation.subject')} value={a.subject ?? ''} onChange={(e) => set({ subject: e.currentTarget.value })} />
          {a.type === 'create_task'
            ? <NumberInput label={t('automation.due_in_days')} value={a.due_in_days ?? 0} onChange={(n) => set({ due_in_days: Number(n) || 0 })} />
            : <NumberInput label={t('automation.start_in_days')} value={a.start_in_days ?? 0} onChange={(n) => set({ start_in_days: Number(n) || 0 })} />}
          <PersonSelect label={t('automation.assigned_to')} value={a.assigned_to ?? 'owner'} onChange={(assigned_to) => set({ assigned_to })} />
        </Group>
      );
    case 'update_fields':
      return <ValuesEditor m={m} value={a.values ?? {}} onChange={(values) => set({ values })} />;
    case 'create_record': {
      const target = meta.data?.module(a.module);
      return (
        <Stack gap={4}>
          <Select label={t('automation.new_record_module')} data={(meta.data?.modules ?? []).map((x) => ({ value: x.name, label: x.label.many }))} value={a.module ?? null} searchable comboboxProps={{ withinPortal: true }} onChange={(module) => set({ module, values: {}, link_field: undefined })} />
          {target && <ValuesEditor m={target} value={a.values ?? {}} onChange={(values) => set({ values })} />}
        </Stack>
      );
    }
    case 'send_email':
      return (
        <Group grow align="flex-start">
          <TemplateSelect module={m?.name} value={a.template_id} onChange={(template_id) => set({ template_id })} />
          <TagsInput label={t('automation.email_to')} description={t('automation.email_to_hint')} value={Array.isArray(a.to) ? a.to : a.to ? [a.to] : []} onChange={(to) => set({ to })} />
        </Group>
      );
    case 'notify':
      return (
        <Group grow align="flex-start">
          <PeopleSelect label={t('automation.users')} value={a.users ?? []} onChange={(users) => set({ users })} />
          <Textarea label={t('automation.message')} value={a.message ?? ''} autosize onChange={(e) => set({ message: e.currentTarget.value })} />
        </Group>
      );
    case 'webhook':
      return <TextInput label="URL" value={a.url ?? ''} onChange={(e) => set({ url: e.currentTarget.value })} />;
    case 'sms':
      return (
        <Group grow align="flex-start">
          <TagsInput label={t('automation.sms_to')} description={t('automation.sms_to_hint')} value={Array.isArray(a.to) ? a.to : a.to ? [a.to] : []} onChange={(to) => set({ to })} />
          <Textarea label={t('automation.message')} value={a.text ?? ''} autosize onChange={(e) => set({ text: e.currentTarget.value })} />
        </Group>
      );
    default:
      return null;
  }
}

/** The ordered actions of a workflow, each with its own form. */
export function ActionsEditor(p: ModuleFieldInputProps) {
  const { t } = useTranslation();
  const m = useFormModule(p.control);
  const list: Obj[] = Array.isArray(p.value) ? (p.value as Obj[]) : [];
  const [adding, setAdding] = useState<string | null>(null);
  const change = (i: number, patch: Obj) => p.onChange(list.map((a, j) => (j === i ? { ...a, ...patch } : a)));
  const move = (i: number, by: number) => {
    const next = [...list];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    p.onChange(next);
  };
  return (
    <Input.Wrapper label={p.field.label} error={p.error} withAsterisk>
      <Stack gap="xs" mt={4}>
        {list.map((a, i) => (
          <Paper key={i} withBorder p="xs" role="group" aria-label={`${i + 1}. ${t(`automation.action_${a.type}`)}`}>
            <Group justify="space-between" mb={4}>
              <Text fw={500} size="sm">{i + 1}. {t(`automation.action_${a.type}`)}</Text>
              <Group gap={2}>
                <ActionIcon variant="subtle" disabled={i === 0} aria-label={t('automation.action_up', { n: i + 1 })} onClick={() => move(i, -1)}>↑</ActionIcon>
                <ActionIcon variant="subtle" disabled={i === list.length - 1} aria-label={t('automation.action_down', { n: i + 1 })} onClick={() => move(i, 1)}>↓</ActionIcon>
                <ActionIcon variant="subtle" color="red" aria-label={t('automation.remove_action', { n: i + 1 })} onClick={() => p.onChange(list.filter((_, j) => j !== i))}>✕</ActionIcon>
              </Group>
            </Group>
            <ActionForm m={m} a={a} set={(patch) => change(i, patch)} />
          </Paper>
        ))}
        <Group gap="xs" align="flex-end">
          <Select label={t('automation.new_action')} w={260} value={adding} onChange={setAdding} comboboxProps={{ withinPortal: true }}
            data={ACTIONS.map((x) => ({ value: x, label: t(`automation.action_${x}`) }))} />
          <Button variant="light" disabled={!adding} onClick={() => { if (adding) p.onChange([...list, { type: adding }]); setAdding(null); }}>{t('automation.add_action')}</Button>
        </Group>
      </Stack>
    </Input.Wrapper>
  );
}
