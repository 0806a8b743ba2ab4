// Working days for statutory timescales: Monday to Friday, excluding England and Wales bank holidays.
import { addDays, assertCivilDate, dateOfDayNumber, dayNumber, isWeekend, yearOf } from './civil-date.ts';

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

/** Years of working-day tables kept at once (about 1.5 kB each). */
const MAX_YEAR_TABLES = 200;

/** One calendar year's working days as ordinals. */
interface YearTable {
  /** Day number (days since 1970-01-01) of 1 January. */
  start: number;
  /** before[i]: working days among the year's first i days (so before[i + 1] counts day i itself). */
  before: Uint16Array;
  /** The day of the year (0 = 1 January) of each working day, in order. */
  working: Uint16Array;
  total: number;
}

export class WorkingDayCalendar {
  /** First and last calendar years of the official bank-holiday list (gov.uk feed or shipped). */
  firstYear: number;
  lastYear: number;
  #bankHolidays: ReadonlySet<string>;
  /** Computed holidays of years outside the official list, by year, computed once each. */
  readonly #provisional = new Map<number, ReadonlySet<string>>();
  /**
   * Each year's working days as ordinals, built once per year on first use, so that adding or
   * counting working days is a few lookups rather than a walk day by day (deadlines are computed
   * per event on the dashboards). Bounded: a caller ranging over centuries cannot grow it forever.
   */
  readonly #years = new Map<number, YearTable>();

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
    this.#years.clear();
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
    if (n === 0) return from;
    const fast = this.#addByOrdinals(from, n);
    // A year no table can be built for (outside the years the calendar answers for): the walk
    // day by day meets it exactly as it always did, and throws the same error at the same day.
    return fast ?? this.#addByWalking(from, n);
  }

  /**
   * How many working days fall after `from` up to and including `to` (0 when `to` is not later):
   * "N working days late" when `from` is the due date and `to` the day it was done.
   */
  workingDaysBetween(from: string, to: string): number {
    assertCivilDate(from);
    assertCivilDate(to);
    if (to <= from) return 0;
    const fast = this.#countByOrdinals(from, to);
    return fast ?? this.#countByWalking(from, to);
  }

  #addByWalking(from: string, n: number): string {
    let date = from;
    for (let counted = 0; counted < n; ) {
      date = addDays(date, 1);
      if (this.isWorkingDay(date)) counted++;
    }
    return date;
  }

  #countByWalking(from: string, to: string): number {
    let n = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (this.isWorkingDay(d)) n++;
    return n;
  }

  #addByOrdinals(from: string, n: number): string | undefined {
    let year = yearOf(from);
    let table = this.#yearTable(year);
    if (!table) return undefined;
    // The working day wanted is the (rank)th of `year`, counting from 1.
    let rank = table.before[dayNumber(from) - table.start + 1]! + n;
    while (rank > table.total) {
      rank -= table.total;
      year++;
      table = this.#yearTable(year);
      if (!table) return undefined;
    }
    return dateOfDayNumber(table.start + table.working[rank - 1]!);
  }

  #countByOrdinals(from: string, to: string): number | undefined {
    const first = yearOf(from);
    const last = yearOf(to);
    let count = 0;
    for (let year = first; year <= last; year++) {
      const table = this.#yearTable(year);
      if (!table) return undefined;
      const after = year === first ? table.before[dayNumber(from) - table.start + 1]! : 0;
      const upTo = year === last ? table.before[dayNumber(to) - table.start + 1]! : table.total;
      count += upTo - after;
    }
    return count;
  }

  /** The year's working days, or undefined when the calendar cannot answer for that year. */
  #yearTable(year: number): YearTable | undefined {
    const known = this.#years.get(year);
    if (known) return known;
    if (!Number.isInteger(year) || year < 1 || year > 9999) return undefined;
    const first = `${String(year).padStart(4, '0')}-01-01`;
    let holidays: ReadonlySet<string>;
    try {
      holidays = this.#holidaysOf(first);
    } catch {
      return undefined;
    }
    const start = dayNumber(first);
    const days = dayNumber(`${String(year).padStart(4, '0')}-12-31`) - start + 1;
    const before = new Uint16Array(days + 1);
    const working: number[] = [];
    for (let i = 0; i < days; i++) {
      const date = dateOfDayNumber(start + i);
      const weekday = (((start + i + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (4)
      if (weekday !== 0 && weekday !== 6 && !holidays.has(date)) working.push(i);
      before[i + 1] = working.length;
    }
    if (this.#years.size >= MAX_YEAR_TABLES) this.#years.clear();
    const table: YearTable = { start, before, working: Uint16Array.from(working), total: working.length };
    this.#years.set(year, table);
    return table;
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
