import { createHash } from 'node:crypto';

/**
 * A client of vTiger's webservice as vTiger documents it (getchallenge → login with md5(token + access key) →
 * sessionName on every call; GET operations in the query string, POST ones as a form). It knows nothing of
 * Karta: the migration reads a real vTiger through it, and the tests drive Karta's /webservice.php with it.
 */
export class VtigerError extends Error {
  constructor(public readonly code: string | number, message: string) {
    super(`${code}: ${message}`);
  }
}

export class VtigerClient {
  private sessionName: string | null = null;
  userId: string | null = null;

  constructor(private readonly baseUrl: string, private readonly opts: { timeoutMs?: number } = {}) {}

  /** The session of the last login (for a caller that sends its own requests). */
  get session(): string | null {
    return this.sessionName;
  }

  private url(): string {
    return this.baseUrl.replace(/\/+$/, '').replace(/\/webservice\.php$/, '') + '/webservice.php';
  }

  async call<T = any>(method: 'GET' | 'POST', operation: string, params: Record<string, unknown> = {}): Promise<T> {
    const all: Record<string, string> = { operation };
    if (this.sessionName) all.sessionName = this.sessionName;
    for (const [k, v] of Object.entries(params)) {
      if (v !== undefined) all[k] = typeof v === 'string' ? v : JSON.stringify(v);
    }
    const body = new URLSearchParams(all);
    const res = method === 'GET'
      ? await fetch(`${this.url()}?${body}`, { signal: AbortSignal.timeout(this.opts.timeoutMs ?? 60_000) })
      : await fetch(this.url(), { method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, signal: AbortSignal.timeout(this.opts.timeoutMs ?? 60_000) });
    const text = await res.text();
    let json: { success: boolean; result?: T; error?: { code: string | number; message: string } };
    try {
      json = JSON.parse(text);
    } catch {
      throw new VtigerError('BAD_RESPONSE', `HTTP ${res.status}: ${text.slice(0, 200)}`);
    }
    if (!json.success) throw new VtigerError(json.error?.code ?? 'UNKNOWN', json.error?.message ?? 'failed');
    return json.result as T;
  }

  async login(username: string, accessKey: string): Promise<void> {
    const { token } = await this.call<{ token: string }>('GET', 'getchallenge', { username });
    const key = createHash('md5').update(token + accessKey).digest('hex');
    const r = await this.call<{ sessionName: string; userId: string }>('POST', 'login', { username, accessKey: key });
    this.sessionName = r.sessionName;
    this.userId = r.userId;
  }

  logout = () => this.call('POST', 'logout');
  listTypes = () => this.call<{ types: string[]; information: Record<string, { label: string; singular: string }> }>('GET', 'listtypes');
  describe = (elementType: string) => this.call('GET', 'describe', { elementType });
  create = (elementType: string, element: Record<string, unknown>) => this.call('POST', 'create', { elementType, element });
  retrieve = (id: string) => this.call('GET', 'retrieve', { id });
  update = (element: Record<string, unknown>) => this.call('POST', 'update', { element });
  revise = (element: Record<string, unknown>) => this.call('POST', 'revise', { element });
  delete = (id: string) => this.call('POST', 'delete', { id });
  query = <T = Record<string, string>>(query: string) => this.call<T[]>('GET', 'query', { query });
  sync = (modifiedTime: number, elementType?: string) => this.call<{ updated: any[]; deleted: string[]; more: boolean; lastModifiedTime: number }>('GET', 'sync', { modifiedTime: String(modifiedTime), elementType });
  retrieveRelated = (id: string, relatedType: string, relatedLabel?: string) => this.call<any[]>('GET', 'retrieve_related', { id, relatedType, relatedLabel: relatedLabel ?? relatedType });

  /** Every record of a module, 100 a call as vTiger pages (`LIMIT offset, 100`), in id order. */
  async *all(module: string, columns = '*'): AsyncGenerator<Record<string, string>[]> {
    for (let offset = 0; ; offset += 100) {
      const page = await this.query(`SELECT ${columns} FROM ${module} ORDER BY id LIMIT ${offset}, 100;`);
      if (page.length) yield page;
      if (page.length < 100) return;
    }
  }
}
