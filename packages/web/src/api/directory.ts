import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import { qk } from './query-keys';
import type { Group, Role, User } from './types';

/** Users and groups: owner pickers and labels; everyone may read them. */
export function useUsers() {
  return useQuery({ queryKey: qk.users, queryFn: () => api<{ data: User[] }>('/users').then((r) => r.data), staleTime: 60_000 });
}

export function useGroups() {
  return useQuery({ queryKey: qk.groups, queryFn: () => api<{ data: Group[] }>('/groups').then((r) => r.data), staleTime: 60_000 });
}

export function useRoles(enabled = true) {
  return useQuery({ queryKey: qk.roles, queryFn: () => api<{ data: Role[] }>('/roles').then((r) => r.data), enabled });
}

/** Role ids and names, readable by everyone (to share with a role). */
export function useRoleNames() {
  return useQuery({ queryKey: ['role-names'], queryFn: () => api<{ data: { id: string; name: string }[] }>('/roles/names').then((r) => r.data), staleTime: 60_000 });
}

export function userLabel(u: Pick<User, 'first_name' | 'last_name' | 'username'>): string {
  const name = [u.first_name, u.last_name].filter(Boolean).join(' ');
  return name || u.username;
}
