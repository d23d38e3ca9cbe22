import { Modal, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModuleMeta } from '../../api/types';
import { DialogActions } from '../../app/dialog-actions';
import { FieldInput } from '../../fields/field-input';

export interface Loss { loss_reason: string; winning_competitor_id?: string | null; loss_comment?: string | null }

/**
 * Why a deal was lost: the reason (required), the competitor who won it (required when the reason is a competitor)
 * and what happened in words — the deal's own fields, so the inputs are the ones its form has. An empty submit
 * says what is missing.
 */
export function LossDialog({ module, onClose, onPick }: { module: ModuleMeta; onClose(): void; onPick(loss: Loss): void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<string, unknown>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const field = (name: string) => module.fields.find((f) => f.name === name);
  const set = (name: string) => (v: unknown) => { setValues((x) => ({ ...x, [name]: v })); setErrors((e) => ({ ...e, [name]: '' })); };

  function submit() {
    const missing: Record<string, string> = {};
    if (!values.loss_reason) missing.loss_reason = t('sales.loss_reason_required');
    // Asked only of whom the competitor field is shown (a profile may hide it).
    if (values.loss_reason === 'competitor' && field('winning_competitor_id') && !values.winning_competitor_id) missing.winning_competitor_id = t('sales.competitor_required');
    if (Object.keys(missing).length) return setErrors(missing);
    onPick({ loss_reason: String(values.loss_reason), winning_competitor_id: (values.winning_competitor_id as string) ?? null, loss_comment: (values.loss_comment as string) || null });
  }

  return (
    <Modal opened onClose={onClose} title={t('sales.why_lost')}>
      <form noValidate onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <Stack>
          {(['loss_reason', 'winning_competitor_id', 'loss_comment'] as const).map((name, i) => {
            const f = field(name);
            if (!f) return null;
            const meta = name === 'loss_reason' ? { ...f, required: true } : name === 'winning_competitor_id' ? { ...f, label: t('sales.winning_competitor') } : { ...f, label: t('sales.loss_comment') };
            return <FieldInput key={name} field={meta} value={values[name] ?? null} onChange={set(name)} error={errors[name] || undefined} autoFocus={i === 0} />;
          })}
          <DialogActions onCancel={onClose} label={t('sales.mark_lost')} />
        </Stack>
      </form>
    </Modal>
  );
}
