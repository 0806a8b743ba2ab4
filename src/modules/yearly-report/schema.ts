/** zod for every input of the yearly report: the draft's form, waivers, approvals. */
import { z } from 'zod';
import { dateInput, text } from '../../platform/http/fields.ts';

export const PARTNERS = {
  local_authority: 'The local authority',
  police: 'The chief officer of police',
  health: 'The integrated care board (health)',
} as const;

export const reportInput = z
  .object({
    title: text('a title', 200),
    // GOV.UK date inputs: from-day, from-month, from-year (YYYY-MM-DD is read too).
    from: dateInput('The start of the period'),
    to: dateInput('The end of the period'),
    narrative: z
      .string()
      .max(200_000, 'The narrative must be 200,000 characters or fewer')
      .optional()
      .default(''),
  })
  .refine((v) => v.to >= v.from, {
    path: ['to'],
    message: 'The end of the period must be the same as or after its start',
    params: { dateParts: ['day', 'month', 'year'] },
  });

export const waiverInput = z.object({
  kind: z.enum(['small_count', 'contents'], { error: 'Choose what is waived' }),
  key: z.string().trim().min(1, 'Choose what is waived').max(100),
  reason: text('the reason it is waived', 1000),
});

export const approvalInput = z.object({
  partner: z.enum(Object.keys(PARTNERS) as [keyof typeof PARTNERS, ...(keyof typeof PARTNERS)[]], {
    error: 'Choose the partner you sign off for',
  }),
});
