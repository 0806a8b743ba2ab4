// Working days for statutory timescales: Monday to Friday, excluding England and Wales bank holidays.
import { addDays, assertCivilDate, isWeekend, yearOf } from './civil-date.ts';

import { ruleBasedBankHolidays } from './bank-holidays.ts';

/**
 * A date the calendar cannot answer for at all (before bank holidays existed in their present
 * form, or past the year 9999). Dates merely outside the official list are answered with computed,
 * provisional holidays instead: an accepted incident must never depend on reference data being
 * current.
 */
export class CalendarCoverageError extends RangeError {
  override name = 'CalendarCoverageError';
}

export class WorkingDayCalendar {
  /** First and last calendar years of the official bank-holiday list (gov.uk feed or shipped). */
  firstYear: number;
  lastYear: number;
  #bankHolidays: ReadonlySet<string>;
  /** Computed holidays of years outside the official list, by year, computed once each. */
  readonly #provisional = new Map<number, ReadonlySet<string>>();

  constructor(bankHolidays: Iterable<string>) {
    const { dates, firstYear, lastYear } = WorkingDayCalendar.#official(bankHolidays);
    this.firstYear = firstYear;
    this.lastYear = lastYear;
    this.#bankHolidays = dates;
  }

  /** Takes a newly imported official list, in place: every service holding this calendar sees it. */
  replaceOfficial(bankHolidays: Iterable<string>): void {
    const { dates, firstYear, lastYear } = WorkingDayCalendar.#official(bankHolidays);
    this.firstYear = firstYear;
    this.lastYear = lastYear;
    this.#bankHolidays = dates;
    this.#provisional.clear();
  }

  static #official(bankHolidays: Iterable<string>) {
    const dates = new Set<string>();
    for (const date of bankHolidays) {
      assertCivilDate(date, 'bank-holiday date');
      dates.add(date);
    }
    if (dates.size === 0) {
      throw new RangeError(
        'A working-day calendar needs bank holidays: without them it cannot know its coverage',
      );
    }
    const years = [...dates].map(yearOf);
    return { dates, firstYear: Math.min(...years), lastYear: Math.max(...years) };
  }

  /** True when the date's year is in the official list; other years use provisional, computed holidays. */
  covers(date: string): boolean {
    assertCivilDate(date);
    const year = yearOf(date);
    return year >= this.firstYear && year <= this.lastYear;
  }

  /** True when the date's bank holidays are computed from the rules, not yet confirmed by the official list. */
  isProvisional(date: string): boolean {
    return !this.covers(date);
  }

  /** The last day of the official list's coverage (31 December of its last year). */
  get officialUntil(): string {
    return `${String(this.lastYear).padStart(4, '0')}-12-31`;
  }

  isBankHoliday(date: string): boolean {
    return this.#holidaysOf(date).has(date);
  }

  isWorkingDay(date: string): boolean {
    return !isWeekend(date) && !this.#holidaysOf(date).has(date);
  }

  /**
   * The date `n` working days after `from`, counting from the next working day (day 1); the day
   * of `from` itself never counts. n = 0 returns `from` unchanged, even when it is not a working day.
   */
  addWorkingDays(from: string, n: number): string {
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(`Invalid number of working days ${n}: expected a whole number, 0 or more`);
    }
    assertCivilDate(from);
    let date = from;
    for (let counted = 0; counted < n; ) {
      date = addDays(date, 1);
      if (this.isWorkingDay(date)) counted++;
    }
    return date;
  }

  /** The first working day strictly after `after`. */
  nextWorkingDay(after: string): string {
    return this.addWorkingDays(after, 1);
  }

  #holidaysOf(date: string): ReadonlySet<string> {
    assertCivilDate(date);
    const year = yearOf(date);
    if (year >= this.firstYear && year <= this.lastYear) return this.#bankHolidays;
    let computed = this.#provisional.get(year);
    if (!computed) {
      try {
        computed = new Set(ruleBasedBankHolidays(year).map((h) => h.date));
      } catch (error) {
        throw new CalendarCoverageError(
          `${date} is outside the years a working-day calendar can answer for: ${(error as Error).message}`,
        );
      }
      this.#provisional.set(year, computed);
    }
    return computed;
  }
}
