// Statutory timescales (Working Together to Safeguard Children), encoded once for every module.
import { assertTimeOfDay, londonDate, londonWallClock } from './london.ts';
import type { WorkingDayCalendar } from './working-days.ts';

export const DEADLINE_KINDS = [
  'threshold-decision',
  'serious-incident-notification',
  'icpc',
  'rapid-review',
  'assessment',
] as const;

export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export interface DeadlineRule {
  workingDays: number;
  description: string;
}

export const DEADLINE_RULES: Readonly<Record<DeadlineKind, Readonly<DeadlineRule>>> = Object.freeze({
  'threshold-decision': {
    workingDays: 1,
    description: 'Threshold decision on a referral: within 1 working day',
  },
  'serious-incident-notification': {
    workingDays: 5,
    description:
      'Serious incident notification to the Child Safeguarding Practice Review Panel: within 5 working days',
  },
  icpc: {
    workingDays: 15,
    description: 'Initial child protection conference: within 15 working days of the strategy discussion',
  },
  'rapid-review': {
    workingDays: 15,
    description: 'Rapid review of a serious incident: within 15 working days of the notification',
  },
  assessment: {
    workingDays: 45,
    description: 'Child and family assessment: within 45 working days of the referral',
  },
});

export function isDeadlineKind(value: unknown): value is DeadlineKind {
  return typeof value === 'string' && (DEADLINE_KINDS as readonly string[]).includes(value);
}

/** The civil date a deadline falls due, counting working days from the day after `from`. */
export function dueDate(calendar: WorkingDayCalendar, kind: DeadlineKind, from: string): string {
  if (!isDeadlineKind(kind)) {
    throw new RangeError(
      `Unknown deadline kind ${JSON.stringify(kind)}: expected one of ${DEADLINE_KINDS.join(', ')}`,
    );
  }
  return calendar.addWorkingDays(from, DEADLINE_RULES[kind].workingDays);
}

/**
 * The instant of `time` (HH:MM, London wall clock) on the first working day strictly after the
 * London civil date of `after`. A notice "on the next working day" is never due the same day: even
 * at 07:00 on a working day the answer is 09:00 the following working day.
 */
export function nextWorkingDayAt(calendar: WorkingDayCalendar, after: Date, time: string): Date {
  assertTimeOfDay(time);
  return londonWallClock(calendar.nextWorkingDay(londonDate(after)), time);
}
