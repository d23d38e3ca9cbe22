/**
 * Surveys at work: questions and rules checked on save; `…/actions/send` invites contacts (by ids or a segment) with
 * personal links valid `valid_days`; an answer through the link is kept once as a `survey_responses` record (on the
 * contact's and account's timeline), and the survey's rules may open a claim or a task for the account's owner.
 */
import { sql } from 'kysely';
import { usableOwner } from '../../engine/records/usable-owner.js';
import { isLang, type Lang } from '@karta/shared';
import type { AppContext } from '../../app-context.js';
import type { RequestContext } from '../../engine/context.js';
import type { ActionHandler, ModuleBehaviour, WriteChange } from '../../engine/registry/behaviour.js';
import { administratorContext } from '../../engine/system-context.js';
import { createRecord } from '../../engine/records/create.js';
import { getRecord } from '../../engine/records/get.js';
import { updateRecord } from '../../engine/records/update.js';
import { lockForWrite, runWrite } from '../../engine/records/write-helpers.js';
import { requirePermission } from '../../engine/access/permissions.js';
import type { Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { CLAIM_TYPES } from '../claims/claims.module.js';
import { checkAudience } from './mailing-audience.js';
import { invite, type Composer, type Invitation } from './invitations.js';
import { checkAnswers, conditionHolds, type AnswerProblem, type Answers } from './survey-answers.js';
import { checkQuestions, checkRules, invalidSurvey, localised, type Question, type SurveyRule } from './survey-design.js';
import { escapeHtml } from './web-form-page.js';
import { todayOf } from '../../platform/time-zone.js';

export interface Survey { id: string; name: string; status: string; language: string | null; valid_days: number | null; intro: string | null; questions: Question[]; rules: SurveyRule[] | null; assigned_to: string }

export async function readSurvey(db: Tx, id: string): Promise<Survey | null> {
  const r = await sql<Survey>`select id::text, name, status, language, valid_days, intro, questions, rules, assigned_to::text from surveys where id = ${id} and deleted_at is null`.execute(db);
  return r.rows[0] ?? null;
}

function beforeWrite(_ctx: RequestContext, change: WriteChange): void {
  if (change.action !== 'create' && change.action !== 'update') return;
  const v = change.values;
  if (!('questions' in v) && !('rules' in v)) return;
  const questions = checkQuestions(v.questions ?? change.before?.questions);
  if ('questions' in v) v.questions = questions;
  v.rules = checkRules(v.rules !== undefined ? v.rules : change.before?.rules, questions, CLAIM_TYPES.map((o) => o.value));
}

/** `{"contact_ids":[…]}` or `{"segment_id"}` (contacts, leads or accounts the sender may see). */
const sendAction: ActionHandler = async (ctx, id, body) => runWrite(ctx, async (tctx) => {
  requirePermission(tctx, 'surveys', 'edit');
  await lockForWrite(tctx, tctx.registry.module('surveys'), id);
  const record = (await getRecord(tctx, 'surveys', id)).data;
  if (record.status === 'closed') throw invalidSurvey('status', 'a closed survey takes no more answers');
  const b = (body ?? {}) as Record<string, unknown>;
  const audience = checkAudience(b.segment_id ? { segment_id: b.segment_id } : { ids: b.contact_ids ?? b.ids });
  const days = Number(record.valid_days ?? 30);
  const lang: Lang = isLang(record.language) ? record.language : tctx.lang;
  const result = await invite(tctx, 'survey', id, audience, { language: lang, expiresAt: new Date(Date.now() + days * 86_400_000), channel: b.channel === 'sms' ? 'sms' : 'email' });
  const sent = await sql<{ n: number }>`select count(*)::int as n from invitations where kind = 'survey' and parent_id = ${id}`.execute(tctx.db);
  // What sending sets by itself (a system effect: a profile that locks the status does not stop the send).
  await updateRecord(tctx, 'surveys', id, {}, undefined, { systemValues: { sent_count: Number(sent.rows[0].n), ...(record.status === 'draft' ? { status: 'active' } : {}) } });
  return { body: { data: result } };
});

export const surveyBehaviour: ModuleBehaviour = { beforeWrite, actions: { send: sendAction } };

const INVITE: Record<Lang, { subject: string; body: string; until: string }> = {
  en: { subject: '{company} asks for your opinion: {name}', body: 'Please answer a few questions — it takes a couple of minutes.', until: 'The link is personal and valid for {days} days.' },
  ru: { subject: '{company} просит вашего мнения: {name}', body: 'Пожалуйста, ответьте на несколько вопросов — это займёт пару минут.', until: 'Ссылка персональная и действует {days} дн.' },
  uk: { subject: '{company} просить вашої думки: {name}', body: 'Будь ласка, дайте відповідь на кілька запитань — це займе кілька хвилин.', until: 'Посилання персональне й діє {days} дн.' },
  zh: { subject: '{company} 想听听您的意见：{name}', body: '请回答几个问题，只需几分钟。', until: '此链接为您专属，有效期 {days} 天。' },
};
const ANSWER: Record<Lang, string> = { en: 'Answer the survey', ru: 'Ответить на вопросы', uk: 'Відповісти на запитання', zh: '填写调查' };

export const surveyComposer: Composer = async (db, id, lang, link, company) => {
  const s = await readSurvey(db, id);
  if (!s) return null;
  const w = INVITE[lang];
  const days = String(s.valid_days ?? 30);
  const subject = w.subject.replace('{company}', company).replace('{name}', s.name);
  const intro = s.intro?.trim() || w.body;
  const until = w.until.replace('{days}', days);
  return {
    subject,
    html: `<p>${escapeHtml(intro).replace(/\n/g, '<br>')}</p><p><a href="${escapeHtml(link)}">${ANSWER[lang]}</a></p><p style="color:#666">${escapeHtml(until)}</p>`,
    text: `${intro}\n\n${ANSWER[lang]}: ${link}\n\n${until}`,
    sms: `${subject}: ${link}`,
  };
};

export type AnswerOutcome =
  | { state: 'saved'; response_id: string; claim_id: string | null; task_id: string | null }
  | { state: 'invalid'; problems: Record<string, AnswerProblem> }
  | { state: 'gone' | 'expired' | 'answered' | 'closed' };

/** Whether a link can still be answered, and the survey behind it. */
export async function openSurvey(db: Tx, inv: Invitation | null): Promise<{ state: 'open' | 'gone' | 'expired' | 'answered' | 'closed'; survey?: Survey }> {
  if (!inv) return { state: 'gone' };
  const survey = await readSurvey(db, inv.parent_id);
  if (!survey) return { state: 'gone' };
  if (inv.responded_at) return { state: 'answered', survey };
  if (survey.status === 'closed') return { state: 'closed', survey };
  if (inv.expires_at && Date.parse(inv.expires_at) < Date.now()) return { state: 'expired', survey };
  return { state: 'open', survey };
}

/** Keeps one answer for the link (a second one, even racing, finds it answered) and applies the survey's rules. */
export async function answerSurvey(app: AppContext, inv: Invitation | null, raw: unknown): Promise<AnswerOutcome> {
  const open = await openSurvey(app.database.db, inv);
  if (open.state !== 'open' || !inv || !open.survey) return { state: open.state === 'open' ? 'gone' : open.state };
  const survey = open.survey;
  const { answers, problems } = checkAnswers(survey.questions, raw);
  if (Object.keys(problems).length) return { state: 'invalid', problems };
  const lang: Lang = isLang(inv.language) ? inv.language : 'en';
  return runWrite(await administratorContext(app, lang), async (ctx) => {
    const took = await sql`update invitations set responded_at = now(), status = 'answered' where id = ${inv.id}::bigint and responded_at is null returning 1`.execute(ctx.db);
    if (!took.rows.length) return { state: 'answered' } as AnswerOutcome;
    const who = await respondent(ctx.db, inv);
    // The answer belongs to whoever looks after the respondent (private like the contact), else the survey's owner.
    const owner = await usableOwner(ctx.db, [who.owner, survey.assigned_to]) ?? ctx.user.id;
    who.owner = owner;
    const score = survey.questions.find((q) => q.type === 'scale' && typeof answers[q.key] === 'number');
    const response = await createRecord(ctx, 'survey_responses', { assigned_to: owner }, {
      systemValues: { respondent: (who.label || inv.address).slice(0, 300), survey_id: survey.id, contact_id: who.contact_id, account_id: who.account_id, answers, score: score ? answers[score.key] : null, submitted_at: new Date().toISOString() },
    });
    const effects = await applyRules(ctx, survey, answers, who, lang);
    if (effects.claim_id || effects.task_id) await updateRecord(ctx, 'survey_responses', String(response.id), {}, undefined, { systemValues: Object.fromEntries(Object.entries(effects).filter(([, v]) => v)) });
    await sql`update invitations set response_id = ${String(response.id)}::uuid where id = ${inv.id}::bigint`.execute(ctx.db);
    const n = await sql<{ n: number }>`select count(*)::int as n from survey_responses where survey_id = ${survey.id} and deleted_at is null`.execute(ctx.db);
    await updateRecord(ctx, 'surveys', survey.id, {}, undefined, { systemValues: { response_count: Number(n.rows[0].n) } });
    return { state: 'saved', response_id: String(response.id), claim_id: effects.claim_id ?? null, task_id: effects.task_id ?? null } as AnswerOutcome;
  });
}

interface Respondent { contact_id: string | null; account_id: string | null; label: string; owner: string | null }

/** The contact (or lead, or account) who answered, their account and whose customer they are (deleted ones left out). */
async function respondent(db: Tx, inv: Invitation): Promise<Respondent> {
  if (inv.module === 'contacts') {
    const r = (await sql<Respondent>`select c.id::text as contact_id, a.id::text as account_id,
        trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) as label, coalesce(a.assigned_to, c.assigned_to)::text as owner
      from contacts c left join accounts a on a.id = c.account_id and a.deleted_at is null where c.id = ${inv.record_id} and c.deleted_at is null`.execute(db)).rows[0];
    if (r) return r;
  }
  if (inv.module === 'accounts') {
    const r = (await sql<Respondent>`select null as contact_id, id::text as account_id, name as label, assigned_to::text as owner from accounts
      where id = ${inv.record_id} and deleted_at is null`.execute(db)).rows[0];
    if (r) return r;
  }
  return { contact_id: null, account_id: null, label: inv.address, owner: null };
}

const CLAIM_SUBJECT: Record<Lang, string> = { en: 'Survey "{name}": {who}', ru: 'Опрос «{name}»: {who}', uk: 'Опитування «{name}»: {who}', zh: '调查“{name}”：{who}' };
const TASK_SUBJECT: Record<Lang, string> = { en: 'Call back after the survey "{name}": {who}', ru: 'Перезвонить после опроса «{name}»: {who}', uk: 'Передзвонити після опитування «{name}»: {who}', zh: '调查“{name}”后回访：{who}' };

/** The answers as lines "question: answer" for a claim's or task's description. */
function answerLines(questions: Question[], answers: Answers, lang: Lang): string {
  return questions.filter((q) => answers[q.key] !== undefined).map((q) => {
    const a = answers[q.key];
    const label = (v: string) => localised(q.options?.find((o) => o.value === v)?.label, lang) || v;
    return `${localised(q.text, lang)}: ${Array.isArray(a) ? a.map(label).join(', ') : typeof a === 'string' && q.options ? label(a) : String(a)}`;
  }).join('\n');
}

/** The first matching rule of each action: one claim and one task at most per answer, for the account's owner. */
async function applyRules(ctx: RequestContext, survey: Survey, answers: Answers, who: Respondent, lang: Lang): Promise<{ claim_id?: string; task_id?: string }> {
  const out: { claim_id?: string; task_id?: string } = {};
  const owner = who.owner ?? survey.assigned_to;
  // The answer is kept even when an effect cannot be made (its account was deleted meanwhile): checks refuse before writing.
  const attempt = async (make: () => Promise<string>): Promise<string | undefined> => {
    try { return await make(); } catch (err) { if (err instanceof AppError) return undefined; throw err; }
  };
  const fill = (s: string) => s.replace('{name}', survey.name).replace('{who}', who.label || '—');
  for (const rule of survey.rules ?? []) {
    if (!conditionHolds(rule, answers[rule.question])) continue;
    if (rule.action === 'open_claim' && !out.claim_id) {
      out.claim_id = await attempt(async () => String((await createRecord(ctx, 'claims', {
        subject: fill(CLAIM_SUBJECT[lang]).slice(0, 500), account_id: who.account_id, contact_id: who.contact_id, claim_type: rule.claim_type ?? 'service',
        reason: 'survey', description: answerLines(survey.questions, answers, lang), assigned_to: owner,
      })).id));
    }
    if (rule.action === 'create_task' && !out.task_id) {
      out.task_id = await attempt(async () => String((await createRecord(ctx, 'tasks', {
        subject: fill(TASK_SUBJECT[lang]).slice(0, 255), due_date: todayOf(ctx.user.timeZone, Date.now() + 86_400_000),
        related_to: who.contact_id ?? who.account_id, description: answerLines(survey.questions, answers, lang), assigned_to: owner,
      })).id));
    }
  }
  return out;
}
