import { AppError } from '../../platform/errors.js';
import { msg, nested, type Said } from '../../platform/messages/say.js';

/** A report definition's problem at a path (`group_by[0].field`), in the caller's language. */
export function badReport(path: string, problem: Said): AppError {
  return new AppError('VALIDATION_FAILED', msg('Invalid report: {key} {problem}', { key: path, problem: nested(problem) }), { [path]: problem });
}
