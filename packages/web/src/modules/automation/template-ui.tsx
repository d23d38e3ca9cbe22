import { Alert, Group, Input, MultiSelect, Paper, Select, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { recordLabel, useModule } from '../../api/meta';
import type { ListResponse } from '../../api/types';
import type { ModuleFieldInputProps, RecordPanelProps } from '../../records/record/module-extensions';
import { RichTextInput } from './rich-text';
import { useFormModule } from './workflow-editors';
import { LANGUAGE_NAMES } from '../../i18n/languages';

const LANGS = ['en', 'ru', 'uk', 'zh'] as const;
type Variants = Partial<Record<(typeof LANGS)[number], { subject?: string; body_html?: string }>>;

/** The template's default body in the rich-text editor. */
export function BodyInput(p: ModuleFieldInputProps) {
  const m = useFormModule(p.control);
  return <RichTextInput label={p.field.label} required={p.field.required} value={typeof p.value === 'string' ? p.value : ''} onChange={p.onChange} module={m} error={p.error} />;
}

/** A subject and body per language; a language left empty uses the default text. */
export function VariantsEditor(p: ModuleFieldInputProps) {
  const { t } = useTranslation();
  const m = useFormModule(p.control);
  const v: Variants = p.value && typeof p.value === 'object' ? (p.value as Variants) : {};
  const set = (lang: (typeof LANGS)[number], patch: { subject?: string; body_html?: string }) => {
    const next = { ...v, [lang]: { ...v[lang], ...patch } };
    p.onChange(Object.fromEntries(Object.entries(next).filter(([, x]) => x && (x.subject || (x.body_html && x.body_html !== '<p></p>')))));
  };
  return (
    <Input.Wrapper label={p.field.label} error={p.error} description={t('automation.variants_hint')}>
      <Tabs defaultValue="ru" mt={4} keepMounted={false}>
        <Tabs.List>{LANGS.map((l) => <Tabs.Tab key={l} value={l}>{LANGUAGE_NAMES[l]}{v[l] ? ' ●' : ''}</Tabs.Tab>)}</Tabs.List>
        {LANGS.map((l) => (
          <Tabs.Panel key={l} value={l} pt="xs">
            <Stack gap="xs">
              <TextInput label={t('automation.subject')} value={v[l]?.subject ?? ''} onChange={(e) => set(l, { subject: e.currentTarget.value })} />
              <RichTextInput label={t('automation.body')} value={v[l]?.body_html ?? ''} module={m} onChange={(body_html) => set(l, { body_html })} />
            </Stack>
          </Tabs.Panel>
        ))}
      </Tabs>
    </Input.Wrapper>
  );
}

/** A template rendered for a record the user picks, in a language: what the recipient will read. */
export function TemplatePreviewTab({ record }: RecordPanelProps) {
  const { t, i18n } = useTranslation();
  const target = typeof record.module === 'string' ? record.module : undefined;
  const { module } = useModule(target);
  const [recordId, setRecordId] = useState<string | null>(null);
  const [lang, setLang] = useState<string>(i18n.language);
  const [search, setSearch] = useState('');
  const options = useQuery({
    queryKey: ['template-preview-records', target, search], enabled: Boolean(target),
    queryFn: () => api<ListResponse>(`/records/${target}?limit=20${search ? `&q=${encodeURIComponent(search)}` : ''}`),
  });
  const rendered = useQuery({
    queryKey: ['template-render', record.id, record.version, recordId, lang], enabled: Boolean(recordId) || !target, retry: false,
    queryFn: () => api<{ subject: string; html: string }>(`/email_templates/${record.id}/render`, { method: 'POST', body: { ...(recordId && target ? { record: { module: target, id: recordId } } : {}), language: lang } }),
  });
  return (
    <Stack>
      <Group align="flex-end">
        {target && (
          <Select label={t('automation.preview_record', { module: module?.label.one ?? target })} w={320} searchable value={recordId} onChange={setRecordId} onSearchChange={setSearch}
            data={(options.data?.data ?? []).map((r) => ({ value: String(r.id), label: recordLabel(module, r) || String(r.number) }))} comboboxProps={{ withinPortal: true }} />
        )}
        <Select label={t('automation.language')} w={160} value={lang} onChange={(l) => setLang(l ?? 'en')} data={LANGS.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))} comboboxProps={{ withinPortal: true }} />
        {rendered.isFetching && <Text size="sm" c="dimmed">…</Text>}
      </Group>
      {rendered.error && <Alert color="red" role="alert">{rendered.error instanceof ApiError ? rendered.error.message : String(rendered.error)}</Alert>}
      {rendered.data && (
        <Paper withBorder p="md" aria-label={t('automation.preview')} role="region">
          <Text fw={600} mb="xs">{rendered.data.subject}</Text>
          {/* Rendered in a sandboxed frame: the template's HTML never runs in Karta's page. */}
          <iframe title={t('automation.preview')} sandbox="" srcDoc={rendered.data.html} style={{ width: '100%', minHeight: 240, border: 0 }} />
        </Paper>
      )}
      {!recordId && target && <Text size="sm" c="dimmed">{t('automation.pick_record')}</Text>}
    </Stack>
  );
}

/** The documents every e-mail from the template carries: picked by title. */
export function DocumentsInput(p: ModuleFieldInputProps) {
  const [search, setSearch] = useState('');
  const value = Array.isArray(p.value) ? (p.value as string[]) : [];
  const q = useQuery({ queryKey: ['template-documents', search], queryFn: () => api<ListResponse>(`/records/documents?limit=30&fields=title${search ? `&q=${encodeURIComponent(search)}` : ''}`) });
  const chosen = useQuery({
    queryKey: ['template-documents-chosen', value.join(',')], enabled: value.length > 0,
    queryFn: () => api<ListResponse>(`/records/documents?limit=10&fields=title&filter[id][in]=${value.join(',')}`),
  });
  const rows = [...(chosen.data?.data ?? []), ...(q.data?.data ?? [])];
  const data = [...new Map(rows.map((r) => [String(r.id), { value: String(r.id), label: String(r.title ?? r.number) }])).values()];
  return (
    <MultiSelect label={p.field.label} data={data} value={value} onChange={p.onChange} searchable onSearchChange={setSearch} maxValues={10}
      error={p.error} comboboxProps={{ withinPortal: true }} />
  );
}
