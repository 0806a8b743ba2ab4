/** Operation Encompass's tables: incidents, their children, notices, amendments, API clients and settings' enrolment. */
import type { ColumnType, Generated } from 'kysely';
import type { CivilDate, Timestamp } from '../../platform/db/schema.ts';

export type NoticeRecipient = 'setting' | 'health_visiting' | 'family_front_door' | 'coordinator';
export type NoticeStatus = 'sent' | 'acknowledged' | 'withdrawn' | 'queued';
export type EnrolmentStatus = 'joined' | 'in_training' | 'not_joined';

export interface EncompassIncidentTable {
  id: Generated<string>;
  policeReference: string;
  occurredAt: Date;
  /** When the police attended or were told of it: notices are due before the next school day after it. */
  attendedAt: Date;
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

export interface EncompassNoticeTable {
  id: Generated<string>;
  encompassChildId: string;
  incidentId: string;
  recipient: NoticeRecipient;
  settingId: number | null;
  teamId: number | null;
  routingReason: string;
  dueAt: Date;
  /** When it should have reached its recipient, counted from when the police attended (or were told). */
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
  /** When the police changed it after its recipient had read it; null once they open it again. */
  readAgainSince: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** When the coordinator sent it on by hand from the queue; null when the rules routed it. */
  routedByHandAt: Date | null;
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
  /** For a correction of one child's details: that child; null when the incident was amended. */
  encompassChildId: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A setting's Operation Encompass enrolment; a setting with no row has not joined. */
export interface EncompassEnrolmentTable {
  settingId: number;
  status: EnrolmentStatus;
  trainingStartedOn: CivilDate | null;
  joinedOn: CivilDate | null;
  updatedAt: Timestamp;
}

/** What an officer has typed so far in the incident journey, page by page (see draft.ts). */
export interface DraftAnswers {
  incident: Record<string, string>;
  children: Record<string, string>[];
}

/** An incident started but not yet confirmed: one per officer (migration 0350). */
export interface EncompassIncidentDraftTable {
  userId: string;
  answers: ColumnType<DraftAnswers, string, string>;
  updatedAt: ColumnType<Date, Date | undefined, Date>;
}

/** The encompass module's tables, as Kysely names them. */
export interface EncompassTables {
  encompassIncident: EncompassIncidentTable;
  encompassChild: EncompassChildTable;
  encompassNotice: EncompassNoticeTable;
  apiClient: ApiClientTable;
  encompassAmendment: EncompassAmendmentTable;
  encompassEnrolment: EncompassEnrolmentTable;
  encompassIncidentDraft: EncompassIncidentDraftTable;
  encompassWhatsNewSeen: EncompassWhatsNewSeenTable;
}

/** When each person last looked at what is new for them (migration 0430). */
export interface EncompassWhatsNewSeenTable {
  userId: string;
  lookedAt: Date;
}

declare module '../../platform/db/schema.ts' {
  interface Database extends EncompassTables {}
}

/**
 * Published (migration 0121, added with the front door): notices routed to the Family Front Door,
 * sent or acknowledged, with their child and incident. Read-only.
 */
export interface EncompassFrontDoorNoticeView {
  id: string;
  incidentId: string;
  policeReference: string;
  occurredAt: Date;
  districtId: number;
  organisationId: number;
  riskLevel: 'standard' | 'medium' | 'high';
  circumstances: string;
  officerName: string;
  childId: string | null;
  givenName: string;
  familyName: string;
  dateOfBirth: CivilDate;
  childVoice: string | null;
  receivedAt: Date;
}

declare module '../../platform/db/schema.ts' {
  interface Database {
    encompassFrontDoorNotice: EncompassFrontDoorNoticeView;
  }
}
