// Civil (calendar) dates as 'YYYY-MM-DD' strings. Arithmetic runs on UTC midnights, which have no
// daylight-saving changes, so neither the machine's time zone nor BST/GMT can shift a date.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Milliseconds of UTC midnight of a valid civil date, or undefined when the string is not one. */
function utcMidnight(date: string): number | undefined {
  const match = ISO_DATE.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(0);
  probe.setUTCFullYear(year, month - 1, day); // setUTCFullYear keeps years < 100 literal, unlike Date.UTC
  // Rolled-over dates such as 2027-02-30 come back as a different day: reject them.
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    return undefined;
  }
  return probe.getTime();
}

export function isCivilDate(value: unknown): value is string {
  return typeof value === 'string' && utcMidnight(value) !== undefined;
}

export function assertCivilDate(value: unknown, what = 'date'): asserts value is string {
  if (!isCivilDate(value)) {
    throw new RangeError(
      `Invalid ${what} ${JSON.stringify(value)}: expected a real calendar date as YYYY-MM-DD`,
    );
  }
}

function requireUtcMidnight(date: string): number {
  const ms = utcMidnight(date);
  if (ms === undefined) {
    throw new RangeError(`Invalid date ${JSON.stringify(date)}: expected a real calendar date as YYYY-MM-DD`);
  }
  return ms;
}

export function addDays(date: string, days: number): string {
  return new Date(requireUtcMidnight(date) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Saturday or Sunday. */
export function isWeekend(date: string): boolean {
  const weekday = new Date(requireUtcMidnight(date)).getUTCDay();
  return weekday === 0 || weekday === 6;
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** Days since 1970-01-01 of a civil date (negative before): arithmetic on plain numbers. Throws on a bad date. */
export function dayNumber(date: string): number {
  return requireUtcMidnight(date) / MS_PER_DAY;
}

/** The civil date of a day number (the inverse of dayNumber), formatted as addDays formats it. */
export function dateOfDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
