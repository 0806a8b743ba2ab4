/**
 * Calendar rules for every statutory deadline.
 *
 * - Dates are civil dates in Europe/London, written YYYY-MM-DD; instants are JS Dates.
 * - A working day is Monday to Friday and not an England and Wales bank holiday (gov.uk feed,
 *   substitute days included).
 * - "N working days after D" starts counting on the next working day after D, so D itself never
 *   counts; N = 0 is D. Past the official bank holidays the calendar uses holidays computed from
 *   the rules (provisional, and the admin is told); it throws CalendarCoverageError only for dates
 *   it cannot answer for at all (before 1972, after 9999).
 * - "On the next working day" is always a later day, even when asked early on a working day.
 * - A school day is a weekday inside one of the setting's terms that is not a bank holiday and not
 *   one of its closures (INSET days); it starts at the setting's own London wall-clock time, which
 *   stays correct across BST/GMT changes.
 */
export {
  type BankHoliday,
  BankHolidayFeedError,
  parseBankHolidayFeed,
  ruleBasedBankHolidays,
  shippedBankHolidays,
} from './bank-holidays.ts';
export { isCivilDate } from './civil-date.ts';
export { ageInYears, compulsorySchoolAgeFrom, isOfCompulsorySchoolAge } from './school-age.ts';
export {
  DEADLINE_KINDS,
  DEADLINE_RULES,
  type DeadlineKind,
  type DeadlineRule,
  dueDate,
  isDeadlineKind,
  nextWorkingDayAt,
} from './deadlines.ts';
export { formatLondon, LONDON_ZONE, londonDate, londonWallClock } from './london.ts';
export {
  isSchoolDay,
  NoSchoolDayError,
  nextSchoolDayStart,
  type SettingCalendar,
  type TermDates,
} from './school-days.ts';
export { CalendarCoverageError, WorkingDayCalendar } from './working-days.ts';
