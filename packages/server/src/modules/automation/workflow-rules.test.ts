import { describe, expect, it } from 'vitest';
import { changesMatch, resolveValue, splitWhere, triggerFires } from './workflow-definition.js';
import { dueAt } from './workflow-schedule.js';

describe('workflow rules', () => {
  it('fire each write trigger only on its writes', () => {
    const stage = { stage: ['prospecting', 'negotiation_review'] as [unknown, unknown] };
    expect(triggerFires({ type: 'create' }, 'created', {})).toBe(true);
    expect(triggerFires({ type: 'create' }, 'updated', stage)).toBe(false);
    expect(triggerFires({ type: 'save' }, 'updated', stage)).toBe(true);
    expect(triggerFires({ type: 'save' }, 'deleted', {})).toBe(false);
    expect(triggerFires({ type: 'field_change', field: 'stage' }, 'updated', stage)).toBe(true);
    expect(triggerFires({ type: 'field_change', field: 'stage', to: 'negotiation_review' }, 'updated', stage)).toBe(true);
    expect(triggerFires({ type: 'field_change', field: 'stage', to: 'closed_won' }, 'updated', stage)).toBe(false);
    expect(triggerFires({ type: 'field_change', field: 'stage', from: 'qualification' }, 'updated', stage)).toBe(false);
    expect(triggerFires({ type: 'field_change', field: 'amount' }, 'updated', stage)).toBe(false);
    expect(triggerFires({ type: 'field_change', field: 'stage' }, 'created', stage)).toBe(false);
    expect(triggerFires({ type: 'date', field: 'close_date' }, 'updated', {})).toBe(false);
  });

  it('split change conditions from the filter; match them on what changed', () => {
    const where = { and: [{ field: 'amount', op: 'gt' as const, value: 5 }, { field: 'stage', op: 'changed_to' as never, value: 'closed_won' }] };
    const { filter, change } = splitWhere(where);
    expect(filter).toEqual({ and: [{ field: 'amount', op: 'gt', value: 5 }] });
    expect(change).toEqual([{ field: 'stage', op: 'changed_to', value: 'closed_won' }]);
    expect(changesMatch(change, { stage: ['a', 'closed_won'] })).toBe(true);
    expect(changesMatch(change, { stage: ['closed_won', 'a'] })).toBe(false);
    expect(changesMatch(change, {})).toBe(false);
    expect(changesMatch([{ field: 'x', op: 'changed' as never }], { x: [1, 2] })).toBe(true);
    expect(changesMatch([{ field: 'x', op: 'changed_from' as never, value: 1 }], { x: [1, 2] })).toBe(true);
    expect(splitWhere({ or: [{ field: 'a', op: 'eq', value: 1 }] })).toEqual({ filter: { or: [{ field: 'a', op: 'eq', value: 1 }] }, change: [] });
    expect(splitWhere(null)).toEqual({ filter: undefined, change: [] });
  });

  it('resolve update values: literals, today + n days, copies', async () => {
    const now = new Date('2026-12-03T10:00:00Z');
    const read = async (p: string) => `value of ${p}`;
    expect(await resolveValue('x', now, 'UTC', read)).toBe('x');
    expect(await resolveValue({ today_plus_days: 3 }, now, 'UTC', read)).toBe('2026-12-06');
    expect(await resolveValue({ today_plus_days: -3 }, now, 'UTC', read)).toBe('2026-11-30');
    expect(await resolveValue({ copy: 'account_id.industry' }, now, 'UTC', read)).toBe('value of account_id.industry');
    expect(await resolveValue(['a'], now, 'UTC', read)).toEqual(['a']);
    // Today is the run's clock's: 23:30 UTC on 3 December is already 4 December in Moscow, still the 3rd in New York.
    const late = new Date('2026-12-03T23:30:00Z');
    expect(await resolveValue({ today_plus_days: 1 }, late, 'Europe/Moscow', read)).toBe('2026-12-05');
    expect(await resolveValue({ today_plus_days: 1 }, late, 'America/New_York', read)).toBe('2026-12-04');
  });

  it('date triggers are due at 09:00 in the company zone, offset by days and hours', () => {
    expect(dueAt({ type: 'date', field: 'close_date', offset_days: -3 }, '2027-03-10', 'Europe/Moscow')?.toISOString()).toBe('2027-03-07T06:00:00.000Z');
    expect(dueAt({ type: 'date', field: 'close_date', offset_hours: 2 }, '2027-03-10', 'UTC')?.toISOString()).toBe('2027-03-10T11:00:00.000Z');
    expect(dueAt({ type: 'date', field: 'start_at', offset_hours: -1 }, '2027-03-10T15:30:00.000Z', 'Asia/Shanghai')?.toISOString()).toBe('2027-03-10T14:30:00.000Z');
    // Across a DST change the days move the date: still 09:00 on Berlin's clocks (CET before 29 March, CEST after).
    expect(dueAt({ type: 'date', field: 'close_date', offset_days: -3 }, '2026-03-30', 'Europe/Berlin')?.toISOString()).toBe('2026-03-27T08:00:00.000Z');
    expect(dueAt({ type: 'date', field: 'close_date', offset_days: 3 }, '2026-03-27', 'Europe/Berlin')?.toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(dueAt({ type: 'date', field: 'close_date', offset_days: -3 }, '2026-10-27', 'Europe/Berlin')?.toISOString()).toBe('2026-10-24T07:00:00.000Z');
    expect(dueAt({ type: 'date', field: 'close_date' }, null, 'UTC')).toBeNull();
    expect(dueAt({ type: 'date', field: 'close_date' }, 'garbage', 'UTC')).toBeNull();
  });
});
