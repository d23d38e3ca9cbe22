import { Anchor, Image } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';

export interface FileInfo { id: string; name: string; mime: string; size: number }

/** Name, type and size of an uploaded file (for those who may read it). */
export function useFileInfo(id: string | null) {
  return useQuery({ queryKey: ['file', id], queryFn: () => api<{ data: FileInfo }>(`/files/${id}/info`).then((r) => r.data), enabled: !!id, staleTime: Infinity });
}

/** An image shown in place, or a file as a download link with its name. */
export function FileValue({ id, image, label }: { id: string; image: boolean; label: string }) {
  const { t } = useTranslation();
  const info = useFileInfo(id);
  if (image) return <Image src={`/api/v1/files/${id}`} alt={label} h={120} w="auto" fit="contain" />;
  return <Anchor href={`/api/v1/files/${id}`} download={info.data?.name}>{info.data?.name ?? t('fields.file_attached')}</Anchor>;
}
