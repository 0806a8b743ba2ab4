/**
 * The permission matrix: every role × every permission × a record in and out of the user's scope,
 * over the table the app really merges (src/modules.ts). fast-check generates users (any role, with
 * or without an organisation, team, district or setting) and records (any settings, teams,
 * organisations, districts and state); the properties are DESIGN.md's "need to know" written as
 * checks.
 *
 * EXPECTED_ROLES and OWN_SCOPE_ONLY below are written out by hand from the policies. They pin them:
 * a change to who holds a permission, or to whom a record rule confines, changes these tables in the
 * same commit (and docs/permissions.md, by `npm run docs:permissions`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { permissionTable } from '../../modules.ts';
import {
  type ListScope,
  type Permission,
  Permissions,
  type RecordFacts,
  type SignedInUser,
  inScope,
  listScopeOf,
} from './permissions.ts';
import { ROLES, ROLE_NAMES, type Role } from './roles.ts';

/** Who holds each permission: the policies, copied by hand. */
const EXPECTED_ROLES: Record<Permission, readonly Role[]> = {
  // platform
  'home:view': [
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
  'audit:search': ['partnership_admin'],
  'calendar:manage': ['partnership_admin'],
  'user:second-factor-reset': ['partnership_admin'],
  // registry
  'registry:manage': ['partnership_admin'],
  'registry:browse': [
    'partnership_admin',
    'encompass_coordinator',
    'get_safe_coordinator',
    'front_door_practitioner',
    'police_officer',
    'review_group_member',
    'data_quality',
  ],
  'setting:view': [
    'partnership_admin',
    'encompass_coordinator',
    'get_safe_coordinator',
    'front_door_practitioner',
    'police_officer',
    'review_group_member',
    'data_quality',
    'dsl',
  ],
  'setting:own': ['dsl'],
  // children
  'child:view': [
    'partnership_admin',
    'dsl',
    'health_visitor',
    'front_door_practitioner',
    'encompass_coordinator',
    'get_safe_coordinator',
    'data_quality',
  ],
  'child:search': [
    'partnership_admin',
    'front_door_practitioner',
    'encompass_coordinator',
    'get_safe_coordinator',
    'data_quality',
  ],
  'children:duplicates': ['data_quality', 'partnership_admin'],
  'children:reconcile': ['data_quality', 'get_safe_coordinator', 'partnership_admin'],
  'children:reconcile-names': ['data_quality'],
  'children:find': [
    'partnership_admin',
    'front_door_practitioner',
    'encompass_coordinator',
    'get_safe_coordinator',
    'data_quality',
  ],
  // encompass
  'encompass:record': ['police_officer'],
  'encompass:incidents': ['police_officer', 'encompass_coordinator'],
  'incident:view': ['police_officer', 'encompass_coordinator'],
  'incident:amend': ['police_officer'],
  'encompass:notices': ['dsl', 'health_visitor', 'front_door_practitioner', 'encompass_coordinator'],
  'notice:view': ['dsl', 'health_visitor', 'front_door_practitioner', 'encompass_coordinator'],
  'notice:acknowledge': ['dsl', 'health_visitor', 'front_door_practitioner'],
  'encompass:coordinate': ['encompass_coordinator'],
  'encompass:monitor': ['encompass_coordinator', 'executive', 'partnership_admin'],
  'encompass:enrolment': ['encompass_coordinator'],
  // journey
  'journey:kpis': [
    'partnership_admin',
    'qa_lead',
    'executive',
    'analyst',
    'front_door_practitioner',
    'data_quality',
  ],
  'journey:records': ['partnership_admin', 'qa_lead', 'analyst', 'front_door_practitioner', 'data_quality'],
  'journey:comparators': ['partnership_admin'],
  'journey:notes': ['qa_lead'],
  'journey:imports': ['partnership_admin', 'data_quality'],
  // front-door
  'front-door:refer': [
    'dsl',
    'head_teacher',
    'police_officer',
    'health_visitor',
    'hospital_safeguarding_nurse',
  ],
  'front-door:referrals': [
    'dsl',
    'head_teacher',
    'police_officer',
    'health_visitor',
    'hospital_safeguarding_nurse',
  ],
  'front-door:referral': [
    'dsl',
    'head_teacher',
    'police_officer',
    'health_visitor',
    'hospital_safeguarding_nurse',
    'front_door_practitioner',
  ],
  'referral:view': ['dsl', 'head_teacher', 'police_officer', 'health_visitor', 'hospital_safeguarding_nurse'],
  'referral:edit': ['dsl', 'head_teacher', 'police_officer', 'health_visitor', 'hospital_safeguarding_nurse'],
  'front-door:inbox': ['front_door_practitioner'],
  'referral:decide': ['front_door_practitioner'],
  'front-door:casework': ['front_door_practitioner'],
  'front-door:audit-programme': ['qa_lead'],
  'front-door:audit-cases': ['qa_lead', 'auditor'],
  'audit-case:complete': ['qa_lead', 'auditor'],
  'front-door:dashboard': ['front_door_practitioner', 'qa_lead', 'executive', 'partnership_admin'],
  // actions
  'actions:list': [
    'partnership_admin',
    'police_officer',
    'health_visitor',
    'front_door_practitioner',
    'hospital_safeguarding_nurse',
    'encompass_coordinator',
    'get_safe_coordinator',
    'data_quality',
    'auditor',
    'qa_lead',
    'education_safeguarding_officer',
    'trainer',
    'review_group_member',
  ],
  'action:view': [
    'partnership_admin',
    'police_officer',
    'health_visitor',
    'front_door_practitioner',
    'hospital_safeguarding_nurse',
    'encompass_coordinator',
    'get_safe_coordinator',
    'data_quality',
    'auditor',
    'qa_lead',
    'education_safeguarding_officer',
    'trainer',
    'review_group_member',
  ],
  'action:update': [
    'partnership_admin',
    'police_officer',
    'health_visitor',
    'front_door_practitioner',
    'hospital_safeguarding_nurse',
    'encompass_coordinator',
    'get_safe_coordinator',
    'data_quality',
    'auditor',
    'qa_lead',
    'education_safeguarding_officer',
    'trainer',
    'review_group_member',
  ],
  'impact:judge-quality': ['qa_lead'],
  'impact:judge-reviews': ['review_group_member'],
  'impact:judge-front-door': ['front_door_practitioner'],
  'impact:judge-exploitation': ['get_safe_coordinator'],
  'impact:judge-schools-audit': ['education_safeguarding_officer'],
  'impact:judge-governance': ['partnership_admin'],
  'actions:create': ['partnership_admin'],
  'actions:figures': ['partnership_admin', 'qa_lead', 'executive', 'analyst'],
  'actions:leads': ['partnership_admin'],
  // exploitation
  'exploitation:raise': [
    'police_officer',
    'dsl',
    'head_teacher',
    'health_visitor',
    'hospital_safeguarding_nurse',
    'front_door_practitioner',
    'encompass_coordinator',
    'education_safeguarding_officer',
    'get_safe_coordinator',
  ],
  'concern:view': [
    'get_safe_coordinator',
    'police_officer',
    'dsl',
    'head_teacher',
    'health_visitor',
    'hospital_safeguarding_nurse',
    'front_door_practitioner',
  ],
  'exploitation:triage': ['get_safe_coordinator'],
  'exploitation:flags': ['get_safe_coordinator'],
  'exploitation:child': ['get_safe_coordinator'],
  'exploitation:mace': ['get_safe_coordinator'],
  'mace:attend': [
    'get_safe_coordinator',
    'police_officer',
    'dsl',
    'head_teacher',
    'health_visitor',
    'hospital_safeguarding_nurse',
    'front_door_practitioner',
    'education_safeguarding_officer',
  ],
  'exploitation:nrm': ['get_safe_coordinator'],
  'exploitation:nrm-audit': ['get_safe_coordinator', 'qa_lead'],
  'exploitation:transition': ['get_safe_coordinator'],
  'exploitation:tasking': [
    'get_safe_coordinator',
    'partnership_admin',
    'executive',
    'analyst',
    'qa_lead',
    'education_safeguarding_officer',
  ],
  'exploitation:reconcile': ['get_safe_coordinator', 'police_officer', 'data_quality'],
  'exploitation:reconcile-names': ['data_quality'],
  // surveys
  'surveys:manage': ['partnership_admin', 'qa_lead', 'trainer'],
  'surveys:results': ['partnership_admin', 'qa_lead', 'trainer', 'review_group_member', 'executive'],
  'surveys:free-text': ['partnership_admin', 'qa_lead', 'trainer', 'review_group_member'],
  'surveys:respond': [
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
  // reviews
  'reviews:register': ['review_group_member', 'partnership_admin', 'qa_lead'],
  'reviews:notify': ['review_group_member'],
  'review:view': ['review_group_member'],
  'review:work': ['review_group_member'],
  'reviews:members': ['partnership_admin'],
  'reviews:figures': ['executive', 'partnership_admin', 'qa_lead', 'review_group_member'],
  'national-reviews:view': ['review_group_member', 'partnership_admin', 'qa_lead'],
  'national-reviews:manage': ['review_group_member'],
  // quality
  'quality:manage': ['qa_lead'],
  'quality:audits': ['qa_lead', 'auditor'],
  'audit-case:view': ['qa_lead', 'auditor'],
  'self-audit:complete': ['auditor'],
  'quality:figures': ['qa_lead', 'executive', 'partnership_admin', 'analyst'],
  'quality:briefings': [
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
  // training
  'training:book': [
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
  ],
  'training:manage': ['partnership_admin'],
  'training:register': ['trainer', 'partnership_admin'],
  'training:setting': ['dsl', 'head_teacher'],
  'training:mandatory': ['partnership_admin', 'education_safeguarding_officer'],
  'training:figures': ['partnership_admin', 'executive', 'qa_lead', 'education_safeguarding_officer'],
  // health-screening (WREN)
  'wren:import': ['hospital_safeguarding_nurse', 'partnership_admin'],
  'wren:keywords': ['hospital_safeguarding_nurse', 'partnership_admin'],
  'wren:triage': ['hospital_safeguarding_nurse', 'partnership_admin'],
  'wren:profile': [
    'hospital_safeguarding_nurse',
    'partnership_admin',
    'get_safe_coordinator',
    'executive',
    'analyst',
  ],
  // schools-audit
  'schools-audit:manage': ['education_safeguarding_officer'],
  'schools-audit:results': ['education_safeguarding_officer', 'executive'],
  'schools-audit:own': ['dsl', 'head_teacher'],
  'audit-return:view': ['education_safeguarding_officer', 'dsl', 'head_teacher'],
  'audit-return:answer': ['dsl', 'head_teacher'],
  'audit-return:submit': ['head_teacher'],
  'audit-return:amend': ['head_teacher', 'education_safeguarding_officer'],
  'yearly-report:view': ['partnership_admin', 'executive'],
  'yearly-report:edit': ['partnership_admin'],
  'yearly-report:approve': ['executive'],
  'budget:view': ['partnership_admin', 'executive'],
  'budget:manage': ['partnership_admin'],
  'governance:view': ['partnership_admin', 'executive'],
  'governance:manage': ['partnership_admin'],
};

/**
 * Every permission with a condition on the record, and the roles it confines to their own setting,
 * team (or its district) or organisation. The roles it names and does not list here may do it to
 * any record (the partnership's, and for a setting's page every registry reader but a DSL).
 */
const OWN_SCOPE_ONLY: Partial<Record<Permission, readonly Role[]>> = {
  'setting:view': ['dsl'],
  'child:view': ['dsl', 'health_visitor', 'front_door_practitioner'],
  'incident:view': ['police_officer'],
  'incident:amend': ['police_officer'],
  'notice:view': ['dsl', 'health_visitor', 'front_door_practitioner'],
  'notice:acknowledge': ['dsl', 'health_visitor', 'front_door_practitioner'],
  'referral:view': ['dsl', 'head_teacher', 'police_officer', 'health_visitor', 'hospital_safeguarding_nurse'],
  'referral:edit': ['dsl', 'head_teacher', 'police_officer', 'health_visitor', 'hospital_safeguarding_nurse'],
  'action:view': [
    'police_officer',
    'health_visitor',
    'front_door_practitioner',
    'hospital_safeguarding_nurse',
    'auditor',
  ],
  'action:update': [
    'police_officer',
    'health_visitor',
    'front_door_practitioner',
    'hospital_safeguarding_nurse',
    'auditor',
  ],
  'concern:view': [
    'police_officer',
    'dsl',
    'head_teacher',
    'health_visitor',
    'hospital_safeguarding_nurse',
    'front_door_practitioner',
  ],
  'audit-case:view': ['auditor'],
  'self-audit:complete': ['auditor'],
  'wren:triage': ['hospital_safeguarding_nurse'],
  'audit-return:view': ['dsl', 'head_teacher'],
  'audit-return:answer': ['dsl', 'head_teacher'],
  'audit-return:submit': ['head_teacher'],
  'audit-return:amend': ['head_teacher'],
};

const PERMISSIONS = permissionTable.names() as Permission[];
const WITH_RECORD_RULE = PERMISSIONS.filter((p) => permissionTable.rule(p)!.record);
const AGGREGATE_ROLES = ROLE_NAMES.filter((r) => ['aggregate', 'pseudonymised'].includes(ROLES[r].scope));
const scopeOf = (role: Role) => ROLES[role].scope;
const rolesOf = (permission: Permission) => permissionTable.rule(permission)!.roles;
const sorted = <T>(values: readonly T[]) => [...values].sort();

// ---- generators -------------------------------------------------------------------------------

/** A small id space, so users and records share ids often. */
const id = fc.integer({ min: 1, max: 5 });
const maybeId = fc.option(id, { nil: null });
const ids = fc.uniqueArray(id, { maxLength: 3 });
const STATES = ['sent', 'acknowledged', 'queued', 'withdrawn', 'open', 'closed'] as const;
const notWithdrawn = fc.option(fc.constantFrom(...STATES.filter((s) => s !== 'withdrawn')), {
  nil: undefined,
});

const anyFacts: fc.Arbitrary<RecordFacts> = fc.record(
  {
    settingIds: ids,
    teamIds: ids,
    organisationIds: ids,
    districtIds: ids,
    state: fc.constantFrom(...STATES),
  },
  { requiredKeys: [] },
);

function userOf(role: fc.Arbitrary<Role>): fc.Arbitrary<SignedInUser> {
  return fc
    .record({ role, organisationId: maybeId, teamId: maybeId, teamDistrictId: maybeId, settingId: maybeId })
    .map((u) => ({
      id: 'user',
      email: 'user@example.invalid',
      givenName: 'Test',
      familyName: 'User',
      ...u,
      // The district is the team's (a join in sessions.ts): no team, no district.
      teamDistrictId: u.teamId == null ? null : u.teamDistrictId,
    }));
}

const anyRole = fc.constantFrom(...ROLE_NAMES);
const anyUser = userOf(anyRole);

/** A user whose account has the place its role needs (a DSL's setting, a police officer's force). */
function placedUser(role: fc.Arbitrary<Role>): fc.Arbitrary<SignedInUser> {
  return fc.tuple(userOf(role), id).map(([user, place]) => {
    switch (ROLES[user.role].needs) {
      case 'setting':
        return { ...user, settingId: user.settingId ?? place };
      case 'team':
        return { ...user, teamId: user.teamId ?? place };
      case 'organisation':
        return { ...user, organisationId: user.organisationId ?? place };
      default:
        return user;
    }
  });
}

/** A user whose role needs a place their account does not have. */
const unplacedUser = userOf(fc.constantFrom(...ROLE_NAMES.filter((r) => ROLES[r].needs))).map((user) => {
  switch (ROLES[user.role].needs) {
    case 'setting':
      return { ...user, settingId: null };
    case 'team':
      return { ...user, teamId: null, teamDistrictId: null };
    default:
      return { ...user, organisationId: null };
  }
});

const without = (list: readonly number[] | undefined, id: number | null) =>
  (list ?? []).filter((x) => x !== id);

/** The record, with every trace of the user's own setting, team, district and organisation removed. */
function elsewhere(user: SignedInUser, facts: RecordFacts): RecordFacts {
  return {
    ...facts,
    settingIds: without(facts.settingIds, user.settingId),
    teamIds: without(facts.teamIds, user.teamId),
    districtIds: without(facts.districtIds, user.teamDistrictId),
    organisationIds: without(facts.organisationIds, user.organisationId),
  };
}

/** The record, touching the user's own place as their role's scope reads it (by team or by district). */
function touchingOwn(user: SignedInUser, facts: RecordFacts, byDistrict: boolean): RecordFacts {
  const add = (list: readonly number[] | undefined, own: number | null) =>
    own == null ? list : [...(list ?? []), own];
  switch (scopeOf(user.role)) {
    case 'setting':
      return { ...facts, settingIds: add(facts.settingIds, user.settingId) };
    case 'team':
      return byDistrict && user.teamDistrictId != null
        ? { ...facts, districtIds: add(facts.districtIds, user.teamDistrictId) }
        : { ...facts, teamIds: add(facts.teamIds, user.teamId) };
    case 'organisation':
      return { ...facts, organisationIds: add(facts.organisationIds, user.organisationId) };
    default:
      return facts;
  }
}

const permissionsOf = (user: SignedInUser | null) => new Permissions(user, permissionTable);

// ---- the table, literally ---------------------------------------------------------------------

describe('the permission table', () => {
  it('gives each permission to exactly the roles written here (change both in one commit)', () => {
    const actual = Object.fromEntries(PERMISSIONS.map((p) => [p, sorted(rolesOf(p))]));
    const expected = Object.fromEntries(
      Object.entries(EXPECTED_ROLES).map(([p, roles]) => [p, sorted(roles)]),
    );
    expect(actual).toEqual(expected);
  });

  it('names only real roles, each once', () => {
    for (const p of PERMISSIONS) {
      for (const role of rolesOf(p)) expect(ROLE_NAMES).toContain(role);
      expect(new Set(rolesOf(p)).size, p).toBe(rolesOf(p).length);
    }
  });

  it('has a condition on the record for exactly the permissions listed in OWN_SCOPE_ONLY', () => {
    expect(sorted(WITH_RECORD_RULE)).toEqual(sorted(Object.keys(OWN_SCOPE_ONLY)));
  });

  it('confines only roles that hold the permission and have a scope to be confined to', () => {
    for (const [p, roles] of Object.entries(OWN_SCOPE_ONLY) as [Permission, readonly Role[]][]) {
      for (const role of roles) {
        expect(rolesOf(p), `${p} ${role}`).toContain(role);
        expect(['setting', 'team', 'organisation'], `${p} ${role}`).toContain(scopeOf(role));
      }
    }
  });

  it('every role × every permission × a record in scope and one out of scope', () => {
    // A user with every place filled in, a record touching their own place, and one touching none.
    const user = (role: Role): SignedInUser => ({
      id: 'user',
      email: 'user@example.invalid',
      givenName: 'Test',
      familyName: 'User',
      role,
      settingId: 1,
      teamId: 2,
      teamDistrictId: 3,
      organisationId: 4,
    });
    const outOfScope: RecordFacts = {
      settingIds: [11],
      teamIds: [12],
      districtIds: [13],
      organisationIds: [14],
      state: 'sent',
    };
    const inScopeFor = (role: Role): RecordFacts[] => {
      switch (scopeOf(role)) {
        case 'setting':
          return [{ settingIds: [1], state: 'sent' }];
        case 'team':
          return [
            { teamIds: [2], state: 'sent' },
            { districtIds: [3], state: 'sent' },
          ];
        case 'organisation':
          return [{ organisationIds: [4], state: 'sent' }];
        default:
          return [{ ...outOfScope }];
      }
    };
    const cell = (p: Permission, role: Role) => {
      const permissions = permissionsOf(user(role));
      if (!permissions.allows(p)) return permissions.can(p, outOfScope) ? 'refused, yet can' : '—';
      const own = inScopeFor(role).every((facts) => permissions.can(p, facts));
      const other = permissions.can(p, outOfScope);
      return own ? (other ? 'any' : 'own') : other ? 'others only' : 'none';
    };
    const expectedCell = (p: Permission, role: Role) =>
      !EXPECTED_ROLES[p].includes(role) ? '—' : (OWN_SCOPE_ONLY[p] ?? []).includes(role) ? 'own' : 'any';
    const matrix = (of: (p: Permission, role: Role) => string) =>
      Object.fromEntries(
        PERMISSIONS.map((p) => [p, Object.fromEntries(ROLE_NAMES.map((r) => [r, of(p, r)]))]),
      );
    expect(matrix(cell)).toEqual(matrix(expectedCell));
  });
});

// ---- properties -------------------------------------------------------------------------------

describe('permissions, for any user and any record', () => {
  const anyPermission = fc.constantFrom(...PERMISSIONS);

  it('(a) can implies allows', () => {
    fc.assert(
      fc.property(anyUser, anyPermission, anyFacts, (user, p, facts) => {
        const permissions = permissionsOf(user);
        expect(!permissions.can(p, facts) || permissions.allows(p)).toBe(true);
      }),
    );
  });

  it('(b) no permission is allowed to a role its rule does not name, whatever the record', () => {
    fc.assert(
      fc.property(anyUser, anyPermission, anyFacts, (user, p, facts) => {
        const permissions = permissionsOf(user);
        expect(permissions.allows(p)).toBe(rolesOf(p).includes(user.role));
        if (!rolesOf(p).includes(user.role)) expect(permissions.can(p, facts)).toBe(false);
      }),
    );
  });

  it('(b) a signed-out request, or a permission nobody declared, is refused', () => {
    fc.assert(
      fc.property(anyUser, anyPermission, anyFacts, (user, p, facts) => {
        const nobody = permissionsOf(null);
        expect(nobody.allows(p)).toBe(false);
        expect(nobody.can(p, facts)).toBe(false);
        expect(nobody.listScope(p)).toEqual({ kind: 'none' });
        expect(nobody.seesAggregatesOnly()).toBe(true);
        const undeclared = 'nothing:declared' as Permission;
        expect(permissionsOf(user).allows(undeclared)).toBe(false);
        expect(permissionsOf(user).can(undeclared, facts)).toBe(false);
      }),
    );
  });

  const confined = (Object.entries(OWN_SCOPE_ONLY) as [Permission, readonly Role[]][]).flatMap(([p, roles]) =>
    roles.map((role) => ({ p, role })),
  );

  it('(c) a record touching none of the user’s own places is refused to every confined role', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...confined)
          .chain(({ p, role }) => fc.tuple(fc.constant(p), userOf(fc.constant(role)))),
        anyFacts,
        ([p, user], facts) => {
          expect(permissionsOf(user).can(p, elsewhere(user, facts))).toBe(false);
        },
      ),
    );
  });

  it('(c) a record touching the user’s own place is allowed to them, whatever else it touches', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...confined)
          .chain(({ p, role }) => fc.tuple(fc.constant(p), placedUser(fc.constant(role)))),
        anyFacts,
        notWithdrawn,
        fc.boolean(),
        ([p, user], facts, state, byDistrict) => {
          expect(permissionsOf(user).can(p, touchingOwn(user, { ...facts, state }, byDistrict))).toBe(true);
        },
      ),
    );
  });

  it('(c) every non-partnership role a rule based on inScope names is confined by it', () => {
    // setting:view confines DSLs only: the registry is reference data for the other readers.
    for (const p of WITH_RECORD_RULE.filter((p) => p !== 'setting:view')) {
      const expected = rolesOf(p).filter((r) => scopeOf(r) !== 'partnership');
      expect(sorted(OWN_SCOPE_ONLY[p] ?? []), p).toEqual(sorted(expected));
    }
  });

  it('(c) a rule that is inScope itself allows exactly what inScope does', () => {
    const exact = WITH_RECORD_RULE.filter((p) => permissionTable.rule(p)!.record === inScope);
    expect(exact.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(anyUser, fc.constantFrom(...exact), anyFacts, (user, p, facts) => {
        const permissions = permissionsOf(user);
        expect(permissions.can(p, facts)).toBe(permissions.allows(p) && inScope(user, facts));
      }),
    );
  });

  it('(c) roles a rule does not confine may do it to any record that is not withdrawn', () => {
    const free = (Object.entries(OWN_SCOPE_ONLY) as [Permission, readonly Role[]][]).flatMap(([p, roles]) =>
      rolesOf(p)
        .filter((role) => !roles.includes(role))
        .map((role) => ({ p, role })),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...free).chain(({ p, role }) => fc.tuple(fc.constant(p), userOf(fc.constant(role)))),
        anyFacts,
        notWithdrawn,
        ([p, user], facts, state) => {
          expect(permissionsOf(user).can(p, { ...facts, state })).toBe(true);
        },
      ),
    );
  });

  it('(d) executives and analysts hold no permission with a record rule, so never read a child-level record', () => {
    for (const p of WITH_RECORD_RULE) {
      for (const role of AGGREGATE_ROLES) expect(rolesOf(p), `${p} ${role}`).not.toContain(role);
    }
    fc.assert(
      fc.property(
        userOf(fc.constantFrom(...AGGREGATE_ROLES)),
        fc.constantFrom(...WITH_RECORD_RULE),
        anyFacts,
        (user, p, facts) => {
          const permissions = permissionsOf(user);
          expect(permissions.can(p, facts)).toBe(false);
          expect(inScope(user, facts)).toBe(false);
          expect(permissions.seesAggregatesOnly()).toBe(true);
        },
      ),
    );
  });

  it('(d) only executives and analysts see aggregates only', () => {
    fc.assert(
      fc.property(anyUser, (user) => {
        expect(permissionsOf(user).seesAggregatesOnly()).toBe(AGGREGATE_ROLES.includes(user.role));
      }),
    );
  });

  it('(e) a withdrawn notice is visible to the Encompass coordinator only', () => {
    fc.assert(
      fc.property(anyUser, anyFacts, (user, facts) => {
        const withdrawn = { ...facts, state: 'withdrawn' };
        expect(permissionsOf(user).can('notice:view', withdrawn)).toBe(user.role === 'encompass_coordinator');
      }),
    );
  });

  it('(e) the notice its recipient could read is gone for them once withdrawn', () => {
    fc.assert(
      fc.property(
        placedUser(fc.constantFrom(...(OWN_SCOPE_ONLY['notice:view'] ?? []))),
        anyFacts,
        fc.boolean(),
        (user, facts, byDistrict) => {
          const own = touchingOwn(user, facts, byDistrict);
          expect(permissionsOf(user).can('notice:view', { ...own, state: 'sent' })).toBe(true);
          expect(permissionsOf(user).can('notice:view', { ...own, state: 'withdrawn' })).toBe(false);
          // Nor can they act on it: a refused acknowledgement would show the notice again.
          expect(permissionsOf(user).can('notice:acknowledge', { ...own, state: 'withdrawn' })).toBe(false);
        },
      ),
    );
  });

  it('(f) listScope is none for a permission the role lacks, and the role’s own scope for one it has', () => {
    const expectedScope = (user: SignedInUser): ListScope => {
      switch (scopeOf(user.role)) {
        case 'partnership':
          return { kind: 'all' };
        case 'setting':
          return user.settingId == null ? { kind: 'none' } : { kind: 'setting', settingId: user.settingId };
        case 'team':
          return user.teamId == null
            ? { kind: 'none' }
            : { kind: 'team', teamId: user.teamId, districtId: user.teamDistrictId };
        case 'organisation':
          return user.organisationId == null
            ? { kind: 'none' }
            : { kind: 'organisation', organisationId: user.organisationId };
        default:
          return { kind: 'none' };
      }
    };
    fc.assert(
      fc.property(anyUser, anyPermission, (user, p) => {
        const scope = permissionsOf(user).listScope(p);
        expect(scope).toEqual(rolesOf(p).includes(user.role) ? expectedScope(user) : { kind: 'none' });
        expect(listScopeOf(user)).toEqual(expectedScope(user));
      }),
    );
  });

  it('(f) a DSL’s list is their own setting’s, for every list permission they hold', () => {
    fc.assert(
      fc.property(placedUser(fc.constant<Role>('dsl')), anyPermission, (user, p) => {
        const scope = permissionsOf(user).listScope(p);
        expect(scope).toEqual(
          rolesOf(p).includes('dsl') ? { kind: 'setting', settingId: user.settingId } : { kind: 'none' },
        );
      }),
    );
  });

  it('(g) a user whose account lacks the place their role needs has nothing in scope', () => {
    fc.assert(
      fc.property(unplacedUser, anyFacts, anyPermission, (user, facts, p) => {
        expect(inScope(user, facts)).toBe(false);
        expect(listScopeOf(user)).toEqual({ kind: 'none' });
        expect(permissionsOf(user).listScope(p)).toEqual({ kind: 'none' });
        if ((OWN_SCOPE_ONLY[p] ?? []).includes(user.role))
          expect(permissionsOf(user).can(p, facts)).toBe(false);
      }),
    );
  });

  it('(g) the place a role needs is the one its scope reads', () => {
    for (const role of ROLE_NAMES) {
      const { scope, needs } = ROLES[role];
      expect(needs, role).toBe(['setting', 'team', 'organisation'].includes(scope) ? scope : null);
    }
  });
});
