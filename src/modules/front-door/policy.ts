/**
 * The Family Front Door's rules. Referrers see their own referrals and the feedback on them; a
 * setting's safeguarding lead (its DSL, or its head) sees every referral the setting made; the
 * front door sees all; auditors only the cases sampled for them; executives only aggregates.
 */
import {
  type RecordFacts,
  type SignedInUser,
  definePolicy,
  inScope,
} from '../../platform/auth/permissions.ts';
import type { Role } from '../../platform/auth/roles.ts';

declare module '../../platform/auth/permissions.ts' {
  interface RecordFacts {
    /** Front door: who made the referral. */
    referrerUserIds?: readonly string[];
  }
}

/**
 * Practitioners who refer. Each works in a setting, team or organisation, so what they see is
 * confined to it: their own referrals, and (for a setting's DSL or head, a team, a force) their
 * place's. Handlers narrow further where only the referrer may act (a draft is its referrer's).
 */
export const REFERRERS = [
  'dsl',
  'head_teacher',
  'police_officer',
  'health_visitor',
  'hospital_safeguarding_nurse',
] as const satisfies readonly Role[];

/** The referrer's own referral, or one made from their setting, team or organisation. */
function referrersOwn(user: SignedInUser, facts: RecordFacts): boolean {
  return (facts.referrerUserIds ?? []).includes(user.id) || inScope(user, facts);
}

export const frontDoorPolicy = definePolicy({
  'front-door:refer': { roles: REFERRERS },
  'front-door:referrals': { roles: REFERRERS },
  // A referral's page: referrers (their own and their place's: referral:view) and the front door (all: front-door:casework).
  'front-door:referral': { roles: [...REFERRERS, 'front_door_practitioner'] },
  'referral:view': { roles: REFERRERS, record: referrersOwn },
  'referral:edit': { roles: REFERRERS, record: referrersOwn },
  'front-door:inbox': { roles: ['front_door_practitioner'] },
  'referral:decide': { roles: ['front_door_practitioner'] },
  'front-door:casework': { roles: ['front_door_practitioner'] },
  'front-door:audit-programme': { roles: ['qa_lead'] },
  // Auditors see only the cases sampled for them: the pages narrow to the case's assigned auditor.
  'front-door:audit-cases': { roles: ['qa_lead', 'auditor'] },
  'audit-case:complete': { roles: ['qa_lead', 'auditor'] },
  // Counts only: no child appears on the dashboard.
  'front-door:dashboard': { roles: ['front_door_practitioner', 'qa_lead', 'executive', 'partnership_admin'] },
});

declare module '../../platform/auth/permissions.ts' {
  interface Policies {
    'front-door': typeof frontDoorPolicy;
  }
}
