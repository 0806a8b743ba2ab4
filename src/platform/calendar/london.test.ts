import fc from 'fast-check';
import { DateTime } from 'luxon';
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

  it('changes date at the exact millisecond either side of each clock change', () => {
    // 2027: forward at 01:00 UTC on 28 March, back at 01:00 UTC on 31 October.
    expect(londonDate(new Date('2027-03-27T23:59:59.999Z'))).toBe('2027-03-27');
    expect(londonDate(new Date('2027-03-28T00:59:59.999Z'))).toBe('2027-03-28');
    expect(londonDate(new Date('2027-10-30T22:59:59.999Z'))).toBe('2027-10-30');
    expect(londonDate(new Date('2027-10-30T23:00:00.000Z'))).toBe('2027-10-31');
    expect(londonDate(new Date('2027-10-31T23:59:59.999Z'))).toBe('2027-10-31');
    // British Standard Time: an hour ahead all winter, 1968–1971.
    expect(londonDate(new Date('1970-01-01T23:30:00Z'))).toBe('1970-01-02');
  });

  it('gives the date luxon gives, for any instant from 1800 to 2300 (including the hour before a change)', () => {
    const luxon = (d: Date) => DateTime.fromJSDate(d, { zone: 'Europe/London' }).toISODate();
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1800, 0, 1), max: Date.UTC(2300, 0, 1) }), (ms) => {
        const d = new Date(ms);
        expect(londonDate(d)).toBe(luxon(d));
      }),
      { numRuns: 20_000 },
    );
    // Each UTC hour in which the offset changed, 1840–2100 (found day by day), at the millisecond
    // before it and its first and last.
    const offset = (ms: number) => DateTime.fromMillis(ms, { zone: 'Europe/London' }).offset;
    const HOUR = 3_600_000;
    let changes = 0;
    for (let day = Date.UTC(1840, 0, 1); day < Date.UTC(2100, 0, 1); day += 24 * HOUR) {
      if (offset(day) === offset(day + 24 * HOUR)) continue;
      for (let hour = day; hour < day + 24 * HOUR; hour += HOUR) {
        if (offset(hour - 1) === offset(hour + HOUR - 1) && offset(hour) === offset(hour + HOUR - 1))
          continue;
        changes++;
        for (const ms of [hour - 1, hour, hour + HOUR - 1])
          expect(londonDate(new Date(ms))).toBe(luxon(new Date(ms)));
      }
    }
    expect(changes).toBeGreaterThan(300);
  }, 60_000);

  it('puts the same wall-clock time at different UTC hours either side of a clock change', () => {
    expect(londonWallClock('2027-03-26', '09:00').toISOString()).toBe('2027-03-26T09:00:00.000Z');
    expect(londonWallClock('2027-03-29', '09:00').toISOString()).toBe('2027-03-29T08:00:00.000Z');
  });

  it('refuses a wall-clock time skipped when the clocks go forward', () => {
    expect(() => londonWallClock('2027-03-28', '01:30')).toThrow(/does not exist/);
  });
});
