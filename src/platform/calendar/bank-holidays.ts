// England and Wales bank holidays in the gov.uk feed format (https://www.gov.uk/bank-holidays.json).
import { gregorianEaster } from 'date-easter';
import { z } from 'zod';
import { addDays, isCivilDate } from './civil-date.ts';
import shippedFeed from './data/bank-holidays.json' with { type: 'json' };

export type BankHoliday = {
  date: string; // YYYY-MM-DD
  title: string;
  substitute: boolean; // moved to a weekday because the holiday fell at a weekend
};

const DIVISION = 'england-and-wales';

const feedEventSchema = z.object({
  title: z.string().min(1),
  date: z.string().refine(isCivilDate, 'expected a real calendar date as YYYY-MM-DD'),
  notes: z.string(),
  bunting: z.boolean(),
});

const feedDivisionSchema = z.object({
  division: z.string(),
  events: z.array(feedEventSchema),
});

/** The gov.uk feed: one entry per division. Only England and Wales is required; others are ignored. */
export const bankHolidayFeedSchema = z.object({
  [DIVISION]: feedDivisionSchema.extend({ division: z.literal(DIVISION) }),
});

export class BankHolidayFeedError extends Error {
  override name = 'BankHolidayFeedError';
}

/** The England and Wales bank holidays of a gov.uk feed, sorted by date. Throws BankHolidayFeedError. */
export function parseBankHolidayFeed(json: unknown): BankHoliday[] {
  const result = bankHolidayFeedSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`,
    );
    throw new BankHolidayFeedError(`Not a valid gov.uk bank-holiday feed: ${problems.join('; ')}`);
  }
  const events = result.data[DIVISION].events;
  if (events.length === 0) {
    throw new BankHolidayFeedError(`The ${DIVISION} division of the bank-holiday feed has no events`);
  }
  const seen = new Set<string>();
  for (const { date } of events) {
    if (seen.has(date)) throw new BankHolidayFeedError(`Bank holiday ${date} appears twice in the feed`);
    seen.add(date);
  }
  return events
    .map((event) => ({
      date: event.date,
      title: event.title,
      substitute: /substitute day/i.test(event.notes),
    }))
    .sort((a, b) => a.date.localeCompare(b.date));
}

let shipped: readonly BankHoliday[] | undefined;

/** The bank holidays shipped with the code (src/platform/calendar/data/bank-holidays.json). */
export function shippedBankHolidays(): BankHoliday[] {
  shipped ??= parseBankHolidayFeed(shippedFeed);
  return shipped.map((holiday) => ({ ...holiday })); // copies, so callers cannot corrupt the cache
}

function civil(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** 0 = Sunday … 6 = Saturday. */
function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The first (n = 1) or last (n = -1) Monday of a month. */
function monday(year: number, month: number, n: 1 | -1): string {
  if (n === 1) {
    const first = civil(year, month, 1);
    return addDays(first, (8 - weekday(first)) % 7);
  }
  const last = addDays(civil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1), -1);
  return addDays(last, -((weekday(last) + 6) % 7));
}

/**
 * England and Wales bank holidays of a year, computed from the standing rules (Banking and
 * Financial Dealings Act 1971 and the royal proclamations that fixed the May and August Mondays):
 * New Year's Day, Good Friday, Easter Monday, the first and last Mondays of May, the last Monday of
 * August, Christmas Day and Boxing Day, with a weekday substitute when one falls at a weekend.
 * One-off holidays (jubilees, coronations, a moved May Day) are only known from the official list:
 * these dates are provisional until it is imported.
 */
export function ruleBasedBankHolidays(year: number): BankHoliday[] {
  if (!Number.isInteger(year) || year < 1972 || year > 9999) {
    throw new RangeError(`Bank holidays cannot be computed for the year ${year}`);
  }
  const easter = gregorianEaster(year);
  const easterSunday = civil(year, easter.month, easter.day);
  const holidays: BankHoliday[] = [];
  const add = (date: string, title: string, substitute = false) => holidays.push({ date, title, substitute });

  const newYear = civil(year, 1, 1);
  const newYearDay = weekday(newYear);
  if (newYearDay === 6 || newYearDay === 0)
    add(addDays(newYear, newYearDay === 6 ? 2 : 1), 'New Year’s Day', true);
  else add(newYear, 'New Year’s Day');
  add(addDays(easterSunday, -2), 'Good Friday');
  add(addDays(easterSunday, 1), 'Easter Monday');
  add(monday(year, 5, 1), 'Early May bank holiday');
  add(monday(year, 5, -1), 'Spring bank holiday');
  add(monday(year, 8, -1), 'Summer bank holiday');

  // Christmas and Boxing Day: a weekend day moves to the first weekday neither already takes.
  const christmas = civil(year, 12, 25);
  const boxingDay = civil(year, 12, 26);
  const taken = new Set<string>();
  for (const [date, title] of [
    [christmas, 'Christmas Day'],
    [boxingDay, 'Boxing Day'],
  ] as const) {
    const day = weekday(date);
    if (day !== 0 && day !== 6) {
      add(date, title);
      taken.add(date);
    }
  }
  for (const [date, title] of [
    [christmas, 'Christmas Day'],
    [boxingDay, 'Boxing Day'],
  ] as const) {
    const day = weekday(date);
    if (day !== 0 && day !== 6) continue;
    let substitute = addDays(date, 1);
    while (weekday(substitute) === 0 || weekday(substitute) === 6 || taken.has(substitute))
      substitute = addDays(substitute, 1);
    taken.add(substitute);
    add(substitute, title, true);
  }
  return holidays.sort((a, b) => a.date.localeCompare(b.date));
}
