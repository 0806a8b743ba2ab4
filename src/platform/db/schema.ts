/**
 * Kysely's view of the tables (camelCase; the CamelCasePlugin maps to the snake_case columns).
 * Kept by hand beside the migrations: a column added in a migration is added here too.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** A timestamp column: read as a Date, written as a Date or ISO string, defaulted by the database. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A civil date column 'YYYY-MM-DD'. */
type CivilDate = string;

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

export interface BankHolidayTable {
  date: CivilDate;
  title: string;
  substitute: Generated<boolean>;
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
  encompassStatus: Generated<string>;
  encompassJoinedOn: CivilDate | null;
  encompassTrainingStartedOn: CivilDate | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface SettingClosureTable {
  settingId: number;
  date: CivilDate;
  reason: 'inset' | 'closure';
}

export interface SettingStaffTable {
  id: Generated<number>;
  settingId: number;
  staffRole: 'dsl' | 'deputy_dsl' | 'head';
  givenName: string;
  familyName: string;
  email: string;
}

export interface AppUserTable {
  id: Generated<string>;
  email: string;
  givenName: string;
  familyName: string;
  role: string;
  organisationId: number | null;
  teamId: number | null;
  settingId: number | null;
  passwordHash: string;
  failedSignIns: Generated<number>;
  lockedUntil: Date | null;
  active: Generated<boolean>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  lastSignedInAt: Date | null;
}

export interface UserSessionTable {
  id: string;
  userId: string;
  createdAt: Timestamp;
  lastSeenAt: Timestamp;
  ip: string | null;
}

export interface ChildTable {
  id: Generated<string>;
  givenName: string;
  familyName: string;
  dateOfBirth: CivilDate;
  sex: 'female' | 'male' | 'unknown';
  address: string | null;
  postcode: string | null;
  districtId: number | null;
  nhsNumber: string | null;
  upn: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  mergedInto: ColumnType<string | null, string | null | undefined, string | null>;
  mergedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface ChildDuplicateTable {
  id: Generated<number>;
  childA: string;
  childB: string;
  probability: number;
  matchWeight: number;
  explanation: ColumnType<unknown, string, string>;
  status: ColumnType<
    'open' | 'merged' | 'not_same',
    'open' | 'merged' | 'not_same' | undefined,
    'open' | 'merged' | 'not_same'
  >;
  foundAt: Timestamp;
  decidedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  decidedBy: string | null;
  reason: string | null;
}

export interface ReconciliationTable {
  id: Generated<string>;
  createdBy: string;
  createdAt: Timestamp;
  name: string;
  filename: string;
  content: string;
  header: ColumnType<string[], string, string>;
  rowCount: number;
  mapping: ColumnType<unknown, string | null | undefined, string | null>;
  result: ColumnType<unknown, string | null | undefined, string | null>;
  reconciledAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface LinkageScanRunTable {
  id: Generated<number>;
  requestedBy: string | null;
  requestedAt: Timestamp;
  stage: ColumnType<string, string | undefined, string>;
  done: ColumnType<number, number | undefined, number>;
  total: ColumnType<number, number | undefined, number>;
  finishedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  failure: string | null;
}

export interface LinkageScanTable {
  id: Generated<number>;
  startedAt: ColumnType<Date, Date | string, Date | string>;
  finishedAt: ColumnType<Date, Date | string, Date | string>;
  startedBy: string | null;
  records: number;
  comparisons: number;
  pairsFound: number;
  model: ColumnType<unknown, string, string>;
}

export interface ChildEnrolmentTable {
  id: Generated<number>;
  childId: string;
  settingId: number;
  onRollFrom: CivilDate;
  onRollTo: CivilDate | null;
}

export interface AuditLogTable {
  lane: number;
  seq: number;
  at: Date;
  userId: string | null;
  userEmail: string | null;
  role: string | null;
  organisationId: number | null;
  action: string;
  recordType: string;
  recordId: string | null;
  childId: string | null;
  outcome: 'success' | 'denied' | 'not_found';
  ip: string | null;
  requestId: string | null;
  reason: string | null;
  prevHash: string;
  hash: string;
}

export interface EmailDeliveryTable {
  idempotencyKey: string;
  sentAt: Timestamp;
  recipients: number;
}

export interface EncompassIncidentTable {
  id: Generated<string>;
  policeReference: string;
  occurredAt: Date;
  place: string;
  districtId: number;
  circumstances: string;
  riskLevel: 'standard' | 'medium' | 'high';
  officerName: string;
  organisationId: number;
  recordedBy: string | null;
  recordedAt: Timestamp;
  amendedAt: Date | null;
}

export interface EncompassChildTable {
  id: Generated<string>;
  incidentId: string;
  givenName: string;
  familyName: string;
  dateOfBirth: CivilDate;
  address: string;
  postcode: string | null;
  nhsNumber: string | null;
  presence: 'in_room' | 'elsewhere_in_home' | 'not_present';
  spokenTo: boolean;
  childVoice: string | null;
  demeanour: string | null;
  injuries: string | null;
  childId: string | null;
  match: 'exact' | 'none' | 'ambiguous';
}

export type NoticeRecipient = 'setting' | 'health_visiting' | 'family_front_door' | 'coordinator';
export type NoticeStatus = 'sent' | 'acknowledged' | 'withdrawn' | 'queued';

export interface EncompassNoticeTable {
  id: Generated<string>;
  encompassChildId: string;
  incidentId: string;
  recipient: NoticeRecipient;
  settingId: number | null;
  teamId: number | null;
  routingReason: string;
  dueAt: Date;
  /** When it should have reached its recipient, counted from the incident's recording. */
  sendBy: Date;
  status: ColumnType<NoticeStatus, NoticeStatus | undefined, NoticeStatus>;
  createdAt: Timestamp;
  sentAt: Date | null;
  firstViewedAt: Date | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  action: string | null;
  actionNote: string | null;
  feedback: string | null;
  feedbackNote: string | null;
  escalatedAt: Date | null;
  withdrawnAt: Date | null;
  withdrawnReason: string | null;
}

export interface ApiClientTable {
  id: Generated<string>;
  name: string;
  organisationId: number;
  tokenHash: string;
  scopes: ColumnType<string[], string[] | undefined, string[]>;
  active: Generated<boolean>;
  createdAt: Timestamp;
  lastUsedAt: Date | null;
}

export interface EncompassAmendmentTable {
  id: Generated<number>;
  incidentId: string;
  amendedAt: Timestamp;
  amendedBy: string | null;
  changed: string[];
  reason: string;
}

export interface Database {
  encompassAmendment: EncompassAmendmentTable;
  apiClient: ApiClientTable;
  encompassIncident: EncompassIncidentTable;
  encompassChild: EncompassChildTable;
  encompassNotice: EncompassNoticeTable;
  emailDelivery: EmailDeliveryTable;
  district: DistrictTable;
  organisation: OrganisationTable;
  team: TeamTable;
  term: TermTable;
  bankHoliday: BankHolidayTable;
  setting: SettingTable;
  settingClosure: SettingClosureTable;
  settingStaff: SettingStaffTable;
  appUser: AppUserTable;
  userSession: UserSessionTable;
  child: ChildTable;
  childDuplicate: ChildDuplicateTable;
  linkageScan: LinkageScanTable;
  linkageScanRun: LinkageScanRunTable;
  reconciliation: ReconciliationTable;
  childEnrolment: ChildEnrolmentTable;
  auditLog: AuditLogTable;
}

export type Setting = Selectable<SettingTable>;
export type NewSetting = Insertable<SettingTable>;
export type SettingUpdate = Updateable<SettingTable>;
export type AppUser = Selectable<AppUserTable>;
export type Child = Selectable<ChildTable>;
export type AuditEntry = Selectable<AuditLogTable>;
