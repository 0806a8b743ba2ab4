/** The quality module's tables: audit programmes, audits, cases, self-audits, findings and learning briefings. */
import type { ColumnType, Generated } from 'kysely';
import type { CivilDate, Timestamp } from '../../platform/db/schema.ts';

export type Grade = 'outstanding' | 'good' | 'requires_improvement' | 'inadequate';
export type AuditStatus = 'planned' | 'auditing' | 'panel' | 'complete';
export type AuditTheme =
  | 'strategy_no_s47'
  | 'repeat_strategy'
  | 'cp_plan_domestic_abuse'
  | 'early_help_domestic_abuse'
  | 'cp_medical'
  | 'other';

export interface QaProgrammeTable {
  id: Generated<number>;
  year: string;
  title: string;
  createdAt: Timestamp;
}

export interface QaAuditTable {
  id: Generated<number>;
  programmeId: number;
  title: string;
  theme: AuditTheme;
  selectionRule: string;
  casesWanted: number;
  startsOn: CivilDate;
  panelOn: CivilDate;
  status: ColumnType<AuditStatus, AuditStatus | undefined, AuditStatus>;
  completedOn: CivilDate | null;
  createdAt: Timestamp;
}

export interface QaAuditAgencyTable {
  auditId: number;
  organisationId: number;
}

export interface QaAuditQuestionTable {
  auditId: number;
  position: number;
  question: string;
}

export interface QaAuditorTable {
  auditId: number;
  userId: string;
}

export interface QaCaseTable {
  id: Generated<number>;
  auditId: number;
  reference: string;
  childId: string;
  selectedHow: 'journey' | 'hand';
  selectedOn: CivilDate;
  selectedBy: string | null;
  panelGrade: Grade | null;
  panelReasons: string | null;
  panelOn: CivilDate | null;
  familyApproached: boolean | null;
  familyResponded: boolean | null;
  familyFeedback: string | null;
}

export interface QaSelfAuditTable {
  id: Generated<number>;
  caseId: number;
  organisationId: number;
  answers: ColumnType<string[], string, string>;
  grade: Grade;
  strengths: string;
  learning: string;
  completedBy: string | null;
  completedOn: CivilDate;
}

export interface QaFindingTable {
  id: Generated<number>;
  auditId: number;
  kind: 'strength' | 'learning';
  text: string;
  recordedAt: Timestamp;
}

export interface QaBriefingTable {
  id: Generated<number>;
  createdAt: Timestamp;
}

export interface QaBriefingVersionTable {
  briefingId: number;
  version: number;
  title: string;
  summary: string;
  keyMessages: ColumnType<string[], string, string>;
  auditIds: number[];
  writtenAt: Timestamp;
  writtenBy: string | null;
  publishedOn: CivilDate | null;
}

export interface QualityTables {
  qaProgramme: QaProgrammeTable;
  qaAudit: QaAuditTable;
  qaAuditAgency: QaAuditAgencyTable;
  qaAuditQuestion: QaAuditQuestionTable;
  qaAuditor: QaAuditorTable;
  qaCase: QaCaseTable;
  qaSelfAudit: QaSelfAuditTable;
  qaFinding: QaFindingTable;
  qaBriefing: QaBriefingTable;
  qaBriefingVersion: QaBriefingVersionTable;
}

declare module '../../platform/db/schema.ts' {
  interface Database extends QualityTables {}
}
