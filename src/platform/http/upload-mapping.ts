/**
 * The shared first two steps of a reconciliation: upload another agency's CSV (with a name for
 * it), then say which of its columns holds each detail. The child index's reconciliation and
 * GET SAFE's flag-list check both use these, so the two read a file, refuse an empty one and
 * show the columns in the same way.
 */
import { z } from 'zod';
import { type FormErrors, formError, noErrors, parseForm } from './forms.ts';
import { selectOptions } from './route-helpers.ts';

/** A problem in the file, by row and column, as the CSV reader reports it. */
export interface FileProblem {
  row: number;
  column: string | null;
  message: string;
}

export type UploadForm<T> =
  | { ok: true; value: T; file: Buffer; fileName: string }
  | { ok: false; errors: FormErrors };

/** True when the text has a header and at least one more line that is not blank. */
function hasDataRows(file: Buffer): boolean {
  let lines = 0;
  for (const line of file
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)) {
    if (line.trim().replace(/,/g, '') !== '' && ++lines >= 2) return true;
  }
  return false;
}

/**
 * The upload form's fields and its file. No file chosen: "Select a CSV file"; a file with a header
 * and nothing under it (or nothing at all): "This file has no rows". Both on the file field.
 */
export function readUploadForm<S extends z.ZodType>(
  schema: S,
  body: unknown,
  fields: readonly string[],
): UploadForm<z.infer<S>> {
  const b = (body ?? {}) as Record<string, unknown>;
  const form = parseForm(schema, Object.fromEntries(fields.map((f) => [f, b[f]])));
  const errors = form.ok ? noErrors() : form.errors;
  const fileName = typeof b.fileName === 'string' ? b.fileName.trim().slice(0, 200) : '';
  const file = Buffer.isBuffer(b.file) ? b.file : null;
  if (!file || (file.length === 0 && !fileName)) formError('file', 'Select a CSV file', errors);
  else if (!hasDataRows(file)) formError('file', 'This file has no rows', errors);
  if (!form.ok || errors.summary.length) return { ok: false, errors };
  return { ok: true, value: form.value, file: file!, fileName: fileName || 'upload.csv' };
}

/** The error summary for a file that cannot be read: its problems are listed below the form. */
export function fileProblemErrors(text = 'The file cannot be read: nothing was kept'): FormErrors {
  return {
    summary: [{ text, href: '#problems' }],
    byField: { file: { text: 'Correct the file and upload it again' } },
  };
}

/** A select's items: "Not in the file", then the file's columns in the file's own order. */
export function columnItems(header: readonly string[], selected: unknown) {
  // One column at a time, not Object.fromEntries(header): an object would put the columns whose
  // names look like numbers first, and the list must keep the file's order.
  return [
    { value: '', text: 'Not in the file' },
    ...header.flatMap((h) => selectOptions({ [h]: h }, selected)),
  ];
}

/** One column of the file, or none: anything not in the header is refused on its field. */
export function columnChoice(header: readonly string[]) {
  return z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || header.includes(v), 'Choose a column of the file');
}

const LONG_DATE = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
});

/** "7 December 2026 at 2:05pm", London time: the GOV.UK style for a date and time. */
export function ukDateTime(value: Date | string | null | undefined): string {
  if (!value) return '';
  const date = typeof value === 'string' ? new Date(value) : value;
  return `${LONG_DATE.format(date)} at ${TIME.format(date).replace(/\s/g, '').toLowerCase()}`;
}

/** Why someone needs the names of children another agency's list did not hold: recorded in the audit log. */
export const namesReasonInput = z.object({
  reason: z
    .string({ message: 'Enter why you need these children’s names' })
    .trim()
    .min(1, 'Enter why you need these children’s names')
    .max(500, 'Write no more than 500 characters'),
});
