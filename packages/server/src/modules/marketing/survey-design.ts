/**
 * A survey's questions and rules, checked when it is saved (pure). Questions: `{"key","type":"single|multiple|scale|
 * text","text","options"?,"required"?,"show_if"?}` — text and option labels are a text or one per language; `show_if`
 * `{"question","op":"eq|ne|lte|gte|in","value"}` shows a question only after a matching answer to an earlier choice or
 * scale question. Rules: `{"question","op","value","action":"open_claim|create_task","claim_type"?}`.
 */
import { LANGUAGES, type Lang } from '@karta/shared';
import { AppError } from '../../platform/errors.js';
import { msg, nested, type Said } from '../../platform/messages/say.js';

export type QuestionType = 'single' | 'multiple' | 'scale' | 'text';
export type Localised = string | Partial<Record<Lang, string>>;
export interface Condition { question: string; op: 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte' | 'in' | 'contains'; value: unknown }
export interface Question { key: string; type: QuestionType; text: Localised; options?: { value: string; label: Localised }[]; required?: boolean; show_if?: Condition }
export interface SurveyRule extends Condition { action: 'open_claim' | 'create_task'; claim_type?: string }

export const MAX_QUESTIONS = 50;
export const MAX_OPTIONS = 20;
export const MAX_RULES = 20;
export const SCALE_MIN = 1;
export const SCALE_MAX = 10;
const TYPES: QuestionType[] = ['single', 'multiple', 'scale', 'text'];
const OPS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'contains'];
const SHOW_OPS = ['eq', 'ne', 'lte', 'gte', 'in'];
const KEY = /^[a-z][a-z0-9_]{0,39}$/;
/** Names every object has: never a question key (an answer is looked up by key). */
const RESERVED = new Set(['constructor', 'prototype', 'tostring', 'valueof', 'hasownproperty', 'isprototypeof', 'propertyisenumerable', 'tolocalestring']);

export function invalidSurvey(key: string, problem: Said): AppError {
  return new AppError('VALIDATION_FAILED', msg('Invalid survey: {key} {problem}', { key, problem: nested(problem) }), { [key]: problem });
}

/** The text in a language: its own, else English, else the first there is. */
export function localised(v: Localised | undefined, lang: Lang): string {
  if (typeof v === 'string') return v;
  if (!v) return '';
  return v[lang] || v.en || Object.values(v).find(Boolean) || '';
}

function checkText(v: unknown, path: string, max: number): Localised {
  const ok = (s: unknown) => typeof s === 'string' && s.trim().length > 0 && s.length <= max;
  if (ok(v)) return (v as string).trim();
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length && entries.every(([l, s]) => (LANGUAGES as readonly string[]).includes(l) && ok(s))) return Object.fromEntries(entries.map(([l, s]) => [l, (s as string).trim()]));
  }
  throw invalidSurvey(path, msg('must be a text or texts by language (en, ru, uk, zh) of up to {max} characters', { max }));
}

function checkCondition(raw: unknown, path: string, earlier: Map<string, Question>, ops: string[], choiceOnly: boolean): Condition {
  const c = (raw ?? {}) as Record<string, unknown>;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw invalidSurvey(path, 'must be an object');
  const q = typeof c.question === 'string' ? earlier.get(c.question) : undefined;
  if (!q) throw invalidSurvey(`${path}.question`, 'must name an earlier question');
  if (choiceOnly && q.type === 'text') throw invalidSurvey(`${path}.question`, 'must be a choice or scale question');
  if (choiceOnly && q.type === 'multiple' && c.op !== 'eq' && c.op !== 'in') throw invalidSurvey(`${path}.op`, msg('must be one of {values}', { values: 'eq, in' }));
  if (typeof c.op !== 'string' || !ops.includes(c.op)) throw invalidSurvey(`${path}.op`, msg('must be one of {values}', { values: ops.join(', ') }));
  const values = c.op === 'in' ? c.value : [c.value];
  if (!Array.isArray(values) || !values.length || values.length > MAX_OPTIONS) throw invalidSurvey(`${path}.value`, 'must be a value (a list for in)');
  for (const v of values) {
    const fits = q.type === 'scale' ? Number.isInteger(v) && (v as number) >= SCALE_MIN - 1 && (v as number) <= SCALE_MAX
      : q.type === 'text' ? typeof v === 'string' && v.length <= 200
        : typeof v === 'string' && (q.options ?? []).some((o) => o.value === v);
    if (!fits) throw invalidSurvey(`${path}.value`, q.type === 'scale' ? msg('must be a whole number from {min} to {max}', { min: SCALE_MIN, max: SCALE_MAX }) : q.type === 'text' ? 'must be a text' : 'must be one of the question options');
  }
  return { question: q.key, op: c.op as Condition['op'], value: c.value };
}

/** The questions, normalised; 400 at `questions[i].…` for what is wrong. */
export function checkQuestions(raw: unknown): Question[] {
  if (!Array.isArray(raw) || raw.length < 1 || raw.length > MAX_QUESTIONS) throw invalidSurvey('questions', msg('must list 1 to {max} questions', { max: MAX_QUESTIONS }));
  const seen = new Map<string, Question>();
  return raw.map((item, i) => {
    const path = `questions[${i}]`;
    if (!item || typeof item !== 'object' || Array.isArray(item)) throw invalidSurvey(path, 'must be an object');
    const o = item as Record<string, unknown>;
    if (typeof o.key !== 'string' || !KEY.test(o.key) || RESERVED.has(o.key.toLowerCase())) throw invalidSurvey(`${path}.key`, 'must be a short name of latin letters, digits and _');
    if (seen.has(o.key)) throw invalidSurvey(`${path}.key`, 'is listed twice');
    if (!TYPES.includes(o.type as QuestionType)) throw invalidSurvey(`${path}.type`, msg('must be one of {values}', { values: TYPES.join(', ') }));
    const q: Question = { key: o.key, type: o.type as QuestionType, text: checkText(o.text, `${path}.text`, 500) };
    if (o.required !== undefined) {
      if (typeof o.required !== 'boolean') throw invalidSurvey(`${path}.required`, 'must be true or false');
      q.required = o.required;
    }
    if (q.type === 'single' || q.type === 'multiple') {
      if (!Array.isArray(o.options) || o.options.length < 2 || o.options.length > MAX_OPTIONS) throw invalidSurvey(`${path}.options`, msg('must list 2 to {max} options', { max: MAX_OPTIONS }));
      const values = new Set<string>();
      q.options = o.options.map((opt, j) => {
        const p = (opt ?? {}) as Record<string, unknown>;
        const value = typeof opt === 'string' ? opt : p.value;
        if (typeof value !== 'string' || !value.trim() || value.length > 100) throw invalidSurvey(`${path}.options[${j}].value`, 'must be a text of up to 100 characters');
        if (values.has(value)) throw invalidSurvey(`${path}.options[${j}].value`, 'is listed twice');
        values.add(value);
        return { value, label: typeof opt === 'string' ? opt : checkText(p.label ?? value, `${path}.options[${j}].label`, 200) };
      });
    } else if (o.options !== undefined) throw invalidSurvey(`${path}.options`, 'only choice questions have options');
    if (o.show_if !== undefined && o.show_if !== null) q.show_if = checkCondition(o.show_if, `${path}.show_if`, seen, SHOW_OPS, true);
    seen.set(q.key, q);
    return q;
  });
}

/** The rules, each about one of the questions. */
export function checkRules(raw: unknown, questions: Question[], claimTypes: string[]): SurveyRule[] {
  if (raw === null || raw === undefined) return [];
  if (!Array.isArray(raw) || raw.length > MAX_RULES) throw invalidSurvey('rules', msg('must list at most {max} rules', { max: MAX_RULES }));
  const byKey = new Map(questions.map((q) => [q.key, q]));
  return raw.map((item, i) => {
    const path = `rules[${i}]`;
    const c = checkCondition(item, path, byKey, OPS, false) as SurveyRule;
    const o = item as Record<string, unknown>;
    if (o.action !== 'open_claim' && o.action !== 'create_task') throw invalidSurvey(`${path}.action`, 'must be open_claim or create_task');
    c.action = o.action;
    if (o.claim_type !== undefined) {
      if (typeof o.claim_type !== 'string' || !claimTypes.includes(o.claim_type)) throw invalidSurvey(`${path}.claim_type`, msg('must be one of {values}', { values: claimTypes.join(', ') }));
      c.claim_type = o.claim_type;
    }
    return c;
  });
}
