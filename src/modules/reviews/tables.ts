/** Practice reviews' tables: the case (notification and rapid review), its members, agency requests, the CSPR and its milestones, national reviews, recommendations. */
import type { Generated } from 'kysely';
import type { CivilDate, Timestamp } from '../../platform/db/schema.ts';

export type ReviewDecision = 'cspr' | 'no_cspr';
export type PanelResponse = 'agrees' | 'disagrees';
export type RequestKind = 'chronology' | 'information';
export type NationalKind = 'national_review' | 'panel_briefing';
export type NationalDecision = 'relevant' | 'in_place' | 'not_relevant';

export interface ReviewCaseTable {
  id: Generated<number>;
  reference: string;
  childId: string;
  incidentSummary: string;
  incidentOn: CivilDate;
  becameAwareOn: CivilDate;
  notificationDueOn: CivilDate;
  notifiedOn: CivilDate | null;
  rapidReviewDueOn: CivilDate | null;
  meetingOn: CivilDate | null;
  decision: ReviewDecision | null;
  decisionReasons: string | null;
  decidedOn: CivilDate | null;
  sentToPanelOn: CivilDate | null;
  panelResponse: PanelResponse | null;
  panelResponseOn: CivilDate | null;
  panelComment: string | null;
  scrutineerComment: string | null;
  scrutineerCommentedOn: CivilDate | null;
  learning: string | null;
  createdBy: string | null;
  createdAt: Timestamp;
}

export interface ReviewMemberTable {
  caseId: number;
  userId: string;
  addedBy: string | null;
  addedAt: Timestamp;
}

export interface ReviewAgencyRequestTable {
  id: Generated<number>;
  caseId: number;
  organisationId: number;
  kind: RequestKind;
  requestedOn: CivilDate;
  receivedOn: CivilDate | null;
}

export interface ReviewCsprTable {
  id: Generated<number>;
  caseId: number;
  decidedOn: CivilDate;
  jointWithDhr: Generated<boolean>;
  reviewerName: string | null;
  termsOfReference: string | null;
  publicationDueOn: CivilDate;
  publicationWaitReason: string | null;
  publishedOn: CivilDate | null;
  reportUrl: string | null;
}

export interface ReviewMilestoneTable {
  id: Generated<number>;
  csprId: number;
  title: string;
  dueOn: CivilDate;
  doneOn: CivilDate | null;
}

export interface NationalReviewTable {
  id: Generated<number>;
  kind: NationalKind;
  title: string;
  publishedOn: CivilDate;
  url: string | null;
  summary: string | null;
  createdAt: Timestamp;
}

export interface ReviewRecommendationTable {
  id: Generated<number>;
  caseId: number | null;
  nationalReviewId: number | null;
  number: number;
  text: string;
  decision: NationalDecision | null;
  decisionReason: string | null;
  decidedOn: CivilDate | null;
  createdAt: Timestamp;
}

export interface ReviewsTables {
  reviewCase: ReviewCaseTable;
  reviewMember: ReviewMemberTable;
  reviewAgencyRequest: ReviewAgencyRequestTable;
  reviewCspr: ReviewCsprTable;
  reviewMilestone: ReviewMilestoneTable;
  nationalReview: NationalReviewTable;
  reviewRecommendation: ReviewRecommendationTable;
}

declare module '../../platform/db/schema.ts' {
  interface Database extends ReviewsTables {}
}
