// School-day arithmetic for one education setting: its terms, its closures, its start of day.
import { addDays, assertCivilDate, isWeekend } from './civil-date.ts';
import { assertInstant, assertTimeOfDay, londonDate, londonWallClock } from './london.ts';
import { WorkingDayCalendar } from './working-days.ts';

/** Inclusive civil dates of one term; half-terms and holidays are the gaps between terms. */
export interface TermDates {
  start: string;
  end: string;
}

export interface SettingCalendar {
  schoolDayStartsAt: string; // 'HH:MM', Europe/London wall clock
  terms: TermDates[]; // the local authority's term dates, or the setting's own
  closures: string[]; // INSET days and other closures (YYYY-MM-DD)
}

/** The terms given run out before a school day was found: the setting needs later term dates. */
export class NoSchoolDayError extends Error {
  override name = 'NoSchoolDayError';
}

function assertSettingCalendar(cal: SettingCalendar): void {
  assertTimeOfDay(cal.schoolDayStartsAt, 'school-day start time');
  for (const term of cal.terms) {
    assertCivilDate(term.start, 'term start');
    assertCivilDate(term.end, 'term end');
    if (term.start > term.end)
      throw new RangeError(`Term starting ${term.start} ends before it starts (${term.end})`);
  }
  for (const closure of cal.closures) assertCivilDate(closure, 'closure date');
}

// Unchecked core, so that nextSchoolDayStart validates the setting once rather than once per day.
function schoolDay(
  cal: SettingCalendar,
  bankHolidays: WorkingDayCalendar | Set<string>,
  date: string,
): boolean {
  if (isWeekend(date)) return false;
  if (!cal.terms.some((term) => term.start <= date && date <= term.end)) return false; // ISO dates sort as text
  if (cal.closures.includes(date)) return false;
  // A WorkingDayCalendar answers past its official data with computed bank holidays.
  return bankHolidays instanceof WorkingDayCalendar
    ? !bankHolidays.isBankHoliday(date)
    : !bankHolidays.has(date);
}

/** A weekday inside a term that is neither a bank holiday nor one of the setting's closures. */
export function isSchoolDay(
  cal: SettingCalendar,
  bankHolidays: WorkingDayCalendar | Set<string>,
  date: string,
): boolean {
  assertCivilDate(date);
  assertSettingCalendar(cal);
  return schoolDay(cal, bankHolidays, date);
}

/**
 * The earliest instant strictly after `after` at which a school day starts at this setting. At
 * exactly the start of a school day the answer is the next school day's start. Throws
 * NoSchoolDayError when the terms given end first, rather than searching forever.
 */
export function nextSchoolDayStart(cal: SettingCalendar, calendar: WorkingDayCalendar, after: Date): Date {
  assertInstant(after, 'after');
  assertSettingCalendar(cal);
  const firstTermDay = cal.terms.map((term) => term.start).sort()[0];
  const lastTermDay = cal.terms
    .map((term) => term.end)
    .sort()
    .at(-1);
  if (firstTermDay === undefined || lastTermDay === undefined) {
    throw new NoSchoolDayError('The setting has no term dates');
  }

  const afterDate = londonDate(after);
  let date = afterDate;
  if (date < firstTermDay) date = firstTermDay; // nothing before the first term can match
  for (; date <= lastTermDay; date = addDays(date, 1)) {
    if (!schoolDay(cal, calendar, date)) continue;
    const start = londonWallClock(date, cal.schoolDayStartsAt);
    if (start.getTime() > after.getTime()) return start;
  }
  throw new NoSchoolDayError(
    `No school day starts after ${afterDate} within the setting's terms (the last ends ${lastTermDay}): add later term dates`,
  );
}
