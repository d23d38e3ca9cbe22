/** A block of a module's layout as the editor holds it. */
export interface LayoutBlock { key: string; label: Record<string, string>; fields: string[]; custom?: boolean }

/**
 * The layout to show after the server's changed (a field relabelled, restored or purged): the user's unsaved
 * arrangement stays, minus fields the server no longer places and plus those it newly places, each in the block the
 * server put it in (or the first). Nothing unsaved: simply the server's layout.
 */
export function rebaseLayout(mine: LayoutBlock[] | null, before: LayoutBlock[] | null, now: LayoutBlock[]): LayoutBlock[] {
  if (!mine || !before || JSON.stringify(mine) === JSON.stringify(before)) return now;
  const placedNow = new Set(now.flatMap((b) => b.fields));
  const kept = mine.map((b) => ({ ...b, fields: b.fields.filter((f) => placedNow.has(f)) }));
  for (const b of now) if (!kept.some((k) => k.key === b.key)) kept.push({ ...b, fields: [] });
  const placed = new Set(kept.flatMap((b) => b.fields));
  for (const b of now) {
    for (const f of b.fields) {
      if (placed.has(f)) continue;
      (kept.find((k) => k.key === b.key) ?? kept[0]).fields.push(f);
      placed.add(f);
    }
  }
  return kept;
}
