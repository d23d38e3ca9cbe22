import { Alert, Button, Center, Group, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useCurrentUser } from '../../app/auth';
import { IconArrowLeft } from '../../app/icons';
import { NotFound } from '../../app/not-found';
import { api, ApiError } from '../../api/client';
import { recordLabel, type MetaIndex } from '../../api/meta';
import { linkRecord, useRecord } from '../../api/records';
import type { ModuleMeta, RecordData, Refs } from '../../api/types';
import { useModuleParam } from '../use-module-param';
import { createDefaults, formValuesFrom } from './form-values';
import { RecordForm } from './record-form';
import { Busy } from '../../app/busy';

/**
 * `/{module}/new`: query parameters prefill fields (`?account_id=…` from a related list);
 * `?link=<module>:<id>:<relation>` links the new record to its origin after saving (many-to-many).
 */
export function CreatePage() {
  const { t } = useTranslation();
  const { module, meta, isPending } = useModuleParam();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const prefill = useMemo(() => Object.fromEntries([...params.entries()].filter(([k]) => k !== 'link')), [params]);
  const refs = usePrefillRefs(module, meta, prefill);

  if (isPending) return <Center py="xl"><Busy /></Center>;
  if (!module) return <NotFound />;
  const link = params.get('link')?.split(':');

  async function afterSave(r: RecordData) {
    if (link?.length === 3) {
      try {
        await linkRecord(link[0], link[1], link[2], { id: r.id });
      } catch (e) {
        // Made, but not added to the list it was made from: say so, and open it (not a green "created" and back).
        notifications.show({ color: 'red', autoClose: false, message: t('form.created_not_linked', { number: r.number, reason: (e as Error).message }) });
        navigate(`/${module!.name}/${r.id}`, { replace: true });
        return;
      }
      notifications.show({ color: 'green', message: t('form.created', { number: r.number }) });
      navigate(`/${link[0]}/${link[1]}`, { replace: true });
      return;
    }
    notifications.show({ color: 'green', message: t('form.created', { number: r.number }) });
    navigate(`/${module!.name}/${r.id}`, { replace: true });
  }

  return (
    <Stack maw={1200}>
      <FormHeader title={t('form.create_title', { module: module.label.one })} back={`/${module.name}`} />
      {refs.isPending ? <Busy /> : (
        <RecordForm module={module} initial={createDefaults(module, user.id, prefill)} refs={refs.data}
          onSaved={afterSave} onCancel={() => navigate(-1)} />
      )}
    </Stack>
  );
}

/** `/{module}/{id}/edit`. */
export function EditPage() {
  const { t } = useTranslation();
  const { module, id, isPending } = useModuleParam();
  const navigate = useNavigate();
  const rec = useRecord(module?.name ?? '', id);
  if (isPending || rec.isPending) return <Center py="xl"><Busy /></Center>;
  if (!module) return <NotFound />;
  if (!rec.data) {
    if (rec.error instanceof ApiError && rec.error.status !== 404) return <Alert color="red" role="alert">{rec.error.message}</Alert>;
    return <NotFound message={t('errors.record_not_found')} />;
  }
  const r = rec.data.data;
  return (
    <Stack maw={1200}>
      <FormHeader title={`${t('form.edit_title', { module: module.label.one })}: ${recordLabel(module, r)}`} back={`/${module.name}/${r.id}`} />
      <RecordForm key={r.id} module={module} record={r} refs={rec.data.refs} initial={formValuesFrom(module, r)}
        onSaved={(saved) => {
          notifications.show({ color: 'green', message: t('form.saved', { number: saved.number }) });
          navigate(`/${module.name}/${saved.id}`, { replace: true });
        }}
        onCancel={() => navigate(`/${module.name}/${r.id}`)} />
    </Stack>
  );
}

function FormHeader({ title, back }: { title: string; back: string }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs">
      <Button component={Link} to={back} variant="subtle" px={6} aria-label={t('actions.back')}><IconArrowLeft /></Button>
      <Title order={1} size="h3">{title}</Title>
    </Group>
  );
}

/** Labels for references passed in the URL, so the picker shows "ООО Современные технологии", not an id. */
function usePrefillRefs(module: ModuleMeta | undefined, meta: MetaIndex | undefined, prefill: Record<string, string>) {
  return useQuery({
    queryKey: ['prefill-refs', module?.name, prefill],
    enabled: !!module,
    queryFn: async () => {
      const refs: Refs = {};
      for (const [k, v] of Object.entries(prefill)) {
        const f = module!.fields.find((x) => x.name === k);
        const target = f?.type === 'reference' ? f.reference?.[0] : undefined;
        if (!target || f?.reference?.length !== 1) continue;
        const r = await api<{ data: RecordData }>(`/records/${target}/${v}`).catch(() => null);
        if (r) refs[v] = { module: target, number: r.data.number, label: recordLabel(meta?.module(target), r.data) };
      }
      return refs;
    },
  });
}
