/**
 * The training rules as pure functions, tested without a database: when mandatory training falls
 * due (leap days included), a person's status on a day, when reminders go, which practitioners
 * a freed place is offered to (in waiting-list order), and the reporting year's quarters.
 */
import { DateTime } from 'luxon';
import { dateOfDayNumber, dayNumber, isCivilDate } from '../../platform/calendar/civil-date.ts';
import { addCalendarMonths } from '../../platform/calendar/months.ts';

/** Mandatory training status on a day. */
export type MandatoryStatus = 'in_date' | 'due_soon' | 'expired' | 'never';

export const MANDATORY_STATUSES: Record<MandatoryStatus, string> = {
  in_date: 'In date',
  due_soon: 'Due within 60 days',
  expired: 'Expired',
  never: 'Never trained',
};

/** "Due within" this many days of the renewal date. */
export const DUE_SOON_DAYS = 60;
/** Reminders go this many days before the renewal date. */
export const REMINDER_DAYS = [60, 14] as const;

const civil = (date: string) => DateTime.fromISO(date, { zone: 'utc' });
const iso = (d: DateTime) => d.toISODate()!;

/**
 * Day numbers of the dates seen, so that a list of thousands of people, most sharing "today" and
 * many a renewal date, parses each date once rather than building luxon objects per row. Bounded:
 * cleared when full. Only real YYYY-MM-DD dates are kept; anything else takes luxon's reading.
 */
const DAY_NUMBERS_LIMIT = 20_000;
const dayNumbers = new Map<string, number>();
function dayOf(date: string): number | undefined {
  let day = dayNumbers.get(date);
  if (day === undefined) {
    if (!isCivilDate(date)) return undefined;
    day = dayNumber(date);
    if (dayNumbers.size >= DAY_NUMBERS_LIMIT) dayNumbers.clear();
    dayNumbers.set(date, day);
  }
  return day;
}

export function addDays(date: string, days: number): string {
  const day = dayOf(date);
  if (day === undefined || !Number.isInteger(days)) return iso(civil(date).plus({ days }));
  const moved = dateOfDayNumber(day + days);
  return isCivilDate(moved) ? moved : iso(civil(date).plus({ days })); // past year 9999: luxon's form
}

/**
 * The day training completed on `completedOn` must be renewed by: the same day `months` later,
 * or the last day of that month when it has no such day (29 February 2024 + 36 months is 28
 * February 2027; 29 February 2024 + 48 months is 29 February 2028).
 */
export function renewalDueOn(completedOn: string, months: number): string {
  return addCalendarMonths(completedOn, months);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const a = dayOf(from);
  const b = dayOf(to);
  if (a === undefined || b === undefined) return Math.round(civil(to).diff(civil(from), 'days').days);
  return b - a; // UTC midnights: whole days, no clock change between them
}

/**
 * A person's status on `onDate`: never trained; in date up to and including the renewal date
 * (due within 60 days in its last 60 days); expired from the day after it. A course that never
 * lapses (no renewal period) stays in date once done.
 */
export function mandatoryStatus(
  lastCompletedOn: string | null,
  renewalMonths: number | null,
  onDate: string,
): { status: MandatoryStatus; dueOn: string | null } {
  if (!lastCompletedOn) return { status: 'never', dueOn: null };
  if (renewalMonths === null) return { status: 'in_date', dueOn: null };
  const dueOn = renewalDueOn(lastCompletedOn, renewalMonths);
  const left = daysBetween(onDate, dueOn);
  if (left < 0) return { status: 'expired', dueOn };
  if (left <= DUE_SOON_DAYS) return { status: 'due_soon', dueOn };
  return { status: 'in_date', dueOn };
}

/** In date for the partnership's figures: in date, or due soon but not yet expired. */
export const isInDate = (status: MandatoryStatus) => status === 'in_date' || status === 'due_soon';

/** The days the renewal reminders go: 60 and 14 days before the renewal date. */
export function reminderDates(dueOn: string): { daysBefore: number; on: string }[] {
  return REMINDER_DAYS.map((daysBefore) => ({ daysBefore, on: addDays(dueOn, -daysBefore) }));
}

/**
 * The reminder due on `onDate`, if any: the 60-day one from 60 days before until 14 days before,
 * then the 14-day one until the renewal date (a sweep that missed a day still sends it once).
 */
export function reminderDue(dueOn: string, onDate: string): 60 | 14 | null {
  const left = daysBetween(onDate, dueOn);
  if (left < 0) return null;
  if (left <= 14) return 14;
  if (left <= 60) return 60;
  return null;
}

export interface Waiting {
  id: number;
  waitingSince: Date;
}

/** The waiting list in the order places are offered: first come, first offered (id breaks a tie). */
export function waitingListOrder<T extends Waiting>(waiting: readonly T[]): T[] {
  return [...waiting].sort((a, b) => a.waitingSince.getTime() - b.waitingSince.getTime() || a.id - b.id);
}

/** Who is offered the places free: the first on the waiting list, as many as there are places. */
export function offersToMake<T extends Waiting>(capacity: number, held: number, waiting: readonly T[]): T[] {
  const free = Math.max(0, capacity - held);
  return waitingListOrder(waiting).slice(0, free);
}

/** A new confirmed booking gets a place while places held (booked and offered) are below capacity. */
export function placeFor(capacity: number, held: number): 'booked' | 'waiting' {
  return held < capacity ? 'booked' : 'waiting';
}

/** A reporting year, 1 April to 31 March, named by its first year: 2023 → 2023/24. */
export interface ReportingYear {
  startYear: number;
  from: string;
  to: string;
  label: string;
}

export function reportingYear(startYear: number): ReportingYear {
  return {
    startYear,
    from: `${startYear}-04-01`,
    to: `${startYear + 1}-03-31`,
    label: `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`,
  };
}

/** The reporting year a day falls in. */
export function reportingYearOf(date: string): ReportingYear {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return reportingYear(m >= 4 ? y : y - 1);
}

/** The quarter of the reporting year (1: April–June … 4: January–March). */
export function quarterOf(date: string): 1 | 2 | 3 | 4 {
  const m = Number(date.slice(5, 7));
  return (m >= 4 ? Math.floor((m - 4) / 3) + 1 : 4) as 1 | 2 | 3 | 4;
}

export const QUARTER_LABELS = [
  'April to June',
  'July to September',
  'October to December',
  'January to March',
];
