/**
 * How two records are compared, field by field: each comparison puts a pair at one of its
 * levels, strongest first, and the model weighs each level by how much more often matches reach
 * it than non-matches do. The levels are the disagreements agencies' records really have: a
 * typo, a nickname, given and family names swapped, day and month of birth transposed, a house
 * move within the same postcode sector, an NHS number with two digits transposed.
 */
import { jaroWinkler } from './comparators/index.ts';
import { areNicknames } from './nicknames.ts';
import type { PreparedPeople } from './person.ts';

export interface ComparisonLevel {
  /** A stable key: used in explanations, CSV output and stored models. */
  key: string;
  /** What a person reading the explanation is told. */
  label: string;
}

export interface Comparison {
  key: string;
  label: string;
  /** Strongest first; the last is "different". A pair with either value missing is at no level. */
  levels: readonly ComparisonLevel[];
  /** Whether agreement on a rare value counts for more than on a common one (term frequency). */
  termFrequency: 'given' | 'family' | null;
}

const level = (key: string, label: string): ComparisonLevel => ({ key, label });

export const COMPARISONS: readonly Comparison[] = [
  {
    key: 'given_name',
    label: 'Given name',
    termFrequency: 'given',
    levels: [
      level('exact', 'the same'),
      level('swapped', 'swapped with the family name'),
      level('nickname', 'a known short form or variant'),
      level('one_edit', 'one letter different, missing or transposed'),
      level('jaro_winkler_88', 'similar (Jaro–Winkler ≥ 0.88)'),
      level('phonetic', 'sounds the same (Double Metaphone)'),
      level('crossed', 'different, but one record’s given name is the other’s family name'),
      level('different', 'different'),
    ],
  },
  {
    key: 'family_name',
    label: 'Family name',
    termFrequency: 'family',
    levels: [
      level('exact', 'the same'),
      level('swapped', 'swapped with the given name'),
      level('one_edit', 'one letter different, missing or transposed'),
      level('jaro_winkler_88', 'similar (Jaro–Winkler ≥ 0.88)'),
      level('phonetic', 'sounds the same (Double Metaphone)'),
      level('different', 'different'),
    ],
  },
  {
    key: 'date_of_birth',
    label: 'Date of birth',
    termFrequency: null,
    levels: [
      level('exact', 'the same'),
      level('day_month_transposed', 'day and month transposed'),
      level('one_part_different', 'one of day, month or year different'),
      level('different', 'different'),
    ],
  },
  {
    // One comparison for where the child lives: postcode and address agree together or not at
    // all for brothers and sisters, and weighing them apart would count the same fact twice.
    key: 'residence',
    label: 'Postcode and address',
    termFrequency: null,
    levels: [
      level('same_address', 'same postcode and address'),
      level('same_postcode', 'same postcode, different or no address'),
      level('same_address_other_postcode', 'same address, postcode different or missing'),
      level('similar_address', 'similar address (Jaro–Winkler ≥ 0.70) in the same postcode sector'),
      level('sector', 'same postcode sector'),
      level('one_edit', 'postcode one character different'),
      level('district', 'same postcode district'),
      level('different', 'different'),
    ],
  },
  {
    key: 'nhs_number',
    label: 'NHS number',
    termFrequency: null,
    levels: [
      level('exact', 'the same'),
      level('one_edit', 'one digit different or two transposed'),
      level('different', 'different'),
    ],
  },
  {
    key: 'sex',
    label: 'Sex',
    termFrequency: null,
    levels: [level('exact', 'the same'), level('different', 'different')],
  },
];

export const GIVEN = 0;
export const FAMILY = 1;
export const DATE_OF_BIRTH = 2;
export const RESIDENCE = 3;
export const NHS_NUMBER = 4;
export const SEX = 5;

/** Levels + 1 per comparison (0 is "missing"): the radices of a comparison pattern's number. */
export const RADICES: readonly number[] = COMPARISONS.map((c) => c.levels.length + 1);
export const PATTERN_COUNT = RADICES.reduce((a, b) => a * b, 1);

const MISSING = -1;

/**
 * Whether a Damerau–Levenshtein distance of at most one separates a and b (one letter
 * different, added, dropped, or two neighbours transposed), in one pass: most pairs compared
 * differ in length or early on, and the full distance would cost a table per pair.
 */
export function withinOneEdit(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  if (la === lb) {
    let k = 0;
    while (k < la && a.charCodeAt(k) === b.charCodeAt(k)) k++;
    if (k >= la - 1) return true;
    // One substitution at k, or a transposition of k and k + 1; the rest must agree.
    const transposed = a.charCodeAt(k) === b.charCodeAt(k + 1) && a.charCodeAt(k + 1) === b.charCodeAt(k);
    const from = transposed ? k + 2 : k + 1;
    for (let x = from; x < la; x++) if (a.charCodeAt(x) !== b.charCodeAt(x)) return false;
    return true;
  }
  if (la - lb === 1 || lb - la === 1) {
    const [long, short] = la > lb ? [a, b] : [b, a];
    let k = 0;
    while (k < short.length && long.charCodeAt(k) === short.charCodeAt(k)) k++;
    for (let x = k; x < short.length; x++) if (long.charCodeAt(x + 1) !== short.charCodeAt(x)) return false;
    return true;
  }
  return false;
}

/** One name against the other field's: Jaro–Winkler ≥ 0.92 all but needs the same first letter, a cheap test first. */
function crossed(x: string, y: string, same: boolean): boolean {
  return same || (x.charCodeAt(0) === y.charCodeAt(0) && jaroWinkler(x, y) >= 0.92);
}

function nameLevel(a: string, b: string, withNickname: boolean): number {
  // Caller has ruled out exact and swapped. Levels shift by one when there is no nickname level.
  const shift = withNickname ? 0 : -1;
  if (withinOneEdit(a, b)) return 3 + shift;
  if (jaroWinkler(a, b) >= 0.88) return 4 + shift;
  return -2; // phonetic or different: decided by the caller from the codes
}

/**
 * Puts the pair (a[i], b[j]) at one level of every comparison, written into `out`
 * (one entry per comparison, MISSING where either value is missing).
 */
export function comparePair(
  a: PreparedPeople,
  i: number,
  b: PreparedPeople,
  j: number,
  out: Int8Array,
): void {
  // Names, with the swap checked only when neither name agrees as written.
  const ga = a.givenId[i]!;
  const gb = b.givenId[j]!;
  const fa = a.familyId[i]!;
  const fb = b.familyId[j]!;
  let given = MISSING;
  let family = MISSING;
  if (ga !== MISSING && gb !== MISSING && ga === gb) given = 0;
  if (fa !== MISSING && fb !== MISSING && fa === fb) family = 0;
  if (given !== 0 && family !== 0 && ga !== MISSING && gb !== MISSING && fa !== MISSING && fb !== MISSING) {
    if (
      crossed(a.given[i]!, b.family[j]!, ga === fb) &&
      crossed(a.family[i]!, b.given[j]!, fa === gb) &&
      jaroWinkler(a.given[i]!, b.given[j]!) < 0.88
    ) {
      given = 1;
      family = 1;
    }
  }
  if (given === MISSING && ga !== MISSING && gb !== MISSING) {
    const nick = a.givenNickname[i]!;
    const other = b.givenNickname[j]!;
    // Most names are in one group; a name in several ('alex') is checked against all of them.
    if (nick !== MISSING && other !== MISSING && (nick === other || areNicknames(a.given[i]!, b.given[j]!)))
      given = 2;
    else {
      given = nameLevel(a.given[i]!, b.given[j]!, true);
      if (given === -2) {
        given =
          a.givenMetaphone[i] === b.givenMetaphone[j] ||
          a.givenMetaphone[i] === b.givenMetaphoneAlt[j] ||
          a.givenMetaphoneAlt[i] === b.givenMetaphone[j]
            ? 5
            : (fb !== MISSING && crossed(a.given[i]!, b.family[j]!, ga === fb)) ||
                (fa !== MISSING && crossed(a.family[i]!, b.given[j]!, fa === gb))
              ? 6
              : 7;
      }
    }
  }
  if (family === MISSING && fa !== MISSING && fb !== MISSING) {
    family = nameLevel(a.family[i]!, b.family[j]!, false);
    if (family === -2) {
      family =
        a.familyMetaphone[i] === b.familyMetaphone[j] ||
        a.familyMetaphone[i] === b.familyMetaphoneAlt[j] ||
        a.familyMetaphoneAlt[i] === b.familyMetaphone[j]
          ? 4
          : 5;
    }
  }
  out[GIVEN] = given;
  out[FAMILY] = family;

  // Date of birth.
  const ya = a.birthYear[i]!;
  const yb = b.birthYear[j]!;
  if (ya === MISSING || yb === MISSING) out[DATE_OF_BIRTH] = MISSING;
  else {
    const ma = a.birthMonth[i]!;
    const mb = b.birthMonth[j]!;
    const da = a.birthDay[i]!;
    const db = b.birthDay[j]!;
    const same = (ya === yb ? 1 : 0) + (ma === mb ? 1 : 0) + (da === db ? 1 : 0);
    if (same === 3) out[DATE_OF_BIRTH] = 0;
    else if (ya === yb && ma === db && da === mb) out[DATE_OF_BIRTH] = 1;
    else if (same === 2) out[DATE_OF_BIRTH] = 2;
    else out[DATE_OF_BIRTH] = 3;
  }

  // Postcode and address, as one.
  const pa = a.postcodeId[i]!;
  const pb = b.postcodeId[j]!;
  const aa = a.addressId[i]!;
  const ab = b.addressId[j]!;
  const postcodes = pa !== MISSING && pb !== MISSING;
  const addresses = aa !== MISSING && ab !== MISSING;
  let similarity = 0;
  if (addresses) {
    if (aa === ab) similarity = 1;
    else {
      // Jaro–Winkler of two addresses is the dearest test here; it is only worth it where it can
      // change the level: the same sector (or no postcode to go by), or the same first character.
      const sameSector = postcodes
        ? a.postcodeSector[i] !== MISSING && a.postcodeSector[i] === b.postcodeSector[j]
        : true;
      if (sameSector || pa === pb || a.addressStart[i]!.charCodeAt(0) === b.addressStart[j]!.charCodeAt(0)) {
        similarity = jaroWinkler(a.addressStart[i]!, b.addressStart[j]!);
      }
    }
  }
  const sameAddress = similarity >= 0.9;
  if (!postcodes && !addresses) out[RESIDENCE] = MISSING;
  else if (postcodes && pa === pb) out[RESIDENCE] = sameAddress ? 0 : 1;
  else if (sameAddress) out[RESIDENCE] = 2;
  else if (!postcodes) out[RESIDENCE] = 7;
  else if (a.postcodeSector[i] !== MISSING && a.postcodeSector[i] === b.postcodeSector[j])
    out[RESIDENCE] = similarity >= 0.7 ? 3 : 4;
  else if (withinOneEdit(a.postcode[i]!, b.postcode[j]!)) out[RESIDENCE] = 5;
  else if (a.postcodeDistrict[i] !== MISSING && a.postcodeDistrict[i] === b.postcodeDistrict[j])
    out[RESIDENCE] = 6;
  else out[RESIDENCE] = 7;

  // NHS number.
  const na = a.nhsNumberId[i]!;
  const nb = b.nhsNumberId[j]!;
  if (na === MISSING || nb === MISSING) out[NHS_NUMBER] = MISSING;
  else if (na === nb) out[NHS_NUMBER] = 0;
  else out[NHS_NUMBER] = withinOneEdit(a.nhsNumber[i]!, b.nhsNumber[j]!) ? 1 : 2;

  // Sex.
  const sa = a.sex[i]!;
  const sb = b.sex[j]!;
  out[SEX] = sa === MISSING || sb === MISSING ? MISSING : sa === sb ? 0 : 1;
}

/** The number of a pattern of levels: each comparison's level + 1 as a digit in its radix. */
export function patternOf(levels: Int8Array): number {
  let pattern = 0;
  for (let c = 0; c < levels.length; c++) pattern = pattern * RADICES[c]! + (levels[c]! + 1);
  return pattern;
}

/** The levels of a pattern number (MISSING for 0 digits). */
export function levelsOf(pattern: number, out: Int8Array = new Int8Array(RADICES.length)): Int8Array {
  for (let c = RADICES.length - 1; c >= 0; c--) {
    const radix = RADICES[c]!;
    out[c] = (pattern % radix) - 1;
    pattern = Math.floor(pattern / radix);
  }
  return out;
}
