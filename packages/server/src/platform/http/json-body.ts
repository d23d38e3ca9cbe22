/**
 * JSON bodies must be valid UTF-8: Node would silently turn broken bytes into U+FFFD and store them. The body is
 * decoded strictly, then parsed by Fastify's own parser (which refuses `__proto__` and `constructor` tricks).
 */
import type { FastifyInstance } from 'fastify';

const strict = new TextDecoder('utf-8', { fatal: true });

export class InvalidUtf8Error extends Error {
  readonly statusCode = 400;
  readonly code = 'KARTA_INVALID_UTF8';
}

export function registerJsonBody(f: FastifyInstance): void {
  const parseJson = f.getDefaultJsonParser('error', 'error');
  f.removeContentTypeParser('application/json');
  f.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    let text: string;
    try {
      text = strict.decode(body as Buffer);
    } catch {
      done(new InvalidUtf8Error('The body is not valid UTF-8'), undefined);
      return;
    }
    parseJson(req, text, done);
  });
}
