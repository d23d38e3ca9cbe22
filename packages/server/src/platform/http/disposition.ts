/**
 * A Content-Disposition header for a file name in any script: an ASCII `filename` for old clients and the exact
 * name as RFC 5987 `filename*` (percent-encoded UTF-8, with the `'()*` that encodeURIComponent leaves as they are
 * escaped too, as the RFC asks).
 */
export function disposition(kind: 'inline' | 'attachment', filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '');
  const exact = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${exact}`;
}
