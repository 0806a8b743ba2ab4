/** Who may see a child's record, search the index, and resolve its duplicates. */
import {
  type RecordFacts,
  type SignedInUser,
  definePolicy,
  inScope,
} from '../../platform/auth/permissions.ts';

/**
 * A child in the user's scope; a health visitor's work is the under-fives of their district, so
 * an older child there is not theirs to see.
 */
function childInScope(user: SignedInUser, facts: RecordFacts): boolean {
  if (user.role === 'health_visitor' && facts.ageYears !== undefined && facts.ageYears >= 5) return false;
  return inScope(user, facts);
}

export const childrenPolicy = definePolicy({
  'child:view': {
    roles: [
      'partnership_admin',
      'dsl',
      'health_visitor',
      'front_door_practitioner',
      'encompass_coordinator',
      'get_safe_coordinator',
      'data_quality',
    ],
    record: childInScope,
  },
  'child:search': {
    roles: [
      'partnership_admin',
      'front_door_practitioner',
      'encompass_coordinator',
      'get_safe_coordinator',
      'data_quality',
    ],
  },
  // The duplicates queue shows two children's details side by side: data quality and admins only.
  'children:duplicates': { roles: ['data_quality', 'partnership_admin'] },
  'children:reconcile': { roles: ['data_quality', 'get_safe_coordinator', 'partnership_admin'] },
  // The names of the children an extract did not hold: data quality alone (issue 13), with a reason.
  'children:reconcile-names': { roles: ['data_quality'] },
  'children:find': {
    roles: [
      'partnership_admin',
      'front_door_practitioner',
      'encompass_coordinator',
      'get_safe_coordinator',
      'data_quality',
    ],
  },
});

declare module '../../platform/auth/permissions.ts' {
  interface Policies {
    children: typeof childrenPolicy;
  }
}
