/** The governance module's tables (migration 0190): budget statements, their rows and flags, contributions. */
import type { Generated, Selectable } from 'kysely';
import type { CivilDate, Timestamp } from '../../platform/db/schema.ts';
import type { RowKind, Section } from './budget.ts';

export interface GovernanceBudgetStatementTable {
  id: Generated<number>;
  financialYear: string;
  periodFrom: CivilDate;
  periodTo: CivilDate;
  fileName: string;
  title: string;
  funds: string[];
  importedAt: Timestamp;
  importedBy: string;
}

export interface GovernanceBudgetRowTable {
  id: Generated<number>;
  statementId: number;
  position: number;
  fileRow: number;
  label: string;
  kind: RowKind;
  section: Section | null;
  amountsPence: (number | null)[];
  totalPence: number | null;
  markers: Generated<string[]>;
}

export interface GovernanceBudgetDisagreementTable {
  id: Generated<number>;
  statementId: number;
  fund: string;
  rowLabel: string;
  statedPence: number;
  computedPence: number;
}

export type ContributionKind = 'partner' | 'grant_one_off' | 'grant_recurring';

export interface GovernanceContributionTable {
  id: Generated<number>;
  financialYear: string;
  source: string;
  kind: ContributionKind;
  amountPence: number;
  note: string | null;
}

export type BudgetStatementRecord = Selectable<GovernanceBudgetStatementTable>;
export type BudgetRowRecord = Selectable<GovernanceBudgetRowTable>;
export type ContributionRecord = Selectable<GovernanceContributionTable>;

export interface GovernanceTables {
  governanceBudgetStatement: GovernanceBudgetStatementTable;
  governanceBudgetRow: GovernanceBudgetRowTable;
  governanceBudgetDisagreement: GovernanceBudgetDisagreementTable;
  governanceContribution: GovernanceContributionTable;
}

declare module '../../platform/db/schema.ts' {
  interface Database extends GovernanceTables {}
}

export const GOVERNANCE_TABLES = [
  'governance_budget_statement',
  'governance_budget_row',
  'governance_budget_disagreement',
  'governance_contribution',
] as const;

export type Rag = 'red' | 'amber' | 'green';
export type DocumentKind = 'arrangements' | 'procedure' | 'toolkit' | 'guidance' | 'briefing';
export type DocumentStatus = 'draft' | 'published' | 'withdrawn';
export type ScrutinyKind = 'meeting_attended' | 'rapid_review' | 'audit_theme' | 'other';

export interface GovernanceGroupTable {
  id: Generated<number>;
  name: string;
  kind: 'executive' | 'subgroup';
  purpose: string;
  chairName: string;
  chairAgency: string;
}
export interface GovernanceMemberTable {
  id: Generated<number>;
  groupId: number;
  name: string;
  roleTitle: string;
  agency: string;
  /** Set when the member left the group; they stay in the attendance of earlier meetings. */
  leftOn: CivilDate | null;
}
export interface GovernanceMeetingTable {
  id: Generated<number>;
  groupId: number;
  heldOn: CivilDate;
}
export interface GovernanceAttendanceTable {
  meetingId: number;
  memberId: number;
  present: boolean;
}
export interface GovernanceDecisionTable {
  id: Generated<number>;
  meetingId: number;
  what: string;
  why: string;
  decidedBy: string;
}
export interface GovernancePriorityTable {
  id: Generated<number>;
  financialYear: string;
  title: string;
  description: string;
  ownerGroupId: number;
}
export interface GovernanceProgressTable {
  id: Generated<number>;
  priorityId: number;
  quarter: number;
  rag: Rag;
  summary: string;
  evidence: string | null;
}
export interface GovernanceDocumentTable {
  id: Generated<number>;
  slug: string;
  title: string;
  kind: DocumentKind;
  owner: string;
  reviewOn: CivilDate;
  status: DocumentStatus;
  summary: string;
}
export interface GovernanceDocumentVersionTable {
  id: Generated<number>;
  documentId: number;
  version: string;
  issuedOn: CivilDate;
  changes: string;
  timescale: string | null;
}
export interface GovernanceScrutinyTable {
  id: Generated<number>;
  kind: ScrutinyKind;
  title: string;
  heldOn: CivilDate;
  scrutineer: string;
}
export interface GovernanceScrutinyFindingTable {
  id: Generated<number>;
  scrutinyId: number;
  finding: string;
  response: string | null;
  respondedBy: string | null;
  respondedOn: CivilDate | null;
}

export interface GovernanceBodyTables {
  governanceGroup: GovernanceGroupTable;
  governanceMember: GovernanceMemberTable;
  governanceMeeting: GovernanceMeetingTable;
  governanceAttendance: GovernanceAttendanceTable;
  governanceDecision: GovernanceDecisionTable;
  governancePriority: GovernancePriorityTable;
  governanceProgress: GovernanceProgressTable;
  governanceDocument: GovernanceDocumentTable;
  governanceDocumentVersion: GovernanceDocumentVersionTable;
  governanceScrutiny: GovernanceScrutinyTable;
  governanceScrutinyFinding: GovernanceScrutinyFindingTable;
}

declare module '../../platform/db/schema.ts' {
  interface Database extends GovernanceBodyTables {}
}

export const GOVERNANCE_BODY_TABLES = [
  'governance_group',
  'governance_member',
  'governance_meeting',
  'governance_attendance',
  'governance_decision',
  'governance_priority',
  'governance_progress',
  'governance_document',
  'governance_document_version',
  'governance_scrutiny',
  'governance_scrutiny_finding',
] as const;
