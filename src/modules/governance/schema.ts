/** Every governance form, checked with zod, with GOV.UK wording for each error. */
import { z } from 'zod';
import { civilDate, optionalDate, optionalText, text } from '../../platform/http/fields.ts';

const ids = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).map(Number))
  .pipe(z.array(z.number().int().positive().max(2_147_483_647), { error: 'Select who attended' }));

/** A meeting: the day, who attended, and (optionally) a decision with the action it leads to. */
export const meetingInput = z
  .object({
    heldOn: civilDate('the date of the meeting'),
    present: ids,
    what: optionalText('What was decided', 2000),
    why: optionalText('Why', 2000),
    decidedBy: optionalText('Who decided', 200),
    actionDescription: optionalText('The action', 1000),
    actionOwner: optionalText('Who owns the action', 200),
    actionDueOn: optionalDate('The action’s due date'),
  })
  .superRefine((v, ctx) => {
    if (v.what && !v.why)
      ctx.addIssue({ code: 'custom', path: ['why'], message: 'Enter why it was decided' });
    if (v.what && !v.decidedBy)
      ctx.addIssue({ code: 'custom', path: ['decidedBy'], message: 'Enter who decided' });
    if (v.actionDescription && !v.what)
      ctx.addIssue({ code: 'custom', path: ['what'], message: 'Enter the decision the action comes from' });
  });

export const RAG = { red: 'Red', amber: 'Amber', green: 'Green' } as const;

export const progressInput = z.object({
  quarter: z.coerce
    .number({ error: 'Select the quarter' })
    .int()
    .min(1, 'Select the quarter')
    .max(4, 'Select the quarter'),
  rag: z.enum(['red', 'amber', 'green'], { error: 'Select red, amber or green' }),
  summary: text('what happened this quarter', 2000),
  evidence: optionalText('Evidence', 2000),
});

export const versionInput = z.object({
  version: text('the version, like 2.1', 20),
  issuedOn: civilDate('the date it was issued'),
  changes: text('what changed', 2000),
  timescale: optionalText('Timescale', 200),
  reviewOn: civilDate('the next review date'),
  status: z.enum(['draft', 'published', 'withdrawn'], { error: 'Select the status' }),
});

export const responseInput = z.object({
  response: text('the partners’ response', 2000),
  respondedBy: text('who responded', 200),
  respondedOn: civilDate('the date of the response'),
});

export const yearParam = z.object({
  year: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .optional(),
});
