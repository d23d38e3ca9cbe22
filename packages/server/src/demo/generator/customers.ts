/** Accounts (companies in four languages) and their contacts. */
import { create } from './create.js';
import type { AccountRef, GenContext } from './context.js';
import { langAt } from './lang/index.js';
import { makeAddress, makeCompany, makePerson } from './people.js';

const TYPES: [string, number][] = [
  ['customer', 45], ['prospect', 25], ['partner', 8], ['reseller', 7], ['supplier', 5], ['competitor', 5], ['investor', 2], ['press', 2], ['other', 1],
];
const INDUSTRIES = ['technology', 'retail', 'manufacturing', 'banking', 'construction', 'consulting', 'education', 'healthcare', 'transportation', 'telecommunications', 'food_beverage', 'energy', 'government', 'media', 'hospitality'];
const SEGMENTS: [string[], number][] = [[['small_business'], 40], [['mid_market'], 30], [['enterprise'], 15], [['key_account', 'enterprise'], 8], [['government'], 7]];
const SOURCES = ['web_site', 'cold_call', 'existing_customer', 'partner', 'conference', 'trade_show', 'word_of_mouth', 'campaign', 'email'];

/** Tax ids the way each country writes them. */
function taxIds(g: GenContext, lang: string): Record<string, string> {
  if (lang === 'ru') return { inn: `7${g.r.digits(9)}`, kpp: `${g.r.digits(4)}01001` };
  if (lang === 'uk') return { inn: g.r.digits(8) };
  if (lang === 'zh') return { vat_id: `91${g.r.digits(6)}MA${g.r.digits(8)}` };
  return { vat_id: `US${g.r.digits(9)}` };
}

export async function generateAccounts(g: GenContext, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const pack = langAt(i);
    const c = makeCompany(g.r, pack, g.usedNames);
    const type = g.r.weighted(TYPES);
    const sameLang = g.pools.accounts.filter((a) => a.company.pack === pack);
    const parent = sameLang.length > 5 && g.r.chance(0.06) ? g.r.pick(sameLang) : null;
    const owner = parent?.owner ?? g.r.pick(g.owners.sales);
    const shipping = g.r.chance(0.75) ? c.address : makeAddress(g.r, pack, c.city);
    const employees = g.r.weighted([[g.r.int(3, 50), 50], [g.r.int(50, 500), 35], [g.r.int(500, 20000), 15]] as [number, number][]);
    const a = await create(g.ctx, 'accounts', {
      name: c.name, short_name: c.core, account_type: type, industry: g.r.pick(INDUSTRIES),
      rating: g.r.weighted([['active', 60], ['acquired', 15], ['market_failed', 10], ['project_cancelled', 10], ['shutdown', 5]]),
      parent_id: parent?.id ?? null,
      phone: c.phone, other_phone: g.r.chance(0.3) ? pack.phone(g.r, c.city) : null, fax: g.r.chance(0.15) ? pack.phone(g.r, c.city) : null,
      email: `info@${c.domain}`, other_email: g.r.chance(0.3) ? `sales@${c.domain}` : null, website: `https://www.${c.domain}`,
      employees, annual_revenue: g.r.money(employees * 800_000, employees * 3_000_000, 100_000),
      email_opt_out: g.r.chance(0.05),
      legal_form: c.legalForm, ...taxIds(g, pack.lang), business_region: c.address.region,
      segments: g.r.weighted(SEGMENTS), loyalty_card: type === 'customer' && g.r.chance(0.2) ? `LC-${g.r.digits(6)}` : null,
      billing_street: c.address.street, billing_city: c.address.city, billing_region: c.address.region,
      billing_postal_code: c.address.postal_code, billing_country: c.address.country,
      shipping_street: shipping.street, shipping_city: shipping.city, shipping_region: shipping.region,
      shipping_postal_code: shipping.postal_code, shipping_country: shipping.country,
      assigned_to: owner,
    });
    g.pools.accounts.push({ id: a, company: c, owner, type });
  }
}

/** Contacts: one to three per account (the first is the boss of the others), a few without an account. */
export async function generateContacts(g: GenContext, n: number): Promise<void> {
  let accountIndex = 0;
  const bosses = new Map<AccountRef, string>();
  for (let i = 0; i < n; i++) {
    const orphan = g.r.chance(0.07) || !g.pools.accounts.length;
    const account = orphan ? null : g.pools.accounts[accountIndex % g.pools.accounts.length];
    if (account && (bosses.has(account) ? g.r.chance(0.7) : g.r.chance(0.3))) accountIndex++;
    const pack = account?.company.pack ?? langAt(i);
    const domain = account?.company.domain ?? g.r.pick(['mail.ru', 'gmail.com', 'ukr.net', 'qq.com', 'outlook.com']);
    const p = makePerson(g.r, pack, domain);
    const address = account?.company.address ?? makeAddress(g.r, pack);
    const boss = account ? bosses.get(account) ?? null : null;
    const owner = account?.owner ?? g.r.pick(g.owners.sales);
    const c = await create(g.ctx, 'contacts', {
      salutation: g.r.chance(0.7) ? p.salutation : null, first_name: p.first, last_name: p.last,
      account_id: account?.id ?? null, title: p.title, department: g.r.chance(0.5) ? g.r.pick(pack.departments) : null,
      phone: account ? `${account.company.phone}${g.r.chance(0.5) ? ` ${pack.lang === 'ru' ? 'доб.' : 'ext.'} ${g.r.int(100, 499)}` : ''}` : p.phone,
      mobile: g.r.chance(0.8) ? p.mobile : null, email: p.email,
      secondary_email: g.r.chance(0.1) ? `${pack.latin(p.last) || 'contact'}${g.r.digits(2)}@gmail.com` : null,
      birth_date: g.r.chance(0.35) ? `${g.r.int(1960, 2000)}-${String(g.r.int(1, 12)).padStart(2, '0')}-${String(g.r.int(1, 28)).padStart(2, '0')}` : null,
      reports_to_id: boss, lead_source: g.r.pick(SOURCES), do_not_call: g.r.chance(0.04), email_opt_out: g.r.chance(0.06),
      mailing_street: address.street, mailing_city: address.city, mailing_region: address.region,
      mailing_postal_code: address.postal_code, mailing_country: address.country,
      assigned_to: owner,
    });
    if (account && !boss) bosses.set(account, c);
    g.pools.contacts.push({ id: c, person: p, account, owner });
  }
}
