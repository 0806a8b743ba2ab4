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

/** The civil date (YYYY-MM-DD) that a London wall clock shows at this instant. */
export function londonDate(instant: Date): string {
  assertInstant(instant);
  return DateTime.fromJSDate(instant, { zone: LONDON_ZONE }).toISODate()!;
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
