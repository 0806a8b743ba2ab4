import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../../platform/testing/shared-data.ts';
import { doubleMetaphone, metaphone, soundex } from './phonetic.ts';

/** Reads a two-column vector file without a header: input,code. */
function readPairs(name: string): { input: string; code: string }[] {
  const rows: string[][] = parse(readFileSync(sharedDataPath('testvectors', name), 'utf8'), {
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
  });
  return rows.map(([input = '', code = '']) => ({ input, code }));
}

describe('soundex', () => {
  const vectors = readPairs('soundex.csv');

  it('reads every row of the vector file, including the empty input', () => {
    expect(vectors).toHaveLength(11);
    expect(vectors).toContainEqual({ input: '', code: '' });
  });

  it.each(vectors)('"$input" → "$code"', ({ input, code }) => {
    expect(soundex(input)).toBe(code);
  });

  it('codes variant spellings of a surname alike', () => {
    expect(soundex('smith')).toBe(soundex('smyth'));
    expect(soundex('Smith')).toBe('S530');
    expect(soundex('Robert')).toBe(soundex('Rupert'));
  });

  it('is case-insensitive and ignores diacritics', () => {
    expect(soundex('müller')).toBe(soundex('MULLER'));
    expect(soundex('Zoë')).toBe('Z000');
  });

  it('keeps a non-letter first character and ignores other non-letters', () => {
    expect(soundex("O'Brien")).toBe('O165');
    expect(soundex('1abc')).toBe('1120');
  });
});

describe('metaphone', () => {
  const vectors = readPairs('metaphone.csv');

  it('reads every row of the vector file', () => {
    expect(vectors).toHaveLength(33);
  });

  it.each(vectors)('"$input" → "$code"', ({ input, code }) => {
    expect(metaphone(input)).toBe(code);
  });

  it('gives the empty code for empty input', () => {
    expect(metaphone('')).toBe('');
  });

  it('collapses runs of spaces between words to one', () => {
    expect(metaphone('sunlight  labs')).toBe('SNLT LBS');
  });

  it('codes variant spellings of a name alike', () => {
    expect(metaphone('Stephen')).toBe(metaphone('Steven'));
    expect(metaphone('Philip')).toBe(metaphone('Filip'));
  });
});

describe('doubleMetaphone', () => {
  it('gives empty codes for empty input', () => {
    expect(doubleMetaphone('')).toEqual(['', '']);
  });

  it('gives a primary and an alternate code', () => {
    expect(doubleMetaphone('Smith')).toEqual(['SM0', 'XMT']);
    expect(doubleMetaphone('Schmidt')).toEqual(['XMT', 'SMT']);
  });

  it('codes catherine and kathryn alike', () => {
    const [p1, a1] = doubleMetaphone('catherine');
    const [p2, a2] = doubleMetaphone('kathryn');
    expect([p2, a2].some((code) => code === p1 || code === a1)).toBe(true);
  });

  it('is case-insensitive and ignores diacritics', () => {
    expect(doubleMetaphone('Zoë')).toEqual(doubleMetaphone('zoe'));
    expect(doubleMetaphone('François')).toEqual(doubleMetaphone('FRANCOIS'));
    expect(doubleMetaphone('Çáŕẗéř')).toEqual(doubleMetaphone('Carter'));
  });
});
