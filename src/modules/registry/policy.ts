/** Who may see and change the registry: organisations, settings, their Key Adults and users. */
import { definePolicy, inScope } from '../../platform/auth/permissions.ts';
import type { Role } from '../../platform/auth/roles.ts';

const REGISTRY_READERS: readonly Role[] = [
  'partnership_admin',
  'encompass_coordinator',
  'get_safe_coordinator',
  'front_door_practitioner',
  'police_officer',
  'review_group_member',
  'data_quality',
];

export const registryPolicy = definePolicy({
  'registry:manage': { roles: ['partnership_admin'] },
  'registry:browse': { roles: REGISTRY_READERS },
  'setting:view': {
    roles: [...REGISTRY_READERS, 'dsl'],
    // A DSL sees their own setting only; the registry is otherwise shared reference data.
    record: (user, facts) => user.role !== 'dsl' || inScope(user, facts),
  },
  // The DSL's way to their own setting's page.
  'setting:own': { roles: ['dsl'] },
});

declare module '../../platform/auth/permissions.ts' {
  interface Policies {
    registry: typeof registryPolicy;
  }
}
