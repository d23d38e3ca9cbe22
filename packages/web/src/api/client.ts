/**
 * The one HTTP client of the web app: JSON in and out, the CSRF header on unsafe methods,
 * Accept-Language = UI language, and the API error envelope turned into ApiError.
 * A 401 on any call but the session probes tells the auth layer the session is gone.
 */
export interface ApiErrorBody {
  code: string;
  message: string;
  fields?: Record<string, string>;
}

export class ApiError extends Error {
  constructor(public status: number, public code: string, message: string, public fields?: Record<string, string>) {
    super(message);
  }
}

const session = {
  csrf: null as string | null,
  language: 'en',
  onUnauthenticated: (() => {}) as () => void,
};

export function setCsrfToken(token: string | null): void {
  session.csrf = token;
}
/** Whether a session is held right now (false the moment a 401 ends it, before anything re-renders). */
export const sessionHeld = (): boolean => session.csrf !== null;
export function setApiLanguage(language: string): void {
  session.language = language;
}
export function onUnauthenticated(handler: () => void): void {
  session.onUnauthenticated = handler;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Session probes and login answer 401 as a normal outcome, not as an expired session. */
  expect401?: boolean;
}

const SESSION_PATHS = ['/auth/me', '/auth/login'];

/** Calls `/api/v1<path>` and returns the parsed JSON (undefined for 204). */
export async function api<T = unknown>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': session.language, ...opts.headers };
  // A form (file upload) sets its own multipart content type.
  const form = opts.body instanceof FormData;
  if (opts.body !== undefined && !form) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && session.csrf) headers['X-CSRF-Token'] = session.csrf;
  const res = await fetch('/api/v1' + path, {
    method,
    headers,
    body: opts.body === undefined ? undefined : form ? (opts.body as FormData) : JSON.stringify(opts.body),
    credentials: 'same-origin',
    signal: opts.signal,
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: any = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const e: ApiErrorBody = json?.error && typeof json.error === 'object' ? json.error : { code: statusCode(res.status), message: res.statusText };
    if (res.status === 401 && !opts.expect401 && !SESSION_PATHS.some((p) => path.startsWith(p))) session.onUnauthenticated();
    throw new ApiError(res.status, e.code, e.message, e.fields);
  }
  return json as T;
}

function statusCode(status: number): string {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 423) return 'LOCKED';
  if (status === 429) return 'RATE_LIMITED';
  return status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED';
}

/** Query-string builder that skips undefined values. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? '?' + s : '';
}

/** A file answer (a PDF, an export) as a blob with its name from Content-Disposition; errors as ApiError. */
export async function fetchFile(path: string, fallbackName: string, opts: Pick<RequestOptions, 'method' | 'body'> = {}): Promise<{ blob: Blob; name: string }> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { 'Accept-Language': session.language };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && session.csrf) headers['X-CSRF-Token'] = session.csrf;
  const res = await fetch('/api/v1' + path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), credentials: 'same-origin' });
  if (!res.ok) {
    const json = await res.json().catch(() => undefined);
    if (res.status === 401) session.onUnauthenticated();
    throw new ApiError(res.status, json?.error?.code ?? 'INTERNAL', json?.error?.message ?? res.statusText, json?.error?.fields);
  }
  const blob = await res.blob();
  const disposition = res.headers.get('Content-Disposition') ?? '';
  // RFC 6266: a UTF-8 name (filename*=) wins over the plain one (Cyrillic and Chinese report names).
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const name = (utf8 ? decodeURIComponent(utf8) : /filename="?([^";]+)"?/.exec(disposition)?.[1]) ?? fallbackName;
  return { blob, name };
}

/** Downloads an endpoint's file (an export, a merged PDF); keeps cookies, names the file from Content-Disposition. */
export async function download(path: string, fallbackName: string, opts: Pick<RequestOptions, 'method' | 'body'> = {}): Promise<void> {
  const { blob, name } = await fetchFile(path, fallbackName, opts);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A failed call's message with the field problems no input of the form shows (`placed`: the keys it puts beside an
 * input), so that none is lost behind a general "not valid".
 */
export function withOtherProblems(e: ApiError, placed: (key: string) => boolean): string {
  const others = Object.entries(e.fields ?? {}).filter(([k]) => !placed(k)).map(([k, v]) => `${k}: ${v}`);
  return others.length ? `${e.message} (${others.join('; ')})` : e.message;
}

/** What to tell the user of a failed call: the first field's message (in their language), else the error's. */
export function firstProblem(e: unknown): string {
  return e instanceof ApiError ? Object.values(e.fields ?? {})[0] ?? e.message : String(e);
}
