import type { ModuleMeta } from '@karta/shared';
import type { MetaIndex } from '../../api/meta';

/** A module whose records refer back to the report's (deals of an account), as a report path names it. */
export interface RelatedChoice { key: string; module: ModuleMeta; label: string }

/**
 * The related modules a report on `m` may take records of, as the server resolves them: a module with a reference
 * back — the one named after `m` where there are several (a deal's account, not its winning competitor), else each
 * named after a colon (`events:related_to`).
 */
export function relatedChoices(meta: MetaIndex, m: ModuleMeta): RelatedChoice[] {
  const usual = `${m.name.replace(/s$/, '')}_id`;
  const out: RelatedChoice[] = [];
  for (const c of meta.modules) {
    if (!c.allowed.includes('view') || c.name === 'reports' || m.fields.some((f) => f.name === c.name)) continue;
    let back = c.fields.filter((f) => f.type === 'reference' && !f.hidden && f.reference?.includes(m.name));
    if (back.length > 1 && back.some((f) => f.name === usual)) back = back.filter((f) => f.name === usual);
    if (back.length === 1) out.push({ key: c.name, module: c, label: c.label.many });
    else for (const f of back) out.push({ key: `${c.name}:${f.name}`, module: c, label: `${c.label.many} (${f.label})` });
  }
  return out;
}

/** The related module a definition's paths name (a report takes one), if any. */
export function relatedInUse(choices: RelatedChoice[], paths: (string | undefined)[]): RelatedChoice | undefined {
  const firsts = new Set(paths.filter((p): p is string => Boolean(p?.includes('.'))).map((p) => p.split('.')[0]));
  return choices.find((c) => firsts.has(c.key));
}
