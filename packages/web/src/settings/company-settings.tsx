import { Alert, Button, FileButton, Group, Image, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, download } from '../api/client';
import { IconDownload } from '../app/icons';
import { allPlaced, errorText, SectionTitle } from './settings-ui';
import { zoneOptions } from '../app/time-zones';

/** The requisites printed on quotes, orders and invoices, in the order a Russian invoice header needs them. */
const FIELDS = [
  'name', 'street', 'city', 'region', 'postal_code', 'country', 'phone', 'fax', 'email', 'website',
  'inn', 'kpp', 'ogrn', 'bank_name', 'bik', 'bank_account', 'correspondent_account', 'director', 'accountant',
  'edrpou', 'iban', 'uscc', 'vat_id',
] as const;
/** Pictures printed on documents: the logo on every form; the stamp and signature where a form has their place. */
const IMAGES = ['logo', 'stamp', 'signature'] as const;
type Image = (typeof IMAGES)[number];
type Company = Partial<Record<(typeof FIELDS)[number] | 'time_zone', string>> & Partial<Record<Image, string | null>>;
const MAX_LOGO = 256 * 1024;

export function CompanySettings() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const company = useQuery({ queryKey: ['company'], queryFn: () => api<{ data: Company }>('/settings/company').then((r) => r.data) });
  const [draft, setDraft] = useState<Company>({});
  const [imageError, setImageError] = useState<string | null>(null);
  useEffect(() => { if (company.data) setDraft(company.data); }, [company.data]);
  const save = useMutation({
    mutationFn: () => api<{ data: Company }>('/settings/company', { method: 'PUT', body: draft }),
    onSuccess: (r) => client.setQueryData(['company'], r.data),
  });
  const fieldError = (k: string) => (save.error as { fields?: Record<string, string> } | null)?.fields?.[k];
  const placed = (k: string) => (FIELDS as readonly string[]).includes(k) || (IMAGES as readonly string[]).includes(k) || k === 'time_zone';
  const imageLabel = (key: Image) => (key === 'logo' ? t('settings.logo') : t(`settings.images.${key}`));

  function pickImage(key: Image, file: File | null) {
    setImageError(null);
    if (!file) return;
    if (!['image/png', 'image/jpeg'].includes(file.type)) return setImageError(t('settings.logo_type'));
    if (file.size > MAX_LOGO) return setImageError(t('settings.logo_size'));
    const reader = new FileReader();
    reader.onload = () => setDraft((d) => ({ ...d, [key]: String(reader.result) }));
    reader.readAsDataURL(file);
  }

  return (
    <Stack maw={900}>
      <SectionTitle>{t('settings.company')}</SectionTitle>
      <Text size="sm" c="dimmed">{t('settings.company_hint')}</Text>
      <Group>
        <Button variant="default" leftSection={<IconDownload />} onClick={() => void download('/export/company', 'karta-export.zip')}>{t('export.company')}</Button>
        <Text size="xs" c="dimmed">{t('export.company_hint')}</Text>
      </Group>
      <form onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
        <Stack>
          {IMAGES.map((key) => (
            <Group key={key} align="flex-end">
              <Text size="sm" w={140}>{imageLabel(key)}</Text>
              {draft[key] ? <Image src={draft[key]} alt={imageLabel(key)} h={64} w="auto" fit="contain" /> : <Text size="sm" c="dimmed">{t('settings.no_image')}</Text>}
              <FileButton onChange={(f) => pickImage(key, f)} accept="image/png,image/jpeg">
                {(props) => <Button variant="default" size="xs" aria-label={key === 'logo' ? undefined : `${t('settings.upload_image')}: ${imageLabel(key)}`} {...props}>{key === 'logo' ? t('settings.upload_logo') : t('settings.upload_image')}</Button>}
              </FileButton>
              {draft[key] && <Button variant="subtle" color="red" size="xs" onClick={() => setDraft((d) => ({ ...d, [key]: null }))}>{key === 'logo' ? t('settings.remove_logo') : t('settings.remove_image')}</Button>}
            </Group>
          ))}
          {(imageError || IMAGES.some((k) => fieldError(k))) && <Alert color="red" role="alert">{imageError ?? IMAGES.map((k) => fieldError(k)).find(Boolean)}</Alert>}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {FIELDS.map((k) => (
              <TextInput key={k} label={t(`settings.company_fields.${k}`)} value={draft[k] ?? ''} error={fieldError(k)}
                onChange={(e) => { const v = e.currentTarget.value; setDraft((d) => ({ ...d, [k]: v })); }} />
            ))}
            <Select label={t('settings.time_zone')} description={t('settings.time_zone_hint')} data={zoneOptions(draft.time_zone)} searchable clearable value={draft.time_zone || null}
              error={fieldError('time_zone')} onChange={(v) => setDraft((d) => ({ ...d, time_zone: v ?? '' }))} comboboxProps={{ withinPortal: true }} />
          </SimpleGrid>
          {save.error && !allPlaced(save.error, placed) && <Alert color="red" role="alert">{errorText(save.error, placed)}</Alert>}
          {save.isSuccess && <Alert color="green">{t('settings.saved')}</Alert>}
          <Group><Button type="submit" loading={save.isPending}>{t('actions.save')}</Button></Group>
        </Stack>
      </form>
    </Stack>
  );
}
