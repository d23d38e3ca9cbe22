/**
 * Deal kinds: a kind's stages are its own list — any names, in order, each with an optional probability, the
 * deal fields it needs before a deal may leave it and a checklist (checked here, 400 at `stages[i].…`); one kind is
 * the default.
 */
import { sql } from 'kysely';
import type { RequestContext } from '../../engine/context.js';
import type { ModuleBehaviour } from '../../engine/registry/behaviour.js';
import { updateRecord } from '../../engine/records/update.js';
import { validationError } from '../../engine/records/validate-input.js';
import { LOST, WON, type KindStage } from './stage-rules.js';
import type { FieldErrors } from '../../platform/errors.js';
import { msg } from '../../platform/messages/say.js';

export const MAX_STAGES = 30;

/** Problems of a stage list, keyed by path (`stages[1].name`); empty when it is fine. Pure. */
export function stageListErrors(stages: unknown, dealFields: Set<string>): FieldErrors {
  const errors: FieldErrors = {};
  if (stages === null || stages === undefined) return errors;
  if (!Array.isArray(stages)) return { stages: 'must be a list of stages' };
  if (stages.length > MAX_STAGES) errors.stages = msg('at most {n} stages', { n: MAX_STAGES });
  const seen = new Set<string>();
  stages.forEach((s: any, i) => {
    const at = `stages[${i}]`;
    if (!s || typeof s !== 'object' || Array.isArray(s)) { errors[at] = 'must be {"name","probability"?,"required_fields"?,"checklist"?}'; return; }
    const name = typeof s.name === 'string' ? s.name.trim() : '';
    if (!name) errors[`${at}.name`] = 'is required';
    else if (name.length > 100) errors[`${at}.name`] = 'is too long';
    else if (seen.has(name.toLowerCase())) errors[`${at}.name`] = 'is used twice';
    seen.add(name.toLowerCase());
    if (s.probability !== undefined && s.probability !== null && s.probability !== '') {
      const p = Number(s.probability);
      if (!Number.isFinite(p) || p < 0 || p > 100) errors[`${at}.probability`] = 'must be 0 to 100';
    }
    if (s.required_fields !== undefined && (!Array.isArray(s.required_fields) || s.required_fields.some((f: unknown) => typeof f !== 'string' || !dealFields.has(f)))) {
      errors[`${at}.required_fields`] = 'must name fields of deals';
    }
    if (s.checklist !== undefined && s.checklist !== null && !checklistFits(s.checklist)) {
      errors[`${at}.checklist`] = 'must be a list of at most 20 different items of up to 200 characters';
    }
    const extra = Object.keys(s).filter((k) => !['name', 'probability', 'required_fields', 'checklist'].includes(k));
    if (extra.length) errors[`${at}.${extra[0]}`] = 'is not a stage property';
  });
  return errors;
}

const MAX_CHECKLIST = 20;

/** A stage's checklist: things to do before a process deal leaves it, as short distinct texts. */
function checklistFits(list: unknown): boolean {
  if (!Array.isArray(list) || list.length > MAX_CHECKLIST) return false;
  const items = list.map((x) => (typeof x === 'string' ? x.trim() : ''));
  return items.every((x) => x && x.length <= 200) && new Set(items).size === items.length;
}

/** The stages as stored: trimmed names and items, numbers as numbers; won and lost stay the closing stages. */
export function normalizeStages(stages: any[]): KindStage[] {
  return stages.map((s) => ({
    name: String(s.name).trim(),
    ...(s.probability !== undefined && s.probability !== null && s.probability !== '' ? { probability: Number(s.probability) } : {}),
    ...(Array.isArray(s.required_fields) && s.required_fields.length ? { required_fields: s.required_fields } : {}),
    ...(Array.isArray(s.checklist) && s.checklist.length ? { checklist: s.checklist.map((x: string) => x.trim()) } : {}),
  }));
}

export const dealKindBehaviour: ModuleBehaviour = {
  beforeWrite(ctx, change) {
    if (!('stages' in change.values)) return;
    const dealFields = new Set(ctx.registry.module('deals').allFields.filter((f) => !f.readOnly).map((f) => f.name));
    const errors = stageListErrors(change.values.stages, dealFields);
    if (Object.keys(errors).length) throw validationError(errors, ctx.lang);
    if (Array.isArray(change.values.stages)) change.values.stages = normalizeStages(change.values.stages);
  },
  async afterWrite(ctx: RequestContext, change, record) {
    // One default kind: choosing one makes the others ordinary.
    // Through the pipeline, so the change is audited and needs the same rights.
    if (record.is_default === true && change.values.is_default === true) {
      const others = await sql<{ id: string }>`select id from deal_kinds where id <> ${change.id} and is_default and deleted_at is null`.execute(ctx.db);
      for (const o of others.rows) await updateRecord(ctx, 'deal_kinds', o.id, { is_default: false });
    }
  },
};

