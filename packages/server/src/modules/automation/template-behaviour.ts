/** E-mail templates are checked on save: a known module, Liquid that parses, language variants of the right shape. */
import { isLang } from '@karta/shared';
import type { ModuleBehaviour, WriteChange } from '../../engine/registry/behaviour.js';
import type { RequestContext } from '../../engine/context.js';
import { AppError } from '../../platform/errors.js';
import { msg, nested, type Said } from '../../platform/messages/say.js';
import { syntaxError } from './template-render.js';

function invalid(key: string, problem: Said): AppError {
  return new AppError('VALIDATION_FAILED', msg('Invalid template: {key} {problem}', { key, problem: nested(problem) }), { [key]: problem });
}

function checkText(key: string, text: unknown): void {
  if (typeof text !== 'string') return;
  const problem = syntaxError(text);
  if (problem) throw invalid(key, msg('is not valid Liquid: {problem}', { problem }));
}

function checkVariants(variants: unknown): void {
  if (variants == null) return;
  if (typeof variants !== 'object' || Array.isArray(variants)) throw invalid('variants', 'must be an object by language');
  for (const [lang, v] of Object.entries(variants as Record<string, unknown>)) {
    if (!isLang(lang)) throw invalid(`variants.${lang}`, 'must be one of en, ru, uk, zh');
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalid(`variants.${lang}`, 'must be an object with subject and body_html');
    const { subject, body_html: body } = v as Record<string, unknown>;
    if (subject !== undefined && (typeof subject !== 'string' || subject.length > 500)) throw invalid(`variants.${lang}.subject`, 'must be text of at most 500 characters');
    if (typeof body !== 'string' || body.length > 200_000) throw invalid(`variants.${lang}.body_html`, 'must be text of at most 200000 characters');
    checkText(`variants.${lang}.subject`, subject);
    checkText(`variants.${lang}.body_html`, body);
  }
}

function checkDocuments(ids: unknown): void {
  if (ids == null) return;
  if (!Array.isArray(ids) || ids.length > 10 || ids.some((id) => typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id))) {
    throw invalid('document_ids', 'must be a list of at most 10 document ids');
  }
}

export function checkModuleName(ctx: RequestContext, key: string, name: unknown, invalidFn: (key: string, p: Said) => AppError): void {
  if (name == null || name === '') return;
  if (typeof name !== 'string' || !ctx.registry.has(name)) throw invalidFn(key, msg('{module} is not a module', { module: String(name) }));
}

async function beforeWrite(ctx: RequestContext, change: WriteChange): Promise<void> {
  if (change.action !== 'create' && change.action !== 'update') return;
  const v = change.values;
  if ('module' in v) checkModuleName(ctx, 'module', v.module, invalid);
  checkText('subject', v.subject);
  checkText('body_html', v.body_html);
  if ('variants' in v) checkVariants(v.variants);
  if ('document_ids' in v) checkDocuments(v.document_ids);
}

export const templateBehaviour: ModuleBehaviour = { beforeWrite };
