import { Center, Loader } from '@mantine/core';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { areaPages } from '../modules';
import { LoginPage } from './login-page';
import { RequireAuth } from './require-auth';
import { RouteError } from './route-error';
import { Shell } from './shell/shell';

/**
 * Routes. Everything behind the login is lazy, so the first load is the shell and the login page only;
 * the list, the record page, the form and settings arrive as their own chunks.
 * Module URLs are `/{module}`, `/{module}/new`, `/{module}/{id}`, `/{module}/{id}/edit`.
 */
const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  // The customer portal: its own shell and sign-in, never the staff session.
  { path: '/portal/*', lazy: () => import('../portal/portal-app').then((m) => ({ Component: m.PortalApp })), hydrateFallbackElement: <PageLoader /> },
  {
    path: '/',
    element: <RequireAuth><Shell /></RequireAuth>,
    errorElement: <RouteError />,
    hydrateFallbackElement: <PageLoader />,
    children: [
      { errorElement: <RouteError />, children: [
        { index: true, lazy: () => import('../modules/analytics/dashboard-page').then((m) => ({ Component: m.DashboardPage })) },
        { path: 'security', lazy: () => import('./security/security-page').then((m) => ({ Component: m.SecurityPage })) },
        { path: 'settings/*', lazy: () => import('../settings/settings-page').then((m) => ({ Component: m.SettingsPage })) },
        ...areaPages.map((p) => ({ path: p.path, Component: p.component })),
        { path: ':module', lazy: () => import('../records/list/list-page').then((m) => ({ Component: m.ListPage })) },
        { path: ':module/new', lazy: () => import('../records/form/form-page').then((m) => ({ Component: m.CreatePage })) },
        { path: ':module/:id', lazy: () => import('../records/record/record-page').then((m) => ({ Component: m.RecordPage })) },
        { path: ':module/:id/edit', lazy: () => import('../records/form/form-page').then((m) => ({ Component: m.EditPage })) },
        { path: '*', lazy: () => import('./not-found').then((m) => ({ Component: m.NotFound })) },
      ] },
    ],
  },
]);

function PageLoader() {
  return <Center h="100vh"><Loader aria-label="Loading" /></Center>;
}

export function AppRouter() {
  return <RouterProvider router={router} />;
}
