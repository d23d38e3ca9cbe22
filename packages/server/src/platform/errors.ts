import { ERROR_STATUS, type ErrorCode, type Lang } from '@karta/shared';
import { say, type Said } from './messages/say.js';

export type FieldErrors = Record<string, Said>;

/**
 * An error that becomes the API error envelope, said in the caller's language (platform/messages); anything else
 * is a 500 with a request id. The message and field messages are catalogue keys, so each has its translations.
 */
export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    public readonly said: Said,
    public readonly fields?: FieldErrors,
  ) {
    super(say(said, 'en'));
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
  /** The envelope's message and fields in `lang`. */
  render(lang: Lang): { message: string; fields?: Record<string, string> } {
    return {
      message: say(this.said, lang),
      ...(this.fields ? { fields: Object.fromEntries(Object.entries(this.fields).map(([k, v]) => [k, say(v, lang)])) } : {}),
    };
  }
}
