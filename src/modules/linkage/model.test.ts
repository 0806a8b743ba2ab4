import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../synthetic/random.ts';
import { COMPARISONS, PATTERN_COUNT, patternOf } from './comparisons.ts';
import { dedupe } from './engine.ts';
import { expectationMaximisation, explainPair } from './model.ts';
import type { PersonRecord } from './person.ts';

/** Draws a level from a distribution. */
function draw(random: () => number, p: number[]): number {
  let x = random();
  for (let l = 0; l < p.length; l++) {
    x -= p[l]!;
    if (x < 0) return l;
  }
  return p.length - 1;
}

describe('expectation maximisation', () => {
  it('recovers m and the prior from unlabelled pattern counts', () => {
    // A known model: matches mostly agree, non-matches mostly differ.
    const random = mulberry32(3);
    const trueM = COMPARISONS.map((c) =>
      c.levels.map((_, l) => (l === 0 ? 0.8 : 0.2 / (c.levels.length - 1))),
    );
    const u = COMPARISONS.map((c) =>
      c.levels.map((_, l) => (l === c.levels.length - 1 ? 0.9 : 0.1 / (c.levels.length - 1))),
    );
    const patterns = new Float64Array(PATTERN_COUNT);
    const levels = new Int8Array(COMPARISONS.length);
    const matches = 20_000;
    const nonMatches = 180_000;
    for (let k = 0; k < matches + nonMatches; k++) {
      const p = k < matches ? trueM : u;
      for (let c = 0; c < levels.length; c++) levels[c] = draw(random, p[c]!);
      patterns[patternOf(levels)]!++;
    }
    const allPairs = 10_000_000;
    const result = expectationMaximisation(patterns, u, allPairs);
    expect(result.converged).toBe(true);
    expect(result.changes.at(-1)!).toBeLessThan(1e-6);
    // The changes settle: the last is far smaller than the first.
    expect(result.changes.at(-1)!).toBeLessThan(result.changes[0]! / 100);
    expect(result.model.prior * allPairs).toBeGreaterThan(matches * 0.95);
    expect(result.model.prior * allPairs).toBeLessThan(matches * 1.05);
    for (let c = 0; c < COMPARISONS.length; c++) {
      for (let l = 0; l < trueM[c]!.length; l++)
        expect(Math.abs(result.model.comparisons[c]!.m[l]! - trueM[c]![l]!)).toBeLessThan(0.02);
    }
  });
});

describe('a pair’s explanation', () => {
  const people: PersonRecord[] = [];
  const random = mulberry32(5);
  const given = ['amelia', 'oliver', 'isla', 'george', 'ava', 'noah', 'mia', 'leo', 'freya', 'arthur'];
  const family = [
    'smith',
    'jones',
    'patel',
    'khan',
    'brown',
    'taylor',
    'wilson',
    'evans',
    'hughes',
    'ahmed',
    'clarke',
    'walker',
  ];
  for (let k = 0; k < 600; k++) {
    const person: PersonRecord = {
      givenName: given[Math.floor(random() * given.length)],
      familyName: family[Math.floor(random() * family.length)],
      dateOfBirth: `20${10 + Math.floor(random() * 10)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
      postcode: `WR${1 + Math.floor(random() * 9)} ${1 + Math.floor(random() * 8)}AB`,
      sex: random() < 0.5 ? 'M' : 'F',
    };
    people.push(person);
    if (k % 3 === 0) people.push({ ...person, givenName: `${person.givenName}e`, postcode: undefined });
  }
  // One family name only two records carry.
  people.push(
    { givenName: 'ivy', familyName: 'quennell', dateOfBirth: '2014-02-02', sex: 'F' },
    { givenName: 'ivy', familyName: 'quennell', dateOfBirth: '2014-02-02', sex: 'F' },
  );
  const result = dedupe(people, { thresholds: { link: 0.9, review: 0.001 }, minRecordsToEstimate: 0 });

  it('is a waterfall that adds up to the match weight', () => {
    expect(result.pairs.length).toBeGreaterThan(100);
    for (const pair of result.pairs.slice(0, 200)) {
      const explanation = explainPair(result.scorer, result.sides, pair.left, pair.right);
      const sum = explanation.priorWeight + explanation.contributions.reduce((a, c) => a + c.weight, 0);
      expect(sum).toBeCloseTo(pair.weight, 9);
      expect(explanation.weight).toBe(pair.weight);
      expect(explanation.contributions.map((c) => c.comparison)).toEqual(COMPARISONS.map((c) => c.key));
      for (const c of explanation.contributions) {
        if (c.level === null) expect(c.weight).toBe(0);
        else expect(c.weight - c.termFrequencyAdjustment).toBeCloseTo(Math.log2(c.m! / c.u!), 12);
      }
    }
  });

  it('counts agreeing on a rare name for more than on a common one', () => {
    const rare = explainPair(result.scorer, result.sides, ...findExactNamePair(result, 'quennell'));
    const common = explainPair(result.scorer, result.sides, ...findExactNamePair(result, 'smith'));
    expect(rare.contributions[1]!.level).toBe('exact');
    expect(common.contributions[1]!.level).toBe('exact');
    expect(rare.contributions[1]!.termFrequencyAdjustment).toBeGreaterThan(2);
    expect(common.contributions[1]!.termFrequencyAdjustment).toBeLessThan(0);
    expect(rare.contributions[1]!.weight).toBeGreaterThan(common.contributions[1]!.weight + 2);
  });
});

function findExactNamePair(result: ReturnType<typeof dedupe>, family: string): [number, number] {
  const { left } = result.sides;
  const ids: number[] = [];
  for (let i = 0; i < left.size && ids.length < 2; i++) if (left.family[i] === family) ids.push(i);
  return [ids[0]!, ids[1]!];
}

describe('m from labelled pairs', () => {
  it('counts m from pairs known to be one child instead of estimating it', () => {
    const people: PersonRecord[] = [];
    const labelled: [number, number][] = [];
    const random = mulberry32(9);
    for (let k = 0; k < 300; k++) {
      const person: PersonRecord = {
        givenName: ['ava', 'noah', 'isla', 'leo', 'mia'][k % 5],
        familyName: `family${Math.floor(random() * 400)}`,
        dateOfBirth: `2015-0${1 + (k % 9)}-1${k % 3}`,
        sex: k % 2 ? 'F' : 'M',
      };
      people.push(person);
      if (k % 3 === 0) {
        // Every third child has a second record with the date of birth's day and month transposed.
        people.push({ ...person, dateOfBirth: `2015-1${k % 3}-0${1 + (k % 9)}` });
        labelled.push([people.length - 2, people.length - 1]);
      }
    }
    const result = dedupe(people, { labelledMatches: labelled });
    expect(result.training.labelled).toBe(true);
    const dob = result.model.comparisons.find((c) => c.key === 'date_of_birth')!;
    // The labelled pairs all have day and month transposed.
    const transposed = COMPARISONS.find((c) => c.key === 'date_of_birth')!.levels.findIndex(
      (l) => l.key === 'day_month_transposed',
    );
    expect(dob.m[transposed]!).toBeGreaterThan(0.8);
  });
});
