import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { api, ApiError, onUnauthenticated, setCsrfToken } from '../api/client';
import { qk } from '../api/query-keys';
import type { User } from '../api/types';
import { setLanguage } from '../i18n';
import { isUiLanguage, type UiLanguage } from '../i18n/languages';

interface Session {
  user: User;
  csrf_token: string;
  /** Two-factor sign-in is on for this user. */
  two_factor?: boolean;
  /** The role requires two-factor sign-in and the user has none yet: only its setup is open. */
  enroll_2fa_required?: boolean;
}

/** What the password step answered: signed in, or the second step's challenge. */
export type LoginOutcome = { signedIn: true } | { signedIn: false; challenge: string };

interface AuthState {
  /** undefined while the session is being checked, null when logged out. */
  user: User | null | undefined;
  /** Two-factor sign-in: `enroll_2fa_required` and whether it is on. */
  security: { twoFactor: boolean; mustEnrol: boolean };
  login(username: string, password: string): Promise<LoginOutcome>;
  /** The second step: a code from the authenticator app, or a recovery code. */
  verify(challenge: string, code: { code?: string; recovery_code?: string }): Promise<void>;
  /** After the session changed on the server (2FA turned on): read it again. */
  refresh(): Promise<void>;
  logout(): Promise<void>;
  changeLanguage(lang: UiLanguage): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

async function fetchSession(): Promise<Session | null> {
  try {
    return await api<Session>('/auth/me', { expect401: true });
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

/** Drops the forms a session left unsaved on this tab (`keep`: but this user's). */
function forgetFormDrafts(keep?: string): void {
  for (const key of Object.keys(sessionStorage)) {
    if (key.startsWith('karta:form:') && !(keep && key.startsWith(`karta:form:${keep}:`))) sessionStorage.removeItem(key);
  }
}

/** Holds the session: who is logged in, the CSRF token, the user's language. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const me = useQuery({ queryKey: qk.me, queryFn: fetchSession, staleTime: Infinity, retry: 1 });
  const session = me.data;

  // A 401 anywhere means the session expired: forget it; RequireAuth sends the user to login and back.
  useEffect(() => {
    onUnauthenticated(() => {
      setCsrfToken(null);
      client.setQueryData(qk.me, null);
    });
  }, [client]);

  useEffect(() => {
    if (session) {
      setCsrfToken(session.csrf_token);
      if (isUiLanguage(session.user.language)) void setLanguage(session.user.language);
    }
  }, [session]);

  const begin = useCallback(async (s: Session) => {
    setCsrfToken(s.csrf_token);
    // Forms a session left unsaved on this tab come back only to the user who typed them.
    forgetFormDrafts(s.user.id);
    if (isUiLanguage(s.user.language)) await setLanguage(s.user.language);
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    client.setQueryData(qk.me, s);
  }, [client]);

  const login = useCallback(async (username: string, password: string): Promise<LoginOutcome> => {
    const s = await api<Session | { second_factor: 'totp'; challenge: string }>('/auth/login', { method: 'POST', body: { username, password } });
    if ('challenge' in s) return { signedIn: false, challenge: s.challenge };
    await begin(s);
    return { signedIn: true };
  }, [begin]);

  const verify = useCallback(async (challenge: string, code: { code?: string; recovery_code?: string }) => {
    await begin(await api<Session>('/auth/2fa/verify', { method: 'POST', body: { challenge, ...code } }));
  }, [begin]);

  const refresh = useCallback(async () => {
    client.setQueryData(qk.me, await fetchSession());
  }, [client]);

  const logout = useCallback(async () => {
    try {
      await api('/auth/logout', { method: 'POST', body: {} });
    } finally {
      setCsrfToken(null);
      // Forms left unsaved when a session ran out are this user's: not the next one's on this browser tab.
      forgetFormDrafts();
      client.clear();
      client.setQueryData(qk.me, null);
    }
  }, [client]);

  const changeLanguage = useCallback(async (lang: UiLanguage) => {
    await setLanguage(lang);
    const s = client.getQueryData<Session | null>(qk.me);
    if (!s) return;
    await api(`/users/${s.user.id}`, { method: 'PATCH', body: { language: lang } });
    client.setQueryData(qk.me, { ...s, user: { ...s.user, language: lang } });
    // Labels in metadata, messages and picklists come from the server in the user's language.
    await client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
  }, [client]);

  const value = useMemo<AuthState>(() => ({
    user: me.isPending ? undefined : session?.user ?? null,
    security: { twoFactor: Boolean(session?.two_factor), mustEnrol: Boolean(session?.enroll_2fa_required) },
    login, verify, refresh, logout, changeLanguage,
  }), [me.isPending, session, login, verify, refresh, logout, changeLanguage]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The logged-in user (only inside RequireAuth). */
export function useCurrentUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error('useCurrentUser without a session');
  return user;
}
