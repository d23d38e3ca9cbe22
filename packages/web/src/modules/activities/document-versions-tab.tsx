import { Alert, Anchor, Button, FileInput, Group, Stack, Table, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { updateRecord, useInvalidateRecords } from '../../api/records';
import { formatDateTime } from '../../i18n/format';
import type { RecordPanelProps } from '../../records/record/module-extensions';
import { Busy } from '../../app/busy';
import { canDo } from '../../api/meta';
import { errorText } from '../../settings/settings-ui';

interface Version { id: string; file_id: string; label: string | null; created_at: string; name: string; size: number }

/** Every file the document held, newest first, and the upload of a new version (the old ones stay). */
export function DocumentVersionsTab({ module, record }: RecordPanelProps) {
  const { t, i18n } = useTranslation();
  const invalidate = useInvalidateRecords();
  const q = useQuery({ queryKey: ['document_versions', record.id, record.version], queryFn: () => api<{ data: Version[] }>(`/records/documents/${record.id}/versions`).then((r) => r.data) });
  const [file, setFile] = useState<File | null>(null);
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function upload() {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const up = await api<{ id: string }>('/files', { method: 'POST', body: form });
      await updateRecord('documents', String(record.id), Number(record.version), { file_id: up.id, file_version: label || null });
      setFile(null);
      setLabel('');
      await invalidate('documents');
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  // Offered only to whom may save it: an upload the save then refuses would leave a file behind.
  const fileField = module.fields.find((f) => f.name === 'file_id');
  const mayUpload = canDo(module, 'edit') && !!fileField && !fileField.read_only && !fileField.hidden;
  return (
    <Stack>
      {mayUpload && <Group align="flex-end">
        <FileInput label={t('activities.new_version')} value={file} onChange={setFile} clearable w={280} />
        <TextInput label={t('activities.version_label')} value={label} onChange={(e) => setLabel(e.currentTarget.value)} w={120} />
        <Button onClick={() => void upload()} loading={busy} disabled={!file}>{t('activities.upload')}</Button>
      </Group>}
      {error && <Alert color="red" role="alert">{error}</Alert>}
      {q.isError && <Alert color="red" role="alert">{errorText(q.error)}</Alert>}
      {q.isPending ? <Busy /> : q.isError ? null : (
        <Table withTableBorder fz="sm" aria-label={t('activities.versions')}>
          <Table.Thead><Table.Tr><Table.Th>{t('activities.version_label')}</Table.Th><Table.Th>{t('activities.file')}</Table.Th><Table.Th>{t('activities.uploaded')}</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {(q.data ?? []).map((v) => (
              <Table.Tr key={v.id}>
                <Table.Td>{v.label ?? '—'}</Table.Td>
                <Table.Td><Anchor href={`/api/v1/files/${v.file_id}`} download={v.name}>{v.name}</Anchor></Table.Td>
                <Table.Td>{formatDateTime(v.created_at, i18n.language)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
