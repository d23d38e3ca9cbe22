/**
 * Win probability of an open deal from the history of closed ones (pure; unit-tested).
 *
 * The rate is built up factor by factor — all closed deals, then those of the same kind, the same manager,
 * that reached at least this stage, with the same account, with the same participants — each level's win
 * rate shrunk towards the level above it in proportion to how little data it has:
 *
 *   rate(level) = (won(level) + m × rate(parent)) / (closed(level) + m)
 *
 * A level that does not narrow the set keeps its parent's rate (the same deals are not counted twice).
 * With no closed deals at all the estimate is the stage's own probability (or ½). `m` (default 5) is how
 * many deals a level needs before its own rate outweighs its parent's.
 */
export interface ClosedDeal {
  won: boolean;
  kind: string | null;
  manager: string | null;
  reached: number;
  account: string | null;
  participants: string[];
}
export interface Target { kind: string | null; manager: string | null; reached: number; account: string | null; participants: string[] }
export interface Factor { factor: string; similar: number; won: number; rate: number }
export interface Estimate { probability: number; basis: { similar: number; won: number; lost: number; factors: Factor[] } }

const round = (x: number) => Math.round(x * 10_000) / 10_000;

export function estimateProbability(target: Target, history: ClosedDeal[], prior = 0.5, m = 5): Estimate {
  const levels: [string, (d: ClosedDeal) => boolean][] = [
    ['kind', (d) => d.kind === target.kind],
    ['manager', (d) => d.manager === target.manager],
    ['stage_reached', (d) => d.reached >= target.reached],
    ['account', (d) => target.account !== null && d.account === target.account],
    ['participants', (d) => target.participants.length > 0 && target.participants.some((p) => d.participants.includes(p))],
  ];
  const all = history;
  let rate = all.length ? (all.filter((d) => d.won).length + m * prior) / (all.length + m) : prior;
  const factors: Factor[] = [{ factor: 'all', similar: all.length, won: all.filter((d) => d.won).length, rate: round(rate) }];
  let subset = all;
  for (const [name, match] of levels) {
    const next = subset.filter(match);
    // A factor the target does not have (no account, no participants) leaves the set as it is.
    if (name === 'account' && target.account === null) continue;
    if (name === 'participants' && !target.participants.length) continue;
    const won = next.filter((d) => d.won).length;
    // A factor that does not narrow the set adds no evidence: counting the same deals again would overweight them.
    if (next.length !== subset.length) rate = (won + m * rate) / (next.length + m);
    factors.push({ factor: name, similar: next.length, won, rate: round(rate) });
    subset = next;
  }
  const won = subset.filter((d) => d.won).length;
  return { probability: round(rate), basis: { similar: subset.length, won, lost: subset.length - won, factors } };
}
