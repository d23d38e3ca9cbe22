import { ActionIcon, Button, Checkbox, CopyButton, Group, Input, Paper, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useModule } from '../../api/meta';
import { Busy } from '../../app/busy';
import { FieldInput } from '../../fields/field-input';
import type { ModuleFieldInputProps, RecordPanelProps } from '../../records/record/module-extensions';

const LANGS = ['en', 'ru', 'uk', 'zh'] as const;
/** Field types a visitor can type into (the server checks the same). */
const FILLABLE = new Set(['text', 'textarea', 'email', 'phone', 'url', 'integer', 'decimal', 'money', 'percent', 'boolean', 'date', 'picklist', 'multipicklist']);
const SYSTEM = new Set(['id', 'number', 'assigned_to', 'created_by', 'created_at', 'updated_at', 'version', 'tags']);

interface FormField { field: string; required?: boolean; label?: string | Partial<Record<(typeof LANGS)[number], string>> }

function useLeadFields() {
  const { module } = useModule('leads');
  return (module?.fields ?? []).filter((f) => !f.read_only && !f.hidden && !SYSTEM.has(f.name));
}

/** The fields a visitor fills, in order: add, remove, move, required, a label per language. */
export function FormFieldsEditor(p: ModuleFieldInputProps) {
  const { t, i18n } = useTranslation();
  const all = useLeadFields().filter((f) => FILLABLE.has(f.type));
  const rows: FormField[] = Array.isArray(p.value) ? (p.value as FormField[]) : [];
  const set = (next: FormField[]) => p.onChange(next);
  const patch = (i: number, x: Partial<FormField>) => set(rows.map((r, j) => (j === i ? { ...r, ...x } : r)));
  const move = (i: number, d: number) => {
    const next = [...rows];
    [next[i], next[i + d]] = [next[i + d], next[i]];
    set(next);
  };
  const labelOf = (r: FormField, l: string) => (typeof r.label === 'object' && r.label ? r.label[l as 'en'] ?? '' : l === 'en' && typeof r.label === 'string' ? r.label : '');
  const setLabel = (i: number, l: string, v: string) => {
    const cur = typeof rows[i].label === 'object' && rows[i].label ? { ...(rows[i].label as object) } : {};
    const next = Object.fromEntries(Object.entries({ ...cur, [l]: v }).filter(([, x]) => x));
    patch(i, { label: Object.keys(next).length ? next : undefined });
  };
  const unused = all.filter((f) => !rows.some((r) => r.field === f.name));
  return (
    <Input.Wrapper label={p.field.label} withAsterisk error={p.error} description={t('marketing.fields_hint')}>
      <Stack gap={6} mt={4}>
        {rows.map((r, i) => (
          <Paper key={r.field} withBorder p={6} data-testid={`form-field-${r.field}`}>
            <Group gap="xs" wrap="nowrap">
              <Text fw={500} w={160} truncate>{all.find((f) => f.name === r.field)?.label ?? r.field}</Text>
              <Checkbox label={t('marketing.required')} checked={Boolean(r.required)} onChange={(e) => patch(i, { required: e.currentTarget.checked || undefined })} />
              {LANGS.map((l) => (
                <TextInput key={l} size="xs" w={110} placeholder={l.toUpperCase()} aria-label={`${t('marketing.label')} ${l}`} value={labelOf(r, l)} onChange={(e) => setLabel(i, l, e.currentTarget.value)} />
              ))}
              <ActionIcon variant="subtle" aria-label={t('marketing.move_up')} disabled={i === 0} onClick={() => move(i, -1)}>↑</ActionIcon>
              <ActionIcon variant="subtle" aria-label={t('marketing.move_down')} disabled={i === rows.length - 1} onClick={() => move(i, 1)}>↓</ActionIcon>
              <ActionIcon variant="subtle" color="red" aria-label={t('marketing.remove_field')} onClick={() => set(rows.filter((_, j) => j !== i))}>×</ActionIcon>
            </Group>
          </Paper>
        ))}
        <Select placeholder={t('marketing.add_field')} aria-label={t('marketing.add_field')} searchable value={null} comboboxProps={{ withinPortal: true }}
          data={unused.map((f) => ({ value: f.name, label: f.label }))} onChange={(v) => v && set([...rows, { field: v }])} />
        {rows.length > 0 && <LivePreview rows={rows} labelOf={(r) => labelOf(r, i18n.language) || all.find((f) => f.name === r.field)?.label || r.field} />}
      </Stack>
    </Input.Wrapper>
  );
}

/** The form as a visitor will see it in the user's language, while it is being designed (the saved one: Preview tab). */
function LivePreview({ rows, labelOf }: { rows: FormField[]; labelOf(r: FormField): string }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm" bg="var(--mantine-color-gray-light)" aria-label={t('marketing.preview')} role="region">
      <Text size="xs" c="dimmed" mb={4}>{t('marketing.preview')}</Text>
      <Stack gap={6}>
        {rows.map((r) => <TextInput key={r.field} size="xs" label={labelOf(r)} withAsterisk={Boolean(r.required)} readOnly tabIndex={-1} />)}
        <Button size="xs" w="fit-content" tabIndex={-1}>{t('marketing.send_button')}</Button>
      </Stack>
    </Paper>
  );
}

/** Values every submission gets whatever the visitor sends: a campaign, a source, the assignee… */
export function HiddenValuesEditor(p: ModuleFieldInputProps) {
  const { t } = useTranslation();
  const fields = useLeadFields();
  const { module } = useModule('leads');
  const owner = module?.fields.find((f) => f.name === 'assigned_to');
  const choices = [...(owner ? [owner] : []), ...fields];
  const value = p.value && typeof p.value === 'object' && !Array.isArray(p.value) ? (p.value as Record<string, unknown>) : {};
  const set = (next: Record<string, unknown>) => p.onChange(Object.keys(next).length ? next : null);
  return (
    <Input.Wrapper label={p.field.label} error={p.error} description={t('marketing.hidden_hint')}>
      <Stack gap={6} mt={4}>
        {Object.entries(value).map(([name, v]) => {
          const f = choices.find((x) => x.name === name);
          return (
            <Group key={name} gap="xs" align="end" wrap="nowrap">
              <div style={{ flex: 1 }}>{f ? <FieldInput field={{ ...f, required: false }} value={v} refs={p.refs} onChange={(x) => set({ ...value, [name]: x })} /> : <Text>{name}</Text>}</div>
              <ActionIcon variant="subtle" color="red" aria-label={t('marketing.remove_field')} onClick={() => { const { [name]: _, ...rest } = value; set(rest); }}>×</ActionIcon>
            </Group>
          );
        })}
        <Select placeholder={t('marketing.add_hidden')} aria-label={t('marketing.add_hidden')} searchable value={null} comboboxProps={{ withinPortal: true }}
          data={choices.filter((f) => !(f.name in value)).map((f) => ({ value: f.name, label: f.label }))} onChange={(v) => v && set({ ...value, [v]: null })} />
      </Stack>
    </Input.Wrapper>
  );
}

/** The sites allowed to send the form, one per line. */
export function OriginsInput(p: ModuleFieldInputProps) {
  const { t } = useTranslation();
  const list = Array.isArray(p.value) ? (p.value as string[]) : [];
  const [text, setText] = useState(list.join('\n'));
  return (
    <Textarea label={p.field.label} description={t('marketing.origins_hint')} error={p.error} autosize minRows={2} value={text} placeholder="https://www.example.com"
      onChange={(e) => { setText(e.currentTarget.value); p.onChange(e.currentTarget.value.split(/\s+/).map((s) => s.trim()).filter(Boolean)); }} />
  );
}

interface Snippet { html: string; page_url: string; script_url: string }
interface Stats { accepted: number; rejected: number; by_outcome: Record<string, number>; last_at: string | null }

/** The form as visitors see it (a live preview of the hosted page), the snippet to paste, and what came in. */
export function FormPublishTab({ record }: RecordPanelProps) {
  const { t, i18n } = useTranslation();
  const [lang, setLang] = useState<string>(i18n.language);
  const snippet = useQuery({ queryKey: ['web-form-snippet', record.id, lang, record.version], queryFn: () => api<{ data: Snippet }>(`/web_forms/${record.id}/snippet?lang=${lang}`) });
  const stats = useQuery({ queryKey: ['web-form-stats', record.id], queryFn: () => api<{ data: Stats }>(`/web_forms/${record.id}/stats`) });
  if (snippet.isPending) return <Busy />;
  const s = snippet.data?.data;
  return (
    <Stack>
      <Group>
        <Select label={t('marketing.language')} w={160} value={lang} onChange={(v) => v && setLang(v)} comboboxProps={{ withinPortal: true }} data={LANGS.map((l) => ({ value: l, label: l.toUpperCase() }))} />
        {s && <Text size="sm">{t('marketing.hosted_page')}: <a href={s.page_url} target="_blank" rel="noreferrer">{s.page_url}</a></Text>}
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p={0} style={{ overflow: 'hidden' }}>
          {s && <iframe title={t('marketing.preview')} src={s.page_url} style={{ width: '100%', height: 480, border: 0 }} />}
        </Paper>
        <Stack gap="xs">
          <Textarea label={t('marketing.snippet')} description={t('marketing.snippet_hint')} readOnly autosize minRows={8} maxRows={18} value={s?.html ?? ''} styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }} />
          <CopyButton value={s?.html ?? ''}>{({ copied, copy }) => <Button variant="light" onClick={copy}>{copied ? t('marketing.copied') : t('marketing.copy_snippet')}</Button>}</CopyButton>
        </Stack>
      </SimpleGrid>
      {stats.data && (
        <Table w="auto" aria-label={t('marketing.submissions')}>
          <Table.Tbody>
            <Table.Tr><Table.Td>{t('marketing.accepted')}</Table.Td><Table.Td data-testid="form-accepted">{stats.data.data.accepted}</Table.Td></Table.Tr>
            <Table.Tr><Table.Td>{t('marketing.rejected')}</Table.Td><Table.Td data-testid="form-rejected">{stats.data.data.rejected}</Table.Td></Table.Tr>
            {Object.entries(stats.data.data.by_outcome).filter(([k]) => k !== 'accepted').map(([k, n]) => (
              <Table.Tr key={k}><Table.Td pl="xl">{t(`marketing.outcome_${k}`, { defaultValue: k })}</Table.Td><Table.Td>{n}</Table.Td></Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
