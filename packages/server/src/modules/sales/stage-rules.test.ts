import { describe, expect, it } from 'vitest';
import { say } from '../../platform/messages/say.js';
import { DEFAULT_KIND, checkTransition as rawCheck, checkedItems, nextStage, proposeNext, type DealKind, type DealState } from './stage-rules.js';

/** The rules with their messages as an English caller reads them. */
const checkTransition = (...args: Parameters<typeof rawCheck>) => {
  const t = rawCheck(...args);
  return { ...t, errors: Object.fromEntries(Object.entries(t.errors).map(([k, v]) => [k, say(v, 'en')])) };
};

const process: DealKind = { mode: 'process', stages: [
  { name: 'qualification', probability: 20, required_fields: ['amount'] }, { name: 'proposal_price_quote', probability: 60 },
  { name: 'negotiation_review', probability: 80 }, { name: 'closed_won', probability: 100 }, { name: 'closed_lost', probability: 0 },
] };
const none: DealKind = { mode: 'none', stages: [] };
const at = (stage: string | null, extra: Partial<DealState> = {}): DealState => ({ stage, status: 'open', ...extra });

describe('deal stage rules', () => {
  it('manual (the default kind): any stage in any order, with its default probability', () => {
    const r = checkTransition(DEFAULT_KIND, at('prospecting'), at('negotiation_review'), true, false);
    expect(r).toEqual({ errors: {}, stage: 'negotiation_review', status: 'open', probability: 80 });
    expect(checkTransition(DEFAULT_KIND, at('negotiation_review'), at('prospecting'), true, false).errors).toEqual({});
    expect(checkTransition(DEFAULT_KIND, null, at(null), false, false)).toMatchObject({ stage: 'prospecting', probability: 10 });
    expect(checkTransition(DEFAULT_KIND, at('prospecting'), at('nonsense'), true, false).errors.stage).toMatch(/not a stage/);
  });

  it('process: only the next stage, or won or lost; a stage is left only with its required fields', () => {
    const blocked = checkTransition(process, at('qualification'), at('proposal_price_quote'), true, false);
    expect(blocked.errors).toEqual({ amount: 'is required to leave the stage qualification' });
    const next = checkTransition(process, at('qualification'), at('proposal_price_quote', { amount: '1000' }), true, false);
    expect(next).toEqual({ errors: {}, stage: 'proposal_price_quote', status: 'open', probability: 60 });
    const skip = checkTransition(process, at('qualification', { amount: '1' }), at('negotiation_review', { amount: '1' }), true, false);
    expect(skip.errors.stage).toBe('can only move to the next stage (proposal_price_quote), to won or to lost');
    expect(checkTransition(process, at('proposal_price_quote'), at('qualification'), true, false).errors.stage).toMatch(/next stage/);
    expect(checkTransition(process, at('qualification', { amount: '1' }), at('qualification', { amount: '1', status: 'won' }), false, true))
      .toEqual({ errors: {}, stage: 'closed_won', status: 'won', probability: 100 });
    expect(checkTransition(process, null, at('negotiation_review'), true, false).errors.stage).toMatch(/first stage/);
    // Reopened (lost or won), it starts again at the first stage: never straight to a later one.
    const closed = at('closed_lost', { status: 'lost', loss_reason: 'price' });
    expect(checkTransition(process, closed, at('negotiation_review', { loss_reason: 'price' }), true, false).errors.stage).toBe('a reopened deal starts again at the first stage (qualification)');
    expect(checkTransition(process, closed, at('qualification'), true, false)).toMatchObject({ errors: {}, stage: 'qualification', status: 'open' });
    expect(checkTransition(process, closed, at('closed_lost', { status: 'open' }), false, true)).toMatchObject({ errors: {}, stage: 'qualification', status: 'open' });
    expect(nextStage(process, 'qualification')).toBe('proposal_price_quote');
    expect(nextStage(process, 'negotiation_review')).toBeNull();
  });

  it('lost needs a reason, whether asked by status or by stage; required fields do not block losing', () => {
    expect(checkTransition(process, at('qualification'), at('qualification', { status: 'lost' }), false, true).errors).toEqual({ loss_reason: 'is required when a deal is lost' });
    const lost = checkTransition(process, at('qualification'), at('closed_lost', { loss_reason: 'price' }), true, false);
    expect(lost).toEqual({ errors: {}, stage: 'closed_lost', status: 'lost', probability: 0 });
  });

  it('no stages: only open, won or lost', () => {
    expect(checkTransition(none, null, at(null), false, false)).toEqual({ errors: {}, stage: null, status: 'open' });
    expect(checkTransition(none, at(null), at('qualification'), true, false).errors.stage).toMatch(/no stages/);
    expect(checkTransition(none, at(null), at(null, { status: 'won' }), false, true)).toEqual({ errors: {}, stage: 'closed_won', status: 'won', probability: 100 });
  });

  it('a process proposes the next stage once the current one has its required fields; other modes propose nothing', () => {
    expect(proposeNext(process, at('qualification'))).toEqual({ mode: 'process', next: 'proposal_price_quote', missing: ['amount'], checklist: [], finished: false });
    expect(proposeNext(process, at('qualification', { amount: '5' }))).toEqual({ mode: 'process', next: 'proposal_price_quote', missing: [], checklist: [], finished: true });
    expect(proposeNext(process, at('negotiation_review')).next).toBeNull();
    expect(proposeNext(process, at('closed_won', { status: 'won' })).next).toBeNull();
    expect(proposeNext(DEFAULT_KIND, at('prospecting'))).toEqual({ mode: 'manual', next: null, missing: [], checklist: [], finished: false });
  });

  it('reopening a closed deal goes back to the first stage', () => {
    expect(checkTransition(DEFAULT_KIND, at('closed_won', { status: 'won' }), at('closed_won', { status: 'open' }), false, true))
      .toMatchObject({ errors: {}, stage: 'prospecting', status: 'open' });
  });

  it('a process stage is left only with its checklist done (losing is not held); ticked items must be on the list', () => {
    const withList: DealKind = { mode: 'process', stages: [{ name: 'brief', checklist: ['nda', 'budget'] }, { name: 'offer' }, { name: 'closed_lost' }] };
    expect(checkTransition(withList, at('brief', { stage_checklist: ['nda'] }), at('offer', { stage_checklist: ['nda'] }), true, false).errors)
      .toEqual({ stage_checklist: 'must be done to leave the stage brief: budget' });
    expect(checkTransition(withList, at('brief'), at('offer', { stage_checklist: ['budget', 'nda'] }), true, false).errors).toEqual({});
    expect(checkTransition(withList, at('brief'), at('closed_lost', { loss_reason: 'price' }), true, false).errors).toEqual({});
    expect(proposeNext(withList, at('brief', { stage_checklist: ['nda'] }))).toEqual({ mode: 'process', next: 'offer', missing: [],
      checklist: [{ item: 'nda', done: true }, { item: 'budget', done: false }], finished: false });
    // A manual kind shows its checklist as a reminder and holds nothing.
    const manual: DealKind = { ...withList, mode: 'manual' };
    expect(proposeNext(manual, at('brief')).checklist).toHaveLength(2);
    expect(checkTransition(manual, at('brief'), at('offer'), true, false).errors).toEqual({});
    expect(checkedItems(withList, 'brief', ['budget', 'nda', 'nda'])).toEqual({ items: ['nda', 'budget'] });
    expect(checkedItems(withList, 'brief', ['cake']).error).toBeTruthy();
    expect(checkedItems(withList, 'brief', 'nda').error).toBeTruthy();
    expect(checkedItems(withList, 'offer', null)).toEqual({ items: [] });
  });
});
