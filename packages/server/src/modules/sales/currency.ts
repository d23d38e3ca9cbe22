/** A currency code as the deals' picklist holds it (ISO 4217). */
export const CURRENCY_CODE = /^[A-Z]{3}$/;

/**
 * Money adds up within one currency. Given the currencies of the deals a report counted (a deal without one
 * is in the company's own) and the one the caller chose, if any: which currency the report's amounts are in,
 * and whether they are `mixed` — several currencies and none chosen, so no sums of unlike money.
 */
export function reportCurrency(present: (string | null)[], chosen?: string): { currency: string | null; currencies: string[]; mixed: boolean } {
  const currencies = [...new Set(present.filter((c): c is string => Boolean(c)))].sort();
  const mixed = !chosen && currencies.length > 1;
  return { currency: chosen ?? (mixed ? null : currencies[0] ?? null), currencies, mixed };
}
