import { Alert, Center, Stack, Tabs } from '@mantine/core';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useRecord } from '../../api/records';
import { NotFound } from '../../app/not-found';
import { useModuleParam } from '../use-module-param';
import { HistoryPanel } from './history-panel';
import { extensionFor } from '../../modules';
import { RecordDetails } from './record-details';
import { RecordHeader } from './record-header';
import { RelatedLists } from './related-lists';
import { Busy } from '../../app/busy';

/** A record: header with number, title and actions; details in blocks; related lists; history; module views. */
export function RecordPage() {
  const { t } = useTranslation();
  const { module, id } = useModuleParam();
  const rec = useRecord(module?.name ?? '', id);
  const [params, setParams] = useSearchParams();
  if (!module) return <NotFound />;
  if (rec.isPending) return <Center py="xl"><Busy /></Center>;
  if (rec.error) {
    if (rec.error instanceof ApiError && rec.error.status === 404) return <NotFound message={t('errors.record_not_found')} />;
    return <Alert color="red">{rec.error.message}</Alert>;
  }
  const { data: record, refs } = rec.data;
  const ext = extensionFor(module.name);
  const tabs = ext?.tabs ?? [];
  const tab = params.get('tab') ?? tabs.find((x) => x.first)?.key ?? 'details';
  const panelProps = { module, record, refs };

  return (
    <Stack gap="md">
      <RecordHeader module={module} record={record} />
      {(ext.banners ?? []).map((Banner, i) => <Banner key={i} {...panelProps} />)}
      <Tabs value={tab} onChange={(v) => setParams(v && v !== 'details' ? { tab: v } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List>
          {tabs.filter((x) => x.first).map((x) => <Tabs.Tab key={x.key} value={x.key}>{t(x.labelKey)}</Tabs.Tab>)}
          <Tabs.Tab value="details">{t('record.details')}</Tabs.Tab>
          {module.relations.length > 0 && <Tabs.Tab value="related">{t('record.related')}</Tabs.Tab>}
          {tabs.filter((x) => !x.first).map((x) => <Tabs.Tab key={x.key} value={x.key}>{t(x.labelKey)}</Tabs.Tab>)}
          <Tabs.Tab value="history">{t('record.history')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="details" pt="md"><RecordDetails {...panelProps} /></Tabs.Panel>
        <Tabs.Panel value="related" pt="md"><RelatedLists module={module} record={record} /></Tabs.Panel>
        <Tabs.Panel value="history" pt="md"><HistoryPanel module={module} record={record} refs={refs} /></Tabs.Panel>
        {tabs.map((x) => (
          <Tabs.Panel key={x.key} value={x.key} pt="md">
            <Suspense fallback={<Busy />}><x.component {...panelProps} /></Suspense>
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
