/** Phone numbers in E.164 (+79123456789), read with libphonenumber-js in the company's region when no + is given. */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

const REGION_BY_NAME: Record<string, CountryCode> = {
  russia: 'RU', россия: 'RU', 'российская федерация': 'RU', ukraine: 'UA', україна: 'UA', украина: 'UA',
  china: 'CN', 中国: 'CN', belarus: 'BY', беларусь: 'BY', kazakhstan: 'KZ', казахстан: 'KZ',
};

/** The region numbers without a country code belong to: `KARTA_PHONE_REGION`, else the company's country. */
export function phoneRegion(country: string | null | undefined, env: NodeJS.ProcessEnv = process.env): CountryCode | undefined {
  const given = (env.KARTA_PHONE_REGION ?? '').trim().toUpperCase();
  if (/^[A-Z]{2}$/.test(given)) return given as CountryCode;
  const c = (country ?? '').trim();
  if (/^[A-Za-z]{2}$/.test(c)) return c.toUpperCase() as CountryCode;
  return REGION_BY_NAME[c.toLowerCase()];
}

/** The number in E.164, or null when it is not a valid phone number. */
export function toE164(raw: unknown, region?: CountryCode): string | null {
  if (typeof raw !== 'string' || raw.length > 64) return null;
  const n = parsePhoneNumberFromString(raw, region);
  return n && n.isValid() ? n.number : null;
}
