/** Calendar dates as whole days since 1970-01-01 (UTC), for cheap arithmetic on ISO dates. */

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function dayOf(iso: string): number {
  const m = ISO_DATE.exec(iso);
  if (m === null) throw new RangeError(`not an ISO date: '${iso}'`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY;
}

export function isoOf(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function isWeekend(day: number): boolean {
  const w = weekdayOf(day);
  return w === 0 || w === 6;
}

/** The age in whole years on `onDay` of someone born on `bornDay`. */
export function ageOn(bornDay: number, onDay: number): number {
  const born = new Date(bornDay * MS_PER_DAY);
  const on = new Date(onDay * MS_PER_DAY);
  let age = on.getUTCFullYear() - born.getUTCFullYear();
  const beforeBirthday =
    on.getUTCMonth() < born.getUTCMonth() ||
    (on.getUTCMonth() === born.getUTCMonth() && on.getUTCDate() < born.getUTCDate());
  if (beforeBirthday) age--;
  return age;
}
