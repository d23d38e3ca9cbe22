/** Events (calls, meetings, e-mails) and tasks over the last eleven months and the next few weeks. */
import { create } from './create.js';
import type { ContactRef, GenContext } from './context.js';
import type { LangPack } from './lang/index.js';
import { fill, fullName } from './people.js';

interface Target {
  id: string;
  pack: LangPack;
  company: string;
  contact: ContactRef | null;
  owner: string;
}

/** What an activity is about: a deal (half of them), an account or a contact. */
function pickTarget(g: GenContext): Target | null {
  const { deals, accounts, contacts } = g.pools;
  const kind = g.r.weighted([['deal', deals.length ? 50 : 0], ['account', accounts.length ? 25 : 0], ['contact', contacts.length ? 25 : 0]] as [string, number][]);
  if (kind === 'deal' && deals.length) {
    const d = g.r.pick(deals);
    return { id: d.id, pack: d.pack, company: d.pack.brand(d.account.company.core), contact: d.contact, owner: d.owner };
  }
  if (kind === 'account' && accounts.length) {
    const a = g.r.pick(accounts);
    const staff = contacts.filter((c) => c.account === a);
    return { id: a.id, pack: a.company.pack, company: a.company.pack.brand(a.company.core), contact: staff.length ? g.r.pick(staff) : null, owner: a.owner };
  }
  if (!contacts.length) return null;
  const c = g.r.pick(contacts);
  return { id: c.id, pack: c.person.pack, company: c.account ? c.person.pack.brand(c.account.company.core) : fullName(c.person), contact: c, owner: c.owner };
}

/** Activities belong to a person: a group owner is replaced by one of the team. */
function personOf(g: GenContext, owner: string): string {
  return g.owners.users.includes(owner) ? owner : g.r.pick(g.owners.users.slice(0, 3));
}

export async function generateEvents(g: GenContext, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const t = pickTarget(g);
    if (!t) return;
    const type = g.r.weighted([['call', 45], ['meeting', 40], ['email', 15]]);
    const templates = type === 'call' ? t.pack.calls : type === 'meeting' ? t.pack.meetings : t.pack.emails;
    const name = t.contact ? fullName(t.contact.person) : t.company;
    const day = g.r.int(-330, 30);
    const hour = g.r.int(6, 14);
    const minutes = type === 'meeting' ? g.r.pick([60, 90, 120]) : g.r.pick([15, 30]);
    const start = g.cal.dateTime(day, hour, g.r.pick([0, 30]));
    const owner = personOf(g, t.owner);
    await create(g.ctx, 'events', {
      subject: fill(g.r.pick(templates), { company: t.company, name }), event_type: type,
      start_at: start, end_at: new Date(Date.parse(start) + minutes * 60_000).toISOString(), all_day: false,
      status: day < 0 ? g.r.weighted([['held', 85], ['not_held', 15]]) : 'planned',
      priority: g.r.weighted([['medium', 60], ['high', 25], ['low', 15]]),
      location: type === 'meeting' ? g.r.pick(t.pack.locations) : null,
      related_to: t.id, contact_id: t.contact?.id ?? null,
      invitee_ids: type === 'meeting' && g.r.chance(0.3) ? g.r.sample(g.owners.users.filter((u) => u !== owner), 1) : null,
      reminder_minutes: day >= 0 ? g.r.pick([10, 15, 30, 60]) : null,
      assigned_to: owner,
    });
  }
}

export async function generateTasks(g: GenContext, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const t = pickTarget(g);
    if (!t) return;
    const day = g.r.int(-300, 45);
    const status = day < -14 ? g.r.weighted([['completed', 75], ['deferred', 10], ['pending_input', 5], ['in_progress', 10]])
      : day < 0 ? g.r.weighted([['completed', 40], ['in_progress', 35], ['pending_input', 15], ['not_started', 10]])
        : g.r.weighted([['not_started', 50], ['planned', 25], ['in_progress', 25]]);
    await create(g.ctx, 'tasks', {
      subject: fill(g.r.pick(t.pack.tasks), { company: t.company, name: t.contact ? fullName(t.contact.person) : t.company }),
      due_date: g.cal.date(day), status, priority: g.r.weighted([['medium', 55], ['high', 25], ['low', 20]]),
      related_to: t.id, contact_id: t.contact?.id ?? null,
      reminder_minutes: day >= 0 && g.r.chance(0.3) ? 60 : null,
      assigned_to: g.r.chance(0.9) ? t.owner : g.r.pick(g.owners.sales),
    });
  }
}
