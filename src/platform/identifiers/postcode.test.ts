import { sharedDataPath } from '../testing/shared-data.ts';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isValidPostcode, normalisePostcode, type ParsedPostcode, parsePostcode } from './postcode.ts';

// ideal-postcodes fixtures: { tests: [{ base: string, expected: string | boolean | null }] }
const FIXTURES = sharedDataPath('testvectors/postcode');

interface Fixture<T> {
  base: string;
  expected: T;
}

function fixtures<T>(name: string): Fixture<T>[] {
  const parsed = JSON.parse(readFileSync(`${FIXTURES}/ideal-postcodes_${name}.json`, 'utf8')) as {
    tests: Fixture<T>[];
  };
  expect(parsed.tests.length).toBeGreaterThan(0);
  return parsed.tests;
}

describe('isValidPostcode (ideal-postcodes validation fixtures)', () => {
  it.each(fixtures<boolean>('validation'))('$base → $expected', ({ base, expected }) => {
    expect(isValidPostcode(base)).toBe(expected);
  });
});

describe('normalisation (ideal-postcodes fixtures)', () => {
  it.each(fixtures<string | null>('normalisation'))('$base → $expected', ({ base, expected }) => {
    expect(normalisePostcode(base)).toBe(expected);
    expect(parsePostcode(base)?.postcode ?? null).toBe(expected);
  });
});

// Every fixture file that splits a postcode, with the part of ParsedPostcode it tests.
const PARTS: [file: string, part: keyof ParsedPostcode][] = [
  ['outcodes', 'outward'],
  ['incodes', 'inward'],
  ['areas', 'area'],
  ['districts', 'district'],
  ['sub-districts', 'subDistrict'],
  ['sectors', 'sector'],
  ['units', 'unit'],
];

describe.each(PARTS)('%s (ideal-postcodes fixtures) → %s', (file, part) => {
  it.each(fixtures<string | null>(file))('$base → $expected', ({ base, expected }) => {
    const parsed = parsePostcode(base);
    expect(parsed, `${base} should parse`).not.toBeNull();
    expect(parsed?.[part]).toBe(expected);
  });
});

describe('parsePostcode', () => {
  it('splits a Worcestershire-style postcode', () => {
    expect(parsePostcode('wr11 4ab')).toEqual({
      postcode: 'WR11 4AB',
      outward: 'WR11',
      inward: '4AB',
      area: 'WR',
      district: 'WR11',
      subDistrict: null,
      sector: 'WR11 4',
      unit: 'AB',
    });
  });

  it('tolerates surrounding and repeated spaces but only between outward and inward', () => {
    expect(parsePostcode('  dy10   2xy ')?.postcode).toBe('DY10 2XY');
    expect(parsePostcode('B98\t7AB')?.postcode).toBe('B98 7AB');
    expect(parsePostcode('DY1 02XY')).toBeNull();
    expect(parsePostcode('D Y10 2XY')).toBeNull();
  });

  it("applies Royal Mail's letter rules", () => {
    expect(isValidPostcode('QR1 1AA')).toBe(false); // Q never first
    expect(isValidPostcode('VR1 1AA')).toBe(false); // V never first
    expect(isValidPostcode('XR1 1AA')).toBe(false); // X never first
    expect(isValidPostcode('WI1 1AA')).toBe(false); // I never second
    expect(isValidPostcode('WZ1 1AA')).toBe(false); // Z never second
    expect(isValidPostcode('W1I 1AA')).toBe(false); // I cannot end an A9A outward code
    expect(isValidPostcode('EC1C 1AA')).toBe(false); // C cannot end an AA9A outward code
    for (const letter of 'CIKMOV') {
      expect(isValidPostcode(`WR1 1A${letter}`), letter).toBe(false); // nor appear in the inward code
      expect(isValidPostcode(`WR1 1${letter}A`), letter).toBe(false);
    }
  });

  it('rejects wrong shapes', () => {
    for (const s of [
      '',
      ' ',
      'WR1',
      'WR1 2A',
      'WR1 2ABC',
      'WR123 4AB',
      'WRR1 2AB',
      'WR1 AAB',
      'WR1-2AB',
      'GIR 0AA',
    ]) {
      expect(parsePostcode(s), s).toBeNull();
    }
  });
});
