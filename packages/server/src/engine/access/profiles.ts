import { MODULE_ACTIONS, type ModuleAction } from '@karta/shared';
import type { FieldRules } from './field-view.js';

/** One profile as it reaches a user: module rights and field rules. */
export interface ProfileGrant {
  modules: Record<string, ModuleAction[]>;
  fields: FieldRules;
}

/**
 * A user's rights from the profiles of their role — the most permissive wins: an action any profile grants is granted;
 * a field is restricted only if every profile that lets the user see the module restricts it (read-only if any of
 * them allows reading it, hidden if all hide it).
 */
export function combineProfiles(profiles: ProfileGrant[]): { permissions: Record<string, ModuleAction[]>; fieldRules: FieldRules } {
  const permissions: Record<string, ModuleAction[]> = {};
  for (const p of profiles) {
    for (const [module, actions] of Object.entries(p.modules ?? {})) {
      const set = new Set([...(permissions[module] ?? []), ...(Array.isArray(actions) ? actions : [])]);
      permissions[module] = MODULE_ACTIONS.filter((a) => set.has(a));
    }
  }
  const fieldRules: FieldRules = {};
  for (const module of Object.keys(permissions)) {
    const seeing = profiles.filter((p) => p.modules?.[module]?.includes('view'));
    if (!seeing.length) continue;
    const fields = new Set(seeing.flatMap((p) => Object.keys(p.fields?.[module] ?? {})));
    const rules: Record<string, 'hidden' | 'read_only'> = {};
    for (const field of fields) {
      const each = seeing.map((p) => p.fields?.[module]?.[field]);
      if (each.some((rule) => rule !== 'hidden' && rule !== 'read_only')) continue;
      rules[field] = each.includes('read_only') ? 'read_only' : 'hidden';
    }
    if (Object.keys(rules).length) fieldRules[module] = rules;
  }
  return { permissions, fieldRules };
}
