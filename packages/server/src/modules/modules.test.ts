/** Consistency of the standard module declarations (pure data; no database). */
import { describe, expect, it } from 'vitest';
import { LANGUAGES, type FieldDef, type FieldType, type I18nText, type ModuleDef } from '@karta/shared';
import { standardModules } from './index.js';

const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const SYSTEM_NAMES = ['id', 'number', 'assigned_to', 'created_by', 'created_at', 'updated_at', 'version', 'deleted_at', 'search_text'];
/** System fields a layout or a list may show. */
const SHOWABLE_SYSTEM = ['number', 'assigned_to', 'created_at', 'updated_at', 'created_by'];
const ALL_TYPES: FieldType[] = [
  'text', 'textarea', 'integer', 'decimal', 'money', 'percent', 'boolean', 'date', 'datetime', 'email', 'phone',
  'url', 'picklist', 'multipicklist', 'reference', 'owner', 'image', 'file', 'json',
] as FieldType[];

const EXPECTED_MODULES = [
  'accounts', 'contacts', 'leads', 'deals', 'deal_kinds', 'products', 'services', 'price_books', 'vendors', 'quotes',
  'sales_orders', 'invoices', 'purchase_orders', 'campaigns', 'tickets', 'faqs', 'service_contracts', 'assets',
  'events', 'tasks', 'documents', 'comments', 'emails', 'reports', 'email_templates', 'workflows', 'webhooks', 'approval_processes', 'print_templates',
  'web_forms', 'mailings', 'segments', 'claims', 'surveys', 'survey_responses', 'marketing_events', 'price_types', 'offers', 'loyalty_programs', 'loyalty_cards',
];

const byName = new Map(standardModules.map((m) => [m.name, m]));
const fieldOf = (m: ModuleDef, name: string): FieldDef | undefined => m.fields.find((f) => f.name === name);

function expectI18n(text: I18nText | undefined, where: string): void {
  expect(text, where).toBeDefined();
  for (const lang of LANGUAGES) expect(text?.[lang]?.trim(), `${where} [${lang}]`).toBeTruthy();
}

describe('standard modules', () => {
  it('declares every module once, with unique prefixes', () => {
    expect([...byName.keys()].sort()).toEqual([...EXPECTED_MODULES].sort());
    expect(byName.size).toBe(standardModules.length);
    const prefixes = standardModules.map((m) => m.numberPrefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    for (const p of prefixes) expect(p).toMatch(/^[A-Z]+$/);
  });

  for (const m of standardModules) {
    describe(m.name, () => {
      const names = m.fields.map((f) => f.name);
      const declared = new Set(names);
      const showable = (n: string) => declared.has(n) || SHOWABLE_SYSTEM.includes(n);

      it('has a name, labels in four languages and a sharing level', () => {
        expect(m.name).toMatch(SNAKE);
        expectI18n(m.label.one, `${m.name}.label.one`);
        expectI18n(m.label.many, `${m.name}.label.many`);
        expect(['private', 'public_read', 'public_read_write']).toContain(m.sharing);
      });

      it('has unique snake_case fields that are not system fields', () => {
        expect(new Set(names).size, `duplicates in ${names.join(',')}`).toBe(names.length);
        for (const f of m.fields) {
          expect(f.name, `${m.name}.${f.name}`).toMatch(SNAKE);
          expect(SYSTEM_NAMES, `${m.name}.${f.name} is a system field`).not.toContain(f.name);
          expect(ALL_TYPES, `${m.name}.${f.name} type`).toContain(f.type);
          expectI18n(f.label, `${m.name}.${f.name}.label`);
        }
      });

      it('names only declared modules in references', () => {
        for (const f of m.fields) {
          if (f.type === 'reference') {
            expect(f.reference?.length, `${m.name}.${f.name} reference`).toBeGreaterThan(0);
            for (const r of f.reference ?? []) expect(byName.has(r), `${m.name}.${f.name} → ${r}`).toBe(true);
            expect(f.name, `${m.name}.${f.name}`).toMatch(/(_id|^related_to)$/);
          } else {
            expect(f.reference, `${m.name}.${f.name} is not a reference`).toBeUndefined();
          }
        }
      });

      it('has valid picklist options and defaults', () => {
        for (const f of m.fields) {
          const where = `${m.name}.${f.name}`;
          if (f.type !== 'picklist' && f.type !== 'multipicklist') {
            expect(f.options, `${where} has options`).toBeUndefined();
            continue;
          }
          const values = (f.options ?? []).map((o) => o.value);
          expect(values.length, `${where} options`).toBeGreaterThan(0);
          expect(new Set(values).size, `${where} duplicate values`).toBe(values.length);
          for (const o of f.options ?? []) {
            // Currency picklists store ISO 4217 codes; every other value is snake_case.
            // Currencies are ISO codes; a rounding precision is the number itself (API.md: "0.01|0.1|1|10|100").
            expect(o.value, `${where}=${o.value}`).toMatch(f.name === 'currency' ? /^[A-Z]{3}$/ : f.name === 'rounding_precision' ? /^\d+(\.\d+)?$/ : SNAKE);
            expectI18n(o.label, `${where}=${o.value}`);
          }
          if (f.default !== undefined && f.default !== null) expect(values, `${where} default`).toContain(f.default);
        }
      });

      it('lays out every visible field in exactly one block', () => {
        expect(m.blocks.length).toBeGreaterThan(0);
        const keys = m.blocks.map((b) => b.key);
        expect(new Set(keys).size).toBe(keys.length);
        const placed = new Map<string, number>();
        for (const b of m.blocks) {
          expect(b.key).toMatch(SNAKE);
          expectI18n(b.label, `${m.name} block ${b.key}`);
          for (const n of b.fields) {
            expect(showable(n), `${m.name} block ${b.key}: ${n}`).toBe(true);
            placed.set(n, (placed.get(n) ?? 0) + 1);
          }
        }
        for (const f of m.fields) {
          expect(placed.get(f.name) ?? 0, `${m.name}.${f.name} in blocks`).toBe(f.hidden ? 0 : 1);
        }
      });

      it('has a title, list columns and a sort on declared fields', () => {
        expect(m.titleFields.length).toBeGreaterThan(0);
        for (const n of m.titleFields) expect(declared.has(n), `${m.name} title ${n}`).toBe(true);
        const cols = m.list.columns;
        expect(cols.length).toBeGreaterThanOrEqual(4);
        expect(cols.length).toBeLessThanOrEqual(7);
        expect(new Set(cols).size).toBe(cols.length);
        for (const c of cols) expect(showable(c), `${m.name} column ${c}`).toBe(true);
        expect(cols.some((c) => m.titleFields.includes(c)), `${m.name} list shows its title`).toBe(true);
        for (const s of m.list.sort.split(',')) expect(showable(s.replace(/^-/, '')), `${m.name} sort ${s}`).toBe(true);
      });

      it('has consistent relations', () => {
        const rels = m.relations ?? [];
        const relNames = rels.map((r) => r.name);
        expect(new Set(relNames).size, `${m.name} relation names`).toBe(relNames.length);
        for (const r of rels) {
          const where = `${m.name} → ${r.name}`;
          expect(r.name).toMatch(SNAKE);
          expectI18n(r.label, where);
          const target = byName.get(r.module);
          expect(target, `${where}: module ${r.module}`).toBeDefined();
          if (!target) continue;
          if (r.kind === 'one_to_many') {
            const f = r.field ? fieldOf(target, r.field) : undefined;
            expect(f, `${where}: ${r.module}.${r.field}`).toBeDefined();
            expect(f?.type, `${where}: field type`).toBe('reference');
            expect(f?.reference, `${where}: references back`).toContain(m.name);
            expect(r.table, `${where}: no table`).toBeUndefined();
          } else {
            expect(r.table, `${where}: table`).toMatch(SNAKE);
            const back = (target.relations ?? []).find((x) => x.kind === 'many_to_many' && x.table === r.table);
            expect(back, `${where}: reverse side of ${r.table}`).toBeDefined();
            expect(back?.module, `${where}: reverse module`).toBe(m.name);
            if (r.linkField) {
              expect(r.linkField.name).toMatch(SNAKE);
              expectI18n(r.linkField.label, `${where} link field`);
              const values = r.linkField.options.map((o) => o.value);
              expect(new Set(values).size).toBe(values.length);
              for (const o of r.linkField.options) {
                expect(o.value).toMatch(SNAKE);
                expectI18n(o.label, `${where} link ${o.value}`);
              }
            }
            expect(back?.linkField, `${where}: same link field on both sides`).toEqual(r.linkField);
          }
        }
      });
    });
  }
});

const AREAS: Record<string, string[]> = {
  marketing: ['campaigns', 'leads', 'email_templates', 'web_forms', 'mailings', 'segments', 'marketing_events', 'surveys', 'survey_responses', 'loyalty_programs', 'loyalty_cards'],
  settings: ['workflows', 'webhooks', 'approval_processes', 'print_templates'],
  sales: ['accounts', 'contacts', 'deals', 'deal_kinds', 'offers', 'quotes', 'sales_orders', 'invoices'],
  inventory: ['products', 'services', 'price_books', 'price_types', 'vendors', 'purchase_orders'],
  support: ['tickets', 'faqs', 'service_contracts', 'assets', 'claims'],
  activities: ['events', 'tasks', 'documents', 'comments'],
};
const PUBLIC_READ = ['products', 'services', 'price_books', 'vendors', 'faqs', 'deal_kinds', 'campaigns', 'comments', 'email_templates', 'approval_processes', 'print_templates', 'web_forms', 'segments', 'marketing_events', 'surveys', 'price_types', 'offers', 'loyalty_programs', 'loyalty_cards'];

describe('areas and sharing', () => {
  it('puts every module in its menu area with its default sharing', () => {
    for (const [area, mods] of Object.entries(AREAS)) {
      for (const name of mods) expect(byName.get(name)?.area, name).toBe(area);
    }
    for (const m of standardModules) {
      expect(m.sharing, m.name).toBe(PUBLIC_READ.includes(m.name) ? 'public_read' : 'private');
    }
  });
});

describe('link tables', () => {
  it('join exactly one pair of modules each', () => {
    const pairs = new Map<string, Set<string>>();
    for (const m of standardModules) {
      for (const r of m.relations ?? []) {
        if (r.kind !== 'many_to_many' || !r.table) continue;
        const set = pairs.get(r.table) ?? new Set<string>();
        set.add(m.name).add(r.module);
        pairs.set(r.table, set);
      }
    }
    for (const [table, mods] of pairs) expect(mods.size, table).toBeLessThanOrEqual(2);
  });
});

/** API.md "Field names integrations rely on": these names and types are fixed. */
const DOC = {
  subject: 'text', contact_id: 'reference', deal_id: 'reference', status: 'picklist', currency: 'picklist',
  lines: 'json', tax_mode: 'picklist', shipping_amount: 'money', adjustment: 'money', items_total: 'money',
  pre_tax_total: 'money', tax_total: 'money', grand_total: 'money',
} as const;

const API_FIELDS: Record<string, Record<string, string>> = {
  accounts: {
    name: 'text', phone: 'phone', email: 'email', website: 'url', industry: 'picklist', account_type: 'picklist',
    parent_id: 'reference', billing_city: 'text', billing_country: 'text',
  },
  contacts: {
    first_name: 'text', last_name: 'text', account_id: 'reference', email: 'email', phone: 'phone', mobile: 'phone',
    title: 'text',
  },
  leads: {
    first_name: 'text', last_name: 'text', company: 'text', email: 'email', phone: 'phone', lead_source: 'picklist',
    lead_status: 'picklist', converted: 'boolean',
  },
  deals: {
    name: 'text', account_id: 'reference', contact_id: 'reference', amount: 'money', currency: 'picklist',
    close_date: 'date', deal_kind_id: 'reference', stage: 'picklist', probability: 'percent',
    estimated_probability: 'percent', status: 'picklist', loss_reason: 'picklist',
  },
  deal_kinds: { name: 'text', mode: 'picklist', stages: 'json' },
  products: {
    name: 'text', product_code: 'text', unit_price: 'money', qty_in_stock: 'decimal', reorder_level: 'decimal',
    vendor_id: 'reference', tax_class: 'picklist',
  },
  quotes: { ...DOC, account_id: 'reference' },
  sales_orders: { ...DOC, account_id: 'reference' },
  invoices: { ...DOC, account_id: 'reference' },
  purchase_orders: { ...DOC, vendor_id: 'reference' },
  events: {
    subject: 'text', event_type: 'picklist', start_at: 'datetime', end_at: 'datetime', all_day: 'boolean',
    recurrence: 'text', reminder_minutes: 'integer', related_to: 'reference', invitee_ids: 'json', status: 'picklist',
  },
  tasks: {
    subject: 'text', due_date: 'date', status: 'picklist', priority: 'picklist', related_to: 'reference',
    reminder_minutes: 'integer',
  },
  comments: { body: 'textarea', related_to: 'reference', parent_id: 'reference' },
  documents: { title: 'text', file_id: 'file', url: 'url', folder: 'picklist' },
  tickets: {
    title: 'text', contact_id: 'reference', account_id: 'reference', status: 'picklist', priority: 'picklist',
    severity: 'picklist', category: 'picklist',
  },
};

describe('API.md fixed field names', () => {
  for (const [module, fields] of Object.entries(API_FIELDS)) {
    it(module, () => {
      const m = byName.get(module);
      expect(m).toBeDefined();
      for (const [name, type] of Object.entries(fields)) {
        expect(m && fieldOf(m, name)?.type, `${module}.${name}`).toBe(type);
      }
    });
  }

  it('has the details the integrations and the engine rely on', () => {
    const f = (mod: string, name: string) => fieldOf(byName.get(mod)!, name)!;
    // The stage is required by the deal's kind (a kind without stages has none), checked by the deals behaviour.
    expect(f('deals', 'stage').required).toBeFalsy();
    expect(f('deals', 'close_date').required).toBe(true);
    expect(f('deals', 'status').default).toBe('open');
    expect(f('deals', 'estimated_probability').readOnly).toBe(true);
    expect(f('deals', 'forecast_amount').readOnly).toBe(true);
    expect(f('leads', 'converted')).toMatchObject({ readOnly: true, default: false });
    for (const doc of ['quotes', 'sales_orders', 'invoices', 'purchase_orders']) {
      for (const total of ['items_total', 'pre_tax_total', 'tax_total', 'grand_total']) {
        expect(f(doc, total).readOnly, `${doc}.${total}`).toBe(true);
      }
      expect(f(doc, 'tax_mode').options?.map((o) => o.value)).toEqual(['individual', 'group']);
    }
    expect(f('deals', 'stage').options?.map((o) => o.value)).toEqual([
      'prospecting', 'qualification', 'needs_analysis', 'value_proposition', 'id_decision_makers',
      'perception_analysis', 'proposal_price_quote', 'negotiation_review', 'closed_won', 'closed_lost',
    ]);
    expect(f('deal_kinds', 'mode').options?.map((o) => o.value)).toEqual(['none', 'manual', 'process']);
  });
});
