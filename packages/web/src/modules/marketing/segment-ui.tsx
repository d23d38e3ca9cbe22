import { ActionIcon, Badge, Button, Checkbox, Group, Input, NumberInput, Paper, SegmentedControl, Select, Stack, Table, Text, Textarea } from '@mantine/core';
import type { Where } from '@karta/shared';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useWatch } from 'react-hook-form';
import { api, ApiError } from '../../api/client';
import { qk } from '../../api/query-keys';
import { Busy, Loading } from '../../app/busy';
import { formatDateTime, formatNumber } from '../../i18n/format';
import type { ModuleFieldInputProps, RecordPanelProps } from '../../records/record/module-extensions';
import type { ModuleMeta } from '../../api/types';
import { useModules, type MetaIndex } from '../../api/meta';
import { GroupEditor, type RelatedConditions } from '../../records/list/filter-builder';
import { toTree, toWhere } from '../../records/list/filter-tree';

const NUMERIC = new Set(['integer', 'decimal', 'money', 'percent']);
const AGG_OPS = ['eq', 'gt', 'gte', 'lt', 'lte'] as const;
type RelatedRule = { related?: string; where?: Where; agg?: { fn: 'count' | 'sum'; field?: string }; op?: string; value?: unknown; lines_in_segment?: string };

/** Modules whose records point at records of `module` (an account's invoices, deals, tickets…). */
function relatedModules(meta: MetaIndex | undefined, module: string | undefined): ModuleMeta[] {
  if (!meta || !module) return [];
  return meta.modules.filter((m) => m.name !== module && m.fields.some((f) => f.type === 'reference' && f.name !== 'id' && f.reference?.length === 1 && f.reference[0] === module));
}

/** One condition on related records: which, count or sum, compared with a number, about which of them. */
function RelatedRow({ meta, module, rule, onChange, onRemove }: { meta: MetaIndex; module: string; rule: RelatedRule; onChange(r: RelatedRule): void; onRemove(): void }) {
  const { t } = useTranslation();
  const choices = relatedModules(meta, module);
  const rm = rule.related ? meta.module(rule.related) : undefined;
  const [tree, setTree] = useState(() => toTree(rule.where));
  const fields = (rm?.fields ?? []).filter((f) => !f.hidden && f.type !== 'json' && f.operators.length > 0);
  const products = useQuery({
    queryKey: ['product-segments'], enabled: Boolean(rm?.fields.some((f) => f.name === 'lines')),
    queryFn: () => api<{ data: { id: string; name: string }[] }>('/records/segments?filter[module][in]=products&sort=name&limit=200&fields=name'),
  });
  const agg = rule.agg ?? { fn: 'count' as const };
  return (
    <Paper withBorder p="xs" role="group" aria-label={t('marketing.related_condition')} bg="var(--mantine-color-grape-light)">
      <Group gap="xs" wrap="wrap">
        <Select size="xs" w={170} aria-label={t('marketing.related_records')} placeholder={t('marketing.related_records')} value={rule.related ?? null} comboboxProps={{ withinPortal: true }}
          data={choices.map((m) => ({ value: m.name, label: m.label.many }))} onChange={(v) => { setTree(toTree(undefined)); onChange({ ...rule, related: v ?? undefined, where: undefined, agg: { fn: 'count' }, lines_in_segment: undefined }); }} />
        <Select size="xs" w={120} allowDeselect={false} aria-label={t('marketing.aggregate')} value={agg.fn} comboboxProps={{ withinPortal: true }}
          data={[{ value: 'count', label: t('marketing.agg_count') }, { value: 'sum', label: t('marketing.agg_sum') }]} onChange={(v) => onChange({ ...rule, agg: v === 'sum' ? { fn: 'sum' } : { fn: 'count' } })} />
        {agg.fn === 'sum' && (
          <Select size="xs" w={170} aria-label={t('marketing.sum_of')} placeholder={t('marketing.sum_of')} value={agg.field ?? null} comboboxProps={{ withinPortal: true }}
            data={(rm?.fields ?? []).filter((f) => NUMERIC.has(f.type)).map((f) => ({ value: f.name, label: f.label }))} onChange={(v) => onChange({ ...rule, agg: { fn: 'sum', field: v ?? undefined } })} />
        )}
        <Select size="xs" w={80} allowDeselect={false} aria-label={t('filter.operator')} value={rule.op ?? 'eq'} comboboxProps={{ withinPortal: true }}
          data={AGG_OPS.map((o) => ({ value: o, label: t(`marketing.cmp_${o}`) }))} onChange={(v) => onChange({ ...rule, op: v ?? 'eq' })} />
        <NumberInput size="xs" w={120} aria-label={t('marketing.compared_with')} value={typeof rule.value === 'number' ? rule.value : Number(rule.value ?? 0)} onChange={(v) => onChange({ ...rule, value: typeof v === 'number' ? v : 0 })} />
        <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={t('filter.remove_condition')}>×</ActionIcon>
      </Group>
      {rm && (
        <Stack gap={4} mt={6}>
          <Text size="xs" c="dimmed">{t('marketing.related_where', { module: rm.label.many })}</Text>
          <GroupEditor group={tree} fields={fields} depth={1} onChange={(g) => { setTree(g); onChange({ ...rule, where: toWhere(g) }); }} />
          {Boolean(products.data?.data.length) && (
            <Select size="xs" w={260} clearable label={t('marketing.bought_from_segment')} value={rule.lines_in_segment ?? null} comboboxProps={{ withinPortal: true }}
              data={(products.data?.data ?? []).map((x) => ({ value: x.id, label: x.name }))} onChange={(v) => onChange({ ...rule, lines_in_segment: v ?? undefined })} />
          )}
        </Stack>
      )}
    </Paper>
  );
}

/**
 * A segment's rule: the list filter builder over the segment's module, plus conditions on related records and their
 * count or sum; or the same rule as JSON. The number of records it selects now is shown as it is edited.
 */
export function RuleInput(p: ModuleFieldInputProps) {
  const { t, i18n } = useTranslation();
  const module = useWatch({ control: p.control, name: 'module' }) as string | undefined;
  const meta = useModules().data;
  const mm = module ? meta?.module(module) : undefined;
  const [mode, setMode] = useState<'builder' | 'json'>('builder');
  const [tree, setTree] = useState(() => toTree(p.value as Where | undefined));
  const [text, setText] = useState(p.value ? JSON.stringify(p.value, null, 2) : '');
  const [parseError, setParseError] = useState<string | null>(null);
  const [rule, setRule] = useState<unknown>(p.value ?? null);
  const apply = (next: unknown) => { setRule(next ?? null); p.onChange(next ?? null); };
  /**
   * Typed JSON reaches the form at once — a Save straight after pasting saves what was pasted, and text that is
   * not JSON goes as it is, so the save is refused rather than keeping the previous rule unseen. Only the message
   * that it is not JSON waits for a pause in typing.
   */
  const typeJson = (value: string) => {
    setText(value);
    if (!value.trim()) return apply(null);
    try {
      apply(JSON.parse(value));
      setParseError(null);
    } catch {
      apply(value);
    }
  };
  useEffect(() => {
    if (mode !== 'json') return;
    const id = setTimeout(() => {
      try {
        if (text.trim()) JSON.parse(text);
        setParseError(null);
      } catch (e) {
        setParseError(t('marketing.rule_not_json', { problem: (e as Error).message }));
      }
    }, 400);
    return () => clearTimeout(id);
  }, [text, mode, t]);
  const switchTo = (m: 'builder' | 'json') => {
    if (m === 'json') setText(rule ? JSON.stringify(rule, null, 2) : '');
    else if (typeof rule === 'string') { apply(toWhere(tree)); setParseError(null); } // not JSON: back to the rule the builder shows
    else setTree(toTree((rule ?? undefined) as Where | undefined));
    setMode(m);
  };
  const [debounced, setDebounced] = useState(rule);
  useEffect(() => { const id = setTimeout(() => setDebounced(rule), 300); return () => clearTimeout(id); }, [rule]);
  const count = useQuery({
    queryKey: ['segment-preview', module, JSON.stringify(debounced)], enabled: Boolean(module) && !parseError && typeof debounced !== 'string',
    queryFn: () => api<{ data: { count: number } }>('/segments/preview', { method: 'POST', body: { module, rule: debounced } }), retry: false,
  });
  const serverError = count.error instanceof ApiError ? Object.values(count.error.fields ?? {})[0] ?? count.error.message : null;
  const fields = (mm?.fields ?? []).filter((f) => !f.hidden && f.type !== 'json' && f.operators.length > 0);
  const related: RelatedConditions | undefined = meta && module ? {
    create: () => ({ kind: 'related', rule: { related: relatedModules(meta, module)[0]?.name, agg: { fn: 'count' }, op: 'eq', value: 0 } }),
    render: (node, onChange, onRemove) => <RelatedRow meta={meta} module={module} rule={node.rule as RelatedRule} onRemove={onRemove} onChange={(r) => onChange({ kind: 'related', rule: r as Record<string, unknown> })} />,
  } : undefined;
  return (
    <Input.Wrapper label={p.field.label} error={p.error ?? parseError ?? serverError ?? undefined}>
      <Stack gap={6} mt={4}>
        <SegmentedControl size="xs" w={220} value={mode} onChange={(v) => switchTo(v as 'builder' | 'json')} aria-label={t('marketing.rule_mode')}
          data={[{ value: 'builder', label: t('marketing.rule_builder') }, { value: 'json', label: 'JSON' }]} />
        {mode === 'builder' ? (
          mm ? <GroupEditor group={tree} fields={fields} depth={0} related={related} onChange={(g) => { setTree(g); apply(toWhere(g)); }} /> : <Busy />
        ) : (
          <Textarea aria-label={p.field.label} description={t('marketing.rule_hint')} autosize minRows={4} maxRows={16} value={text}
            onChange={(e) => typeJson(e.currentTarget.value)} styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }} />
        )}
        {!parseError && !serverError && count.data && (
          <Text size="sm" data-testid="rule-count">{t('marketing.rule_count', { count: count.data.data.count, formatted: formatNumber(count.data.data.count, i18n.language) })}</Text>
        )}
      </Stack>
    </Input.Wrapper>
  );
}

/** The module's list filtered to the segment's current members (`in_segment`), with everything a list can do. */
export const segmentListUrl = (module: string, id: string) => `/${module}?where=${encodeURIComponent(JSON.stringify(inSegment(id)))}`;
const inSegment = (id: string): Where => ({ field: 'id', op: 'in_segment', value: id });

/** Above a list of accounts, contacts, leads or products: pick one of their segments to list its members. */
export function SegmentListTool({ module, setWhere }: { module: ModuleMeta; setWhere(where: Where): void }) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState<string | null>(null);
  const q = useQuery({
    queryKey: ['segments-of', module.name],
    queryFn: () => api<{ data: { id: string; name: string }[] }>(`/records/segments?filter[module]=${module.name}&sort=name&limit=100&fields=name`),
    retry: false, staleTime: 60_000,
  });
  if (!q.data?.data.length) return null;
  return (
    <Select size="sm" w={200} clearable placeholder={t('marketing.segment_filter')} aria-label={t('marketing.segment_filter')} value={picked}
      data={q.data.data.map((s) => ({ value: s.id, label: s.name }))}
      onChange={(v) => { setPicked(v); setWhere(v ? inSegment(v) : { and: [] }); }} />
  );
}

interface Member { id: number; record_id: string; module: string; number: string | null; label: string; since: string; until: string | null }

/** A segment's members the user may see, recomputed on demand; with history, those who left and when. */
export function SegmentMembersTab({ record }: RecordPanelProps) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [history, setHistory] = useState(false);
  const [busy, setBusy] = useState(false);
  const q = useQuery({
    queryKey: ['segment-members', record.id, history, record.version],
    queryFn: () => api<{ data: Member[]; count: number }>(`/records/segments/${record.id}/members?limit=200${history ? '&history=1' : ''}`),
  });
  const recompute = async () => {
    setBusy(true);
    try {
      const r = await api<{ data: { added: number; removed: number; total: number } }>(`/records/segments/${record.id}/actions/recompute`, { method: 'POST', body: {} });
      notifications.show({ color: 'green', message: t('marketing.recomputed', r.data) });
    } catch (e) {
      notifications.show({ color: 'red', message: e instanceof ApiError ? e.message : String(e) });
    } finally {
      setBusy(false);
      void qc.invalidateQueries({ queryKey: qk.record('segments', String(record.id)) });
      void qc.invalidateQueries({ queryKey: ['segment-members', record.id] });
    }
  };
  return (
    <Stack>
      <Group>
        {q.data && <Badge size="lg" data-testid="segment-count">{t('marketing.segment_count', { count: q.data.count, formatted: formatNumber(q.data.count, i18n.language) })}</Badge>}
        {record.kind === 'dynamic' && <Button size="xs" loading={busy} onClick={() => void recompute()}>{t('marketing.recompute')}</Button>}
        <Checkbox label={t('marketing.with_history')} checked={history} onChange={(e) => setHistory(e.currentTarget.checked)} />
        <Button size="xs" variant="default" component={Link} to={segmentListUrl(String(record.module), String(record.id))}>{t('marketing.open_as_list')}</Button>
      </Group>
      {!q.data ? <Loading error={q.error} /> : !q.data.data.length ? <Text c="dimmed">{t('marketing.no_segment_members')}</Text> : (
        <Table striped aria-label={t('marketing.segment_members')}>
          <Table.Thead><Table.Tr><Table.Th>{t('marketing.member')}</Table.Th><Table.Th>{t('marketing.since')}</Table.Th><Table.Th>{t('marketing.until')}</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {q.data.data.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td><Link to={`/${m.module}/${m.record_id}`}>{m.label || m.number}</Link></Table.Td>
                <Table.Td>{formatDateTime(m.since, i18n.language)}</Table.Td>
                <Table.Td>{m.until ? formatDateTime(m.until, i18n.language) : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
