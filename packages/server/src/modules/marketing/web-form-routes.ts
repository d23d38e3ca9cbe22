/**
 * The public side of web forms, no sign-in: `GET /forms/{key}` (the hosted page), `GET /forms/{key}.js` (the embed
 * script, with a fresh fill-time token), `POST /forms/{key}` (a form post or JSON; JSON answers JSON, a form post a
 * page or a redirect) and its CORS preflight. Pages of other sites may send a form only from its allowed origins.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isLang, type Lang } from '@karta/shared';
import type { AppContext } from '../../app-context.js';
import { publicBase } from '../../platform/config.js';
import { AppError } from '../../platform/errors.js';
import { requestLang } from '../../platform/auth/authenticate.js';
import { say } from '../../platform/messages/say.js';
import { signingKey } from '../../platform/signing.js';
import { HONEYPOT, UTM_KEYS, formPage, formScript, thanksPage } from './web-form-page.js';
import { checkFillToken, createFromSubmission, fillToken, formView, loadForm, logSubmission, overLimit, type Outcome, type StoredForm } from './web-form-submit.js';

/** A submission's body is small: a few fields of text. */
export const FORM_BODY_LIMIT = 64 * 1024;

const REFUSALS: Record<Exclude<Outcome, 'accepted' | 'honeypot' | 'invalid'>, { status: number; code: 'VALIDATION_FAILED' | 'RATE_LIMITED' | 'FORBIDDEN' | 'PAYLOAD_TOO_LARGE'; text: Parameters<typeof say>[0] }> = {
  too_fast: { status: 400, code: 'VALIDATION_FAILED', text: 'The form was sent too quickly. Wait a few seconds and send it again.' },
  expired: { status: 400, code: 'VALIDATION_FAILED', text: 'The form is out of date: reload the page and send it again.' },
  rate_limited: { status: 429, code: 'RATE_LIMITED', text: 'Too many submissions; try again later.' },
  origin: { status: 403, code: 'FORBIDDEN', text: 'This site may not send the form.' },
  too_large: { status: 413, code: 'PAYLOAD_TOO_LARGE', text: 'The request body is too large' },
};

export function parseUrlEncoded(body: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
    out[k] = k in out ? [out[k], v].flat() : v;
  }
  return out;
}

export function webFormRoutes(app: AppContext) {
  const db = app.database.db;
  const base = publicBase(app.config);
  const langOf = (req: FastifyRequest): Lang => {
    const asked = (req.query as Record<string, unknown> | undefined)?.lang;
    return isLang(asked) ? asked : requestLang(req);
  };
  const wantsJson = (req: FastifyRequest) => String(req.headers['content-type'] ?? '').includes('json') || String(req.headers.accept ?? '').startsWith('application/json');
  const ownOrigin = (req: FastifyRequest) => [new URL(base).origin, `${req.protocol}://${req.headers.host}`];

  /** The origin may send this form: none (not a browser), Karta's own page, or one of the form's sites. */
  function originAllowed(req: FastifyRequest, form: StoredForm): string | null | false {
    const origin = req.headers.origin;
    if (!origin) return null;
    // `null` is a sandboxed frame or a local file: a page that is no allowed site.
    if (origin === 'null') return false;
    if (ownOrigin(req).includes(origin)) return null;
    return form.allowed_origins.includes(origin) ? origin : false;
  }
  const cors = (reply: FastifyReply, origin: string | null) => {
    reply.header('vary', 'Origin');
    if (origin) reply.header('access-control-allow-origin', origin);
  };

  async function hosted(req: FastifyRequest, reply: FastifyReply, form: StoredForm, lang: Lang, values: Record<string, unknown> = {}, errors: Record<string, string> = {}, problem?: string) {
    const query = req.query as Record<string, unknown>;
    const hidden: Record<string, string> = { _ts: fillToken(await signingKey(db), form.key), _lang: lang };
    hidden._referrer = String(values._referrer ?? req.headers.referer ?? '').slice(0, 2000);
    hidden._landing = String(values._landing ?? `${base}${req.url}`).slice(0, 2000);
    for (const k of UTM_KEYS) if (typeof (values[k] ?? query[k]) === 'string') hidden[k] = String(values[k] ?? query[k]).slice(0, 255);
    const view = formView(app.meta.registry, form, `${base}/forms/${form.key}`, lang);
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
    return formPage(view, hidden, values, errors, problem);
  }

  return async (f: FastifyInstance): Promise<void> => {
    f.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, parseUrlEncoded(String(body))));

    f.get<{ Params: { key: string } }>('/forms/:key', async (req, reply) => {
      const script = req.params.key.endsWith('.js');
      const form = await loadForm(db, script ? req.params.key.slice(0, -3) : req.params.key);
      if (!form) throw new AppError('NOT_FOUND', 'This form is not available');
      const lang = langOf(req);
      if (!script) return hosted(req, reply, form, lang);
      // Loaded by pages of other sites: a script tag is a cross-origin read, allowed for this file.
      reply.type('application/javascript; charset=utf-8').header('cache-control', 'no-store').header('cross-origin-resource-policy', 'cross-origin');
      return formScript(form.key, fillToken(await signingKey(db), form.key));
    });

    f.options<{ Params: { key: string } }>('/forms/:key', async (req, reply) => {
      const form = await loadForm(db, req.params.key);
      const origin = form ? originAllowed(req, form) : false;
      if (origin === false) throw new AppError('FORBIDDEN', 'This site may not send the form.');
      cors(reply, origin);
      reply.header('access-control-allow-methods', 'POST').header('access-control-allow-headers', 'content-type, accept').header('access-control-max-age', '600');
      return reply.code(204).send();
    });

    f.post<{ Params: { key: string } }>('/forms/:key', {
      bodyLimit: FORM_BODY_LIMIT,
      // A body over the limit is refused before the handler: still counted against its form.
      errorHandler: async (err, req, reply) => {
        const form = (err as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? await loadForm(db, (req.params as { key: string }).key) : null;
        if (!form) throw err;
        await logSubmission(db, form.id, req.ip, 'too_large');
        return reply.code(413).send({ error: { code: 'PAYLOAD_TOO_LARGE', message: say('The request body is too large', langOf(req)) } });
      },
    }, async (req, reply) => {
      const form = await loadForm(db, req.params.key);
      if (!form) throw new AppError('NOT_FOUND', 'This form is not available');
      const body = (req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? req.body : {}) as Record<string, unknown>;
      const lang: Lang = isLang(body._lang) ? body._lang : langOf(req);
      const json = wantsJson(req);
      const origin = originAllowed(req, form);
      cors(reply, origin || null);
      const refuse = async (outcome: Exclude<Outcome, 'accepted' | 'honeypot' | 'invalid'>) => {
        // Past its limit an address is only told so: a row per refusal would keep it over the limit and grow the log.
        if (outcome !== 'rate_limited') await logSubmission(db, form.id, req.ip, outcome);
        const r = REFUSALS[outcome];
        if (outcome === 'rate_limited') reply.header('retry-after', '600');
        if (json || outcome === 'origin') return reply.code(r.status).send({ error: { code: r.code, message: say(r.text, lang) } });
        return reply.code(r.status).send(await hosted(req, reply, form, lang, body, {}, say(r.text, lang)));
      };
      if (origin === false) return refuse('origin');
      if (await overLimit(db, form.id, req.ip)) return refuse('rate_limited');
      const thanks = form.thank_you_message?.trim() || say('Thank you! We have received your message.', lang);
      const done = (status: number) => {
        if (json) return reply.code(status).send({ data: { message: thanks, ...(form.thank_you_url ? { redirect: form.thank_you_url } : {}) } });
        if (form.thank_you_url) return reply.redirect(form.thank_you_url, 303);
        return reply.code(200).type('text/html; charset=utf-8').send(thanksPage(form.name, thanks, lang));
      };
      // A robot filled the trap: it is told all went well, and nothing is made.
      if (typeof body[HONEYPOT] === 'string' && body[HONEYPOT].trim()) {
        await logSubmission(db, form.id, req.ip, 'honeypot');
        return done(201);
      }
      const timing = checkFillToken(await signingKey(db), form.key, body._ts, form.min_fill_seconds);
      if (timing !== 'ok') return refuse(timing);
      const view = formView(app.meta.registry, form, `${base}/forms/${form.key}`, lang);
      try {
        const id = await createFromSubmission(app, form, view, body, lang);
        await logSubmission(db, form.id, req.ip, 'accepted', id);
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'VALIDATION_FAILED') throw err;
        await logSubmission(db, form.id, req.ip, 'invalid');
        if (json) throw err;
        const { message, fields } = err.render(lang);
        return reply.code(400).send(await hosted(req, reply, form, lang, body, fields ?? {}, message));
      }
      return done(201);
    });
  };
}
