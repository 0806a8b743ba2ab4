import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../synthetic/random.ts';
import { BlockingPlan, DEFAULT_BLOCKING_RULES } from './blocking.ts';
import { type PersonRecord, newVocabulary, preparePeople } from './person.ts';

function people(n: number, seed: number): PersonRecord[] {
  const random = mulberry32(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  return Array.from({ length: n }, () => ({
    givenName: pick(['ava', 'eva', 'noah', 'noa', 'leo', 'lea']),
    familyName: pick(['smith', 'smyth', 'khan', 'kahn']),
    dateOfBirth: `2015-0${1 + Math.floor(random() * 3)}-0${1 + Math.floor(random() * 3)}`,
    postcode: random() < 0.8 ? pick(['WR1 1AB', 'WR1 2AB']) : undefined,
    address: `${1 + Math.floor(random() * 4)} Mill Lane`,
    nhsNumber: random() < 0.5 ? pick(['9434765919', '9434765991', '4010232137']) : undefined,
  }));
}

describe('blocking', () => {
  it('counts exactly the pairs it visits, each once, and only pairs sharing a rule’s key', () => {
    const records = preparePeople(people(300, 1));
    const plan = new BlockingPlan(DEFAULT_BLOCKING_RULES, records);
    const seen = new Set<string>();
    plan.forEachPair((i, j, r) => {
      expect(i).toBeLessThan(j);
      const key = `${i}:${j}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
      const rule = DEFAULT_BLOCKING_RULES[r]!;
      expect(rule.keyOf(records, i)).not.toBeNull();
      expect(rule.keyOf(records, i)).toBe(rule.keyOf(records, j));
    });
    const counted = plan.count();
    expect(counted.total).toBe(seen.size);
    expect(counted.byRule.reduce((a, r) => a + r.comparisons, 0)).toBe(seen.size);
    // Every pair that shares any rule's key is there.
    for (let i = 0; i < records.size; i++) {
      for (let j = i + 1; j < records.size; j++) {
        const shares = DEFAULT_BLOCKING_RULES.some((rule) => {
          const k = rule.keyOf(records, i);
          return k !== null && k === rule.keyOf(records, j);
        });
        expect(seen.has(`${i}:${j}`)).toBe(shares);
      }
    }
  });

  it('pairs only across the two sides of a link', () => {
    const vocabulary = newVocabulary();
    const left = preparePeople(people(80, 2), vocabulary);
    const right = preparePeople(people(60, 3), vocabulary);
    const plan = new BlockingPlan(DEFAULT_BLOCKING_RULES, left, right);
    let visited = 0;
    const seen = new Set<string>();
    plan.forEachPair((i, j, r) => {
      visited++;
      seen.add(`${i}:${j}`);
      expect(DEFAULT_BLOCKING_RULES[r]!.keyOf(left, i)).toBe(DEFAULT_BLOCKING_RULES[r]!.keyOf(right, j));
    });
    expect(seen.size).toBe(visited);
    expect(plan.count().total).toBe(visited);
    expect(visited).toBeGreaterThan(0);
  });
});
