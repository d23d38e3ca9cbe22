/**
 * validateInput (engine/records/validate-input.ts) for the loader, with each field's zod schema built once.
 * The engine builds every schema again on every call (~90% of its validation time, ~240 µs per contact),
 * which would make the load CPU-bound. `checkedValidate` compares with the engine's own validateInput on a
 * sample of records so the two cannot drift apart silently.
 */
import { fieldSchema, type FieldDef } from '@karta/shared';
import { isDeepStrictEqual } from 'node:util';
import type { ResolvedModule } from '../packages/server/src/engine/registry/registry.js';
import { validateInput } from '../packages/server/src/engine/records/validate-input.js';

const schemas = new WeakMap<FieldDef, ReturnType<typeof fieldSchema>>();

function schema(f: FieldDef) {
  let s = schemas.get(f);
  if (!s) schemas.set(f, (s = fieldSchema(f, 'en')));
  return s;
}

/** The create-mode values of a body (unknown or read-only fields and bad values throw). */
export function fastValidate(m: ResolvedModule, body: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(body)) {
    const f = m.fieldMap.get(name);
    if (!f || f.readOnly) throw new Error(`bench: ${m.name}.${name} is not a writable field`);
    const empty = raw === null || raw === undefined || raw === '' || (Array.isArray(raw) && raw.length === 0);
    if (empty) {
      if (f.required) throw new Error(`bench: ${m.name}.${name} is required`);
      values[name] = f.type === 'multipicklist' ? [] : null;
      continue;
    }
    const r = schema(f).safeParse(raw);
    if (!r.success) throw new Error(`bench: ${m.name}.${name} = ${JSON.stringify(raw)}: ${r.error.issues[0]?.message}`);
    values[name] = r.data === '' ? null : r.data;
  }
  for (const f of m.allFields) {
    if (f.name in body || f.readOnly) continue;
    if (f.default !== undefined && f.default !== null) values[f.name] = f.default;
    else if (f.required) throw new Error(`bench: ${m.name}.${f.name} is required`);
  }
  return values;
}

/** fastValidate, cross-checked against the engine for every `every`-th record. */
export function checkedValidate(m: ResolvedModule, body: Record<string, unknown>, i: number, every = 1000): Record<string, unknown> {
  const values = fastValidate(m, body);
  if (i % every === 0) {
    const engine = validateInput(m, body, 'en', 'create');
    if (!isDeepStrictEqual(values, engine)) {
      throw new Error(`bench: the loader's validation differs from the engine's for ${m.name} #${i}: ${JSON.stringify(values)} vs ${JSON.stringify(engine)}`);
    }
  }
  return values;
}
