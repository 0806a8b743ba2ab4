// Calendar months: "within 6 months of the decision" counts calendar months, not working days.
import { assertCivilDate } from './civil-date.ts';

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * The date `n` calendar months after `from`: the same day of the month, or the month's last day
 * when it has no such day (31 August + 6 months is 28 or 29 February; 28 February + 6 months is
 * 28 August, not 31 August: the day is kept, not the month end).
 */
export function addCalendarMonths(from: string, n: number): string {
  assertCivilDate(from);
  if (!Number.isInteger(n)) throw new RangeError(`Invalid number of months ${n}: expected a whole number`);
  const [year, month, day] = from.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + n;
  const toYear = Math.floor(index / 12);
  const toMonth = (index % 12) + 1;
  const toDay = Math.min(day, daysInMonth(toYear, toMonth));
  return `${String(toYear).padStart(4, '0')}-${String(toMonth).padStart(2, '0')}-${String(toDay).padStart(2, '0')}`;
}
