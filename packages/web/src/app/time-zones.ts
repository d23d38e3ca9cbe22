/** The IANA zones the browser knows (a short list where it cannot say); UTC, which the browser leaves out, first. */
const KNOWN: string[] = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? ['Europe/Moscow', 'Europe/Kyiv', 'Asia/Shanghai'];

/** The zones a picker offers: UTC, the browser's list, and any of `also` (a saved or suggested name) it lacks. */
export function zoneOptions(...also: (string | null | undefined)[]): string[] {
  return [...new Set(['UTC', ...KNOWN, ...also.filter((z): z is string => Boolean(z))])];
}

/** The zone this browser runs in ("Europe/Moscow"). */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
