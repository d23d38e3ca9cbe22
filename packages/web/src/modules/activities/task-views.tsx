import { Button } from '@mantine/core';
import type { Where } from '@karta/shared';
import { useTranslation } from 'react-i18next';
import type { ModuleMeta } from '../../api/types';
import { useCurrentUser } from '../../app/auth';

/** "My tasks" (given to me) and "Tasks I gave" (created by me for someone else) as ready filters. */
export function TaskViews({ setWhere }: { module: ModuleMeta; setWhere(where: Where): void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  return (
    <>
      <Button variant="default" onClick={() => setWhere({ and: [{ field: 'assigned_to', op: 'eq', value: me.id }] })}>{t('activities.my_tasks')}</Button>
      <Button variant="default" onClick={() => setWhere({ and: [{ field: 'created_by', op: 'eq', value: me.id }, { field: 'assigned_to', op: 'ne', value: me.id }] })}>
        {t('activities.tasks_i_gave')}
      </Button>
    </>
  );
}
