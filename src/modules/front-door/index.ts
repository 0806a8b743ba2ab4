/**
 * The Family Front Door: multi-agency referrals from any practitioner, the front door's threshold
 * decisions with feedback to the referrer (or their safeguarding lead), strategy discussions and
 * the child protection steps after them with their clocks, and the monthly referral audit
 * programme. Every step is recorded as a journey event in the same transaction.
 */
import { defineModule } from '../../platform/modules/define-module.ts';
import type { ActionsService } from '../actions/index.ts';
import type { ChildrenService } from '../children/index.ts';
import type { JourneyService } from '../journey/index.ts';
import { seedDemoFrontDoor } from './demo.ts';
import { frontDoorPolicy } from './policy.ts';
import { FRONT_DOOR_FIGURES, frontDoorRecordsHref, frontDoorRecordsRoutes } from './records.ts';
import { type FrontDoorServices, frontDoorRoutes } from './routes.ts';
import { FrontDoorService } from './service.ts';

type Deps = Omit<FrontDoorServices, 'frontDoor'> & {
  children: ChildrenService;
  journey: JourneyService;
  actions: ActionsService;
};

export const frontDoorModule = defineModule({
  name: 'front-door',
  policy: frontDoorPolicy,
  navigation: [
    {
      text: 'Make a referral',
      href: '/front-door/referrals/new',
      permission: 'front-door:refer',
      hint: 'Refer a child to the Family Front Door: find the child first',
    },
    {
      text: 'Referrals',
      href: '/front-door',
      permission: 'front-door:referrals',
      inMenu: true,
      hint: 'Your referrals to the Family Front Door, their status and feedback',
    },
    {
      text: 'Front door inbox',
      href: '/front-door/inbox',
      permission: 'front-door:inbox',
      inMenu: true,
      hint: 'Referrals and Operation Encompass notices waiting for a threshold decision',
    },
    {
      text: 'Clocks',
      href: '/front-door/clocks',
      permission: 'front-door:casework',
      hint: 'Decisions, assessments, conferences and reviews overdue or due soon',
    },
    {
      text: 'Referral audit',
      href: '/front-door/audits',
      permission: 'front-door:audit-programme',
      inMenu: true,
      hint: 'The monthly sample of referrals that did not meet threshold, and what it teaches',
    },
    {
      text: 'Referrals to audit',
      href: '/front-door/audits/cases',
      permission: 'front-door:audit-cases',
      hint: 'The referrals sampled for you to audit',
    },
    {
      text: 'Front door dashboard',
      href: '/front-door/dashboard',
      permission: 'front-door:dashboard',
      inMenu: true,
      hint: 'Referrals, decisions within a working day, conversion, strategy discussions',
    },
  ],
  tables: [
    'front_door_referral',
    'front_door_referral_child',
    'front_door_assessment',
    'front_door_strategy_discussion',
    'front_door_strategy_attendee',
    'front_door_enquiry',
    'front_door_icpc',
    'front_door_cp_plan',
    'front_door_cp_review',
    'front_door_audit_settings',
    'front_door_audit_sample',
    'front_door_audit_case',
  ],
  publishes: [],
  services: (deps: Deps) => ({
    frontDoor: new FrontDoorService({
      db: deps.db,
      calendar: () => deps.calendar,
      jobs: () => deps.jobs,
      baseUrl: deps.config.baseUrl,
      children: deps.children,
      journey: deps.journey,
      actions: deps.actions,
    }),
  }),
  routes: (app, services) => {
    frontDoorRoutes(app, services);
    frontDoorRecordsRoutes(app, services);
  },
  async seed(services, context) {
    await seedDemoFrontDoor(services, context);
  },
  async reportSection(services, period) {
    const f = await services.frontDoor.figures(period.from, period.to);
    const pct = (n: number, d: number) => (d === 0 ? 'none' : `${Math.round((n / d) * 1000) / 10} %`);
    // The audit programme: cases audited in the year, and the year before's often-audited
    // institutions compared with this year (the report's "improved in 11 of 13 (85 %)").
    const yearBefore = `${Number(period.from.slice(0, 4)) - 1}${period.from.slice(4)}`;
    const dayAfter = new Date(Date.parse(`${period.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const audited = (await services.frontDoor.learningSummary(period.from, dayAfter)).reduce(
      (n, g) => n + g.audited,
      0,
    );
    const { statement } = await services.frontDoor.conversion(yearBefore);
    return {
      title: 'The Family Front Door',
      figures: [
        {
          label: 'Contacts received (referral forms and Operation Encompass notices)',
          value: f.received,
          source: 'front-door referrals received in the year (drafts left out)',
          definition: FRONT_DOOR_FIGURES.received.definition,
          recordsHref: frontDoorRecordsHref('received', period),
        },
        {
          label: 'Decided within 1 working day',
          value: `${f.decidedWithin1wd} of ${f.decided} (${pct(f.decidedWithin1wd, f.decided)})`,
          source:
            'decided referrals received in the year, decided on or before the working day after the day received',
          recordsHref: frontDoorRecordsHref('decided', period),
          recordsNote: `the ${f.decided} decided referrals (the denominator), each marked whether it was decided within 1 working day`,
        },
        {
          label: 'Conversion: decided referrals meeting the threshold for social care',
          value: `${f.metThreshold} of ${f.decided} (${pct(f.metThreshold, f.decided)})`,
          source:
            'decided referrals received in the year whose decision was an assessment or a strategy discussion',
          recordsHref: frontDoorRecordsHref('decided', period),
          recordsNote: `the ${f.decided} decided referrals (the denominator), each marked whether it met the threshold`,
        },
        {
          label: 'Feedback sent to the organisation’s safeguarding lead rather than the referrer',
          value: f.feedbackToLead,
          source: 'decided referrals received in the year, feedback recipient',
          definition: FRONT_DOOR_FIGURES['feedback-to-lead'].definition,
          recordsHref: frontDoorRecordsHref('feedback-to-lead', period),
        },
        {
          label: 'Strategy discussions',
          value: f.strategyDiscussions,
          source: 'strategy discussions held in the year',
          recordsHref: frontDoorRecordsHref('strategy-discussions', period),
        },
        {
          label: 'Strategy discussions quorate (social care, police and health)',
          value: `${f.quorate} of ${f.strategyDiscussions} (${pct(f.quorate, f.strategyDiscussions)})`,
          source: 'strategy discussions held in the year with all three agencies attending',
          recordsHref: frontDoorRecordsHref('strategy-discussions', period),
          recordsNote: `the ${f.strategyDiscussions} strategy discussions (the denominator), each marked whether it was quorate`,
        },
        {
          label: 'Initial conferences within 15 working days of the strategy discussion',
          value: `${f.icpcsWithin15wd} of ${f.icpcs} (${pct(f.icpcsWithin15wd, f.icpcs)})`,
          source: 'initial child protection conferences held in the year',
          recordsHref: frontDoorRecordsHref('icpcs', period),
          recordsNote: `the ${f.icpcs} initial conferences (the denominator), each marked whether it was held within 15 working days`,
        },
        {
          label: 'Assessments authorised within 45 working days of the referral',
          value: `${f.assessmentsWithin45wd} of ${f.assessmentsAuthorised} (${pct(f.assessmentsWithin45wd, f.assessmentsAuthorised)})`,
          source: 'child and family assessments authorised in the year',
          recordsHref: frontDoorRecordsHref('assessments', period),
          recordsNote: `the ${f.assessmentsAuthorised} assessments authorised (the denominator), each marked whether within 45 working days`,
        },
        {
          label: 'Referrals that did not meet threshold audited by the referral audit programme',
          value: audited,
          source: 'referral audits completed, of samples whose month is in the year',
          recordsNote:
            'No list here: counted from the referral audit programme’s completed audits, which the QA lead and the auditors see on the audit programme’s pages.',
        },
        {
          label: 'Institutions audited three or more times the year before: conversion this year',
          value: statement.text,
          source:
            'referral audit samples of the year before; decided referral forms of both years, by referring setting or organisation',
          recordsNote:
            'Not a count of records: a comparison computed from the year before’s referral audit samples and both years’ decided referral forms, on the audit programme’s pages.',
        },
      ],
    };
  },
});

export { FrontDoorService } from './service.ts';
export { type GetSafeReferral, GetSafeReferrals } from './from-get-safe.ts';
