/**
 * A module's form and record-page layout as an administrator arranged it (the vTiger layout editor): blocks in
 * their order, each with its fields in order; blocks of their own; custom fields in any block. Applied over the
 * declared blocks when the registry is built: a field placed nowhere (new in code, a new custom field) stays in its
 * declared block, a declared block left out comes after, and nothing is shown twice.
 */
import type { BlockDef, I18nText } from '@karta/shared';

export interface LayoutBlock { key: string; label?: I18nText; fields: string[] }
export interface LayoutRow { module: string; blocks: LayoutBlock[] }

/** Keys of blocks an administrator adds. */
export const CUSTOM_BLOCK = /^custom_[a-z0-9_]{1,40}$/;

export function applyLayout(declared: BlockDef[], layout: LayoutBlock[] | undefined, fieldNames: Set<string>): BlockDef[] {
  if (!layout?.length) return declared;
  const placed = new Set<string>();
  const take = (names: string[]) => names.filter((n) => fieldNames.has(n) && !placed.has(n) && placed.add(n));
  const byKey = new Map(declared.map((b) => [b.key, b]));
  const out: BlockDef[] = [];
  for (const b of layout) {
    const base = byKey.get(b.key);
    if (!base && !CUSTOM_BLOCK.test(b.key)) continue;
    out.push({ key: b.key, label: b.label ?? base?.label ?? { en: b.key, ru: b.key, uk: b.key, zh: b.key }, fields: take(b.fields) });
  }
  for (const b of declared) if (!out.some((o) => o.key === b.key)) out.push({ ...b, fields: [] });
  // What the layout does not place goes where the declaration put it.
  for (const b of declared) {
    const target = out.find((o) => o.key === b.key)!;
    target.fields.push(...take(b.fields));
  }
  return out;
}
