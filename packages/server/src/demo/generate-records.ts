/**
 * Generated demo records in Russian, Ukrainian, Chinese and English — deterministic (seeded PRNG),
 * spread over the demo people, stages and the last twelve months. Everything goes through createRecord
 * and linkRelated (validation, permissions, audit); each step is one transaction.
 */
import type { RequestContext } from '../engine/context.js';
import { runWrite } from '../engine/records/write-helpers.js';
import { generateEvents, generateTasks } from './generator/activities.js';
import { generateProducts, generateServices, generateVendors } from './generator/catalog.js';
import { ownersOf, type DemoPeople, type GenContext, type Pools } from './generator/context.js';
import { generateAccounts, generateContacts } from './generator/customers.js';
import { generateCampaigns, generateLeads, linkCampaignMembers } from './generator/marketing.js';
import { Calendar, Random } from './generator/random.js';
import { generateDeals, linkDealContacts } from './generator/sales.js';
import { generateDocuments } from './generator/documents.js';
import { generateFaqs, generateTickets } from './generator/support.js';

/**
 * Record counts at scale 1 — sized so that the demo load stays around 20 s of CPU on PGlite (a create costs
 * 5–15 ms there; events and tasks ~30 ms, as their polymorphic `related_to` is checked against every target module).
 */
export const DEMO_COUNTS = {
  vendors: 10, products: 60, services: 15, campaigns: 20, leads: 250, accounts: 220, contacts: 440, deals: 270,
  tickets: 100, faqs: 10, events: 100, tasks: 100, sales_orders: 15, invoices: 30, purchase_orders: 10,
};

const DEFAULT_SEED = 20110331;

function stepSeed(seed: number, step: string): number {
  let h = seed >>> 0;
  for (const ch of step) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

export interface GenerateOptions {
  /** Multiplies every count (0.05 for a quick test); default 1. */
  scale?: number;
  seed?: number;
  /** "Today" for dates relative to it (default: now). */
  now?: Date;
  /** Called after each step with its duration (start-up logging, benchmarks). */
  onStep?: (step: string, ms: number) => void;
}

export type GeneratedCounts = Record<keyof typeof DEMO_COUNTS | 'campaign_members' | 'deal_contacts', number>;

export async function generateRecords(ctx: RequestContext, people: DemoPeople, opts: GenerateOptions = {}): Promise<GeneratedCounts> {
  const scale = opts.scale ?? 1;
  const pools: Pools = { vendors: [], products: [], services: [], campaigns: [], leads: [], accounts: [], contacts: [], deals: [] };
  const g: GenContext = {
    ctx, r: new Random(opts.seed ?? DEFAULT_SEED), cal: new Calendar(opts.now), owners: ownersOf(people), pools,
    usedNames: new Set(), count: (base) => Math.max(1, Math.round(base * scale)),
  };
  const n = Object.fromEntries(Object.entries(DEMO_COUNTS).map(([k, v]) => [k, g.count(v)])) as typeof DEMO_COUNTS;
  // Each step has its own PRNG and name set, so a step's records do not change when another step's count does.
  const step = async (name: string, fn: () => Promise<unknown>) => {
    const started = performance.now();
    g.r = new Random(stepSeed(opts.seed ?? DEFAULT_SEED, name));
    g.usedNames = new Set();
    await runWrite(ctx, async (tctx) => { g.ctx = tctx; await fn(); });
    opts.onStep?.(name, performance.now() - started);
  };
  await step('catalog', async () => {
    await generateVendors(g, n.vendors);
    await generateProducts(g, n.products);
    n.services = await generateServices(g, n.services);
  });
  await step('campaigns', () => generateCampaigns(g, n.campaigns));
  await step('leads', () => generateLeads(g, n.leads));
  await step('accounts', () => generateAccounts(g, n.accounts));
  await step('contacts', () => generateContacts(g, n.contacts));
  await step('deals', () => generateDeals(g, n.deals));
  let dealContacts = 0, campaignMembers = 0;
  await step('links', async () => {
    dealContacts = await linkDealContacts(g);
    campaignMembers = await linkCampaignMembers(g);
  });
  await step('documents', () => generateDocuments(g, n));
  await step('support', async () => {
    await generateTickets(g, n.tickets);
    n.faqs = await generateFaqs(g, n.faqs);
  });
  await step('events', () => generateEvents(g, n.events));
  await step('tasks', () => generateTasks(g, n.tasks));
  g.ctx = ctx;
  return { ...n, deal_contacts: dealContacts, campaign_members: campaignMembers };
}
