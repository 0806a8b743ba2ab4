/** The yearly-report module's tables (migration 0200): drafts, waivers, approvals, published versions. */
import type { Generated, Selectable } from 'kysely';
import type { CivilDate, Timestamp } from '../../platform/db/schema.ts';

export type Partner = 'local_authority' | 'police' | 'health';
export type WaiverKind = 'small_count' | 'contents';

export interface YearlyReportTable {
  id: Generated<number>;
  title: string;
  periodFrom: CivilDate;
  periodTo: CivilDate;
  narrative: Generated<string>;
  createdBy: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface YearlyReportWaiverTable {
  reportId: number;
  kind: WaiverKind;
  key: string;
  reason: string;
  waivedBy: string | null;
  waivedAt: Timestamp;
}

export interface YearlyReportApprovalTable {
  reportId: number;
  partner: Partner;
  userId: string;
  approvedAt: Timestamp;
}

export interface YearlyReportVersionTable {
  id: Generated<number>;
  reportId: number;
  version: number;
  title: string;
  periodFrom: CivilDate;
  periodTo: CivilDate;
  sections: unknown;
  narrative: string;
  approvals: unknown;
  checksum: string;
  publishedBy: string | null;
  publishedAt: Timestamp;
}

export type YearlyReport = Selectable<YearlyReportTable>;
export type Waiver = Selectable<YearlyReportWaiverTable>;

export interface YearlyReportTables {
  yearlyReport: YearlyReportTable;
  yearlyReportWaiver: YearlyReportWaiverTable;
  yearlyReportApproval: YearlyReportApprovalTable;
  yearlyReportVersion: YearlyReportVersionTable;
}

declare module '../../platform/db/schema.ts' {
  interface Database extends YearlyReportTables {}
}
