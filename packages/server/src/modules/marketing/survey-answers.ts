/**
 * Answers to a survey (pure): which questions a respondent is shown, whether their answers are complete and valid,
 * whether a rule matches, and the results per question — option shares, the mean and distribution of a scale, and its
 * NPS (on 1–10: promoters 9–10, passives 7–8, detractors 1–6; score = % promoters − % detractors).
 */
import Decimal from 'decimal.js';
import type { Lang } from '@karta/shared';
import { localised, SCALE_MAX, SCALE_MIN, type Condition, type Question } from './survey-design.js';

export type Answer = string | string[] | number;
export type Answers = Record<string, Answer>;
export const MAX_TEXT_ANSWER = 5000;

/** Does an answer satisfy a condition? A missing answer satisfies nothing. */
export function conditionHolds(c: Condition, answer: Answer | undefined): boolean {
  if (answer === undefined) return false;
  const list = Array.isArray(answer) ? answer : [answer];
  const wanted = c.op === 'in' ? (c.value as unknown[]) : [c.value];
  switch (c.op) {
    case 'eq': return Array.isArray(answer) ? answer.includes(c.value as string) : answer === c.value;
    case 'ne': return Array.isArray(answer) ? !answer.includes(c.value as string) : answer !== c.value;
    case 'in': return list.some((a) => wanted.includes(a));
    case 'contains': return typeof answer === 'string' ? answer.toLowerCase().includes(String(c.value).toLowerCase()) : list.includes(c.value as string);
    default: {
      if (typeof answer !== 'number' || typeof c.value !== 'number') return false;
      return { lt: answer < c.value, lte: answer <= c.value, gt: answer > c.value, gte: answer >= c.value }[c.op];
    }
  }
}

/** The questions shown given the answers so far (a question after an unmatched `show_if` is skipped). */
export function shownQuestions(questions: Question[], answers: Answers): Question[] {
  const shown: Question[] = [];
  const shownKeys = new Set<string>();
  for (const q of questions) {
    if (q.show_if && !(shownKeys.has(q.show_if.question) && conditionHolds(q.show_if, Object.hasOwn(answers, q.show_if.question) ? answers[q.show_if.question] : undefined))) continue;
    shown.push(q);
    shownKeys.add(q.key);
  }
  return shown;
}

export type AnswerProblem = 'required' | 'option' | 'scale' | 'text';

/** The answers kept (only shown questions, normalised) or the problem per question key. */
export function checkAnswers(questions: Question[], raw: unknown): { answers: Answers; problems: Record<string, AnswerProblem> } {
  const given = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const answers: Answers = {};
  const problems: Record<string, AnswerProblem> = {};
  // Parsed in order, so a `show_if` sees the earlier answers already normalised.
  for (const q of questions) {
    if (q.show_if && !(Object.hasOwn(answers, q.show_if.question) && conditionHolds(q.show_if, answers[q.show_if.question]))) continue;
    let v = Object.hasOwn(given, q.key) ? given[q.key] : undefined;
    const empty = v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
    if (empty) {
      if (q.required) problems[q.key] = 'required';
      continue;
    }
    const values = new Set((q.options ?? []).map((o) => o.value));
    if (q.type === 'single') {
      if (typeof v !== 'string' || !values.has(v)) { problems[q.key] = 'option'; continue; }
      answers[q.key] = v;
    } else if (q.type === 'multiple') {
      const list = Array.isArray(v) ? v : [v];
      if (!list.every((x) => typeof x === 'string' && values.has(x))) { problems[q.key] = 'option'; continue; }
      answers[q.key] = [...new Set(list as string[])];
    } else if (q.type === 'scale') {
      if (typeof v === 'string' && /^\d{1,2}$/.test(v)) v = Number(v);
      if (!Number.isInteger(v) || (v as number) < SCALE_MIN || (v as number) > SCALE_MAX) { problems[q.key] = 'scale'; continue; }
      answers[q.key] = v as number;
    } else {
      if (typeof v !== 'string' || v.length > MAX_TEXT_ANSWER) { problems[q.key] = 'text'; continue; }
      if (v.trim()) answers[q.key] = v.trim();
      else if (q.required) problems[q.key] = 'required';
    }
  }
  return { answers, problems };
}

export interface Nps { promoters: number; passives: number; detractors: number; score: number }

/** NPS of scores 1–10: whole percent of promoters minus detractors (null without answers). */
export function nps(scores: number[]): Nps | null {
  if (!scores.length) return null;
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  const score = new Decimal(promoters - detractors).times(100).div(scores.length).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
  return { promoters, passives: scores.length - promoters - detractors, detractors, score };
}

export interface QuestionResult {
  key: string; type: Question['type']; text: string; answered: number;
  options?: { value: string; label: string; count: number; percent: string }[];
  average?: string | null; distribution?: Record<string, number>; nps?: Nps | null; texts?: string[];
}

const percent = (n: number, of: number) => (of ? new Decimal(n).times(100).div(of).toFixed(1) : '0.0');

/** Results per question over the responses (each an answers object), texts in the language asked for. */
export function aggregate(questions: Question[], responses: Answers[], lang: Lang, lastTexts = 20): QuestionResult[] {
  return questions.map((q) => {
    const given = responses.map((r) => (Object.hasOwn(r, q.key) ? r[q.key] : undefined)).filter((a): a is Answer => a !== undefined);
    const out: QuestionResult = { key: q.key, type: q.type, text: localised(q.text, lang), answered: given.length };
    if (q.type === 'single' || q.type === 'multiple') {
      out.options = (q.options ?? []).map((o) => {
        const count = given.filter((a) => (Array.isArray(a) ? a.includes(o.value) : a === o.value)).length;
        return { value: o.value, label: localised(o.label, lang), count, percent: percent(count, given.length) };
      });
    } else if (q.type === 'scale') {
      const scores = given.filter((a): a is number => typeof a === 'number');
      out.average = scores.length ? new Decimal(scores.reduce((s, x) => s + x, 0)).div(scores.length).toFixed(2) : null;
      out.distribution = Object.fromEntries(Array.from({ length: SCALE_MAX - SCALE_MIN + 1 }, (_, i) => [String(i + SCALE_MIN), scores.filter((s) => s === i + SCALE_MIN).length]));
      out.nps = nps(scores);
    } else {
      out.texts = given.slice(-lastTexts).map(String).reverse();
    }
    return out;
  });
}
