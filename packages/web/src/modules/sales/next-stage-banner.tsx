import { Alert, Button, Checkbox, Group, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { useModules } from '../../api/meta';
import { updateRecord, useInvalidateRecords } from '../../api/records';
import type { RecordPanelProps } from '../../records/record/module-extensions';

interface Proposal { mode: string; next: string | null; missing: string[]; checklist: { item: string; done: boolean }[]; finished: boolean }

/**
 * The current stage's checklist (ticked here), and in a fixed process the next stage, offered once the current stage
 * has what it requires, with a comment for the move.
 */
export function NextStageBanner({ module, record }: RecordPanelProps) {
  const { t } = useTranslation();
  const meta = useModules();
  const invalidate = useInvalidateRecords();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [comment, setComment] = useState('');
  // A ticked box shows at once; the server's answer confirms it (or the error puts it back).
  const [ticked, setTicked] = useState<Record<string, boolean>>({});
  const q = useQuery({
    queryKey: ['next_stage', record.id, record.version],
    queryFn: () => api<Proposal>(`/records/deals/${record.id}/next_stage`),
    enabled: record.status === 'open' && !!record.deal_kind_id,
  });
  const p = q.data;
  // The server's answer after a save replaces what was ticked here.
  useEffect(() => setTicked({}), [p]);
  if (q.error) return <Alert color="red" variant="light">{q.error.message}</Alert>;
  if (!p || (!p.next && !p.checklist.length)) return null;
  const fields = meta.data?.module(module.name)?.fields ?? [];
  const stageLabel = p.next ? fields.find((f) => f.name === 'stage')?.options?.find((o) => o.value === p.next)?.label ?? p.next : '';
  const fieldLabel = (name: string) => fields.find((f) => f.name === name)?.label ?? name;
  const save = async (values: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await updateRecord('deals', String(record.id), Number(record.version), values);
      await invalidate('deals');
      if ('stage' in values) setComment('');
    } catch (e) {
      setTicked({});
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const isDone = (c: { item: string; done: boolean }) => ticked[c.item] ?? c.done;
  const done = p.checklist.filter(isDone).map((c) => c.item);
  const tick = (item: string, on: boolean) => {
    setTicked((x) => ({ ...x, [item]: on }));
    return save({ stage_checklist: on ? [...done, item] : done.filter((x) => x !== item) });
  };
  const undone = p.checklist.some((c) => !c.done);
  const needs = [p.missing.length ? t('sales.stage_needs', { fields: p.missing.map(fieldLabel).join(', ') }) : null, p.next && undone ? t('sales.checklist_needs') : null].filter(Boolean);
  return (
    <Alert variant="light" color={p.finished ? 'teal' : 'gray'} title={p.next ? t('sales.next_stage', { stage: stageLabel }) : t('sales.stage_checklist')}>
      <Stack gap="xs">
        {p.checklist.length > 0 && (
          <Stack gap={4} role="group" aria-label={t('sales.stage_checklist')}>
            {p.checklist.map((c) => (
              <Checkbox key={c.item} label={c.item} checked={isDone(c)} disabled={busy} onChange={(e) => void tick(c.item, e.currentTarget.checked)} />
            ))}
          </Stack>
        )}
        {p.next && (
          <Group justify="space-between" align="flex-end" wrap="wrap">
            <Text size="sm">{p.finished ? t('sales.stage_finished') : needs.join(' ')}</Text>
            <Group gap="xs" align="flex-end">
              <TextInput size="xs" w={260} label={t('sales.move_comment')} value={comment} maxLength={2000} onChange={(e) => setComment(e.currentTarget.value)} />
              <Button size="xs" onClick={() => void save({ stage: p.next, ...(comment.trim() ? { stage_comment: comment.trim() } : {}) })} loading={busy} disabled={!p.finished}>
                {t('sales.move_to_stage', { stage: stageLabel })}
              </Button>
            </Group>
          </Group>
        )}
        {error && <Text size="sm" c="red" role="alert">{error}</Text>}
      </Stack>
    </Alert>
  );
}
