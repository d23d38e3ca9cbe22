import {
  OPERATORS_BY_TYPE, SORTABLE_TYPES, pickText, type FieldDef, type Lang, type ModuleAction, type ModuleDef, type ModuleMeta,
  type RelationDef,
} from '@karta/shared';
import { AppError } from '../../platform/errors.js';
import { SYSTEM_FIELDS } from './system-fields.js';
import type { ModuleBehaviour } from './behaviour.js';
import { applyLayout, type LayoutRow } from './layout.js';
import { msg } from '../../platform/messages/say.js';

/** A module with its custom fields merged in and lookups prepared; frozen once built. */
export interface ResolvedModule extends ModuleDef {
  /** Declared + custom + system fields. */
  allFields: FieldDef[];
  fieldMap: Map<string, FieldDef>;
  relations: RelationDef[];
  behaviour: ModuleBehaviour;
  /** In a user's view (access/field-view.ts): a searchable field is hidden from them, so search reads visible columns. */
  hiddenSearchable?: boolean;
}

export interface CustomFieldRow {
  module: string;
  name: string;
  type: FieldDef['type'];
  label: FieldDef['label'];
  options: FieldDef['options'] | null;
  required: boolean;
  reference: string[] | null;
}

/** Administrator-edited values of a picklist (declared or custom), replacing the declared list. */
export interface PicklistRow {
  module: string;
  field: string;
  options: NonNullable<FieldDef['options']>;
}

/** The registry: every module the engine serves, built from code declarations plus the custom-field overlay. */
export class Registry {
  readonly modules: ReadonlyMap<string, ResolvedModule>;

  constructor(defs: ModuleDef[], behaviours: Record<string, ModuleBehaviour>, custom: CustomFieldRow[] = [], picklists: PicklistRow[] = [], layouts: LayoutRow[] = []) {
    const map = new Map<string, ResolvedModule>();
    const edited = new Map(picklists.map((p) => [`${p.module}.${p.field}`, p.options]));
    const withEdits = (module: string, f: FieldDef): FieldDef => {
      const options = edited.get(`${module}.${f.name}`);
      return options && f.options ? { ...f, options } : f;
    };
    for (const def of defs) {
      const extra: FieldDef[] = custom.filter((c) => c.module === def.name).map((c) => ({
        name: c.name, type: c.type, label: c.label, required: c.required, custom: true,
        ...(c.options ? { options: c.options } : {}), ...(c.reference ? { reference: c.reference } : {}),
        searchable: c.type === 'text' || c.type === 'email' || c.type === 'phone',
      }));
      const allFields = [...[...def.fields, ...extra].map((f) => withEdits(def.name, f)), ...SYSTEM_FIELDS.map((f) => (f.name === 'id' ? { ...f, reference: [def.name] } : f))];
      const withCustom = extra.length
        ? [...def.blocks, { key: 'custom', label: { en: 'Custom fields', ru: 'Дополнительные поля', uk: 'Додаткові поля', zh: '自定义字段' }, fields: extra.map((f) => f.name) }]
        : def.blocks;
      // Every record's tags sit in its first block, after what the module put there.
      const declaredBlocks = withCustom.map((b, i) => (i === 0 && !b.fields.includes('tags') ? { ...b, fields: [...b.fields, 'tags'] } : b));
      const blocks = applyLayout(declaredBlocks, layouts.find((l) => l.module === def.name)?.blocks, new Set(allFields.map((f) => f.name)));
      map.set(def.name, Object.freeze({
        ...def, fields: def.fields.map((f) => withEdits(def.name, f)), blocks, allFields, fieldMap: new Map(allFields.map((f) => [f.name, f])),
        relations: def.relations ?? [], behaviour: behaviours[def.name] ?? {},
      }));
    }
    this.modules = map;
  }

  has(name: string): boolean {
    return this.modules.has(name);
  }

  /** The module, or 404 — unknown module names are not found, like invisible records. */
  module(name: string): ResolvedModule {
    const m = this.modules.get(name);
    if (!m) throw new AppError('NOT_FOUND', msg('No module "{name}"', { name }));
    return m;
  }

  list(): ResolvedModule[] {
    return [...this.modules.values()];
  }
}

export function fieldMeta(f: FieldDef, lang: Lang) {
  return {
    name: f.name, type: f.type, label: pickText(f.label, lang), required: !!f.required, read_only: !!f.readOnly,
    ...(f.options ? { options: f.options.map((o) => ({ value: o.value, label: pickText(o.label, lang) })) } : {}),
    ...(f.reference ? { reference: f.reference } : {}),
    ...(f.default !== undefined ? { default: f.default } : {}),
    ...(f.custom ? { custom: true } : {}), ...(f.hidden ? { hidden: true } : {}), ...(f.freeValues ? { free_values: true } : {}),
    ...(f.maxLength ? { max_length: f.maxLength } : {}),
    ...(f.openOptions ? { open_options: true } : {}),
    ...(f.min !== undefined ? { min: f.min } : {}),
    ...(f.max !== undefined ? { max: f.max } : {}),
    sortable: SORTABLE_TYPES.includes(f.type), operators: OPERATORS_BY_TYPE[f.type],
  };
}

/** The module as `/api/v1/meta/modules` shows it, in the caller's language. */
export function moduleMeta(m: ResolvedModule, lang: Lang, sharing: ModuleMeta['sharing'], allowed: ModuleAction[] = []): ModuleMeta {
  return {
    name: m.name, label: { one: pickText(m.label.one, lang), many: pickText(m.label.many, lang) }, area: m.area,
    number_prefix: m.numberPrefix, title_field: m.titleFields[m.titleFields.length - 1], title_fields: m.titleFields,
    fields: m.allFields.map((f) => fieldMeta(f, lang)),
    blocks: m.blocks.map((b) => ({ key: b.key, label: pickText(b.label, lang), fields: b.fields })),
    relations: m.relations.map((r) => ({
      name: r.name, module: r.module, kind: r.kind, label: pickText(r.label, lang), ...(r.field ? { field: r.field } : {}),
      ...(r.linkField ? { link_field: { name: r.linkField.name, label: pickText(r.linkField.label, lang), type: r.linkField.type ?? 'picklist', options: r.linkField.options.map((o) => ({ value: o.value, label: pickText(o.label, lang) })) } } : {}),
    })),
    list: m.list, sharing, allowed,
    ...(m.timelineRollup?.length ? { timeline_rollup: m.timelineRollup.map((r) => r.module) } : {}),
  };
}
