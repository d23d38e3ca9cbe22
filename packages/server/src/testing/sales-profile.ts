import type { Client } from './test-app.js';

/** The id of the "Sales person" profile (sales1's and sales2's), whose field rules tests change and clear. */
export async function salesProfile(admin: Client): Promise<string> {
  const roles = (await admin.get('/api/v1/roles')).body.data as { name: string; profile_ids: string[] }[];
  return roles.find((x) => x.name === 'Sales person')!.profile_ids[0];
}
