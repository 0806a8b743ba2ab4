/**
 * Multi-agency audits: the QA lead runs the programme; an agency's auditor completes its
 * agency's self-audits for the audits that name them; executives and analysts see figures only.
 * A case's child is seen only by the audit's named auditors while the audit runs: the policy
 * confines auditors to the agencies asked (facts: `organisationIds`), and the service checks
 * the user is named on the audit.
 */
import { definePolicy, inScope } from '../../platform/auth/permissions.ts';

export const qualityPolicy = definePolicy({
  'quality:manage': { roles: ['qa_lead'] },
  // The audits a user works on: all for the QA lead, the ones naming them for an auditor.
  'quality:audits': { roles: ['qa_lead', 'auditor'] },
  'audit-case:view': { roles: ['qa_lead', 'auditor'], record: inScope },
  'self-audit:complete': { roles: ['auditor'], record: inScope },
  'quality:figures': { roles: ['qa_lead', 'executive', 'partnership_admin', 'analyst'] },
  // Published learning briefings carry no child's details: every practitioner may read them.
  'quality:briefings': {
    roles: [
      'partnership_admin',
      'police_officer',
      'dsl',
      'health_visitor',
      'front_door_practitioner',
      'hospital_safeguarding_nurse',
      'encompass_coordinator',
      'get_safe_coordinator',
      'data_quality',
      'auditor',
      'qa_lead',
      'education_safeguarding_officer',
      'head_teacher',
      'trainer',
      'review_group_member',
      'executive',
      'analyst',
    ],
  },
});

declare module '../../platform/auth/permissions.ts' {
  interface Policies {
    quality: typeof qualityPolicy;
  }
}
