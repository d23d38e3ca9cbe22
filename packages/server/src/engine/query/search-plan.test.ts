import { describe, expect, it } from 'vitest';
import { intersectsNeedlessly, type PlanNode } from './search-plan.js';

const scan = (index: string, rows: number): PlanNode => ({ 'Node Type': 'Bitmap Index Scan', 'Index Name': index, 'Plan Rows': rows });
/** A search page's plan as PostgreSQL gives it: Limit → Sort → Bitmap Heap Scan → BitmapAnd of two index scans. */
const page = (searchRows: number, ownerRows: number): PlanNode => ({
  'Node Type': 'Limit', Plans: [{ 'Node Type': 'Sort', Plans: [{ 'Node Type': 'Bitmap Heap Scan', Plans: [{
    'Node Type': 'BitmapAnd', Plans: [scan('contacts_search', searchRows), scan('contacts_owner_updated', ownerRows)],
  }] }] }],
});

describe('a search intersected with the owner index', () => {
  it('is needless when the owner index reads far more entries than the search matches rows', () => {
    // A sales manager at a million contacts: 257,000 entries read to spare visiting ~5,600 rows.
    expect(intersectsNeedlessly(page(5_647, 257_296), 'contacts')).toBe(true);
  });

  it('stands when the owner index is small or the search matches about as many rows', () => {
    expect(intersectsNeedlessly(page(5_647, 12_000), 'contacts')).toBe(false); // few entries: cheap to read
    expect(intersectsNeedlessly(page(40_000, 257_296), 'contacts')).toBe(false); // a common term: intersecting pays
  });

  it('counts the owner index beside the readers\' index, but not a filter\'s index', () => {
    const withReaders: PlanNode = { 'Node Type': 'Bitmap Heap Scan', Plans: [{ 'Node Type': 'BitmapAnd', Plans: [
      scan('events_search', 2_000),
      { 'Node Type': 'BitmapOr', Plans: [scan('events_owner_updated', 150_000), scan('events_readers', 400)] },
    ] }] };
    expect(intersectsNeedlessly(withReaders, 'events')).toBe(true);
    const byFilter: PlanNode = { 'Node Type': 'BitmapAnd', Plans: [scan('contacts_search', 5_647), scan('contacts_account_id', 257_296)] };
    expect(intersectsNeedlessly(byFilter, 'contacts')).toBe(false);
  });

  it('looks only at its own table\'s search index, and at plans with no intersection', () => {
    expect(intersectsNeedlessly(page(5_647, 257_296), 'accounts')).toBe(false);
    expect(intersectsNeedlessly({ 'Node Type': 'Bitmap Heap Scan', Plans: [scan('contacts_search', 100)] }, 'contacts')).toBe(false);
    expect(intersectsNeedlessly(null, 'contacts')).toBe(false);
  });
});
