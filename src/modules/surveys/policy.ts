/**
 * Surveys: the business unit, the QA lead and trainers build them and read every answer; the
 * review group and executives read results (never a respondent's identity: returns carry none);
 * every signed-in user may answer a sign-in survey meant for them. Anonymous links are public.
 */
import { definePolicy } from '../../platform/auth/permissions.ts';
import { ROLE_NAMES } from '../../platform/auth/roles.ts';

export const surveysPolicy = definePolicy({
  'surveys:manage': { roles: ['partnership_admin', 'qa_lead', 'trainer'] },
  'surveys:results': {
    roles: ['partnership_admin', 'qa_lead', 'trainer', 'review_group_member', 'executive'],
  },
  'surveys:respond': { roles: ROLE_NAMES },
});

declare module '../../platform/auth/permissions.ts' {
  interface Policies {
    surveys: typeof surveysPolicy;
  }
}
