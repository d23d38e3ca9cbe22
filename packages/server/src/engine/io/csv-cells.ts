/**
 * Spreadsheet formulas in CSV cells. A text cell that a spreadsheet program would evaluate (`=HYPERLINK(…)`,
 * `@SUM(…)`, `+cmd|…`) is written with a leading apostrophe, which the program shows as text; an import reads the
 * apostrophe off again, so an export imports back as it was. A phone number or a signed number ("+7 912 345-67-89",
 * "-15.5") is left as it is: it is data, not a formula.
 */
const FORMULA_START = /^[=@\t\r]/;
const SIGNED = /^[+-]/;
const PLAIN_NUMBER = /^[+-][\d\s().,-]*$/;

const isFormula = (v: string) => FORMULA_START.test(v) || (SIGNED.test(v) && !PLAIN_NUMBER.test(v));

export function csvSafe<T>(value: T): T | string {
  if (typeof value !== 'string') return value;
  // A value that itself starts with the apostrophe of an escaped formula gets one more, so it reads back whole.
  return isFormula(value) || (value.startsWith("'") && isFormula(value.replace(/^'+/, ''))) ? `'${value}` : value;
}

/** A cell as the file holds it, without the apostrophe an export put before a formula. */
export function csvRead(value: unknown): unknown {
  return typeof value === 'string' && value.startsWith("'") && isFormula(value.replace(/^'+/, '')) ? value.slice(1) : value;
}
