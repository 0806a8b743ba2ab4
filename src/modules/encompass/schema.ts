/** Every input to Operation Encompass, checked with zod: the officer's form and the police API. */
import { z } from 'zod';
import { londonDate } from '../../platform/calendar/index.ts';
import { optionalNhsNumber, optionalPostcode } from '../../platform/http/fields.ts';
import * as clock from '../../platform/clock.ts';

const text = (label: string, max = 200) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `${label[0]?.toUpperCase()}${label.slice(1)} must be ${max} characters or fewer`);

const optionalText = (label: string, max = 1000) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .optional()
    .nullable()
    .transform((v) => (v ? v : undefined));

const civilDate = (label: string) =>
  z
    .string({ error: `Enter ${label.toLowerCase()}` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a real date, like 2026-03-14`)
    .refine((v) => {
      const d = new Date(`${v}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
    }, `${label} must be a real date`);

export const PRESENCE = {
  in_room: 'In the room',
  elsewhere_in_home: 'Elsewhere in the home',
  not_present: 'Not present (normally lives there)',
} as const;

export const RISK_LEVELS = { standard: 'Standard', medium: 'Medium', high: 'High' } as const;

export const encompassChildInput = z
  .object({
    givenName: text('the child’s given name', 100),
    familyName: text('the child’s family name', 100),
    dateOfBirth: civilDate('Date of birth'),
    address: text('the child’s address', 300),
    postcode: optionalPostcode(optionalText('Postcode', 10)),
    nhsNumber: optionalNhsNumber(optionalText('NHS number', 20)),
    presence: z.enum(['in_room', 'elsewhere_in_home', 'not_present'], {
      error: 'Select whether the child was present, and where',
    }),
    spokenTo: z.boolean({ error: 'Say whether an officer spoke with the child' }),
    childVoice: optionalText('What the child said', 2000),
    demeanour: optionalText('Demeanour', 1000),
    injuries: optionalText('Injuries', 1000),
  })
  .superRefine((child, ctx) => {
    if (child.spokenTo && !child.childVoice) {
      ctx.addIssue({
        code: 'custom',
        path: ['childVoice'],
        message: 'Enter what the child said, in their words',
      });
    }
  });
export type EncompassChildInput = z.infer<typeof encompassChildInput>;

/** The incident as the police send it; `occurredAt` is an instant (ISO 8601 with offset). */
export const incidentInput = z
  .object({
    policeReference: z
      .string({ error: 'Enter the police reference' })
      .trim()
      .regex(/^[A-Za-z0-9/-]{3,40}$/, 'Police reference must be 3 to 40 letters, digits, slashes or hyphens'),
    occurredAt: z.iso
      .datetime({ offset: true, error: 'Enter when the incident happened, like 2026-11-27T22:30:00Z' })
      .transform((v) => new Date(v)),
    /** When the police attended or were told; optional for older clients: when it happened. */
    attendedAt: z.iso
      .datetime({
        offset: true,
        error: 'Enter when the police attended or were told, like 2026-11-27T22:45:00Z',
      })
      .transform((v) => new Date(v))
      .optional()
      .nullable(),
    place: text('where it happened', 300),
    districtCode: text('the district', 20),
    circumstances: text('the circumstances', 4000),
    riskLevel: z.enum(['standard', 'medium', 'high'], { error: 'Select the DASH risk level' }),
    officerName: text('the officer’s name', 200),
    children: z
      .array(encompassChildInput)
      .min(1, 'Add at least one child')
      .max(10, 'An incident can have at most 10 children'),
  })
  .superRefine((incident, ctx) => {
    // zod runs this even when occurredAt failed to parse; that failure is already reported.
    if (!(incident.occurredAt instanceof Date) || Number.isNaN(incident.occurredAt.getTime())) return;
    // A few minutes' grace for clocks that differ between a police system and this one.
    if (incident.occurredAt.getTime() > clock.now().getTime() + 5 * 60_000) {
      ctx.addIssue({ code: 'custom', path: ['occurredAt'], message: 'The incident cannot be in the future' });
    }
    if (incident.attendedAt instanceof Date && !Number.isNaN(incident.attendedAt.getTime())) {
      if (incident.attendedAt.getTime() < incident.occurredAt.getTime()) {
        ctx.addIssue({
          code: 'custom',
          path: ['attendedAt'],
          message: 'The police cannot have attended or been told before the incident happened',
        });
      } else if (incident.attendedAt.getTime() > clock.now().getTime() + 5 * 60_000) {
        ctx.addIssue({
          code: 'custom',
          path: ['attendedAt'],
          message: 'When the police attended or were told cannot be after it is recorded',
        });
      }
    }
    const incidentDate = londonDate(incident.occurredAt);
    incident.children.forEach((child, i) => {
      if (child.dateOfBirth > incidentDate) {
        ctx.addIssue({
          code: 'custom',
          path: ['children', i, 'dateOfBirth'],
          message: 'The child’s date of birth is after the incident',
        });
      } else if (ageOn(child.dateOfBirth, incidentDate) >= 18) {
        ctx.addIssue({
          code: 'custom',
          path: ['children', i, 'dateOfBirth'],
          message: 'The person was 18 or over: Operation Encompass is for children',
        });
      }
    });
  });
export type IncidentInput = z.infer<typeof incidentInput>;

/** When the police attended or were told; an incident without it (older API clients) was attended when it happened. */
export const attendedAtOf = (incident: Pick<IncidentInput, 'occurredAt' | 'attendedAt'>): Date =>
  incident.attendedAt ?? incident.occurredAt;

/** Whole years between two civil dates. */
export function ageOn(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export const ACTIONS = {
  support_in_school: 'Support in school or at the setting',
  monitoring: 'Monitoring',
  spoke_with_child: 'Spoke with the child',
  referral_to_front_door: 'Referral to the Family Front Door',
  no_action: 'No action',
} as const;

export const FEEDBACK = {
  good: 'The notice told us what we needed',
  not_enough_about_child: 'Not enough about the child',
  missing_details: 'Details missing or wrong',
  late: 'It arrived too late to help that day',
  other: 'Something else',
} as const;

/** The actions a recipient ticked ("What did you do?"): one or several, stored comma-separated. */
const actionsTaken = z.preprocess(
  (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : String(v).split(',')),
  z
    .array(z.enum(Object.keys(ACTIONS) as [keyof typeof ACTIONS], { error: 'Select what you did' }))
    .min(1, 'Select what you did'),
);

/** The actions stored on a notice, in words. */
export const actionsInWords = (stored: string | null | undefined): string[] =>
  (stored ?? '')
    .split(',')
    .filter(Boolean)
    .map((key) => ACTIONS[key as keyof typeof ACTIONS] ?? key);

export const acknowledgementInput = z
  .object({
    action: actionsTaken,
    actionNote: optionalText('More about what you did', 2000),
    feedback: z
      .enum(Object.keys(FEEDBACK) as [keyof typeof FEEDBACK])
      .optional()
      .or(z.literal('').transform(() => undefined)),
    feedbackNote: optionalText('Feedback', 2000),
  })
  .superRefine((value, ctx) => {
    if (value.action.includes('no_action') && value.action.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['action'],
        message: 'Select “No action” on its own, or only the actions you took',
      });
    } else if (value.action.includes('no_action') && !value.actionNote) {
      ctx.addIssue({ code: 'custom', path: ['actionNote'], message: 'Say why no action was needed' });
    }
  });
export type AcknowledgementInput = z.infer<typeof acknowledgementInput>;

/** The parts of an incident the police may correct after the notices went out. */
/** A correction by the police: when and where it happened, the circumstances, the risk. */
export const amendmentInput = z
  .object({
    occurredAt: z.iso
      .datetime({
        offset: true,
        error: 'Enter the date and time it happened: the date as a day, month and year, the time like 22:30',
      })
      .transform((v) => new Date(v)),
    place: text('where it happened', 300),
    circumstances: text('the circumstances', 4000),
    riskLevel: z.enum(['standard', 'medium', 'high'], { error: 'Select the DASH risk level' }),
    reason: text('why you are amending the incident', 1000),
  })
  .superRefine((amendment, ctx) => {
    if (!(amendment.occurredAt instanceof Date) || Number.isNaN(amendment.occurredAt.getTime())) return;
    if (amendment.occurredAt.getTime() > clock.now().getTime() + 5 * 60_000) {
      ctx.addIssue({ code: 'custom', path: ['occurredAt'], message: 'The incident cannot be in the future' });
    }
  });
export type AmendmentInput = z.infer<typeof amendmentInput>;

/** The police correct a child's details on a notice already made: who the child is, and why. */
export const childCorrectionInput = z.object({
  givenName: text('the child’s given name', 100),
  familyName: text('the child’s family name', 100),
  dateOfBirth: civilDate('Date of birth'),
  nhsNumber: optionalNhsNumber(optionalText('NHS number', 20)),
  reason: text('why you are correcting the child’s details', 1000),
});
export type ChildCorrectionInput = z.infer<typeof childCorrectionInput>;

export const withdrawalInput = z.object({
  reason: text('why the notice is being withdrawn', 1000),
});
export type WithdrawalInput = z.infer<typeof withdrawalInput>;

/** The coordinator sends a queued notice on by hand: to a setting (by URN) or a team. */
export const manualRoutingInput = z
  .object({
    recipient: z.enum(['setting', 'health_visiting', 'family_front_door'], {
      error: 'Select where the notice should go',
    }),
    settingUrn: optionalText('Setting URN', 6),
    teamCode: optionalText('Team', 40),
    reason: text('why it goes there', 1000),
  })
  .superRefine((value, ctx) => {
    if (value.recipient === 'setting' && !value.settingUrn) {
      ctx.addIssue({ code: 'custom', path: ['settingUrn'], message: 'Select the child’s setting' });
    }
    if (value.recipient !== 'setting' && !value.teamCode) {
      ctx.addIssue({ code: 'custom', path: ['teamCode'], message: 'Select the team' });
    }
  });
export type ManualRoutingInput = z.infer<typeof manualRoutingInput>;
