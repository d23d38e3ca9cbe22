import { FileInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { useTrackWork } from '../../app/pending-work';
import { useFileInfo } from '../file-info';
import { labelProps, type FieldInputProps } from './types';

/** image / file: the picked file is uploaded at once (`POST /files`) and the field takes its id. */
export function FileField(p: FieldInputProps) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const track = useTrackWork();
  const info = useFileInfo(typeof p.value === 'string' && !file ? p.value : null);

  async function pick(f: File | null) {
    setError(null);
    setFile(f);
    if (!f) return p.onChange(null);
    setBusy(true);
    // The form waits for the upload before it saves: a Save clicked meanwhile would leave the file out.
    await track(upload(f)).catch(() => undefined).finally(() => setBusy(false));
  }

  async function upload(f: File) {
    try {
      const form = new FormData();
      form.append('file', f, f.name);
      const r = await api<{ id: string }>('/files', { method: 'POST', body: form });
      p.onChange(r.id);
    } catch (e) {
      setFile(null);
      setError(e instanceof ApiError ? e.message : String(e));
      throw e; // a save waiting for this upload does not go ahead without the file
    }
  }

  return (
    <FileInput {...labelProps(p)} name={p.field.name} value={file} onChange={(f) => void pick(f)} clearable disabled={p.disabled || busy}
      accept={p.field.type === 'image' ? 'image/png,image/jpeg,image/gif,image/webp' : undefined} autoFocus={p.autoFocus}
      placeholder={info.data?.name ?? (p.value ? t('fields.file_attached') : t('fields.no_file'))}
      description={busy ? t('fields.uploading') : undefined} error={error ?? p.error} />
  );
}
