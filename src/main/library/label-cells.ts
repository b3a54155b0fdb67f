/**
 * How one labels CSV cell reads: the words that mean "no value" (pandas writes NaN for the challenge's
 * unlabelled Test rows), and the plain decimal numbers an intensity may be written as.
 */

/** Cells that mean "not given": empty, or what pandas and R write for a missing value. */
const UNSET_WORDS = new Set(['', 'nan', 'na', 'null']);

export function isUnsetCell(text: string): boolean {
  return UNSET_WORDS.has(text.trim().toLowerCase());
}

/**
 * A plain decimal: 1, 0.5, .5, 5., 1e-3. JavaScript's Number() also reads 0x1, 0b1, 0o1, "Infinity"
 * and " " (as 0), none of which a labels file means as an intensity, so they are refused here.
 */
const PLAIN_DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number a cell holds, or null when it is not written as a plain decimal. */
export function parseDecimal(text: string): number | null {
  const trimmed = text.trim();
  if (!PLAIN_DECIMAL.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}
