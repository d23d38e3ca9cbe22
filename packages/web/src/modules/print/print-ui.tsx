import { Alert, Button, Group, Input, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { api, download, fetchFile, firstProblem } from '../../api/client';
import { recordLabel, useModule } from '../../api/meta';
import type { ListResponse, ModuleMeta } from '../../api/types';
import type { ModuleFieldInputProps, RecordDialogProps } from '../../records/record/module-extensions';
import { isUiLanguage, LANGUAGE_NAMES } from '../../i18n/languages';

const languageName = (code: string) => (isUiLanguage(code) ? LANGUAGE_NAMES[code] : code);

interface TemplateRow { id: string; name: string; language: string | null; is_default: boolean }

/** The print templates of a module, defaults first. */
function useTemplates(module: string) {
  return useQuery({
    queryKey: ['print-templates', module],
    queryFn: () => api<ListResponse>(`/records/print_templates?limit=100&fields=name,language,is_default&filter[module]=${encodeURIComponent(module)}&sort=name`)
      .then((r) => (r.data as unknown as TemplateRow[]).sort((a, b) => Number(b.is_default) - Number(a.is_default))),
  });
}

/** Merge fields every document template uses (not translated: they are the template language itself). */
const EXAMPLE = '{{ number }}, {{ customer.inn }}, {% for l in lines %}{{ l.name }}{% endfor %}, {{ totals.grand_total }}, {{ totals.in_words }}, {{ company.logo }}';

const errorText = (e: unknown) => (firstProblem(e));

/** "Print…" on a record: the module's templates, each opened as a PDF in a new tab or downloaded. */
export function PrintDialog({ module, record, onClose }: RecordDialogProps) {
  const { t } = useTranslation();
  const templates = useTemplates(module.name);
  const url = (id?: string, download = false) => `/api/v1/records/${module.name}/${record.id}/pdf${id || download ? '?' : ''}${id ? `template=${id}` : ''}${id && download ? '&' : ''}${download ? 'download=1' : ''}`;
  const rows = templates.data ?? [];
  return (
    <Modal opened onClose={onClose} title={t('print.title')} size="lg">
      <Stack>
        {templates.error && <Alert color="red" role="alert">{errorText(templates.error)}</Alert>}
        {templates.isSuccess && !rows.length && <Text size="sm" c="dimmed">{t('print.no_templates')}</Text>}
        {rows.map((tpl) => (
          <Group key={tpl.id} justify="space-between" wrap="nowrap">
            <Text size="sm">{tpl.name}{tpl.language ? ` · ${languageName(tpl.language)}` : ''}{tpl.is_default ? ` · ${t('print.default')}` : ''}</Text>
            <Group gap="xs" wrap="nowrap">
              <Button size="xs" component="a" href={url(tpl.id)} target="_blank" rel="noopener" aria-label={t('print.open_named', { name: tpl.name })}>{t('print.open')}</Button>
              <Button size="xs" variant="default" component="a" href={url(tpl.id, true)} aria-label={t('print.download_named', { name: tpl.name })}>{t('print.download')}</Button>
            </Group>
          </Group>
        ))}
        {/* Without templates to choose from (none, or their list did not load), the module's standard form still prints. */}
        {(templates.isError || (templates.isSuccess && !rows.length)) && (
          <Group><Button size="xs" component="a" href={url()} target="_blank" rel="noopener">{t('print.open')}</Button></Group>
        )}
      </Stack>
    </Modal>
  );
}

/** Mail merge from a list selection: one PDF, a page per record, with a template the user picks. */
export function MergePrintDialog({ module, ids, onClose }: { module: ModuleMeta; ids: string[]; onClose(): void }) {
  const { t } = useTranslation();
  const templates = useTemplates(module.name);
  const [chosen, setChosen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => { if (!chosen && templates.data?.[0]) setChosen(templates.data[0].id); }, [templates.data, chosen]);
  async function run() {
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      await download(`/print_templates/${chosen}/merge?download=1`, `${module.name}.pdf`, { method: 'POST', body: { ids } });
      onClose();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal opened onClose={onClose} title={t('print.merge_title', { count: ids.length })}>
      <Stack>
        {templates.isSuccess && !templates.data.length ? <Text size="sm" c="dimmed">{t('print.no_templates')}</Text> : (
          <Select label={t('print.template')} data={(templates.data ?? []).map((x) => ({ value: x.id, label: `${x.name}${x.language ? ` · ${languageName(x.language)}` : ''}` }))}
            value={chosen} onChange={setChosen} comboboxProps={{ withinPortal: true }} />
        )}
        {(error || templates.error) && <Alert color="red" role="alert">{error ?? errorText(templates.error)}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('actions.cancel')}</Button>
          <Button onClick={() => void run()} loading={busy} disabled={!chosen}>{t('print.download')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/**
 * The template's HTML with a live preview beside it: the unsaved text rendered against a record the admin picks,
 * laid out as the PDF it will print (a blob URL in a frame; nothing of the template runs in Karta's page).
 */
export function PrintBodyInput(p: ModuleFieldInputProps) {
  const { t } = useTranslation();
  const [target, language, paper, orientation] = useWatch({ control: p.control, name: ['module', 'language', 'paper', 'orientation'] }) as (string | null)[];
  const { module } = useModule(target ?? undefined);
  const [recordId, setRecordId] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [pdf, setPdf] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const options = useQuery({
    queryKey: ['print-preview-records', target, search], enabled: Boolean(target),
    queryFn: () => api<ListResponse>(`/records/${target}?limit=20${search ? `&q=${encodeURIComponent(search)}` : ''}`),
  });
  useEffect(() => () => { if (pdf) URL.revokeObjectURL(pdf); }, [pdf]);
  async function preview() {
    if (!recordId || !target) return;
    setBusy(true);
    setError(null);
    try {
      const { blob } = await fetchFile('/print_templates/preview', 'preview.pdf', {
        method: 'POST', body: { template: { module: target, language, paper, orientation, body_html: typeof p.value === 'string' ? p.value : '' }, record_id: recordId },
      });
      setPdf(URL.createObjectURL(blob));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Input.Wrapper label={p.field.label} required={p.field.required} error={p.error} description={`${t('print.body_hint')} ${EXAMPLE}`}>
      <Stack gap="xs" mt={4}>
        <Textarea value={typeof p.value === 'string' ? p.value : ''} onChange={(e) => p.onChange(e.currentTarget.value)} onBlur={p.onBlur}
          autosize minRows={10} maxRows={30} styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }} aria-label={p.field.label} spellCheck={false} />
        <Group align="flex-end">
          <Select label={t('print.preview_record', { module: module?.label.one ?? target ?? '' })} w={320} searchable value={recordId} onChange={setRecordId} onSearchChange={setSearch}
            disabled={!target} data={(options.data?.data ?? []).map((r) => ({ value: String(r.id), label: recordLabel(module, r) || String(r.number) }))} comboboxProps={{ withinPortal: true }} />
          <Button variant="default" onClick={() => void preview()} loading={busy} disabled={!recordId}>{t('print.preview')}</Button>
          {pdf && <Button variant="subtle" component="a" href={pdf} target="_blank" rel="noopener">{t('print.open')}</Button>}
        </Group>
        {error && <Alert color="red" role="alert">{error}</Alert>}
        {pdf && <iframe title={t('print.preview')} src={pdf} style={{ width: '100%', height: 640, border: '1px solid var(--mantine-color-gray-3)' }} />}
      </Stack>
    </Input.Wrapper>
  );
}
