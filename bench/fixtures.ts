/**
 * What the operations ask for, chosen deterministically before the run: records the bench user may see
 * (get, mass update, the account of a new contact), name prefixes and search terms taken from the
 * generated data itself (so they find something), and the create bodies.
 */
import { sql } from 'kysely';
import { loadCurrentUser } from '../packages/server/src/engine/access/load-user.js';
import type { CurrentUser } from '../packages/server/src/engine/context.js';
import type { DB } from '../packages/server/src/platform/db.js';
import { generateRecord, type GenContext } from './generate.js';
import { BENCH_USER } from './setup.js';

export interface Fixtures {
  user: CurrentUser;
  /** Contacts with an account, visible to the bench user. */
  getIds: string[];
  /** Accounts visible to the bench user (for new contacts). */
  accountIds: string[];
  /** Chunks of 1,000 contacts the bench user may edit. */
  massChunks: string[][];
  prefixes: string[];
  listTerms: string[];
  searchTerms: string[];
  createBodies: Record<string, unknown>[];
}

const spread = (n: number, total: number) => Array.from({ length: n }, (_, k) => Math.floor(((k + 0.5) * total) / n));

export async function buildFixtures(db: DB, gen: GenContext, opts: { massRequests: number; massSize: number }): Promise<Fixtures> {
  const u = await sql<{ id: string }>`select id from users where username = ${BENCH_USER}`.execute(db);
  const user = await loadCurrentUser(db, u.rows[0].id);
  if (!user) throw new Error(`bench: no user ${BENCH_USER}`);
  const owners = user.ownerIds;
  const numbers = (prefix: string, n: number, total: number) => spread(n, total).map((i) => `${prefix}${i + 1}`);
  const getIds = (await sql<{ id: string }>`select id from contacts where number = any(${numbers('CON', 2000, gen.counts.contacts)}::text[])
    and account_id is not null and deleted_at is null and assigned_to = any(${owners}::uuid[]) order by number`.execute(db)).rows.map((r) => r.id).slice(0, 500);
  const accountIds = (await sql<{ id: string }>`select id from accounts where number = any(${numbers('ACC', 1000, gen.counts.accounts)}::text[])
    and deleted_at is null and assigned_to = any(${owners}::uuid[]) order by number`.execute(db)).rows.map((r) => r.id).slice(0, 200);
  const mass = (await sql<{ id: string }>`select id from contacts where assigned_to = any(${owners}::uuid[]) and deleted_at is null
    order by id limit ${opts.massSize * (Math.max(1, opts.massRequests) + 1)}`.execute(db)).rows.map((r) => r.id);
  const massChunks: string[][] = [];
  for (let i = 0; i + opts.massSize <= mass.length; i += opts.massSize) massChunks.push(mass.slice(i, i + opts.massSize));
  if (!getIds.length || !accountIds.length || !massChunks.length) throw new Error('bench: the data set is too small for the operations (try a larger --scale)');

  const contacts = spread(60, gen.counts.contacts).map((i) => ({ i, body: generateRecord(gen, 'contacts', i).body }));
  const accounts = spread(20, gen.counts.accounts).map((i) => generateRecord(gen, 'accounts', i).body);
  const prefixes = contacts.map(({ body }) => String(body.last_name).slice(0, 3));
  const term = (k: number, b: Record<string, unknown>, i: number): string => {
    const phone = String(b.phone ?? b.mobile ?? '').replace(/\D/g, '');
    switch (k % 4) {
      case 0: return String(b.last_name);
      case 1: return String(b.email).split('@')[0];
      case 2: return phone.length >= 7 ? phone.slice(-7) : String(b.last_name);
      default: return `CON${i + 1}`;
    }
  };
  const listTerms = contacts.map(({ i, body }, k) => term(k, body, i));
  const searchTerms = contacts.slice(0, 40).map(({ i, body }, k) => (k % 5 === 4 ? String(accounts[k % accounts.length].name).replace(/^\S+ «|»$/g, '').split(/[ -]/)[0] : term(k, body, i)));
  const createBodies = Array.from({ length: 200 }, (_, k) => {
    const b = generateRecord(gen, 'contacts', gen.counts.contacts + 1_000_000 + k).body;
    return { ...b, account_id: accountIds[k % accountIds.length] };
  });
  return { user, getIds, accountIds, massChunks, prefixes, listTerms, searchTerms, createBodies };
}
