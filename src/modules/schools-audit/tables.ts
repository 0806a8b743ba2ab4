/** The Section 175/157 audit's tables (migration 0180). */
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { CivilDate, Timestamp } from '../../platform/db/schema.ts';

export type QuestionKind = 'yes_no' | 'number' | 'choice' | 'text' | 'evidence';
export type ReturnStatus = 'in_progress' | 'submitted';
export type Rag = 'red' | 'amber' | 'green';

/** numeric(14,2): node-postgres reads it as a string; written as a number. */
type Numeric = ColumnType<string | number, number | string, number | string>;

export interface SchoolsAuditYearTable {
  id: Generated<number>;
  schoolYear: string;
  title: string;
  opensOn: CivilDate;
  closesOn: CivilDate;
  copiedFromId: number | null;
  createdAt: Timestamp;
}

export interface SchoolsAuditSectionTable {
  id: Generated<number>;
  yearId: number;
  position: number;
  title: string;
}

export interface SchoolsAuditQuestionTable {
  id: Generated<number>;
  yearId: number;
  sectionId: number;
  position: number;
  code: string;
  text: string;
  hint: string | null;
  kind: QuestionKind;
  choices: ColumnType<string[], string[] | undefined, string[]>;
  required: Generated<boolean>;
  reportLabel: string | null;
  followUpAnswer: string | null;
  compareWith: 'get_safe_dsl_and_deputy' | null;
  newThisYear: Generated<boolean>;
}

export interface SchoolsAuditReturnTable {
  id: Generated<number>;
  yearId: number;
  settingId: number;
  status: Generated<ReturnStatus>;
  startedAt: Timestamp;
  updatedAt: Timestamp;
  submittedAt: Date | null;
  submittedBy: string | null;
}

export interface SchoolsAuditAnswerTable {
  returnId: number;
  questionId: number;
  yes: boolean | null;
  number: Numeric | null;
  text: string | null;
  updatedAt: Timestamp;
}

export interface SchoolsAuditRatingTable {
  returnId: number;
  sectionId: number;
  rag: Rag;
}

export interface SchoolsAuditAmendmentTable {
  id: Generated<number>;
  returnId: number;
  reason: string;
  reopenedBy: string;
  reopenedAt: Timestamp;
  previouslySubmittedAt: Date;
}

export interface SchoolsAuditReminderTable {
  id: Generated<number>;
  yearId: number;
  settingId: number;
  sentAt: Timestamp;
  sentBy: string | null;
  statusThen: 'not_started' | 'in_progress';
}

export interface SchoolsAuditFollowUpTable {
  id: Generated<number>;
  yearId: number;
  settingId: number;
  questionId: number;
  answerGiven: string;
  actionId: number;
  createdBy: string;
  createdAt: Timestamp;
}

export type AuditYear = Selectable<SchoolsAuditYearTable>;
export type AuditSection = Selectable<SchoolsAuditSectionTable>;
export type AuditQuestion = Selectable<SchoolsAuditQuestionTable>;

export interface SchoolsAuditTables {
  schoolsAuditYear: SchoolsAuditYearTable;
  schoolsAuditSection: SchoolsAuditSectionTable;
  schoolsAuditQuestion: SchoolsAuditQuestionTable;
  schoolsAuditReturn: SchoolsAuditReturnTable;
  schoolsAuditAnswer: SchoolsAuditAnswerTable;
  schoolsAuditRating: SchoolsAuditRatingTable;
  schoolsAuditAmendment: SchoolsAuditAmendmentTable;
  schoolsAuditReminder: SchoolsAuditReminderTable;
  schoolsAuditFollowUp: SchoolsAuditFollowUpTable;
}

declare module '../../platform/db/schema.ts' {
  interface Database extends SchoolsAuditTables {}
}
