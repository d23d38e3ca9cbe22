/**
 * Security headers on every response. HSTS and the CSP's `upgrade-insecure-requests` are sent only when Karta
 * knows it is served over HTTPS — `KARTA_PUBLIC_URL` starts with https, or the request came over TLS (directly
 * or, with `KARTA_TRUST_PROXY=1`, as the proxy's `X-Forwarded-Proto` says). Sent over plain HTTP on a LAN host
 * name they would make the browser fetch the scripts over HTTPS and show a blank page.
 */
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export const HSTS = 'max-age=15552000; includeSubDomains';

/** The headers helmet sets, for the rare answer written before Fastify's hooks run (a malformed request). */
export const BASE_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'self'; frame-ancestors 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

export function servedOverHttps(req: FastifyRequest, publicUrl: string | undefined): boolean {
  return req.protocol === 'https' || /^https:/i.test(publicUrl ?? '');
}

export async function registerSecurityHeaders(f: FastifyInstance, publicUrl: string | undefined): Promise<void> {
  await f.register(helmet, {
    hsts: false,
    contentSecurityPolicy: {
      directives: {
        // Frames: the print preview shows a PDF the page fetched (a blob URL).
        'img-src': ["'self'", 'data:', 'blob:'], 'frame-src': ["'self'", 'blob:'], 'script-src': ["'self'"], 'style-src': ["'self'", "'unsafe-inline'"],
        'upgrade-insecure-requests': null,
      },
    },
  });
  f.addHook('onSend', async (req, reply) => {
    if (!servedOverHttps(req, publicUrl)) return;
    reply.header('strict-transport-security', HSTS);
    const csp = reply.getHeader('content-security-policy');
    if (typeof csp === 'string' && !csp.includes('upgrade-insecure-requests')) reply.header('content-security-policy', `${csp};upgrade-insecure-requests`);
  });
}
