/**
 * What the review group enters. Rules that need the stored case (a date before the notification,
 * a decision before the notification was sent) are checked by the service against it; these
 * check each form on its own.
 */
import { z } from 'zod';
import { londonDate } from '../../platform/calendar/index.ts';
import { now } from '../../platform/clock.ts';
import {
  dateInput,
  optionalDateInput,
  optionalNhsNumber,
  optionalText,
  text,
} from '../../platform/http/fields.ts';

export const DECISIONS = {
  cspr: 'Hold a child safeguarding practice review (CSPR)',
  no_cspr: 'Do not hold a CSPR: the learning is taken forward from the rapid review',
};
export const PANEL_RESPONSES = {
  agrees: 'Agrees with the decision',
  disagrees: 'Disagrees with the decision',
};
export const REQUEST_KINDS = { chronology: 'Chronology', information: 'Other information' };
export const NATIONAL_KINDS = { national_review: 'National review', panel_briefing: 'Panel briefing paper' };
export const NATIONAL_DECISIONS = {
  relevant: 'Relevant here: act on it',
  in_place: 'Already in place here',
  not_relevant: 'Not relevant here',
};
export const SEXES = { female: 'Female', male: 'Male', unknown: 'Not known' };

const today = () => londonDate(now());
// GOV.UK date inputs (day, month and year boxes; YYYY-MM-DD is read too).
const notFuture = (label: string) => dateInput(label, { when: 'todayOrPast', today });
const optionalNotFuture = (label: string) => optionalDateInput(label, { when: 'todayOrPast', today });

export const notificationInput = z
  .object({
    givenName: text('the child’s given name', 100),
    familyName: text('the child’s family name', 100),
    dateOfBirth: notFuture('Date of birth'),
    sex: z.enum(['female', 'male', 'unknown'], { error: 'Select the child’s sex' }),
    nhsNumber: optionalNhsNumber(),
    incidentOn: notFuture('Date of the incident'),
    incidentSummary: text('what happened', 2000),
    becameAwareOn: notFuture('Date the partnership became aware'),
    notifiedOn: optionalNotFuture('Date the Panel was notified'),
    /** The child chosen from the candidates shown: a child index id, or 'new'. */
    childChoice: z
      .string()
      .optional()
      .transform((v) => v || undefined),
  })
  .superRefine((v, ctx) => {
    if (v.becameAwareOn < v.incidentOn)
      ctx.addIssue({
        code: 'custom',
        path: ['becameAwareOn'],
        message: 'Date the partnership became aware must be on or after the incident',
        params: { dateParts: ['day', 'month', 'year'] },
      });
    if (v.notifiedOn && v.notifiedOn < v.becameAwareOn)
      ctx.addIssue({
        code: 'custom',
        path: ['notifiedOn'],
        message: 'Date the Panel was notified must be on or after the date the partnership became aware',
        params: { dateParts: ['day', 'month', 'year'] },
      });
    if (v.incidentOn < v.dateOfBirth)
      ctx.addIssue({
        code: 'custom',
        path: ['incidentOn'],
        message: 'Date of the incident must be on or after the child’s date of birth',
        params: { dateParts: ['day', 'month', 'year'] },
      });
  });
export type NotificationInput = z.infer<typeof notificationInput>;

export const notifiedInput = z.object({ notifiedOn: notFuture('Date the Panel was notified') });

export const requestInput = z
  .object({
    organisationId: z.coerce
      .number({ error: 'Select the agency' })
      .int('Select the agency')
      .positive('Select the agency'),
    kind: z.enum(['chronology', 'information'], { error: 'Select what was asked for' }),
    requestedOn: notFuture('Date requested'),
    receivedOn: optionalNotFuture('Date received'),
  })
  .superRefine((v, ctx) => {
    if (v.receivedOn && v.receivedOn < v.requestedOn)
      ctx.addIssue({
        code: 'custom',
        path: ['receivedOn'],
        message: 'Date received must be on or after the date requested',
        params: { dateParts: ['day', 'month', 'year'] },
      });
  });

export const receivedInput = z.object({ receivedOn: notFuture('Date received') });

export const decisionInput = z
  .object({
    meetingOn: optionalNotFuture('Date of the rapid review meeting'),
    decision: z.enum(['cspr', 'no_cspr'], { error: 'Select the decision' }),
    decisionReasons: text('the reasons for the decision', 4000),
    decidedOn: notFuture('Date of the decision'),
    sentToPanelOn: optionalNotFuture('Date the rapid review was sent to the Panel'),
    learning: optionalText('Learning', 4000),
  })
  .superRefine((v, ctx) => {
    if (v.meetingOn && v.decidedOn < v.meetingOn)
      ctx.addIssue({
        code: 'custom',
        path: ['decidedOn'],
        message: 'Date of the decision must be on or after the meeting',
        params: { dateParts: ['day', 'month', 'year'] },
      });
    if (v.sentToPanelOn && v.sentToPanelOn < v.decidedOn)
      ctx.addIssue({
        code: 'custom',
        path: ['sentToPanelOn'],
        message: 'Date sent to the Panel must be on or after the decision',
        params: { dateParts: ['day', 'month', 'year'] },
      });
  });
export type DecisionInput = z.infer<typeof decisionInput>;

export const panelInput = z.object({
  panelResponse: z.enum(['agrees', 'disagrees'], { error: 'Select the Panel’s response' }),
  panelResponseOn: notFuture('Date of the Panel’s response'),
  panelComment: optionalText('What the Panel said', 4000),
});
export type PanelInput = z.infer<typeof panelInput>;

export const scrutinyInput = z.object({
  scrutineerComment: text('the scrutineer’s comment', 4000),
  scrutineerCommentedOn: notFuture('Date of the comment'),
});

export const csprInput = z.object({
  reviewerName: optionalText('Reviewer', 200),
  jointWithDhr: z
    .string()
    .optional()
    .transform((v) => v === 'yes'),
  termsOfReference: optionalText('Terms of reference', 8000),
  publicationWaitReason: optionalText('Why publication waits', 2000),
  publishedOn: optionalNotFuture('Date published'),
  reportUrl: optionalText('Link to the published report', 500).refine(
    (v) => !v || /^https?:\/\/\S+$/.test(v),
    'Enter the link as a full web address, like https://example.org/report.pdf',
  ),
});
export type CsprInput = z.infer<typeof csprInput>;

export const milestoneInput = z.object({
  title: text('the milestone', 200),
  dueOn: dateInput('Date planned'),
});
export const milestoneDoneInput = z.object({ doneOn: notFuture('Date done') });

export const recommendationInput = z.object({ text: text('the recommendation', 4000) });

export const nationalInput = z.object({
  kind: z.enum(['national_review', 'panel_briefing'], { error: 'Select what it is' }),
  title: text('a title', 300),
  publishedOn: notFuture('Date published'),
  url: optionalText('Link', 500).refine(
    (v) => !v || /^https?:\/\/\S+$/.test(v),
    'Enter the link as a full web address, like https://www.gov.uk/…',
  ),
  summary: optionalText('Summary', 4000),
});
export type NationalInput = z.infer<typeof nationalInput>;

export const nationalDecisionInput = z.object({
  decision: z.enum(['relevant', 'in_place', 'not_relevant'], { error: 'Select the partnership’s decision' }),
  decisionReason: text('why', 2000),
  decidedOn: notFuture('Date decided'),
});

export const memberInput = z.object({ userId: z.uuid({ error: 'Select a member of the review group' }) });

export const surveyAttachInput = z.object({
  surveyId: z.coerce.number({ error: 'Select a survey' }).int('Select a survey').positive('Select a survey'),
});

/** A new action for a recommendation: the tracker's fields; the owning agency is required here. */
export const recommendationActionInput = z.object({
  description: text('what is to be done', 2000),
  owningOrganisationId: z.coerce
    .number({ error: 'Select the agency that owns the action' })
    .int('Select the agency that owns the action')
    .positive('Select the agency that owns the action'),
  ownerName: optionalText('Named owner', 200).transform((v) => v ?? null),
  dueOn: optionalDateInput('Due date').transform((v) => v ?? null),
  measurableOutcome: optionalText('Measurable outcome', 2000).transform((v) => v ?? null),
});
