/** Support tickets from contacts in four languages, and more FAQ articles. */
import { create } from './create.js';
import type { GenContext } from './context.js';
import { PACKS, langAt } from './lang/index.js';

const STATUSES: [string, number][] = [['closed', 40], ['in_progress', 25], ['open', 20], ['wait_for_response', 15]];
const PRIORITIES: [string, number][] = [['normal', 50], ['high', 25], ['low', 15], ['urgent', 10]];
const SEVERITIES: [string, number][] = [['minor', 40], ['major', 35], ['feature', 15], ['critical', 10]];
const CATEGORIES: [string, number][] = [['small_problem', 55], ['big_problem', 25], ['other', 20]];

export async function generateTickets(g: GenContext, n: number): Promise<void> {
  const withAccount = g.pools.contacts.filter((c) => c.account);
  for (let i = 0; i < n; i++) {
    const contact = withAccount.length ? g.r.pick(withAccount) : g.pools.contacts.length ? g.r.pick(g.pools.contacts) : null;
    const pack = contact?.person.pack ?? langAt(i);
    const text = g.r.pick(pack.tickets);
    const status = g.r.weighted(STATUSES);
    const closed = status === 'closed';
    await create(g.ctx, 'tickets', {
      title: text.title, account_id: contact?.account?.id ?? null, contact_id: contact?.id ?? null,
      product_id: g.pools.products.length && g.r.chance(0.6) ? g.r.pick(g.pools.products).id : null,
      priority: g.r.weighted(PRIORITIES), status, severity: g.r.weighted(SEVERITIES), category: g.r.weighted(CATEGORIES),
      hours: closed ? String(g.r.int(1, 16) / 2) : null, days: closed ? String(g.r.int(0, 5)) : null,
      description: text.description, solution: closed ? text.solution : null,
      assigned_to: g.r.pick(g.owners.support),
    });
  }
}

/** Up to `n` of the ten FAQ articles; returns how many were made. */
export async function generateFaqs(g: GenContext, n: number): Promise<number> {
  // The languages interleaved (a stable sort by the position inside each language).
  const ordered = Object.values(PACKS).flatMap((p) => p.faqs.map((f, k) => ({ f, k, lang: p.lang }))).sort((a, b) => a.k - b.k);
  for (const { f: [question, answer], lang } of ordered.slice(0, n)) {
    await create(g.ctx, 'faqs', {
      question, answer, category: g.r.pick(['general', 'sales', 'billing', 'technical']),
      status: g.r.weighted([['published', 75], ['reviewed', 15], ['draft', 10]]),
      product_id: lang === 'ru' && g.pools.products.length && g.r.chance(0.3) ? g.r.pick(g.pools.products).id : null,
      assigned_to: g.r.pick(g.owners.support),
    });
  }
  return Math.min(n, ordered.length);
}
