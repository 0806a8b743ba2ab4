/**
 * Who may do what in the Section 175/157 audit. The education safeguarding team defines each
 * year, sees every school's return, reminds and follows up; a school's DSL fills in its own
 * return and its head submits it; executives see the figures only.
 */
import { definePolicy, inScope } from '../../platform/auth/permissions.ts';

export const schoolsAuditPolicy = definePolicy({
  // The team's work: the years' questions, progress, reminders, follow-ups, every return, the CSV.
  'schools-audit:manage': { roles: ['education_safeguarding_officer'] },
  // Figures only (no school named): the team and the executive.
  'schools-audit:results': { roles: ['education_safeguarding_officer', 'executive'] },
  // A school's way to its own return.
  'schools-audit:own': { roles: ['dsl', 'head_teacher'] },
  'audit-return:view': {
    roles: ['education_safeguarding_officer', 'dsl', 'head_teacher'],
    record: inScope,
  },
  // Answers are saved by the school while the return is open; a submitted return is read-only.
  'audit-return:answer': {
    roles: ['dsl', 'head_teacher'],
    record: (user, facts) => inScope(user, facts) && facts.state !== 'submitted',
  },
  'audit-return:submit': {
    roles: ['head_teacher'],
    record: (user, facts) => inScope(user, facts) && facts.state !== 'submitted',
  },
  // Reopening a submitted return for amendment, with a reason: its head, or the team. (Only a
  // submitted return can be reopened: the service refuses any other.)
  'audit-return:amend': {
    roles: ['head_teacher', 'education_safeguarding_officer'],
    record: inScope,
  },
});

declare module '../../platform/auth/permissions.ts' {
  interface Policies {
    'schools-audit': typeof schoolsAuditPolicy;
  }
}
