/** The registry's tables: districts, organisations, teams, terms, settings and their staff and closures. */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { CivilDate, Timestamp } from '../../platform/db/schema.ts';

export interface DistrictTable {
  id: Generated<number>;
  code: string;
  name: string;
}

export interface OrganisationTable {
  id: Generated<number>;
  code: string;
  name: string;
  kind: string;
  safeguardingPartner: Generated<boolean>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface TeamTable {
  id: Generated<number>;
  code: string;
  name: string;
  organisationId: number;
  districtId: number | null;
  kind: string;
  email: string;
}

export interface TermTable {
  id: Generated<number>;
  schoolYear: string;
  name: string;
  startsOn: CivilDate;
  endsOn: CivilDate;
}

export interface SettingTable {
  id: Generated<number>;
  urn: string;
  name: string;
  phase: string;
  districtId: number;
  /** 'HH:MM:SS' as PostgreSQL returns a time. */
  schoolDayStartsAt: string;
  safeguardingEmail: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface SettingClosureTable {
  settingId: number;
  date: CivilDate;
  reason: 'inset' | 'closure';
}

export interface SettingTermTable {
  id: Generated<number>;
  settingId: number;
  name: string;
  startsOn: CivilDate;
  endsOn: CivilDate;
}

export interface RegistrySettingTermView {
  id: number;
  settingId: number;
  name: string;
  startsOn: CivilDate;
  endsOn: CivilDate;
}

export interface SettingStaffTable {
  id: Generated<number>;
  settingId: number;
  staffRole: 'dsl' | 'deputy_dsl' | 'head';
  givenName: string;
  familyName: string;
  email: string;
}

export type Setting = Selectable<SettingTable>;
export type NewSetting = Insertable<SettingTable>;
export type SettingUpdate = Updateable<SettingTable>;

/** The registry module's tables, as Kysely names them. */
export interface RegistryTables {
  district: DistrictTable;
  organisation: OrganisationTable;
  team: TeamTable;
  term: TermTable;
  setting: SettingTable;
  settingClosure: SettingClosureTable;
  settingTerm: SettingTermTable;
  settingStaff: SettingStaffTable;
}

declare module '../../platform/db/schema.ts' {
  interface Database extends RegistryTables {}
}

/*
 * The registry's published views (migration 0014; registry_setting without enrolment since 0015): what other modules' SQL may read. Read-only
 * by rule: the ownership test fails a write through one.
 */
export interface RegistryDistrictView {
  id: number;
  code: string;
  name: string;
}

export interface RegistryOrganisationView {
  id: number;
  code: string;
  name: string;
  kind: string;
  safeguardingPartner: boolean;
}

export interface RegistryTeamView {
  id: number;
  code: string;
  name: string;
  organisationId: number;
  districtId: number | null;
  kind: string;
  email: string;
}

export interface RegistryTermView {
  id: number;
  schoolYear: string;
  name: string;
  startsOn: CivilDate;
  endsOn: CivilDate;
}

export interface RegistrySettingView {
  id: number;
  urn: string;
  name: string;
  phase: string;
  districtId: number;
  schoolDayStartsAt: string;
  safeguardingEmail: string;
}

export interface RegistrySettingStaffView {
  id: number;
  settingId: number;
  staffRole: 'dsl' | 'deputy_dsl' | 'head';
  givenName: string;
  familyName: string;
  email: string;
}

export interface RegistrySettingClosureView {
  settingId: number;
  date: CivilDate;
  reason: 'inset' | 'closure';
}

/** The published views, as Kysely names them. */
export interface RegistryPublishedViews {
  registryDistrict: RegistryDistrictView;
  registryOrganisation: RegistryOrganisationView;
  registryTeam: RegistryTeamView;
  registryTerm: RegistryTermView;
  registrySetting: RegistrySettingView;
  registrySettingStaff: RegistrySettingStaffView;
  registrySettingClosure: RegistrySettingClosureView;
  registrySettingTerm: RegistrySettingTermView;
}

declare module '../../platform/db/schema.ts' {
  interface Database extends RegistryPublishedViews {}
}
