import { describe, expect, it } from 'vitest';
import { quarterOf, quartersWithoutEvidence, stalled } from './rules.ts';

describe('quarterOf', () => {
  it('counts quarters from April', () => {
    expect(quarterOf('2023-04-01')).toEqual({ year: '2023-24', quarter: 1 });
    expect(quarterOf('2023-06-30')).toEqual({ year: '2023-24', quarter: 1 });
    expect(quarterOf('2023-07-01')).toEqual({ year: '2023-24', quarter: 2 });
    expect(quarterOf('2023-12-31')).toEqual({ year: '2023-24', quarter: 3 });
    expect(quarterOf('2024-03-31')).toEqual({ year: '2023-24', quarter: 4 });
    expect(quarterOf('2099-01-15')).toEqual({ year: '2098-99', quarter: 4 });
  });
});

describe('priorities without evidence of progress', () => {
  const e = (quarter: number, evidence: string | null = 'audit found improvement') => ({ quarter, evidence });

  it('lists a priority with two quarters in a row without evidence', () => {
    // Q2 has an update but no evidence, Q3 has none at all.
    const updates = [e(1), e(2, null), e(4)];
    expect(quartersWithoutEvidence(updates, 4)).toEqual([2, 3]);
    expect(stalled(updates, 4)).toBe(true);
    // Only Q2 missing by Q2: one quarter is not yet two.
    expect(stalled(updates, 2)).toBe(false);
  });

  it('does not list one with gaps that are not consecutive, or blank evidence counted as evidence', () => {
    expect(stalled([e(1), e(3)], 4)).toBe(false);
    expect(stalled([e(1), e(2, '  '), e(4)], 3)).toBe(true);
    expect(stalled([], 1)).toBe(false);
    expect(stalled([], 2)).toBe(true);
  });
});
