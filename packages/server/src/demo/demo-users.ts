import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Tx } from '../platform/db.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { generatePassword } from '../platform/auth/tokens.js';

export interface DemoUser {
  username: string;
  password: string;
  role: string;
  id: string;
}

const PEOPLE: { username: string; first: string; last: string; role: string; language: string; groups: string[] }[] = [
  { username: 'manager', first: 'Ольга', last: 'Кузнецова', role: 'Sales manager', language: 'ru', groups: ['Отдел продаж'] },
  { username: 'sales1', first: 'Иван', last: 'Петров', role: 'Sales person', language: 'ru', groups: ['Отдел продаж'] },
  { username: 'sales2', first: 'Оксана', last: 'Коваленко', role: 'Sales person', language: 'uk', groups: ['Отдел продаж'] },
  { username: 'marketing', first: 'Li', last: 'Wei', role: 'Marketing', language: 'zh', groups: ['Отдел маркетинга'] },
  { username: 'support', first: 'John', last: 'Smith', role: 'Support', language: 'en', groups: ['Отдел тех. поддержки'] },
];

export const DEMO_GROUPS = ['Отдел маркетинга', 'Отдел продаж', 'Отдел тех. поддержки'];

/**
 * The demo company's people: a sales manager over two sales people (siblings: they do not see each
 * other's private records), marketing and support, in the seed's three groups.
 * KARTA_DEMO_PASSWORD gives them all one known password (tests); otherwise each gets a random one.
 */
export async function createDemoUsers(db: Tx): Promise<{ users: DemoUser[]; groups: Map<string, string> }> {
  const roles = await sql<{ id: string; name: string }>`select id, name from roles`.execute(db);
  const roleId = new Map(roles.rows.map((r) => [r.name, r.id]));
  const groups = new Map<string, string>();
  for (const name of DEMO_GROUPS) {
    const id = uuidv7();
    await sql`insert into groups (id, name) values (${id}, ${name}) on conflict (name) do nothing`.execute(db);
    const r = await sql<{ id: string }>`select id from groups where name = ${name}`.execute(db);
    groups.set(name, r.rows[0].id);
  }
  const users: DemoUser[] = [];
  for (const p of PEOPLE) {
    const password = process.env.KARTA_DEMO_PASSWORD || generatePassword();
    const id = uuidv7();
    await sql`insert into users (id, username, password_hash, first_name, last_name, email, role_id, language)
      values (${id}, ${p.username}, ${await hashPassword(password)}, ${p.first}, ${p.last}, ${p.username + '@example.com'}, ${roleId.get(p.role) ?? null}, ${p.language})`.execute(db);
    for (const g of p.groups) await sql`insert into group_members (group_id, user_id) values (${groups.get(g)!}, ${id})`.execute(db);
    users.push({ username: p.username, password, role: p.role, id });
  }
  return { users, groups };
}
