import { Alert, Button, Chip, Group, Input, NumberInput, Radio, Select, Stack, Text } from '@mantine/core';
import {
  describeRecurrence, formatRecurrence, parseRecurrence, WEEKDAYS, type Freq, type Lang, type RecurrenceRule,
} from '@karta/shared';
import { useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { DateBox } from '../../fields/inputs/date-inputs';
import type { ModuleFieldInputProps } from '../../records/record/module-extensions';
import { localDay } from '../../i18n/format';

const FREQS: Freq[] = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];

function parse(value: unknown): RecurrenceRule | null | 'custom' {
  if (typeof value !== 'string' || !value.trim()) return null;
  try {
    const r = parseRecurrence(value);
    // What this editor cannot show is kept as it is (an imported rule), not silently changed.
    const simple = !r.bySetPos && !r.exdates && (!r.byMonth || r.freq === 'YEARLY') && (r.byMonthDay?.length ?? 0) <= 1 && (r.byDay?.filter((d) => d.n !== undefined).length ?? 0) <= 1;
    return simple ? r : 'custom';
  } catch {
    return 'custom';
  }
}

/** Which weekday and which of them in the month a date is (2026-03-10 → Tuesday, the 2nd; last when no later one). */
function weekdayOf(date: string): { day: number; n: number; last: boolean } {
  const d = new Date(`${date}T00:00:00Z`);
  const days = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  return { day: (d.getUTCDay() + 6) % 7, n: Math.ceil(d.getUTCDate() / 7), last: d.getUTCDate() + 7 > days };
}

/**
 * Recurrence as people say it: daily, weekly on chosen days, monthly by date or by weekday, yearly; every n; until a
 * date or n times — with the rule in words below, in the user's language. It writes an RRULE the server checks.
 */
export function RecurrenceEditor(p: ModuleFieldInputProps) {
  const { t, i18n } = useTranslation();
  const lang = (['en', 'ru', 'uk', 'zh'].includes(i18n.language) ? i18n.language : 'en') as Lang;
  // An event's series starts at its start, a task's at its due date.
  const [startAt, dueDate] = useWatch({ control: p.control, name: ['start_at', 'due_date'] });
  const start = String(startAt ?? dueDate ?? '').slice(0, 10) || localDay();
  const rule = parse(p.value);
  const set = (next: RecurrenceRule | null) => p.onChange(next ? formatRecurrence(next) : null);
  const dayNames = WEEKDAYS.map((_, i) => new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : lang, { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + i))));

  if (rule === 'custom') {
    return (
      <Input.Wrapper label={p.field.label} error={p.error}>
        <Alert color="gray" p="xs">
          <Text size="sm">{t('activities.repeat_custom', { rule: String(p.value) })}</Text>
          <Button size="compact-xs" variant="light" mt={4} onClick={() => set({ freq: 'WEEKLY', interval: 1 })}>{t('activities.repeat_replace')}</Button>
        </Alert>
      </Input.Wrapper>
    );
  }
  const freq = rule?.freq ?? null;
  const { day, n, last } = weekdayOf(start);
  const nth = rule?.byDay?.find((d) => d.n !== undefined)?.n;
  const monthlyBy = nth === -1 ? 'last' : nth !== undefined ? 'weekday' : 'date';
  const ends = rule?.count ? 'count' : rule?.until ? 'until' : 'never';
  const withFreq = (f: string | null) => {
    if (!f || f === 'none') return set(null);
    const base: RecurrenceRule = { freq: f as Freq, interval: rule?.interval ?? 1, count: rule?.count, until: rule?.until };
    if (f === 'WEEKLY') base.byDay = [{ day }];
    set(base);
  };

  return (
    <Stack gap="xs">
      <Group gap="xs" align="flex-end" wrap="wrap">
        <Select label={p.field.label} aria-label={t('activities.repeat')} w={200} allowDeselect={false} value={freq ?? 'none'} comboboxProps={{ withinPortal: true }}
          data={[{ value: 'none', label: t('activities.repeat_none') }, ...FREQS.map((f) => ({ value: f, label: t(`activities.repeat_${f.toLowerCase()}`) }))]}
          onChange={withFreq} error={p.error} />
        {rule && (
          <NumberInput label={t('activities.repeat_every')} w={100} min={1} max={1000} value={rule.interval}
            onChange={(v) => set({ ...rule, interval: Math.max(1, Number(v) || 1) })} />
        )}
      </Group>
      {rule?.freq === 'WEEKLY' && (
        <Input.Wrapper label={t('activities.repeat_on_days')}>
          <Chip.Group multiple value={(rule.byDay ?? []).map((d) => String(d.day))}
            onChange={(v) => set({ ...rule, byDay: v.map(Number).sort().map((d) => ({ day: d })) })}>
            <Group gap={4} mt={4}>{dayNames.map((name, i) => <Chip key={i} value={String(i)} size="xs">{name}</Chip>)}</Group>
          </Chip.Group>
        </Input.Wrapper>
      )}
      {rule?.freq === 'MONTHLY' && (
        <Radio.Group label={t('activities.repeat_by')} value={monthlyBy}
          onChange={(v) => set({ ...rule, byDay: v === 'weekday' ? [{ day, n: Math.min(n, 4) }] : v === 'last' ? [{ day, n: -1 }] : undefined, byMonthDay: v === 'date' ? [Number(start.slice(8, 10))] : undefined })}>
          <Group gap="md" mt={4}>
            <Radio value="date" label={t('activities.repeat_by_date', { day: Number(start.slice(8, 10)) })} />
            {n <= 4 && <Radio value="weekday" label={describeRecurrence({ freq: 'MONTHLY', interval: 1, byDay: [{ day, n }] }, lang)} />}
            {last && <Radio value="last" label={describeRecurrence({ freq: 'MONTHLY', interval: 1, byDay: [{ day, n: -1 }] }, lang)} />}
          </Group>
        </Radio.Group>
      )}
      {rule && (
        <Group gap="xs" align="flex-end" wrap="wrap">
          <Select label={t('activities.repeat_ends')} w={220} allowDeselect={false} value={ends} comboboxProps={{ withinPortal: true }}
            data={[{ value: 'never', label: t('activities.repeat_never') }, { value: 'until', label: t('activities.repeat_until') }, { value: 'count', label: t('activities.repeat_count') }]}
            onChange={(v) => set({ ...rule, count: v === 'count' ? 10 : undefined, until: v === 'until' ? start : undefined })} />
          {ends === 'until' && <DateBox label={t('activities.repeat_until_date')} value={rule.until?.slice(0, 10) ?? null} onChange={(v) => set({ ...rule, until: v ?? start })} />}
          {ends === 'count' && <NumberInput label={t('activities.repeat_times')} w={100} min={1} max={1000} value={rule.count} onChange={(v) => set({ ...rule, count: Math.min(1000, Math.max(1, Number(v) || 1)) })} />}
        </Group>
      )}
      {rule && <Text size="sm" c="dimmed" data-testid="recurrence-words">{describeRecurrence(rule, lang)}</Text>}
    </Stack>
  );
}

/** The rule in words wherever a record shows it. */
export function RecurrenceDisplay({ value }: { value: unknown }) {
  const { i18n } = useTranslation();
  const lang = (['en', 'ru', 'uk', 'zh'].includes(i18n.language) ? i18n.language : 'en') as Lang;
  if (typeof value !== 'string' || !value.trim()) return null;
  try {
    return <>{describeRecurrence(parseRecurrence(value), lang)}</>;
  } catch {
    return <>{value}</>;
  }
}
