import type { RequestContext } from '../engine/context.js';
import { createRecord } from '../engine/records/create.js';

export interface DemoPeople {
  users: Record<string, string>;
  groups: Record<string, string>;
}

/** The seed's records (SPEC §4) — minimal slice; grows with the generated data set. */
export async function loadDemoRecords(ctx: RequestContext, people: DemoPeople): Promise<void> {
  const account = await createRecord(ctx, 'accounts', {
    name: 'ООО Современные технологии', website: 'https://sovtech.ru', phone: '(812) 338-75-92', email: 'info@sovtech.ru',
    billing_city: 'Москва', billing_country: 'Россия', assigned_to: people.users.sales1,
  });
  await createRecord(ctx, 'contacts', {
    first_name: 'Василий', last_name: 'Жданов', title: 'Технический директор', account_id: account.id,
    email: 'zgdanov@sovtech.ru', phone: '(812) 338-75-92', assigned_to: people.users.sales1,
  });
}
