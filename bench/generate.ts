/**
 * The benchmark data set: accounts, contacts, deals and tickets as API bodies (what a user or an import
 * would send), one record at a time from its own seeded stream. Owners are spread over the demo
 * company's people and groups so that a sales person's visibility predicate really filters.
 */
import type { Registry } from '../packages/server/src/engine/registry/registry.js';
import {
  CITIES, COMPANY, DEAL_TOPICS, EMAIL_DOMAINS, FIRST, JOB_TITLES, LANG_WEIGHTS, LAST, TICKET_TITLES, feminine, latin, type Lang,
} from './names.js';
import { recordRng, uuidV7, type Rng } from './prng.js';

export const MODULES = ['accounts', 'contacts', 'deals', 'tickets'] as const;
export type BenchModule = (typeof MODULES)[number];
export type Counts = Record<BenchModule, number>;

const FULL: Counts = { accounts: 200_000, contacts: 1_000_000, deals: 300_000, tickets: 100_000 };

export function countsFor(scale: number): Counts {
  return Object.fromEntries(MODULES.map((m) => [m, Math.max(1, Math.round(FULL[m] * scale))])) as Counts;
}

/** Who a record belongs to: a demo user or group (resolved to ids by the loader). */
export type OwnerSlot = 'sales1' | 'sales2' | 'manager' | 'marketing' | 'support' | 'admin' | 'g:sales' | 'g:marketing' | 'g:support';
export const USER_SLOTS = ['sales1', 'sales2', 'manager', 'marketing', 'support', 'admin'] as const;
export const GROUP_SLOTS: Record<string, string> = { 'g:sales': 'Отдел продаж', 'g:marketing': 'Отдел маркетинга', 'g:support': 'Отдел тех. поддержки' };

const SALES_OWNERS: [OwnerSlot, number][] = [
  ['sales1', 25], ['sales2', 25], ['manager', 15], ['g:sales', 10], ['marketing', 10], ['admin', 5], ['support', 5], ['g:marketing', 5],
];
const SUPPORT_OWNERS: [OwnerSlot, number][] = [
  ['support', 35], ['g:support', 20], ['sales1', 15], ['sales2', 15], ['manager', 10], ['admin', 5],
];

/** Creation times run from START to END in record order (as if created over three years). */
const START = Date.UTC(2023, 0, 1);
const END = Date.UTC(2026, 0, 1);

export interface RecordMeta {
  id: string;
  createdAt: number;
  updatedAt: number;
  owner: OwnerSlot;
}

/** Id, times and owner of record i — cheap, so references can name any record. */
export function recordMeta(seed: number, module: BenchModule, i: number, total: number): RecordMeta {
  const rng = recordRng(seed, `${module}:meta`, i);
  const createdAt = Math.floor(START + ((i + rng.next()) / total) * (END - START));
  const updatedAt = rng.chance(0.45) ? createdAt : Math.floor(createdAt + rng.next() * (END - createdAt));
  const owner = rng.weighted(module === 'tickets' ? SUPPORT_OWNERS : SALES_OWNERS);
  return { id: uuidV7(createdAt, rng), createdAt, updatedAt, owner };
}

export interface GenRecord extends RecordMeta {
  body: Record<string, unknown>;
}

export interface GenContext {
  seed: number;
  counts: Counts;
  registry: Registry;
}

const optionCache = new WeakMap<Registry, Map<string, string[]>>();

/** A picklist's values, from the module declaration (so the data follows the declarations). */
function values(ctx: GenContext, module: string, field: string): string[] {
  let byField = optionCache.get(ctx.registry);
  if (!byField) optionCache.set(ctx.registry, (byField = new Map()));
  const key = `${module}.${field}`;
  let out = byField.get(key);
  if (!out) byField.set(key, (out = ctx.registry.module(module).fieldMap.get(field)!.options!.map((o) => o.value)));
  return out;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function phone(rng: Rng, lang: Lang, mobile: boolean): string {
  const d = (n: number) => rng.digits(n);
  switch (lang) {
    case 'ru': return mobile ? `+7 (9${d(2)}) ${d(3)}-${d(2)}-${d(2)}` : `+7 (${rng.pick(['495', '812', '383', '343'])}) ${d(3)}-${d(2)}-${d(2)}`;
    case 'uk': return `+380 (${rng.pick(mobile ? ['50', '67', '93'] : ['44', '57', '32'])}) ${d(3)}-${d(2)}-${d(2)}`;
    case 'en': return mobile ? `+44 7${d(3)} ${d(6)}` : `+44 20 ${d(4)} ${d(4)}`;
    case 'zh': return mobile ? `+86 1${d(2)} ${d(4)} ${d(4)}` : `+86 ${rng.pick(['10', '21', '755'])} ${d(4)} ${d(4)}`;
  }
}

/** The account a record points at, and (usually) the same owner — people work their own accounts. */
function linkAccount(ctx: GenContext, rng: Rng, meta: RecordMeta, p: number): string | null {
  if (!rng.chance(p)) return null;
  const j = rng.int(ctx.counts.accounts);
  const account = recordMeta(ctx.seed, 'accounts', j, ctx.counts.accounts);
  if (rng.chance(0.7)) meta.owner = account.owner;
  return account.id;
}

export function accountName(rng: Rng, lang: Lang): { name: string; root: string } {
  const c = COMPANY[lang];
  const root = rng.pick(c.roots);
  const tail = rng.pick(c.tails);
  const form = rng.pick(c.forms);
  if (lang === 'zh') return { name: `${rng.pick(CITIES.zh.cities)}${root}${tail}`, root };
  if (lang === 'en') return { name: `${root}${tail}`, root };
  return { name: `${form} «${root}${tail}»`, root };
}

function account(ctx: GenContext, i: number, meta: RecordMeta): Record<string, unknown> {
  const rng = recordRng(ctx.seed, 'accounts', i);
  const lang = rng.weighted(LANG_WEIGHTS);
  const { name, root } = accountName(rng, lang);
  const site = `${latin(root) || 'company'}${rng.int(1000)}`;
  const tld = { ru: 'ru', uk: 'com.ua', en: 'co.uk', zh: 'cn' }[lang];
  return {
    name, account_type: rng.pick(values(ctx, 'accounts', 'account_type')), industry: rng.pick(values(ctx, 'accounts', 'industry')),
    rating: rng.chance(0.6) ? rng.pick(values(ctx, 'accounts', 'rating')) : null,
    phone: phone(rng, lang, false), email: `info@${site}.${tld}`, website: `https://www.${site}.${tld}`,
    employees: rng.between(1, 5000), annual_revenue: `${rng.between(100, 500_000)}000.00`,
    inn: lang === 'ru' ? rng.digits(10) : lang === 'uk' ? rng.digits(8) : null, kpp: lang === 'ru' ? rng.digits(9) : null,
    billing_city: rng.pick(CITIES[lang].cities), billing_country: CITIES[lang].country,
    segments: rng.chance(0.3) ? [rng.pick(values(ctx, 'accounts', 'segments'))] : null,
  };
}

function contact(ctx: GenContext, i: number, meta: RecordMeta): Record<string, unknown> {
  const rng = recordRng(ctx.seed, 'contacts', i);
  const lang = rng.weighted(LANG_WEIGHTS);
  const female = rng.chance(0.5);
  const first = rng.pick(FIRST[lang][female ? 'female' : 'male']);
  const last = female ? feminine(lang, rng.pick(LAST[lang])) : rng.pick(LAST[lang]);
  const email = `${latin(first)}.${latin(last)}${rng.chance(0.6) ? rng.int(1000) : ''}@${rng.pick(EMAIL_DOMAINS[lang])}`;
  return {
    salutation: rng.chance(0.4) ? (female ? 'ms' : 'mr') : null,
    first_name: first, last_name: last, account_id: linkAccount(ctx, rng, meta, 0.85),
    title: rng.chance(0.7) ? rng.pick(JOB_TITLES[lang]) : null,
    phone: rng.chance(0.8) ? phone(rng, lang, false) : null, mobile: rng.chance(0.6) ? phone(rng, lang, true) : null,
    email, mailing_city: rng.pick(CITIES[lang].cities), mailing_country: CITIES[lang].country,
    lead_source: rng.chance(0.5) ? rng.pick(values(ctx, 'contacts', 'lead_source')) : null,
    birth_date: rng.chance(0.3) ? day(Date.UTC(1960, 0, 1) + rng.int(40 * 365) * 86_400_000) : null,
  };
}

const CURRENCY: Record<Lang, string> = { ru: 'RUB', uk: 'UAH', en: 'USD', zh: 'CNY' };

function deal(ctx: GenContext, i: number, meta: RecordMeta): Record<string, unknown> {
  const rng = recordRng(ctx.seed, 'deals', i);
  const lang = rng.weighted(LANG_WEIGHTS);
  const stages = values(ctx, 'deals', 'stage');
  const s = rng.int(stages.length);
  const stage = stages[s];
  return {
    name: `${rng.pick(DEAL_TOPICS[lang])} (${rng.pick(CITIES[lang].cities)})`,
    account_id: linkAccount(ctx, rng, meta, 0.9),
    contact_id: rng.chance(0.6) ? recordMeta(ctx.seed, 'contacts', rng.int(ctx.counts.contacts), ctx.counts.contacts).id : null,
    stage, status: stage === 'closed_won' ? 'won' : stage === 'closed_lost' ? 'lost' : 'open',
    close_date: day(meta.createdAt + rng.int(180) * 86_400_000),
    amount: `${rng.between(10, 5000)}${rng.digits(3)}.00`, currency: CURRENCY[lang],
    probability: String(Math.min(100, s * 12)), deal_type: rng.pick(values(ctx, 'deals', 'deal_type')),
    lead_source: rng.chance(0.5) ? rng.pick(values(ctx, 'deals', 'lead_source')) : null,
  };
}

function ticket(ctx: GenContext, i: number, meta: RecordMeta): Record<string, unknown> {
  const rng = recordRng(ctx.seed, 'tickets', i);
  const lang = rng.weighted(LANG_WEIGHTS);
  const owner = meta.owner;
  const accountId = linkAccount(ctx, rng, meta, 0.7);
  meta.owner = owner; // support owns tickets, whoever owns the account
  return {
    title: rng.pick(TICKET_TITLES[lang]), account_id: accountId,
    contact_id: rng.chance(0.8) ? recordMeta(ctx.seed, 'contacts', rng.int(ctx.counts.contacts), ctx.counts.contacts).id : null,
    priority: rng.pick(values(ctx, 'tickets', 'priority')), status: rng.pick(values(ctx, 'tickets', 'status')),
    severity: rng.pick(values(ctx, 'tickets', 'severity')), category: rng.pick(values(ctx, 'tickets', 'category')),
    hours: rng.chance(0.5) ? `${rng.between(0, 40)}.5` : null,
  };
}

const BUILDERS: Record<BenchModule, (ctx: GenContext, i: number, meta: RecordMeta) => Record<string, unknown>> = {
  accounts: account, contacts: contact, deals: deal, tickets: ticket,
};

/** Record i of a module (0-based); deterministic for a given seed and counts. */
export function generateRecord(ctx: GenContext, module: BenchModule, i: number): GenRecord {
  const meta = recordMeta(ctx.seed, module, i, ctx.counts[module]);
  const raw = BUILDERS[module](ctx, i, meta);
  // A form or an import leaves empty fields out rather than sending null.
  const body = Object.fromEntries(Object.entries(raw).filter(([, v]) => v != null));
  return { ...meta, body };
}
