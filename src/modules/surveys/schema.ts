/**
 * What a survey's builder and its respondents may enter. A return is checked against its
 * survey's own questions: an agreement from 1 to 5, yes or no, one of a choice's options, a whole
 * number within the question's range, free text of a sensible length.
 */
import { z } from 'zod';
import { dateInput, optionalText, runDespiteDateErrors, text } from '../../platform/http/fields.ts';
import type { Audience, QuestionKind, SurveyAccess } from './tables.ts';

export const AUDIENCES: Record<Audience, string> = {
  practitioners: 'Practitioners of chosen agencies',
  referrers: 'People who referred to a service',
  young_people: 'Young people',
  families: 'Families',
};

export const ACCESS: Record<SurveyAccess, string> = {
  anonymous: 'Anyone with the link, without signing in (anonymous)',
  sign_in: 'Signed-in users only, once each (their answers are still not linked to them)',
};

export const QUESTION_KINDS: Record<QuestionKind, string> = {
  agreement: 'A statement to agree or disagree with (5-point scale)',
  yes_no: 'Yes or no',
  choice: 'One choice from a list',
  number: 'A number',
  free_text: 'Free text',
};

/** The 5-point scale, 1 to 5, as practitioners and families read it… */
export const AGREEMENT = [
  'Strongly disagree',
  'Disagree',
  'Neither agree nor disagree',
  'Agree',
  'Strongly agree',
];
/** … and as young people do: plain words. */
export const AGREEMENT_PLAIN = ['Really disagree', 'Disagree', 'Not sure', 'Agree', 'Really agree'];

export const agreementLabels = (audience: Audience) =>
  audience === 'young_people' ? AGREEMENT_PLAIN : AGREEMENT;

const checkboxList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
  .refine((ids) => ids.every((id) => /^\d{1,9}$/.test(id)), 'Select agencies from the list')
  .transform((ids) => ids.map(Number));

export const surveyInput = z
  .object({
    title: text('a title', 200),
    introduction: optionalText('Introduction', 2000),
    audience: z.enum(['practitioners', 'referrers', 'young_people', 'families'], {
      error: 'Select who the survey is for',
    }),
    serviceName: optionalText('Service', 200),
    agencyIds: checkboxList,
    access: z.enum(['anonymous', 'sign_in'], { error: 'Select how people answer' }),
    opensOn: dateInput('Opening date'),
    closesOn: dateInput('Closing date'),
  })
  .superRefine((v, ctx) => {
    // Compared only when both dates were read (the other checks run beside a wrong date).
    if (typeof v.opensOn === 'string' && typeof v.closesOn === 'string' && v.closesOn < v.opensOn)
      ctx.addIssue({
        code: 'custom',
        path: ['closesOn'],
        message: 'Closing date must be on or after the opening date',
        params: { dateParts: ['day', 'month', 'year'] },
      });
    if (v.audience === 'referrers' && !v.serviceName)
      ctx.addIssue({ code: 'custom', path: ['serviceName'], message: 'Enter the service they referred to' });
    if (v.audience === 'practitioners' && v.agencyIds.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['agencyIds'],
        message: 'Select the agencies whose practitioners are asked',
      });
    // Young people and families have no accounts here: their surveys are answered by link.
    if ((v.audience === 'young_people' || v.audience === 'families') && v.access === 'sign_in')
      ctx.addIssue({
        code: 'custom',
        path: ['access'],
        message: 'Young people and families answer by link: choose anyone with the link',
      });
  }, runDespiteDateErrors);
export type SurveyInput = z.infer<typeof surveyInput>;

export const questionInput = z
  .object({
    kind: z.enum(['agreement', 'yes_no', 'choice', 'number', 'free_text'], {
      error: 'Select the kind of question',
    }),
    prompt: text('the question', 500),
    options: optionalText('Options', 2000),
    minValue: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v : undefined)),
    maxValue: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v : undefined)),
    required: z
      .string()
      .optional()
      .transform((v) => v !== 'no'),
  })
  .transform((v, ctx) => {
    const options = (v.options ?? '')
      .split(/\r?\n/)
      .map((o) => o.trim())
      .filter(Boolean);
    let minValue: number | null = null;
    let maxValue: number | null = null;
    if (v.kind === 'choice' && options.length < 2)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'Enter at least two options, one a line' });
    if (v.kind === 'choice' && new Set(options).size !== options.length)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'Each option must be different' });
    if (v.kind === 'number') {
      const whole = /^-?\d{1,9}$/;
      if (!v.minValue || !whole.test(v.minValue))
        ctx.addIssue({
          code: 'custom',
          path: ['minValue'],
          message: 'Enter the smallest answer, as a whole number',
        });
      if (!v.maxValue || !whole.test(v.maxValue))
        ctx.addIssue({
          code: 'custom',
          path: ['maxValue'],
          message: 'Enter the largest answer, as a whole number',
        });
      minValue = Number(v.minValue);
      maxValue = Number(v.maxValue);
      if (whole.test(v.minValue ?? '') && whole.test(v.maxValue ?? '') && maxValue < minValue)
        ctx.addIssue({
          code: 'custom',
          path: ['maxValue'],
          message: 'The largest answer must be at least the smallest',
        });
    }
    return {
      kind: v.kind,
      prompt: v.prompt,
      options: v.kind === 'choice' ? options : null,
      minValue: v.kind === 'number' ? minValue : null,
      maxValue: v.kind === 'number' ? maxValue : null,
      required: v.required,
    };
  });
export type QuestionInput = z.infer<typeof questionInput>;

export interface QuestionShape {
  id: number;
  kind: QuestionKind;
  prompt: string;
  options: string[] | null;
  minValue: number | null;
  maxValue: number | null;
  required: boolean;
}

/** One answer as stored: a number (agreement, yes/no, number) or a text (choice, free text). */
export interface StoredAnswer {
  questionId: number;
  numberValue: number | null;
  textValue: string | null;
}

/** The form field of a question. */
export const fieldOf = (questionId: number) => `q${questionId}`;

/**
 * The zod schema of one survey's return, built from its questions: field q<id> per question.
 * Young people get plain words in the errors too.
 */
export function answersSchema(questions: readonly QuestionShape[], plain: boolean) {
  const pick = plain ? 'Choose an answer' : 'Select an answer';
  const shape: Record<string, z.ZodType<StoredAnswer | null>> = {};
  for (const q of questions) {
    const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
    const missing = () =>
      q.required
        ? {
            ok: false as const,
            message:
              q.kind === 'free_text' || q.kind === 'number'
                ? plain
                  ? 'Write an answer'
                  : 'Enter an answer'
                : pick,
          }
        : { ok: true as const, value: null };
    shape[fieldOf(q.id)] = z
      .unknown()
      .optional()
      .transform((raw, ctx) => {
        if (Array.isArray(raw)) {
          ctx.addIssue({ code: 'custom', message: plain ? 'Choose one answer' : 'Select one answer' });
          return z.NEVER;
        }
        if (blank(raw)) {
          const m = missing();
          if (!m.ok) {
            ctx.addIssue({ code: 'custom', message: m.message });
            return z.NEVER;
          }
          return null;
        }
        const value = String(raw).trim();
        const fail = (message: string) => {
          ctx.addIssue({ code: 'custom', message });
          return z.NEVER;
        };
        switch (q.kind) {
          case 'agreement': {
            if (!/^[1-5]$/.test(value))
              return fail(
                plain
                  ? 'Choose one of the answers'
                  : 'Select a point on the scale from strongly disagree to strongly agree',
              );
            return { questionId: q.id, numberValue: Number(value), textValue: null };
          }
          case 'yes_no': {
            if (value !== 'yes' && value !== 'no')
              return fail(plain ? 'Choose yes or no' : 'Select yes or no');
            return { questionId: q.id, numberValue: value === 'yes' ? 1 : 0, textValue: null };
          }
          case 'choice': {
            if (!(q.options ?? []).includes(value))
              return fail(plain ? 'Choose one of the answers' : 'Select one of the options');
            return { questionId: q.id, numberValue: null, textValue: value };
          }
          case 'number': {
            const range = `from ${q.minValue} to ${q.maxValue}`;
            if (!/^-?\d{1,9}$/.test(value)) return fail(`Enter a whole number ${range}`);
            const n = Number(value);
            if (n < (q.minValue ?? Number.MIN_SAFE_INTEGER) || n > (q.maxValue ?? Number.MAX_SAFE_INTEGER))
              return fail(`Enter a whole number ${range}`);
            return { questionId: q.id, numberValue: n, textValue: null };
          }
          case 'free_text': {
            if (value.length > 2000) return fail('Answer must be 2000 characters or fewer');
            return { questionId: q.id, numberValue: null, textValue: value };
          }
        }
      });
  }
  return z.object(shape).transform((v) => Object.values(v).filter((a): a is StoredAnswer => a !== null));
}
