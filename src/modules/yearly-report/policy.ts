/**
 * The yearly report: the business unit builds and edits drafts, waives checks and publishes; the
 * executives (the three safeguarding partners) read drafts and sign them off. Published versions
 * are public pages (no permission). Drafts hold aggregates only, so no record rule is needed.
 */
import { definePolicy } from '../../platform/auth/permissions.ts';

export const yearlyReportPolicy = definePolicy({
  // Read drafts, their checks and approvals.
  'yearly-report:view': { roles: ['partnership_admin', 'executive'] },
  // Build and edit drafts, waive checks with a reason, publish once approved.
  'yearly-report:edit': { roles: ['partnership_admin'] },
  // Sign off a draft for one of the three safeguarding partners.
  'yearly-report:approve': { roles: ['executive'] },
});

declare module '../../platform/auth/permissions.ts' {
  interface Policies {
    'yearly-report': typeof yearlyReportPolicy;
  }
}
