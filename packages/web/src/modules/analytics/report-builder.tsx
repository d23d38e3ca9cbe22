import { ActionIcon, Alert, Button, Group, MultiSelect, NumberInput, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import type { Where } from '@karta/shared';
import type { ReportResult } from '@karta/shared/reports';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api, ApiError, withOtherProblems } from '../../api/client';
import { useModules, type MetaIndex } from '../../api/meta';
import { createRecord, updateRecord, useInvalidateRecords, useRecord } from '../../api/records';
import type { FieldMeta, ModuleMeta } from '../../api/types';
import { isLang } from '@karta/shared';
import { LINES_PATH } from '@karta/shared/reports';
import { lineFields, linesLabel, linesModule } from './report-lines';
import { relatedChoices, relatedInUse, type RelatedChoice } from './report-related';
import { IconArrowLeft, IconChevronDown, IconChevronUp, IconFilter, IconPlus, IconX } from '../../app/icons';
import { FilterBuilder } from '../../records/list/filter-builder';
import { ReportResultView } from './report-tab';
import { ScheduleEditor, type Schedule } from './schedule-editor';
import { SharePicker } from './share-picker';
import { Busy, Loading } from '../../app/busy';

type Fn = 'count' | 'sum' | 'avg' | 'min' | 'max';
interface Definition {
  name: string; folder: string; module: string; type: 'tabular' | 'summary' | 'matrix';
  columns: string[]; where?: Where | null; line_where?: Where | null; related_where?: Where | null; group_by: { field: string; bucket?: string | null }[];
  aggregates: { field?: string; fn: Fn }[]; chart: { type: string } | null; limit?: number | null; schedule: Schedule | null; shared_with: string[];
}

const NUMERIC = ['integer', 'decimal', 'money', 'percent'];
const DATED = ['date', 'datetime'];
const GROUPABLE = ['text', 'email', 'phone', 'url', 'picklist', 'boolean', 'date', 'datetime', 'reference', 'owner', 'integer'];
const BUCKETS = ['day', 'week', 'month', 'quarter', 'year'];
const CHARTS = ['bar', 'hbar', 'stacked_bar', 'line', 'pie', 'funnel'];
const EMPTY: Definition = { name: '', folder: '', module: 'deals', type: 'summary', columns: [], where: null, line_where: null, related_where: null, group_by: [], aggregates: [{ fn: 'count' }], chart: { type: 'bar' }, schedule: null, shared_with: [] };

interface PathOption { value: string; label: string; type: string }

/**
 * The fields a report may use: the module's own and, one reference away, those of the module it points to; a
 * document's lines; the fields of the modules whose records refer back to it (an account's deals).
 */
function pathOptions(meta: MetaIndex, m: ModuleMeta, lines: FieldMeta[], related: RelatedChoice[]): PathOption[] {
  const out: PathOption[] = [];
  // Fields under a prefix, and those of the modules their references point to (one reference away).
  const add = (fields: FieldMeta[], prefix: string, label: string) => {
    const usable = fields.filter((f) => !f.hidden && f.type !== 'json');
    for (const f of usable) out.push({ value: `${prefix}${f.name}`, label: `${label}${f.label}`, type: f.type });
    for (const f of usable) {
      const target = f.type === 'reference' && f.reference?.length === 1 ? meta.module(f.reference[0]) : undefined;
      for (const g of target?.fields ?? []) {
        if (!g.hidden && g.type !== 'json') out.push({ value: `${prefix}${f.name}.${g.name}`, label: `${label}${f.label} › ${g.label}`, type: g.type });
      }
    }
  };
  add(m.fields, '', '');
  if (lines.length) add(lines, `${LINES_PATH}.`, `${linesLabel(m)} › `);
  for (const r of related) {
    for (const f of r.module.fields) if (!f.hidden && f.type !== 'json') out.push({ value: `${r.key}.${f.name}`, label: `${r.label} › ${f.label}`, type: f.type });
  }
  return out;
}

/** The definition the server takes (only what the type uses). */
function toBody(d: Definition, related?: RelatedChoice): Record<string, unknown> {
  const grouped = d.type !== 'tabular';
  return {
    name: d.name.trim(), folder: d.folder.trim() || null, module: d.module, type: d.type,
    columns: d.type === 'tabular' ? d.columns : [], where: d.where ?? null, line_where: d.line_where ?? null,
    // Records of a related module are filtered only while a path names it.
    related_where: related ? d.related_where ?? null : null,
    group_by: grouped ? d.group_by : [], aggregates: d.aggregates.map((a) => (a.fn === 'count' && !a.field ? { fn: 'count' } : a)),
    chart: grouped ? d.chart : null, limit: d.limit ?? null, schedule: d.schedule, shared_with: d.shared_with,
  };
}

/** `/reports/new` and `/reports/{id}/edit`: pick module, columns, filters, groups and totals, with a live preview. */
/** Problems the builder shows beside their inputs. */
const PLACED = ['name', 'columns', 'group_by', 'shared_with'];

export function ReportBuilderPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const meta = useModules();
  const saved = useRecord('reports', id);
  const invalidate = useInvalidateRecords();
  const [def, setDef] = useState<Definition>(EMPTY);
  const [filtering, setFiltering] = useState<'record' | 'lines' | 'related' | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const r = saved.data?.data as Record<string, any> | undefined;
    if (!r) return;
    setDef({
      name: r.name ?? '', folder: r.folder ?? '', module: r.module, type: r.type ?? 'tabular', columns: r.columns ?? [], where: r.where ?? null, line_where: r.line_where ?? null, related_where: r.related_where ?? null,
      group_by: r.group_by ?? [], aggregates: r.aggregates ?? [], chart: r.chart ?? null, limit: r.limit ?? null, schedule: r.schedule ?? null, shared_with: r.shared_with ?? [],
    });
  }, [saved.data]);

  const module = meta.data?.module(def.module);
  const lines = useMemo(() => (meta.data && module ? lineFields(meta.data, module, isLang(i18n.language) ? i18n.language : 'en') : []), [meta.data, module, i18n.language]);
  const related = useMemo(() => (meta.data && module ? relatedChoices(meta.data, module) : []), [meta.data, module]);
  const options = useMemo(() => (meta.data && module ? pathOptions(meta.data, module, lines, related) : []), [meta.data, module, lines, related]);
  const paths = (d: Definition) => [...(d.type === 'tabular' ? d.columns : d.group_by.map((g) => g.field)), ...d.aggregates.map((a) => a.field)];
  const inUse = relatedInUse(related, paths(def));
  const typeOf = (path: string) => options.find((o) => o.value === path)?.type;
  const [debounced] = useDebouncedValue(def, 400);
  const preview = useQuery({
    queryKey: ['report-preview', JSON.stringify({ ...toBody(debounced, relatedInUse(related, paths(debounced))), schedule: null, name: null, shared_with: null })],
    queryFn: () => api<ReportResult>('/reports/preview', { method: 'POST', body: toBody(debounced, relatedInUse(related, paths(debounced))) }),
    enabled: Boolean(module) && (debounced.type === 'tabular' ? debounced.columns.length > 0 : debounced.group_by.length > 0),
    retry: false,
  });
  const set = (patch: Partial<Definition>) => setDef((d) => ({ ...d, ...patch }));
  const modules = (meta.data?.modules ?? []).filter((m) => m.allowed.includes('view') && m.name !== 'reports');

  async function save() {
    setSaving(true);
    setErrors({});
    try {
      const body = toBody(def, inUse);
      if (id && !saved.data) return;
      const r = id && saved.data
        ? await updateRecord('reports', id, saved.data.data.version as number, body)
        : await createRecord('reports', body);
      await invalidate('reports');
      notifications.show({ color: 'green', message: t('reports.saved') });
      navigate(`/reports/${r.id}`);
    } catch (e) {
      if (e instanceof ApiError) setErrors(e.fields ?? {});
      // Problems no input shows (an aggregate, the filter, the chart) are named in the message, not lost behind it.
      notifications.show({ color: 'red', message: e instanceof ApiError ? withOtherProblems(e, (k) => PLACED.includes(k) || k.startsWith('schedule')) : String(e) });
    } finally {
      setSaving(false);
    }
  }

  // A report that did not load is never edited as a blank one (its Save would make a second report).
  if (!meta.data || (id && !saved.data)) return <Loading error={meta.error ?? (id ? saved.error : null)} />;
  const fieldsFor = (filter: (type: string) => boolean) => options.filter((o) => filter(o.type)).map(({ value, label }) => ({ value, label }));
  const previewError = preview.error as ApiError | null;

  return (
    <Stack>
      <Group>
        <ActionIcon variant="subtle" aria-label={t('actions.back')} onClick={() => navigate(-1)}><IconArrowLeft /></ActionIcon>
        <Title order={1} size="h2">{id ? t('reports.edit_title') : t('reports.new_title')}</Title>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <TextInput label={t('reports.name')} required value={def.name} onChange={(e) => set({ name: e.currentTarget.value })} error={errors.name} />
        <TextInput label={t('reports.folder')} value={def.folder} onChange={(e) => set({ folder: e.currentTarget.value })} />
        <Select label={t('reports.module')} value={def.module} allowDeselect={false} searchable
          data={modules.map((m) => ({ value: m.name, label: m.label.many }))}
          onChange={(v) => { if (!v) return; setFiltering(null); set({ module: v, columns: [], where: null, line_where: null, related_where: null, group_by: [], aggregates: [{ fn: 'count' }] }); }} />
      </SimpleGrid>
      <SegmentedControl value={def.type} onChange={(v) => set({ type: v as Definition['type'] })} aria-label={t('reports.type')}
        data={(['tabular', 'summary', 'matrix'] as const).map((v) => ({ value: v, label: t(`reports.type_${v}`) }))} />

      {def.type === 'tabular' && (
        <Stack gap={4}>
          <MultiSelect label={t('reports.columns')} searchable data={fieldsFor(() => true)} value={def.columns} onChange={(v) => set({ columns: v })} error={errors.columns} />
          {def.columns.length > 1 && (
            <Group gap={4} aria-label={t('reports.column_order')}>
              {def.columns.map((c, i) => (
                <Paper key={c} withBorder px={6} py={2}>
                  <Group gap={2} wrap="nowrap">
                    <Text size="xs">{options.find((o) => o.value === c)?.label ?? c}</Text>
                    <ActionIcon size="xs" variant="subtle" disabled={i === 0} aria-label={t('reports.move_left')} onClick={() => set({ columns: move(def.columns, i, -1) })}><IconChevronUp /></ActionIcon>
                    <ActionIcon size="xs" variant="subtle" disabled={i === def.columns.length - 1} aria-label={t('reports.move_right')} onClick={() => set({ columns: move(def.columns, i, 1) })}><IconChevronDown /></ActionIcon>
                  </Group>
                </Paper>
              ))}
            </Group>
          )}
        </Stack>
      )}

      {def.type !== 'tabular' && (
        <Stack gap="xs">
          <Text fw={500} size="sm">{t('reports.group_by')}</Text>
          {def.group_by.map((g, i) => (
            <Group key={i} gap="xs" align="flex-end">
              <Select aria-label={t('reports.group_by')} searchable w={320} value={g.field} data={fieldsFor((ty) => GROUPABLE.includes(ty))}
                onChange={(v) => v && set({ group_by: def.group_by.map((x, j) => (j === i ? { field: v, bucket: DATED.includes(typeOf(v) ?? '') ? 'month' : null } : x)) })} />
              {DATED.includes(typeOf(g.field) ?? '') && (
                <Select aria-label={t('reports.bucket')} w={140} value={g.bucket ?? 'month'} data={BUCKETS.map((b) => ({ value: b, label: t(`reports.bucket_${b}`) }))}
                  onChange={(v) => set({ group_by: def.group_by.map((x, j) => (j === i ? { ...x, bucket: v } : x)) })} />
              )}
              <ActionIcon variant="subtle" aria-label={t('reports.remove')} onClick={() => set({ group_by: def.group_by.filter((_, j) => j !== i) })}><IconX /></ActionIcon>
            </Group>
          ))}
          {def.group_by.length < (def.type === 'matrix' ? 2 : 3) && (
            <Select placeholder={t('reports.add_group')} aria-label={t('reports.add_group')} searchable w={320} value={null} data={fieldsFor((ty) => GROUPABLE.includes(ty))}
              onChange={(v) => v && set({ group_by: [...def.group_by, { field: v, bucket: DATED.includes(typeOf(v) ?? '') ? 'month' : null }] })} />
          )}
          {errors.group_by && <Text c="red" size="sm">{errors.group_by}</Text>}
        </Stack>
      )}

      <Stack gap="xs">
        <Text fw={500} size="sm">{t('reports.aggregates')}</Text>
        {def.aggregates.map((a, i) => (
          <Group key={i} gap="xs">
            <Select aria-label={t('reports.function')} w={150} value={a.fn} allowDeselect={false}
              data={(['count', 'sum', 'avg', 'min', 'max'] as const).map((f) => ({ value: f, label: t(`reports.fn_${f}`) }))}
              onChange={(v) => set({ aggregates: def.aggregates.map((x, j) => (j === i ? { fn: v as Fn, field: v === 'count' ? undefined : x.field } : x)) })} />
            {a.fn !== 'count' && (
              <Select aria-label={t('reports.field')} searchable w={320} value={a.field ?? null}
                data={fieldsFor((ty) => NUMERIC.includes(ty) || ((a.fn === 'min' || a.fn === 'max') && DATED.includes(ty)))}
                onChange={(v) => set({ aggregates: def.aggregates.map((x, j) => (j === i ? { ...x, field: v ?? undefined } : x)) })} />
            )}
            <ActionIcon variant="subtle" aria-label={t('reports.remove')} onClick={() => set({ aggregates: def.aggregates.filter((_, j) => j !== i) })}><IconX /></ActionIcon>
          </Group>
        ))}
        <Button variant="subtle" w="fit-content" leftSection={<IconPlus />} onClick={() => set({ aggregates: [...def.aggregates, { fn: 'sum' }] })}>{t('reports.add_aggregate')}</Button>
      </Stack>

      <Group align="flex-end">
        <Button variant="default" leftSection={<IconFilter />} onClick={() => setFiltering((f) => (f === 'record' ? null : 'record'))}>
          {t('reports.filters')}{def.where ? ' •' : ''}
        </Button>
        {lines.length > 0 && (
          <Button variant="default" leftSection={<IconFilter />} onClick={() => setFiltering((f) => (f === 'lines' ? null : 'lines'))}>
            {t('reports.line_filters')}{def.line_where ? ' •' : ''}
          </Button>
        )}
        {inUse && (
          <Button variant="default" leftSection={<IconFilter />} onClick={() => setFiltering((f) => (f === 'related' ? null : 'related'))}>
            {t('reports.related_filters', { module: inUse.label })}{def.related_where ? ' •' : ''}
          </Button>
        )}
        {def.type !== 'tabular' && (
          <Select label={t('reports.chart')} w={200} clearable value={def.chart?.type ?? null}
            data={CHARTS.map((c) => ({ value: c, label: t(`reports.chart_${c}`) }))} onChange={(v) => set({ chart: v ? { type: v } : null })} />
        )}
        <NumberInput label={t('reports.limit')} w={140} min={1} max={5000} value={def.limit ?? ''} onChange={(v) => set({ limit: typeof v === 'number' ? v : null })} />
      </Group>
      {filtering === 'record' && module && (
        <FilterBuilder module={module} value={def.where ?? undefined} onClose={() => setFiltering(null)} onApply={(w) => { set({ where: w ?? null }); setFiltering(null); }} />
      )}
      {filtering === 'lines' && module && (
        <FilterBuilder key="lines" module={linesModule(module, lines)} value={def.line_where ?? undefined} onClose={() => setFiltering(null)}
          onApply={(w) => { set({ line_where: w ?? null }); setFiltering(null); }} />
      )}

      {filtering === 'related' && inUse && (
        <FilterBuilder key={`related-${inUse.key}`} module={inUse.module} value={def.related_where ?? undefined} onClose={() => setFiltering(null)}
          onApply={(w) => { set({ related_where: w ?? null }); setFiltering(null); }} />
      )}

      <SharePicker value={def.shared_with} onChange={(shared_with) => set({ shared_with })} error={errors.shared_with} />
      <ScheduleEditor value={def.schedule} onChange={(schedule) => set({ schedule })} errors={errors} />
      <Group>
        <Button onClick={() => void save()} loading={saving} disabled={!def.name.trim()}>{t('actions.save')}</Button>
      </Group>

      <Title order={2} size="h4">{t('reports.preview')}</Title>
      {preview.isFetching && <Busy size="sm" />}
      {previewError && <Alert color="orange">{withOtherProblems(previewError, () => false)}</Alert>}
      {preview.data && !previewError && <ReportResultView result={{ ...preview.data, chart: toBody(debounced).chart as ReportResult['chart'] }} />}
    </Stack>
  );
}

function move<T>(list: T[], i: number, by: number): T[] {
  const out = [...list];
  const [x] = out.splice(i, 1);
  out.splice(i + by, 0, x);
  return out;
}
