/**
 * Form fields checked with zod, with the GOV.UK Design System's wording for their errors
 * ("Enter …", "… must be 100 characters or fewer"): one set for every module's schemas.
 */
import { z } from 'zod';
import {
  isValidNhsNumber,
  isValidUpn,
  normaliseNhsNumber,
  normalisePostcode,
  normaliseUpn,
} from '../identifiers/index.ts';

export const text = (label: string, max = 200) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `${label[0]?.toUpperCase()}${label.slice(1)} must be ${max} characters or fewer`);

export const optionalText = (label: string, max = 200) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : undefined));

export const email = (label: string) =>
  text(label, 254)
    .pipe(z.email(`Enter ${label} in the correct format, like name@example.org`))
    .transform((v) => v.toLowerCase());

export const civilDate = (label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a real date, like 2026-09-03`)
    .refine((v) => {
      const d = new Date(`${v}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
    }, `${label} must be a real date`);

/** A date field that may be left blank. */
export const optionalDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .pipe(civilDate(label).optional());

/*
 * The identifiers a child is known by, each optional: normalised when valid, refused with the
 * reason when not. `base` is the blank-allowing text field (a module's API may also allow null).
 */

/** A postcode, normalised like WR1 2AB. */
export const optionalPostcode = (
  base: z.ZodType<string | undefined, unknown> = optionalText('Postcode', 10),
) =>
  base
    .refine((v) => !v || normalisePostcode(v) !== null, 'Enter a real postcode, like WR1 2AB')
    .transform((v) => (v ? (normalisePostcode(v) ?? undefined) : undefined));

/** An NHS number whose Modulus 11 check digit is right, as 10 digits. */
export const optionalNhsNumber = (
  base: z.ZodType<string | undefined, unknown> = optionalText('NHS number', 20),
) =>
  base
    .refine(
      (v) => !v || isValidNhsNumber(v),
      'Enter a valid NHS number: 10 digits whose check digit is right',
    )
    .transform((v) => (v ? (normaliseNhsNumber(v) ?? undefined) : undefined));

/** A unique pupil number whose check letter is right. */
export const optionalUpn = (base: z.ZodType<string | undefined, unknown> = optionalText('UPN', 20)) =>
  base
    .refine((v) => !v || isValidUpn(v), 'Enter a valid UPN: 13 characters starting with its check letter')
    .transform((v) => (v ? normaliseUpn(v) : undefined));

/*
 * GOV.UK date input: a date asked as three boxes, `<name>-day`, `<name>-month` and `<name>-year`
 * (the govukDateInput component with namePrefix <name>; the view uses the `dateInput` macro in
 * platform/views/macros/date-input.njk). parseForm gathers the three boxes into one value at
 * `<name>` (foldDateParts), which `dateInput` checks with the Design System's messages ("Date of
 * birth must include a month", "… must be a real date", "… must be in the past") and turns into a
 * civil date, YYYY-MM-DD. A date already written YYYY-MM-DD (an API, a bookmarked address) is read
 * too. Each error names the boxes to highlight, so the summary links to the first of them.
 */

export const DATE_PARTS = ['day', 'month', 'year'] as const;
export type DatePart = (typeof DATE_PARTS)[number];

/** The three boxes of one date, as typed. */
export interface DatePartsInput {
  day?: unknown;
  month?: unknown;
  year?: unknown;
}

/**
 * Gathers every `<name>-day`, `<name>-month`, `<name>-year` of a form body or query into
 * `{ day, month, year }` at `<name>` (the boxes stay too). Other values are left as they are.
 */
export function foldDateParts(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const source = body as Record<string, unknown>;
  let folded: Record<string, unknown> | undefined;
  for (const key of Object.keys(source)) {
    const match = /^(.+)-(day|month|year)$/.exec(key);
    if (!match) continue;
    const [, name, part] = match as unknown as [string, string, DatePart];
    // A handler that read the boxes itself and set the date as text has already decided.
    if (typeof source[name] === 'string') continue;
    folded ??= { ...source };
    const parts = (
      typeof folded[name] === 'object' && folded[name] !== null ? folded[name] : {}
    ) as DatePartsInput;
    folded[name] = { ...parts, [part]: source[key] };
  }
  return folded ?? body;
}

/** When the date must fall, relative to today (London). */
export type DateWhen = 'past' | 'todayOrPast' | 'future' | 'todayOrFuture';

export interface DateInputOptions {
  /** Relative to today: "must be in the past", "must be today or in the future"… */
  when?: DateWhen;
  /** Today, YYYY-MM-DD (tests); the London date by default. */
  today?: () => string;
}

const WHEN_MESSAGE: Record<DateWhen, string> = {
  past: 'must be in the past',
  todayOrPast: 'must be today or in the past',
  future: 'must be in the future',
  todayOrFuture: 'must be today or in the future',
};

const londonToday = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date()).slice(0, 10);

const capitalise = (s: string) => `${s[0]?.toUpperCase() ?? ''}${s.slice(1)}`;
const lowerFirst = (s: string) => `${s[0]?.toLowerCase() ?? ''}${s.slice(1)}`;

/** "a month", "a day and month", "a day, month and year". */
function listParts(parts: DatePart[]): string {
  if (parts.length === 1) return `a ${parts[0]}`;
  return `a ${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

type DateProblem = { message: string; parts: DatePart[] };

/** The date the boxes (or a YYYY-MM-DD string) hold, blank, or the problem with it. */
export function readDateInput(
  value: unknown,
  label: string,
): { date: string } | { blank: true } | { problem: DateProblem } {
  const Label = capitalise(label);
  const realDate = (parts: DatePart[]): { problem: DateProblem } => ({
    problem: { message: `${Label} must be a real date`, parts },
  });
  if (value === undefined || value === null) return { blank: true };
  if (typeof value === 'string') {
    const v = value.trim();
    if (!v) return { blank: true };
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    if (!m) return realDate([...DATE_PARTS]);
    return readDateInput({ year: m[1], month: m[2], day: m[3] }, label);
  }
  if (typeof value !== 'object' || Array.isArray(value)) return realDate([...DATE_PARTS]);
  const typed = value as DatePartsInput;
  const text = (part: DatePart) => {
    const v = typed[part];
    return typeof v === 'string' ? v.trim() : Array.isArray(v) ? String(v[0] ?? '').trim() : '';
  };
  const boxes = { day: text('day'), month: text('month'), year: text('year') };
  const missing = DATE_PARTS.filter((p) => !boxes[p]);
  if (missing.length === 3) return { blank: true };
  if (missing.length)
    return { problem: { message: `${Label} must include ${listParts(missing)}`, parts: missing } };
  const day = /^\d{1,2}$/.test(boxes.day) ? Number(boxes.day) : Number.NaN;
  const month = /^\d{1,2}$/.test(boxes.month) ? Number(boxes.month) : Number.NaN;
  const wrong: DatePart[] = [];
  if (!(day >= 1 && day <= 31)) wrong.push('day');
  if (!(month >= 1 && month <= 12)) wrong.push('month');
  if (!/^\d{4}$/.test(boxes.year)) {
    if (!wrong.length && /^\d+$/.test(boxes.year))
      return { problem: { message: 'Year must include 4 numbers', parts: ['year'] } };
    wrong.push('year');
  } else if (Number(boxes.year) < 1000) wrong.push('year');
  if (wrong.length) return realDate(wrong);
  const year = Number(boxes.year);
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  // 31 April, or 29 February outside a leap year: the day is what is wrong.
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return realDate(['day']);
  return {
    date: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  };
}

function checkDate(
  value: unknown,
  ctx: z.RefinementCtx,
  label: string,
  options: DateInputOptions & { required: boolean },
): string | undefined {
  const read = readDateInput(value, label);
  const fail = (problem: DateProblem) => {
    ctx.addIssue({ code: 'custom', message: problem.message, params: { dateParts: problem.parts } });
    return z.NEVER;
  };
  if ('blank' in read) {
    return options.required
      ? fail({ message: `Enter ${lowerFirst(label)}`, parts: [...DATE_PARTS] })
      : undefined;
  }
  if ('problem' in read) return fail(read.problem);
  if (options.when) {
    const today = (options.today ?? londonToday)();
    const ok = {
      past: read.date < today,
      todayOrPast: read.date <= today,
      future: read.date > today,
      todayOrFuture: read.date >= today,
    }[options.when];
    if (!ok)
      return fail({ message: `${capitalise(label)} ${WHEN_MESSAGE[options.when]}`, parts: [...DATE_PARTS] });
  }
  return read.date;
}

/**
 * A required GOV.UK date input: `label` as the page names the date ("Date of birth"); the value
 * is the civil date YYYY-MM-DD.
 */
export const dateInput = (label: string, options: DateInputOptions = {}): z.ZodType<string, unknown> =>
  z
    .unknown()
    .transform((value, ctx) => checkDate(value, ctx, label, { ...options, required: true }) as string);

/** A GOV.UK date input that may be left blank (all three boxes empty): undefined then. */
export const optionalDateInput = (
  label: string,
  options: DateInputOptions = {},
): z.ZodType<string | undefined, unknown> =>
  z
    .unknown()
    .transform((value, ctx) => checkDate(value, ctx, label, { ...options, required: false }))
    // zod refuses an absent key whose schema is not marked optional, whatever the transform gives.
    .optional();

/**
 * For a form's cross-field checks (`.superRefine(check, runDespiteDateErrors)`): zod skips them
 * once a field has failed beyond its own checks (as a wrong date does), but a wrong date should not
 * hide the other problems on the page (GOV.UK error summaries list them all). They still wait for
 * every other field that zod would wait for.
 */
export const runDespiteDateErrors = {
  when: (payload: z.core.ParsePayload) =>
    payload.aborted !== true &&
    payload.issues.every(
      (issue) =>
        issue.continue === true || Boolean((issue as { params?: { dateParts?: unknown } }).params?.dateParts),
    ),
};

/**
 * A period asked as two GOV.UK date inputs, `from` and `to` (inclusive): both required, and a
 * `from` later than `to` is refused on `to` (with `backwards`, if given). Labels as the page names them.
 */
export const periodInput = (
  labels: { from: string; to: string; backwards?: string } = { from: 'From', to: 'To' },
) =>
  z.object({ from: dateInput(labels.from), to: dateInput(labels.to) }).superRefine((v, ctx) => {
    if (v.to < v.from)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message:
          labels.backwards ??
          `${capitalise(labels.to)} must be the same as or after ${lowerFirst(labels.from)}`,
        params: { dateParts: [...DATE_PARTS] },
      });
  });

const IN_WORDS = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', dateStyle: 'long' });

/** A civil date as people read it in a message: '2026-12-06' → '6 December 2026'. */
export function dateInWords(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return IN_WORDS.format(new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1)));
}
