import type { Area } from '@karta/shared';

/** Navigation areas in vTiger's order; a module's meta names its area. */
export const AREAS: Area[] = ['marketing', 'sales', 'inventory', 'support', 'activities', 'analytics', 'settings'];

/**
 * Pages that are not modules but live in an area (reports and dashboards arrive with later issues).
 * Later issues register entries here, e.g. `AREA_PAGES.analytics.push({ path: '/reports', labelKey: 'nav.reports' })`.
 */
export const AREA_PAGES: Record<Area, { path: string; labelKey: string; adminOnly?: boolean }[]> = {
  marketing: [], sales: [], inventory: [], support: [], activities: [], analytics: [],
  settings: [{ path: '/settings', labelKey: 'settings.title', adminOnly: true }],
};
