/**
 * The three statutory clocks of a practice review, computed by platform/calendar, never by hand:
 * - the serious incident notification: within 5 working days of the partnership becoming aware;
 * - the rapid review: sent to the National Panel within 15 working days of the notification;
 * - the CSPR: published within 6 calendar months of the decision to hold it.
 * And how a clock stands on a day: done on time or late, or due in N days, or overdue by N.
 */
import { type WorkingDayCalendar, dueDate } from '../../platform/calendar/index.ts';
import { addCalendarMonths } from '../../platform/calendar/months.ts';

export const notificationDue = (calendar: WorkingDayCalendar, becameAwareOn: string) =>
  dueDate(calendar, 'serious-incident-notification', becameAwareOn);

export const rapidReviewDue = (calendar: WorkingDayCalendar, notifiedOn: string) =>
  dueDate(calendar, 'rapid-review', notifiedOn);

export const CSPR_PUBLICATION_MONTHS = 6;
export const publicationDue = (decidedOn: string) => addCalendarMonths(decidedOn, CSPR_PUBLICATION_MONTHS);

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(calendar: WorkingDayCalendar, from: string, to: string): number {
  return calendar.workingDaysBetween(from, to);
}

/** Calendar days after `from` up to `to`. */
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export type ClockState = 'on_time' | 'late' | 'due' | 'overdue';

export interface Clock {
  state: ClockState;
  dueOn: string;
  doneOn: string | null;
  /** Working (or calendar, for publication) days: left while due, late by once overdue or late. */
  days: number;
  /** Says it in words, e.g. "Due in 3 working days", "Sent 2 working days late". */
  text: string;
}

/** A working-day clock: done by its due date, or not yet and counting. */
export function workingDayClock(
  calendar: WorkingDayCalendar,
  dueOn: string,
  doneOn: string | null,
  today: string,
  verb: string,
): Clock {
  const plural = (n: number) => `${n} working day${n === 1 ? '' : 's'}`;
  // Past the due date but not yet a working day past it (a weekend or bank holiday after it): say
  // how many days, never "0 working days late".
  const howLate = (from: string, to: string) => {
    const working = workingDaysBetween(calendar, from, to);
    if (working > 0) return plural(working);
    const days = daysBetween(from, to);
    return `${days} day${days === 1 ? '' : 's'}`;
  };
  if (doneOn) {
    if (doneOn <= dueOn) return { state: 'on_time', dueOn, doneOn, days: 0, text: `${verb} on time` };
    const late = workingDaysBetween(calendar, dueOn, doneOn);
    return { state: 'late', dueOn, doneOn, days: late, text: `${verb} ${howLate(dueOn, doneOn)} late` };
  }
  if (today <= dueOn) {
    const left = workingDaysBetween(calendar, today, dueOn);
    return {
      state: 'due',
      dueOn,
      doneOn,
      days: left,
      text: left === 0 ? 'Due today' : `Due in ${plural(left)}`,
    };
  }
  const late = workingDaysBetween(calendar, dueOn, today);
  return { state: 'overdue', dueOn, doneOn, days: late, text: `Overdue by ${howLate(dueOn, today)}` };
}

/** The publication clock, in calendar days. */
export function publicationClock(dueOn: string, publishedOn: string | null, today: string): Clock {
  const plural = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
  if (publishedOn) {
    if (publishedOn <= dueOn)
      return { state: 'on_time', dueOn, doneOn: publishedOn, days: 0, text: 'Published on time' };
    const late = daysBetween(dueOn, publishedOn);
    return { state: 'late', dueOn, doneOn: publishedOn, days: late, text: `Published ${plural(late)} late` };
  }
  if (today <= dueOn) {
    const left = daysBetween(today, dueOn);
    return {
      state: 'due',
      dueOn,
      doneOn: null,
      days: left,
      text: left === 0 ? 'Due today' : `Due in ${plural(left)}`,
    };
  }
  const late = daysBetween(dueOn, today);
  return { state: 'overdue', dueOn, doneOn: null, days: late, text: `Overdue by ${plural(late)}` };
}
