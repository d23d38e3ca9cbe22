/**
 * The seed's demo records exactly (SPEC §4, seed 000 — the Russian vTiger demo), with the seed's
 * numbers: CAM1, LEA12, PRO3, SER1, QUO2/QUO3, TT1, FAQ1–FAQ4. Dates the seed shows are kept.
 */
import { sql } from 'kysely';
import type { RequestContext } from '../engine/context.js';
import { create } from './generator/create.js';
import { linkRelated } from '../engine/records/related.js';
import { loadCurrentUser } from '../engine/access/load-user.js';
import { fullRegistry, registryFor } from '../engine/access/field-view.js';
import type { DemoPeople } from './generator/context.js';
import { Calendar } from './generator/random.js';
import { setNextNumber } from './numbering.js';
import { DEMO_COMPANY, QOSMIO_SPEC, SEED_FAQS, TICKET_TT1 } from './seed-data.js';
import { writePrices } from '../modules/pricing/pricing-routes.js';

const SOVTECH_ADDRESS = { street: 'Тверская ул., 27', city: 'Москва', country: 'Россия' };

function address(prefix: string): Record<string, string> {
  return Object.fromEntries(Object.entries(SOVTECH_ADDRESS).map(([k, v]) => [`${prefix}_${k}`, v]));
}

export async function loadSeedRecords(ctx: RequestContext, people: DemoPeople, now = new Date()): Promise<void> {
  const g = people.groups;
  const sales = g['Отдел продаж'] ?? ctx.user.id;
  const marketing = g['Отдел маркетинга'] ?? ctx.user.id;
  const support = g['Отдел тех. поддержки'] ?? ctx.user.id;
  const cal = new Calendar(now);

  await sql`insert into settings (key, value) values ('company', ${JSON.stringify(DEMO_COMPANY)}::jsonb)
    on conflict (key) do nothing`.execute(ctx.db);

  // Catalog: the vendor, PRO1 (the campaign's product), PRO2 (the product of the ticket and FAQs), PRO3, SER1.
  const vendor = await create(ctx, 'vendors', { name: 'ООО КомпТорг' });
  const satellite = await create(ctx, 'products', {
    name: 'Ноутбук Satellite A200', manufacturer: 'Toshiba', category: 'hardware', vendor_id: vendor,
    unit_price: '24990.00', tax_class: 'vat_20', usage_unit: 'pieces', qty_in_stock: '12', reorder_level: '3',
  });
  const vtiger = await create(ctx, 'products', {
    name: 'vTiger CRM', manufacturer: 'vtiger', category: 'software', website: 'https://www.vtiger.com',
  });
  const qosmio = await create(ctx, 'products', {
    name: 'Ноутбук QOSMIO X500-12Z', is_active: true, manufacturer: 'Toshiba', vendor_id: vendor, batch: '65',
    mfr_part_no: '451', website: 'http://ru.computers.toshiba-europe.com',
    sales_start_date: '2011-01-01', sales_end_date: '2012-01-01',
    unit_price: '49987.00', usage_unit: 'pieces', qty_in_stock: '6', reorder_level: '2', min_order_qty: '1',
    stock_owner_id: ctx.user.id, description: QOSMIO_SPEC,
  });
  const service = await create(ctx, 'services', { name: 'Постгарантийное обслуживание', category: 'support', unit_price: '1000.00' });

  const campaign = await create(ctx, 'campaigns', {
    name: 'Реклама в журнале Мир ПК', status: 'active', campaign_type: 'advertisement', product_id: satellite,
    target_audience: 'Домашние пользователи компьютеров', target_size: 14000, expected_close_date: '2011-04-15',
    budget_cost: '23000', actual_cost: '20000', expected_response: 'good', expected_revenue: '400000',
    expected_sales_count: 40, actual_sales_count: 10, expected_response_count: 1000, actual_response_count: 486,
    expected_roi: '4000', assigned_to: marketing,
  });

  // The site's request form: its leads go to the marketing department, as responses to the campaign.
  await create(ctx, 'web_forms', {
    name: 'Заявка с сайта', fields: [
      { field: 'last_name', label: { ru: 'Фамилия', uk: 'Прізвище', en: 'Last name', zh: '姓' } }, { field: 'first_name' },
      { field: 'company', label: { ru: 'Компания', uk: 'Компанія', en: 'Company', zh: '公司' } }, { field: 'email', required: true }, { field: 'phone' },
      { field: 'description', label: { ru: 'Что вас интересует?', uk: 'Що вас цікавить?', en: 'What are you interested in?', zh: '您对什么感兴趣？' } },
    ],
    hidden: { campaign_id: campaign, lead_source: 'web_site', assigned_to: marketing },
    thank_you_message: 'Спасибо! Менеджер свяжется с вами в течение рабочего дня.', allowed_origins: ['http://sovtech.ru'], assigned_to: marketing,
  });

  await setNextNumber(ctx, 'leads', 12);
  await create(ctx, 'leads', {
    first_name: 'Игорь', last_name: 'Морозов', company: 'АО СвязьИнвестБанк', title: 'помощник фин. директора',
    phone: '(812) 745-45-12', mobile: '(921) 946-73-11', email: 'moroz@svazinvestbank.ru',
    lead_source: 'web_site', lead_status: 'contacted', assigned_to: marketing,
  });

  const account = await create(ctx, 'accounts', {
    name: 'ООО Современные технологии', short_name: 'Современные технологии', website: 'http://sovtech.ru',
    phone: '(812) 338-75-92', employees: 23, email: 'zgdanov@sovtech.ru', other_email: 'info@sovtech.ru',
    legal_form: 'ООО', rating: 'active', ...address('billing'), ...address('shipping'), assigned_to: sales,
  });
  const zhdanov = await create(ctx, 'contacts', {
    first_name: 'Василий', last_name: 'Жданов', title: 'тех. директор', account_id: account,
    email: 'zgdanov@sovtech.ru', phone: '(812) 338-75-92', ...address('mailing'), assigned_to: sales,
  });
  const mendeleev = await create(ctx, 'contacts', { first_name: 'Дмитрий', last_name: 'Менделеев', assigned_to: support });

  const deal = await create(ctx, 'deals', {
    name: 'Ноутбуки для ООО Современные технологии', account_id: account, contact_id: zhdanov,
    stage: 'negotiation_review', probability: '80', amount: '499870.00', currency: 'RUB', close_date: cal.date(30),
    deal_type: 'new_business', next_step: 'Подписать договор по предложению 2', assigned_to: sales,
  });
  await linkRelated(ctx, 'deals', deal, 'contacts', { id: zhdanov, role: 'decision_maker' });

  const laptops = { item_module: 'products', item_id: qosmio, description: QOSMIO_SPEC, quantity: 10, list_price: '49987.00' };
  const care = { item_module: 'services', item_id: service, description: 'Постгарантийное обслуживание', quantity: 10, list_price: '1000.00' };
  const quote = { account_id: account, contact_id: zhdanov, deal_id: deal, valid_until_date: '2011-04-10', currency: 'RUB', ...address('billing'), ...address('shipping'), assigned_to: sales };
  await setNextNumber(ctx, 'quotes', 2);
  await create(ctx, 'quotes', { subject: 'Предложение 1 по партии ноутбуков с обслуживанием', status: 'created', lines: [laptops, care], ...quote });
  await create(ctx, 'quotes', { subject: 'Предложение 2 по партии ноутбуков без обслуживания', status: 'accepted', lines: [laptops], ...quote });

  await create(ctx, 'tickets', {
    title: TICKET_TT1, contact_id: mendeleev, product_id: vtiger, priority: 'normal', status: 'in_progress',
    severity: 'major', category: 'small_problem', description: TICKET_TT1, assigned_to: support,
  });
  for (const [question, answer] of SEED_FAQS) {
    await create(ctx, 'faqs', { question, answer, category: 'general', product_id: vtiger, status: 'published', assigned_to: support });
  }

  // 1C:CRM marketing: a seminar with its task plan, the after-sale NPS survey, and a claim about the laptops' delivery.
  await create(ctx, 'marketing_events', {
    name: 'Семинар «Ноутбуки для бизнеса»', event_type: 'seminar', status: 'planned', start_date: cal.date(21), end_date: cal.date(21),
    place: 'Москва, Тверская ул., 27', budget: '50000.00', campaign_id: campaign, assigned_to: marketing,
  });
  await create(ctx, 'surveys', {
    name: 'Оценка обслуживания (NPS)', status: 'draft', language: 'ru', valid_days: 14, assigned_to: marketing,
    intro: 'Спасибо, что работаете с нами! Ответьте, пожалуйста, на три вопроса.',
    questions: [
      { key: 'recommend', type: 'scale', required: true, text: { ru: 'Насколько вероятно, что вы порекомендуете нас коллегам?', uk: 'Наскільки ймовірно, що ви порекомендуєте нас колегам?', en: 'How likely are you to recommend us to a colleague?', zh: '您向同事推荐我们的可能性有多大？' } },
      { key: 'improve', type: 'text', show_if: { question: 'recommend', op: 'lte', value: 6 }, text: { ru: 'Что нам исправить в первую очередь?', uk: 'Що нам виправити насамперед?', en: 'What should we fix first?', zh: '我们应该首先改进什么？' } },
      { key: 'channel', type: 'single', text: { ru: 'Как вы с нами связываетесь чаще всего?', uk: 'Як ви з нами зв’язуєтеся найчастіше?', en: 'How do you usually contact us?', zh: '您通常如何联系我们？' },
        options: [{ value: 'phone', label: { ru: 'Телефон', uk: 'Телефон', en: 'Phone', zh: '电话' } }, { value: 'email', label: { ru: 'Эл. почта', uk: 'Ел. пошта', en: 'E-mail', zh: '电子邮件' } }, { value: 'portal', label: { ru: 'Портал', uk: 'Портал', en: 'Portal', zh: '门户' } }] },
    ],
    rules: [{ question: 'recommend', op: 'lte', value: 6, action: 'open_claim', claim_type: 'service' }],
  });
  await seedPricing(ctx, cal, { satellite, qosmio, service, account, sales, seller: people.users.manager ?? people.users.sales1 ?? null });

  await create(ctx, 'claims', {
    subject: 'Задержка поставки ноутбуков', account_id: account, contact_id: zhdanov, related_to: deal, claim_type: 'delivery', reason: 'late',
    status: 'registered', deadline: cal.date(5), guilty_department: sales, description: 'Партия QOSMIO пришла на 6 дней позже оговорённого срока.',
    assigned_to: sales,
  });
}

/**
 * BAS ERP pricing: purchase, wholesale = purchase + 20 % rounded up to 10, retail = wholesale + 25 %; the dealers' terms
 * (a typical offer, approved through its process) and an individual offer of the account, waiting for approval.
 */
async function seedPricing(ctx: RequestContext, cal: Calendar, x: { satellite: string; qosmio: string; service: string; account: string; sales: string; seller: string | null }): Promise<void> {
  const purchase = await create(ctx, 'price_types', { name: 'Закупочная', kind: 'manual', usage: 'purchases', currency: 'RUB' });
  const wholesale = await create(ctx, 'price_types', { name: 'Оптовая', kind: 'markup', base_type_id: purchase, markup_percent: '20', rounding_precision: '10', rounding_mode: 'up', currency: 'RUB' });
  await create(ctx, 'price_types', { name: 'Розничная', kind: 'markup', base_type_id: wholesale, markup_percent: '25', rounding_precision: '1', currency: 'RUB' });
  const since = cal.date(-30);
  await writePrices(ctx, since, [{ module: 'products', id: x.satellite, type: purchase, price: '19500' },
    { module: 'products', id: x.qosmio, type: purchase, price: '39990' }, { module: 'services', id: x.service, type: purchase, price: '700' }]);
  await create(ctx, 'approval_processes', { name: 'Согласование соглашений об условиях продаж', module: 'offers', steps: [{ approver: ctx.user.id }] });
  const dealers = await create(ctx, 'offers', {
    name: 'Дилерские условия', kind: 'typical', price_type_id: wholesale, currency: 'RUB', discount_percent: '3', payment_days: 14, prepayment_percent: '30', ...(x.seller ? { assigned_to: x.seller } : {}),
    quantity_discounts: [{ min_quantity: '10', discount_percent: '5' }], payment_terms: '30 % предоплата, остаток в течение 14 дней', delivery_terms: 'Самовывоз со склада в Москве',
  });
  // The sales person submits the terms and the director approves them (nobody approves their own).
  const actions = ctx.registry.module('offers').behaviour.actions!;
  const seller = x.seller ? await loadCurrentUser(ctx.db, x.seller) : null;
  if (seller) {
    await actions.submit_for_approval({ ...ctx, user: seller, registry: registryFor(fullRegistry(ctx.registry), seller.fieldRules) }, dealers, {}, 'offers');
    await actions.approve(ctx, dealers, {}, 'offers');
  }
  await create(ctx, 'offers', { name: 'Условия для ООО Современные технологии', typical_offer_id: dealers, account_id: x.account, valid_from: cal.date(-30), discount_percent: '4', assigned_to: x.sales });
}
