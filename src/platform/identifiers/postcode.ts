/**
 * UK postcodes: syntax, normalisation and the parts a postcode is made of.
 *
 *   'WR11 4AB'   outward 'WR11', inward '4AB'
 *                area 'WR', district 'WR11', sector 'WR11 4', unit 'AB'
 *   'EC1A 1BB'   district 'EC1', sub-district 'EC1A' (London only: a letter ends the outward code)
 *
 * The outward code is one of A9, A99, AA9, AA99, A9A, AA9A; the inward code is a digit and two
 * letters. The letters follow Royal Mail's long-standing rules: Q, V and X never come first;
 * I, J and Z never second; the letter ending an A9A outward code is one of ABCDEFGHJKPSTUW and
 * the one ending an AA9A code one of ABEHMNPRVWXY; the inward code never uses C, I, K, M, O or V.
 * This is a syntax check: it cannot tell whether a postcode has been issued. Non-geographic
 * oddities such as GIR 0AA and the overseas territories' postcodes are not accepted.
 *
 * Input may be any case, with or without the space, and with spaces around it;
 * the space may only separate the outward and the inward code.
 */

export interface ParsedPostcode {
  /** Normalised: upper case, one space before the inward code ('WR1 2AB'). */
  postcode: string;
  outward: string;
  inward: string;
  /** One or two letters: 'WR'. */
  area: string;
  /** The outward code without a trailing sub-district letter: 'EC1' for 'EC1A 1BB'. */
  district: string;
  /** The outward code when it ends in a letter ('EC1A'), else null. */
  subDistrict: string | null;
  /** The outward code, a space and the inward digit: 'WR1 2'. */
  sector: string;
  /** The two letters that end the postcode: 'AB'. */
  unit: string;
}

const POSTCODE = new RegExp(
  '^(' +
    // A9A and AA9A first: a letter ending the outward code has its own rules.
    '[A-PR-UWYZ][0-9][ABCDEFGHJKPSTUW]' +
    '|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]' +
    '|[A-PR-UWYZ][0-9]{1,2}' +
    '|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}' +
    ') ?([0-9][ABD-HJLNP-UW-Z]{2})$',
);

/** The parts of a postcode, or null when `s` is not a syntactically valid UK postcode. */
export function parsePostcode(s: string): ParsedPostcode | null {
  const compact = s.trim().toUpperCase().replace(/\s+/g, ' ');
  const match = POSTCODE.exec(compact);
  if (match === null) return null;
  const outward = match[1] ?? '';
  const inward = match[2] ?? '';
  const area = /^[A-Z]+/.exec(outward)?.[0] ?? '';
  const endsInLetter = /[A-Z]$/.test(outward);
  return {
    postcode: `${outward} ${inward}`,
    outward,
    inward,
    area,
    district: endsInLetter ? outward.slice(0, -1) : outward,
    subDistrict: endsInLetter ? outward : null,
    sector: `${outward} ${inward.charAt(0)}`,
    unit: inward.slice(1),
  };
}

/** True when `s` is a syntactically valid UK postcode (see parsePostcode). */
export function isValidPostcode(s: string): boolean {
  return parsePostcode(s) !== null;
}

/** The normalised form ('WR1 2AB'), or null when `s` is not a valid postcode. */
export function normalisePostcode(s: string): string | null {
  return parsePostcode(s)?.postcode ?? null;
}
