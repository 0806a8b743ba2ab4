// Working days for statutory timescales: Monday to Friday, excluding England and Wales bank holidays.
import { addDays, assertCivilDate, isWeekend, yearOf } from './civil-date.ts';

/**
 * A date outside the years the bank-holiday data covers. Answering anyway would silently treat that
 * year's (unknown) bank holidays as working days and bring deadlines forward, so we refuse.
 */
export class CalendarCoverageError extends RangeError {
  override name = 'CalendarCoverageError';
}

export class WorkingDayCalendar {
  /** First and last calendar years for which bank holidays are known. */
  readonly firstYear: number;
  readonly lastYear: number;
  readonly #bankHolidays: ReadonlySet<string>;

  constructor(bankHolidays: Iterable<string>) {
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
    this.firstYear = Math.min(...years);
    this.lastYear = Math.max(...years);
    this.#bankHolidays = dates;
  }

  covers(date: string): boolean {
    assertCivilDate(date);
    const year = yearOf(date);
    return year >= this.firstYear && year <= this.lastYear;
  }

  isBankHoliday(date: string): boolean {
    this.#assertCovered(date);
    return this.#bankHolidays.has(date);
  }

  isWorkingDay(date: string): boolean {
    this.#assertCovered(date);
    return !isWeekend(date) && !this.#bankHolidays.has(date);
  }

  /**
   * The date `n` working days after `from`, counting from the next working day (day 1); the day
   * of `from` itself never counts. n = 0 returns `from` unchanged, even when it is not a working day.
   */
  addWorkingDays(from: string, n: number): string {
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(`Invalid number of working days ${n}: expected a whole number, 0 or more`);
    }
    this.#assertCovered(from);
    let date = from;
    for (let counted = 0; counted < n; ) {
      date = addDays(date, 1);
      if (this.isWorkingDay(date)) counted++; // throws once we walk past the covered years
    }
    return date;
  }

  /** The first working day strictly after `after`. */
  nextWorkingDay(after: string): string {
    return this.addWorkingDays(after, 1);
  }

  #assertCovered(date: string): void {
    if (!this.covers(date)) {
      throw new CalendarCoverageError(
        `${date} is outside the bank-holiday data, which covers ${this.firstYear} to ${this.lastYear}: ` +
          'import newer bank holidays',
      );
    }
  }
}
