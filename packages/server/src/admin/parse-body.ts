import type { z } from 'zod';
import { AppError } from '../platform/errors.js';

/** zod-parses an admin request body into the error envelope's per-field messages. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  const fields: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const key = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? (issue as any).keys?.join(',') : 'body');
    fields[key] = issue.code === 'unrecognized_keys' ? 'is not a known field' : issue.message;
  }
  throw new AppError('VALIDATION_FAILED', 'Some fields are not valid', fields);
}
