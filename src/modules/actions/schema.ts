/** zod for every input of the action tracker: its forms and its list filters. */
import { z } from 'zod';
import { dateInput, email, optionalDateInput, optionalText, text } from '../../platform/http/fields.ts';
import type { ImpactJudgement } from './tables.ts';

export const IMPACT_LABELS: Record<ImpactJudgement, string> = {
  embedded: 'Embedded: the change is seen in practice',
  partly: 'Partly evidenced',
  not_evidenced: 'Not evidenced',
};

export const IMPACT_SHORT: Record<ImpactJudgement, string> = {
  embedded: 'Embedded',
  partly: 'Partly evidenced',
  not_evidenced: 'Not evidenced',
};

const link = z
  .string()
  .trim()
  .max(500, 'The link must be 500 characters or fewer')
  .optional()
  .transform((v) => v || undefined)
  .refine((v) => !v || /^https?:\/\/\S+$/.test(v), 'Enter a link that starts with https:// or http://');

/** Progress with its evidence (the file comes beside it, from the multipart body). */
export const updateInput = z.object({
  note: text('what has been done', 4000),
  link,
  fileTitle: optionalText('File name', 120),
});

export const doneInput = z.object({
  doneNote: text('what was done and the evidence that it is done', 4000),
  doneLink: link,
});

export const dropInput = z.object({
  reason: text('why the action is being dropped', 2000),
});

export const impactInput = z.object({
  judgement: z.enum(['embedded', 'partly', 'not_evidenced'], {
    error: 'Select whether the learning is embedded, partly evidenced or not evidenced',
  }),
  evidence: text('the evidence the judgement rests on', 4000),
  judgedOn: dateInput('The date judged'),
});

/** The owning agency: required on every form that records an action. */
export const owningAgency = z
  .string({ error: 'Select the agency that owns the action' })
  .trim()
  .regex(/^[1-9]\d{0,9}$/, 'Select the agency that owns the action')
  .transform(Number);

/** An action recorded by hand, from a partnership decision. */
// In the order the form asks, so the error summary lists the problems in that order.
export const newActionInput = z.object({
  decision: text('the decision it comes from', 300),
  description: text('what is to be done', 2000),
  owningOrganisationId: owningAgency,
  ownerName: optionalText('Owner', 200),
  dueOn: optionalDateInput('The due date'),
  measurableOutcome: optionalText('Measurable outcome', 2000),
});

export const leadInput = z.object({
  organisationId: z.coerce.number().int().positive('Select an agency'),
  name: text('the lead’s name', 200),
  email: email('the lead’s email address'),
});

export const listQuery = z.object({
  organisation: z.coerce.number().int().positive().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});
