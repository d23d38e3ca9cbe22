/** A small keep-alive HTTP client (node:http: less client-side work than fetch on a 2-core machine). */
import http from 'node:http';

export interface Reply {
  status: number;
  text: string;
  headers: http.IncomingHttpHeaders;
}

export class Client {
  private readonly agent: http.Agent;
  constructor(private readonly base: URL, private readonly headers: Record<string, string> = {}, sockets = 8) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  }

  withHeaders(headers: Record<string, string>, sockets = 8): Client {
    return new Client(this.base, { ...this.headers, ...headers }, sockets);
  }

  request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: this.base.hostname, port: this.base.port, method, path, agent: this.agent,
        headers: { ...this.headers, ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}) },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
        res.on('error', reject);
      });
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  /** A request that must succeed (2xx); the body is returned unparsed. */
  async ok(method: string, path: string, body?: unknown): Promise<string> {
    return (await this.okReply(method, path, body)).text;
  }

  /** The same, with the status and headers (the server's timing of the request). */
  async okReply(method: string, path: string, body?: unknown): Promise<Reply> {
    const r = await this.request(method, path, body);
    if (r.status < 200 || r.status >= 300) throw new Error(`${method} ${path.slice(0, 80)} → ${r.status} ${r.text.slice(0, 200)}`);
    return r;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Logs in as a user and creates an API token for the load (Bearer: no CSRF, no cookie jar). */
export async function apiToken(base: URL, username: string, password: string): Promise<string> {
  const c = new Client(base);
  const login = await c.request('POST', '/api/v1/auth/login', { username, password });
  if (login.status !== 200) throw new Error(`login as ${username} failed: ${login.status} ${login.text.slice(0, 200)}`);
  const cookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0];
  const csrf = JSON.parse(login.text).csrf_token as string;
  const tok = await c.request('POST', '/api/v1/auth/tokens', { name: 'bench' }, { cookie, 'x-csrf-token': csrf });
  c.close();
  if (tok.status !== 201) throw new Error(`creating an API token failed: ${tok.status} ${tok.text.slice(0, 200)}`);
  return JSON.parse(tok.text).token as string;
}
