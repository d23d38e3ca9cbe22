/**
 * The standard reports every Karta ships (seed 000 "Отчёты": contacts, leads, deals, activities; plus losses, primary
 * interest, campaign ROI and managers), saved once per language and shared with the people speaking it.
 */
import { LANGUAGES, type I18nText, type Lang } from '@karta/shared';
import { sql } from 'kysely';
import type { AppContext } from '../../app-context.js';
import { contextInTransaction, firstAdministrator } from '../../engine/system-context.js';
import { createRecord } from '../../engine/records/create.js';
import type { ReportDefinition } from './report-definition.js';
import { soldInvoices } from './sold-invoices.js';

const t = (en: string, ru: string, uk: string, zh: string): I18nText => ({ en, ru, uk, zh });

const FOLDERS = {
  contacts: t('Contacts', 'Контакты', 'Контакти', '联系人'),
  leads: t('Leads', 'Обращения', 'Звернення', '潜在客户'),
  deals: t('Deals', 'Сделки', 'Угоди', '商机'),
  activities: t('Activities', 'Активности', 'Активності', '活动'),
  marketing: t('Marketing', 'Маркетинг', 'Маркетинг', '市场营销'),
  managers: t('Managers', 'Менеджеры', 'Менеджери', '销售人员'),
  support: t('Support', 'Поддержка', 'Підтримка', '客户支持'),
  products: t('Products', 'Товары', 'Товари', '产品'),
};

export interface StandardReport { key: string; name: I18nText; folder: I18nText; def: ReportDefinition }

const count = { fn: 'count' as const };
const sumAmount = { field: 'amount', fn: 'sum' as const };
const invoiced = soldInvoices();

export const STANDARD_REPORTS: StandardReport[] = [
  { key: 'contacts_by_accounts', name: t('Contacts by accounts', 'Контакты по контрагентам', 'Контакти за контрагентами', '按客户统计联系人'), folder: FOLDERS.contacts,
    def: { module: 'contacts', type: 'summary', where: { field: 'account_id', op: 'not_empty' }, group_by: [{ field: 'account_id' }], aggregates: [count], chart: { type: 'hbar' }, limit: 500 } },
  { key: 'contacts_without_accounts', name: t('Contacts without accounts', 'Контакты без контрагентов', 'Контакти без контрагентів', '无客户的联系人'), folder: FOLDERS.contacts,
    def: { module: 'contacts', type: 'tabular', where: { field: 'account_id', op: 'empty' }, columns: ['first_name', 'last_name', 'email', 'phone', 'assigned_to'], sort: [{ field: 'last_name', desc: false }], aggregates: [count] } },
  { key: 'contacts_by_deals', name: t('Contacts by deals', 'Контакты по сделкам', 'Контакти за угодами', '按商机统计联系人'), folder: FOLDERS.contacts,
    def: { module: 'deals', type: 'summary', where: { field: 'contact_id', op: 'not_empty' }, group_by: [{ field: 'contact_id' }], aggregates: [count, sumAmount], chart: { type: 'hbar' }, limit: 500 } },
  { key: 'leads_by_source', name: t('Leads by source', 'Обращения по источникам', 'Звернення за джерелами', '按来源统计潜在客户'), folder: FOLDERS.leads,
    def: { module: 'leads', type: 'summary', group_by: [{ field: 'lead_source' }], aggregates: [count], chart: { type: 'pie' } } },
  { key: 'lead_status', name: t('Lead status', 'Статусы обращений', 'Статуси звернень', '潜在客户状态'), folder: FOLDERS.leads,
    def: { module: 'leads', type: 'summary', group_by: [{ field: 'lead_status' }], aggregates: [count], chart: { type: 'bar' } } },
  { key: 'deal_pipeline', name: t('Deal pipeline', 'Воронка сделок', 'Воронка угод', '商机管道'), folder: FOLDERS.deals,
    def: { module: 'deals', type: 'summary', where: { field: 'status', op: 'eq', value: 'open' }, group_by: [{ field: 'stage' }], aggregates: [count, sumAmount], chart: { type: 'funnel', y: 'sum_amount' } } },
  { key: 'closed_won_deals', name: t('Closed won deals', 'Выигранные сделки', 'Виграні угоди', '已成交商机'), folder: FOLDERS.deals,
    def: { module: 'deals', type: 'tabular', where: { field: 'status', op: 'eq', value: 'won' }, columns: ['name', 'account_id', 'amount', 'currency', 'close_date', 'assigned_to'], sort: [{ field: 'close_date', desc: true }], aggregates: [count, sumAmount] } },
  { key: 'won_by_month', name: t('Won by month', 'Выигрыши по месяцам', 'Виграші за місяцями', '按月成交额'), folder: FOLDERS.deals,
    def: { module: 'deals', type: 'summary', where: { field: 'status', op: 'eq', value: 'won' }, group_by: [{ field: 'close_date', bucket: 'month' }], aggregates: [sumAmount, count], chart: { type: 'line' } } },
  { key: 'loss_reasons', name: t('Loss reasons', 'Причины проигрыша', 'Причини програшу', '输单原因'), folder: FOLDERS.deals,
    def: { module: 'deals', type: 'summary', where: { field: 'status', op: 'eq', value: 'lost' }, group_by: [{ field: 'loss_reason' }], aggregates: [count, sumAmount], chart: { type: 'pie' } } },
  { key: 'activities_last_month', name: t('Activities last month', 'Активности за прошлый месяц', 'Активності за минулий місяць', '上月活动'), folder: FOLDERS.activities,
    def: { module: 'events', type: 'summary', where: { field: 'start_at', op: 'in_period', value: 'last_month' }, group_by: [{ field: 'assigned_to' }, { field: 'event_type' }], aggregates: [count], chart: { type: 'stacked_bar' } } },
  { key: 'activities_this_month', name: t('Activities this month', 'Активности за этот месяц', 'Активності за цей місяць', '本月活动'), folder: FOLDERS.activities,
    def: { module: 'events', type: 'summary', where: { field: 'start_at', op: 'in_period', value: 'this_month' }, group_by: [{ field: 'assigned_to' }, { field: 'event_type' }], aggregates: [count], chart: { type: 'stacked_bar' } } },
  { key: 'gross_profit_by_deal', name: t('Gross profit by deal', 'Валовая прибыль по сделкам', 'Валовий прибуток за угодами', '按商机统计毛利'), folder: FOLDERS.deals,
    def: { module: 'invoices', type: 'summary', where: { and: [invoiced, { field: 'deal_id', op: 'not_empty' }] }, group_by: [{ field: 'deal_id' }],
      aggregates: [{ field: 'lines.net', fn: 'sum' }, { field: 'lines.cost', fn: 'sum' }, { field: 'lines.gross_profit', fn: 'sum' }], chart: { type: 'bar', y: 'sum_lines.gross_profit' }, limit: 500 } },
  { key: 'products_by_quantity', name: t('Products by quantity sold', 'Товары по количеству продаж', 'Товари за кількістю продажів', '按销量统计产品'), folder: FOLDERS.products,
    def: { module: 'invoices', type: 'summary', where: invoiced, line_where: { field: 'product_id', op: 'not_empty' }, group_by: [{ field: 'lines.product_id' }],
      aggregates: [{ field: 'lines.quantity', fn: 'sum' }, { field: 'lines.net', fn: 'sum' }], chart: { type: 'hbar' }, limit: 500 } },
  { key: 'interest_by_channel', name: t('Primary interest by channel', 'Первичный интерес по каналам', 'Первинний інтерес за каналами', '按渠道统计初始兴趣'), folder: FOLDERS.marketing,
    def: { module: 'deals', type: 'summary', group_by: [{ field: 'interest_channel' }, { field: 'status' }], aggregates: [count, sumAmount], chart: { type: 'stacked_bar' } } },
  { key: 'campaign_roi', name: t('Campaign ROI', 'Окупаемость кампаний', 'Окупність кампаній', '营销活动投资回报'), folder: FOLDERS.marketing,
    def: { module: 'deals', type: 'summary', where: { and: [{ field: 'status', op: 'eq', value: 'won' }, { field: 'campaign_id', op: 'not_empty' }] }, group_by: [{ field: 'campaign_id' }],
      aggregates: [count, sumAmount, { field: 'campaign_id.budget_cost', fn: 'max' }, { field: 'campaign_id.actual_cost', fn: 'max' }], chart: { type: 'bar', y: 'sum_amount' } } },
  { key: 'manager_performance', name: t('Manager performance', 'Результаты менеджеров', 'Результати менеджерів', '销售人员业绩'), folder: FOLDERS.managers,
    def: { module: 'deals', type: 'summary', group_by: [{ field: 'assigned_to' }, { field: 'status' }], aggregates: [count, sumAmount], chart: { type: 'stacked_bar' } } },
  { key: 'manager_activities', name: t('Activities by manager', 'Активности менеджеров', 'Активності менеджерів', '销售人员活动'), folder: FOLDERS.managers,
    def: { module: 'tasks', type: 'matrix', group_by: [{ field: 'assigned_to' }, { field: 'status' }], aggregates: [count] } },
  { key: 'claims_by_type_reason', name: t('Claims by type and reason', 'Претензии по видам и причинам', 'Претензії за видами та причинами', '按类型和原因统计索赔'), folder: FOLDERS.support,
    def: { module: 'claims', type: 'summary', group_by: [{ field: 'claim_type' }, { field: 'reason' }], aggregates: [count, { field: 'compensation', fn: 'sum' }], chart: { type: 'stacked_bar' } } },
  { key: 'claims_by_department', name: t('Claims by guilty department', 'Претензии по виновным подразделениям', 'Претензії за винними підрозділами', '按责任部门统计索赔'), folder: FOLDERS.support,
    def: { module: 'claims', type: 'matrix', group_by: [{ field: 'guilty_department' }, { field: 'status' }], aggregates: [count] } },
];

/** Saves the standard reports a database lacks (by key and language), owned by the administrator, through the record pipeline. */
export async function seedStandardReports(app: AppContext): Promise<number> {
  const admin = await firstAdministrator(app.database.db);
  if (!admin || !app.meta.registry.has('reports')) return 0;
  return app.database.db.transaction().execute(async (trx) => {
    // Several instances starting together: one seeds, the others find the reports there.
    await sql`select pg_advisory_xact_lock(hashtext('karta.standard_reports'))`.execute(trx);
    const have = new Set((await sql<{ k: string }>`select standard_key as k from reports where standard_key is not null`.execute(trx)).rows.map((r) => r.k));
    const missing = STANDARD_REPORTS.flatMap((r) => LANGUAGES.map((lang) => ({ r, lang, key: `${r.key}:${lang}` }))).filter((x) => !have.has(x.key));
    for (const { r, lang, key } of missing) {
      const ctx = await contextInTransaction(app, trx, admin, lang as Lang);
      await createRecord(ctx, 'reports', {
        ...r.def, name: r.name[lang as Lang], folder: r.folder[lang as Lang], shared_with: [`lang:${lang}`],
      }, { systemValues: { standard_key: key } });
    }
    return missing.length;
  });
}
