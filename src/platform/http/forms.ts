/**
 * Form validation in the GOV.UK pattern: zod checks the input; every problem becomes an entry in
 * the error summary that links to its field, and a message beside the field.
 */
import type { z } from 'zod';
import { foldDateParts } from './fields.ts';

export interface FormErrors {
  summary: { text: string; href: string }[];
  /** A date input's error names the boxes to highlight (day, month, year). */
  byField: Record<string, { text: string; parts?: string[] }>;
}

/** No problems yet: a fresh value each time, because formError adds to the one it is given. */
export function noErrors(): FormErrors {
  return { summary: [], byField: {} };
}

/** Adds a problem found after validation (e.g. a duplicate found in the database). */
export function formError(
  field: string,
  text: string,
  errors: FormErrors = noErrors(),
  dateParts?: readonly string[],
): FormErrors {
  if (!errors.byField[field]) {
    // A date input has no element with the field's own id: link to the first box at fault.
    errors.byField[field] = dateParts ? { text, parts: [...dateParts] } : { text };
    errors.summary.push({ text, href: dateParts?.length ? `#${field}-${dateParts[0]}` : `#${field}` });
  }
  return errors;
}

/** A date input's problem (platform/http/fields.ts dateInput) for the whole date: every box. */
export function dateFormError(field: string, text: string, errors: FormErrors = noErrors()): FormErrors {
  return formError(field, text, errors, ['day', 'month', 'year']);
}

export function zodFormErrors(error: z.ZodError): FormErrors {
  const errors = noErrors();
  for (const issue of error.issues) {
    const params = (issue as { params?: { dateParts?: string[] } }).params;
    formError(issue.path.map(String).join('.') || 'form', issue.message, errors, params?.dateParts);
  }
  return errors;
}

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  // The GOV.UK date input's three boxes (<name>-day, -month, -year) are read as one value.
  const result = schema.safeParse(foldDateParts(body ?? {}));
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, errors: zodFormErrors(result.error) };
}
