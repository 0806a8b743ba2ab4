/** Every input to the training module, checked with zod, with GOV.UK wording for each error. */
import { z } from 'zod';
import { londonWallClock } from '../../platform/calendar/index.ts';
import { DATE_PARTS, dateInput, email, optionalText, text } from '../../platform/http/fields.ts';

export const AGENCY_KINDS = {
  education: 'School, college or early-years setting',
  local_authority: 'Local authority or children’s social care',
  health: 'Health (NHS)',
  police: 'Police',
  fostering: 'Independent fostering agency',
  residential: 'Residential setting (children’s home)',
  voluntary: 'Voluntary or community group',
  other: 'Other',
} as const;
export type AgencyKind = keyof typeof AGENCY_KINDS;
const AGENCY_KIND_NAMES = Object.keys(AGENCY_KINDS) as [AgencyKind, ...AgencyKind[]];

export const STAFF_ROLES = {
  dsl: 'Designated safeguarding lead',
  deputy_dsl: 'Deputy DSL',
  head: 'Head',
} as const;

export const ATTENDANCE = {
  attended: 'Attended',
  did_not_attend: 'Did not attend',
  cancelled_late: 'Cancelled late',
} as const;
export type AttendanceMark = keyof typeof ATTENDANCE;

const time = (label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, `Enter ${label} as a 24-hour time, like 09:30`);

const wholeNumber = (label: string, min: number, max: number) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .regex(/^\d+$/, `${label[0]!.toUpperCase()}${label.slice(1)} must be a whole number`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `${label[0]!.toUpperCase()}${label.slice(1)} must be ${min} or more`)
        .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} must be ${max} or fewer`),
    );

/** A checkbox group: absent, one value or several. */
const checkboxes = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .union([z.enum(values), z.array(z.enum(values))])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

export const courseInput = z.object({
  code: z
    .string({ error: 'Enter a code' })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9-]{2,20}$/, 'Enter a code of 2 to 20 letters, digits or hyphens, like GET-SAFE'),
  title: text('the title'),
  description: text('a description', 2000),
  audience: text('who it is for', 500),
  learningOutcomes: text('the learning outcomes', 2000),
  mandatoryFor: checkboxes(['dsl', 'deputy_dsl', 'head'] as const),
  renewalMonths: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .pipe(wholeNumber('the renewal period in months', 1, 120).optional()),
  core: z.enum(['yes', 'no'], { error: 'Select whether it is a core course' }),
});
export type CourseInput = z.infer<typeof courseInput>;

/**
 * A session. Refused: a start in the past, an end before the start, deadlines after the start,
 * neither venue nor link. (A capacity below the places already held is the service's to refuse.)
 */
export function sessionInput(now: Date) {
  return z
    .object({
      date: dateInput('Date of the session'),
      startTime: time('the start time'),
      endTime: time('the end time'),
      venue: optionalText('Venue', 300),
      onlineLink: optionalText('Online link', 500).pipe(
        z.url('Enter the online link as a full web address, like https://meet.example.org/abc').optional(),
      ),
      capacity: wholeNumber('the number of places', 1, 1000),
      bookingDeadlineDate: dateInput('Booking deadline date'),
      bookingDeadlineTime: time('the booking deadline time'),
      cancelDeadlineDate: dateInput('Cancellation deadline date'),
      cancelDeadlineTime: time('the cancellation deadline time'),
      trainerIds: z
        .union([z.uuid(), z.array(z.uuid())])
        .optional()
        .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
    })
    .transform((v, ctx) => {
      /** A problem with a date input highlights all its boxes (see platform/http/fields.ts). */
      const wholeDate = { dateParts: [...DATE_PARTS] };
      const at = (date: string, t: string, path: string) => {
        try {
          return londonWallClock(date, t);
        } catch {
          ctx.addIssue({
            code: 'custom',
            path: [path],
            message: `${t} does not exist on ${date} (clocks go forward)`,
          });
          return z.NEVER;
        }
      };
      const startsAt = at(v.date, v.startTime, 'startTime');
      const endsAt = at(v.date, v.endTime, 'endTime');
      const bookingDeadline = at(v.bookingDeadlineDate, v.bookingDeadlineTime, 'bookingDeadlineDate');
      const cancelDeadline = at(v.cancelDeadlineDate, v.cancelDeadlineTime, 'cancelDeadlineDate');
      if (startsAt <= now)
        ctx.addIssue({
          code: 'custom',
          path: ['date'],
          message: 'The session must start in the future',
          params: wholeDate,
        });
      if (endsAt <= startsAt)
        ctx.addIssue({
          code: 'custom',
          path: ['endTime'],
          message: 'The end time must be after the start time',
        });
      if (bookingDeadline > startsAt)
        ctx.addIssue({
          code: 'custom',
          path: ['bookingDeadlineDate'],
          message: 'The booking deadline must be before the session starts',
          params: wholeDate,
        });
      if (cancelDeadline > startsAt)
        ctx.addIssue({
          code: 'custom',
          path: ['cancelDeadlineDate'],
          message: 'The cancellation deadline must be before the session starts',
          params: wholeDate,
        });
      if (!v.venue && !v.onlineLink)
        ctx.addIssue({ code: 'custom', path: ['venue'], message: 'Enter a venue or an online link' });
      return {
        startsAt,
        endsAt,
        bookingDeadline,
        cancelDeadline,
        venue: v.venue ?? null,
        onlineLink: v.onlineLink ?? null,
        capacity: v.capacity,
        trainerIds: v.trainerIds,
      };
    });
}
export type SessionInput = z.infer<ReturnType<typeof sessionInput>>;

/** A practitioner without an account asks for a place; the emailed link confirms it. */
export const bookingRequestInput = z.object({
  givenName: text('your given name', 100),
  familyName: text('your family name', 100),
  organisationName: text('the organisation you work for', 200),
  agencyKind: z.enum(AGENCY_KIND_NAMES, { error: 'Select the kind of organisation you work for' }),
  email: email('your work email address'),
});
export type BookingRequestInput = z.infer<typeof bookingRequestInput>;

const score = (label: string) =>
  z.enum(['1', '2', '3', '4', '5'], { error: `Select ${label}` }).transform(Number);

export const feedbackInput = z.object({
  rating: score('how good the session was overall'),
  outcomesMet: score('how far the learning outcomes were met'),
  confidenceBefore: score('how confident you were before'),
  confidenceAfter: score('how confident you are now'),
  quote: optionalText('What you would tell a colleague', 1000),
});
export type FeedbackInput = z.infer<typeof feedbackInput>;

export const completionInput = z.object({
  courseId: z.coerce.number({ error: 'Select the course' }).int().positive('Select the course'),
  givenName: text('the given name', 100),
  familyName: text('the family name', 100),
  email: email('the work email address'),
  completedOn: dateInput('Date completed'),
  note: optionalText('How it was completed', 500),
});
export type CompletionInput = z.infer<typeof completionInput>;

/** The reporting year in a query string: its first year (2023 for 2023/24). */
export const yearQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

/** The business unit chooses whether a quote goes in the yearly report. */
export const quoteInput = z.object({
  forReport: z.enum(['yes', 'no']).catch('no'),
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
});

/**
 * A register as marked: `attendance-<bookingId>` for each booked place, attended, did not
 * attend or cancelled late; a place left blank stays as it was.
 */
export function registerInput(bookings: readonly { id: number; givenName: string; familyName: string }[]) {
  return z.object(
    Object.fromEntries(
      bookings.map((b) => [
        `attendance-${b.id}`,
        z
          .union([z.literal(''), z.enum(Object.keys(ATTENDANCE) as [AttendanceMark, ...AttendanceMark[]])], {
            error: `Select whether ${b.givenName} ${b.familyName} attended`,
          })
          .optional(),
      ]),
    ),
  );
}
