/**
 * Practice reviews. A review's case (the child, what happened) is the most sensitive record here:
 * only that review's named members see it, whatever their role. The role rules below say who may
 * ever work on reviews; the handlers then find the case through its membership (reviews service,
 * `memberCase`), so for anyone else it does not exist (404, and the attempt is audited). The
 * register shows references and dates only, never a name. Executives see figures only.
 */
import { definePolicy } from '../../platform/auth/permissions.ts';

export const reviewsPolicy = definePolicy({
  // The register: references, stages and clocks, never a name.
  'reviews:register': { roles: ['review_group_member', 'partnership_admin', 'qa_lead'] },
  // Record a serious incident notification (its recorder becomes its first member).
  'reviews:notify': { roles: ['review_group_member'] },
  // A review's case and its work: its named members only (checked against review_member).
  'review:view': { roles: ['review_group_member'] },
  'review:work': { roles: ['review_group_member'] },
  // Who is named on a review: the business unit may add members without seeing the case.
  'reviews:members': { roles: ['partnership_admin'] },
  // Counts only.
  'reviews:figures': { roles: ['executive', 'partnership_admin', 'qa_lead', 'review_group_member'] },
  // National reviews and Panel briefings: no child in them.
  'national-reviews:view': { roles: ['review_group_member', 'partnership_admin', 'qa_lead'] },
  'national-reviews:manage': { roles: ['review_group_member'] },
});

declare module '../../platform/auth/permissions.ts' {
  interface Policies {
    reviews: typeof reviewsPolicy;
  }
}
