/**
 * Who sees and changes the partnership's governance: the business unit (partnership_admin)
 * records and imports; the executive sees the budget and decides; published documents are public.
 */
import { definePolicy } from '../../platform/auth/permissions.ts';

export const governancePolicy = definePolicy({
  // The budget: funds, income, expenditure, contributions and the year's statement with its flags.
  'budget:view': { roles: ['partnership_admin', 'executive'] },
  // Importing the finance officer's statement and recording agreed contributions.
  'budget:manage': { roles: ['partnership_admin'] },
  // Groups, meetings, decisions, priorities and their progress, independent scrutiny, documents' reviews.
  'governance:view': { roles: ['partnership_admin', 'executive'] },
  // Recording them: the business unit.
  'governance:manage': { roles: ['partnership_admin'] },
});

declare module '../../platform/auth/permissions.ts' {
  interface Policies {
    governance: typeof governancePolicy;
  }
}
