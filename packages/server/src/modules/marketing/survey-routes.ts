/**
 * Surveys over HTTP. Public, by a personal link: `GET /s/{token}` shows the survey, `POST /s/{token}` (a form, or JSON
 * `{"answers":{…}}`) answers it once. Behind sign-in: `GET /api/v1/surveys/{id}/results` — per question the option
 * shares, the scale's mean, distribution and NPS over every answer (figures name nobody), and the latest texts only of
 * the answers the caller may see (a text may name its author).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { isLang, type Lang } from '@karta/shared';
import type { AppContext } from '../../app-context.js';
import { getRecord } from '../../engine/records/get.js';
import { isVisible } from '../../engine/records/write-helpers.js';
import { can, visibilityPredicate } from '../../engine/access/permissions.js';
import { arr, dataOf, doc, int, obj, str } from '../../engine/http/openapi/schema.js';
import { aggregate, type Answers } from './survey-answers.js';
import { answerSurvey, openSurvey, readSurvey } from './survey-actions.js';
import { invitationByToken } from './invitations.js';
import { surveyPage, SURVEY_TEXT } from './survey-page.js';
import { thanksPage } from './web-form-page.js';
import { parseUrlEncoded } from './web-form-routes.js';

/** Results are computed over at most this many of the latest responses. */
export const MAX_RESULT_RESPONSES = 20_000;

export function surveyPublicRoutes(app: AppContext) {
  const db = app.database.db;
  const langOf = (req: FastifyRequest, fallback: unknown): Lang => {
    const q = (req.query as Record<string, unknown>).lang;
    return isLang(q) ? q : isLang(fallback) ? fallback : 'en';
  };
  const html = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
  const STATUS = { gone: 404, expired: 410, answered: 409, closed: 410 } as const;

  return async (f: FastifyInstance): Promise<void> => {
    f.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, parseUrlEncoded(String(body))));

    f.get<{ Params: { token: string } }>('/s/:token', async (req, reply) => {
      const inv = await invitationByToken(db, 'survey', req.params.token);
      const open = await openSurvey(db, inv);
      const lang = langOf(req, inv?.language);
      const t = SURVEY_TEXT[lang];
      if (open.state !== 'open' || !open.survey) return html(reply, STATUS[open.state === 'open' ? 'gone' : open.state], thanksPage(open.survey?.name ?? t.gone, t[open.state === 'open' ? 'gone' : open.state], lang));
      return html(reply, 200, surveyPage({ name: open.survey.name, intro: open.survey.intro, questions: open.survey.questions, lang, action: `/s/${req.params.token}?lang=${lang}` }));
    });

    f.post<{ Params: { token: string } }>('/s/:token', async (req, reply) => {
      const inv = await invitationByToken(db, 'survey', req.params.token);
      const lang = langOf(req, inv?.language);
      const t = SURVEY_TEXT[lang];
      const isJson = String(req.headers['content-type'] ?? '').includes('json');
      const body = (req.body ?? {}) as Record<string, unknown>;
      const given = isJson ? body.answers : body;
      const outcome = await answerSurvey(app, inv, given);
      if (isJson) {
        if (outcome.state === 'saved') return reply.code(201).send({ data: { response_id: outcome.response_id } });
        if (outcome.state === 'invalid') {
          return reply.code(400).send({ error: { code: 'VALIDATION_FAILED', message: t.fix, fields: Object.fromEntries(Object.entries(outcome.problems).map(([k, p]) => [`answers.${k}`, t[p]])) } });
        }
        return reply.code(STATUS[outcome.state]).send({ error: { code: outcome.state === 'gone' ? 'NOT_FOUND' : 'CONFLICT', message: t[outcome.state] } });
      }
      if (outcome.state === 'saved') return html(reply, 200, thanksPage(t.thanks, t.thanks_text, lang));
      if (outcome.state === 'invalid') {
        const survey = inv && (await readSurvey(db, inv.parent_id));
        if (survey) return html(reply, 400, surveyPage({ name: survey.name, intro: survey.intro, questions: survey.questions, lang, action: `/s/${req.params.token}?lang=${lang}`, values: body, problems: outcome.problems }));
      }
      const state = outcome.state === 'invalid' ? 'gone' : outcome.state;
      return html(reply, STATUS[state], thanksPage(t.thanks, t[state], lang));
    });
  };
}

export async function surveyRoutes(api: FastifyInstance): Promise<void> {
  api.get<{ Params: { id: string } }>('/surveys/:id/results', doc({ tags: ['marketing'], summary: "A survey's results: per question the answers' shares, a scale's mean, distribution and NPS",
    params: obj({ id: str() }, ['id']),
    response: { 200: dataOf(obj({ invited: int(), responses: int(), questions: arr(obj({})) }, ['invited', 'responses', 'questions'])) } }), async (req) => {
    const ctx = req.ctx;
    const record = (await getRecord(ctx, 'surveys', req.params.id)).data;
    const survey = await readSurvey(ctx.db, String(record.id));
    // Free texts are the respondents' own words: only from responses the caller may read, answers field and all.
    const readsTexts = can(ctx, 'survey_responses', 'view') && ctx.registry.module('survey_responses').fieldMap.has('answers');
    const visible = readsTexts ? visibilityPredicate(ctx, 'survey_responses', 'read', 'r') ?? sql`true` : sql`false`;
    const rows = (await sql<{ answers: Answers; mine: boolean }>`select answers, mine from (select r.answers, r.submitted_at, (${visible}) as mine from survey_responses r
        where r.survey_id = ${req.params.id} and r.deleted_at is null order by r.submitted_at desc limit ${MAX_RESULT_RESPONSES}) x
      order by submitted_at`.execute(ctx.db)).rows;
    // Who runs the survey (may change it) reads its figures over every answer; anyone else over the answers they may
    // read — else a count of one would show a respondent's answers to whoever may merely see the survey.
    const runsIt = can(ctx, 'surveys', 'edit') && (await isVisible(ctx, ctx.registry.module('surveys'), String(record.id), 'write'));
    const counted = runsIt ? rows : rows.filter((r) => r.mine);
    const questions = aggregate(survey?.questions ?? [], counted.map((r) => r.answers ?? {}), ctx.lang);
    const readable = aggregate(survey?.questions ?? [], rows.filter((r) => r.mine).map((r) => r.answers ?? {}), ctx.lang);
    questions.forEach((q, i) => { if (q.texts) q.texts = readable[i].texts; });
    const invited = await sql<{ n: number }>`select count(*)::int as n from invitations where kind = 'survey' and parent_id = ${req.params.id}`.execute(ctx.db);
    return { data: { invited: Number(invited.rows[0].n), responses: counted.length, questions } };
  });
}
