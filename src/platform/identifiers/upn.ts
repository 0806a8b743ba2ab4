/**
 * The Department for Education's Unique Pupil Number (UPN): 13 characters.
 *
 *   position 1      check letter
 *   positions 2-4   LA code (3 digits) of the local authority that allocated it
 *   positions 5-8   establishment number (4 digits) of the allocating school
 *   positions 9-10  year of allocation (2 digits)
 *   positions 11-13 serial: 3 digits for a permanent UPN; 2 digits and a letter for a
 *                   temporary UPN (the 13th character is then alphabetic)
 *
 * The check letter: each of characters 2-13 is multiplied by its position (weights 2 to
 * 13), a digit by its value and a letter (only possible at position 13) by its index in the
 * DfE letter table below; the sum mod 23 indexes the same table. The table leaves out
 * I, O and S, which are easily mistaken for 1, 0 and 5.
 */

/** The DfE check-letter table: index 0..22 ↔ letter. */
export const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

const TWELVE = /^\d{11}[0-9ABCDEFGHJKLMNPQRTUVWXYZ]$/;
const UPN = /^[ABCDEFGHJKLMNPQRTUVWXYZ]\d{11}[0-9ABCDEFGHJKLMNPQRTUVWXYZ]$/;

/** Trimmed and upper-cased, the form to compare and store. */
export function normaliseUpn(s: string): string {
  return s.trim().toUpperCase();
}

/**
 * The check letter for the twelve characters that follow it (positions 2-13).
 * Throws a RangeError unless `twelve` is 11 digits followed by a digit or a table letter.
 */
export function upnCheckLetter(twelve: string): string {
  if (!TWELVE.test(twelve)) {
    throw new RangeError(
      `upnCheckLetter expects 11 digits then a digit or one of ${UPN_LETTERS}, got '${twelve}'`,
    );
  }
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const c = twelve.charCodeAt(i);
    const value = c >= 48 && c <= 57 ? c - 48 : UPN_LETTERS.indexOf(twelve.charAt(i));
    sum += value * (i + 2);
  }
  return UPN_LETTERS.charAt(sum % 23);
}

/** True when `s` (after trimming and upper-casing) is a well-formed UPN with the right check letter. */
export function isValidUpn(s: string): boolean {
  const upn = normaliseUpn(s);
  return UPN.test(upn) && upnCheckLetter(upn.slice(1)) === upn.charAt(0);
}

/** True for a valid temporary UPN (one whose 13th character is a letter). */
export function isTemporaryUpn(s: string): boolean {
  const upn = normaliseUpn(s);
  return isValidUpn(upn) && !/\d/.test(upn.charAt(12));
}
