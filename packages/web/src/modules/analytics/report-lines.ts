import { OPERATORS_BY_TYPE, pickText, type FieldMeta, type Lang, type ModuleMeta } from '@karta/shared';
import { LINE_REPORT_FIELDS, LINES_PATH } from '@karta/shared/reports';
import type { MetaIndex } from '../../api/meta';

const COSTED = ['cost', 'gross_profit'];

/**
 * The line fields a report on this module may use (quotes, orders, invoices: `lines.<field>`), as the server allows
 * them: cost and gross profit only when the catalogue's purchase cost is readable for the user.
 */
export function lineFields(meta: MetaIndex, m: ModuleMeta, lang: Lang): FieldMeta[] {
  const has = (mod: ModuleMeta | undefined, name: string) => Boolean(mod?.fields.some((f) => f.name === name && !f.hidden));
  if (!m.fields.some((f) => f.name === LINES_PATH && f.type === 'json') || !has(m, 'grand_total')) return [];
  const costly = ['products', 'services'].every((n) => has(meta.module(n), 'purchase_cost'));
  return LINE_REPORT_FIELDS.filter((f) => costly || !COSTED.includes(f.name)).map((f) => ({
    name: f.name, type: f.type, label: pickText(f.label, lang), required: false, read_only: true, reference: f.reference,
    sortable: false, operators: OPERATORS_BY_TYPE[f.type],
  }));
}

/** The lines as a module of their own, for the filter builder of `line_where`. */
export function linesModule(m: ModuleMeta, fields: FieldMeta[]): ModuleMeta {
  return { ...m, name: LINES_PATH, fields };
}

export function linesLabel(m: ModuleMeta): string {
  return m.fields.find((f) => f.name === LINES_PATH)?.label ?? LINES_PATH;
}
