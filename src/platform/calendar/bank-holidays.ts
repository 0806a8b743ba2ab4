// England and Wales bank holidays in the gov.uk feed format (https://www.gov.uk/bank-holidays.json).
import { z } from 'zod';
import { isCivilDate } from './civil-date.ts';
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
