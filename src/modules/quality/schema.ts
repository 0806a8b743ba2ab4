/** zod for every input of the multi-agency audits. */
import { z } from 'zod';
import { dateInput, optionalDateInput, optionalText, text } from '../../platform/http/fields.ts';
import { GRADE_NAMES, THEMES } from './rules.ts';
import type { AuditTheme, Grade } from './tables.ts';

const ids = (message: string) =>
  z
    .union([z.string(), z.array(z.string())], { error: message })
    .transform((v) => (Array.isArray(v) ? v : [v]).filter((x) => /^\d{1,9}$/.test(x)).map(Number))
    .refine((v) => v.length > 0, message);

const uuids = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v == null ? [] : Array.isArray(v) ? v : [v]).filter((x) => /^[0-9a-f-]{36}$/i.test(x)));

export const programmeInput = z.object({
  year: z
    .string({ error: 'Enter the reporting year, like 2026-27' })
    .trim()
    .regex(/^\d{4}-\d{2}$/, 'Enter the reporting year, like 2026-27')
    .refine(
      (y) => (Number(y.slice(0, 4)) + 1) % 100 === Number(y.slice(5)),
      'The year must run from one April to the next, like 2026-27',
    ),
  title: text('the programme’s title', 200),
});

export const auditInput = z
  .object({
    title: text('the audit’s title', 200),
    theme: z.enum(Object.keys(THEMES) as [AuditTheme, ...AuditTheme[]], { error: 'Select the theme' }),
    selectionRule: text('the case-selection rule', 2000),
    casesWanted: z
      .string({ error: 'Enter how many children the audit will look at' })
      .trim()
      .regex(/^\d{1,3}$/, 'Enter how many children the audit will look at, as a number')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 200, 'The audit can look at from 1 to 200 children'),
    startsOn: dateInput('The start date'),
    panelOn: dateInput('The panel date'),
    agencies: ids('Select the agencies asked to self-audit'),
    questions: text('the questions for each agency', 4000).transform((v) =>
      v
        .split(/\r?\n/)
        .map((q) => q.trim())
        .filter(Boolean),
    ),
    auditors: uuids,
  })
  .refine((a) => a.panelOn >= a.startsOn, {
    path: ['panelOn'],
    message: 'The panel date must be on or after the start date',
    params: { dateParts: ['day', 'month', 'year'] },
  });

/** A child chosen by hand: found in the child index by name and date of birth first. */
export const findChildInput = z.object({
  givenName: text('the child’s given name', 100),
  familyName: text('the child’s family name', 100),
  dateOfBirth: dateInput('Date of birth'),
});

const CP_CATEGORIES = ['neglect', 'physical', 'sexual', 'emotional', 'multiple'] as const;

/** The period (inclusive) and sample size of a search of the journey for an audit's cases. */
const journeyPeriod = {
  from: dateInput('The start of the period'),
  to: dateInput('The end of the period'),
  category: z
    .enum(['', ...CP_CATEGORIES], { error: 'Select the category of plan' })
    .optional()
    .transform((v) => (v ? v : undefined)),
};
const periodInOrder = {
  check: (v: { from: string; to: string }) => v.from <= v.to,
  params: {
    path: ['to'],
    message: 'The end of the period must be on or after its start',
    params: { dateParts: ['day', 'month', 'year'] },
  },
};

export const journeyFindInput = z
  .object({
    ...journeyPeriod,
    sample: z
      .string({ error: 'Enter how many children to sample' })
      .trim()
      .regex(/^\d{1,3}$/, 'Enter how many children to sample, as a number')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 200, 'The sample can be from 1 to 200 children'),
  })
  .refine(periodInOrder.check, periodInOrder.params);

export const journeyAddInput = z
  .object({
    ...journeyPeriod,
    childIds: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((v) =>
        (v == null ? [] : Array.isArray(v) ? v : [v]).filter((x) => /^[0-9a-f-]{36}$/i.test(x)),
      )
      .refine((v) => v.length > 0, 'Select at least one child to add'),
  })
  .refine(periodInOrder.check, periodInOrder.params);

export const addCaseInput = z.object({
  childId: z.uuid('Select the child'),
  selectedHow: z.enum(['journey', 'hand']).default('hand'),
});

const grade = (label: string) => z.enum(GRADE_NAMES as [Grade, ...Grade[]], { error: `Select ${label}` });

export const selfAuditInput = (questions: number) =>
  z.object({
    answers: z.array(text('an answer to each question', 4000)).length(questions, 'Answer every question'),
    grade: grade('your agency’s grade'),
    strengths: text('the strengths in your agency’s practice', 4000),
    learning: text('the learning for your agency', 4000),
  });

export const panelInput = z.object({
  panelGrade: grade('the panel’s grade'),
  panelReasons: optionalText('Reasons', 4000),
  panelOn: dateInput('The panel date'),
});

export const familyInput = z
  .object({
    familyApproached: z.enum(['yes', 'no'], { error: 'Select whether the family was approached' }),
    familyResponded: z.enum(['yes', 'no']).optional(),
    familyFeedback: optionalText('What the family said', 4000),
  })
  .superRefine((f, ctx) => {
    if (f.familyApproached === 'yes' && !f.familyResponded)
      ctx.addIssue({
        code: 'custom',
        path: ['familyResponded'],
        message: 'Select whether the family responded',
      });
    if (f.familyApproached === 'yes' && f.familyResponded === 'yes' && !f.familyFeedback)
      ctx.addIssue({ code: 'custom', path: ['familyFeedback'], message: 'Enter what the family said' });
  });

export const findingInput = z.object({
  kind: z.enum(['strength', 'learning'], { error: 'Select whether it is a strength or learning' }),
  text: text('the finding', 2000),
});

export const actionInput = z.object({
  scope: z.enum(['single', 'multi'], {
    error: 'Select whether it is a single-agency or multi-agency action',
  }),
  description: text('what is to be done', 2000),
  owningOrganisationId: z
    .string({ error: 'Select the agency that owns the action' })
    .trim()
    .regex(/^[1-9]\d{0,9}$/, 'Select the agency that owns the action')
    .transform(Number),
  ownerName: optionalText('Owner', 200),
  dueOn: optionalDateInput('Due date'),
  measurableOutcome: optionalText('Measurable outcome', 2000),
});

export const briefingInput = z.object({
  title: text('the briefing’s title', 200),
  summary: text('the summary', 6000),
  keyMessages: text('at least one key message', 6000).transform((v) =>
    v
      .split(/\r?\n/)
      .map((m) => m.trim())
      .filter(Boolean),
  ),
  auditIds: ids('Select the audits it draws on'),
});

export const figuresQuery = z.object({
  year: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .optional()
    .catch(undefined),
});
