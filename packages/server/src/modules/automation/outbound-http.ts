/**
 * Outgoing HTTP for webhooks and SMS providers. A URL whose host resolves to loopback, private, link-local or
 * other internal ranges is refused (SSRF) unless the host is listed in `KARTA_WEBHOOK_ALLOW_HOSTS`; the address
 * checked is the address connected to (our own DNS lookup), so a name cannot re-resolve to an internal one
 * between the check and the request.
 */
import type { LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { allowedHosts as allowList, connectableAddresses, isInternalHost, isPublicAddress, RefusedAddress } from '../../platform/internal-hosts.js';

export { isPublicAddress, RefusedAddress };

/** Hosts an administrator allowed although they are internal (a receiver on the same network). */
export const allowedHosts = (env: NodeJS.ProcessEnv = process.env) => allowList('KARTA_WEBHOOK_ALLOW_HOSTS', env);

/** Why a URL may not be called, or null when it may (scheme and literal host; names are checked at connect). */
export function urlProblem(raw: string, allow = allowedHosts()): string | null {
  let u: URL;
  try { u = new URL(raw); } catch { return 'is not a URL'; }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'must be an http(s) URL';
  if (u.username || u.password) return 'must not carry a user name or password';
  if (isInternalHost(u.hostname, allow)) return 'points at this server or a private network (allow it in KARTA_WEBHOOK_ALLOW_HOSTS)';
  return null;
}

export interface HttpResult { status: number; body: string }

/** POSTs a body with a timeout; the connection goes only to public addresses unless the host is allowed. */
export function post(url: string, body: string, headers: Record<string, string>, timeoutMs = 10_000): Promise<HttpResult> {
  const u = new URL(url);
  const allow = allowedHosts();
  const lookup = (hostname: string, options: object, cb: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    connectableAddresses(hostname, allow).then((addresses) => {
      if ((options as { all?: boolean }).all) return cb(null, addresses);
      cb(null, addresses[0].address, addresses[0].family);
    }, (err: NodeJS.ErrnoException) => cb(err, []));
  };
  return new Promise((resolve, reject) => {
    const lib = u.protocol === 'https:' ? https : http;
    const req = lib.request(u, {
      method: 'POST', lookup: lookup as never, timeout: timeoutMs,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'Karta-Webhooks/1', ...headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => { size += c.length; if (size <= 4096) chunks.push(c); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, 1000) }));
      res.on('error', reject);
    });
    // An absolute deadline: a receiver trickling a byte now and then must not hold the job (and its transaction) open.
    const deadline = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    req.on('close', () => clearTimeout(deadline));
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on('error', reject);
    req.end(body);
  });
}
