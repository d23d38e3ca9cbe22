import { FileInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { labelProps, type FieldInputProps } from './types';

/**
 * image / file. The server has no upload endpoint yet (it arrives with the documents issue), so the
 * control shows what is attached and explains why it cannot change it.
 */
export function FileField(p: FieldInputProps) {
  const { t } = useTranslation();
  return (
    <FileInput {...labelProps(p)} name={p.field.name} disabled accept={p.field.type === 'image' ? 'image/*' : undefined}
      placeholder={p.value ? t('fields.file_attached') : t('fields.no_file')} description={t('fields.upload_unavailable')} />
  );
}
