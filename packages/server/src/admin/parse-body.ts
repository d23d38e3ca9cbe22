import type { z } from 'zod';
import { AppError, type FieldErrors } from '../platform/errors.js';
import { msg, translated } from '../platform/messages/say.js';

/** zod-parses an admin request body into the error envelope's per-field messages. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  const fields: FieldErrors = {};
  for (const issue of r.error.issues) {
    const key = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? (issue as any).keys?.join(',') : 'body');
    fields[key] = issue.code === 'unrecognized_keys' ? 'is not a field of this module' : translated(issue.message);
  }
  throw new AppError('VALIDATION_FAILED', 'Some fields are not valid', fields);
}
