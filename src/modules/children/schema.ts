/** Every input of the children module, checked with zod. */
import { z } from 'zod';
import {
  civilDate,
  dateInput,
  optionalNhsNumber,
  optionalPostcode,
  optionalText,
  optionalUpn,
  text,
} from '../../platform/http/fields.ts';
import { isValidNhsNumber, normaliseNhsNumber, normalisePostcode } from '../../platform/identifiers/index.ts';
import { londonDate } from '../../platform/calendar/index.ts';
import * as clock from '../../platform/clock.ts';

export const DUPLICATES_PAGE_SIZE = 25;

export const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1) });

export const mergeInput = z.object({
  keep: z.uuid({ message: 'Choose the record to keep' }),
});

export const reasonInput = z.object({
  reason: z
    .string({ message: 'Say why' })
    .trim()
    .min(1, 'Say why')
    .max(1000, 'Write no more than 1,000 characters'),
});

/** Today in London: a child born this morning is not "in the future" in the hour after midnight BST. */
const today = () => londonDate(clock.now());

/** What the person searching knows about the child: a name and date of birth at least. */
export const childSearchInput = z.object({
  // text(): a name left out of the address altogether is asked for too, in words, not zod's.
  givenName: text('the child’s given name', 100),
  familyName: text('the child’s family name', 100),
  // A GOV.UK date input: dateOfBirth-day, -month, -year.
  dateOfBirth: dateInput('Date of birth', { when: 'todayOrPast', today }),
  postcode: z
    .string()
    .trim()
    .max(10)
    .optional()
    .transform((p, ctx) => {
      if (!p) return undefined;
      const normal = normalisePostcode(p);
      if (!normal) ctx.addIssue({ code: 'custom', message: 'Enter a real postcode, like WR11 4AB' });
      return normal ?? undefined;
    }),
  nhsNumber: z
    .string()
    .trim()
    .max(20)
    .optional()
    .transform((n, ctx) => {
      if (!n) return undefined;
      const normal = normaliseNhsNumber(n);
      if (!normal || !isValidNhsNumber(normal))
        ctx.addIssue({ code: 'custom', message: 'Enter a valid NHS number: 10 digits, like 943 476 5919' });
      return normal ?? undefined;
    }),
});
export type ChildSearch = z.infer<typeof childSearchInput>;

/** Finding a child for the audit log: the name and date of birth the index is searched by. */
export const childAuditSearchInput = childSearchInput.pick({
  givenName: true,
  familyName: true,
  dateOfBirth: true,
});

export const listParam = z.object({
  id: z.uuid(),
  list: z.enum(['agreeing', 'disagreeing', 'ours', 'theirs']),
});

export const uploadInput = z.object({
  name: z
    .string({ message: 'Enter a name for this extract' })
    .trim()
    .min(1, 'Enter a name for this extract')
    .max(200, 'Enter no more than 200 characters'),
});

/** The mapping form: a column of theirs (or none) for each field, and the flag column. */
export function mappingInput(header: readonly string[]) {
  const column = z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || header.includes(v), 'Choose a column of the file');
  return z
    .object({
      given_name: column,
      family_name: column,
      date_of_birth: column,
      sex: column,
      postcode: column,
      address: column,
      nhs_number: column,
      flag: column,
    })
    .superRefine((m, ctx) => {
      if (!m.given_name && !m.family_name)
        ctx.addIssue({
          code: 'custom',
          path: ['family_name'],
          message: 'Choose the column with the family name (or the given name)',
        });
      if (!m.date_of_birth && !m.nhs_number && !m.postcode) {
        ctx.addIssue({
          code: 'custom',
          path: ['date_of_birth'],
          message: 'Choose the column with the date of birth, or the NHS number, or the postcode',
        });
      }
    });
}

/** A child's details as another module gives them to the index: exact identifiers, validated. */
export const childInput = z
  .object({
    givenName: text('the child’s given name', 100),
    familyName: text('the child’s family name', 100),
    dateOfBirth: civilDate('Date of birth'),
    sex: z.enum(['female', 'male', 'unknown'], { error: 'Select the child’s sex' }),
    address: optionalText('Address', 300),
    postcode: optionalPostcode(),
    nhsNumber: optionalNhsNumber(),
    upn: optionalUpn(),
  })
  .superRefine((value, ctx) => {
    if (value.dateOfBirth > today()) {
      ctx.addIssue({
        code: 'custom',
        path: ['dateOfBirth'],
        message: 'Date of birth must be today or in the past',
      });
    }
  });
export type ChildInput = z.infer<typeof childInput>;
/** A child's details once validated; the optional identifiers may simply be absent. */
export type ChildDetails = Pick<ChildInput, 'givenName' | 'familyName' | 'dateOfBirth' | 'sex'> &
  Partial<Pick<ChildInput, 'address' | 'postcode' | 'nhsNumber' | 'upn'>>;
