/**
 * Printing a record (or a selection: one PDF, a page each) with a print template: Liquid fills the template's HTML
 * with the record's merge values in the template's language, then the HTML is laid out as a PDF in the app's fonts.
 */
import { isLang, type Lang } from '@karta/shared';
import { sql } from 'kysely';
import { can, visibilityPredicate } from '../../engine/access/permissions.js';
import type { RequestContext } from '../../engine/context.js';
import { getRecord } from '../../engine/records/get.js';
import { AppError } from '../../platform/errors.js';
import { msg } from '../../platform/messages/say.js';
import type { Template } from 'liquidjs';
import { engine, renderProblem } from '../automation/template-render.js';
import { DOCUMENT_MODULES } from '../line-items/behaviour.js';
import { plainDocument } from './forms/forms-en.js';
import { MAX_NODES } from './html-pdf.js';
import { renderPdf } from './pdf-pool.js';
import { printCommon, printScope } from './print-scope.js';

/** At most this many records in one merged PDF. */
export const MAX_MERGE_RECORDS = 200;
/** The filled HTML of one PDF, all pages together, at most this many characters. */
const MAX_HTML = 20_000_000;

export interface PrintTemplate { name?: unknown; module?: unknown; language?: unknown; paper?: unknown; orientation?: unknown; body_html?: unknown }
export interface Printed { filename: string; content: Buffer }

/**
 * The template to print a record with: the one asked for; else the module's (default first) in the reader's language;
 * else, for quotes, orders and invoices, the plain layout in the reader's language; else the module's default in any.
 */
export async function chooseTemplate(ctx: RequestContext, module: string, templateId?: string): Promise<PrintTemplate> {
  if (templateId) {
    const { data } = await getRecord(ctx, 'print_templates', templateId);
    return data;
  }
  // Templates are records like any other: a role without them prints with the plain layout.
  const vis = can(ctx, 'print_templates', 'view') ? visibilityPredicate(ctx, 'print_templates', 'read') : sql`false`;
  const r = await sql<PrintTemplate>`select name, module, language, paper, orientation, body_html from print_templates t
    where module = ${module} and deleted_at is null ${vis ? sql`and ${vis}` : sql``}
    order by (coalesce(language, ${ctx.lang}) = ${ctx.lang}) desc, is_default desc, (language = 'en') desc, created_at limit 1`.execute(ctx.db);
  const best = r.rows[0];
  if (best && (best.language == null || best.language === ctx.lang)) return best;
  if (DOCUMENT_MODULES.includes(module)) return { name: module, module, language: ctx.lang, body_html: plainDocument(module, ctx.lang) };
  if (best) return best;
  throw new AppError('NOT_FOUND', msg('{module} has no print template', { module }));
}

/**
 * Rendering time a whole print may spend (a merge of 200 records included): each render may take what is left, at
 * most two seconds. A template that loops for long stops there, instead of holding the server 200 times.
 */
const PRINT_RENDER_MS = 10_000;

/** The template parsed once for all the records of a print. */
function parsed(body: string): Template[] {
  try {
    return engine.parse(body);
  } catch (err) {
    throw renderProblem(err);
  }
}

async function fill(template: Template[], scope: Record<string, unknown>, budget: { ms: number }): Promise<string> {
  const started = performance.now();
  try {
    return await engine.render(template, scope, { renderLimit: Math.max(1, Math.min(2000, budget.ms)) });
  } catch (err) {
    throw renderProblem(err);
  } finally {
    budget.ms -= performance.now() - started;
  }
}

/** One PDF of the records (each must be readable by the caller: else 404), a page per record. */
/** `who`: whose share of the PDF queue it takes (default the caller; the portal's customers print as its actor, each their own). */
export async function printRecords(ctx: RequestContext, template: PrintTemplate, module: string, ids: string[], who = ctx.user.id): Promise<Printed> {
  if (template.module !== module) {
    throw new AppError('VALIDATION_FAILED', msg('This template is for {module}', { module: String(template.module) }), { template: msg('This template is for {module}', { module: String(template.module) }) });
  }
  if (!ids.length || ids.length > MAX_MERGE_RECORDS) throw new AppError('VALIDATION_FAILED', msg('Choose from 1 to {max} records', { max: MAX_MERGE_RECORDS }));
  const lang: Lang = isLang(template.language) ? template.language : ctx.lang;
  const bodies: string[] = [];
  const common = await printCommon(ctx, lang);
  let number = '';
  const budget = { ms: PRINT_RENDER_MS };
  const body = parsed(String(template.body_html ?? ''));
  for (const id of ids) {
    const scope = await printScope(ctx, module, id, lang, common);
    number ||= String(scope.number ?? scope.name ?? '');
    bodies.push(await fill(body, scope, budget));
    if (bodies.reduce((n, b) => n + b.length, 0) > MAX_HTML) {
      throw new AppError('VALIDATION_FAILED', msg('The document is too large to print (more than {max} elements)', { max: MAX_NODES }));
    }
  }
  const content = await renderPdf(bodies, {
    paper: template.paper === 'letter' ? 'LETTER' : 'A4', orientation: template.orientation === 'landscape' ? 'landscape' : 'portrait',
    title: `${String(template.name ?? '')} ${ids.length === 1 ? number : ''}`.trim(),
  }, who);
  const base = ids.length === 1 && number ? number : String(template.name ?? module);
  return { filename: `${base.replace(/[\\/:*?"<>|\r\n]+/g, '_').slice(0, 100) || module}.pdf`, content };
}
