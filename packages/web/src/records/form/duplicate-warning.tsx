import { Alert, Anchor, Button, Group, List } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DuplicateHit } from '../../api/records';
import type { ModuleMeta } from '../../api/types';

/** Before a new record is saved: the records it may duplicate, with the fields they share, and "save anyway". */
export function DuplicateWarning({ module, hits, onSaveAnyway, busy }: { module: ModuleMeta; hits: DuplicateHit[]; onSaveAnyway(): void; busy: boolean }) {
  const { t } = useTranslation();
  const label = (name: string) => module.fields.find((f) => f.name === name)?.label ?? name;
  return (
    <Alert color="yellow" role="alert" title={t('data.possible_duplicates')}>
      <List size="sm" mb="sm">
        {hits.map((h) => (
          <List.Item key={h.id}>
            <Anchor component={Link} to={`/${module.name}/${h.id}`} target="_blank">{h.number} {h.label}</Anchor> — {h.matched_on.map(label).join(', ')}
          </List.Item>
        ))}
      </List>
      <Group><Button size="xs" variant="light" color="yellow" loading={busy} onClick={onSaveAnyway}>{t('data.save_anyway')}</Button></Group>
    </Alert>
  );
}
