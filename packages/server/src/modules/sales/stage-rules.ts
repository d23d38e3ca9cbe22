/**
 * How a deal may move between stages, by its kind's mode (pure; unit-tested):
 *   none    — no stages: a deal is only open, then won or lost;
 *   manual  — any of the kind's stages in any order;
 *   process — only to the next stage (or to won / lost), and a stage is left only with its required fields filled
 *             and every item of its checklist done (`stage_checklist`: the items done in the current stage).
 * Won and lost are the closing stages `closed_won` / `closed_lost` and the status `won` / `lost`, kept in step;
 * lost needs a loss reason.
 */
import type { FieldErrors } from '../../platform/errors.js';
import { msg, type Said } from '../../platform/messages/say.js';

export interface KindStage { name: string; probability?: number | string | null; required_fields?: string[]; checklist?: string[] }
export interface DealKind { mode: 'none' | 'manual' | 'process'; stages: KindStage[] }
export type Status = 'open' | 'won' | 'lost';

export const WON = 'closed_won';
export const LOST = 'closed_lost';

/** vTiger's sales stages and their probabilities: the kind of a deal that names none. */
export const DEFAULT_KIND: DealKind = {
  mode: 'manual',
  stages: [
    { name: 'prospecting', probability: 10 }, { name: 'qualification', probability: 20 }, { name: 'needs_analysis', probability: 25 },
    { name: 'value_proposition', probability: 30 }, { name: 'id_decision_makers', probability: 40 }, { name: 'perception_analysis', probability: 50 },
    { name: 'proposal_price_quote', probability: 65 }, { name: 'negotiation_review', probability: 80 }, { name: WON, probability: 100 }, { name: LOST, probability: 0 },
  ],
};

export interface DealState { stage: string | null; status: Status; [field: string]: unknown }
export interface Transition { errors: FieldErrors; stage: string | null; status: Status; probability?: number }

const empty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
const closingStage = (s: Status) => (s === 'won' ? WON : s === 'lost' ? LOST : null);
const statusOf = (stage: string | null): Status | null => (stage === WON ? 'won' : stage === LOST ? 'lost' : null);

/**
 * The state a write asks for, checked against where the deal is (`before` is null on create).
 * `asked` is the stored deal with the write's values over it; `askedStage`/`askedStatus` say what the write named.
 */
export function checkTransition(kind: DealKind, before: DealState | null, asked: DealState, askedStage: boolean, askedStatus: boolean): Transition {
  const errors: FieldErrors = {};
  const open = openStages(kind).map((s) => s.name);
  let stage = asked.stage ?? null;
  let status: Status = asked.status ?? 'open';
  if (askedStatus && status !== 'open') stage = closingStage(status);
  else if (askedStage && statusOf(stage)) status = statusOf(stage)!;
  else if (askedStage) status = 'open';
  else if (askedStatus && statusOf(stage)) stage = kind.mode === 'none' ? null : open[0] ?? null; // reopened
  if (!before && !stage && status === 'open') stage = kind.mode === 'none' ? null : open[0] ?? null;
  if (status === 'lost' && empty(asked.loss_reason)) errors.loss_reason = 'is required when a deal is lost';

  if (kind.mode === 'none') {
    if (stage && !statusOf(stage)) errors.stage = 'this kind of deal has no stages: it is only open, won or lost';
  } else if (!stage) {
    errors.stage = 'is required';
  } else if (!statusOf(stage) && !open.includes(stage)) {
    errors.stage = msg('is not a stage of this kind of deal ({stages})', { stages: open.join(', ') });
  } else if (kind.mode === 'process' && !before && !statusOf(stage) && stage !== open[0]) {
    errors.stage = msg('a new deal starts at the first stage ({stage})', { stage: open[0] });
  } else if (kind.mode === 'process' && before && before.status !== 'open' && status === 'open' && stage !== open[0]) {
    // Reopened, a deal of a process goes through its stages again: from the first, never straight to a later one.
    errors.stage = msg('a reopened deal starts again at the first stage ({stage})', { stage: open[0] });
  } else if (kind.mode === 'process' && before && before.stage !== stage && before.status === 'open') {
    const from = open.indexOf(before.stage ?? '');
    if (status === 'open' && open.indexOf(stage) !== from + 1) {
      errors.stage = open[from + 1] ? msg('can only move to the next stage ({stage}), to won or to lost', { stage: open[from + 1] }) : 'can only move to won or to lost';
    }
    const leaving = kind.stages.find((s) => s.name === before.stage);
    if (status !== 'lost') {
      for (const f of leaving?.required_fields ?? []) if (empty(asked[f])) errors[f] = msg('is required to leave the stage {stage}', { stage: String(before.stage) });
      const undone = notDone(leaving, asked);
      if (undone.length) errors.stage_checklist = msg('must be done to leave the stage {stage}: {items}', { stage: String(before.stage), items: undone.join('; ') });
    }
  }
  const p = kind.stages.find((s) => s.name === stage)?.probability ?? (status === 'won' ? 100 : status === 'lost' ? 0 : undefined);
  return { errors, stage, status, ...(p !== undefined && p !== null && p !== '' ? { probability: Number(p) } : {}) };
}

export function openStages(kind: DealKind): KindStage[] {
  return kind.stages.filter((s) => !statusOf(s.name));
}

/** The stage a process proposes next, when the current one is finished. */
export function nextStage(kind: DealKind, current: string | null): string | null {
  const open = openStages(kind).map((s) => s.name);
  const i = open.indexOf(current ?? '');
  return i >= 0 && i + 1 < open.length ? open[i + 1] : null;
}

/** The checklist items of a stage the deal has not done yet. */
function notDone(stage: KindStage | undefined, deal: DealState): string[] {
  const done = new Set(Array.isArray(deal.stage_checklist) ? (deal.stage_checklist as unknown[]).map(String) : []);
  return (stage?.checklist ?? []).filter((item) => !done.has(item));
}

/**
 * The checklist items a write marks done in the deal's current stage: known items only (400 otherwise), each once.
 * Pure; `stage` is the stage the items belong to (the one the deal stands in before the write).
 */
export function checkedItems(kind: DealKind, stage: string | null, value: unknown): { items: string[]; error?: Said } {
  if (value === null) return { items: [] };
  const list = kind.stages.find((s) => s.name === stage)?.checklist ?? [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return { items: [], error: 'must be a list of checklist items' };
  const unknown = (value as string[]).find((v) => !list.includes(v));
  if (unknown !== undefined) return { items: [], error: msg('"{item}" is not on the checklist of the stage {stage}', { item: unknown, stage: String(stage) }) };
  return { items: list.filter((item) => (value as string[]).includes(item)) };
}

export interface ChecklistItem { item: string; done: boolean }
export interface Proposal { mode: DealKind['mode']; next: string | null; missing: string[]; checklist: ChecklistItem[]; finished: boolean }

/**
 * What to offer the user on an open deal: in a process, the next stage, the current stage's required fields still
 * empty and its checklist (the stage is finished when every field is filled and every item done); in other modes only
 * the checklist.
 */
export function proposeNext(kind: DealKind, deal: DealState): Proposal {
  const current = kind.stages.find((s) => s.name === deal.stage);
  const undone = new Set(notDone(current, deal));
  // The checklist is shown in every mode (a manual kind's list is a reminder); only a process holds the deal to it.
  const checklist = deal.status === 'open' ? (current?.checklist ?? []).map((item) => ({ item, done: !undone.has(item) })) : [];
  if (kind.mode !== 'process' || deal.status !== 'open') return { mode: kind.mode, next: null, missing: [], checklist, finished: false };
  const missing = (current?.required_fields ?? []).filter((f) => empty(deal[f]));
  const next = nextStage(kind, deal.stage);
  return { mode: kind.mode, next, missing, checklist, finished: missing.length === 0 && undone.size === 0 };
}
