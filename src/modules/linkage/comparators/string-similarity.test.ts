import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../../platform/testing/shared-data.ts';
import {
  damerauLevenshtein,
  jaro,
  jaroWinkler,
  levenshtein,
  levenshteinWithin,
} from './string-similarity.ts';

// Plain, unoptimised reference implementations, to check the fast paths (bit masks, Myers' bit-vector
// algorithm, trimming of common prefixes and suffixes, scratch-buffer reuse) against.

function referenceJaro(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 1 : 0;
  const window = Math.max(Math.floor(Math.max(a.length, b.length) / 2) - 1, 0);
  const usedA: boolean[] = Array.from(a, () => false);
  const usedB: boolean[] = Array.from(b, () => false);
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - window); j <= Math.min(b.length - 1, i + window); j++) {
      if (!usedB[j] && a[i] === b[j]) {
        usedA[i] = true;
        usedB[j] = true;
        break;
      }
    }
  }
  const fromA = [...a].filter((_, i) => usedA[i]);
  const fromB = [...b].filter((_, j) => usedB[j]);
  const m = fromA.length;
  if (m === 0) return 0;
  const t = fromA.filter((c, k) => c !== fromB[k]).length / 2;
  return (m / a.length + m / b.length + (m - t) / m) / 3;
}

function referenceLevenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => i + j),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
    }
  }
  return d[a.length]![b.length]!;
}

/** Lowrance–Wagner, straight from the recurrence, with no trimming. */
function referenceDamerau(a: string, b: string): number {
  const inf = a.length + b.length;
  const d = Array.from({ length: a.length + 2 }, () => Array.from({ length: b.length + 2 }, () => 0));
  d[0]![0] = inf;
  for (let i = 0; i <= a.length; i++) {
    d[i + 1]![0] = inf;
    d[i + 1]![1] = i;
  }
  for (let j = 0; j <= b.length; j++) {
    d[0]![j + 1] = inf;
    d[1]![j + 1] = j;
  }
  const lastRow = new Map<string, number>();
  for (let i = 1; i <= a.length; i++) {
    let lastCol = 0;
    for (let j = 1; j <= b.length; j++) {
      const i1 = lastRow.get(b[j - 1]!) ?? 0;
      const j1 = lastCol;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      if (cost === 0) lastCol = j;
      d[i + 1]![j + 1] = Math.min(
        d[i]![j]! + cost,
        d[i + 1]![j]! + 1,
        d[i]![j + 1]! + 1,
        d[i1]![j1]! + (i - i1 - 1) + 1 + (j - j1 - 1),
      );
    }
    lastRow.set(a[i - 1]!, i);
  }
  return d[a.length + 1]![b.length + 1]!;
}

/**
 * Strings over a small alphabet (so that characters repeat and match), either short or longer than the
 * 32 code units up to which the bit-parallel paths are used.
 */
const unit = fc.constantFrom('a', 'b', 'c', 'd', 'é', ' ');
const word = fc.oneof(fc.string({ unit, maxLength: 12 }), fc.string({ unit, minLength: 30, maxLength: 45 }));
/** A string and a lightly edited copy of it: similar pairs exercise the prefix/suffix trimming. */
const similarPair = fc
  .tuple(word, fc.array(fc.tuple(fc.nat(45), fc.string({ unit, maxLength: 2 })), { maxLength: 3 }))
  .map(([a, edits]): [string, string] => {
    let b = a;
    for (const [at, insert] of edits) {
      const k = at % (b.length + 1);
      b = b.slice(0, k) + insert + b.slice(k + 1);
    }
    return [a, b];
  });
const pairOfWords = fc.oneof(fc.tuple(word, word), similarPair);

function readVectors(name: string, header = false): string[][] {
  const rows: string[][] = parse(readFileSync(sharedDataPath('testvectors', name), 'utf8'), {
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
  });
  return header ? rows.slice(1) : rows;
}

describe('jaroWinkler', () => {
  // No header: left,right,expected (rounded to 3 places).
  const jellyfish = readVectors('jaro_winkler_jellyfish.csv').map(
    ([left = '', right = '', expected = '']) => ({
      left,
      right,
      expected: Number(expected),
    }),
  );
  // Header: left,right,expected,tolerance.
  const commonsText = readVectors('jaro_winkler_commons_text.csv', true).map(
    ([left = '', right = '', expected = '', tolerance = '']) => ({
      left,
      right,
      expected: Number(expected),
      tolerance: Number(tolerance),
    }),
  );

  it('reads every row of both vector files', () => {
    expect(jellyfish).toHaveLength(17);
    expect(commonsText).toHaveLength(16);
  });

  it.each(jellyfish)('jellyfish: "$left" vs "$right" → $expected', ({ left, right, expected }) => {
    expect(Math.abs(jaroWinkler(left, right) - expected)).toBeLessThanOrEqual(0.001);
  });

  it.each(commonsText)(
    'commons-text: "$left" vs "$right" → $expected',
    ({ left, right, expected, tolerance }) => {
      // The file's own tolerance, compared as commons-text's tests do: |expected - actual| <= tolerance.
      expect(Math.abs(jaroWinkler(left, right) - expected)).toBeLessThanOrEqual(tolerance);
    },
  );

  it('scores two empty strings 1 and an empty against a non-empty string 0', () => {
    expect(jaroWinkler('', '')).toBe(1);
    expect(jaroWinkler('', 'foo')).toBe(0);
    expect(jaroWinkler('foo', '')).toBe(0);
    expect(jaro('', '')).toBe(1);
    expect(jaro('x', '')).toBe(0);
  });

  it('counts half-transpositions fractionally (aaabcd / aaacdb)', () => {
    expect(jaro('aaabcd', 'aaacdb')).toBeCloseTo(11 / 12, 12);
    expect(jaroWinkler('aaabcd', 'aaacdb')).toBeCloseTo(0.941666, 5);
  });

  it('gives the textbook Jaro scores', () => {
    expect(jaro('martha', 'marhta')).toBeCloseTo(0.944444, 5);
    expect(jaro('dixon', 'dicksonx')).toBeCloseTo(0.766667, 5);
    expect(jaro('abc', 'xyz')).toBe(0);
  });

  it('ranks close spellings of a name above unrelated names', () => {
    expect(jaroWinkler('Jayden', 'Jaydon')).toBeGreaterThan(0.9);
    expect(jaroWinkler('Jayden', 'Amelia')).toBeLessThan(0.6);
  });

  const pairs: [string, string][] = [
    ['martha', 'marhta'],
    ['dixon', 'dicksonx'],
    ['Catherine', 'Kathryn'],
    ['MacDonald', 'McDonald'],
    ['Siobhan', 'Shivaun'],
    ['aaabcd', 'aaacdb'],
    ['', 'x'],
  ];

  it.each(pairs)('is symmetric: "%s" / "%s"', (a, b) => {
    expect(jaroWinkler(a, b)).toBe(jaroWinkler(b, a));
    expect(jaro(a, b)).toBe(jaro(b, a));
  });

  it('agrees with a plain reference implementation, on short and long strings (property)', () => {
    fc.assert(
      fc.property(pairOfWords, ([a, b]) => {
        expect(jaro(a, b)).toBeCloseTo(referenceJaro(a, b), 12);
      }),
      { numRuns: 3000 },
    );
  });

  it('stays in [0, 1], is symmetric and scores identical strings 1 (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (a, b) => {
        const s = jaroWinkler(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(jaroWinkler(b, a)).toBe(s);
        expect(jaroWinkler(a, a)).toBe(1);
      }),
    );
  });

  it('handles strings longer than the initial scratch buffers', () => {
    const long = 'ab'.repeat(500);
    expect(jaroWinkler(long, long)).toBe(1);
    expect(jaroWinkler(long, `${long}c`)).toBeGreaterThan(0.99);
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961111, 5);
  });
});

describe('levenshtein', () => {
  // No header: a,b,distance.
  const vectors = readVectors('levenshtein.csv').map(([a = '', b = '', distance = '']) => ({
    a,
    b,
    distance: Number(distance),
  }));

  it('reads every row of the vector file', () => {
    expect(vectors).toHaveLength(6);
  });

  it.each(vectors)('"$a" vs "$b" → $distance', ({ a, b, distance }) => {
    expect(levenshtein(a, b)).toBe(distance);
    expect(levenshteinWithin(a, b, distance)).toBe(true);
    expect(levenshteinWithin(a, b, distance - 1)).toBe(false);
  });

  it('does not count a transposition as one edit', () => {
    expect(levenshtein('ab', 'ba')).toBe(2);
  });

  it('agrees with a plain reference implementation, on short and long strings (property)', () => {
    fc.assert(
      fc.property(pairOfWords, ([a, b]) => {
        expect(levenshtein(a, b)).toBe(referenceLevenshtein(a, b));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('levenshteinWithin', () => {
  it('agrees with reference(a, b) <= max, on short and long strings (property)', () => {
    fc.assert(
      fc.property(pairOfWords, fc.integer({ min: -1, max: 50 }), ([a, b], max) => {
        expect(levenshteinWithin(a, b, max)).toBe(referenceLevenshtein(a, b) <= max);
      }),
      { numRuns: 3000 },
    );
  });

  it('uses the banded check on long strings', () => {
    const a = 'abcdefghij'.repeat(5);
    const b = `${a.slice(0, 10)}X${a.slice(11, 40)}YZ${a.slice(42)}`;
    expect(levenshtein(a, b)).toBe(3);
    expect(levenshteinWithin(a, b, 3)).toBe(true);
    expect(levenshteinWithin(a, b, 2)).toBe(false);
    expect(levenshteinWithin(a, `${b}QQ`, 4)).toBe(false);
  });

  it('accepts any bound at least as large as the longer string', () => {
    expect(levenshteinWithin('kitten', 'sitting', Number.POSITIVE_INFINITY)).toBe(true);
    expect(levenshteinWithin('kitten', 'sitting', 2.9)).toBe(false);
    expect(levenshteinWithin('kitten', 'sitting', Number.NaN)).toBe(false);
  });
});

describe('damerauLevenshtein', () => {
  // No header: a,b,distance. One row has quoted fields with commas and a non-ASCII character.
  const vectors = readVectors('damerau_levenshtein.csv').map(([a = '', b = '', distance = '']) => ({
    a,
    b,
    distance: Number(distance),
  }));

  it('reads every row of the vector file, including the quoted one', () => {
    expect(vectors).toHaveLength(9);
    expect(vectors).toContainEqual({ a: 'Hello, world!', b: 'Hello,\u00c2\u00a0world!', distance: 2 });
  });

  it.each(vectors)('"$a" vs "$b" → $distance', ({ a, b, distance }) => {
    expect(damerauLevenshtein(a, b)).toBe(distance);
  });

  it('is the unrestricted distance, not optimal string alignment', () => {
    expect(damerauLevenshtein('ca', 'abc')).toBe(2);
    expect(damerauLevenshtein('ab', 'ba')).toBe(1);
  });

  it('agrees with the untrimmed recurrence, never exceeds levenshtein and is symmetric (property)', () => {
    fc.assert(
      fc.property(pairOfWords, ([a, b]) => {
        const d = damerauLevenshtein(a, b);
        expect(d).toBe(referenceDamerau(a, b));
        expect(d).toBeLessThanOrEqual(levenshtein(a, b));
        expect(damerauLevenshtein(b, a)).toBe(d);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('edit distances', () => {
  const pairs: [string, string][] = [
    ['kitten', 'sitting'],
    ['Saturday', 'Sunday'],
    ['jellyifhs', 'jellyfish'],
    ['Ellie-Mae', 'Elliemae'],
    ['Nowak', 'Novák'],
    ['', 'abc'],
  ];

  it.each(pairs)('are symmetric: "%s" / "%s"', (a, b) => {
    expect(levenshtein(a, b)).toBe(levenshtein(b, a));
    expect(damerauLevenshtein(a, b)).toBe(damerauLevenshtein(b, a));
  });

  it('handle strings longer than the initial scratch buffers', () => {
    const a = 'abcdefghij'.repeat(30);
    const b = `x${a.slice(1, 150)}y${a.slice(151)}`;
    expect(levenshtein(a, b)).toBe(2);
    expect(damerauLevenshtein(a, b)).toBe(2);
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(damerauLevenshtein('fuor', 'four')).toBe(1);
  });
});
