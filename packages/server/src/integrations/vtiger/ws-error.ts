import { fieldMessage, type Lang } from '@karta/shared';
import { AppError } from '../../platform/errors.js';

/** An error as vTiger's webservice reports it: `{"success":false,"error":{"message","code"}}`, HTTP 200. */
export class WsError extends Error {
  constructor(public readonly code: string | number, message: string) {
    super(message);
  }
}

const DENIED = 'Permission to perform the operation is denied';

/** Karta's errors in vTiger's words: a missing or hidden record is "access denied", as vTiger says it. */
export function wsErrorOf(err: unknown, lang: Lang): WsError {
  if (err instanceof WsError) return err;
  if (!(err instanceof AppError)) {
    // What the database refused as malformed is the caller's; anything else is ours (logged by the route).
    const code = (err as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && /^22/.test(code)) return new WsError('INVALID_PARAMETER', 'A value is out of range or malformed');
    if (code === '23505') return new WsError(0, 'Duplicate(s) detected!');
    return new WsError('INTERNAL_SERVER_ERROR', 'Internal error');
  }
  const { message, fields } = err.render(lang);
  switch (err.code) {
    case 'NOT_FOUND': case 'FORBIDDEN': return new WsError('ACCESS_DENIED', DENIED);
    case 'VALIDATION_FAILED': {
      const required = Object.entries(fields ?? {}).find(([, v]) => v === fieldMessage('required', lang));
      if (required) return new WsError('MANDATORY_FIELDS_MISSING', `${required[0]} does not have a value`);
      // A reference to a record the caller may not see is said as one to a record that does not exist (vTiger's code for both).
      const missing = Object.entries(fields ?? {}).find(([, v]) => v === fieldMessage('not_found', lang));
      if (missing) return new WsError('REFERENCE_INVALID', `Referenced record of ${missing[0]} does not exist or is not a valid id`);
      const detail = Object.entries(fields ?? {}).map(([k, v]) => `${k}: ${v}`).join('; ');
      return new WsError('INVALID_PARAMETER', detail ? `${message}: ${detail}` : message);
    }
    case 'CONFLICT': return new WsError(0, 'Duplicate(s) detected!');
    case 'RATE_LIMITED': return new WsError('ACCESS_DENIED', message);
    default: return new WsError('INTERNAL_SERVER_ERROR', message);
  }
}
