/** Every input of the front door, checked with zod; the wording of each choice beside it. */
import { z } from 'zod';
import { dateInput, optionalDateInput, optionalText, text } from '../../platform/http/fields.ts';

export const LEVELS_OF_NEED: Record<string, { title: string; summary: string }> = {
  '1': {
    title: 'Level 1: universal',
    summary:
      'Needs are met by universal services (school, GP, health visiting); no extra help is needed beyond what every child gets.',
  },
  '2': {
    title: 'Level 2: early help (additional needs)',
    summary:
      'Additional needs best met by a single agency or the setting’s own early-help offer, with the family’s consent.',
  },
  '3': {
    title: 'Level 3: targeted early help (multiple needs)',
    summary:
      'Multiple or complex needs needing a coordinated multi-agency response: an early help assessment and a team around the family.',
  },
  '4': {
    title: 'Level 4: specialist (children’s social care)',
    summary:
      'The child is at risk of significant harm, or their needs cannot be met without social care: a child and family assessment or section 47 enquiries.',
  },
};

export const CONSENT = {
  obtained: 'Consent obtained from the parent or carer',
  not_obtained: 'Consent not obtained (give the reason)',
  not_sought_risk: 'Consent not sought because seeking it would increase the risk to the child',
} as const;

export const URGENCY = {
  immediate: 'Immediate: the child is at risk of significant harm now',
  urgent: 'Urgent: a decision is needed today',
  standard: 'Standard',
} as const;

export const DECISIONS = {
  nfa_advice: 'No further action, advice given',
  signpost_universal: 'Signpost to universal services',
  early_help_setting: 'Early help: the setting’s own early-help offer',
  early_help_targeted: 'Targeted early help (levels 2 to 3)',
  assessment_s17: 'Child and family assessment (section 17)',
  strategy_discussion: 'Strategy discussion (section 47 concerns)',
} as const;

export const AGENCIES = {
  social_care: 'Children’s social care',
  police: 'Police',
  health: 'Health',
  education: 'Education',
  probation: 'Probation',
  youth_justice: 'Youth justice',
  other: 'Other agency',
} as const;

export const STRATEGY_DECISIONS = {
  section47: 'Section 47 enquiries begin',
  none: 'No section 47 enquiries',
  further_discussion: 'A further strategy discussion',
} as const;

export const SECTION47_OUTCOMES = {
  icpc: 'Concerns substantiated: initial child protection conference',
  cin_plan: 'Child in need plan',
  nfa: 'No further action',
} as const;

export const PLAN_CATEGORIES = {
  neglect: 'Neglect',
  physical: 'Physical abuse',
  sexual: 'Sexual abuse',
  emotional: 'Emotional abuse',
  multiple: 'Multiple',
} as const;

export const ASSESSMENT_OUTCOMES = {
  nfa: 'No further action',
  early_help: 'Step down to early help',
  child_in_need: 'Child in need plan',
  strategy_discussion: 'Strategy discussion',
} as const;

export const AGENCY_TYPES = {
  school: 'School',
  early_years: 'Early years',
  police: 'Police',
  health: 'Health',
  local_authority: 'Local authority',
  other: 'Other',
} as const;

const keys = <T extends Record<string, unknown>>(o: T) =>
  Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const choice = <T extends Record<string, unknown>>(o: T, message: string) =>
  z.enum(keys(o), { error: message });
const yesNo = (message: string) => z.enum(['yes', 'no'], { error: message }).transform((v) => v === 'yes');
const level = (message: string) => z.enum(['1', '2', '3', '4'], { error: message }).transform(Number);

/** Finding the child first: what the referrer knows. */
export const findChildInput = z.object({
  givenName: text('the child’s given name', 100),
  familyName: text('the child’s family name', 100),
  dateOfBirth: dateInput('Date of birth'),
  postcode: optionalText('Postcode', 10),
});

/** A draft may be saved with anything filled in; each field only within its length. */
export const draftInput = z.object({
  referrerName: optionalText('Your name', 200),
  referrerJobTitle: optionalText('Your role', 200),
  referrerEmail: optionalText('Your email', 254),
  referrerPhone: optionalText('Your phone number', 40),
  familyAndHousehold: optionalText('Family and household', 5000),
  concerns: optionalText('The concerns', 10000),
  referrerLevelOfNeed: z
    .enum(['1', '2', '3', '4'])
    .optional()
    .catch(undefined)
    .transform((v) => (v ? Number(v) : undefined)),
  childVoice: optionalText('The child’s voice', 5000),
  consent: z.enum(keys(CONSENT)).optional().catch(undefined),
  consentReason: optionalText('Why consent was not obtained', 2000),
  siblingsElsewhere: optionalText('Siblings not at your setting', 2000),
  existingEarlyHelp: optionalText('Existing early help', 5000),
  settingEarlyHelpOffer: z
    .enum(['yes', 'no'])
    .optional()
    .catch(undefined)
    .transform((v) => (v === undefined ? undefined : v === 'yes')),
  urgency: z.enum(keys(URGENCY)).optional().catch(undefined),
});
export type DraftInput = z.infer<typeof draftInput>;

/** Submitting: everything the front door needs to decide. */
export const submissionInput = z
  .object({
    referrerName: text('your name', 200),
    referrerJobTitle: text('your role', 200),
    referrerEmail: text('your email', 254).pipe(
      z.email('Enter your email in the correct format, like name@example.org'),
    ),
    referrerPhone: optionalText('Your phone number', 40),
    familyAndHousehold: text('the family and household', 5000),
    concerns: text('the concerns in your own words', 10000),
    referrerLevelOfNeed: level('Select the Level of Need you judge'),
    childVoice: text('what the child said, or why it is not known', 5000),
    consent: choice(CONSENT, 'Select whether consent was obtained'),
    consentReason: optionalText('Why consent was not obtained', 2000),
    siblingsElsewhere: optionalText('Siblings not at your setting', 2000),
    existingEarlyHelp: text('the early help already in place, or “none”', 5000),
    settingEarlyHelpOffer: yesNo('Select whether your setting’s own early-help offer has been used'),
    urgency: choice(URGENCY, 'Select how urgent this is'),
  })
  .superRefine((v, ctx) => {
    if (v.consent === 'not_obtained' && !v.consentReason)
      ctx.addIssue({
        code: 'custom',
        path: ['consentReason'],
        message: 'Enter why consent was not obtained',
      });
  });
export type SubmissionInput = z.infer<typeof submissionInput>;

/** The front door's decision, with the feedback that must go with it. */
export const decisionInput = z.object({
  decision: choice(DECISIONS, 'Select the decision'),
  rationale: text('the rationale for the decision', 5000),
  decidedLevelOfNeed: level('Select the Level of Need decided'),
  feedbackOutcome: text('the outcome for the feedback', 2000),
  feedbackNextSteps: text('the next steps for the feedback', 2000),
  feedbackContact: text('whom to contact', 500),
  feedbackRecipient: z.enum(['referrer', 'safeguarding_lead'], { error: 'Select who receives the feedback' }),
});
export type DecisionInput = z.infer<typeof decisionInput>;

export const ATTENDEE_SLOTS = Object.keys(AGENCIES) as (keyof typeof AGENCIES)[];
export const ACTION_SLOTS = [0, 1, 2] as const;

const optionalCivilDate = (label: string) => optionalDateInput(label);

/** Who attended for each agency (blank: did not attend), and up to three actions. */
const attendeeAndActionFields: Record<string, z.ZodType<string | undefined, unknown>> = {
  ...Object.fromEntries(
    ATTENDEE_SLOTS.map((a) => [`attendee_${a}`, optionalText(`${AGENCIES[a]} attendee`, 200)]),
  ),
  ...Object.fromEntries(
    ACTION_SLOTS.flatMap((i) => [
      [`action${i}_description`, optionalText('The action', 1000)],
      [`action${i}_owningOrganisationId`, optionalText('The owning agency', 12)],
      [`action${i}_owner`, optionalText('The owner', 200)],
      [`action${i}_dueOn`, optionalCivilDate('The due date')],
      [`action${i}_outcome`, optionalText('The measurable outcome', 1000)],
    ]),
  ),
};

/** A strategy discussion: its date, what was shared, who attended, its decision and actions. */
export const strategyDiscussionInput = z
  .object({
    heldOn: dateInput('The date it was held'),
    informationShared: text('the information shared', 10000),
    decision: choice(STRATEGY_DECISIONS, 'Select the decision'),
  })
  .extend(attendeeAndActionFields)
  .superRefine((v, ctx) => {
    const record = v as Record<string, unknown>;
    if (!ATTENDEE_SLOTS.some((a) => record[`attendee_${a}`]))
      ctx.addIssue({
        code: 'custom',
        path: ['attendee_social_care'],
        message: 'Enter who attended for at least one agency',
      });
  });
export type StrategyDiscussionInput = {
  heldOn: string;
  informationShared: string;
  decision: keyof typeof STRATEGY_DECISIONS;
} & Record<string, string | undefined>;

export const minutesInput = z.object({
  agency: choice(AGENCIES, 'Select the agency'),
  sharedOn: dateInput('The date the minutes were shared'),
});

export const section47Input = z.object({
  outcome: choice(SECTION47_OUTCOMES, 'Select the outcome of the enquiry'),
  completedOn: dateInput('The date of the outcome'),
});

export const icpcInput = z.object({
  heldOn: dateInput('The date of the conference'),
  quorate: yesNo('Select whether the conference was quorate'),
  outcome: z.enum(['cp_plan', 'no_plan'], { error: 'Select the outcome' }),
  category: z.enum(keys(PLAN_CATEGORIES)).optional().catch(undefined),
  previousPlans: z.coerce.number().int().min(0).max(20).optional().catch(undefined),
});

export const reviewInput = z.object({
  heldOn: dateInput('The date of the review'),
  outcome: z.enum(['continue', 'end'], { error: 'Select the outcome' }),
});

export const planEndInput = z.object({
  endedOn: dateInput('The date the plan ended'),
  endReason: text('why the plan ended', 1000),
});

export const assessmentInput = z.object({
  authorisedOn: dateInput('The date it was authorised'),
  outcome: choice(ASSESSMENT_OUTCOMES, 'Select the outcome'),
});

export const monthQuery = z.object({
  month: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .optional()
    .catch(undefined),
});

export const auditCaseInput = z.object({
  whyMade: text('why the referral was made', 5000),
  quality: z.enum(['good', 'requires_improvement', 'inadequate'], { error: 'Select the referral’s quality' }),
  childVoiceEvidenced: yesNo('Select whether the child’s voice was evidenced'),
  lowerLevel: z.enum(['setting_offer', 'lower_level', 'neither'], {
    error: 'Select whether the setting’s offer or a lower level would have met the need',
  }),
  learningReferrer: text('the learning for the referrer', 5000),
  learningFrontDoor: text('the learning for the front door', 5000),
  feedbackSpecific: yesNo('Select whether the feedback was specific'),
  feedbackRightPerson: yesNo('Select whether the feedback went to the right person'),
});

export const swapInput = z.object({
  remove: z.coerce.number().int().positive({ message: 'Select the case to take out' }),
  add: z.coerce.number().int().positive({ message: 'Select the referral to put in' }),
});

export const confirmInput = z.object({
  auditorUserId: z
    .union([z.literal(''), z.uuid()])
    .optional()
    .transform((v) => v || null),
});

export const auditSettingsInput = z.object({
  sampleSize: z.coerce
    .number({ error: 'Enter the sample size' })
    .int('Enter a whole number')
    .min(1, 'Sample at least 1 referral')
    .max(100, 'Sample at most 100 referrals'),
  agencyTypes: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.enum(keys(AGENCY_TYPES))).min(1, 'Select at least one agency type'),
  ),
  policeHealthFrom: optionalDateInput('The date police and health join'),
});
