export type Phase =
  | 'early_years'
  | 'first'
  | 'primary'
  | 'middle'
  | 'secondary'
  | 'special'
  | 'independent'
  | 'further_education'
  | 'alternative_provision';

export type EncompassStatus = 'joined' | 'in_training' | 'not_joined';

export type OrganisationKind =
  | 'local_authority'
  | 'icb'
  | 'police'
  | 'hospital_trust'
  | 'community_health_trust'
  | 'probation'
  | 'youth_justice'
  | 'voluntary'
  | 'education';

export type TeamKind =
  | 'health_visiting'
  | 'family_front_door'
  | 'get_safe'
  | 'education_safeguarding'
  | 'harm_assessment_unit'
  | 'hospital_safeguarding'
  | 'business_unit';

export interface DemoDistrict {
  /** 'BROM', 'MALV', 'REDD', 'WORC', 'WYCH', 'WYRE' */
  code: string;
  name: string;
}

export interface DemoOrganisation {
  code: string;
  name: string;
  kind: OrganisationKind;
  /** One of the three statutory safeguarding partners (local authority, ICB, police). */
  safeguardingPartner: boolean;
}

export interface DemoTeam {
  code: string;
  name: string;
  organisationCode: string;
  /** The district a team covers; null for a county-wide team. */
  districtCode: string | null;
  kind: TeamKind;
  email: string;
}

export interface DemoStaff {
  givenName: string;
  familyName: string;
  email: string;
  role: 'dsl' | 'deputy_dsl' | 'head';
}

export interface DemoClosure {
  /** ISO date, a weekday inside a term. */
  date: string;
  reason: 'inset' | 'closure';
}

export interface DemoEncompass {
  status: EncompassStatus;
  /** Set only when status is 'joined'. */
  joinedOn: string | null;
  /** When the setting's DSLs started Operation Encompass training; null for 'not_joined'. */
  trainingStartedOn: string | null;
}

export interface DemoSetting {
  /** Six digits, unique, in the 9xxxxx range so that it stands apart from real schools' URNs. */
  urn: string;
  name: string;
  phase: Phase;
  districtCode: string;
  /** 'HH:MM' */
  schoolDayStartsAt: string;
  /** Always on an example.org domain. */
  safeguardingEmail: string;
  encompass: DemoEncompass;
  /** INSET and other closure days in the school years of DEMO_TERMS, in date order. */
  closures: DemoClosure[];
  /** One DSL, one or two deputies and a head, in that order. */
  staff: DemoStaff[];
}

export interface DemoTerm {
  /** '2026-27' */
  schoolYear: string;
  /** 'Autumn 1' … 'Summer 2' */
  name: string;
  /** ISO dates, both days included; half-terms and holidays are the gaps between terms. */
  start: string;
  end: string;
}

export interface DemoChild {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: 'female' | 'male' | 'unknown';
  address: string;
  postcode: string;
  districtCode: string;
  nhsNumber: string | null;
  upn: string | null;
  settingUrn: string | null;
  onRollFrom: string | null;
}

export interface DemoPartnership {
  name: string;
  districts: DemoDistrict[];
  organisations: DemoOrganisation[];
  teams: DemoTeam[];
  settings: DemoSetting[];
  terms: DemoTerm[];
}
