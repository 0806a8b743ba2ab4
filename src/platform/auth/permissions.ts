/**
 * Who may do what to which record. Each module declares its own rules in its `policy.ts`
 * (`definePolicy`); the platform merges them into one table, read by the route guard (may this
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
  /** From the session: when the user last proved who they are (for the step-up), and how. */
  session?: { verifiedAt: Date; secondFactor: boolean };
}

/** What a handler knows about a record that decides whether it is in a user's scope. */
export interface RecordFacts {
  settingIds?: readonly number[];
  teamIds?: readonly number[];
  organisationIds?: readonly number[];
  districtIds?: readonly number[];
  /** The record's state, for rules that depend on it (e.g. a withdrawn notice). */
  state?: string;
  /** For a child's record: the child's age in whole years today. */
  ageYears?: number;
}

export interface Rule {
  roles: readonly Role[];
  /** Extra condition on the record; without one, a role that may do it may do it to any record. */
  record?: (user: SignedInUser, facts: RecordFacts) => boolean;
}

/** A module's rules, keyed by permission name (`<module>:<action>` or `<record>:<action>`). */
export type Policy = Record<string, Rule>;

/** Keeps the literal permission names of a module's policy, so routes are checked by the compiler. */
export function definePolicy<const P extends Policy>(policy: P): P {
  return policy;
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

/**
 * Which records a list may show a user: every record, or those of one setting, team or
 * organisation, or none (aggregates only). Lists filter by this instead of asking the role.
 */
export type ListScope =
  | { kind: 'all' }
  | { kind: 'setting'; settingId: number }
  | { kind: 'team'; teamId: number; districtId: number | null }
  | { kind: 'organisation'; organisationId: number }
  | { kind: 'none' };

export function listScopeOf(user: SignedInUser): ListScope {
  switch (ROLES[user.role].scope) {
    case 'partnership':
      return { kind: 'all' };
    case 'setting':
      return user.settingId != null ? { kind: 'setting', settingId: user.settingId } : { kind: 'none' };
    case 'team':
      return user.teamId != null
        ? { kind: 'team', teamId: user.teamId, districtId: user.teamDistrictId }
        : { kind: 'none' };
    case 'organisation':
      return user.organisationId != null
        ? { kind: 'organisation', organisationId: user.organisationId }
        : { kind: 'none' };
    case 'aggregate':
    case 'pseudonymised':
      return { kind: 'none' };
  }
}

/** The platform's own permissions: the start page, the audit log's search, the calendar, second-factor resets. */
export const platformPolicy = definePolicy({
  'home:view': { roles: ROLE_NAMES },
  'audit:search': { roles: ['partnership_admin'] },
  'calendar:manage': { roles: ['partnership_admin'] },
  // Resetting another user's second factor (auth/admin-reset.ts): never one's own.
  'user:second-factor-reset': { roles: ['partnership_admin'] },
});

/**
 * Every module's policy, by module name. A module adds its own with one declaration in its
 * `policy.ts`:
 *   declare module '../../platform/auth/permissions.ts' { interface Policies { registry: typeof registryPolicy } }
 */
export interface Policies {
  platform: typeof platformPolicy;
}

/** Every permission of every module: a route naming any other fails to compile. */
export type Permission = { [M in keyof Policies]: keyof Policies[M] & string }[keyof Policies];

/** The merged table of every module's rules; a name declared twice stops the app from starting. */
export class PermissionTable {
  private readonly rules = new Map<string, Rule>();

  constructor(policies: readonly { module: string; policy: Policy }[]) {
    const owner = new Map<string, string>();
    for (const { module, policy } of policies) {
      for (const [name, rule] of Object.entries(policy)) {
        const first = owner.get(name);
        if (first) throw new Error(`Permission ${name} is declared by both ${first} and ${module}`);
        owner.set(name, module);
        this.rules.set(name, rule);
      }
    }
  }

  has(name: string): boolean {
    return this.rules.has(name);
  }

  names(): string[] {
    return [...this.rules.keys()];
  }

  rule(name: string): Rule | undefined {
    return this.rules.get(name);
  }
}

/** The per-request answer to "may this user do this, to this record?". */
export class Permissions {
  constructor(
    readonly user: SignedInUser | null,
    private readonly table: PermissionTable,
  ) {}

  /** May the user's role ever do it (before any record is loaded)? */
  allows(permission: Permission): boolean {
    if (!this.user) return false;
    const rule = this.table.rule(permission);
    return rule ? rule.roles.includes(this.user.role) : false;
  }

  /** May the user do it to this record? */
  can(permission: Permission, facts: RecordFacts = {}): boolean {
    if (!this.user || !this.allows(permission)) return false;
    const rule = this.table.rule(permission)!;
    return rule.record ? rule.record(this.user, facts) : true;
  }

  /** Which records of a list the user may see, for a permission the role has; none otherwise. */
  listScope(permission: Permission): ListScope {
    if (!this.user || !this.allows(permission)) return { kind: 'none' };
    return listScopeOf(this.user);
  }

  /** Executives and analysts see aggregates only: small counts are suppressed for them. */
  seesAggregatesOnly(): boolean {
    if (!this.user) return true;
    const scope = ROLES[this.user.role].scope;
    return scope === 'aggregate' || scope === 'pseudonymised';
  }
}
