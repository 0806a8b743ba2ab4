/**
 * The GOV.UK date input (day, month and year in three boxes) for Operation Encompass's forms: the
 * three parts read from a form, checked with the Design System's messages, and turned into the
 * civil date (YYYY-MM-DD) the service and its API take.
 *
 * Kept in the module until the platform's shared date-input field (src/platform/http/fields.ts)
 * lands; the forms only call `readDate` and `dateParts`, so switching is one import.
 */

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export type DateAnswer =
  | { ok: true; value: string | undefined }
  | { ok: false; message: string; part: 'day' | 'month' | 'year' };

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** The three boxes of date input `name` (name-day, name-month, name-year) as typed. */
export function dateParts(body: Record<string, unknown>, name: string): DateParts {
  const part = (p: string) => {
    const v = body[`${name}-${p}`];
    return typeof v === 'string' ? v.trim() : '';
  };
  return { day: part('day'), month: part('month'), year: part('year') };
}

/** A civil date (YYYY-MM-DD) as the three boxes show it, for a form filled in again. */
export function partsOf(date: string | null | undefined): DateParts {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? '');
  if (!m) return { day: '', month: '', year: '' };
  return { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1]! };
}

/** The parts as form values (name-day, name-month, name-year). */
export function partsAsValues(name: string, parts: DateParts): Record<string, string> {
  return { [`${name}-day`]: parts.day, [`${name}-month`]: parts.month, [`${name}-year`]: parts.year };
}

/**
 * Checks a date input as the Design System asks: "Enter …" when blank (unless optional), "… must
 * include a month" when a part is missing, "… must be a real date" otherwise. The month may be a
 * number or a name ("Nov", "November"), as the pattern allows.
 * `label` starts the message ("Date of birth"); `blank` is the message for an empty required date.
 */
export function readDate(
  parts: DateParts,
  label: string,
  options: { blank?: string; optional?: boolean } = {},
): DateAnswer {
  const { day, month, year } = parts;
  if (!day && !month && !year) {
    return options.optional
      ? { ok: true, value: undefined }
      : { ok: false, message: options.blank ?? `Enter ${label.toLowerCase()}`, part: 'day' };
  }
  const missing = (['day', 'month', 'year'] as const).filter((p) => !parts[p]);
  if (missing.length) {
    return {
      ok: false,
      message: `${label} must include a ${missing.join(' and a ')}`,
      part: missing[0]!,
    };
  }
  const monthNumber = /^\d{1,2}$/.test(month)
    ? Number(month)
    : MONTHS.findIndex((m) => month.length >= 3 && m.startsWith(month.toLowerCase())) + 1;
  if (!/^\d{1,2}$/.test(day)) return { ok: false, message: `${label} must be a real date`, part: 'day' };
  if (monthNumber < 1 || monthNumber > 12)
    return { ok: false, message: `${label} must be a real date`, part: 'month' };
  if (!/^\d{4}$/.test(year)) return { ok: false, message: 'Year must include 4 numbers', part: 'year' };
  const iso = `${year}-${String(monthNumber).padStart(2, '0')}-${day.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || !d.toISOString().startsWith(iso))
    return { ok: false, message: `${label} must be a real date`, part: 'day' };
  return { ok: true, value: iso };
}

/** The GOV.UK date input's items, with the part in error (or all three) marked. */
export function dateItems(name: string, values: Record<string, unknown>, error?: { part?: string }) {
  const item = (p: 'day' | 'month' | 'year', label: string, width: number) => ({
    name: p,
    label,
    value: values[`${name}-${p}`],
    classes: `govuk-input--width-${width}${error && (!error.part || error.part === p) ? ' govuk-input--error' : ''}`,
  });
  return [item('day', 'Day', 2), item('month', 'Month', 2), item('year', 'Year', 4)];
}
