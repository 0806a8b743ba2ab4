import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import {
  addDays,
  daysBetween,
  mandatoryStatus,
  offersToMake,
  placeFor,
  quarterOf,
  reminderDates,
  reminderDue,
  renewalDueOn,
  reportingYearOf,
  waitingListOrder,
} from './rules.ts';

describe('renewal dates', () => {
  it('is the same day three years later', () => {
    expect(renewalDueOn('2023-09-14', 36)).toBe('2026-09-14');
    expect(renewalDueOn('2024-03-01', 36)).toBe('2027-03-01');
  });

  it('moves a 29 February to 28 February in a year without one, and keeps it in a leap year', () => {
    expect(renewalDueOn('2024-02-29', 36)).toBe('2027-02-28');
    expect(renewalDueOn('2024-02-29', 48)).toBe('2028-02-29');
    expect(renewalDueOn('2024-02-29', 12)).toBe('2025-02-28');
  });

  it('ends a month early in a shorter month (31 August + 6 months is 28 or 29 February)', () => {
    expect(renewalDueOn('2025-08-31', 6)).toBe('2026-02-28');
    expect(renewalDueOn('2023-08-31', 6)).toBe('2024-02-29');
  });

  it('is never earlier than the completion and always in the right month', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2090-12-31'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 120 }),
        (d, months) => {
          const completed = d.toISOString().slice(0, 10);
          const due = renewalDueOn(completed, months);
          expect(due > completed).toBe(true);
          const [y, m] = completed.split('-').map(Number) as [number, number];
          const total = y * 12 + (m - 1) + months;
          expect(due.slice(0, 7)).toBe(
            `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`,
          );
        },
      ),
    );
  });
});

describe('mandatory status on a day', () => {
  const done = '2023-06-15'; // due 2026-06-15
  it('never without a completion', () => {
    expect(mandatoryStatus(null, 36, '2026-01-01')).toEqual({ status: 'never', dueOn: null });
  });
  it('in date more than 60 days before the renewal date', () => {
    expect(mandatoryStatus(done, 36, '2026-04-15')).toEqual({ status: 'in_date', dueOn: '2026-06-15' });
  });
  it('due within 60 days from 60 days before, up to and including the renewal date', () => {
    expect(daysBetween('2026-04-16', '2026-06-15')).toBe(60);
    expect(mandatoryStatus(done, 36, '2026-04-16').status).toBe('due_soon');
    expect(mandatoryStatus(done, 36, '2026-06-15').status).toBe('due_soon');
  });
  it('expired from the day after the renewal date', () => {
    expect(mandatoryStatus(done, 36, '2026-06-16').status).toBe('expired');
  });
  it('a course that never lapses stays in date', () => {
    expect(mandatoryStatus('2010-01-01', null, '2026-01-01')).toEqual({ status: 'in_date', dueOn: null });
  });
});

describe('renewal reminders', () => {
  it('go 60 and 14 days before the renewal date', () => {
    expect(reminderDates('2027-02-28')).toEqual([
      { daysBefore: 60, on: '2026-12-30' },
      { daysBefore: 14, on: '2027-02-14' },
    ]);
  });
  it('the sweep sends the 60-day one until 14 days before, then the 14-day one until the day', () => {
    expect(reminderDue('2027-02-28', '2026-12-29')).toBeNull();
    expect(reminderDue('2027-02-28', '2026-12-30')).toBe(60);
    expect(reminderDue('2027-02-28', '2027-02-13')).toBe(60);
    expect(reminderDue('2027-02-28', '2027-02-14')).toBe(14);
    expect(reminderDue('2027-02-28', '2027-02-28')).toBe(14);
    expect(reminderDue('2027-02-28', '2027-03-01')).toBeNull();
  });
});

describe('the waiting list', () => {
  const at = (s: string) => new Date(`2026-11-0${s}Z`);
  const waiting = [
    { id: 7, waitingSince: at('3T10:00:00') },
    { id: 3, waitingSince: at('1T09:00:00') },
    { id: 9, waitingSince: at('1T09:00:00') },
    { id: 5, waitingSince: at('2T12:00:00') },
  ];

  it('is first come, first offered; the earlier booking first at the same moment', () => {
    expect(waitingListOrder(waiting).map((w) => w.id)).toEqual([3, 9, 5, 7]);
  });

  it('offers as many places as are free, in that order', () => {
    expect(offersToMake(20, 18, waiting).map((w) => w.id)).toEqual([3, 9]);
    expect(offersToMake(20, 20, waiting)).toEqual([]);
    expect(offersToMake(20, 10, waiting).map((w) => w.id)).toEqual([3, 9, 5, 7]);
  });

  it('a confirmed booking gets a place only below capacity', () => {
    expect(placeFor(20, 19)).toBe('booked');
    expect(placeFor(20, 20)).toBe('waiting');
  });

  it('whatever the list, the offers are a prefix of it in order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({ id: fc.integer({ min: 1, max: 1000 }), t: fc.integer({ min: 0, max: 50 }) }),
          {
            selector: (w) => w.id,
            maxLength: 30,
          },
        ),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        (list, capacity, held) => {
          const rows = list.map((w) => ({ id: w.id, waitingSince: new Date(w.t * 1000) }));
          const offers = offersToMake(capacity, held, rows);
          expect(offers.length).toBe(Math.min(rows.length, Math.max(0, capacity - held)));
          expect(offers).toEqual(waitingListOrder(rows).slice(0, offers.length));
        },
      ),
    );
  });
});

describe('reporting years', () => {
  it('run from April to March, in quarters', () => {
    expect(reportingYearOf('2024-03-31')).toMatchObject({
      from: '2023-04-01',
      to: '2024-03-31',
      label: '2023/24',
    });
    expect(reportingYearOf('2024-04-01').label).toBe('2024/25');
    expect(
      ['2023-04-01', '2023-06-30', '2023-07-01', '2023-12-31', '2024-01-01', '2024-03-31'].map(quarterOf),
    ).toEqual([1, 1, 2, 3, 4, 4]);
  });
});

describe('day arithmetic without luxon objects per row', () => {
  // The luxon computations these replaced, kept here as the reference.
  const civil = (date: string) => DateTime.fromISO(date, { zone: 'utc' });
  const luxonDaysBetween = (from: string, to: string) => Math.round(civil(to).diff(civil(from), 'days').days);
  const luxonAddDays = (date: string, days: number) => civil(date).plus({ days }).toISODate();
  const date = fc
    .date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2200-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));

  it('counts the same whole days between two dates as luxon, across leap years and clock changes', () => {
    fc.assert(
      fc.property(date, date, (from, to) => {
        expect(daysBetween(from, to)).toBe(luxonDaysBetween(from, to));
      }),
      { numRuns: 500 },
    );
  });

  it('adds the same days as luxon', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: -5000, max: 5000 }), (from, n) => {
        expect(addDays(from, n)).toBe(luxonAddDays(from, n));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same statuses as luxon-based arithmetic would around the renewal date', () => {
    fc.assert(
      fc.property(
        date,
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: -100, max: 2000 }),
        (done, months, offset) => {
          const onDate = addDays(done, offset);
          const dueOn = renewalDueOn(done, months);
          const left = luxonDaysBetween(onDate, dueOn);
          const expected = left < 0 ? 'expired' : left <= 60 ? 'due_soon' : 'in_date';
          expect(mandatoryStatus(done, months, onDate)).toEqual({ status: expected, dueOn });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads anything that is not a YYYY-MM-DD date as luxon did', () => {
    expect(daysBetween('2027-02-30', '2027-03-01')).toBeNaN();
    expect(daysBetween('2027-01-04T00:00', '2027-01-06')).toBe(
      luxonDaysBetween('2027-01-04T00:00', '2027-01-06'),
    );
    expect(addDays('9999-12-31', 1)).toBe(luxonAddDays('9999-12-31', 1));
  });
});
