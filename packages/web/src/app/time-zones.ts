/** The IANA zones the browser knows, for a zone picker (a short list where the browser cannot say). */
export const TIME_ZONES: string[] = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? ['UTC', 'Europe/Moscow', 'Europe/Kyiv', 'Asia/Shanghai'];

/** The zone this browser runs in ("Europe/Moscow"). */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
