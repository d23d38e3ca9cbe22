import { describe, expect, it } from 'vitest';
import { estimateProbability, type ClosedDeal, type Target } from './probability.js';

const target: Target = { kind: 'k', manager: 'ivan', reached: 2, account: null, participants: [] };
const deal = (won: boolean, o: Partial<ClosedDeal> = {}): ClosedDeal => ({ won, kind: 'k', manager: 'ivan', reached: 3, account: null, participants: [], ...o });

describe('win probability', () => {
  it('without history it is the prior (the stage probability)', () => {
    const e = estimateProbability(target, [], 0.25);
    expect(e.probability).toBe(0.25);
    expect(e.basis).toMatchObject({ similar: 0, won: 0, lost: 0 });
  });

  it('with plenty of similar deals it approaches their win rate', () => {
    const history = [...Array.from({ length: 300 }, () => deal(true)), ...Array.from({ length: 100 }, () => deal(false))];
    const e = estimateProbability(target, history, 0.5);
    expect(e.probability).toBeGreaterThan(0.74);
    expect(e.probability).toBeLessThan(0.76);
    expect(e.basis).toMatchObject({ similar: 400, won: 300, lost: 100 });
  });

  it("one manager's few deals are shrunk towards the company's rate", () => {
    // The company wins 20 %; this manager won his only 2 deals.
    const company = [...Array.from({ length: 20 }, () => deal(true, { manager: 'olga' })), ...Array.from({ length: 80 }, () => deal(false, { manager: 'olga' }))];
    const mine = [deal(true), deal(true)];
    const e = estimateProbability(target, [...company, ...mine], 0.5);
    const manager = e.basis.factors.find((f) => f.factor === 'manager')!;
    expect(manager).toMatchObject({ similar: 2, won: 2 });
    // Not 100 %: (2 + 5 × ~0.22) / (2 + 5) ≈ 0.44
    expect(e.probability).toBeGreaterThan(0.35);
    expect(e.probability).toBeLessThan(0.5);
  });

  it('only deals that reached at least this stage count for the stage factor', () => {
    const early = Array.from({ length: 50 }, () => deal(false, { reached: 0 }));
    const late = Array.from({ length: 50 }, () => deal(true, { reached: 4 }));
    const e = estimateProbability(target, [...early, ...late], 0.5);
    expect(e.basis.factors.find((f) => f.factor === 'stage_reached')).toMatchObject({ similar: 50, won: 50 });
    expect(e.probability).toBeGreaterThan(0.9);
  });

  it('the account and participants narrow the set only when the deal has them', () => {
    const e = estimateProbability({ ...target, account: 'acme', participants: ['p1'] }, [deal(true, { account: 'acme', participants: ['p1'] }), deal(false)], 0.5);
    expect(e.basis.factors.map((f) => f.factor)).toEqual(['all', 'kind', 'manager', 'stage_reached', 'account', 'participants']);
    expect(estimateProbability(target, [deal(true)], 0.5).basis.factors.map((f) => f.factor)).toEqual(['all', 'kind', 'manager', 'stage_reached']);
  });
});
