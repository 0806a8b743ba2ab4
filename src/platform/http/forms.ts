/**
 * Form validation in the GOV.UK pattern: zod checks the input; every problem becomes an entry in
 * the error summary that links to its field, and a message beside the field.
 */
import type { z } from 'zod';

export interface FormErrors {
  summary: { text: string; href: string }[];
  byField: Record<string, { text: string }>;
}

/** No problems yet: a fresh value each time, because formError adds to the one it is given. */
export function noErrors(): FormErrors {
  return { summary: [], byField: {} };
}

/** Adds a problem found after validation (e.g. a duplicate found in the database). */
export function formError(field: string, text: string, errors: FormErrors = noErrors()): FormErrors {
  if (!errors.byField[field]) {
    errors.byField[field] = { text };
    errors.summary.push({ text, href: `#${field}` });
  }
  return errors;
}

export function zodFormErrors(error: z.ZodError): FormErrors {
  const errors = noErrors();
  for (const issue of error.issues) {
    formError(issue.path.map(String).join('.') || 'form', issue.message, errors);
  }
  return errors;
}

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const result = schema.safeParse(body ?? {});
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, errors: zodFormErrors(result.error) };
}
