import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../synthetic/random.ts';
import { damerauLevenshtein } from './comparators/index.ts';
import { COMPARISONS, comparePair, levelsOf, patternOf, withinOneEdit } from './comparisons.ts';
import { type PersonRecord, preparePeople } from './person.ts';

/** The level keys two records reach, by comparison. */
function levels(a: PersonRecord, b: PersonRecord): Record<string, string | null> {
  const people = preparePeople([a, b]);
  const out = new Int8Array(COMPARISONS.length);
  comparePair(people, 0, people, 1, out);
  return Object.fromEntries(COMPARISONS.map((c, k) => [c.key, out[k]! < 0 ? null : c.levels[out[k]!]!.key]));
}

const child: PersonRecord = {
  givenName: 'Olivia',
  familyName: 'Hartley',
  sex: 'F',
  dateOfBirth: '2015-03-07',
  postcode: 'WR11 4AB',
  address: '12 Mill Lane, Evesham',
  nhsNumber: '943 476 5919',
};

describe('comparing two records of a child', () => {
  it('finds the same child written the same way at every exact level', () => {
    expect(
      levels(child, {
        ...child,
        givenName: 'OLIVIA',
        nhsNumber: '9434765919',
        address: '12, Mill Ln. Evesham',
      }),
    ).toEqual({
      given_name: 'exact',
      family_name: 'exact',
      date_of_birth: 'exact',
      residence: 'same_address',
      nhs_number: 'exact',
      sex: 'exact',
    });
  });

  it('recognises the disagreements agencies’ records really have', () => {
    expect(levels(child, { ...child, givenName: 'Hartley', familyName: 'Olivia' })).toMatchObject({
      given_name: 'swapped',
      family_name: 'swapped',
    });
    expect(levels(child, { ...child, givenName: 'Liv' }).given_name).toMatch(/nickname|different/);
    expect(levels({ ...child, givenName: 'William' }, { ...child, givenName: 'Bill' }).given_name).toBe(
      'nickname',
    );
    expect(levels(child, { ...child, givenName: 'Olviia' }).given_name).toBe('one_edit');
    expect(levels(child, { ...child, familyName: 'Hartly' }).family_name).toBe('one_edit');
    expect(levels(child, { ...child, dateOfBirth: '2015-07-03' }).date_of_birth).toBe('day_month_transposed');
    expect(levels(child, { ...child, dateOfBirth: '20150307' }).date_of_birth).toBe('exact');
    expect(levels(child, { ...child, dateOfBirth: '2016-03-07' }).date_of_birth).toBe('one_part_different');
    expect(levels(child, { ...child, dateOfBirth: '2012-11-21' }).date_of_birth).toBe('different');
    expect(levels(child, { ...child, address: '14 Mill Lane, Evesham' }).residence).toBe('same_address');
    expect(levels(child, { ...child, address: '3 Station Road, Evesham' }).residence).toBe('same_postcode');
    expect(levels(child, { ...child, postcode: 'WR11 4XY' }).residence).toBe('same_address_other_postcode');
    expect(levels(child, { ...child, postcode: undefined }).residence).toBe('same_address_other_postcode');
    expect(
      levels(child, { ...child, postcode: 'WR11 4XY', address: '21 Millers Close, Evesham' }).residence,
    ).toBe('similar_address');
    expect(
      levels(child, { ...child, postcode: 'WR11 4XY', address: '3 Station Road, Evesham' }).residence,
    ).toBe('sector');
    expect(
      levels(child, { ...child, postcode: 'WR11 7XY', address: '3 Station Road, Evesham' }).residence,
    ).toBe('district');
    expect(
      levels(child, { ...child, postcode: 'HR1 2AB', address: '3 Station Road, Hereford' }).residence,
    ).toBe('different');
    expect(levels(child, { ...child, nhsNumber: '9434765991' }).nhs_number).toBe('one_edit');
    expect(levels(child, { ...child, nhsNumber: '4010232137' }).nhs_number).toBe('different');
    expect(levels(child, { ...child, sex: 'M' }).sex).toBe('different');
  });

  it('treats a value missing on either side as no evidence, not as a disagreement', () => {
    expect(levels(child, { givenName: 'Olivia' })).toMatchObject({
      given_name: 'exact',
      family_name: null,
      date_of_birth: null,
      residence: null,
      nhs_number: null,
      sex: null,
    });
  });

  it('numbers patterns so that every combination of levels comes back', () => {
    const out = new Int8Array(COMPARISONS.length);
    const random = mulberry32(7);
    for (let k = 0; k < 500; k++) {
      for (let c = 0; c < out.length; c++)
        out[c] = Math.floor(random() * (COMPARISONS[c]!.levels.length + 1)) - 1;
      expect(Array.from(levelsOf(patternOf(out)))).toEqual(Array.from(out));
    }
  });
});

describe('withinOneEdit', () => {
  it('agrees with the Damerau–Levenshtein distance on random short strings', () => {
    const random = mulberry32(11);
    const word = () =>
      Array.from({ length: Math.floor(random() * 6) }, () => 'abc'[Math.floor(random() * 3)]).join('');
    for (let k = 0; k < 20_000; k++) {
      const a = word();
      const b = random() < 0.5 ? word() : a;
      expect(withinOneEdit(a, b), `${a} / ${b}`).toBe(damerauLevenshtein(a, b) <= 1);
    }
  });
});
