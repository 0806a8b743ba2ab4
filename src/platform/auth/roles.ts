/**
 * The roles of DESIGN.md's "Who uses it", each with the scope its work needs and where its
 * work starts. A user has exactly one role.
 */
export type Scope = 'partnership' | 'organisation' | 'team' | 'setting' | 'aggregate' | 'pseudonymised';

export interface RoleDefinition {
  label: string;
  scope: Scope;
  /** What the scope needs on the user record. */
  needs: 'organisation' | 'team' | 'setting' | null;
  description: string;
}

export const ROLES = {
  partnership_admin: {
    label: 'Partnership business unit',
    scope: 'partnership',
    needs: null,
    description: 'Manages organisations, settings, users and the audit log for the partnership',
  },
  police_officer: {
    label: 'Police officer',
    scope: 'organisation',
    needs: 'organisation',
    description: 'Records domestic abuse incidents and exploitation concerns for the force',
  },
  dsl: {
    label: 'Designated safeguarding lead',
    scope: 'setting',
    needs: 'setting',
    description: 'The Key Adult of one school or early-years setting',
  },
  health_visitor: {
    label: 'Health visitor',
    scope: 'team',
    needs: 'team',
    description: 'Receives notifications for children aged 0 to 5 who attend no setting',
  },
  front_door_practitioner: {
    label: 'Family Front Door practitioner',
    scope: 'team',
    needs: 'team',
    description: 'Decides thresholds, gives feedback to referrers and records strategy discussions',
  },
  hospital_safeguarding_nurse: {
    label: 'Hospital safeguarding nurse',
    scope: 'team',
    needs: 'team',
    description: 'Triages emergency department attendances flagged by keyword screening',
  },
  encompass_coordinator: {
    label: 'Operation Encompass coordinator',
    scope: 'partnership',
    needs: null,
    description: 'Resolves unmatched notices, chases overdue ones and monitors timeliness',
  },
  get_safe_coordinator: {
    label: 'GET SAFE coordinator',
    scope: 'partnership',
    needs: null,
    description: 'Manages exploitation concerns, flags and MACE meetings',
  },
  data_quality: {
    label: 'Data quality officer',
    scope: 'partnership',
    needs: null,
    description: 'Resolves likely duplicate children in the child index',
  },
  auditor: {
    label: 'Case auditor',
    scope: 'organisation',
    needs: 'organisation',
    description: 'Takes part in multi-agency case audits for their agency',
  },
  qa_lead: {
    label: 'Quality assurance lead',
    scope: 'partnership',
    needs: null,
    description: 'Runs the multi-agency and referral audit programmes and writes the KPI notes',
  },
  education_safeguarding_officer: {
    label: 'Education safeguarding officer',
    scope: 'partnership',
    needs: null,
    description: 'Runs the Section 175/157 audit of every school and follows up its answers',
  },
  head_teacher: {
    label: 'Head teacher',
    scope: 'setting',
    needs: 'setting',
    description: 'Submits the school’s Section 175/157 safeguarding audit return',
  },
  trainer: {
    label: 'Trainer',
    scope: 'partnership',
    needs: null,
    description: 'Runs training sessions and marks their registers',
  },
  review_group_member: {
    label: 'Review group member',
    scope: 'partnership',
    needs: null,
    description: 'Works on rapid reviews and child safeguarding practice reviews',
  },
  executive: {
    label: 'Executive',
    scope: 'aggregate',
    needs: null,
    description: 'Sees aggregated dashboards only, never a child',
  },
  analyst: {
    label: 'Analyst',
    scope: 'pseudonymised',
    needs: null,
    description: 'Works with pseudonymised data and exports only',
  },
} as const satisfies Record<string, RoleDefinition>;

export type Role = keyof typeof ROLES;
export const ROLE_NAMES = Object.keys(ROLES) as Role[];

export function isRole(value: string): value is Role {
  return Object.hasOwn(ROLES, value);
}
