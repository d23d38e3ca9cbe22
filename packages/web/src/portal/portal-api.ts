/**
 * The portal's own HTTP client: `/portal/api/*` with the portal session's CSRF token. It never calls the staff API,
 * and the staff client never calls this one.
 */
import { ApiError } from '../api/client';
import { i18n } from '../i18n';

const state = { csrf: null as string | null };

export const PORTAL_SIGNED_OUT = 'karta-portal-signed-out';

export function setPortalCsrf(token: string | null): void { state.csrf = token; }

export async function portalApi<T = unknown>(path: string, opts: { method?: 'GET' | 'POST' | 'PUT'; body?: unknown } = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': i18n.language || 'en' }; // the page's language, also before sign-in
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
  const res = await fetch(`/portal/api${path}`, { method, headers, credentials: 'same-origin', body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  if (res.status === 204) return undefined as T;
  const json = await res.json().catch(() => undefined);
  // A session that ended meanwhile (idle, signed out elsewhere) takes the customer back to sign in, not to an error.
  if (res.status === 401 && state.csrf && !path.startsWith('/auth/')) window.dispatchEvent(new Event(PORTAL_SIGNED_OUT));
  if (!res.ok) throw new ApiError(res.status, json?.error?.code ?? String(res.status), json?.error?.message ?? res.statusText, json?.error?.fields);
  return json as T;
}

export interface PortalUser { email: string; name: string; language: string; account_name: string | null; sees_account: boolean }
export interface PortalTicket { id: string; number: string; title: string; status: string; priority: string; created_at: string; updated_at: string; mine?: boolean }
export interface PortalMessage { kind: 'comment' | 'email'; id: string; body: string | null; at: string; from_customer: boolean; author: string | null }
export interface PortalTicketFull extends PortalTicket { description: string | null; solution: string | null; messages: PortalMessage[]; files: { id: string; name: string; size: number }[] }
export interface PortalDocument { module: 'quotes' | 'invoices'; id: string; number: string; subject: string; status: string; currency: string | null; grand_total: string | null; date: string | null }

/** A file read for upload as the API takes it: name and base64 content. */
export async function fileForUpload(file: File): Promise<{ name: string; content: string }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { name: file.name, content: btoa(binary) };
}
