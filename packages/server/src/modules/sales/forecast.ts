import Decimal from 'decimal.js';

/** The forecast of a deal: amount × probability / 100, to the cent; null when either is unknown. */
export function forecastAmount(amount: string | number | null | undefined, probability: string | number | null | undefined): string | null {
  if (amount === null || amount === undefined || amount === '' || probability === null || probability === undefined || probability === '') return null;
  return new Decimal(amount).times(probability).div(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}
