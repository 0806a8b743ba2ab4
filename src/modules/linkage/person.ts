/**
 * A person as the linkage engine sees them, and the prepared, column-wise form it compares.
 *
 * Each agency writes a child differently ('Smith-Jones' and 'smith jones', '12 Mill Rd' and
 * '12 Mill Road'), so every field is normalised once, when the records are prepared, and every
 * value the comparisons test for equality is interned to a number: comparing two children is
 * then mostly integer tests, and string similarity runs only where the values differ.
 */
import { parsePostcode } from '../../platform/identifiers/postcode.ts';
import { doubleMetaphone, soundex } from './comparators/index.ts';
import { nicknameGroupOf } from './nicknames.ts';

/** The standard fields, under the names the CSV files use. Every field may be missing. */
export const PERSON_FIELDS = [
  'given_name',
  'family_name',
  'sex',
  'date_of_birth',
  'postcode',
  'address',
  'nhs_number',
] as const;
export type PersonField = (typeof PERSON_FIELDS)[number];

export interface PersonRecord {
  givenName?: string | null | undefined;
  familyName?: string | null | undefined;
  /** 'M', 'F' or anything else (unknown). */
  sex?: string | null | undefined;
  /** 'YYYY-MM-DD' or 'YYYYMMDD'. */
  dateOfBirth?: string | null | undefined;
  postcode?: string | null | undefined;
  address?: string | null | undefined;
  nhsNumber?: string | null | undefined;
}

const MISSING = -1;

/** Interns strings to small integers so that equality is an integer comparison. */
export class Interner {
  readonly #ids = new Map<string, number>();
  readonly values: string[] = [];
  id(value: string): number {
    let id = this.#ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.#ids.set(value, id);
      this.values.push(value);
    }
    return id;
  }
}

/** The interners a link task's two sides share, so equal values get equal ids on both. */
export interface Vocabulary {
  names: Interner;
  codes: Interner;
  postcodes: Interner;
  identifiers: Interner;
  addresses: Interner;
}

export function newVocabulary(): Vocabulary {
  return {
    names: new Interner(),
    codes: new Interner(),
    postcodes: new Interner(),
    identifiers: new Interner(),
    addresses: new Interner(),
  };
}

/** Records in columns: one typed array or string array per prepared feature. */
export interface PreparedPeople {
  size: number;
  vocabulary: Vocabulary;
  given: string[];
  givenId: Int32Array;
  givenSoundex: Int32Array;
  givenMetaphone: Int32Array;
  givenMetaphoneAlt: Int32Array;
  givenNickname: Int32Array;
  family: string[];
  familyId: Int32Array;
  familySoundex: Int32Array;
  familyMetaphone: Int32Array;
  familyMetaphoneAlt: Int32Array;
  /** 1 male, 2 female, -1 missing. */
  sex: Int8Array;
  /** Year, month and day of birth; -1 when the date is missing or not a date. */
  birthYear: Int16Array;
  birthMonth: Int8Array;
  birthDay: Int8Array;
  postcode: string[];
  postcodeId: Int32Array;
  /** UK postcodes only; -1 otherwise. */
  postcodeSector: Int32Array;
  postcodeDistrict: Int32Array;
  address: string[];
  /** The first 32 characters: house and street, where addresses differ; and quick to compare. */
  addressStart: string[];
  addressId: Int32Array;
  nhsNumber: string[];
  nhsNumberId: Int32Array;
}

const DIACRITICS = /[\u0300-\u036f]/g;
const NOT_NAME = /[^a-z ]+/g;
const SPACES = /\s+/g;

/** Lower case, no accents, letters and single spaces only: "O'Brien-Smith" → 'obrien smith'. */
export function normaliseName(value: string | null | undefined): string {
  if (!value) return '';
  return value
    .normalize('NFKD')
    .replace(DIACRITICS, '')
    .toLowerCase()
    .replace(/[-_.]/g, ' ')
    .replace(NOT_NAME, '')
    .replace(SPACES, ' ')
    .trim();
}

// Address words agencies abbreviate differently; both sides are expanded to the long form.
const ADDRESS_WORDS: Record<string, string> = {
  rd: 'road',
  st: 'street',
  ln: 'lane',
  ave: 'avenue',
  av: 'avenue',
  dr: 'drive',
  cl: 'close',
  ct: 'court',
  cres: 'crescent',
  gdns: 'gardens',
  pl: 'place',
  sq: 'square',
  tce: 'terrace',
  grn: 'green',
  gr: 'grove',
  pk: 'park',
  flt: 'flat',
};

/** Lower case, punctuation gone, common abbreviations expanded: '12, Mill Rd.' → '12 mill road'. */
export function normaliseAddress(value: string | null | undefined): string {
  if (!value) return '';
  const words = value
    .normalize('NFKD')
    .replace(DIACRITICS, '')
    .toLowerCase()
    .replace(/[^a-z0-9 ]+/g, ' ')
    .split(' ')
    .filter((w) => w !== '');
  return words.map((w) => ADDRESS_WORDS[w] ?? w).join(' ');
}

/**
 * Year, month and day as written in 'YYYY-MM-DD' or 'YYYYMMDD'; null when not written so.
 * An impossible date ('2014-02-30', a typo for '2014-02-03'?) keeps its parts: compared part
 * by part it still says which child it is.
 */
export function dateOfBirthParts(value: string | null | undefined): [number, number, number] | null {
  if (!value) return null;
  const match = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(value.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : null;
}

/** Whether the parts make a day of the calendar. */
export function isCalendarDate([y, m, d]: [number, number, number]): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Upper case, no spaces: identifiers are compared as they are written, less their layout. */
function normaliseIdentifier(value: string | null | undefined): string {
  return value ? value.replace(/[\s-]/g, '').toUpperCase() : '';
}

function sexCode(value: string | null | undefined): number {
  const s = (value ?? '').trim().toUpperCase();
  if (s === 'M' || s === 'MALE' || s === '1') return 1;
  if (s === 'F' || s === 'FEMALE' || s === '2') return 2;
  return MISSING;
}

/** Normalises and interns every record once; `vocabulary` is shared by both sides of a link. */
export function preparePeople(
  records: readonly PersonRecord[],
  vocabulary: Vocabulary = newVocabulary(),
): PreparedPeople {
  const n = records.length;
  const { names, codes, postcodes, identifiers, addresses } = vocabulary;
  const people: PreparedPeople = {
    size: n,
    vocabulary,
    given: new Array<string>(n),
    givenId: new Int32Array(n),
    givenSoundex: new Int32Array(n),
    givenMetaphone: new Int32Array(n),
    givenMetaphoneAlt: new Int32Array(n),
    givenNickname: new Int32Array(n),
    family: new Array<string>(n),
    familyId: new Int32Array(n),
    familySoundex: new Int32Array(n),
    familyMetaphone: new Int32Array(n),
    familyMetaphoneAlt: new Int32Array(n),
    sex: new Int8Array(n),
    birthYear: new Int16Array(n),
    birthMonth: new Int8Array(n),
    birthDay: new Int8Array(n),
    postcode: new Array<string>(n),
    postcodeId: new Int32Array(n),
    postcodeSector: new Int32Array(n),
    postcodeDistrict: new Int32Array(n),
    address: new Array<string>(n),
    addressStart: new Array<string>(n),
    addressId: new Int32Array(n),
    nhsNumber: new Array<string>(n),
    nhsNumberId: new Int32Array(n),
  };
  // Phonetic codes cost more than the rest together: each distinct name is coded once.
  const phonetic = new Map<string, [number, number, number]>();
  const code = (name: string): [number, number, number] => {
    let c = phonetic.get(name);
    if (!c) {
      const [primary, alternate] = doubleMetaphone(name.replace(/ /g, ''));
      c = [codes.id(`S${soundex(name)}`), codes.id(`M${primary}`), codes.id(`M${alternate}`)];
      phonetic.set(name, c);
    }
    return c;
  };
  // A name's id and phonetic codes, or MISSING in all four when there is no name.
  const setName = (
    name: string,
    i: number,
    id: Int32Array,
    sx: Int32Array,
    mp: Int32Array,
    alt: Int32Array,
  ) => {
    if (!name) {
      id[i] = sx[i] = mp[i] = alt[i] = MISSING;
      return;
    }
    const c = code(name);
    id[i] = names.id(name);
    sx[i] = c[0];
    mp[i] = c[1];
    alt[i] = c[2];
  };
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    const given = normaliseName(r.givenName);
    people.given[i] = given;
    setName(given, i, people.givenId, people.givenSoundex, people.givenMetaphone, people.givenMetaphoneAlt);
    people.givenNickname[i] = given ? (nicknameGroupOf(given) ?? MISSING) : MISSING;
    const family = normaliseName(r.familyName);
    people.family[i] = family;
    setName(
      family,
      i,
      people.familyId,
      people.familySoundex,
      people.familyMetaphone,
      people.familyMetaphoneAlt,
    );
    people.sex[i] = sexCode(r.sex);
    const dob = dateOfBirthParts(r.dateOfBirth);
    people.birthYear[i] = dob ? dob[0] : MISSING;
    people.birthMonth[i] = dob ? dob[1] : MISSING;
    people.birthDay[i] = dob ? dob[2] : MISSING;
    const rawPostcode = (r.postcode ?? '').trim();
    const parsed = rawPostcode ? parsePostcode(rawPostcode) : null;
    const postcode = parsed ? parsed.postcode : normaliseIdentifier(rawPostcode);
    people.postcode[i] = postcode;
    people.postcodeId[i] = postcode ? postcodes.id(postcode) : MISSING;
    people.postcodeSector[i] = parsed ? postcodes.id(`sector ${parsed.sector}`) : MISSING;
    people.postcodeDistrict[i] = parsed ? postcodes.id(`district ${parsed.district}`) : MISSING;
    const address = normaliseAddress(r.address);
    people.address[i] = address;
    people.addressStart[i] = address.slice(0, 32);
    people.addressId[i] = address ? addresses.id(address) : MISSING;
    const nhs = normaliseIdentifier(r.nhsNumber);
    people.nhsNumber[i] = nhs;
    people.nhsNumberId[i] = nhs ? identifiers.id(nhs) : MISSING;
  }
  return people;
}
