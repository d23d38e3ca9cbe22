/** What every generator step shares: the acting context, the PRNG, "today", owners and what was made. */
import type { RequestContext } from '../../engine/context.js';
import type { LangPack } from './lang/index.js';
import type { Company, Person } from './people.js';
import type { Calendar, Random } from './random.js';

export interface DemoPeople {
  users: Record<string, string>;
  groups: Record<string, string>;
}

/** Owner ids by team (users and their group), repeated to weight who gets more records. */
export interface Owners {
  sales: string[];
  marketing: string[];
  support: string[];
  /** Users only (invitees, stock owners). */
  users: string[];
}

export interface AccountRef { id: string; company: Company; owner: string; type: string }
export interface ContactRef { id: string; person: Person; account: AccountRef | null; owner: string }
export interface DealRef { id: string; name: string; pack: LangPack; account: AccountRef; contact: ContactRef | null; owner: string; status: string }
/** A product or service; `model` is the language-neutral part of a product's name. */
export interface ItemRef { id: string; name: string; price: string; model?: string; stocked?: boolean }

export interface Pools {
  vendors: string[];
  products: ItemRef[];
  services: ItemRef[];
  campaigns: { id: string; name: string }[];
  leads: { id: string; lang: string }[];
  accounts: AccountRef[];
  contacts: ContactRef[];
  deals: DealRef[];
}

export interface GenContext {
  ctx: RequestContext;
  r: Random;
  cal: Calendar;
  owners: Owners;
  pools: Pools;
  /** Company names used so far (generated names do not repeat). */
  usedNames: Set<string>;
  /** A base count at this load's scale (at least 1). */
  count(base: number): number;
}

export function ownersOf(people: DemoPeople): Owners {
  const u = people.users, g = people.groups;
  const present = (ids: (string | undefined)[]) => ids.filter((x): x is string => !!x);
  const sales = present([u.sales1, u.sales1, u.sales2, u.sales2, u.manager, g['Отдел продаж']]);
  const marketing = present([u.marketing, u.marketing, g['Отдел маркетинга'], u.sales1, u.sales2]);
  const support = present([u.support, u.support, g['Отдел тех. поддержки'], u.manager]);
  const users = present([u.manager, u.sales1, u.sales2, u.marketing, u.support]);
  const fallback = Object.values(u);
  return {
    sales: sales.length ? sales : fallback,
    marketing: marketing.length ? marketing : fallback,
    support: support.length ? support : fallback,
    users: users.length ? users : fallback,
  };
}
