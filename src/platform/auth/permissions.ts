/**
 * Who may do what to which record: one declarative table, read by the route guard (may this
 * role ever do it?) and by handlers once the record is loaded (may this user do it to this
 * record, in this state?). Anything not listed is denied.
 */
import { ROLES, ROLE_NAMES, type Role } from './roles.ts';

export interface SignedInUser {
  id: string;
  email: string;
  givenName: string;
  familyName: string;
  role: Role;
  organisationId: number | null;
  teamId: number | null;
  /** The district of the user's team, for district-scoped teams. */
  teamDistrictId: number | null;
  settingId: number | null;
}

/** What a handler knows about a record that decides whether it is in a user's scope. */
export interface RecordFacts {
  settingIds?: readonly number[];
  teamIds?: readonly number[];
  organisationIds?: readonly number[];
  districtIds?: readonly number[];
  /** The record's state, for rules that depend on it (e.g. a withdrawn notice). */
  state?: string;
}

interface Rule {
  roles: readonly Role[];
  /** Extra condition on the record; without one, a role that may do it may do it to any record. */
  record?: (user: SignedInUser, facts: RecordFacts) => boolean;
}

/** A record is in scope when it touches the user's own setting, team, organisation or district. */
export function inScope(user: SignedInUser, facts: RecordFacts): boolean {
  switch (ROLES[user.role].scope) {
    case 'partnership':
      return true;
    case 'setting':
      return user.settingId != null && (facts.settingIds ?? []).includes(user.settingId);
    case 'team':
      return (
        (user.teamId != null && (facts.teamIds ?? []).includes(user.teamId)) ||
        (user.teamDistrictId != null && (facts.districtIds ?? []).includes(user.teamDistrictId))
      );
    case 'organisation':
      return user.organisationId != null && (facts.organisationIds ?? []).includes(user.organisationId);
    case 'aggregate':
    case 'pseudonymised':
      return false;
  }
}

const REGISTRY_READERS: readonly Role[] = [
  'partnership_admin',
  'encompass_coordinator',
  'get_safe_coordinator',
  'front_door_practitioner',
  'police_officer',
  'review_group_member',
  'data_quality',
];

export const PERMISSIONS = {
  'home:view': { roles: ROLE_NAMES },
  'registry:manage': { roles: ['partnership_admin'] },
  'registry:browse': { roles: REGISTRY_READERS },
  'setting:view': {
    roles: [...REGISTRY_READERS, 'dsl'],
    // A DSL sees their own setting only; the registry is otherwise shared reference data.
    record: (user, facts) => user.role !== 'dsl' || inScope(user, facts),
  },
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
    record: inScope,
  },
  'child:search': {
    roles: ['partnership_admin', 'front_door_practitioner', 'encompass_coordinator', 'get_safe_coordinator', 'data_quality'],
  },
  'audit:search': { roles: ['partnership_admin'] },
  // The duplicates queue shows two children's details side by side: data quality and admins only.
  'children:duplicates': { roles: ['data_quality', 'partnership_admin'] },
  'children:reconcile': { roles: ['data_quality', 'get_safe_coordinator', 'partnership_admin'] },
  'children:find': { roles: ['partnership_admin', 'front_door_practitioner', 'encompass_coordinator', 'get_safe_coordinator', 'data_quality'] },
  'encompass:record': { roles: ['police_officer'] },
  'encompass:incidents': { roles: ['police_officer', 'encompass_coordinator'] },
  'incident:view': {
    roles: ['police_officer', 'encompass_coordinator'],
    // The police see their own force's incidents; the coordinator sees all.
    record: inScope,
  },
  'incident:amend': {
    roles: ['police_officer'],
    // Only the force that recorded an incident corrects it or withdraws its notices.
    record: inScope,
  },
  'encompass:notices': { roles: ['dsl', 'health_visitor', 'front_door_practitioner', 'encompass_coordinator'] },
  'notice:view': {
    roles: ['dsl', 'health_visitor', 'front_door_practitioner', 'encompass_coordinator'],
    // A withdrawn notice (sent to the wrong place) is gone for its recipient.
    record: (user, facts) => inScope(user, facts) && (facts.state !== 'withdrawn' || user.role === 'encompass_coordinator'),
  },
  'notice:acknowledge': {
    roles: ['dsl', 'health_visitor', 'front_door_practitioner'],
    // Only a sent notice can be acknowledged: the service answers 409 in any other state.
    record: inScope,
  },
  'encompass:coordinate': { roles: ['encompass_coordinator'] },
  // Aggregates only: no child appears on the dashboard, so executives may see it.
  'encompass:monitor': { roles: ['encompass_coordinator', 'executive', 'partnership_admin'] },
  'encompass:enrolment': { roles: ['encompass_coordinator'] },
} as const satisfies Record<string, Rule>;

export type Permission = keyof typeof PERMISSIONS;

/** The per-request answer to "may this user do this, to this record?". */
export class Permissions {
  constructor(readonly user: SignedInUser | null) {}

  /** May the user's role ever do it (before any record is loaded)? */
  allows(permission: Permission): boolean {
    if (!this.user) return false;
    const rule: Rule = PERMISSIONS[permission];
    return rule.roles.includes(this.user.role);
  }

  /** May the user do it to this record? */
  can(permission: Permission, facts: RecordFacts = {}): boolean {
    if (!this.user || !this.allows(permission)) return false;
    const rule: Rule = PERMISSIONS[permission];
    return rule.record ? rule.record(this.user, facts) : true;
  }
}
