import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import en from './en';
import ru from './ru';
import uk from './uk';
import zh from './zh';

/** Every key as a dotted path: { list: { next: '…' } } → ['list.next']. */
function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

function lookup(obj: object, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(tsx?)$/.test(name) && !name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('translations', () => {
  const reference = keys(en).sort();
  for (const [lang, dict] of Object.entries({ ru, uk, zh })) {
    it(`${lang} has exactly the English keys`, () => {
      const own = keys(dict).sort();
      expect(reference.filter((k) => !own.includes(k)), `missing in ${lang}`).toEqual([]);
      expect(own.filter((k) => !reference.includes(k)), `extra in ${lang}`).toEqual([]);
    });
    it(`${lang} has no empty texts and keeps every {{placeholder}}`, () => {
      for (const k of reference) {
        const text = String(lookup(dict, k));
        expect(text.trim(), `${lang}:${k}`).not.toBe('');
        const wanted = (String(lookup(en, k)).match(/\{\{\w+\}\}/g) ?? []).sort();
        expect((text.match(/\{\{\w+\}\}/g) ?? []).sort(), `${lang}:${k}`).toEqual(wanted);
      }
    });
  }

  it('every literal key the code uses exists', () => {
    const used = new Set<string>();
    for (const file of sources(srcDir)) {
      // Comments show examples of keys other issues will add; only code counts.
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"])\/\/.*$/gm, '$1');
      for (const m of text.matchAll(/\bt\(\s*'([a-z_]+\.[a-z_.0-9]+)'/g)) used.add(m[1]);
      for (const m of text.matchAll(/labelKey:\s*'([a-z_]+\.[a-z_.0-9]+)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((k) => typeof lookup(en, k) !== 'string')).toEqual([]);
  });

  it('every loading indicator has a translated name (through Busy, not a bare Loader)', () => {
    // An unnamed progressbar is a serious axe violation; the router's pre-i18n fallback is the one exception.
    const bare = sources(srcDir).filter((f) => !/app[\\/](busy|router)\.tsx$/.test(f) && /<Loader\b/.test(readFileSync(f, 'utf8')));
    expect(bare.map((f) => path.relative(srcDir, f))).toEqual([]);
  });

  it('every dynamic key family is complete (areas, operators, field types, permissions, sharing)', () => {
    const families: Record<string, string[]> = {
      areas: ['marketing', 'sales', 'inventory', 'support', 'activities', 'analytics', 'settings'],
      ops: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'nin', 'contains', 'starts_with', 'ends_with', 'empty', 'not_empty', 'between'],
      field_types: ['text', 'textarea', 'integer', 'decimal', 'money', 'percent', 'boolean', 'date', 'datetime', 'email', 'phone', 'url', 'picklist', 'multipicklist', 'reference', 'owner', 'image', 'file', 'json'],
      permissions: ['view', 'create', 'edit', 'delete', 'export', 'import'],
      sharing: ['private', 'public_read', 'public_read_write'],
    };
    for (const [family, members] of Object.entries(families)) {
      for (const m of members) expect(typeof lookup(en, `${family}.${m}`), `${family}.${m}`).toBe('string');
    }
  });
});
