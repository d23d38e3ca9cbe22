import type { Migration } from '../../engine/schema/core-migrations.js';
import { CURRENCY_RATES_MIGRATION, RATE_DAYS_MIGRATION } from './currency-rates.js';
import { DASHBOARDS_MIGRATION } from './dashboards.js';
import { REPORT_RUNS_MIGRATION } from '../reports/scheduled-reports.js';
import { SOLD_INVOICES_MIGRATION } from './sold-invoices.js';

/** Analytics tables (versions 400–499). Append only. */
export const ANALYTICS_MIGRATIONS: Migration[] = [
  CURRENCY_RATES_MIGRATION,
  {
    version: 401,
    name: 'analytics: reports shared with users, roles and groups are found through an index',
    afterModuleTables: true,
    statements: [`do $$ begin if to_regclass('reports') is not null then
      create index if not exists reports_shared_with on reports using gin (shared_with jsonb_path_ops); end if; end $$`],
  },
  {
    version: 402,
    name: 'analytics: every role may build and run its own reports',
    statements: [`update roles set permissions = permissions || '{"reports": ["view", "create", "edit", "delete", "export"]}'::jsonb where not permissions ? 'reports'`],
  },
  DASHBOARDS_MIGRATION,
  {
    version: 404,
    name: 'analytics: the records a user changed last, from the audit log',
    statements: [`create index audit_log_user on audit_log(user_id, id desc)`],
  },
  REPORT_RUNS_MIGRATION,
  RATE_DAYS_MIGRATION,
  SOLD_INVOICES_MIGRATION,
];
