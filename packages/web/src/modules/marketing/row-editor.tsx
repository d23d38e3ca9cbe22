import { ActionIcon, Alert, Button, Group, Modal, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { ModuleFieldInputProps } from '../../records/record/module-extensions';
import { useCall } from '../../app/use-call';

/** A json list field edited as rows: add, change, remove, move — the value is the list itself. */
export function useRows<T>(p: ModuleFieldInputProps) {
  const rows: T[] = Array.isArray(p.value) ? (p.value as T[]) : [];
  const set = (next: T[]) => p.onChange(next.length ? next : null);
  return {
    rows,
    set,
    add: (row: T) => set([...rows, row]),
    patch: (i: number, x: Partial<T>) => set(rows.map((r, j) => (j === i ? { ...r, ...x } : r))),
    remove: (i: number) => set(rows.filter((_, j) => j !== i)),
    move: (i: number, d: number) => {
      const next = [...rows];
      [next[i], next[i + d]] = [next[i + d], next[i]];
      set(next);
    },
  };
}

/** The up, down and remove buttons of a row. */
export function RowButtons({ i, count, move, remove }: { i: number; count: number; move?(i: number, d: number): void; remove(i: number): void }) {
  const { t } = useTranslation();
  return (
    <Group gap={2} wrap="nowrap">
      {move && <ActionIcon variant="subtle" aria-label={t('marketing.move_up')} disabled={i === 0} onClick={() => move(i, -1)}>↑</ActionIcon>}
      {move && <ActionIcon variant="subtle" aria-label={t('marketing.move_down')} disabled={i === count - 1} onClick={() => move(i, 1)}>↓</ActionIcon>}
      <ActionIcon variant="subtle" color="red" aria-label={t('marketing.remove_field')} onClick={() => remove(i)}>×</ActionIcon>
    </Group>
  );
}

/** A segment of contacts, leads or accounts to send to (the ones the user may see). */
export function SegmentSelect({ value, onChange, label }: { value: string | null; onChange(v: string | null): void; label: string }) {
  const q = useQuery({
    queryKey: ['audience-segments'],
    queryFn: () => api<{ data: { id: string; name: string; member_count: number | null }[] }>('/records/segments?filter[module][in]=contacts,leads,accounts&sort=name&limit=200&fields=name,member_count'),
  });
  return (
    <Select label={label} searchable clearable value={value} onChange={onChange} comboboxProps={{ withinPortal: true }}
      data={(q.data?.data ?? []).map((s) => ({ value: s.id, label: s.member_count === null || s.member_count === undefined ? s.name : `${s.name} (${s.member_count})` }))} />
  );
}

/** E-mail or SMS: how invitations go out. */
export function ChannelChoice({ value, onChange }: { value: 'email' | 'sms'; onChange(v: 'email' | 'sms'): void }) {
  const { t } = useTranslation();
  return (
    <SegmentedControl size="xs" w={200} value={value} onChange={(v) => onChange(v as 'email' | 'sms')} aria-label={t('marketing.channel')}
      data={[{ value: 'email', label: t('marketing.channel_email') }, { value: 'sms', label: 'SMS' }]} />
  );
}

/**
 * Sends invitations to a segment's members by e-mail or SMS through a record action (a survey's `send`, an event's
 * `invite`) and says how many went.
 */
export function AudienceDialog({ title, url, doneKey, hint, initialSegment, onClose, onDone }: {
  title: string; url: string; doneKey: string; hint?: string; initialSegment?: string | null; onClose(): void; onDone(): void;
}) {
  const { t } = useTranslation();
  const [segment, setSegment] = useState<string | null>(initialSegment ?? null);
  const [channel, setChannel] = useState<'email' | 'sms'>('email');
  const { busy, error, run } = useCall();
  const send = () => run(async () => {
    const r = await api<{ data: { invited: number; already: number; skipped: number; without_address: number; more?: boolean } }>(url, { method: 'POST', body: { segment_id: segment, channel } });
    notifications.show({ color: 'green', message: t(doneKey, r.data), autoClose: !r.data.more });
    // One send invites at most 10,000: the rest are told to send again (the next ones go then).
    if (r.data.more) notifications.show({ color: 'orange', message: t('marketing.more_to_invite'), autoClose: false });
    onDone();
  });
  return (
    <Modal opened onClose={onClose} title={title} centered>
      <Stack>
        <SegmentSelect label={t('surveys.to_segment')} value={segment} onChange={setSegment} />
        <ChannelChoice value={channel} onChange={setChannel} />
        {hint && <Text size="sm" c="dimmed">{hint}</Text>}
        {error && <Alert color="red">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('actions.cancel')}</Button>
          <Button loading={busy} disabled={!segment} onClick={() => void send()}>{title}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
