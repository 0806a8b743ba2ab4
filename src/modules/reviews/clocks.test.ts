import { describe, expect, it } from 'vitest';
import { WorkingDayCalendar, shippedBankHolidays } from '../../platform/calendar/index.ts';
import {
  notificationDue,
  publicationClock,
  publicationDue,
  rapidReviewDue,
  workingDayClock,
  workingDaysBetween,
} from './clocks.ts';

const calendar = new WorkingDayCalendar(shippedBankHolidays().map((h) => h.date));

describe('the serious incident notification: 5 working days after becoming aware', () => {
  it('counts from the next working day', () => {
    expect(notificationDue(calendar, '2026-11-02')).toBe('2026-11-09'); // Monday → next Monday
    expect(notificationDue(calendar, '2026-11-06')).toBe('2026-11-13'); // Friday → next Friday
    expect(notificationDue(calendar, '2026-11-07')).toBe('2026-11-13'); // aware on a Saturday
  });
  it('steps over Christmas, Boxing Day (substitute Monday 28th) and New Year', () => {
    // Mon 21 Dec 2026: 22, 23, 24 (Fri 25 and Mon 28 are bank holidays), 29, 30.
    expect(notificationDue(calendar, '2026-12-21')).toBe('2026-12-30');
    // Wed 23 Dec 2026: 24, 29, 30, 31, (Fri 1 Jan bank holiday) Mon 4 Jan.
    expect(notificationDue(calendar, '2026-12-23')).toBe('2027-01-04');
  });
  it('steps over Easter (Good Friday 26 March, Easter Monday 29 March 2027)', () => {
    expect(notificationDue(calendar, '2027-03-24')).toBe('2027-04-02'); // 25, 30, 31, 1, 2
  });
  it('steps over the early May bank holiday (3 May 2027)', () => {
    expect(notificationDue(calendar, '2027-04-29')).toBe('2027-05-07'); // 30, 4, 5, 6, 7
  });
});

describe('the rapid review: 15 working days after the notification', () => {
  it('counts three weeks when no bank holiday falls', () => {
    expect(rapidReviewDue(calendar, '2026-11-09')).toBe('2026-11-30');
  });
  it('adds the bank holidays in the way: Christmas and New Year 2026–27', () => {
    // From Fri 11 Dec 2026: 14–18 (5), 21–24 (9), 29–31 (12), 4–6 Jan (15).
    expect(rapidReviewDue(calendar, '2026-12-11')).toBe('2027-01-06');
  });
  it('adds the spring bank holiday (31 May 2027)', () => {
    // From Fri 21 May 2027: 24–28 (5), (31 May), 1–4 Jun (9), 7–11 (14), 14 Jun (15).
    expect(rapidReviewDue(calendar, '2027-05-21')).toBe('2027-06-14');
  });
});

describe('the CSPR: published within 6 calendar months of the decision', () => {
  it('keeps the day of the month', () => {
    expect(publicationDue('2026-07-14')).toBe('2027-01-14');
  });
  it('ends on the last day of a shorter month from a month end', () => {
    expect(publicationDue('2026-08-31')).toBe('2027-02-28');
    expect(publicationDue('2027-08-31')).toBe('2028-02-29'); // leap year
    expect(publicationDue('2026-12-31')).toBe('2027-06-30');
    expect(publicationDue('2027-03-31')).toBe('2027-09-30');
  });
  it('from the end of February, keeps the 28th', () => {
    expect(publicationDue('2027-02-28')).toBe('2027-08-28');
  });
});

describe('how a clock stands', () => {
  it('counts working days between two dates, bank holidays excluded', () => {
    expect(workingDaysBetween(calendar, '2026-12-24', '2026-12-29')).toBe(1);
    expect(workingDaysBetween(calendar, '2026-12-30', '2026-12-30')).toBe(0);
  });
  it('done on time, done late, due, overdue', () => {
    const due = '2026-12-30';
    expect(workingDayClock(calendar, due, '2026-12-30', '2027-01-10', 'Notified').text).toBe(
      'Notified on time',
    );
    expect(workingDayClock(calendar, due, '2027-01-04', '2027-01-10', 'Notified')).toMatchObject({
      state: 'late',
      days: 2, // 31 Dec, 4 Jan
      text: 'Notified 2 working days late',
    });
    expect(workingDayClock(calendar, due, null, '2026-12-24', 'Notified').text).toBe('Due in 2 working days');
    expect(workingDayClock(calendar, due, null, due, 'Notified').text).toBe('Due today');
    expect(workingDayClock(calendar, due, null, '2027-01-05', 'Notified').text).toBe(
      'Overdue by 3 working days',
    );
  });
  it('late on the weekend after a Friday deadline is a day or two late, never "0 working days"', () => {
    const friday = '2026-12-18';
    expect(workingDayClock(calendar, friday, '2026-12-19', '2027-01-10', 'Notified')).toMatchObject({
      state: 'late',
      text: 'Notified 1 day late',
    });
    expect(workingDayClock(calendar, friday, null, '2026-12-20', 'Notified')).toMatchObject({
      state: 'overdue',
      text: 'Overdue by 2 days',
    });
    expect(workingDayClock(calendar, friday, null, '2026-12-21', 'Notified').text).toBe(
      'Overdue by 1 working day',
    );
  });
  it('publication, in calendar days', () => {
    expect(publicationClock('2027-02-28', null, '2027-02-20').text).toBe('Due in 8 days');
    expect(publicationClock('2027-02-28', null, '2027-03-02').text).toBe('Overdue by 2 days');
    expect(publicationClock('2027-02-28', '2027-02-28', '2027-03-02').state).toBe('on_time');
  });
});
