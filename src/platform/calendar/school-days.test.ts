import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shippedBankHolidays } from './bank-holidays.ts';
import { formatLondon } from './london.ts';
import { isSchoolDay, NoSchoolDayError, nextSchoolDayStart, type SettingCalendar } from './school-days.ts';
import { WorkingDayCalendar } from './working-days.ts';

const calendar = new WorkingDayCalendar(shippedBankHolidays().map((holiday) => holiday.date));

// Synthetic local-authority term dates for 2026/27; the gaps are half-terms and holidays.
const LA_TERMS = [
  { start: '2026-09-03', end: '2026-10-23' },
  { start: '2026-11-02', end: '2026-12-18' },
  { start: '2027-01-04', end: '2027-02-12' },
  { start: '2027-02-22', end: '2027-03-25' },
  { start: '2027-04-12', end: '2027-05-28' },
  { start: '2027-06-07', end: '2027-07-21' },
];

const primary: SettingCalendar = {
  schoolDayStartsAt: '08:45',
  terms: LA_TERMS,
  closures: ['2026-09-03', '2027-02-22'], // INSET days
};

const withStart = (schoolDayStartsAt: string): SettingCalendar => ({ ...primary, schoolDayStartsAt });
const next = (cal: SettingCalendar, after: string) =>
  nextSchoolDayStart(cal, calendar, new Date(after)).toISOString();

describe('isSchoolDay', () => {
  it('is true on a term-time weekday, including the first and last days of a term', () => {
    expect(isSchoolDay(primary, calendar, '2027-01-05')).toBe(true);
    expect(isSchoolDay(primary, calendar, '2027-01-04')).toBe(true);
    expect(isSchoolDay(primary, calendar, '2026-12-18')).toBe(true);
  });

  it('is false at the weekend and in the holidays', () => {
    expect(isSchoolDay(primary, calendar, '2027-01-09')).toBe(false); // Saturday
    expect(isSchoolDay(primary, calendar, '2026-12-21')).toBe(false); // Christmas holidays
  });

  it('is false in half-term', () => {
    expect(isSchoolDay(primary, calendar, '2027-02-15')).toBe(false);
    expect(isSchoolDay(primary, calendar, '2026-10-26')).toBe(false);
  });

  it('is false on an INSET day', () => {
    expect(isSchoolDay(primary, calendar, '2027-02-22')).toBe(false);
    expect(isSchoolDay(primary, calendar, '2027-02-23')).toBe(true);
  });

  it('is false on a bank holiday in term, whether given a calendar or a plain set', () => {
    expect(isSchoolDay(primary, calendar, '2027-05-03')).toBe(false); // early May bank holiday
    expect(isSchoolDay(primary, new Set(['2027-05-03']), '2027-05-03')).toBe(false);
    expect(isSchoolDay(primary, new Set(['2027-05-03']), '2027-05-04')).toBe(true);
  });

  it('rejects a bad date or a malformed setting calendar', () => {
    expect(() => isSchoolDay(primary, calendar, '2027-02-29')).toThrow(RangeError);
    expect(() => isSchoolDay(withStart('8:45'), calendar, '2027-01-05')).toThrow(/school-day start time/);
    const backwards = { ...primary, terms: [{ start: '2027-01-08', end: '2027-01-04' }] };
    expect(() => isSchoolDay(backwards, calendar, '2027-01-05')).toThrow(/ends before it starts/);
    expect(() => isSchoolDay({ ...primary, closures: ['2027-13-01'] }, calendar, '2027-01-05')).toThrow(
      /closure date/,
    );
  });
});

describe('nextSchoolDayStart', () => {
  it('after the last day of the autumn term is the first day of the spring term', () => {
    expect(next(primary, '2026-12-18T15:30:00Z')).toBe('2027-01-04T08:45:00.000Z');
  });

  it('after the half-term break skips the INSET day to Tuesday', () => {
    expect(next(primary, '2027-02-12T15:30:00Z')).toBe('2027-02-23T08:45:00.000Z');
  });

  it('after a Friday-night incident is Monday morning', () => {
    expect(next(primary, '2027-01-08T21:00:00Z')).toBe('2027-01-11T08:45:00.000Z');
  });

  it('over a bank-holiday weekend is Tuesday morning (BST)', () => {
    expect(next(primary, '2027-04-30T16:00:00+01:00')).toBe('2027-05-04T07:45:00.000Z');
  });

  it('exactly at the start of a school day is the next school day', () => {
    expect(next(primary, '2027-01-05T08:45:00Z')).toBe('2027-01-06T08:45:00.000Z');
  });

  it('one second before the start of a school day is that same start', () => {
    expect(next(primary, '2027-01-05T08:44:59Z')).toBe('2027-01-05T08:45:00.000Z');
  });

  it('just after midnight in London (still the previous day in UTC) is that morning', () => {
    expect(next(primary, '2027-05-03T23:30:00Z')).toBe('2027-05-04T07:45:00.000Z'); // 00:30 BST Tuesday
  });

  it('depends on when the setting starts its day: 08:30 versus 09:00', () => {
    const at = '2027-01-05T08:45:00Z';
    expect(next(withStart('08:30'), at)).toBe('2027-01-06T08:30:00.000Z');
    expect(next(withStart('09:00'), at)).toBe('2027-01-05T09:00:00.000Z');
  });

  it('before the first term is the first school day (the first day is an INSET day)', () => {
    expect(next(primary, '2026-07-01T12:00:00Z')).toBe('2026-09-04T07:45:00.000Z');
  });

  it('across the spring-forward night (28 March 2027) 08:45 becomes 07:45 UTC', () => {
    // An academy on its own dates, in term through Easter week.
    const academy = { ...primary, terms: [{ start: '2027-03-22', end: '2027-04-01' }] };
    expect(next(academy, '2027-03-25T12:00:00Z')).toBe('2027-03-30T07:45:00.000Z');
    expect(next(academy, '2027-03-24T12:00:00Z')).toBe('2027-03-25T08:45:00.000Z');
  });

  it('across the fall-back night (25 October 2026) 08:45 becomes 08:45 UTC', () => {
    const academy = { ...primary, terms: [{ start: '2026-10-19', end: '2026-10-30' }] };
    expect(next(academy, '2026-10-22T12:00:00+01:00')).toBe('2026-10-23T07:45:00.000Z');
    expect(next(academy, '2026-10-23T12:00:00+01:00')).toBe('2026-10-26T08:45:00.000Z');
  });

  it('over the autumn half-term, which spans the clock change, is Monday 2 November in GMT', () => {
    expect(next(primary, '2026-10-23T16:00:00+01:00')).toBe('2026-11-02T08:45:00.000Z');
  });

  it('after the last term throws instead of searching forever', () => {
    expect(() => next(primary, '2027-07-21T12:00:00+01:00')).toThrow(NoSchoolDayError);
    expect(() => next(primary, '2027-07-21T12:00:00+01:00')).toThrow(/last ends 2027-07-21/);
    expect(() => next({ ...primary, terms: [] }, '2027-01-05T12:00:00Z')).toThrow(NoSchoolDayError);
  });

  it('finds the next school day past the bank-holiday data, with provisional holidays', () => {
    // Friday 17 December 2027 in the evening: Monday 3 January 2028 is New Year's substitute day.
    const future = {
      ...primary,
      terms: [
        { start: '2027-09-01', end: '2027-12-17' },
        { start: '2028-01-03', end: '2028-02-11' },
      ],
    };
    expect(next(future, '2027-12-17T19:30:00Z')).toBe('2028-01-04T08:45:00.000Z');
  });

  it('rejects an invalid Date', () => {
    expect(() => nextSchoolDayStart(primary, calendar, new Date(Number.NaN))).toThrow(RangeError);
  });

  it('always returns a later instant at the start time of a school day', () => {
    const during = fc.date({
      min: new Date('2026-06-01T00:00:00Z'),
      max: new Date('2027-07-20T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(during, (after) => {
        const start = nextSchoolDayStart(primary, calendar, after);
        expect(start.getTime()).toBeGreaterThan(after.getTime());
        const local = formatLondon(start);
        expect(local.slice(11, 19)).toBe('08:45:00');
        expect(isSchoolDay(primary, calendar, local.slice(0, 10))).toBe(true);
      }),
    );
  });
});
