/** Every input to Operation Encompass monitoring and enrolment, checked with zod. */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { londonDate, londonWallClock } from '../../../platform/calendar/index.ts';
import { optionalDateInput } from '../../../platform/http/fields.ts';
import { type FormErrors, formError, noErrors, parseForm } from '../../../platform/http/forms.ts';
import { PHASE_NAMES, type Phase } from '../../registry/index.ts';
import * as clock from '../../../platform/clock.ts';

/** The default period of the dashboard: the last 30 days, today included. */
export const DEFAULT_PERIOD_DAYS = 30;
/** The longest period the dashboard answers for. */
export const MAX_PERIOD_DAYS = 3 * 366;

const CIVIL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (value: string) =>
  CIVIL_DATE.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid;

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate()!;
}

export interface Period {
  /** First day, inclusive (Europe/London civil date). */
  from: string;
  /** Last day, inclusive. */
  to: string;
  /** Midnight in London at the start of `from`. */
  start: Date;
  /** Midnight in London at the end of `to`. */
  end: Date;
}

export function periodOf(from: string, to: string): Period {
  return { from, to, start: londonWallClock(from, '00:00'), end: londonWallClock(addDays(to, 1), '00:00') };
}

export function defaultPeriod(now: Date): Period {
  const to = londonDate(now);
  return periodOf(addDays(to, -(DEFAULT_PERIOD_DAYS - 1)), to);
}

// The GOV.UK date input (from-day, from-month, from-year), read by the platform's date field;
// a link or a CSV address may give the date as YYYY-MM-DD, which the field reads too.
const periodInput = z
  .object({ from: optionalDateInput('The start date'), to: optionalDateInput('The end date') })
  .superRefine((value, ctx) => {
    if (value.from && value.to && value.from > value.to) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: 'The end date must be the same as or after the start date',
        params: { dateParts: ['day', 'month', 'year'] },
      });
    }
  });

export type PeriodResult =
  | { ok: true; period: Period }
  | { ok: false; errors: FormErrors; values: Record<string, string> };

/** The dashboard's `from` and `to` (YYYY-MM-DD, both optional): the last 30 days by default. */
export function parsePeriod(query: unknown, now = clock.now()): PeriodResult {
  const raw = (query ?? {}) as Record<string, unknown>;
  // As typed, for the form shown again with its errors.
  const values = Object.fromEntries(
    Object.entries(raw).filter(
      ([k, v]) => /^(from|to)(-(day|month|year))?$/.test(k) && typeof v === 'string',
    ),
  ) as Record<string, string>;
  const parsed = parseForm(periodInput, values);
  if (!parsed.ok) return { ok: false, errors: parsed.errors, values };
  const errors = noErrors();
  const add = (field: string, text: string) => formError(field, text, errors, ['day', 'month', 'year']);
  const data = parsed.value;
  const fallback = defaultPeriod(now);
  const to = data.to ?? (data.from && data.from > fallback.to ? data.from : fallback.to);
  const from = data.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  const days =
    DateTime.fromISO(to, { zone: 'utc' }).diff(DateTime.fromISO(from, { zone: 'utc' }), 'days').days + 1;
  if (days > MAX_PERIOD_DAYS) {
    add('from', 'The period can be at most 3 years long');
    return { ok: false, errors, values };
  }
  return { ok: true, period: periodOf(from, to) };
}

export const DASHBOARD_TABLES = [
  'phase',
  'district',
  'setting',
  'late',
  'feedback',
  'weekly',
  'delays',
] as const;
export type DashboardTableKey = (typeof DASHBOARD_TABLES)[number];
export const csvTableParam = z.enum(DASHBOARD_TABLES);

export const ENROLMENT_PAGE_SIZE = 50;

/** The enrolment page's tables, each downloadable as CSV. */
export const ENROLMENT_CSV_TABLES = ['phases', 'settings'] as const;
export const enrolmentCsvTable = z.enum(ENROLMENT_CSV_TABLES);

/** The filters of the list of settings still to join. */
export const enrolmentFilters = z.object({
  status: z.enum(['not_joined', 'in_training']).optional().catch(undefined),
  phase: z
    .enum(PHASE_NAMES as [Phase, ...Phase[]])
    .optional()
    .catch(undefined),
  district: z.string().trim().max(20).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});
export type EnrolmentFilters = z.infer<typeof enrolmentFilters>;

/** Where a setting can move next, and what the date of that move means. */
export const NEXT_STEP = {
  not_joined: {
    to: 'in_training',
    question: 'When did its staff start Operation Encompass training?',
    field: 'the date training started',
    button: 'Record that training has started',
  },
  in_training: {
    to: 'joined',
    question: 'When did it join Operation Encompass?',
    field: 'the date it joined',
    button: 'Record that it has joined',
  },
} as const;
export type MovableStatus = keyof typeof NEXT_STEP;

const part = z.string().trim().optional().default('');

/**
 * A move along the enrolment: the status the page showed (so a second click does not move the
 * setting twice) and a date as three GOV.UK date-input fields, required and not in the future.
 */
export function enrolmentMoveInput(today: string) {
  return z
    .object({
      expected: z.enum(['not_joined', 'in_training'], { error: 'This setting cannot be moved on from here' }),
      'date-day': part,
      'date-month': part,
      'date-year': part,
    })
    .transform((value, ctx) => {
      const label = NEXT_STEP[value.expected].field;
      const day = value['date-day'];
      const month = value['date-month'];
      const year = value['date-year'];
      if (!day && !month && !year) {
        ctx.addIssue({ code: 'custom', path: ['date', 'day'], message: `Enter ${label}` });
        return z.NEVER;
      }
      const missing = (['day', 'month', 'year'] as const).filter((name) => !{ day, month, year }[name]);
      if (missing.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['date', missing[0]!],
          message: `The date must include a ${missing.join(' and a ')}`,
        });
        return z.NEVER;
      }
      if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
        ctx.addIssue({
          code: 'custom',
          path: ['date', /^\d{1,2}$/.test(day) ? (/^\d{1,2}$/.test(month) ? 'year' : 'month') : 'day'],
          message: 'The date must be a real date, like 14 11 2026',
        });
        return z.NEVER;
      }
      const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
      if (!isRealDate(date)) {
        ctx.addIssue({
          code: 'custom',
          path: ['date', 'day'],
          message: 'The date must be a real date, like 14 11 2026',
        });
        return z.NEVER;
      }
      if (date > today) {
        ctx.addIssue({
          code: 'custom',
          path: ['date', 'day'],
          message: 'The date must be today or in the past',
        });
        return z.NEVER;
      }
      if (date < '2000-01-01') {
        ctx.addIssue({
          code: 'custom',
          path: ['date', 'year'],
          message: 'The date must be after 1 January 2000',
        });
        return z.NEVER;
      }
      return { expected: value.expected, date };
    });
}
export type EnrolmentMove = { expected: MovableStatus; date: string };

/** zod's issues as a GOV.UK error summary: a date's problems link to the part that is wrong. */
export function enrolmentErrors(error: z.ZodError): FormErrors {
  const errors = noErrors();
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'date');
    if (errors.byField[field]) continue;
    errors.byField[field] = { text: issue.message };
    errors.summary.push({
      text: issue.message,
      href: field === 'date' ? `#date-${String(issue.path[1] ?? 'day')}` : `#${field}`,
    });
  }
  return errors;
}
