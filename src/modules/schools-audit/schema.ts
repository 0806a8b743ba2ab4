/**
 * Every input of the audit, checked with zod: a year and its questions, a section's answers
 * (checked against each question's kind), the head's submission, an amendment's reason, a
 * follow-up's owner and due date, and the lists' filters.
 */
import { z } from 'zod';
import { DATE_PARTS, dateInput, optionalText, text } from '../../platform/http/fields.ts';
import { type FormErrors, formError, noErrors } from '../../platform/http/forms.ts';
import type { QuestionKind, Rag } from './tables.ts';

export const QUESTION_KINDS: Record<QuestionKind, string> = {
  yes_no: 'Yes or no',
  number: 'A number',
  choice: 'One of a list of options',
  text: 'Text',
  evidence: 'A note of the evidence held',
};

export const RAGS: Record<Rag, string> = { red: 'Red', amber: 'Amber', green: 'Green' };

export const STATUSES = {
  not_started: 'Not started',
  in_progress: 'In progress',
  submitted: 'Submitted',
} as const;
export type ProgressStatus = keyof typeof STATUSES;

const schoolYear = z
  .string({ error: 'Enter the school year' })
  .trim()
  .regex(/^\d{4}-\d{2}$/, 'Enter the school year like 2024-25')
  .refine((v) => (Number(v.slice(0, 4)) + 1) % 100 === Number(v.slice(5)), {
    message: 'The school year must be two years in a row, like 2024-25',
  });

export const yearInput = z
  .object({
    schoolYear,
    title: text('the title', 200),
    opensOn: dateInput('The date it opens'),
    closesOn: dateInput('The date returns are due'),
    copyFrom: z
      .string()
      .optional()
      .transform((v) => (v ? Number(v) : undefined))
      .pipe(z.number().int().positive().optional()),
  })
  .refine((v) => v.closesOn >= v.opensOn, {
    path: ['closesOn'],
    message: 'The date returns are due must be on or after the date it opens',
    params: { dateParts: [...DATE_PARTS] },
  });
export type YearInput = z.infer<typeof yearInput>;

export const sectionInput = z.object({ title: text('the section’s title', 200) });

const checkbox = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => v === 'yes' || (Array.isArray(v) && v.includes('yes')));

export const questionInput = z
  .object({
    sectionId: z.coerce.number({ error: 'Choose a section' }).int().positive('Choose a section'),
    code: z
      .string({ error: 'Enter a short name' })
      .trim()
      .toLowerCase()
      .regex(
        /^[a-z0-9_]{1,60}$/,
        'The short name must be lower-case letters, digits and underscores, up to 60',
      ),
    text: text('the question', 500),
    hint: optionalText('The guidance', 1000),
    kind: z.enum(Object.keys(QUESTION_KINDS) as [QuestionKind, ...QuestionKind[]], {
      error: 'Choose what kind of answer it takes',
    }),
    choices: z
      .string()
      .optional()
      .transform((v) =>
        (v ?? '')
          .split(/\r?\n/)
          .map((c) => c.trim())
          .filter(Boolean),
      ),
    required: checkbox,
    reportLabel: optionalText('The yearly report label', 200),
    followUpAnswer: optionalText('The answer that needs follow-up', 200),
    compareWithGetSafe: checkbox,
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'choice' && v.choices.length < 2)
      ctx.addIssue({ code: 'custom', path: ['choices'], message: 'Enter at least two options, one a line' });
    if (v.followUpAnswer) {
      const allowed = v.kind === 'yes_no' ? ['yes', 'no'] : v.kind === 'choice' ? v.choices : [];
      if (!allowed.includes(v.followUpAnswer))
        ctx.addIssue({
          code: 'custom',
          path: ['followUpAnswer'],
          message:
            v.kind === 'yes_no' || v.kind === 'choice'
              ? `The answer that needs follow-up must be one of: ${allowed.join(', ')}`
              : 'Only a yes/no or a choice question can put a school on the follow-up list',
        });
    }
    if (v.compareWithGetSafe && v.kind !== 'yes_no')
      ctx.addIssue({
        code: 'custom',
        path: ['compareWithGetSafe'],
        message: 'Only a yes/no question can be checked against the GET SAFE training records',
      });
  });
export type QuestionInput = z.infer<typeof questionInput>;

/** A question as a school's answers are checked against it. */
export interface AnswerableQuestion {
  id: number;
  text: string;
  kind: QuestionKind;
  choices: string[];
  required: boolean;
}

/** A saved answer: one of a yes/no, a number or a text. */
export type AnswerValue = { yes: boolean } | { number: number } | { text: string };

export const answerField = (questionId: number) => `q-${questionId}`;
export const ragField = (sectionId: number) => `rag-${sectionId}`;

const NUMBER = /^\d{1,12}(\.\d{1,2})?$/;

/** Shortens a question for an error message. */
const named = (q: AnswerableQuestion) => (q.text.length > 90 ? `${q.text.slice(0, 87)}…` : q.text);

/**
 * A section's answers as the form sent them, checked against each question's kind. A blank
 * answer is allowed while the return is in progress (it is saved as no answer); anything else
 * that does not fit the kind is an error on its field, and then nothing is saved.
 */
export function parseSectionAnswers(
  questions: readonly AnswerableQuestion[],
  sectionId: number,
  body: Record<string, unknown>,
):
  | { ok: true; answers: Map<number, AnswerValue | null>; rag: Rag | null }
  | { ok: false; errors: FormErrors } {
  const errors = noErrors();
  const answers = new Map<number, AnswerValue | null>();
  for (const q of questions) {
    const field = answerField(q.id);
    const raw = body[field];
    if (raw !== undefined && typeof raw !== 'string') {
      formError(field, `Give one answer to “${named(q)}”`, errors);
      continue;
    }
    const value = (raw ?? '').trim();
    if (value === '') {
      answers.set(q.id, null);
      continue;
    }
    switch (q.kind) {
      case 'yes_no':
        if (value === 'yes' || value === 'no') answers.set(q.id, { yes: value === 'yes' });
        else formError(field, `Answer “${named(q)}” with yes or no`, errors);
        break;
      case 'number': {
        const plain = value.replace(/,/g, '');
        if (NUMBER.test(plain)) answers.set(q.id, { number: Number(plain) });
        else
          formError(
            field,
            `The answer to “${named(q)}” must be a number, 0 or more, like 12 (up to 2 decimal places)`,
            errors,
          );
        break;
      }
      case 'choice':
        if (q.choices.includes(value)) answers.set(q.id, { text: value });
        else formError(field, `Choose one of the options for “${named(q)}”`, errors);
        break;
      default:
        if (value.length > 5000)
          formError(field, `The answer to “${named(q)}” must be 5,000 characters or fewer`, errors);
        else answers.set(q.id, { text: value });
    }
  }
  const ragRaw = body[ragField(sectionId)];
  let rag: Rag | null = null;
  if (ragRaw !== undefined && ragRaw !== '') {
    if (ragRaw === 'red' || ragRaw === 'amber' || ragRaw === 'green') rag = ragRaw;
    else formError(ragField(sectionId), 'Choose red, amber or green for this section', errors);
  }
  return errors.summary.length ? { ok: false, errors } : { ok: true, answers, rag };
}

/** The answer as text, as pages and the CSV show it. */
export function answerText(
  answer: { yes: boolean | null; number: string | number | null; text: string | null } | undefined | null,
): string {
  if (!answer) return '';
  if (answer.yes != null) return answer.yes ? 'Yes' : 'No';
  if (answer.number != null)
    return Number(answer.number).toLocaleString('en-GB', { maximumFractionDigits: 2 });
  return answer.text ?? '';
}

/** The answer as the form holds it ('yes', 'no', '12', or the text). */
export function answerFormValue(
  answer: { yes: boolean | null; number: string | number | null; text: string | null } | undefined | null,
): string {
  if (!answer) return '';
  if (answer.yes != null) return answer.yes ? 'yes' : 'no';
  if (answer.number != null) return String(Number(answer.number));
  return answer.text ?? '';
}

export const amendInput = z.object({
  reason: text('why the return is being reopened', 1000).refine((v) => v.length >= 10, {
    message: 'Say in a sentence why the return is being reopened (10 characters or more)',
  }),
});

export const followUpInput = (today: string) =>
  z.object({
    questionId: z.coerce.number().int().positive(),
    settingId: z.coerce.number().int().positive(),
    ownerId: z.uuid({ error: 'Choose who owns the follow-up' }),
    dueOn: dateInput('The due date', { when: 'todayOrFuture', today: () => today }),
    description: text('what is to be done', 1000),
    outcome: text('what will show it is done', 1000),
  });
export type FollowUpInput = z.infer<ReturnType<typeof followUpInput>>;

const optionalCode = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined);

export const progressFilters = z.object({
  status: optionalCode.pipe(
    z
      .enum(['not_started', 'in_progress', 'submitted'], { error: 'Choose a return status from the list' })
      .optional(),
  ),
  phase: optionalCode.pipe(
    z
      .enum(
        [
          'first',
          'primary',
          'middle',
          'secondary',
          'special',
          'independent',
          'further_education',
          'alternative_provision',
        ],
        {
          error: 'Choose a phase from the list',
        },
      )
      .optional(),
  ),
  district: optionalCode.pipe(
    z
      .string()
      .regex(/^\d{1,9}$/, 'Choose a district from the list')
      .transform(Number)
      .optional(),
  ),
});
export type ProgressFilters = z.infer<typeof progressFilters>;

export const schoolsFilter = z.object({
  answer: z.string().trim().max(200).optional().catch(undefined),
  phase: optionalCode.pipe(z.string().max(40).optional()).catch(undefined),
  district: z.coerce.number().int().positive().optional().catch(undefined),
  year: z.enum(['this', 'last']).default('this').catch('this'),
});
