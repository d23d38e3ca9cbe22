import { Alert, Button, FileInput, Group, Select, Stack, Stepper, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { canDo, useModules } from '../../api/meta';
import { IconArrowLeft } from '../../app/icons';
import { DuplicateOptions } from './duplicate-options';
import { MappingTable } from './mapping-table';
import { PreviewTable } from './preview-table';
import { previewImport, startImport, type ImportChoice } from './import-upload';
import { firstProblem } from '../../api/client';
import type { Mapping } from './types';
import { Busy } from '../../app/busy';

const ENCODINGS = ['utf-8', 'windows-1251', 'koi8-r', 'gb18030', 'utf-16le', 'utf-16be', 'windows-1252'];
const DELIMITERS: [string, string][] = [[',', ','], [';', ';'], ['tab', 'Tab'], ['|', '|']];

/**
 * The import wizard: a file (CSV, XLSX or vCard; encoding and delimiter found out, or chosen), its columns
 * mapped to fields, the first rows checked as they would be saved, duplicates handled — then the import runs
 * in the background and its page shows the progress.
 */
export function ImportWizardPage() {
  const { t } = useTranslation();
  const { module: moduleName = '' } = useParams();
  const navigate = useNavigate();
  const meta = useModules();
  const m = meta.data?.module(moduleName);
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState('');
  const [delimiter, setDelimiter] = useState('');
  const [dateOrder, setDateOrder] = useState(''); // kept when another file is picked: files from one source write dates alike
  const [mapping, setMapping] = useState<Mapping | undefined>();
  const [duplicates, setDuplicates] = useState<{ mode: string; match_on: string[] }>({ mode: 'create', match_on: [] });
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const choice: ImportChoice | null = file ? { module: moduleName, file, encoding, delimiter, dateOrder, mapping } : null;
  const preview = useQuery({
    queryKey: ['import-preview', moduleName, file?.name, file?.size, file?.lastModified, encoding, delimiter, mapping, dateOrder],
    queryFn: () => previewImport(choice!),
    enabled: !!choice,
    // While a new mapping or encoding is read, the same file's last preview stays up; another file's never does.
    placeholderData: (previous, query) => (query && sameFile(query.queryKey, moduleName, file) ? previous : undefined),
    retry: false,
  });

  if (!m) return meta.isPending ? <Busy /> : <Alert color="red">{t('data.no_module')}</Alert>;
  if (!canDo(m, 'import')) return <Alert color="red">{t('data.no_import_right')}</Alert>;
  const p = preview.data;
  const pickFile = (f: File | null) => { setFile(f); setMapping(undefined); setEncoding(''); setDelimiter(''); };

  async function start() {
    if (!choice || !p) return;
    setStarting(true);
    setStartError(null);
    try {
      const id = await startImport({ ...choice, mapping: { ...Object.fromEntries(p.columns.map((c) => [c.column, c.field])), ...(mapping ?? {}) } }, duplicates);
      navigate(`/imports/${id}`);
    } catch (e) {
      setStartError(firstProblem(e));
      setStarting(false);
    }
  }

  return (
    <Stack gap="md">
      <Group gap="sm">
        <Button component={Link} to={`/${m.name}`} variant="subtle" leftSection={<IconArrowLeft />}>{m.label.many}</Button>
        <Title order={1} size="h2">{t('data.import_into', { module: m.label.many })}</Title>
      </Group>
      <Stepper active={step} onStepClick={(s) => (p || s === 0) && setStep(s)} size="sm">
        <Stepper.Step label={t('data.step_file')}>
          <Stack gap="sm" maw={560}>
            <FileInput label={t('data.file')} description={t('data.file_hint')} accept=".csv,.txt,.xlsx,.vcf" value={file} onChange={pickFile} clearable />
            <Group grow>
              <Select label={t('data.encoding')} value={encoding || p?.encoding || null} onChange={(v) => setEncoding(v ?? '')} disabled={!file || p?.format === 'xlsx'}
                data={ENCODINGS.map((e) => ({ value: e, label: e === p?.encoding && !encoding ? t('data.detected', { value: e }) : e }))} />
              <Select label={t('data.delimiter')} value={delimiter || (p?.delimiter === '\t' ? 'tab' : p?.delimiter) || null} onChange={(v) => setDelimiter(v ?? '')} disabled={!file || p?.format !== 'csv'}
                data={DELIMITERS.map(([value, label]) => ({ value, label }))} />
              <Select label={t('data.date_order')} value={dateOrder || 'day_first'} onChange={(v) => setDateOrder(v ?? '')} disabled={!file || p?.format === 'vcard'} allowDeselect={false}
                data={[{ value: 'day_first', label: t('data.day_first') }, { value: 'month_first', label: t('data.month_first') }]} />
            </Group>
            {preview.isFetching && <Busy size="sm" />}
            {preview.error && <Alert color="red" role="alert">{(preview.error as Error).message}</Alert>}
            {p && <Text size="sm">{t('data.header_found', { count: p.header.length, columns: p.header.slice(0, 6).join(', ') })}</Text>}
            <Group><Button disabled={!p || !!preview.error || preview.isPlaceholderData} onClick={() => setStep(1)}>{t('data.next')}</Button></Group>
          </Stack>
        </Stepper.Step>
        <Stepper.Step label={t('data.step_columns')}>
          {p && <MappingTable module={m.name} preview={p} mapping={mapping} onChange={setMapping} />}
          <Group mt="md"><Button variant="default" onClick={() => setStep(0)}>{t('data.back')}</Button><Button onClick={() => setStep(2)}>{t('data.next')}</Button></Group>
        </Stepper.Step>
        <Stepper.Step label={t('data.step_check')}>
          {p && (
            <Stack gap="md">
              <PreviewTable preview={p} />
              <DuplicateOptions fields={p.fields.filter((f) => p.columns.some((c) => c.field === f.name))} value={duplicates} onChange={setDuplicates} canUpdate={canDo(m, 'edit')} />
              {startError && <Alert color="red" role="alert">{startError}</Alert>}
              <Group><Button variant="default" onClick={() => setStep(1)}>{t('data.back')}</Button>
                <Button onClick={() => void start()} loading={starting} disabled={preview.isPlaceholderData || (duplicates.mode !== 'create' && !duplicates.match_on.length)}>{t('data.start')}</Button></Group>
            </Stack>
          )}
        </Stepper.Step>
      </Stepper>
    </Stack>
  );
}

/** Whether a preview's query key is of this module and this very file. */
function sameFile(key: readonly unknown[], module: string, file: File | null): boolean {
  return !!file && key[1] === module && key[2] === file.name && key[3] === file.size && key[4] === file.lastModified;
}
