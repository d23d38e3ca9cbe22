import type { z } from 'zod';
import { CATALOGUE } from '../platform/messages/catalogue.js';
import { AppError, type FieldErrors } from '../platform/errors.js';
import { msg, type MessageText, type Said } from '../platform/messages/say.js';

type Issue = z.core.$ZodIssue;

/**
 * What a zod issue says, in the caller's language: our own message when the schema names one from the catalogue,
 * else one of ours for zod's kind of problem (zod's defaults are English only).
 */
export function issueMessage(issue: Issue): Said {
  if (issue.message in CATALOGUE) return issue.message as MessageText;
  const i = issue as Issue & { input?: unknown; expected?: string; origin?: string; format?: string; minimum?: number | bigint; values?: unknown[] };
  switch (i.code) {
    case 'invalid_type':
      if (i.input === undefined) return 'is required';
      return i.expected === 'boolean' ? 'must be true or false' : i.expected === 'number' ? 'must be a number' : 'has the wrong type';
    case 'too_big': return i.origin === 'array' || i.origin === 'set' ? 'has too many entries' : 'is too long';
    case 'too_small': return i.origin === 'string' && Number(i.minimum) <= 1 ? 'is required' : 'is too short';
    case 'invalid_format': return i.format === 'uuid' ? 'must be an id' : i.format === 'email' ? 'must be a valid e-mail address' : 'is not valid';
    case 'invalid_value': return msg('must be one of {values}', { values: (i.values ?? []).map(String).join(', ') });
    default: return 'is not valid';
  }
}

/** zod-parses an admin request body into the error envelope's per-field messages. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body ?? {}, { reportInput: true }); // the input tells a missing value from a wrong one
  if (r.success) return r.data;
  const fields: FieldErrors = {};
  for (const issue of r.error.issues) {
    const key = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys?.join(',') ?? 'body' : 'body');
    fields[key] = issue.code === 'unrecognized_keys' ? 'is not a field of this module' : issueMessage(issue);
  }
  throw new AppError('VALIDATION_FAILED', 'Some fields are not valid', fields);
}
