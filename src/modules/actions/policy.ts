/**
 * Who sees and works on actions. Partnership roles (the business unit, the QA lead, the review
 * group, the coordinators) see every action; everyone else sees the actions their own agency
 * owns. Executives and analysts see figures only. Evidence of impact is judged by the group that
 * owns the action's source: one permission per kind of source, so handlers ask the policy, never
 * the role.
 *
 * Record facts for an action: `organisationIds` = [its owning agency], `teamIds` = that agency's
 * teams (so a front door practitioner or health visitor sees their own agency's actions).
 */
import { type Permission, definePolicy, inScope } from '../../platform/auth/permissions.ts';
import type { Role } from '../../platform/auth/roles.ts';

/** Everyone who may work on actions (all but the figures-only roles and the settings' staff). */
export const ACTION_ROLES = [
  'partnership_admin',
  'police_officer',
  'health_visitor',
  'front_door_practitioner',
  'hospital_safeguarding_nurse',
  'encompass_coordinator',
  'get_safe_coordinator',
  'data_quality',
  'auditor',
  'qa_lead',
  'education_safeguarding_officer',
  'trainer',
  'review_group_member',
] as const satisfies readonly Role[];

export const actionsPolicy = definePolicy({
  // Each agency's open actions (one's own agency; partnership roles choose one) and the overdue list.
  'actions:list': { roles: ACTION_ROLES },
  'action:view': { roles: ACTION_ROLES, record: inScope },
  // Updates with evidence, done, dropped: the owning agency's people and partnership roles.
  'action:update': { roles: ACTION_ROLES, record: inScope },
  // Evidence of impact: judged by the group that owns the source, never the agency itself.
  'impact:judge-quality': { roles: ['qa_lead'] },
  'impact:judge-reviews': { roles: ['review_group_member'] },
  'impact:judge-front-door': { roles: ['front_door_practitioner'] },
  'impact:judge-exploitation': { roles: ['get_safe_coordinator'] },
  'impact:judge-schools-audit': { roles: ['education_safeguarding_officer'] },
  'impact:judge-governance': { roles: ['partnership_admin'] },
  // Actions from partnership decisions, recorded by hand.
  'actions:create': { roles: ['partnership_admin'] },
  // Figures only: open, done, overdue and dropped, by agency and source.
  'actions:figures': { roles: ['partnership_admin', 'qa_lead', 'executive', 'analyst'] },
  // Who gets each agency's reminders.
  'actions:leads': { roles: ['partnership_admin'] },
});

/** The permission that judges the impact of actions from a source module (the business unit for any other). */
export function judgePermission(sourceModule: string): Permission {
  const name = `impact:judge-${sourceModule}`;
  return (name in actionsPolicy ? name : 'impact:judge-governance') as Permission;
}

declare module '../../platform/auth/permissions.ts' {
  interface Policies {
    actions: typeof actionsPolicy;
  }
}
