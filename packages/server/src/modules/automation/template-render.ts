/**
 * E-mail templates rendered with Liquid (liquidjs): no code runs, no file is read (includes are refused), every
 * output is HTML-escaped unless the template says `| raw`, and parsing and rendering are bounded in size and time.
 */
import { amountInWords, isLang, type Lang } from '@karta/shared';
import { Liquid, type FS, type Template } from 'liquidjs';
import { readCompany } from '../../admin/company-routes.js';
import type { RequestContext } from '../../engine/context.js';
import { getRecord } from '../../engine/records/get.js';
import { AppError } from '../../platform/errors.js';
import { msg } from '../../platform/messages/say.js';
import { displayValue, MAX_REFERENCE_LOADS, recordScope, userValues } from './merge-fields.js';
import { formatDate, formatMoney } from '../print/formats.js';
import { todayOf } from '../../platform/time-zone.js';

/** A file system with no files: `{% include %}`, `{% render %}` and `{% layout %}` find nothing. */
const NO_FILES: FS = {
  exists: async () => false, existsSync: () => false,
  readFile: async () => { throw new Error('templates may not read files'); },
  readFileSync: () => { throw new Error('templates may not read files'); },
  resolve: (_dir, file) => file, contains: async () => false, sep: '/',
};

/** A render's time (wall clock: reference fields loaded while rendering count too). */
const RENDER_MS = 2000;

export const engine = new Liquid({
  fs: NO_FILES, root: [], partials: [], layouts: [], relativeReference: false,
  outputEscape: 'escape', ownPropertyOnly: true, strictFilters: true,
  parseLimit: 300_000, renderLimit: RENDER_MS, memoryLimit: 20_000_000,
});

/** A render stopped at one of the engine's limits (time, memory): the template's fault, whatever the record. */
export class TemplateOverLimit extends AppError {}

export function renderProblem(err: unknown): AppError {
  const problem = String((err as Error).message).split('\n')[0].slice(0, 300);
  const said = msg('The template cannot be rendered: {problem}', { problem });
  return /limit exceeded/.test(problem) ? new TemplateOverLimit('VALIDATION_FAILED', said) : new AppError('VALIDATION_FAILED', said);
}

/** The language and currency a filter formats in: the scope's `lang` and `currency`, else English and none. */
function formatting(ctx: { environments: unknown }): { lang: Lang; currency: string } {
  const env = ctx.environments as Record<string, unknown>;
  return { lang: isLang(env.lang) ? env.lang : 'en', currency: typeof env.currency === 'string' ? env.currency : '' };
}
// Helpers every template has: `{{ x | money }}`, `{{ x | in_words }}` (the amount in words), `{{ x | local_date }}`.
engine.registerFilter('money', function (v: unknown) { return formatMoney(v, formatting(this.context).lang); });
engine.registerFilter('in_words', function (v: unknown, currency?: unknown) {
  const f = formatting(this.context);
  return amountInWords(String(v ?? ''), typeof currency === 'string' && currency ? currency : f.currency, f.lang);
});
engine.registerFilter('local_date', function (v: unknown, style?: unknown) { return formatDate(v, formatting(this.context).lang, style === 'short' ? 'short' : 'long'); });

export interface TemplateText { subject: string; body_html: string }
export interface Rendered { subject: string; html: string; language: Lang }

/** The language variant to use: the one asked for when the template has it, else the template's default text. */
export function pickVariant(template: Record<string, unknown>, lang: Lang | undefined): TemplateText & { language?: Lang } {
  const variants = (template.variants ?? {}) as Record<string, Partial<TemplateText>>;
  const v = lang ? variants[lang] : undefined;
  if (v && typeof v.body_html === 'string' && v.body_html.trim()) {
    return { subject: typeof v.subject === 'string' && v.subject ? v.subject : String(template.subject ?? ''), body_html: v.body_html, language: lang };
  }
  return { subject: String(template.subject ?? ''), body_html: String(template.body_html ?? '') };
}

/** Checks a template's syntax (on save): the first error as a message. */
export function syntaxError(text: string): string | null {
  try {
    engine.parse(text);
    return null;
  } catch (err) {
    return String((err as Error).message).split('\n')[0].slice(0, 300);
  }
}

/** Plain text from the rendered HTML, for the e-mail's text part and the record kept on the timeline. */
/** A numeric character reference as text: control characters (NUL, which no text column keeps) and lone surrogates become U+FFFD. */
function charOf(n: number): string {
  const bad = n > 0x10ffff || (n < 32 && n !== 9 && n !== 10 && n !== 13) || (n >= 0xd800 && n <= 0xdfff);
  return bad ? '\ufffd' : String.fromCodePoint(n);
}

export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n').replace(/<\/(p|div|h\d|li|tr)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#(\d{1,7});/g, (_, n: string) => charOf(Number(n))).replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n').trim();
}

/**
 * Renders a template for a record the caller may read: its fields, its references (`{{account_id.name}}`),
 * the company's requisites (`{{company.name}}`), the sender (`{{user.name}}`) and today's date, in `language`.
 */
/** What a run of many renders of one template shares (a mailing's batch): the parsed text, the company, the sender. */
export interface RenderCache { parsed: Map<string, Template[]>; company?: Record<string, unknown>; user?: Record<string, string> }
export const renderCache = (): RenderCache => ({ parsed: new Map() });

export async function renderTemplate(ctx: RequestContext, template: Record<string, unknown>, record: { module: string; id: string } | null, language?: string, cache?: RenderCache): Promise<Rendered> {
  const lang: Lang = isLang(language) ? language : ctx.lang;
  const text = pickVariant(template, lang);
  const budget = { left: MAX_REFERENCE_LOADS };
  const scope: Record<string, unknown> = {};
  if (record) {
    if (template.module && template.module !== record.module) {
      throw new AppError('VALIDATION_FAILED', msg('This template is for {module}', { module: String(template.module) }), { record: msg('This template is for {module}', { module: String(template.module) }) });
    }
    const { data, refs } = await getRecord(ctx, record.module, record.id);
    Object.assign(scope, recordScope(ctx, record.module, data, refs, lang, budget));
  }
  scope.company = cache?.company ?? await readCompany(ctx.db).then(({ logo: _logo, stamp: _stamp, signature: _signature, ...rest }) => rest);
  scope.user = cache?.user ?? await userValues(ctx, ctx.user.id);
  if (cache) Object.assign(cache, { company: scope.company, user: scope.user });
  scope.lang = lang;
  scope.today = displayValue({ name: 'today', type: 'date', label: { en: '', ru: '', uk: '', zh: '' } }, todayOf(ctx.user.timeZone), lang);
  try {
    const parse = (t: string) => {
      if (!cache) return engine.parse(t);
      const known = cache.parsed.get(t) ?? engine.parse(t);
      cache.parsed.set(t, known);
      return known;
    };
    const [subject, html] = await Promise.all([engine.render(parse(text.subject), scope), engine.render(parse(text.body_html), scope)]);
    return { subject: htmlToText(subject).replace(/\s+/g, ' ').slice(0, 255), html, language: text.language ?? lang };
  } catch (err) {
    throw renderProblem(err);
  }
}
