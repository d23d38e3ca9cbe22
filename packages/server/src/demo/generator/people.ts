/** People and companies in one language: names, e-mails, phones and addresses that belong together. */
import type { DemoCity, LangPack } from './lang/index.js';
import type { Random } from './random.js';

export interface Address {
  street: string;
  city: string;
  region: string;
  postal_code: string;
  country: string;
}

export interface Company {
  pack: LangPack;
  name: string;
  /** The name without the legal form ("ТехноСервис"). */
  core: string;
  legalForm: string;
  domain: string;
  city: DemoCity;
  phone: string;
  address: Address;
}

export interface Person {
  pack: LangPack;
  first: string;
  last: string;
  female: boolean;
  salutation: 'mr' | 'ms';
  email: string;
  phone: string;
  mobile: string;
  title: string;
}

export function makeAddress(r: Random, pack: LangPack, city = r.pick(pack.cities)): Address {
  return { street: pack.street(r), city: city.name, region: city.region, postal_code: pack.postalCode(r, city), country: pack.country };
}

/**
 * A company whose name was not used before in this step (`used` collects names); after all cores are
 * taken the names repeat with another legal form or a number.
 */
export function makeCompany(r: Random, pack: LangPack, used: Set<string>): Company {
  let core = '', legalForm = '', name = '', city = pack.cities[0];
  for (let attempt = 0; attempt < 40; attempt++) {
    core = r.pick(pack.companyCores);
    legalForm = r.pick(pack.legalForms);
    city = r.pick(pack.cities);
    if (attempt >= 20) core = `${core} ${attempt - 18}`;
    name = pack.companyName(legalForm, core, city.name);
    if (!used.has(name)) break;
  }
  used.add(name);
  const latinCore = pack.latin(core.replace(/ \d+$/, '')) || 'company';
  const suffix = / (\d+)$/.exec(core)?.[1] ?? '';
  const domain = `${latinCore}${suffix}.${pack.tld}`;
  return { pack, name, core, legalForm, domain, city, phone: pack.phone(r, city), address: makeAddress(r, pack, city) };
}

export function makePerson(r: Random, pack: LangPack, domain: string): Person {
  const female = r.chance(0.45);
  const first = r.pick(female ? pack.female : pack.male);
  const surname = r.pick(pack.surnames);
  const last = female ? pack.feminine(surname) : surname;
  return {
    pack, first, last, female, salutation: female ? 'ms' : 'mr',
    email: `${pack.emailLocal(first, last)}@${domain}`,
    phone: pack.phone(r, r.pick(pack.cities)),
    mobile: pack.mobile(r),
    title: r.pick(pack.titles),
  };
}

/** `{company}`, `{name}`, `{product}` in a phrase template. */
export function fill(template: string, vars: { company?: string; name?: string; product?: string }): string {
  return template
    .replace('{company}', vars.company ?? '')
    .replace('{name}', vars.name ?? '')
    .replace('{product}', vars.product ?? '')
    .trim();
}

/** How a person's name is written: «Игорь Морозов», "Sarah Miller", but 王伟 (surname first). */
export function fullName(p: { first: string; last: string; pack: LangPack }): string {
  return p.pack.lang === 'zh' ? `${p.last}${p.first}` : `${p.first} ${p.last}`;
}
