import { MantineProvider, localStorageColorSchemeManager } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { DAYJS_LOCALE } from '../i18n';
import { isUiLanguage } from '../i18n/languages';
import { AuthProvider } from './auth';
import { makeTheme } from './theme';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // 4xx answers are final (not found, forbidden, expired session): do not retry them.
      retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
    },
  },
});

const colorSchemeManager = localStorageColorSchemeManager({ key: 'karta.color-scheme' });

function LocalizedDates({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const lang = isUiLanguage(i18n.language) ? i18n.language : 'en';
  return <DatesProvider settings={{ locale: DAYJS_LOCALE[lang], firstDayOfWeek: lang === 'en' ? 0 : 1 }}>{children}</DatesProvider>;
}

export function Providers({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const theme = useMemo(() => makeTheme(t('actions.close')), [t]);
  return (
    <MantineProvider theme={theme} colorSchemeManager={colorSchemeManager} defaultColorScheme="auto">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <LocalizedDates>
          <AuthProvider>{children}</AuthProvider>
        </LocalizedDates>
      </QueryClientProvider>
    </MantineProvider>
  );
}
