/**
 * Surveys: the business unit, the QA lead and trainers build them and read every answer; the
 * review group reads results with the free-text answers, executives the figures only (the words
 * people wrote are withheld server-side); never a respondent's identity: returns carry none;
 * every signed-in user may answer a sign-in survey meant for them. Anonymous links are public.
 */
import { definePolicy } from '../../platform/auth/permissions.ts';
import { ROLE_NAMES } from '../../platform/auth/roles.ts';

export const surveysPolicy = definePolicy({
  'surveys:manage': { roles: ['partnership_admin', 'qa_lead', 'trainer'] },
  'surveys:results': {
    roles: ['partnership_admin', 'qa_lead', 'trainer', 'review_group_member', 'executive'],
  },
  // The words people wrote: those who work with the answers. Executives see figures only.
  'surveys:free-text': { roles: ['partnership_admin', 'qa_lead', 'trainer', 'review_group_member'] },
  'surveys:respond': { roles: ROLE_NAMES },
});

declare module '../../platform/auth/permissions.ts' {
  interface Policies {
    surveys: typeof surveysPolicy;
  }
}
