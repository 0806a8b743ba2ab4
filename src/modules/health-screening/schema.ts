/** zod for every input WREN takes: the key word list, the column mapping, the outcome, the profile's period. */
import { z } from 'zod';
import { optionalText, periodInput, text } from '../../platform/http/fields.ts';
import { ATTENDANCE_FIELDS, type ColumnMap } from './attendance-file.ts';

export const keywordListInput = z.object({
  terms: text('the key words and phrases, one a line', 20_000)
    .transform((v) =>
      v
        .split(/\r?\n/)
        .map((t) => t.trim())
        .filter(Boolean),
    )
    .refine((v) => v.length > 0, 'Enter the key words and phrases, one a line')
    .refine((v) => v.length <= 500, 'The list can have at most 500 key words and phrases')
    .refine((v) => v.every((t) => t.length <= 60), 'Each key word or phrase must be 60 characters or fewer')
    .refine(
      (v) => v.every((t) => /[\p{L}\p{N}]/u.test(t)),
      'Each key word or phrase needs a letter or a number',
    ),
  note: optionalText('What changed', 500),
});

export const OUTCOME_VALUES = [
  'no_further_action',
  'inform_social_worker',
  'refer_front_door',
  'raise_get_safe_concern',
] as const;

export const outcomeInput = z.object({
  outcome: z.enum(OUTCOME_VALUES, { error: 'Select what happens next' }),
  rationale: text('why you decided this', 2000),
});

/** The mapping page: one select per field; a required field must name a column of the file. */
export function mappingInput(header: readonly string[]) {
  const column = z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || header.includes(v), 'Choose a column of the file');
  const shape: Record<string, z.ZodType> = {};
  for (const f of ATTENDANCE_FIELDS) {
    shape[f.field] = f.required
      ? column.refine((v) => v !== undefined, `Choose the column that holds the ${f.label.toLowerCase()}`)
      : column;
  }
  return z.object(shape).transform((v) => {
    const map: ColumnMap = {};
    for (const f of ATTENDANCE_FIELDS) if (v[f.field]) map[f.field] = v[f.field] as string;
    return map;
  });
}

/** The profile's period: two GOV.UK date inputs (or YYYY-MM-DD in a link). */
export const profileQuery = periodInput({
  from: 'From',
  to: 'To',
  backwards: 'To must be the same as or after From',
});

export const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1) });
export const versionParam = z.object({ version: z.coerce.number().int().positive().max(1_000_000) });
