/**
 * The partnership's KPIs: each id, what it counts, and how its figures are broken down. The README
 * and docs/modules/journey.md list the same definitions; every figure is computed from journey events.
 */

export type Breakdown = 'source_agency' | 'district' | 'category';

export interface KpiDefinition {
  id: string;
  label: string;
  definition: string;
  /** count: a number of events or children (no denominator); proportion: numerator ÷ denominator; rate: per 10,000 children. */
  unit: 'count' | 'proportion' | 'rate';
  breakdowns: readonly Breakdown[];
  /** A population applies: the dashboard shows "1 in N children". */
  perChildren?: boolean;
}

export const KPIS: readonly KpiDefinition[] = [
  {
    id: 'contacts',
    label: 'Contacts',
    definition: 'contacts dated in the period',
    unit: 'count',
    breakdowns: ['source_agency', 'district'],
  },
  {
    id: 'referrals',
    label: 'Referrals',
    definition: 'referrals dated in the period',
    unit: 'count',
    breakdowns: ['source_agency', 'district'],
  },
  {
    id: 'referral_rate_from_contacts',
    label: 'Contacts that became referrals',
    definition: 'referrals in the period ÷ contacts in the period',
    unit: 'proportion',
    breakdowns: ['source_agency', 'district'],
  },
  {
    id: 'referrals_nfa',
    label: 'Referrals with no further action',
    definition:
      'referrals in the period marked no further action (on the referral or its decision) ÷ referrals in the period',
    unit: 'proportion',
    breakdowns: ['source_agency', 'district'],
  },
  {
    id: 're_referrals_12m',
    label: 'Re-referrals within 12 months',
    definition:
      'referrals in the period whose child had another referral in the 365 days before it (dated from 365 days before up to the day before) ÷ referrals in the period',
    unit: 'proportion',
    breakdowns: ['source_agency', 'district'],
  },
  {
    id: 'assessments_within_45wd',
    label: 'Assessments authorised within 45 working days',
    definition:
      'assessments authorised in the period, authorised on or before the 45th working day after the referral that led to them (the child’s referral in the same episode; an assessment with no referral on record counts from its own start) ÷ assessments authorised in the period (one with neither date counts as late)',
    unit: 'proportion',
    breakdowns: ['district'],
  },
  {
    id: 's47_to_icpc',
    label: 'Section 47 enquiries leading to an ICPC',
    definition:
      'section 47 enquiries started in the period that have an ICPC date ÷ section 47 enquiries started in the period',
    unit: 'proportion',
    breakdowns: ['district'],
  },
  {
    id: 'icpc_within_15wd',
    label: 'ICPCs within 15 working days of the strategy discussion',
    definition:
      'ICPCs held in the period on or before the 15th working day after their strategy discussion ÷ ICPCs held in the period (an ICPC without a strategy discussion date counts as late)',
    unit: 'proportion',
    breakdowns: ['district'],
  },
  {
    id: 'icpc_to_cp_plan',
    label: 'ICPCs resulting in a plan',
    definition: 'ICPCs held in the period that resulted in a plan ÷ ICPCs held in the period',
    unit: 'proportion',
    breakdowns: ['district'],
  },
  {
    id: 'cp_plans_started',
    label: 'Child protection plans started',
    definition: 'CP plans starting in the period',
    unit: 'count',
    breakdowns: ['district', 'category'],
  },
  {
    id: 'repeat_cp_plans',
    label: 'Second or later child protection plans',
    definition:
      'CP plans starting in the period that are a second or later plan of the child (by its previous-plans count or an earlier plan held) ÷ CP plans starting in the period',
    unit: 'proportion',
    breakdowns: ['district', 'category'],
  },
  {
    id: 'cp_plans_at_end',
    label: 'Children on a child protection plan at the end',
    definition:
      'children on a CP plan at the end of the period (a plan started on or before its last day, not ended on or before it)',
    unit: 'count',
    breakdowns: ['district', 'category'],
  },
  {
    id: 'cp_rate_per_10k',
    label: 'Children on a plan per 10,000 children',
    definition:
      'cp_plans_at_end ÷ child population (0–17, the latest year entered on or before the period’s end) × 10,000',
    unit: 'rate',
    breakdowns: ['district'],
    perChildren: true,
  },
  {
    id: 'cp_plans_open_over_9m',
    label: 'Plans open more than 9 months',
    definition:
      'children on a plan at the end of the period whose plan started more than 9 calendar months before the period’s end ÷ cp_plans_at_end',
    unit: 'proportion',
    breakdowns: ['district', 'category'],
  },
  {
    id: 'cp_plans_ended',
    label: 'Child protection plans ended',
    definition: 'CP plans ending in the period',
    unit: 'count',
    breakdowns: ['district'],
  },
  {
    id: 'cp_reviews_in_time',
    label: 'Child protection reviews held in time',
    definition:
      'CP review conferences held in the period on or before their due date (the first within 3 months of the plan’s start, each later one within 6 months of the review before it; a month end becomes the shorter month’s last day) ÷ CP review conferences held in the period (a review whose plan is not on record counts as late)',
    unit: 'proportion',
    breakdowns: ['district'],
  },
  {
    id: 'cin_at_end',
    label: 'Children in need at the end',
    definition: 'children with an open CIN episode at the end of the period',
    unit: 'count',
    breakdowns: ['district'],
    perChildren: true,
  },
  {
    id: 'cla_at_end',
    label: 'Children looked after at the end',
    definition: 'children looked after at the end of the period',
    unit: 'count',
    breakdowns: ['district'],
    perChildren: true,
  },
  {
    id: 'cla_rate_per_10k',
    label: 'Children looked after per 10,000 children',
    definition: 'cla_at_end ÷ child population (0–17) × 10,000',
    unit: 'rate',
    breakdowns: ['district'],
    perChildren: true,
  },
  {
    id: 'care_leavers',
    label: 'Care leavers',
    definition:
      'care leavers held at the end of the period (became a care leaver on or before its last day, and not ceased on or before it)',
    unit: 'count',
    breakdowns: ['district'],
  },
  {
    id: 'decisions_within_1wd',
    label: 'Referrals decided within 1 working day',
    definition:
      'referrals received by the front door in the period, each child once and whatever the decision (threshold met or not), decided on or before the next working day after receipt ÷ those of them decided',
    unit: 'proportion',
    breakdowns: ['source_agency', 'district'],
  },
  {
    id: 'strategy_discussions_quorate',
    label: 'Quorate strategy discussions',
    definition:
      'strategy discussions in the period attended by social care, police and health ÷ strategy discussions in the period',
    unit: 'proportion',
    breakdowns: ['district'],
  },
  {
    id: 'repeat_strategy_discussions',
    label: 'Repeat strategy discussions within 12 months',
    definition:
      'strategy discussions in the period whose child had another in the 365 days before (from 365 days before up to the day before) ÷ strategy discussions in the period',
    unit: 'proportion',
    breakdowns: ['district'],
  },
];

export type KpiId = (typeof KPIS)[number]['id'];

export const KPI_BY_ID: ReadonlyMap<string, KpiDefinition> = new Map(KPIS.map((k) => [k.id, k]));
