import { Badge, Box, Button, Checkbox, Group, Input, NumberInput, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useWatch } from 'react-hook-form';
import { api } from '../../api/client';
import { Loading } from '../../app/busy';
import { formatNumber } from '../../i18n/format';
import type { ModuleFieldInputProps, RecordDialogProps, RecordPanelProps } from '../../records/record/module-extensions';
import { Figure } from './campaign-results';
import { AudienceDialog, RowButtons, useRows } from './row-editor';

const LANGS = ['en', 'ru', 'uk', 'zh'] as const;
type Text_ = string | Partial<Record<(typeof LANGS)[number], string>>;
interface Question { key: string; type: 'single' | 'multiple' | 'scale' | 'text'; text: Text_; options?: (string | { value: string; label: Text_ })[]; required?: boolean; show_if?: { question: string; op: string; value: unknown } }
interface Rule { question: string; op: string; value: unknown; action: 'open_claim' | 'create_task'; claim_type?: string }

const TYPES = ['single', 'multiple', 'scale', 'text'] as const;
const textIn = (v: Text_ | undefined, l: string) => (typeof v === 'string' ? (l === 'en' ? v : '') : v?.[l as 'en'] ?? '');
const withText = (v: Text_ | undefined, l: string, s: string): Text_ => {
  const cur = typeof v === 'string' ? { en: v } : { ...(v ?? {}) };
  return Object.fromEntries(Object.entries({ ...cur, [l]: s }).filter(([, x]) => x));
};
const optionValues = (q: Question) => (q.options ?? []).map((o) => (typeof o === 'string' ? o : o.value));
const nextKey = (rows: Question[]) => { let n = rows.length + 1; while (rows.some((r) => r.key === `q${n}`)) n++; return `q${n}`; };

/** A value for a condition on question `q`: a score, one of its options, or a text. */
function ConditionValue({ q, value, onChange, label }: { q?: Question; value: unknown; onChange(v: unknown): void; label: string }) {
  if (q?.type === 'scale') return <NumberInput size="xs" w={80} min={1} max={10} aria-label={label} value={typeof value === 'number' ? value : ''} onChange={(v) => onChange(typeof v === 'number' ? v : null)} />;
  if (q && (q.type === 'single' || q.type === 'multiple')) return <Select size="xs" w={140} aria-label={label} data={optionValues(q)} value={typeof value === 'string' ? value : null} onChange={onChange} comboboxProps={{ withinPortal: true }} />;
  return <TextInput size="xs" w={140} aria-label={label} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.currentTarget.value)} />;
}

/** The questions, in order: kind, text per language, options, required, shown only after an answer. */
export function QuestionsEditor(p: ModuleFieldInputProps) {
  const { t } = useTranslation();
  const { rows, add, patch, remove, move } = useRows<Question>(p);
  return (
    <Input.Wrapper label={p.field.label} withAsterisk error={p.error} description={t('surveys.questions_hint')}>
      <Stack gap={6} mt={4}>
        {rows.map((q, i) => {
          const earlier = rows.slice(0, i).filter((x) => x.type !== 'text');
          return (
            <Paper key={i} withBorder p={6} data-testid={`question-${i}`}>
              <Group gap="xs" align="flex-end">
                <TextInput size="xs" w={80} label={t('surveys.key')} value={q.key} onChange={(e) => patch(i, { key: e.currentTarget.value })} />
                <Select size="xs" w={150} label={t('surveys.type')} allowDeselect={false} value={q.type} comboboxProps={{ withinPortal: true }}
                  data={TYPES.map((x) => ({ value: x, label: t(`surveys.type_${x}`) }))}
                  onChange={(v) => patch(i, { type: v as Question['type'], options: v === 'single' || v === 'multiple' ? q.options ?? [] : undefined })} />
                {LANGS.map((l) => (
                  <TextInput key={l} size="xs" style={{ flex: 1, minWidth: 140 }} label={`${t('surveys.question_text')} ${l.toUpperCase()}`} value={textIn(q.text, l)} onChange={(e) => patch(i, { text: withText(q.text, l, e.currentTarget.value) })} />
                ))}
                <Checkbox size="xs" label={t('marketing.required')} checked={Boolean(q.required)} onChange={(e) => patch(i, { required: e.currentTarget.checked || undefined })} />
                <RowButtons i={i} count={rows.length} move={move} remove={remove} />
              </Group>
              {(q.type === 'single' || q.type === 'multiple') && (
                <TextInput size="xs" mt={4} label={t('surveys.options')} description={t('surveys.options_hint')} value={optionValues(q).join(', ')}
                  onChange={(e) => patch(i, { options: e.currentTarget.value.split(',').map((s) => s.trim()).filter(Boolean).map((v) => q.options?.find((o) => typeof o !== 'string' && o.value === v) ?? v) })} />
              )}
              {i > 0 && earlier.length > 0 && (
                <Group gap="xs" mt={4} align="center">
                  <Text size="xs">{t('surveys.show_if')}</Text>
                  <Select size="xs" w={120} clearable aria-label={t('surveys.show_if')} value={q.show_if?.question ?? null} comboboxProps={{ withinPortal: true }}
                    data={earlier.map((x) => x.key)} onChange={(v) => patch(i, { show_if: v ? { question: v, op: 'eq', value: null } : undefined })} />
                  {q.show_if && <>
                    <Select size="xs" w={90} allowDeselect={false} aria-label={t('filter.operator')} value={q.show_if.op} data={['eq', 'ne', 'lte', 'gte'].map((o) => ({ value: o, label: t(`ops.${o}`) }))}
                      onChange={(v) => patch(i, { show_if: { ...q.show_if!, op: v ?? 'eq' } })} comboboxProps={{ withinPortal: true }} />
                    <ConditionValue q={earlier.find((x) => x.key === q.show_if!.question)} value={q.show_if.value} label={t('surveys.value')} onChange={(v) => patch(i, { show_if: { ...q.show_if!, value: v } })} />
                  </>}
                </Group>
              )}
            </Paper>
          );
        })}
        <Group>
          <Button size="xs" variant="default" onClick={() => add({ key: nextKey(rows), type: 'scale', text: '' })}>{t('surveys.add_question')}</Button>
        </Group>
      </Stack>
    </Input.Wrapper>
  );
}

/** What an answer sets off: a claim or a task for the account's owner when a question's answer matches. */
export function RulesEditor(p: ModuleFieldInputProps) {
  const { t } = useTranslation();
  const questions = (useWatch({ control: p.control, name: 'questions' }) as Question[] | undefined) ?? [];
  const { rows, add, patch, remove } = useRows<Rule>(p);
  return (
    <Input.Wrapper label={p.field.label} error={p.error} description={t('surveys.rules_hint')}>
      <Stack gap={6} mt={4}>
        {rows.map((r, i) => (
          <Group key={i} gap="xs" data-testid={`rule-${i}`}>
            <Text size="sm">{t('surveys.when')}</Text>
            <Select size="xs" w={110} allowDeselect={false} aria-label={t('surveys.question')} value={r.question} data={questions.map((q) => q.key)} onChange={(v) => patch(i, { question: v ?? '' })} comboboxProps={{ withinPortal: true }} />
            <Select size="xs" w={90} allowDeselect={false} aria-label={t('filter.operator')} value={r.op} data={['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'contains'].map((o) => ({ value: o, label: t(`ops.${o}`) }))}
              onChange={(v) => patch(i, { op: v ?? 'eq' })} comboboxProps={{ withinPortal: true }} />
            <ConditionValue q={questions.find((q) => q.key === r.question)} value={r.value} label={t('surveys.value')} onChange={(v) => patch(i, { value: v })} />
            <Select size="xs" w={170} allowDeselect={false} aria-label={t('surveys.action')} value={r.action} comboboxProps={{ withinPortal: true }}
              data={[{ value: 'open_claim', label: t('surveys.open_claim') }, { value: 'create_task', label: t('surveys.create_task') }]} onChange={(v) => patch(i, { action: v as Rule['action'] })} />
            <RowButtons i={i} count={rows.length} remove={remove} />
          </Group>
        ))}
        <Group>
          <Button size="xs" variant="default" disabled={!questions.length} onClick={() => add({ question: questions.find((q) => q.type === 'scale')?.key ?? questions[0]?.key ?? '', op: 'lte', value: 6, action: 'open_claim' })}>{t('surveys.add_rule')}</Button>
        </Group>
      </Stack>
    </Input.Wrapper>
  );
}

interface QuestionResult {
  key: string; type: Question['type']; text: string; answered: number;
  options?: { value: string; label: string; count: number; percent: string }[];
  average?: string | null; distribution?: Record<string, number>; nps?: { promoters: number; passives: number; detractors: number; score: number } | null; texts?: string[];
}

function Bar({ label, count, percent, color = 'blue.5', testId }: { label: string; count: number; percent: number; color?: string; testId?: string }) {
  const { i18n } = useTranslation();
  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="sm" w={160} ta="right" truncate>{label}</Text>
      <Box h={16} w={`${Math.max(1, percent * 0.7)}%`} bg={color} style={{ borderRadius: 3 }} />
      <Text size="sm" data-testid={testId}>{formatNumber(count, i18n.language)}</Text>
    </Group>
  );
}

/** A survey's results: invited and answered, and per question its bars, mean, NPS and latest texts. */
export function SurveyResultsTab({ record }: RecordPanelProps) {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: ['survey-results', record.id, record.version, i18n.language], queryFn: () => api<{ data: { invited: number; responses: number; questions: QuestionResult[] } }>(`/surveys/${record.id}/results`) });
  if (!q.data) return <Loading error={q.error} />;
  const r = q.data.data;
  const lang = i18n.language;
  return (
    <Stack>
      <SimpleGrid cols={{ base: 2, sm: 3 }}>
        <Figure label={t('surveys.invited')} value={formatNumber(r.invited, lang)} testId="survey-invited" />
        <Figure label={t('surveys.responses')} value={formatNumber(r.responses, lang)} testId="survey-responses" />
        <Figure label={t('surveys.response_rate')} value={r.invited ? `${formatNumber(Math.round((r.responses / r.invited) * 1000) / 10, lang)} %` : '—'} testId="survey-rate" />
      </SimpleGrid>
      {r.questions.map((x) => (
        <Paper key={x.key} withBorder p="sm" data-testid={`result-${x.key}`}>
          <Group justify="space-between"><Title order={5}>{x.text}</Title><Text size="sm" c="dimmed">{t('surveys.answered', { count: x.answered })}</Text></Group>
          {x.options && <Stack gap={4} mt="xs" role="img" aria-label={x.text}>{x.options.map((o) => <Bar key={o.value} label={`${o.label} · ${o.percent} %`} count={o.count} percent={Number(o.percent)} />)}</Stack>}
          {x.type === 'scale' && (
            <Stack gap={4} mt="xs">
              <Group>
                <Badge size="lg" variant="light">{t('surveys.average')}: {x.average ?? '—'}</Badge>
                {x.nps && <Badge size="lg" color={x.nps.score >= 0 ? 'green' : 'red'} data-testid={`nps-${x.key}`}>NPS {x.nps.score}</Badge>}
                {x.nps && <Text size="sm" c="dimmed">{t('surveys.nps_parts', x.nps)}</Text>}
              </Group>
              <Stack gap={2} role="img" aria-label={x.text}>
                {Object.entries(x.distribution ?? {}).map(([score, n]) => (
                  <Bar key={score} label={score} count={n} percent={x.answered ? (n / x.answered) * 100 : 0} color={Number(score) >= 9 ? 'green.5' : Number(score) <= 6 ? 'red.4' : 'gray.5'} />
                ))}
              </Stack>
            </Stack>
          )}
          {x.texts && (x.texts.length ? <Stack gap={2} mt="xs">{x.texts.map((s, i) => <Text key={i} size="sm">«{s}»</Text>)}</Stack> : <Text size="sm" c="dimmed">—</Text>)}
        </Paper>
      ))}
    </Stack>
  );
}

/** Sends the survey to a segment's members, each with a personal link. */
export function SendSurveyDialog({ record, onClose, onDone }: RecordDialogProps) {
  const { t } = useTranslation();
  return <AudienceDialog title={t('surveys.send')} url={`/records/surveys/${record.id}/actions/send`} doneKey="surveys.sent"
    hint={t('surveys.send_hint', { days: record.valid_days ?? 30 })} onClose={onClose} onDone={onDone} />;
}
