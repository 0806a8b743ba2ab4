/**
 * The journey events each front-door step records, in the same transaction as the step, through
 * the journey module's service. One referral form is a contact per child when received; a
 * decision to assess or to hold a strategy discussion makes it a referral to children's social
 * care (the Department for Education's meaning, which Annex A and the KPIs count). An episode ties
 * contact → referral → decision → assessment (`referral:<id>`) and strategy discussion → section
 * 47 → ICPC → plan → reviews → end (`strategy:<id>`).
 */
import type { JourneyEventInput } from '../journey/index.ts';

export type { JourneyEventInput };

export const SOURCE = 'front-door';

interface ReferralFacts {
  id: number;
  receivedAt: Date;
  receivedOn: string;
  agencyType: string;
  districtId: number | null;
}

/** A referral received: a contact for each child. */
export function contactEvents(referral: ReferralFacts, childIds: readonly string[]): JourneyEventInput[] {
  return childIds.map((childId) => ({
    childId,
    kind: 'contact',
    occurredOn: referral.receivedOn,
    source: SOURCE,
    sourceRef: `referral:${referral.id}:${childId}`,
    episodeRef: `referral:${referral.id}`,
    districtId: referral.districtId,
    sourceAgency: referral.agencyType,
    details: { receivedAt: referral.receivedAt.toISOString() },
  }));
}

/**
 * The decision on each child: a decision event (no further action when the front door took none
 * beyond advice or signposting), and, when it met the threshold, the referral to social care.
 */
export function decisionEvents(
  referral: ReferralFacts,
  childIds: readonly string[],
  decision: { decision: string; decidedAt: Date; decidedOn: string; metThreshold: boolean },
): JourneyEventInput[] {
  const nfa = decision.decision === 'nfa_advice' || decision.decision === 'signpost_universal';
  return childIds.flatMap((childId) => {
    const common = {
      childId,
      source: SOURCE,
      episodeRef: `referral:${referral.id}`,
      districtId: referral.districtId,
      sourceAgency: referral.agencyType,
    };
    const events: JourneyEventInput[] = [
      {
        ...common,
        kind: 'decision',
        occurredOn: decision.decidedOn,
        sourceRef: `referral:${referral.id}:${childId}`,
        details: {
          nfa,
          receivedAt: referral.receivedAt.toISOString(),
          decidedAt: decision.decidedAt.toISOString(),
          outcome: decision.decision,
        },
      },
    ];
    if (decision.metThreshold)
      events.push({
        ...common,
        kind: 'referral',
        occurredOn: referral.receivedOn,
        sourceRef: `referral:${referral.id}:${childId}`,
        details: {
          nfa: false,
          receivedAt: referral.receivedAt.toISOString(),
          decidedAt: decision.decidedAt.toISOString(),
        },
      });
    return events;
  });
}

export function assessmentStartEvent(a: {
  id: number;
  referralId: number;
  childId: string;
  startedOn: string;
  districtId: number | null;
}): JourneyEventInput {
  return {
    childId: a.childId,
    kind: 'assessment_start',
    occurredOn: a.startedOn,
    source: SOURCE,
    sourceRef: `assessment:${a.id}`,
    episodeRef: `referral:${a.referralId}`,
    districtId: a.districtId,
  };
}

/**
 * An assessment authorised; one that ended in no further action marks its referral so, recorded
 * again under the referral's own reference (recording again updates the event).
 */
export function assessmentAuthorisedEvents(a: {
  id: number;
  referralId: number;
  childId: string;
  startedOn: string;
  authorisedOn: string;
  outcome: string;
  districtId: number | null;
  referral: { receivedOn: string; receivedAt: Date; decidedAt: Date; agencyType: string };
}): JourneyEventInput[] {
  const events: JourneyEventInput[] = [
    {
      childId: a.childId,
      kind: 'assessment_authorised',
      occurredOn: a.authorisedOn,
      source: SOURCE,
      sourceRef: `assessment:${a.id}`,
      episodeRef: `referral:${a.referralId}`,
      districtId: a.districtId,
      details: { startedOn: a.startedOn, outcome: a.outcome },
    },
  ];
  if (a.outcome === 'nfa')
    events.push({
      childId: a.childId,
      kind: 'referral',
      occurredOn: a.referral.receivedOn,
      source: SOURCE,
      sourceRef: `referral:${a.referralId}:${a.childId}`,
      episodeRef: `referral:${a.referralId}`,
      districtId: a.districtId,
      sourceAgency: a.referral.agencyType,
      details: {
        nfa: true,
        receivedAt: a.referral.receivedAt.toISOString(),
        decidedAt: a.referral.decidedAt.toISOString(),
      },
    });
  return events;
}

interface StrategyFacts {
  id: number;
  childId: string;
  heldOn: string;
  districtId: number | null;
}

const episodeOf = (s: StrategyFacts) => ({
  childId: s.childId,
  source: SOURCE,
  episodeRef: `strategy:${s.id}`,
  districtId: s.districtId,
});

export function strategyDiscussionEvents(
  s: StrategyFacts & { quorate: boolean; attendingAgencies: string[]; decision: string },
): JourneyEventInput[] {
  const events: JourneyEventInput[] = [
    {
      ...episodeOf(s),
      kind: 'strategy_discussion',
      occurredOn: s.heldOn,
      sourceRef: `strategy:${s.id}`,
      details: { quorate: s.quorate, attendingAgencies: s.attendingAgencies, outcome: s.decision },
    },
  ];
  if (s.decision === 'section47')
    events.push({ ...episodeOf(s), kind: 'section47', occurredOn: s.heldOn, sourceRef: `section47:${s.id}` });
  return events;
}

export function section47OutcomeEvent(s: StrategyFacts, outcome: string): JourneyEventInput {
  return {
    ...episodeOf(s),
    kind: 'section47',
    occurredOn: s.heldOn,
    sourceRef: `section47:${s.id}`,
    details: { outcome },
  };
}

export function icpcEvent(
  s: StrategyFacts,
  icpc: { id: number; heldOn: string; quorate: boolean; resultedInPlan: boolean },
): JourneyEventInput {
  return {
    ...episodeOf(s),
    kind: 'icpc',
    occurredOn: icpc.heldOn,
    sourceRef: `icpc:${icpc.id}`,
    details: {
      strategyDiscussionOn: s.heldOn,
      resultedInPlan: icpc.resultedInPlan,
      quorate: icpc.quorate,
    },
  };
}

export function planStartEvent(
  s: StrategyFacts,
  plan: {
    id: number;
    startedOn: string;
    category: NonNullable<JourneyEventInput['details']>['category'];
    previousPlans: number;
  },
): JourneyEventInput {
  return {
    ...episodeOf(s),
    kind: 'cp_plan_start',
    occurredOn: plan.startedOn,
    sourceRef: `cp-plan:${plan.id}`,
    details: { ...(plan.category ? { category: plan.category } : {}), previousPlans: plan.previousPlans },
  };
}

/** A review belongs to its plan: its episode is the plan's reference. */
export function reviewEvent(
  s: StrategyFacts,
  planId: number,
  review: { id: number; heldOn: string; outcome: string },
): JourneyEventInput {
  return {
    ...episodeOf(s),
    episodeRef: `cp-plan:${planId}`,
    kind: 'cp_review',
    occurredOn: review.heldOn,
    sourceRef: `cp-review:${review.id}`,
    details: { outcome: review.outcome },
  };
}

export function planEndEvent(
  s: StrategyFacts,
  plan: { id: number; endedOn: string; endReason: string },
): JourneyEventInput {
  return {
    ...episodeOf(s),
    kind: 'cp_plan_end',
    occurredOn: plan.endedOn,
    sourceRef: `cp-plan:${plan.id}`,
    details: { outcome: plan.endReason },
  };
}
