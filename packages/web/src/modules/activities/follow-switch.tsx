import { Switch } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';

interface FollowState { following: boolean; followers: number }

/** Follow a record: its changes by others reach your notifications. */
export function FollowSwitch({ module, id }: { module: string; id: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const key = ['follow', module, id];
  const q = useQuery({ queryKey: key, queryFn: () => api<FollowState>(`/records/${module}/${id}/follow`) });
  const toggle = async (on: boolean) => {
    const s = await api<FollowState>(`/records/${module}/${id}/follow`, { method: on ? 'PUT' : 'DELETE' });
    client.setQueryData(key, s);
  };
  return (
    <Switch label={t('activities.follow', { count: q.data?.followers ?? 0 })} checked={q.data?.following ?? false} disabled={q.isPending}
      onChange={(e) => void toggle(e.currentTarget.checked)} />
  );
}
