/** Print templates are checked on save: a known module, Liquid that parses, and no active content in the HTML. */
import type { ModuleBehaviour, WriteChange } from '../../engine/registry/behaviour.js';
import type { RequestContext } from '../../engine/context.js';
import { AppError } from '../../platform/errors.js';
import { msg, nested, type Said } from '../../platform/messages/say.js';
import { syntaxError } from '../automation/template-render.js';
import { checkModuleName } from '../automation/template-behaviour.js';

/** Scripts, frames and plug-ins have no place in a printed form: refused rather than silently dropped. */
const ACTIVE = /<\s*(script|iframe|object|embed|frame|frameset|applet|link|meta|base)\b/i;

function invalid(key: string, problem: Said): AppError {
  return new AppError('VALIDATION_FAILED', msg('Invalid template: {key} {problem}', { key, problem: nested(problem) }), { [key]: problem });
}

export function checkPrintTemplate(ctx: RequestContext, v: Record<string, unknown>): void {
  if ('module' in v) checkModuleName(ctx, 'module', v.module, invalid);
  if (typeof v.body_html === 'string') {
    const tag = ACTIVE.exec(v.body_html);
    if (tag) throw invalid('body_html', msg('may not contain <{tag}>', { tag: tag[1].toLowerCase() }));
    const problem = syntaxError(v.body_html);
    if (problem) throw invalid('body_html', msg('is not valid Liquid: {problem}', { problem }));
  }
}

async function beforeWrite(ctx: RequestContext, change: WriteChange): Promise<void> {
  if (change.action === 'create' || change.action === 'update') checkPrintTemplate(ctx, change.values);
}

export const printTemplateBehaviour: ModuleBehaviour = { beforeWrite };
