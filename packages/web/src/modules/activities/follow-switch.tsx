import { Switch } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';

interface FollowState { following: boolean; followers: number }

/** Follow a record: its changes by others reach your notifications. */
export function FollowSwitch({ module, id }: { module: string; id: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const key = ['follow', module, id];
  const q = useQuery({ queryKey: key, queryFn: () => api<FollowState>(`/records/${module}/${id}/follow`) });
  const toggle = useMutation({
    mutationFn: (on: boolean) => api<FollowState>(`/records/${module}/${id}/follow`, { method: on ? 'PUT' : 'DELETE' }),
    onSuccess: (s) => client.setQueryData(key, s),
  });
  // Unknown (a failed load) is never shown as "not following": the switch waits, and says why.
  return (
    <Switch label={t('activities.follow', { count: q.data?.followers ?? 0 })} checked={q.data?.following ?? false} disabled={!q.data || toggle.isPending}
      error={(q.error ?? toggle.error)?.message} onChange={(e) => toggle.mutate(e.currentTarget.checked)} />
  );
}
