import { describe, expect, it } from 'vitest';
import { formatLondon, londonDate, londonWallClock } from './london.ts';

describe('formatLondon', () => {
  it('writes GMT with a +00:00 offset', () => {
    expect(formatLondon(new Date('2027-01-04T08:45:00Z'))).toBe('2027-01-04T08:45:00+00:00');
  });

  it('writes BST with a +01:00 offset', () => {
    expect(formatLondon(new Date('2027-04-12T07:40:00Z'))).toBe('2027-04-12T08:40:00+01:00');
  });

  it('rejects an invalid Date', () => {
    expect(() => formatLondon(new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('londonDate and londonWallClock', () => {
  it('gives the London civil date, which runs an hour ahead of UTC in summer', () => {
    expect(londonDate(new Date('2027-06-01T22:59:59Z'))).toBe('2027-06-01');
    expect(londonDate(new Date('2027-06-01T23:00:00Z'))).toBe('2027-06-02');
    expect(londonDate(new Date('2027-01-01T23:30:00Z'))).toBe('2027-01-01');
  });

  it('puts the same wall-clock time at different UTC hours either side of a clock change', () => {
    expect(londonWallClock('2027-03-26', '09:00').toISOString()).toBe('2027-03-26T09:00:00.000Z');
    expect(londonWallClock('2027-03-29', '09:00').toISOString()).toBe('2027-03-29T08:00:00.000Z');
  });

  it('refuses a wall-clock time skipped when the clocks go forward', () => {
    expect(() => londonWallClock('2027-03-28', '01:30')).toThrow(/does not exist/);
  });
});
