import type { Client } from './test-app.js';

/** The id of the "Sales person" profile (sales1's and sales2's), whose field rules tests change and clear. */
export async function salesProfile(admin: Client): Promise<string> {
  const roles = (await admin.get('/api/v1/roles')).body.data as { name: string; profile_ids: string[] }[];
  return roles.find((x) => x.name === 'Sales person')!.profile_ids[0];
}

/** Runs `fn` while the "Sales person" profile's module rights are changed by `change`; they are put back after. */
export async function withSalesModules(admin: Client, change: (modules: Record<string, string[]>) => Record<string, string[]>, fn: () => Promise<void>): Promise<void> {
  const profile = await salesProfile(admin);
  const modules = (await admin.get(`/api/v1/profiles/${profile}`)).body.data.modules as Record<string, string[]>;
  const changed = await admin.patch(`/api/v1/profiles/${profile}`, { modules: change(modules) });
  if (changed.status !== 200) throw new Error(`profile change refused: ${changed.raw}`);
  try {
    await fn();
  } finally {
    await admin.patch(`/api/v1/profiles/${profile}`, { modules });
  }
}

/** The module rights without one module (as if the profile did not have it at all). */
export const without = (module: string) => (modules: Record<string, string[]>) => {
  // Taking away what the profile does not have would test nothing.
  if (!modules[module]) throw new Error(`the profile has no ${module} to take away`);
  return Object.fromEntries(Object.entries(modules).filter(([m]) => m !== module));
};
