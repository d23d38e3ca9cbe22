import type { FieldMeta } from '../../api/types';

/**
 * How wide a column of a field type may grow (px): a name gets room, an e-mail or a phone no more than it needs,
 * a date or a number only its width. Longer values are cut with an ellipsis and shown whole on hover.
 */
export function columnWidth(f: FieldMeta, isTitle: boolean): { min: number; max: number } {
  if (isTitle) return { min: 180, max: 360 };
  switch (f.type) {
    case 'email': case 'url': return { min: 140, max: 220 };
    case 'phone': return { min: 120, max: 160 };
    case 'date': return { min: 96, max: 120 };
    case 'datetime': return { min: 130, max: 170 };
    case 'integer': case 'decimal': case 'percent': return { min: 70, max: 120 };
    case 'money': return { min: 100, max: 160 };
    case 'boolean': return { min: 50, max: 80 };
    case 'picklist': case 'owner': return { min: 100, max: 180 };
    case 'reference': return { min: 140, max: 240 };
    case 'textarea': case 'multipicklist': return { min: 140, max: 260 };
    default: return { min: 110, max: 240 };
  }
}

export const NUMERIC = new Set(['integer', 'decimal', 'percent', 'money']);
