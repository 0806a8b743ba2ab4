import { dayOf, isoOf, isWeekend } from './dates.ts';
import type { DemoTerm } from './types.ts';

/** The demo's "today": the ages of children and the current school year are taken from it. */
export const DEMO_TODAY = '2026-11-28';

/**
 * The demo local authority's term dates for the current and the next school year. Each term
 * runs from its first to its last possible school day (INSET days included); the half-terms,
 * Christmas, Easter and summer holidays are the gaps between them.
 */
export const DEMO_TERMS: readonly DemoTerm[] = [
  { schoolYear: '2026-27', name: 'Autumn 1', start: '2026-09-01', end: '2026-10-23' },
  { schoolYear: '2026-27', name: 'Autumn 2', start: '2026-11-02', end: '2026-12-18' },
  { schoolYear: '2026-27', name: 'Spring 1', start: '2027-01-04', end: '2027-02-12' },
  // Good Friday is 26 March 2027 and Easter Sunday 28 March
  { schoolYear: '2026-27', name: 'Spring 2', start: '2027-02-22', end: '2027-03-25' },
  { schoolYear: '2026-27', name: 'Summer 1', start: '2027-04-12', end: '2027-05-28' },
  { schoolYear: '2026-27', name: 'Summer 2', start: '2027-06-07', end: '2027-07-21' },
  { schoolYear: '2027-28', name: 'Autumn 1', start: '2027-09-01', end: '2027-10-22' },
  { schoolYear: '2027-28', name: 'Autumn 2', start: '2027-11-01', end: '2027-12-17' },
  { schoolYear: '2027-28', name: 'Spring 1', start: '2028-01-04', end: '2028-02-11' },
  { schoolYear: '2027-28', name: 'Spring 2', start: '2028-02-21', end: '2028-04-07' },
  // Good Friday is 14 April 2028, Easter Sunday 16 April, Easter Monday 17 April
  { schoolYear: '2027-28', name: 'Summer 1', start: '2028-04-24', end: '2028-05-26' },
  { schoolYear: '2027-28', name: 'Summer 2', start: '2028-06-05', end: '2028-07-21' },
];

/**
 * England and Wales bank holidays from September 2026 to August 2028, so that no INSET day
 * falls on one. (The platform's calendar owns bank holidays; the shared data file stops at
 * 2027, and the 2028 dates here follow the usual rules.)
 */
export const DEMO_BANK_HOLIDAYS: readonly string[] = [
  '2026-12-25',
  '2026-12-28', // Boxing Day substitute
  '2027-01-01',
  '2027-03-26',
  '2027-03-29',
  '2027-05-03',
  '2027-05-31',
  '2027-08-30',
  '2027-12-27', // Christmas Day substitute
  '2027-12-28', // Boxing Day substitute
  '2028-01-03', // New Year's Day substitute
  '2028-04-14',
  '2028-04-17',
  '2028-05-01',
  '2028-05-29',
  '2028-08-28',
];

const BANK_HOLIDAY_DAYS = new Set(DEMO_BANK_HOLIDAYS.map(dayOf));

/** The weekdays of a term that are not bank holidays, as ISO dates in order. */
export function schoolDaysOf(term: DemoTerm): string[] {
  const days: string[] = [];
  for (let day = dayOf(term.start); day <= dayOf(term.end); day++) {
    if (!isWeekend(day) && !BANK_HOLIDAY_DAYS.has(day)) days.push(isoOf(day));
  }
  return days;
}

/** The school years the demo terms cover, in order: ['2026-27', '2027-28']. */
export function demoSchoolYears(): string[] {
  return [...new Set(DEMO_TERMS.map((t) => t.schoolYear))];
}
