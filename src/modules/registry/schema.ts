/** Every input to the registry, checked with zod: forms, the settings CSV and the CLI. */
import { z } from 'zod';
import { ROLE_NAMES } from '../../platform/auth/roles.ts';
import { DATE_PARTS, dateInput, email, optionalText, text } from '../../platform/http/fields.ts';

export const PHASES = {
  early_years: 'Early years',
  first: 'First school',
  primary: 'Primary',
  middle: 'Middle school',
  secondary: 'Secondary or high school',
  special: 'Special school',
  independent: 'Independent school',
  further_education: 'Further education',
  alternative_provision: 'Alternative provision',
} as const;
export type Phase = keyof typeof PHASES;
export const PHASE_NAMES = Object.keys(PHASES) as Phase[];

export const ORGANISATION_KINDS = {
  local_authority: 'Local authority',
  icb: 'Integrated care board',
  police: 'Police',
  hospital_trust: 'Hospital trust',
  community_health_trust: 'Community health trust',
  probation: 'Probation',
  youth_justice: 'Youth justice',
  voluntary: 'Voluntary sector',
  education: 'Education',
} as const;

/** The range a school day may start in (24-hour times). */
export const SCHOOL_DAY_EARLIEST = '06:00';
export const SCHOOL_DAY_LATEST = '12:00';

export const settingInput = z.object({
  urn: z
    .string({ error: 'Enter the URN' })
    .trim()
    .regex(/^\d{6}$/, 'URN must be 6 digits, like 116234'),
  name: text('the setting’s name'),
  phase: z.enum(PHASE_NAMES as [Phase, ...Phase[]], { error: 'Select the phase' }),
  districtCode: text('the district', 20),
  schoolDayStartsAt: z
    .string({ error: 'Enter when the school day starts' })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter when the school day starts as a 24-hour time, like 08:45')
    // A notice is due at the start of the next school day: a start in the night (23:59) would
    // make a notice due within minutes of an evening incident, or a day late.
    .refine(
      (v) => v >= SCHOOL_DAY_EARLIEST && v <= SCHOOL_DAY_LATEST,
      `The school day must start between ${SCHOOL_DAY_EARLIEST} and ${SCHOOL_DAY_LATEST}`,
    ),
  safeguardingEmail: email('the safeguarding email address'),
});
export type SettingInput = z.infer<typeof settingInput>;

/** The settings CSV: these columns, in any order, with a header row. */
export const SETTING_CSV_COLUMNS = [
  'urn',
  'name',
  'phase',
  'district',
  'school_day_starts_at',
  'safeguarding_email',
] as const;

/**
 * Columns the settings CSV once had: Operation Encompass enrolment, now Operation Encompass's to
 * record (on its enrolment pages). A file that still has them is refused, saying so, rather than
 * imported without them as if they had been read.
 */
export const FORMER_SETTING_CSV_COLUMNS = ['encompass_status', 'encompass_joined_on'] as const;

export const organisationInput = z.object({
  code: z
    .string({ error: 'Enter a code' })
    .trim()
    .regex(/^[A-Z0-9-]{2,20}$/, 'Code must be 2 to 20 capital letters, digits or hyphens, like WSP'),
  name: text('the organisation’s name'),
  kind: z.enum(Object.keys(ORGANISATION_KINDS) as [keyof typeof ORGANISATION_KINDS], {
    error: 'Select the kind of organisation',
  }),
  safeguardingPartner: z
    .union([z.literal('yes'), z.literal('no'), z.undefined()])
    .transform((v) => v === 'yes'),
});
export type OrganisationInput = z.infer<typeof organisationInput>;

// The fields in the order the form shows them, so the error summary lists them in that order.
export const userInput = z.object({
  givenName: text('the given name', 100),
  familyName: text('the family name', 100),
  email: email('the email address'),
  role: z.enum(ROLE_NAMES as [string, ...string[]], { error: 'Select a role' }),
  organisationCode: optionalText('Organisation', 20),
  teamCode: optionalText('Team', 40),
  settingUrn: optionalText('Setting URN', 6),
  password: z
    .string({ error: 'Enter a password' })
    .min(12, 'Password must be at least 12 characters')
    .max(200, 'Password must be 200 characters or fewer'),
});
export type UserInput = z.infer<typeof userInput>;

/** Changing an account: the same fields, no password, and whether it may still sign in. */
export const userUpdate = userInput.omit({ password: true }).extend({
  active: z
    .enum(['yes', 'no'], { error: 'Select whether the account can sign in' })
    .transform((v) => v === 'yes'),
});
export type UserUpdate = z.infer<typeof userUpdate>;

export const settingFilters = z.object({
  phase: z
    .enum(PHASE_NAMES as [Phase, ...Phase[]])
    .optional()
    .catch(undefined),
  district: z.string().max(20).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});
export type SettingFilters = z.infer<typeof settingFilters>;

/** A Key Adult (DSL or deputy) or the head, who receive a setting's notices and escalations. */
export const keyAdultInput = z.object({
  staffRole: z.enum(['dsl', 'deputy_dsl', 'head'], { error: 'Select their role' }),
  givenName: text('their given name', 100),
  familyName: text('their family name', 100),
  email: email('their work email address'),
});
export type KeyAdultInput = z.infer<typeof keyAdultInput>;

/** A day the setting is closed inside term: an INSET day or another closure. */
export const closureInput = z.object({
  date: dateInput('The date'),
  reason: z.enum(['inset', 'closure'], { error: 'Select why the setting is closed' }),
});
export type ClosureInput = z.infer<typeof closureInput>;

/** One of a setting's own terms (an independent school's, a college's). */
export const ownTermInput = z
  .object({
    name: text('the term’s name, like Michaelmas', 60),
    startsOn: dateInput('The first day of the term'),
    endsOn: dateInput('The last day of the term'),
  })
  .superRefine((t, ctx) => {
    if (t.endsOn < t.startsOn)
      ctx.addIssue({
        code: 'custom',
        path: ['endsOn'],
        message: 'The last day of the term must be the same as or after the first',
        params: { dateParts: [...DATE_PARTS] },
      });
  });
export type OwnTermInput = z.infer<typeof ownTermInput>;
