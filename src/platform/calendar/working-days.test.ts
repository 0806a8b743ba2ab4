import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shippedBankHolidays } from './bank-holidays.ts';
import { CalendarCoverageError, WorkingDayCalendar } from './working-days.ts';

const calendar = new WorkingDayCalendar(shippedBankHolidays().map((holiday) => holiday.date));

describe('WorkingDayCalendar.isWorkingDay', () => {
  it('counts an ordinary Monday to Friday as working days', () => {
    expect(calendar.isWorkingDay('2027-01-04')).toBe(true); // Monday
    expect(calendar.isWorkingDay('2027-01-08')).toBe(true); // Friday
  });

  it('excludes Saturdays and Sundays', () => {
    expect(calendar.isWorkingDay('2027-01-09')).toBe(false);
    expect(calendar.isWorkingDay('2027-01-10')).toBe(false);
  });

  it('excludes Christmas 2026 (Friday) and the Boxing Day substitute (Monday 28th)', () => {
    expect(calendar.isWorkingDay('2026-12-25')).toBe(false);
    expect(calendar.isWorkingDay('2026-12-28')).toBe(false);
    expect(calendar.isWorkingDay('2026-12-29')).toBe(true);
  });

  it('excludes both 2027 Christmas substitutes, Monday 27 and Tuesday 28 December', () => {
    expect(calendar.isWorkingDay('2027-12-27')).toBe(false);
    expect(calendar.isWorkingDay('2027-12-28')).toBe(false);
    expect(calendar.isWorkingDay('2027-12-29')).toBe(true);
  });

  it('excludes Good Friday 26 March and Easter Monday 29 March 2027', () => {
    expect(calendar.isWorkingDay('2027-03-26')).toBe(false);
    expect(calendar.isWorkingDay('2027-03-29')).toBe(false);
  });

  it('excludes the early May and spring bank holidays', () => {
    expect(calendar.isWorkingDay('2026-05-04')).toBe(false);
    expect(calendar.isWorkingDay('2026-05-25')).toBe(false);
    expect(calendar.isWorkingDay('2027-05-03')).toBe(false);
    expect(calendar.isWorkingDay('2027-05-31')).toBe(false);
  });
});

describe('WorkingDayCalendar.addWorkingDays', () => {
  it('5 working days after Monday 21 December 2026 is Wednesday 30 December', () => {
    expect(calendar.addWorkingDays('2026-12-21', 5)).toBe('2026-12-30');
  });

  it('15 working days after Monday 21 December 2026 is Thursday 14 January 2027', () => {
    expect(calendar.addWorkingDays('2026-12-21', 15)).toBe('2027-01-14');
  });

  it('returns the date itself for n = 0, even on a weekend', () => {
    expect(calendar.addWorkingDays('2027-01-06', 0)).toBe('2027-01-06');
    expect(calendar.addWorkingDays('2027-01-09', 0)).toBe('2027-01-09');
  });

  it('counts from the next working day when starting on a weekend or bank holiday', () => {
    expect(calendar.addWorkingDays('2027-01-09', 1)).toBe('2027-01-11'); // Saturday → Monday
    expect(calendar.addWorkingDays('2026-12-26', 1)).toBe('2026-12-29'); // Boxing Day → Tuesday
  });

  it('skips Good Friday and Easter Monday 2027', () => {
    expect(calendar.addWorkingDays('2027-03-19', 15)).toBe('2027-04-13');
  });

  it('skips the 2027 spring bank holiday', () => {
    expect(calendar.addWorkingDays('2027-05-27', 5)).toBe('2027-06-04');
  });
});

describe('WorkingDayCalendar.nextWorkingDay', () => {
  it('jumps the 2027 Christmas substitutes: Friday 24 December → Wednesday 29 December', () => {
    expect(calendar.nextWorkingDay('2027-12-24')).toBe('2027-12-29');
  });

  it('jumps 2022 Christmas: Friday 23 December → Wednesday 28 December', () => {
    expect(calendar.nextWorkingDay('2022-12-23')).toBe('2022-12-28');
  });

  it('jumps Easter 2027: Thursday 25 March → Tuesday 30 March', () => {
    expect(calendar.nextWorkingDay('2027-03-25')).toBe('2027-03-30');
  });

  it('jumps the early May bank-holiday weekend 2026: Friday 1 May → Tuesday 5 May', () => {
    expect(calendar.nextWorkingDay('2026-05-01')).toBe('2026-05-05');
  });

  it('is the following day mid-week', () => {
    expect(calendar.nextWorkingDay('2027-01-05')).toBe('2027-01-06');
  });
});

describe('WorkingDayCalendar input checks', () => {
  it.each(['2027-02-30', '2027-13-01', '2027-1-4', '20270104', '', '2027-01-04T00:00:00Z', 'tomorrow'])(
    'rejects the date %j with a RangeError',
    (date) => {
      expect(() => calendar.isWorkingDay(date)).toThrow(RangeError);
      expect(() => calendar.addWorkingDays(date, 1)).toThrow(/Invalid date/);
    },
  );

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects n = %d with a RangeError', (n) => {
    expect(() => calendar.addWorkingDays('2027-01-04', n)).toThrow(RangeError);
  });

  it('accepts 29 February only in a leap year', () => {
    expect(calendar.isWorkingDay('2024-02-29')).toBe(true); // Thursday
    expect(() => calendar.isWorkingDay('2027-02-29')).toThrow(RangeError);
  });

  it('rejects bad bank-holiday dates and an empty bank-holiday list', () => {
    expect(() => new WorkingDayCalendar(['2027-01-01', '2027-02-30'])).toThrow(/bank-holiday date/);
    expect(() => new WorkingDayCalendar([])).toThrow(/coverage/);
  });
});

describe('WorkingDayCalendar beyond the official list', () => {
  it('knows the years its official bank holidays cover', () => {
    expect([calendar.firstYear, calendar.lastYear]).toEqual([2015, 2027]);
    expect(calendar.officialUntil).toBe('2027-12-31');
    expect(calendar.covers('2027-12-31')).toBe(true);
    expect(calendar.isProvisional('2027-12-31')).toBe(false);
    expect(calendar.isProvisional('2028-01-01')).toBe(true);
  });

  it('answers past the official list with holidays computed from the rules, never an error', () => {
    // 2028: New Year's Day is a Saturday, so Monday 3 January is its substitute.
    expect(calendar.isWorkingDay('2028-01-03')).toBe(false);
    expect(calendar.isWorkingDay('2028-01-04')).toBe(true);
    expect(calendar.addWorkingDays('2027-12-30', 2)).toBe('2028-01-04');
    expect(calendar.nextWorkingDay('2027-12-31')).toBe('2028-01-04');
    // Easter 2028 is 16 April: Good Friday 14th, Easter Monday 17th.
    expect(calendar.isBankHoliday('2028-04-14')).toBe(true);
    expect(calendar.isBankHoliday('2028-04-17')).toBe(true);
    expect(calendar.addWorkingDays('2028-04-13', 1)).toBe('2028-04-18');
  });

  it('computes years before the official list too', () => {
    expect(calendar.isWorkingDay('2014-12-25')).toBe(false);
    expect(calendar.isWorkingDay('2014-12-29')).toBe(true);
  });

  it('prefers the official list inside its years, one-off holidays included', () => {
    // The Platinum Jubilee: Spring bank holiday moved to Thursday 2 June 2022 and Friday 3 June added.
    expect(calendar.isBankHoliday('2022-06-03')).toBe(true);
    expect(calendar.isBankHoliday('2022-05-30')).toBe(false);
  });

  it('refuses only the years no rule can answer for', () => {
    expect(() => calendar.isWorkingDay('1900-01-02')).toThrow(CalendarCoverageError);
  });
});

describe('WorkingDayCalendar invariants', () => {
  // Start dates early enough that 60 working days stay inside the covered years.
  const coveredDate = fc
    .date({
      min: new Date('2015-01-01T00:00:00Z'),
      max: new Date('2027-09-30T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));

  it('always lands on a working day, strictly later as n grows', () => {
    fc.assert(
      fc.property(coveredDate, fc.integer({ min: 1, max: 59 }), (from, n) => {
        const due = calendar.addWorkingDays(from, n);
        expect(calendar.isWorkingDay(due)).toBe(true);
        expect(due > from).toBe(true);
        expect(calendar.addWorkingDays(from, n + 1) > due).toBe(true);
      }),
    );
  });

  it('adding m then n working days equals adding m + n', () => {
    fc.assert(
      fc.property(coveredDate, fc.nat(30), fc.nat(30), (from, m, n) => {
        const viaMiddle = calendar.addWorkingDays(calendar.addWorkingDays(from, m), n);
        expect(viaMiddle).toBe(calendar.addWorkingDays(from, m + n));
      }),
    );
  });
});

describe('WorkingDayCalendar ordinals equal the walk day by day', () => {
  // The straightforward computation the ordinals replaced: step a day, test it, count.
  const nextDay = (date: string) =>
    new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const working = (cal: WorkingDayCalendar, date: string) => {
    const holiday = cal.isBankHoliday(date); // first: it refuses a date that is not one
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6 && !holiday;
  };
  const walkAdd = (cal: WorkingDayCalendar, from: string, n: number) => {
    let date = from;
    for (let counted = 0; counted < n; ) {
      date = nextDay(date);
      if (working(cal, date)) counted++;
    }
    return date;
  };
  const walkBetween = (cal: WorkingDayCalendar, from: string, to: string) => {
    let n = 0;
    for (let d = nextDay(from); d <= to; d = nextDay(d)) if (working(cal, d)) n++;
    return n;
  };
  const outcome = (work: () => unknown) => {
    try {
      return { value: work() };
    } catch (error) {
      return { error: (error as Error).name, message: (error as Error).message };
    }
  };
  // Official years (2015–2027), computed provisional years before and after, and the edges.
  const anyDate = (min: string, max: string) =>
    fc
      .date({ min: new Date(`${min}T00:00:00Z`), max: new Date(`${max}T00:00:00Z`), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
  const date = fc.oneof(
    anyDate('2013-01-01', '2032-12-31'),
    anyDate('1972-01-01', '2200-12-31'),
    anyDate('2026-12-01', '2028-01-31'),
  );

  it('adds the same working days, across years and past the shipped data', () => {
    const fresh = new WorkingDayCalendar(shippedBankHolidays().map((h) => h.date));
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 400 }), (from, n) => {
        expect(fresh.addWorkingDays(from, n)).toBe(walkAdd(fresh, from, n));
      }),
      { numRuns: 300 },
    );
  });

  it('counts the same working days between two dates, either way round', () => {
    const fresh = new WorkingDayCalendar(shippedBankHolidays().map((h) => h.date));
    fc.assert(
      fc.property(date, fc.integer({ min: -200, max: 800 }), (from, span) => {
        const to = new Date(Date.parse(`${from}T00:00:00Z`) + span * 86_400_000).toISOString().slice(0, 10);
        expect(fresh.workingDaysBetween(from, to)).toBe(walkBetween(fresh, from, to));
      }),
      { numRuns: 300 },
    );
  });

  it('throws exactly as the walk does where no year can be answered for', () => {
    const fresh = new WorkingDayCalendar(shippedBankHolidays().map((h) => h.date));
    for (const [from, n] of [
      ['1971-12-20', 5],
      ['1900-01-02', 1],
      ['9999-12-30', 3],
      ['1971-12-31', 0],
    ] as const) {
      expect(outcome(() => fresh.addWorkingDays(from, n))).toEqual(outcome(() => walkAdd(fresh, from, n)));
    }
    expect(() => fresh.addWorkingDays('1971-12-20', 5)).toThrow(CalendarCoverageError);
    expect(() => fresh.workingDaysBetween('1971-12-20', '1972-01-10')).toThrow(CalendarCoverageError);
  });

  it('forgets its tables when a new official list is imported', () => {
    const cal = new WorkingDayCalendar(shippedBankHolidays().map((h) => h.date));
    expect(cal.addWorkingDays('2027-06-01', 1)).toBe('2027-06-02');
    // An imported list with a one-off holiday on Wednesday 2 June 2027.
    cal.replaceOfficial([...shippedBankHolidays().map((h) => h.date), '2027-06-02']);
    expect(cal.addWorkingDays('2027-06-01', 1)).toBe('2027-06-03');
    expect(cal.workingDaysBetween('2027-06-01', '2027-06-03')).toBe(1);
  });
});
