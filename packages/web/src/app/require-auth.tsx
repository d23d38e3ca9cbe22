import { Center } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { useAuth } from './auth';
import { Busy } from './busy';

/** Sends a visitor without a session to the login page, remembering where they were going. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user, security } = useAuth();
  const location = useLocation();
  const { t } = useTranslation();
  if (user === undefined) {
    return <Center h="100vh"><Busy /></Center>;
  }
  if (user === null) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  // A role that requires two-factor sign-in: nothing else opens until it is set up.
  if (security.mustEnrol && location.pathname !== '/security') return <Navigate to="/security" replace />;
  return <>{children}</>;
}
