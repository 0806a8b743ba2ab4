import { describe, expect, it } from 'vitest';
import { shippedBankHolidays } from './bank-holidays.ts';
import {
  DEADLINE_KINDS,
  DEADLINE_RULES,
  type DeadlineKind,
  dueDate,
  isDeadlineKind,
  nextWorkingDayAt,
} from './deadlines.ts';
import { WorkingDayCalendar } from './working-days.ts';

const calendar = new WorkingDayCalendar(shippedBankHolidays().map((holiday) => holiday.date));

describe('DEADLINE_RULES', () => {
  it('lists the five statutory timescales with their working days', () => {
    expect(DEADLINE_KINDS.map((kind) => [kind, DEADLINE_RULES[kind].workingDays])).toEqual([
      ['threshold-decision', 1],
      ['serious-incident-notification', 5],
      ['icpc', 15],
      ['rapid-review', 15],
      ['assessment', 45],
    ]);
  });

  it('describes each timescale, e.g. the threshold decision', () => {
    expect(DEADLINE_RULES['threshold-decision'].description).toBe(
      'Threshold decision on a referral: within 1 working day',
    );
    for (const kind of DEADLINE_KINDS) {
      expect(DEADLINE_RULES[kind].description).toMatch(
        `within ${DEADLINE_RULES[kind].workingDays} working day`,
      );
    }
  });

  it('recognises deadline kinds from untrusted input', () => {
    expect(isDeadlineKind('icpc')).toBe(true);
    expect(isDeadlineKind('encompass')).toBe(false);
    expect(isDeadlineKind(undefined)).toBe(false);
  });
});

describe('dueDate from Monday 4 January 2027 (no bank holidays in the way)', () => {
  it.each<[DeadlineKind, string]>([
    ['threshold-decision', '2027-01-05'],
    ['serious-incident-notification', '2027-01-11'],
    ['icpc', '2027-01-25'],
    ['rapid-review', '2027-01-25'],
    ['assessment', '2027-03-08'],
  ])('%s is due %s', (kind, expected) => {
    expect(dueDate(calendar, kind, '2027-01-04')).toBe(expected);
  });
});

describe('dueDate across bank holidays', () => {
  it('a threshold decision on a Christmas Eve 2026 referral is due Tuesday 29 December', () => {
    expect(dueDate(calendar, 'threshold-decision', '2026-12-24')).toBe('2026-12-29');
  });

  it('a serious incident notified from 21 December 2026 is due 30 December', () => {
    expect(dueDate(calendar, 'serious-incident-notification', '2026-12-21')).toBe('2026-12-30');
  });

  it('a rapid review from 21 December 2026 is due 14 January 2027', () => {
    expect(dueDate(calendar, 'rapid-review', '2026-12-21')).toBe('2027-01-14');
  });

  it('an assessment from 1 March 2027 skips Easter and the early May bank holiday: due 6 May', () => {
    expect(dueDate(calendar, 'assessment', '2027-03-01')).toBe('2027-05-06');
  });

  it('rejects an unknown kind', () => {
    expect(() => dueDate(calendar, 'encompass' as DeadlineKind, '2027-01-04')).toThrow(
      /Unknown deadline kind/,
    );
  });

  it('counts a window that runs past the bank-holiday data with provisional holidays', () => {
    // 45 working days from Monday 15 November 2027: Christmas 2027 (Sat/Sun → Mon 27, Tue 28) and
    // New Year 2028 (Sat → Mon 3 January, computed) are all skipped.
    expect(dueDate(calendar, 'assessment', '2027-11-15')).toBe('2028-01-20');
  });
});

describe('nextWorkingDayAt 09:00', () => {
  it('a Friday-night incident is noticed at 09:00 on Monday', () => {
    const after = new Date('2027-01-08T22:30:00Z'); // Friday, GMT
    expect(nextWorkingDayAt(calendar, after, '09:00').toISOString()).toBe('2027-01-11T09:00:00.000Z');
  });

  it('over the spring bank-holiday weekend the notice is due on Tuesday', () => {
    const after = new Date('2027-05-28T18:00:00+01:00'); // Friday evening, BST
    expect(nextWorkingDayAt(calendar, after, '09:00').toISOString()).toBe('2027-06-01T08:00:00.000Z');
  });

  it('at 07:00 on a working day the notice is due on the following working day', () => {
    const after = new Date('2027-01-05T07:00:00Z'); // Tuesday
    expect(nextWorkingDayAt(calendar, after, '09:00').toISOString()).toBe('2027-01-06T09:00:00.000Z');
  });

  it('uses the London date, not the UTC date: 23:30 UTC in summer is already the next day', () => {
    const after = new Date('2027-06-01T23:30:00Z'); // 00:30 on Wednesday 2 June in London
    expect(nextWorkingDayAt(calendar, after, '09:00').toISOString()).toBe('2027-06-03T08:00:00.000Z');
  });

  it('across Easter and the spring-forward night the 09:00 instant moves to 08:00 UTC', () => {
    const after = new Date('2027-03-25T18:00:00Z'); // Thursday before Good Friday, GMT
    expect(nextWorkingDayAt(calendar, after, '09:00').toISOString()).toBe('2027-03-30T08:00:00.000Z');
  });

  it('across the fall-back night the 09:00 instant moves to 09:00 UTC', () => {
    const after = new Date('2026-10-23T18:00:00+01:00'); // Friday, BST
    expect(nextWorkingDayAt(calendar, after, '09:00').toISOString()).toBe('2026-10-26T09:00:00.000Z');
  });

  it.each(['9:00', '24:00', '09:60', '0900', ''])('rejects the time %j', (time) => {
    expect(() => nextWorkingDayAt(calendar, new Date('2027-01-05T07:00:00Z'), time)).toThrow(RangeError);
  });

  it('rejects an invalid Date', () => {
    expect(() => nextWorkingDayAt(calendar, new Date('not a date'), '09:00')).toThrow(/valid Date/);
  });
});
