/** The Family Front Door's tables: referrals and their children, decisions, strategy discussions and what follows, the referral audit. */
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { CivilDate, Timestamp } from '../../platform/db/schema.ts';

export type ReferralStatus = 'draft' | 'submitted' | 'decided';
export type Decision =
  | 'nfa_advice'
  | 'signpost_universal'
  | 'early_help_setting'
  | 'early_help_targeted'
  | 'assessment_s17'
  | 'strategy_discussion';
export type Consent = 'obtained' | 'not_obtained' | 'not_sought_risk';
export type Urgency = 'immediate' | 'urgent' | 'standard';
export type AgencyType = 'school' | 'early_years' | 'police' | 'health' | 'local_authority' | 'other';
export type StrategyAgency =
  | 'social_care'
  | 'police'
  | 'health'
  | 'education'
  | 'probation'
  | 'youth_justice'
  | 'other';
export type PlanCategory = 'neglect' | 'physical' | 'sexual' | 'emotional' | 'multiple';

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface FrontDoorReferralTable {
  id: Generated<number>;
  source: ColumnType<'form' | 'encompass' | 'get_safe', 'form' | 'encompass' | 'get_safe' | undefined, never>;
  encompassNoticeId: Nullable<string>;
  /** The GET SAFE concern whose triage made it (source get_safe; migration 0320). */
  getSafeConcernId: Nullable<number>;
  status: ColumnType<ReferralStatus, ReferralStatus | undefined, ReferralStatus>;
  referrerUserId: Nullable<string>;
  referrerName: string;
  referrerJobTitle: Nullable<string>;
  referrerEmail: Nullable<string>;
  referrerPhone: Nullable<string>;
  organisationId: Nullable<number>;
  settingId: Nullable<number>;
  teamId: Nullable<number>;
  agencyType: AgencyType;
  districtId: Nullable<number>;
  familyAndHousehold: Nullable<string>;
  concerns: Nullable<string>;
  referrerLevelOfNeed: Nullable<number>;
  childVoice: Nullable<string>;
  consent: Nullable<Consent>;
  consentReason: Nullable<string>;
  siblingsElsewhere: Nullable<string>;
  existingEarlyHelp: Nullable<string>;
  settingEarlyHelpOffer: Nullable<boolean>;
  urgency: Nullable<Urgency>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  receivedAt: Nullable<Date>;
  decisionDueOn: Nullable<CivilDate>;
  decidedAt: Nullable<Date>;
  decidedBy: Nullable<string>;
  decision: Nullable<Decision>;
  metThreshold: ColumnType<boolean | null, never, never>;
  rationale: Nullable<string>;
  decidedLevelOfNeed: Nullable<number>;
  feedbackOutcome: Nullable<string>;
  feedbackNextSteps: Nullable<string>;
  feedbackContact: Nullable<string>;
  feedbackRecipient: Nullable<'referrer' | 'safeguarding_lead'>;
  feedbackEmail: Nullable<string>;
}

export interface FrontDoorReferralChildTable {
  id: Generated<number>;
  referralId: number;
  childId: string;
  givenName: string;
  familyName: string;
  dateOfBirth: CivilDate;
  foundBy: 'index' | 'new';
}

export interface FrontDoorAssessmentTable {
  id: Generated<number>;
  referralId: number;
  childId: string;
  startedOn: CivilDate;
  dueOn: CivilDate;
  authorisedOn: Nullable<CivilDate>;
  outcome: Nullable<'nfa' | 'early_help' | 'child_in_need' | 'strategy_discussion'>;
}

export interface FrontDoorStrategyDiscussionTable {
  id: Generated<number>;
  referralId: Nullable<number>;
  childId: string;
  heldOn: CivilDate;
  informationShared: string;
  decision: 'section47' | 'none' | 'further_discussion';
  quorate: boolean;
  recordedBy: Nullable<string>;
  recordedAt: Timestamp;
}

export interface FrontDoorStrategyAttendeeTable {
  id: Generated<number>;
  strategyDiscussionId: number;
  agency: StrategyAgency;
  organisationId: Nullable<number>;
  name: string;
  minutesSharedOn: Nullable<CivilDate>;
}

export interface FrontDoorEnquiryTable {
  strategyDiscussionId: number;
  startedOn: CivilDate;
  completedOn: Nullable<CivilDate>;
  outcome: Nullable<'icpc' | 'cin_plan' | 'nfa'>;
}

export interface FrontDoorIcpcTable {
  id: Generated<number>;
  strategyDiscussionId: number;
  childId: string;
  heldOn: CivilDate;
  dueOn: CivilDate;
  quorate: boolean;
  outcome: 'cp_plan' | 'no_plan';
}

export interface FrontDoorCpPlanTable {
  id: Generated<number>;
  icpcId: number;
  childId: string;
  startedOn: CivilDate;
  category: PlanCategory;
  previousPlans: ColumnType<number, number | undefined, number>;
  firstReviewDueOn: CivilDate;
  endedOn: Nullable<CivilDate>;
  endReason: Nullable<string>;
}

export interface FrontDoorCpReviewTable {
  id: Generated<number>;
  cpPlanId: number;
  heldOn: CivilDate;
  dueOn: CivilDate;
  outcome: 'continue' | 'end';
}

export interface FrontDoorAuditSettingsTable {
  id: ColumnType<number, number | undefined, never>;
  sampleSize: ColumnType<number, number | undefined, number>;
  agencyTypes: ColumnType<string[], string[] | undefined, string[]>;
  policeHealthFrom: Nullable<CivilDate>;
  updatedAt: Timestamp;
}

export interface FrontDoorAuditSampleTable {
  id: Generated<number>;
  month: CivilDate;
  proposedAt: Timestamp;
  confirmedAt: Nullable<Date>;
  confirmedBy: Nullable<string>;
}

export interface FrontDoorAuditCaseTable {
  id: Generated<number>;
  sampleId: number;
  referralId: number;
  institutionKey: string;
  swappedIn: ColumnType<boolean, boolean | undefined, boolean>;
  auditorUserId: Nullable<string>;
  whyMade: Nullable<string>;
  quality: Nullable<'good' | 'requires_improvement' | 'inadequate'>;
  childVoiceEvidenced: Nullable<boolean>;
  lowerLevel: Nullable<'setting_offer' | 'lower_level' | 'neither'>;
  learningReferrer: Nullable<string>;
  learningFrontDoor: Nullable<string>;
  feedbackSpecific: Nullable<boolean>;
  feedbackRightPerson: Nullable<boolean>;
  completedAt: Nullable<Date>;
  completedBy: Nullable<string>;
}

export type Referral = Selectable<FrontDoorReferralTable>;

/** The front-door module's tables, as Kysely names them. */
export interface FrontDoorTables {
  frontDoorReferral: FrontDoorReferralTable;
  frontDoorReferralChild: FrontDoorReferralChildTable;
  frontDoorAssessment: FrontDoorAssessmentTable;
  frontDoorStrategyDiscussion: FrontDoorStrategyDiscussionTable;
  frontDoorStrategyAttendee: FrontDoorStrategyAttendeeTable;
  frontDoorEnquiry: FrontDoorEnquiryTable;
  frontDoorIcpc: FrontDoorIcpcTable;
  frontDoorCpPlan: FrontDoorCpPlanTable;
  frontDoorCpReview: FrontDoorCpReviewTable;
  frontDoorAuditSettings: FrontDoorAuditSettingsTable;
  frontDoorAuditSample: FrontDoorAuditSampleTable;
  frontDoorAuditCase: FrontDoorAuditCaseTable;
}

declare module '../../platform/db/schema.ts' {
  interface Database extends FrontDoorTables {}
}
