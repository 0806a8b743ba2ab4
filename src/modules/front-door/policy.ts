/**
 * The Family Front Door's rules. Referrers see their own referrals and the feedback on them; a
 * setting's safeguarding lead (its DSL, or its head) sees every referral the setting made; the
 * front door sees all; auditors only the cases sampled for them; executives only aggregates.
 */
import { type RecordFacts, type SignedInUser, definePolicy } from '../../platform/auth/permissions.ts';
import type { Role } from '../../platform/auth/roles.ts';

declare module '../../platform/auth/permissions.ts' {
  interface RecordFacts {
    /** Front door: who made the referral. */
    referrerUserIds?: readonly string[];
    /** Front door: the auditor a sampled case is assigned to. */
    auditorUserIds?: readonly string[];
    /** Front door: the referral is in a month's audit sample. */
    sampled?: boolean;
  }
}

/** Anyone who works with children may refer. */
export const REFERRERS = [
  'dsl',
  'head_teacher',
  'police_officer',
  'health_visitor',
  'hospital_safeguarding_nurse',
  'get_safe_coordinator',
  'education_safeguarding_officer',
] as const satisfies readonly Role[];

/** A setting's safeguarding leads see the setting's referrals. */
const SETTING_LEADS: readonly Role[] = ['dsl', 'head_teacher'];

function ownOrSettings(user: SignedInUser, facts: RecordFacts): boolean {
  if ((facts.referrerUserIds ?? []).includes(user.id)) return true;
  return (
    SETTING_LEADS.includes(user.role) &&
    user.settingId != null &&
    (facts.settingIds ?? []).includes(user.settingId)
  );
}

function sampledFor(user: SignedInUser, facts: RecordFacts): boolean {
  if (user.role === 'qa_lead') return facts.sampled === true;
  return (facts.auditorUserIds ?? []).includes(user.id);
}

export const frontDoorPolicy = definePolicy({
  'front-door:refer': { roles: REFERRERS },
  'front-door:referrals': { roles: REFERRERS },
  'referral:view': {
    roles: [...REFERRERS, 'front_door_practitioner', 'qa_lead', 'auditor'],
    record: (user, facts) =>
      user.role === 'front_door_practitioner' ||
      ((REFERRERS as readonly Role[]).includes(user.role) && ownOrSettings(user, facts)) ||
      ((user.role === 'qa_lead' || user.role === 'auditor') && sampledFor(user, facts)),
  },
  'referral:edit': {
    roles: REFERRERS,
    // Only its referrer changes a draft; once submitted it is the front door's.
    record: (user, facts) => (facts.referrerUserIds ?? []).includes(user.id) && facts.state === 'draft',
  },
  'front-door:inbox': { roles: ['front_door_practitioner'] },
  'referral:decide': {
    roles: ['front_door_practitioner'],
    record: (_user, facts) => facts.state === 'submitted',
  },
  'front-door:casework': { roles: ['front_door_practitioner'] },
  'front-door:audit-programme': { roles: ['qa_lead'] },
  'front-door:audit-cases': { roles: ['qa_lead', 'auditor'] },
  'audit-case:complete': {
    roles: ['qa_lead', 'auditor'],
    record: sampledFor,
  },
  // Counts only: no child appears on the dashboard.
  'front-door:dashboard': { roles: ['front_door_practitioner', 'qa_lead', 'executive', 'partnership_admin'] },
});

declare module '../../platform/auth/permissions.ts' {
  interface Policies {
    'front-door': typeof frontDoorPolicy;
  }
}
