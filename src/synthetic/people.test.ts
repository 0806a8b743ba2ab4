import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { areNicknames } from '../modules/linkage/index.ts';
import { isValidPostcode } from '../platform/identifiers/index.ts';
import { type SyntheticPerson, generatePeople, peopleToCsv } from './people.ts';

/** Recomputes the Modulus 11 check: weights 10..2 over the first nine digits. */
function isValidNhs(s: string): boolean {
  if (!/^\d{10}$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(s[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(s[9]);
}

/** True when `a` and `b` differ by one digit or by two adjacent digits transposed. */
function oneSlipApart(a: string, b: string): boolean {
  const diff: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
  if (diff.length === 1) return true;
  const [i, j] = diff;
  return diff.length === 2 && j === i! + 1 && a[i!] === b[j] && a[j] === b[i!];
}

function byPerson(people: SyntheticPerson[]): Map<string, SyntheticPerson[]> {
  const map = new Map<string, SyntheticPerson[]>();
  for (const p of people) {
    const list = map.get(p.person_id);
    if (list) list.push(p);
    else map.set(p.person_id, [p]);
  }
  return map;
}

/** Pairs of records of one person. */
function* pairs(groups: Map<string, SyntheticPerson[]>): Generator<[SyntheticPerson, SyntheticPerson]> {
  for (const list of groups.values()) {
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) yield [list[i]!, list[j]!];
  }
}

const people = generatePeople({ records: 20_000, seed: 7 });
const groups = byPerson(people);

describe('generatePeople', () => {
  it('is deterministic for a seed, and differs between seeds', () => {
    const a = generatePeople({ records: 3000, seed: 42 });
    const b = generatePeople({ records: 3000, seed: 42 });
    expect(b).toEqual(a);
    expect(peopleToCsv(b)).toBe(peopleToCsv(a));
    const c = generatePeople({ records: 3000, seed: 43 });
    expect(c).not.toEqual(a);
  });

  it('gives exactly the number of records asked for', () => {
    for (const n of [0, 1, 2, 3, 10, 999, 4321]) {
      const generated = generatePeople({ records: n, seed: n });
      expect(generated).toHaveLength(n);
      expect(new Set(generated.map((p) => p.person_id)).size).toBe(n - Math.floor(n * 0.25));
    }
    expect(people).toHaveLength(20_000);
    const originals = generatePeople({ records: 500, duplicateRate: 0 });
    expect(originals).toHaveLength(500);
    expect(new Set(originals.map((p) => p.person_id)).size).toBe(500);
  });

  it('rejects impossible options', () => {
    expect(() => generatePeople({ records: -1 })).toThrow(RangeError);
    expect(() => generatePeople({ records: 1.5 })).toThrow(RangeError);
    expect(() => generatePeople({ records: 10, duplicateRate: 0.9 })).toThrow(RangeError);
    expect(() => generatePeople({ records: 10, duplicateRate: Number.NaN })).toThrow(RangeError);
  });

  it('makes about duplicateRate of the records extra records of someone already generated', () => {
    for (const [rate, set] of [
      [0.25, people],
      [0.1, generatePeople({ records: 10_000, seed: 3, duplicateRate: 0.1 })],
      [0.6, generatePeople({ records: 10_000, seed: 3, duplicateRate: 0.6 })],
    ] as const) {
      const persons = byPerson(set);
      const duplicates = set.length - persons.size;
      expect(duplicates).toBe(Math.floor(set.length * rate));
      const duplicated = [...persons.values()].filter((list) => list.length > 1).length;
      expect(duplicated).toBeGreaterThanOrEqual(duplicates / 3);
      expect(duplicated).toBeLessThan(duplicates);
      expect(Math.max(...[...persons.values()].map((list) => list.length))).toBeLessThanOrEqual(4);
    }
  });

  it('shuffles the records', () => {
    const ids = people.slice(0, 200).map((p) => p.person_id);
    expect(ids).not.toEqual([...ids].sort());
  });

  it('gives every field a well-formed value', () => {
    const name = /^[A-Z][A-Za-z' -]*$/;
    const address = /^(\d+ )?[A-Z][A-Za-z ]+,? [A-Z][A-Za-z -]+$/;
    const bad = people.filter(
      (p) =>
        !/^P\d{7}$/.test(p.person_id) ||
        !name.test(p.given_name) ||
        !name.test(p.family_name) ||
        !['M', 'F', ''].includes(p.sex) ||
        (p.postcode !== '' && !isValidPostcode(p.postcode)) ||
        !address.test(p.address),
    );
    expect(bad).toEqual([]);
    const share = (f: (p: SyntheticPerson) => boolean) => people.filter(f).length / people.length;
    expect(share((p) => p.sex === '')).toBeGreaterThan(0.01);
    expect(share((p) => p.sex === '')).toBeLessThan(0.03);
    expect(share((p) => p.nhs_number === '')).toBeGreaterThan(0.12);
    expect(share((p) => p.nhs_number === '')).toBeLessThan(0.18);
    expect(share((p) => p.postcode === '')).toBeLessThan(0.03);
  });

  it('gives dates of birth that are real ISO dates of children aged 0–17 on 2026-09-01', () => {
    const bad = people
      .map((p) => p.date_of_birth)
      .filter(
        (d) =>
          !/^\d{4}-\d{2}-\d{2}$/.test(d) ||
          new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) !== d ||
          d < '2008-09-02' ||
          d > '2026-08-31',
      );
    expect(bad).toEqual([]);
    const dates = people.map((p) => p.date_of_birth).sort();
    expect(dates[0]! < '2009-01-01' && dates[dates.length - 1]! > '2026-06-01').toBe(true);
  });

  it('gives NHS numbers with a valid Modulus 11 check digit, one per person, but for rare typos', () => {
    const owner = new Map<string, string>();
    let present = 0;
    let invalid = 0;
    for (const [id, list] of groups) {
      const valid = new Set(list.map((p) => p.nhs_number).filter(isValidNhs));
      expect(valid.size).toBeLessThanOrEqual(1);
      for (const n of valid) {
        expect(owner.get(n), `${n} belongs to two people`).toBeUndefined();
        owner.set(n, id);
      }
      for (const p of list) {
        if (p.nhs_number === '') continue;
        present++;
        expect(p.nhs_number).toMatch(/^\d{10}$/);
        if (isValidNhs(p.nhs_number)) continue;
        invalid++;
        for (const n of valid) expect(oneSlipApart(p.nhs_number, n), `${p.nhs_number} ~ ${n}`).toBe(true);
      }
    }
    expect(invalid).toBeGreaterThan(0);
    expect(invalid / present).toBeLessThan(0.01);
  });

  it('keeps siblings together: households share a family name, postcode and address', () => {
    const households = new Map<string, Set<string>>();
    for (const p of people) {
      const key = `${p.family_name}|${p.postcode}|${p.address}`;
      const ids = households.get(key) ?? new Set<string>();
      ids.add(p.person_id);
      households.set(key, ids);
    }
    const withSiblings = [...households.values()].filter((ids) => ids.size > 1).length;
    expect(withSiblings).toBeGreaterThan(2000);
    const postcodes = new Set(people.map((p) => p.postcode));
    expect(people.length / postcodes.size).toBeGreaterThan(10);
  });

  it('spreads family names realistically', () => {
    const counts = new Map<string, number>();
    for (const p of people) counts.set(p.family_name, (counts.get(p.family_name) ?? 0) + 1);
    const top = Math.max(...counts.values());
    expect(top / people.length).toBeLessThan(0.015);
    expect(top / people.length).toBeGreaterThan(0.005);
    expect(counts.size).toBeGreaterThan(4000);
  });

  it('puts the errors agencies make into duplicates', () => {
    let swappedNames = 0;
    let dayMonthSwapped = 0;
    let nicknames = 0;
    let identical = 0;
    for (const [a, b] of pairs(groups)) {
      if (a.given_name === b.family_name && a.family_name === b.given_name) swappedNames++;
      const [ya, ma, da] = a.date_of_birth.split('-');
      const [yb, mb, db] = b.date_of_birth.split('-');
      if (ya === yb && ma === db && da === mb && ma !== da) dayMonthSwapped++;
      if (areNicknames(a.given_name.toLowerCase(), b.given_name.toLowerCase())) nicknames++;
      if (
        a.given_name === b.given_name &&
        a.family_name === b.family_name &&
        a.date_of_birth === b.date_of_birth &&
        a.address === b.address
      ) {
        identical++;
      }
    }
    expect(swappedNames).toBeGreaterThan(20);
    expect(dayMonthSwapped).toBeGreaterThan(20);
    expect(nicknames).toBeGreaterThan(50);
    expect(identical).toBeGreaterThan(100);
  });
});

describe('peopleToCsv', () => {
  it('writes a header and one line per record, quoting fields that need it', () => {
    const csv = peopleToCsv(people.slice(0, 100));
    const lines = csv.split('\n');
    expect(lines[0]).toBe('person_id,given_name,family_name,sex,date_of_birth,postcode,address,nhs_number');
    expect(lines).toHaveLength(102);
    expect(lines[101]).toBe('');
    expect(parse(csv, { columns: true })).toEqual(people.slice(0, 100));
  });

  it('doubles quotes inside quoted fields', () => {
    const odd: SyntheticPerson = {
      person_id: 'P0000001',
      given_name: 'Ann "Annie"',
      family_name: "O'Neill",
      sex: '',
      date_of_birth: '2015-01-02',
      postcode: 'WR11 4AB',
      address: '12 Mill Lane, Evesham',
      nhs_number: '',
    };
    const csv = peopleToCsv([odd]);
    expect(csv.split('\n')[1]).toBe(
      `P0000001,"Ann ""Annie""",O'Neill,,2015-01-02,WR11 4AB,"12 Mill Lane, Evesham",`,
    );
    expect(parse(csv, { columns: true })).toEqual([odd]);
  });
});
