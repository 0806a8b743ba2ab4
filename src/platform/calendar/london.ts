// Instants versus Europe/London wall-clock times. Every statutory clock in the partnership runs on
// London civil time, whatever the server's time zone, so the zone is always passed explicitly.
import { DateTime } from 'luxon';
import { assertCivilDate } from './civil-date.ts';

export const LONDON_ZONE = 'Europe/London';

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function assertTimeOfDay(value: unknown, what = 'time'): asserts value is string {
  if (typeof value !== 'string' || !TIME_OF_DAY.test(value)) {
    throw new RangeError(`Invalid ${what} ${JSON.stringify(value)}: expected HH:MM on the 24-hour clock`);
  }
}

export function assertInstant(value: unknown, what = 'instant'): asserts value is Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new RangeError(`Invalid ${what}: expected a valid Date`);
  }
}

const DAY_MS = 86_400_000;
/** London's offset from UTC through each UTC day asked about, when it held all day (bounded). */
const offsetByDay = new Map<number, number>();

/**
 * London's offset from UTC (ms) at this instant, as luxon gives it, kept for the whole UTC day
 * when it is the same at the day's first and last millisecond (all but a couple of days a year,
 * which are asked of luxon each time). Lists and dashboards ask for the London date of thousands
 * of instants a page, and luxon takes 10–15 µs each.
 */
function londonOffsetMs(ms: number): number {
  const day = Math.floor(ms / DAY_MS);
  const known = offsetByDay.get(day);
  if (known !== undefined) return known;
  const offsetAt = (at: number) => DateTime.fromMillis(at, { zone: LONDON_ZONE }).offset * 60_000;
  const start = offsetAt(day * DAY_MS);
  if (start !== offsetAt(day * DAY_MS + DAY_MS - 1)) return offsetAt(ms);
  if (offsetByDay.size >= 50_000) offsetByDay.clear();
  offsetByDay.set(day, start);
  return start;
}

/** The civil date (YYYY-MM-DD) that a London wall clock shows at this instant. */
export function londonDate(instant: Date): string {
  assertInstant(instant);
  const ms = instant.getTime();
  const wall = new Date(ms + londonOffsetMs(ms));
  const year = wall.getUTCFullYear();
  // Years outside 0000–9999 are written as luxon writes them.
  if (year < 0 || year > 9999) return DateTime.fromJSDate(instant, { zone: LONDON_ZONE }).toISODate()!;
  return wall.toISOString().slice(0, 10);
}

/** The instant at which London wall clocks show `time` on `date`. */
export function londonWallClock(date: string, time: string): Date {
  assertCivilDate(date);
  assertTimeOfDay(time);
  const [hour, minute] = time.split(':').map(Number);
  const local = DateTime.fromISO(`${date}T${time}`, { zone: LONDON_ZONE });
  // Only 01:00-01:59 on the spring-forward Sunday does not exist; luxon would silently move it.
  if (local.hour !== hour || local.minute !== minute) {
    throw new RangeError(`${time} does not exist in Europe/London on ${date} (clocks go forward)`);
  }
  return local.toJSDate();
}

/** ISO 8601 in London time with its offset, e.g. '2027-01-04T08:45:00+00:00' or '2027-04-12T08:40:00+01:00'. */
export function formatLondon(d: Date): string {
  assertInstant(d);
  return DateTime.fromJSDate(d, { zone: LONDON_ZONE }).toISO({ suppressMilliseconds: true })!;
}
