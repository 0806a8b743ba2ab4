/**
 * NHS numbers (England and Wales): ten digits, the tenth a Modulus 11 check digit.
 *
 * The first nine digits are weighted 10, 9, … 2 and summed; the check digit is
 * 11 − (sum mod 11), where 11 becomes 0 and 10 means the nine digits can never form a
 * valid number (such numbers are not issued).
 *
 * Written forms are accepted with spaces or hyphens between the digits ('943 476 5919',
 * '943-476-5919'); `normaliseNhsNumber` gives the ten digits to store.
 */

const NINE_DIGITS = /^\d{9}$/;
const TEN_DIGITS = /^\d{10}$/;
const SEPARATORS = /[\s-]/g;

/** The ten digits of an NHS number written with or without spaces and hyphens; null when it is not ten digits. */
export function normaliseNhsNumber(s: string): string | null {
  const digits = s.replace(SEPARATORS, '');
  return TEN_DIGITS.test(digits) ? digits : null;
}

/**
 * The Modulus 11 check digit for the first nine digits of an NHS number, or null when the
 * check would be 10 (no valid NHS number starts with those nine digits).
 * Throws a RangeError when `nineDigits` is not exactly nine digits: that is a programming error.
 */
export function nhsCheckDigit(nineDigits: string): number | null {
  if (!NINE_DIGITS.test(nineDigits)) {
    throw new RangeError(`nhsCheckDigit expects exactly nine digits, got '${nineDigits}'`);
  }
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    sum += (nineDigits.charCodeAt(i) - 48) * (10 - i);
  }
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

/** True when `s` (spaces and hyphens allowed) is ten digits whose last is the Modulus 11 check digit. */
export function isValidNhsNumber(s: string): boolean {
  const digits = normaliseNhsNumber(s);
  if (digits === null) return false;
  const check = nhsCheckDigit(digits.slice(0, 9));
  return check !== null && check === digits.charCodeAt(9) - 48;
}

/**
 * The NHS's display form, three, three and four digits: '943 476 5919'. Formatting does not
 * validate the check digit. Input that is not ten digits is returned trimmed and otherwise
 * unchanged, so a bad value on a legacy record is still shown as it was recorded.
 */
export function formatNhsNumber(s: string): string {
  const digits = normaliseNhsNumber(s);
  if (digits === null) return s.trim();
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}
