/**
 * A front-door history written in one go: contacts already decided, with the assessments,
 * strategy discussions and child protection steps that followed, as a demo partnership (or an
 * import of the front door's past) needs them. The same rules as one step at a time (the clocks,
 * the quorate rule, each step's journey events, actions through the action tracker), but with
 * multi-row inserts in one transaction, so a year of activity loads in a second or two.
 */
import type { AuditWriter } from '../../platform/audit/audit-log.ts';
import { londonDate, type WorkingDayCalendar } from '../../platform/calendar/index.ts';
import type { Db } from '../../platform/db/client.ts';
import type { ActionsService, NewAction } from '../actions/index.ts';
import type { JourneyEventInput, JourneyService } from '../journey/index.ts';
import * as events from './journey-events.ts';
import * as q from './queries.ts';
import {
  assessmentDueOn,
  decisionDueOn,
  firstReviewDueOn,
  icpcDueOn,
  isQuorate,
  nextReviewDueOn,
} from './rules.ts';
import type { AgencyType, Consent, Decision, PlanCategory, StrategyAgency, Urgency } from './tables.ts';

export interface HistoricalContact {
  referrer: { userId: string | null; name: string; jobTitle: string; email: string };
  settingId: number | null;
  organisationId: number | null;
  agencyType: AgencyType;
  districtId: number | null;
  child: { childId: string; givenName: string; familyName: string; dateOfBirth: string };
  form: {
    familyAndHousehold: string;
    concerns: string;
    referrerLevelOfNeed: number;
    childVoice: string;
    consent: Consent;
    consentReason: string | null;
    siblingsElsewhere: string | null;
    existingEarlyHelp: string;
    settingEarlyHelpOffer: boolean;
    urgency: Urgency;
  };
  receivedAt: Date;
  decision?: {
    decision: Decision;
    decidedAt: Date;
    decidedBy: string;
    rationale: string;
    decidedLevelOfNeed: number;
    feedbackOutcome: string;
    feedbackNextSteps: string;
    feedbackContact: string;
    feedbackRecipient: 'referrer' | 'safeguarding_lead';
    feedbackEmail: string | null;
  };
  assessment?: {
    authorisedOn: string | null;
    outcome: 'nfa' | 'early_help' | 'child_in_need' | 'strategy_discussion' | null;
  };
  strategy?: {
    heldOn: string;
    informationShared: string;
    decision: 'section47' | 'none' | 'further_discussion';
    attendees: { agency: StrategyAgency; name: string; minutesSharedOn: string | null }[];
    actions: Omit<NewAction, 'source'>[];
    section47?: { completedOn: string; outcome: 'icpc' | 'cin_plan' | 'nfa' } | null;
    icpc?: {
      heldOn: string;
      quorate: boolean;
      outcome: 'cp_plan' | 'no_plan';
      category: PlanCategory;
    } | null;
    reviews: { heldOn: string; outcome: 'continue' | 'end' }[];
    end?: { endedOn: string; endReason: string } | null;
  };
}

export async function recordHistory(
  deps: { db: Db; calendar: WorkingDayCalendar; journey: JourneyService; actions: ActionsService },
  audit: AuditWriter,
  recordedBy: string | null,
  contacts: readonly HistoricalContact[],
) {
  const { calendar } = deps;
  await deps.db.transaction().execute(async (trx) => {
    const referralIds = await q.insertReferrals(
      trx,
      contacts.map((c) => ({
        status: c.decision ? 'decided' : 'submitted',
        referrerUserId: c.referrer.userId,
        referrerName: c.referrer.name,
        referrerJobTitle: c.referrer.jobTitle,
        referrerEmail: c.referrer.email,
        settingId: c.settingId,
        organisationId: c.organisationId,
        agencyType: c.agencyType,
        districtId: c.districtId,
        ...c.form,
        createdAt: c.receivedAt,
        updatedAt: c.decision?.decidedAt ?? c.receivedAt,
        receivedAt: c.receivedAt,
        decisionDueOn: decisionDueOn(calendar, c.receivedAt),
        ...(c.decision ?? {}),
      })),
    );
    await q.insertReferralChildren(
      trx,
      contacts.map((c, i) => ({ referralId: referralIds[i], ...c.child, foundBy: 'index' })),
    );
    const journey: JourneyEventInput[] = [];
    const assessments: { i: number; row: Record<string, unknown> }[] = [];
    const strategies: { i: number; row: Record<string, unknown> }[] = [];
    contacts.forEach((c, i) => {
      const id = referralIds[i]!;
      const facts = {
        id,
        receivedAt: c.receivedAt,
        receivedOn: londonDate(c.receivedAt),
        agencyType: c.agencyType,
        districtId: c.districtId,
      };
      journey.push(...events.contactEvents(facts, [c.child.childId]));
      if (!c.decision) return;
      const decidedOn = londonDate(c.decision.decidedAt);
      const metThreshold =
        c.decision.decision === 'assessment_s17' || c.decision.decision === 'strategy_discussion';
      journey.push(
        ...events.decisionEvents(facts, [c.child.childId], {
          decision: c.decision.decision,
          decidedAt: c.decision.decidedAt,
          decidedOn,
          metThreshold,
        }),
      );
      if (c.assessment)
        assessments.push({
          i,
          row: {
            referralId: id,
            childId: c.child.childId,
            startedOn: decidedOn,
            dueOn: assessmentDueOn(calendar, facts.receivedOn),
            authorisedOn: c.assessment.authorisedOn,
            outcome: c.assessment.outcome,
          },
        });
      if (c.strategy)
        strategies.push({
          i,
          row: {
            referralId: id,
            childId: c.child.childId,
            heldOn: c.strategy.heldOn,
            informationShared: c.strategy.informationShared,
            decision: c.strategy.decision,
            quorate: isQuorate(c.strategy.attendees.map((a) => a.agency)),
            recordedBy,
          },
        });
    });

    const assessmentIds = await q.insertAssessmentRows(
      trx,
      assessments.map((a) => a.row),
    );
    assessments.forEach(({ i, row }, k) => {
      const c = contacts[i]!;
      const a = {
        id: assessmentIds[k]!,
        referralId: row.referralId as number,
        childId: c.child.childId,
        startedOn: row.startedOn as string,
        districtId: c.districtId,
      };
      journey.push(events.assessmentStartEvent(a));
      if (c.assessment?.authorisedOn && c.assessment.outcome)
        journey.push(
          ...events.assessmentAuthorisedEvents({
            ...a,
            authorisedOn: c.assessment.authorisedOn,
            outcome: c.assessment.outcome,
            referral: {
              receivedOn: londonDate(c.receivedAt),
              receivedAt: c.receivedAt,
              decidedAt: c.decision!.decidedAt,
              agencyType: c.agencyType,
            },
          }),
        );
    });

    const strategyIds = await q.insertStrategyDiscussions(
      trx,
      strategies.map((s) => s.row),
    );
    const attendees: Record<string, unknown>[] = [];
    const enquiries: Record<string, unknown>[] = [];
    const icpcs: { k: number; row: Record<string, unknown> }[] = [];
    strategies.forEach(({ i }, k) => {
      const s = contacts[i]!.strategy!;
      const id = strategyIds[k]!;
      const facts = {
        id,
        childId: contacts[i]!.child.childId,
        heldOn: s.heldOn,
        districtId: contacts[i]!.districtId,
      };
      for (const a of s.attendees) attendees.push({ strategyDiscussionId: id, ...a });
      journey.push(
        ...events.strategyDiscussionEvents({
          ...facts,
          quorate: isQuorate(s.attendees.map((a) => a.agency)),
          attendingAgencies: s.attendees.map((a) => a.agency),
          decision: s.decision,
        }),
      );
      if (s.decision !== 'section47') return;
      enquiries.push({
        strategyDiscussionId: id,
        startedOn: s.heldOn,
        completedOn: s.section47?.completedOn ?? null,
        outcome: s.section47?.outcome ?? null,
      });
      if (s.section47) journey.push(events.section47OutcomeEvent(facts, s.section47.outcome));
      if (s.icpc)
        icpcs.push({
          k,
          row: {
            strategyDiscussionId: id,
            childId: facts.childId,
            heldOn: s.icpc.heldOn,
            dueOn: icpcDueOn(calendar, s.heldOn),
            quorate: s.icpc.quorate,
            outcome: s.icpc.outcome,
          },
        });
    });
    await q.insertAttendeeRows(trx, attendees);
    await q.insertEnquiries(trx, enquiries);
    const icpcIds = await q.insertIcpcs(
      trx,
      icpcs.map((x) => x.row),
    );

    // Plans in date order, so each child's earlier plans are counted.
    const plansOfChild = new Map<string, number>();
    const planned = icpcs
      .map((x, n) => ({ ...x, icpcId: icpcIds[n]! }))
      .filter((x) => x.row.outcome === 'cp_plan')
      .sort((a, b) => String(a.row.heldOn).localeCompare(String(b.row.heldOn)));
    const planRows = planned.map((x) => {
      const childId = x.row.childId as string;
      const previousPlans = plansOfChild.get(childId) ?? 0;
      plansOfChild.set(childId, previousPlans + 1);
      const s = contacts[strategies[x.k]!.i]!.strategy!;
      return {
        icpcId: x.icpcId,
        childId,
        startedOn: x.row.heldOn,
        category: s.icpc!.category,
        previousPlans,
        firstReviewDueOn: firstReviewDueOn(x.row.heldOn as string),
        endedOn: s.end?.endedOn ?? null,
        endReason: s.end?.endReason ?? null,
      };
    });
    const planIds = await q.insertPlans(trx, planRows);
    const reviewRows: Record<string, unknown>[] = [];
    const reviewFacts: {
      planId: number;
      facts: { id: number; childId: string; heldOn: string; districtId: number | null };
    }[] = [];
    icpcs.forEach((x, n) => {
      const k = x.k;
      const c = contacts[strategies[k]!.i]!;
      const facts = {
        id: strategyIds[k]!,
        childId: c.child.childId,
        heldOn: c.strategy!.heldOn,
        districtId: c.districtId,
      };
      journey.push(
        events.icpcEvent(facts, {
          id: icpcIds[n]!,
          heldOn: x.row.heldOn as string,
          quorate: x.row.quorate as boolean,
          resultedInPlan: x.row.outcome === 'cp_plan',
        }),
      );
    });
    planned.forEach((x, p) => {
      const c = contacts[strategies[x.k]!.i]!;
      const s = c.strategy!;
      const facts = {
        id: strategyIds[x.k]!,
        childId: c.child.childId,
        heldOn: s.heldOn,
        districtId: c.districtId,
      };
      const planId = planIds[p]!;
      const row = planRows[p]!;
      journey.push(
        events.planStartEvent(facts, {
          id: planId,
          startedOn: row.startedOn as string,
          category: row.category,
          previousPlans: row.previousPlans,
        }),
      );
      let due = row.firstReviewDueOn;
      for (const r of s.reviews) {
        reviewRows.push({ cpPlanId: planId, heldOn: r.heldOn, dueOn: due, outcome: r.outcome });
        reviewFacts.push({ planId, facts });
        due = nextReviewDueOn(r.heldOn);
      }
      if (s.end) journey.push(events.planEndEvent(facts, { id: planId, ...s.end }));
    });
    const reviewIds = await q.insertReviews(trx, reviewRows);
    for (const [n, r] of reviewRows.entries())
      journey.push(
        events.reviewEvent(reviewFacts[n]!.facts, reviewFacts[n]!.planId, {
          id: reviewIds[n]!,
          heldOn: r.heldOn as string,
          outcome: r.outcome as string,
        }),
      );

    for (const [k, { i }] of strategies.entries()) {
      const s = contacts[i]!.strategy!;
      if (s.actions.length === 0) continue;
      const id = strategyIds[k]!;
      await deps.actions.createActionsInTrx(
        trx,
        audit,
        recordedBy,
        s.actions.map((a) => ({
          ...a,
          source: {
            module: 'front-door',
            type: 'strategy-discussion',
            id: String(id),
            label: `Strategy discussion ${id}, ${s.heldOn}`,
            href: `/front-door/strategy-discussions/${id}`,
          },
        })),
        { createdOn: s.heldOn },
      );
    }
    await deps.journey.recordEventsInTrx(trx, journey);
    await audit(
      trx,
      contacts.map((c, i) => ({
        action: 'create',
        recordType: 'referral',
        recordId: referralIds[i]!,
        childId: c.child.childId,
        reason: 'recorded history',
      })),
    );
  });
}
