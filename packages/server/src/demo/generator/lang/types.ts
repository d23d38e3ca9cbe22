import type { Random } from '../random.js';

export type DemoLang = 'ru' | 'uk' | 'zh' | 'en';

export interface DemoCity {
  name: string;
  region: string;
  /** Telephone area code, used by the language's phone format. */
  code: string;
  /** Leading digits of the postal code. */
  postal: string;
}

/** A support case in one language: what the customer wrote and, when closed, the answer. */
export interface TicketText {
  title: string;
  description: string;
  solution: string;
}

/**
 * Everything the generator needs to make records look native in one language: people, companies,
 * addresses, phones, and the phrases of deals, tickets, activities, campaigns and FAQs.
 * Templates use `{company}`, `{name}` and `{product}`.
 */
export interface LangPack {
  lang: DemoLang;
  currency: 'RUB' | 'UAH' | 'CNY' | 'USD';
  /** Typical deal amounts in this currency: [min, max, rounding step]. */
  amounts: [number, number, number];
  country: string;
  male: string[];
  female: string[];
  /** Surnames in the masculine form; `feminine` derives the other form where the language has one. */
  surnames: string[];
  feminine(surname: string): string;
  /** Latin spelling of a name or company word (for e-mail addresses and web sites). */
  latin(s: string): string;
  /** An e-mail local part for a person. */
  emailLocal(first: string, last: string): string;
  legalForms: string[];
  companyCores: string[];
  companyName(form: string, core: string, city: string): string;
  /** A company's name inside a phrase («ТехноСервис» in Russian and Ukrainian, bare elsewhere). */
  brand(core: string): string;
  tld: string;
  cities: DemoCity[];
  phone(r: Random, city: DemoCity): string;
  mobile(r: Random): string;
  postalCode(r: Random, city: DemoCity): string;
  street(r: Random): string;
  titles: string[];
  departments: string[];
  deals: string[];
  nextSteps: string[];
  tickets: TicketText[];
  calls: string[];
  meetings: string[];
  emails: string[];
  tasks: string[];
  locations: string[];
  /** Campaign name and its type (a `campaigns.campaign_type` value). */
  campaigns: [name: string, type: string][];
  audiences: string[];
  faqs: [question: string, answer: string][];
}
