/**
 * The journey's vocabulary, shared with the modules that record events (the front door) and the
 * imports: every step of a child's journey is one event of a kind, dated by the civil date the
 * KPIs count.
 */

export const JOURNEY_EVENT_KINDS = [
  'contact',
  'early_help_start',
  'early_help_end',
  'referral',
  'decision',
  'assessment_start',
  'assessment_authorised',
  'strategy_discussion',
  'section47',
  'icpc',
  'cp_plan_start',
  'cp_review',
  'cp_plan_end',
  'cin_start',
  'cin_end',
  'cla_start',
  'cla_end',
  'care_leaver',
] as const;

export type JourneyEventKind = (typeof JOURNEY_EVENT_KINDS)[number];

export const CP_PLAN_CATEGORIES = ['neglect', 'physical', 'sexual', 'emotional', 'multiple'] as const;
export type CpPlanCategory = (typeof CP_PLAN_CATEGORIES)[number];

/** The facts an event carries beyond its kind and date; each only where its kind needs it. */
export interface JourneyEventDetails {
  /** referral / decision: no further action. */
  nfa?: boolean;
  /** referral: the ISO instant it was received at the front door. */
  receivedAt?: string;
  /** decision: the ISO instant it was decided. */
  decidedAt?: string;
  /** strategy discussion: children's social care, police and health attended. */
  quorate?: boolean;
  attendingAgencies?: string[];
  /** icpc: the date of its strategy discussion (YYYY-MM-DD). */
  strategyDiscussionOn?: string;
  /** icpc: it resulted in a child protection plan. */
  resultedInPlan?: boolean;
  /** cp plan: its category. */
  category?: CpPlanCategory;
  /** cp plan start: the child's earlier plans (a count from the source, e.g. Annex A). */
  previousPlans?: number;
  /** assessment_authorised: when the assessment started (YYYY-MM-DD). */
  startedOn?: string;
  outcome?: string;
  /** care_leaver: the day they ceased to be a care leaver (e.g. their 25th birthday), when known. */
  endedOn?: string;
}

/**
 * One event as its source records it.
 *
 * Pairing: a closing event shares its opening event's `source` and `sourceRef` — cp_plan_end with
 * its cp_plan_start (the plan's id), cin_end with cin_start (the CIN episode), cla_end with
 * cla_start (the period of care), assessment_authorised with assessment_start (the assessment).
 * A cp_review's `episodeRef` is its plan's `sourceRef`.
 */
export interface JourneyEventInput {
  /** The child index id (uuid). */
  childId: string;
  kind: JourneyEventKind;
  /** Civil date YYYY-MM-DD: the date the KPI counts. */
  occurredOn: string;
  /** 'front-door' | 'annex-a' | 'cin-census' | … */
  source: string;
  /** Unique per (source, kind): recording again updates, never duplicates. */
  sourceRef: string;
  /**
   * Ties one episode's events: the referral for contact → referral → decision → assessment; the
   * strategy discussion for strategy → section47 → icpc → plan.
   */
  episodeRef?: string | null;
  districtId?: number | null;
  /** Contacts and referrals: the referring agency type ('school', 'police', 'health', 'early_years', …). */
  sourceAgency?: string | null;
  details?: JourneyEventDetails;
}

/** An event as stored. */
export interface JourneyEvent {
  id: string;
  childId: string;
  kind: JourneyEventKind;
  occurredOn: string;
  source: string;
  sourceRef: string;
  episodeRef: string | null;
  districtId: number | null;
  sourceAgency: string | null;
  details: JourneyEventDetails;
  recordedAt: Date;
  updatedAt: Date;
}

/** What recording a batch did: new events, changed ones, and ones already recorded exactly so. */
export interface RecordSummary {
  inserted: number;
  updated: number;
  unchanged: number;
}
