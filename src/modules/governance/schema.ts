/** Every governance form, checked with zod, with GOV.UK wording for each error. */
import { z } from 'zod';
import {
  dateInput,
  optionalDateInput,
  optionalText,
  runDespiteDateErrors,
  text,
} from '../../platform/http/fields.ts';

const ids = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).map(Number))
  .pipe(z.array(z.number().int().positive().max(2_147_483_647), { error: 'Select who attended' }));

/** A meeting: the day, who attended, and (optionally) a decision with the action it leads to. */
export const meetingInput = z
  .object({
    heldOn: dateInput('The date of the meeting'),
    present: ids,
    what: optionalText('What was decided', 2000),
    why: optionalText('Why', 2000),
    decidedBy: optionalText('Who decided', 200),
    actionDescription: optionalText('The action', 1000),
    actionOwner: optionalText('Who owns the action', 200),
    actionDueOn: optionalDateInput('The action’s due date'),
  })
  .superRefine((v, ctx) => {
    if (v.what && !v.why)
      ctx.addIssue({ code: 'custom', path: ['why'], message: 'Enter why it was decided' });
    if (v.what && !v.decidedBy)
      ctx.addIssue({ code: 'custom', path: ['decidedBy'], message: 'Enter who decided' });
    if (v.actionDescription && !v.what)
      ctx.addIssue({ code: 'custom', path: ['what'], message: 'Enter the decision the action comes from' });
  }, runDespiteDateErrors);

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
  issuedOn: dateInput('The date it was issued'),
  changes: text('what changed', 2000),
  timescale: optionalText('Timescale', 200),
  reviewOn: dateInput('The next review date'),
  status: z.enum(['draft', 'published', 'withdrawn'], { error: 'Select the status' }),
});

export const responseInput = z.object({
  response: text('the partners’ response', 2000),
  respondedBy: text('who responded', 200),
  respondedOn: dateInput('The date of the response'),
});

export const yearParam = z.object({
  year: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .optional(),
});

const financialYearField = z
  .string({ error: 'Enter the financial year like 2023-24' })
  .trim()
  .regex(/^\d{4}-\d{2}$/, 'Enter the financial year like 2023-24')
  .refine(
    (v) => (Number(v.slice(0, 4)) + 1) % 100 === Number(v.slice(5)),
    'Enter the financial year like 2023-24',
  );

/** Pounds as the business unit types them: 94,700 or 94700.50; held in pence. */
const poundsField = z
  .string({ error: 'Enter the amount in pounds' })
  .trim()
  .transform((v) => v.replace(/[£,\s]/g, ''))
  .pipe(z.string().regex(/^\d{1,8}(\.\d{1,2})?$/, 'Enter the amount in pounds, like 94,700'))
  .transform((v) => Math.round(Number(v) * 100));

export const contributionInput = z.object({
  year: financialYearField,
  source: text('who pays', 200),
  kind: z.enum(['partner', 'grant_one_off', 'grant_recurring'], { error: 'Select the kind of contribution' }),
  amount: poundsField,
  note: optionalText('Note', 500),
});

export const priorityInput = z.object({
  year: financialYearField,
  title: text('the priority', 200),
  description: text('what the partnership means to achieve', 2000),
  ownerGroupId: z.coerce
    .number({ error: 'Select the group that owns it' })
    .int()
    .positive('Select the group that owns it'),
});

export const documentInput = z.object({
  slug: z
    .string({ error: 'Enter the web address' })
    .trim()
    .regex(
      /^[a-z0-9-]{1,100}$/,
      'The web address must use lower-case letters, digits and hyphens, like neglect-toolkit',
    ),
  title: text('the title', 200),
  kind: z.enum(['arrangements', 'procedure', 'toolkit', 'guidance', 'briefing'], {
    error: 'Select the kind of document',
  }),
  owner: text('the owner', 200),
  summary: text('what it is about', 2000),
  reviewOn: dateInput('The review date'),
  status: z.enum(['draft', 'published', 'withdrawn'], { error: 'Select the status' }),
  version: text('the version, like 1.0', 20),
  issuedOn: dateInput('The date it was issued'),
  changes: text('what changed', 2000),
});

export const scrutinyInput = z.object({
  kind: z.enum(['meeting_attended', 'rapid_review', 'audit_theme', 'other'], {
    error: 'Select the kind of activity',
  }),
  title: text('what the activity was', 200),
  heldOn: dateInput('The date'),
  scrutineer: text('the scrutineer', 200),
  findings: optionalText('Findings', 5000).transform((v) =>
    (v ?? '')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean),
  ),
});

/** Members written one a line as "name, role, agency". */
const memberLines = (label: string) =>
  optionalText(label, 10000)
    .transform((v) =>
      (v ?? '')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) => l.split(',').map((p) => p.trim())),
    )
    .refine((rows) => rows.every((r) => r.length === 3 && r.every(Boolean)), {
      message: 'Write each member on its own line as: name, role, agency',
    })
    .transform((rows) =>
      rows.map(([name, roleTitle, agency]) => ({ name: name!, roleTitle: roleTitle!, agency: agency! })),
    );

/** A group's own details, as added and as changed. */
const groupFields = {
  name: text('the group’s name', 200),
  kind: z.enum(['executive', 'subgroup'], { error: 'Select executive group or subgroup' }),
  purpose: text('what the group is for', 1000),
  chairName: text('the chair’s name', 200),
  chairAgency: text('the chair’s agency', 200),
};

/** A group's details changed, members added, and members who have left (from a day). */
export const groupEditInput = z
  .object({
    ...groupFields,
    addMembers: memberLines('New members'),
    left: ids,
    leftOn: optionalDateInput('The day they left'),
  })
  .superRefine((v, ctx) => {
    if (v.left.length && !v.leftOn)
      ctx.addIssue({
        code: 'custom',
        path: ['leftOn'],
        message: 'Enter the day they left the group',
        params: { dateParts: ['day', 'month', 'year'] },
      });
  }, runDespiteDateErrors);

/** A priority changed: all but its year, which stays. */
export const priorityEditInput = priorityInput.omit({ year: true });

export const groupInput = z.object({ ...groupFields, members: memberLines('Members') });
