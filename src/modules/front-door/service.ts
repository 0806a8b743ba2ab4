/**
 * The Family Front Door's work: referrals from any practitioner (drafts, then submitted), the
 * inbox and its threshold decisions with feedback, assessments, strategy discussions and the
 * child protection steps after them, and the monthly referral audit. Every change is one
 * transaction with its audit entry and the journey events it makes.
 */
import type { Transaction } from 'kysely';
import type { AuditActor, AuditWriter } from '../../platform/audit/audit-log.ts';
import { londonDate, type WorkingDayCalendar } from '../../platform/calendar/index.ts';
import type { Db } from '../../platform/db/client.ts';
import type { Database } from '../../platform/db/schema.ts';
import { enqueueEmailInTrx } from '../../platform/email/outbox.ts';
import { type FormErrors, type FormResult, formError } from '../../platform/http/forms.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import type { ChildDetails, ChildrenService } from '../children/index.ts';
import { type ActionsService, type NewAction, checkNewAction } from '../actions/index.ts';
import type { JourneyService } from '../journey/index.ts';
import { feedbackEmail } from './emails.ts';
import { type HistoricalContact, recordHistory } from './history.ts';
import * as events from './journey-events.ts';
import * as q from './queries.ts';
import {
  agencyTypeOf,
  agencyTypesFor,
  assessmentDueOn,
  conversionStatement,
  decisionDueOn,
  firstReviewDueOn,
  icpcDueOn,
  isQuorate,
  nextReviewDueOn,
  proposeSample,
  quarterOf,
} from './rules.ts';
import {
  ACTION_SLOTS,
  ATTENDEE_SLOTS,
  type DecisionInput,
  type DraftInput,
  type StrategyDiscussionInput,
  type SubmissionInput,
} from './schema.ts';
import type { PlanCategory } from './tables.ts';

export interface FrontDoorDeps {
  db: Db;
  calendar: () => WorkingDayCalendar;
  jobs: () => JobQueue | null;
  baseUrl: string;
  children: ChildrenService;
  journey: JourneyService;
  actions: ActionsService;
}

export interface Referrer {
  /** The referrer's account; null for a referral recorded without one (the demo's other settings). */
  id: string | null;
  givenName: string;
  familyName: string;
  email: string;
  settingId: number | null;
  organisationId: number | null;
  teamId: number | null;
}

export interface ChosenChild {
  childId: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  foundBy: 'index' | 'new';
}

type Result<T> = FormResult<T>;
const fail = (field: string, message: string): { ok: false; errors: FormErrors } => ({
  ok: false,
  errors: formError(field, message),
});

export class FrontDoorService {
  constructor(private readonly deps: FrontDoorDeps) {}

  private get db() {
    return this.deps.db;
  }

  /** A history already decided, written in one transaction (the demo partnership's year). */
  recordHistory(audit: AuditWriter, recordedBy: string | null, contacts: readonly HistoricalContact[]) {
    return recordHistory(
      { db: this.db, calendar: this.deps.calendar(), journey: this.deps.journey, actions: this.deps.actions },
      audit,
      recordedBy,
      contacts,
    );
  }

  /** The children of the index with exactly these identifiers, for each person given (in order). */
  exactMatches(people: Parameters<typeof q.exactMatches>[1]) {
    return q.exactMatches(this.db, people);
  }

  isWorkingDay(date: string) {
    return this.deps.calendar().isWorkingDay(date);
  }

  /** The date `n` working days after `date` (platform calendar). */
  workingDaysAfter(date: string, n: number) {
    return this.deps.calendar().addWorkingDays(date, n);
  }

  /* ------------------------------------------------------------------ referrals (referrer) */

  /** Starts a draft for the child chosen after find-a-child showed its candidates. */
  async startDraft(audit: AuditWriter, referrer: Referrer, child: ChosenChild): Promise<number> {
    const place = await q.placeOf(this.db, referrer);
    return this.db.transaction().execute(async (trx) => {
      const { id } = await q.insertReferral(trx, {
        referrerUserId: referrer.id,
        referrerName: `${referrer.givenName} ${referrer.familyName}`,
        referrerEmail: referrer.email,
        settingId: place.setting?.id ?? null,
        organisationId: place.setting ? null : (place.organisation?.id ?? null),
        teamId: place.team?.id ?? null,
        agencyType: agencyTypeOf({
          settingPhase: place.setting?.phase,
          organisationKind: place.organisation?.kind,
        }),
        districtId: place.setting?.districtId ?? place.team?.districtId ?? null,
      });
      await q.insertReferralChild(trx, { referralId: id, ...child });
      await audit(trx, { action: 'create', recordType: 'referral', recordId: id, childId: child.childId });
      return id;
    });
  }

  async addChild(audit: AuditWriter, referralId: number, child: ChosenChild) {
    await this.db.transaction().execute(async (trx) => {
      await q.insertReferralChild(trx, { referralId, ...child });
      await audit(trx, {
        action: 'add-child',
        recordType: 'referral',
        recordId: referralId,
        childId: child.childId,
      });
    });
  }

  /** A new child, added to the index only after find-a-child showed the candidates. */
  async addNewChildInTrx(
    trx: Transaction<Database>,
    actor: AuditActor,
    details: ChildDetails,
    districtId: number | null,
  ) {
    return this.deps.children.findOrCreateChildInTrx(trx, actor, details, { districtId });
  }

  referral(id: number) {
    return q.referral(this.db, id);
  }

  referralChildren(id: number) {
    return q.referralChildren(this.db, [id]);
  }

  referralPlaceNames(r: { settingId: number | null; organisationId: number | null; teamId: number | null }) {
    return q.referralPlaceNames(this.db, r);
  }

  auditCaseOfReferral(id: number) {
    return q.auditCaseOfReferral(this.db, id);
  }

  referralList(filter: Parameters<typeof q.referralList>[1]) {
    return q.referralList(this.db, filter);
  }

  async saveDraft(audit: AuditWriter, id: number, input: DraftInput) {
    await this.db.transaction().execute(async (trx) => {
      await q.updateDraft(trx, id, input);
      await audit(trx, { action: 'save-draft', recordType: 'referral', recordId: id });
    });
  }

  /**
   * Submits a draft: it is received now, its decision is due 1 working day later, and each
   * child has a contact in their journey.
   */
  async submit(
    audit: AuditWriter,
    id: number,
    input: SubmissionInput,
    now = new Date(),
  ): Promise<Result<number>> {
    const children = await q.referralChildren(this.db, [id]);
    if (children.length === 0) return fail('children', 'Add the child or children the referral is about');
    const dueOn = decisionDueOn(this.deps.calendar(), now);
    return this.db.transaction().execute(async (trx) => {
      const updated = await q.submitReferral(trx, id, {
        ...input,
        referrerPhone: input.referrerPhone ?? null,
        consentReason: input.consent === 'not_obtained' ? (input.consentReason ?? null) : null,
        siblingsElsewhere: input.siblingsElsewhere ?? null,
        receivedAt: now,
        decisionDueOn: dueOn,
      });
      if (Number(updated.numUpdatedRows) === 0)
        return fail('form', 'This referral has already been submitted');
      const r = (await q.referral(trx, id))!;
      await this.deps.journey.recordEventsInTrx(
        trx,
        events.contactEvents(
          {
            id,
            receivedAt: now,
            receivedOn: londonDate(now),
            agencyType: r.agencyType,
            districtId: r.districtId,
          },
          children.map((c) => c.childId),
        ),
      );
      await audit(
        trx,
        children.map((c) => ({ action: 'submit', recordType: 'referral', recordId: id, childId: c.childId })),
      );
      return { ok: true as const, value: id };
    });
  }

  /* ------------------------------------------------------------------ the front door */

  /** Referrals and notices waiting for a decision, most urgent first, each with its clock. */
  async inbox(now = new Date()) {
    const today = londonDate(now);
    const [referrals, notices] = await Promise.all([q.inboxReferrals(this.db), q.undecidedNotices(this.db)]);
    const children = await q.referralChildren(
      this.db,
      referrals.map((r) => r.id),
    );
    const calendar = this.deps.calendar();
    const rank = { immediate: 0, urgent: 1, standard: 2 } as const;
    const items = [
      ...referrals.map((r) => ({
        kind: 'referral' as const,
        id: String(r.id),
        href: `/front-door/referrals/${r.id}`,
        urgency: r.urgency ?? 'standard',
        receivedAt: r.receivedAt!,
        dueOn: r.decisionDueOn!,
        from: r.settingName ?? r.organisationName ?? r.referrerName,
        children: children.filter((c) => c.referralId === r.id).map((c) => `${c.givenName} ${c.familyName}`),
      })),
      ...notices.map((n) => ({
        kind: 'notice' as const,
        id: n.id,
        href: `/front-door/notices/${n.id}`,
        urgency: n.riskLevel === 'high' ? ('urgent' as const) : ('standard' as const),
        receivedAt: n.receivedAt,
        dueOn: decisionDueOn(calendar, n.receivedAt),
        from: `Operation Encompass ${n.policeReference}`,
        children: [`${n.givenName} ${n.familyName}`],
      })),
    ];
    items.sort(
      (a, b) =>
        rank[a.urgency as keyof typeof rank] - rank[b.urgency as keyof typeof rank] ||
        a.receivedAt.getTime() - b.receivedAt.getTime(),
    );
    return items.map((i) => ({ ...i, overdue: i.dueOn < today, dueToday: i.dueOn === today }));
  }

  notice(id: string) {
    return q.notice(this.db, id);
  }

  referralOfNotice(id: string) {
    return q.referralOfNotice(this.db, id);
  }

  /** Where feedback goes: the referrer, or their organisation's safeguarding lead (a school's safeguarding mailbox, else their team's). */
  async feedbackAddresses(r: {
    referrerEmail: string | null;
    settingId: number | null;
    organisationId: number | null;
    teamId: number | null;
  }) {
    const names = await q.referralPlaceNames(this.db, r);
    return {
      referrer: r.referrerEmail,
      safeguardingLead: names.setting?.safeguardingEmail ?? names.team?.email ?? null,
    };
  }

  /**
   * The threshold decision and its feedback, in one transaction: the feedback email (no child
   * details, a link only), an assessment per child when one is started, and the journey events.
   */
  async decide(
    audit: AuditWriter,
    id: number,
    userId: string,
    input: DecisionInput,
    now = new Date(),
  ): Promise<Result<number>> {
    const r = await q.referral(this.db, id);
    if (r?.status !== 'submitted') return fail('decision', 'This referral has already been decided');
    const addresses = await this.feedbackAddresses(r);
    const email = input.feedbackRecipient === 'referrer' ? addresses.referrer : addresses.safeguardingLead;
    if (input.feedbackRecipient === 'safeguarding_lead' && !email)
      return fail(
        'feedbackRecipient',
        'The referrer’s organisation has no safeguarding lead’s address: send the feedback to the referrer',
      );
    const children = await q.referralChildren(this.db, [id]);
    return this.db.transaction().execute(async (trx) => {
      const result = await this.decideInTrx(
        trx,
        audit,
        r,
        children.map((c) => c.childId),
        userId,
        input,
        email,
        now,
      );
      return result;
    });
  }

  private async decideInTrx(
    trx: Transaction<Database>,
    audit: AuditWriter,
    r: NonNullable<Awaited<ReturnType<typeof q.referral>>>,
    childIds: string[],
    userId: string,
    input: DecisionInput,
    email: string | null,
    now: Date,
  ): Promise<Result<number>> {
    const updated = await q.recordDecision(trx, r.id, {
      decision: input.decision,
      rationale: input.rationale,
      decidedLevelOfNeed: input.decidedLevelOfNeed,
      feedbackOutcome: input.feedbackOutcome,
      feedbackNextSteps: input.feedbackNextSteps,
      feedbackContact: input.feedbackContact,
      feedbackRecipient: input.feedbackRecipient,
      feedbackEmail: email,
      decidedAt: now,
      decidedBy: userId,
    });
    if (Number(updated.numUpdatedRows) === 0)
      return fail('decision', 'This referral has already been decided');
    const receivedOn = londonDate(r.receivedAt!);
    const decidedOn = londonDate(now);
    const metThreshold = input.decision === 'assessment_s17' || input.decision === 'strategy_discussion';
    const facts = {
      id: r.id,
      receivedAt: r.receivedAt!,
      receivedOn,
      agencyType: r.agencyType,
      districtId: r.districtId,
    };
    const journey = events.decisionEvents(facts, childIds, {
      decision: input.decision,
      decidedAt: now,
      decidedOn,
      metThreshold,
    });
    if (input.decision === 'assessment_s17') {
      const dueOn = assessmentDueOn(this.deps.calendar(), receivedOn);
      const rows = await q.insertAssessments(
        trx,
        childIds.map((childId) => ({ referralId: r.id, childId, startedOn: decidedOn, dueOn })),
      );
      for (const a of rows)
        journey.push(
          events.assessmentStartEvent({
            id: a.id,
            referralId: r.id,
            childId: a.childId,
            startedOn: decidedOn,
            districtId: r.districtId,
          }),
        );
    }
    await this.deps.journey.recordEventsInTrx(trx, journey);
    const jobs = this.deps.jobs();
    if (email && jobs) await enqueueEmailInTrx(trx, jobs, feedbackEmail(this.deps.baseUrl, r.id, [email]));
    await audit(
      trx,
      childIds.map((childId) => ({ action: 'decide', recordType: 'referral', recordId: r.id, childId })),
    );
    return { ok: true, value: r.id };
  }

  /**
   * A notice routed to the front door, decided like a referral: it becomes a contact from the
   * police, received when the notice was, and is decided at once. Feedback is kept in the portal
   * (the notice names no referrer's address).
   */
  async decideNotice(
    audit: AuditWriter,
    actor: AuditActor,
    noticeId: string,
    userId: string,
    input: DecisionInput,
    now = new Date(),
  ): Promise<Result<number>> {
    const n = await q.notice(this.db, noticeId);
    if (!n) return fail('decision', 'There is no such notice');
    if (input.feedbackRecipient === 'safeguarding_lead')
      return fail(
        'feedbackRecipient',
        'A police notice has no safeguarding lead’s address here: choose the referrer',
      );
    return this.db.transaction().execute(async (trx) => {
      if (await q.referralOfNotice(trx, noticeId))
        return fail('decision', 'This notice has already been decided');
      let childId = n.childId;
      if (!childId) {
        const match = await this.deps.children.findOrCreateChildInTrx(
          trx,
          actor,
          {
            givenName: n.givenName,
            familyName: n.familyName,
            dateOfBirth: n.dateOfBirth,
            sex: 'unknown',
          },
          { districtId: n.districtId },
        );
        if (match.status === 'ambiguous')
          return fail(
            'decision',
            'More than one child in the index matches this notice: ask the Encompass coordinator to match the child first',
          );
        childId = match.childId;
      }
      const { id } = await q.insertReferral(trx, {
        source: 'encompass',
        encompassNoticeId: noticeId,
        status: 'submitted',
        referrerName: n.officerName,
        organisationId: n.organisationId,
        agencyType: 'police',
        districtId: n.districtId,
        concerns: n.circumstances,
        childVoice: n.childVoice,
        urgency: n.riskLevel === 'high' ? 'urgent' : 'standard',
        receivedAt: n.receivedAt,
        decisionDueOn: decisionDueOn(this.deps.calendar(), n.receivedAt),
      });
      await q.insertReferralChild(trx, {
        referralId: id,
        childId,
        givenName: n.givenName,
        familyName: n.familyName,
        dateOfBirth: n.dateOfBirth,
        foundBy: 'index',
      });
      const r = (await q.referral(trx, id))!;
      await this.deps.journey.recordEventsInTrx(
        trx,
        events.contactEvents(
          {
            id,
            receivedAt: n.receivedAt,
            receivedOn: londonDate(n.receivedAt),
            agencyType: 'police',
            districtId: n.districtId,
          },
          [childId],
        ),
      );
      return this.decideInTrx(trx, audit, r, [childId], userId, input, null, now);
    });
  }

  assessmentsOfReferral(id: number) {
    return q.assessmentsOfReferral(this.db, id);
  }

  assessment(id: number) {
    return q.assessment(this.db, id);
  }

  async authoriseAssessment(
    audit: AuditWriter,
    id: number,
    input: { authorisedOn: string; outcome: 'nfa' | 'early_help' | 'child_in_need' | 'strategy_discussion' },
  ): Promise<Result<number>> {
    const a = await q.assessment(this.db, id);
    if (!a) return fail('authorisedOn', 'There is no such assessment');
    if (a.authorisedOn) return fail('authorisedOn', 'This assessment has already been authorised');
    if (input.authorisedOn < a.startedOn)
      return fail('authorisedOn', `The assessment cannot be authorised before it started (${a.startedOn})`);
    const r = (await q.referral(this.db, a.referralId))!;
    return this.db.transaction().execute(async (trx) => {
      await q.authoriseAssessment(trx, id, input);
      await this.deps.journey.recordEventsInTrx(
        trx,
        events.assessmentAuthorisedEvents({
          id,
          referralId: a.referralId,
          childId: a.childId,
          startedOn: a.startedOn,
          authorisedOn: input.authorisedOn,
          outcome: input.outcome,
          districtId: r.districtId,
          referral: {
            receivedOn: londonDate(r.receivedAt!),
            receivedAt: r.receivedAt!,
            decidedAt: r.decidedAt!,
            agencyType: r.agencyType,
          },
        }),
      );
      await audit(trx, { action: 'authorise', recordType: 'assessment', recordId: id, childId: a.childId });
      return { ok: true as const, value: a.referralId };
    });
  }

  /* ------------------------------------------------------------------ strategy discussions */

  /** The agencies an action can be owned by. */
  organisations() {
    return q.organisations(this.db);
  }

  strategyDiscussionsOfReferral(id: number) {
    return q.strategyDiscussionsOfReferral(this.db, id);
  }

  /**
   * A strategy discussion: quorate only when social care, police and health attended; its actions
   * go to the actions module; a decision to begin section 47 enquiries opens one.
   */
  async recordStrategyDiscussion(
    audit: AuditWriter,
    userId: string,
    at: { referralId: number | null; childId: string; districtId: number | null },
    input: StrategyDiscussionInput,
  ): Promise<Result<number>> {
    const record = input as Record<string, string | undefined>;
    const attending = ATTENDEE_SLOTS.filter((a) => record[`attendee_${a}`]);
    const quorate = isQuorate(attending);
    // Its actions go to the action tracker, agreed on the day of the discussion; one missing an
    // owner, a due date or a measurable outcome is kept and shown as not SMART.
    const actions: { slot: number; action: Omit<NewAction, 'source'> }[] = ACTION_SLOTS.flatMap((i) => {
      const description = record[`action${i}_description`];
      if (!description) return [];
      const organisation = record[`action${i}_owningOrganisationId`];
      return [
        {
          slot: i,
          action: {
            description,
            owningOrganisationId: organisation && /^\d+$/.test(organisation) ? Number(organisation) : null,
            ownerName: record[`action${i}_owner`] ?? null,
            dueOn: record[`action${i}_dueOn`] ?? null,
            measurableOutcome: record[`action${i}_outcome`] ?? null,
          },
        },
      ];
    });
    for (const { slot, action } of actions) {
      const errors = checkNewAction(action, input.heldOn, { prefix: `action${slot}_` });
      if (errors.summary.length) return { ok: false, errors };
    }
    return this.db.transaction().execute(async (trx) => {
      const { id } = await q.insertStrategyDiscussion(trx, {
        referralId: at.referralId,
        childId: at.childId,
        heldOn: input.heldOn,
        informationShared: input.informationShared,
        decision: input.decision,
        quorate,
        recordedBy: userId,
      });
      await q.insertAttendees(
        trx,
        attending.map((agency) => ({
          strategyDiscussionId: id,
          agency,
          name: record[`attendee_${agency}`]!,
        })),
      );
      if (input.decision === 'section47')
        await q.insertSection47(trx, { strategyDiscussionId: id, startedOn: input.heldOn });
      if (actions.length > 0)
        await this.deps.actions.createActionsInTrx(
          trx,
          audit,
          userId,
          actions.map(({ action }) => ({
            ...action,
            source: {
              module: 'front-door',
              type: 'strategy-discussion',
              id: String(id),
              label: `Strategy discussion ${id}, ${input.heldOn}`,
              href: `/front-door/strategy-discussions/${id}`,
            },
          })),
          { createdOn: input.heldOn },
        );
      await this.deps.journey.recordEventsInTrx(
        trx,
        events.strategyDiscussionEvents({
          id,
          childId: at.childId,
          heldOn: input.heldOn,
          districtId: at.districtId,
          quorate,
          attendingAgencies: attending,
          decision: input.decision,
        }),
      );
      await audit(trx, {
        action: 'create',
        recordType: 'strategy-discussion',
        recordId: id,
        childId: at.childId,
      });
      return { ok: true as const, value: id };
    });
  }

  /** A strategy discussion with everything after it: attendees, section 47, conference, plan, reviews, clocks. */
  async strategyDiscussion(id: number) {
    const d = await q.strategyDiscussion(this.db, id);
    if (!d) return undefined;
    const [attendees, s47, icpc] = await Promise.all([
      q.attendees(this.db, id),
      q.section47(this.db, id),
      q.icpcOf(this.db, id),
    ]);
    const plan = icpc ? await q.planOfIcpc(this.db, icpc.id) : undefined;
    const reviews = plan ? await q.reviews(this.db, plan.id) : [];
    const referral = d.referralId ? await q.referral(this.db, d.referralId) : undefined;
    const actions = await this.deps.actions.actionsForSource('front-door', 'strategy-discussion', String(id));
    const lastReview = reviews.at(-1);
    return {
      discussion: d,
      attendees,
      section47: s47,
      icpc,
      icpcDueOn: icpcDueOn(this.deps.calendar(), d.heldOn),
      plan,
      reviews,
      nextReviewDueOn:
        plan && !plan.endedOn
          ? lastReview
            ? nextReviewDueOn(lastReview.heldOn)
            : plan.firstReviewDueOn
          : null,
      referral,
      actions,
    };
  }

  async shareMinutes(
    audit: AuditWriter,
    id: number,
    agency: string,
    sharedOn: string,
  ): Promise<Result<number>> {
    const d = await q.strategyDiscussion(this.db, id);
    if (!d) return fail('agency', 'There is no such strategy discussion');
    if (sharedOn < d.heldOn)
      return fail('sharedOn', `Minutes cannot be shared before the discussion was held (${d.heldOn})`);
    return this.db.transaction().execute(async (trx) => {
      const done = await q.shareMinutes(trx, id, agency, sharedOn);
      if (Number(done.numUpdatedRows) === 0) return fail('agency', 'That agency did not attend');
      await audit(trx, {
        action: 'share-minutes',
        recordType: 'strategy-discussion',
        recordId: id,
        childId: d.childId,
      });
      return { ok: true as const, value: id };
    });
  }

  async recordSection47Outcome(
    audit: AuditWriter,
    id: number,
    input: { outcome: 'icpc' | 'cin_plan' | 'nfa'; completedOn: string },
  ): Promise<Result<number>> {
    const d = await q.strategyDiscussion(this.db, id);
    const s = await q.section47(this.db, id);
    if (!d || !s) return fail('outcome', 'No section 47 enquiry began at this discussion');
    if (input.completedOn < s.startedOn)
      return fail('completedOn', `The outcome cannot be before the enquiry began (${s.startedOn})`);
    const districtId = await this.districtOf(d);
    return this.db.transaction().execute(async (trx) => {
      await q.completeSection47(trx, id, input);
      await this.deps.journey.recordEventsInTrx(trx, [
        events.section47OutcomeEvent({ id, childId: d.childId, heldOn: d.heldOn, districtId }, input.outcome),
      ]);
      await audit(trx, {
        action: 'section47-outcome',
        recordType: 'strategy-discussion',
        recordId: id,
        childId: d.childId,
      });
      return { ok: true as const, value: id };
    });
  }

  private async districtOf(d: { referralId: number | null }) {
    if (!d.referralId) return null;
    return (await q.referral(this.db, d.referralId))?.districtId ?? null;
  }

  /**
   * The initial conference, due 15 working days after the strategy discussion and never before
   * it; a plan (with its category) when it made one.
   */
  async recordIcpc(
    audit: AuditWriter,
    id: number,
    input: {
      heldOn: string;
      quorate: boolean;
      outcome: 'cp_plan' | 'no_plan';
      category?: PlanCategory | undefined;
      previousPlans?: number | undefined;
    },
  ): Promise<Result<number>> {
    const d = await q.strategyDiscussion(this.db, id);
    if (!d) return fail('heldOn', 'There is no such strategy discussion');
    if (d.decision !== 'section47')
      return fail('heldOn', 'A conference follows a section 47 enquiry: this discussion began none');
    if (input.heldOn < d.heldOn)
      return fail('heldOn', `The conference cannot be before its strategy discussion (${d.heldOn})`);
    if (input.outcome === 'cp_plan' && !input.category) return fail('category', 'Select the plan’s category');
    if (await q.icpcOf(this.db, id))
      return fail('heldOn', 'This discussion’s conference is already recorded');
    const dueOn = icpcDueOn(this.deps.calendar(), d.heldOn);
    const districtId = await this.districtOf(d);
    const facts = { id, childId: d.childId, heldOn: d.heldOn, districtId };
    return this.db.transaction().execute(async (trx) => {
      const icpc = await q.insertIcpc(trx, {
        strategyDiscussionId: id,
        childId: d.childId,
        heldOn: input.heldOn,
        dueOn,
        quorate: input.quorate,
        outcome: input.outcome,
      });
      const journey = [
        events.icpcEvent(facts, {
          id: icpc.id,
          heldOn: input.heldOn,
          quorate: input.quorate,
          resultedInPlan: input.outcome === 'cp_plan',
        }),
      ];
      if (input.outcome === 'cp_plan') {
        const previousPlans = input.previousPlans ?? (await q.earlierPlans(trx, d.childId, input.heldOn));
        const plan = await q.insertPlan(trx, {
          icpcId: icpc.id,
          childId: d.childId,
          startedOn: input.heldOn,
          category: input.category!,
          previousPlans,
          firstReviewDueOn: firstReviewDueOn(input.heldOn),
        });
        journey.push(
          events.planStartEvent(facts, {
            id: plan.id,
            startedOn: input.heldOn,
            category: input.category!,
            previousPlans,
          }),
        );
      }
      await this.deps.journey.recordEventsInTrx(trx, journey);
      await audit(trx, {
        action: 'icpc',
        recordType: 'strategy-discussion',
        recordId: id,
        childId: d.childId,
      });
      return { ok: true as const, value: id };
    });
  }

  plan(id: number) {
    return q.plan(this.db, id);
  }

  /** A review conference: the first due 3 months after the plan started, each later one 6 months after the last. */
  async recordReview(
    audit: AuditWriter,
    planId: number,
    input: { heldOn: string; outcome: 'continue' | 'end' },
  ): Promise<Result<number>> {
    const p = await q.plan(this.db, planId);
    if (!p) return fail('heldOn', 'There is no such plan');
    if (p.endedOn) return fail('heldOn', 'This plan has ended');
    if (input.heldOn < p.startedOn)
      return fail('heldOn', `A review cannot be before the plan started (${p.startedOn})`);
    const previous = await q.reviews(this.db, planId);
    const last = previous.at(-1);
    if (last && input.heldOn < last.heldOn)
      return fail('heldOn', `A review cannot be before the last one (${last.heldOn})`);
    const dueOn = last ? nextReviewDueOn(last.heldOn) : p.firstReviewDueOn;
    const d = (await q.strategyDiscussion(this.db, p.strategyDiscussionId))!;
    const districtId = await this.districtOf(d);
    return this.db.transaction().execute(async (trx) => {
      const review = await q.insertReview(trx, {
        cpPlanId: planId,
        heldOn: input.heldOn,
        dueOn,
        outcome: input.outcome,
      });
      await this.deps.journey.recordEventsInTrx(trx, [
        events.reviewEvent({ id: d.id, childId: d.childId, heldOn: d.heldOn, districtId }, planId, {
          id: review.id,
          heldOn: input.heldOn,
          outcome: input.outcome,
        }),
      ]);
      await audit(trx, { action: 'review', recordType: 'cp-plan', recordId: planId, childId: p.childId });
      return { ok: true as const, value: p.strategyDiscussionId };
    });
  }

  async endPlan(
    audit: AuditWriter,
    planId: number,
    input: { endedOn: string; endReason: string },
  ): Promise<Result<number>> {
    const p = await q.plan(this.db, planId);
    if (!p) return fail('endedOn', 'There is no such plan');
    if (p.endedOn) return fail('endedOn', 'This plan has already ended');
    if (input.endedOn < p.startedOn)
      return fail('endedOn', `The plan cannot end before it started (${p.startedOn})`);
    const d = (await q.strategyDiscussion(this.db, p.strategyDiscussionId))!;
    const districtId = await this.districtOf(d);
    return this.db.transaction().execute(async (trx) => {
      await q.endPlan(trx, planId, input);
      await this.deps.journey.recordEventsInTrx(trx, [
        events.planEndEvent(
          { id: d.id, childId: d.childId, heldOn: d.heldOn, districtId },
          { id: planId, ...input },
        ),
      ]);
      await audit(trx, { action: 'end', recordType: 'cp-plan', recordId: planId, childId: p.childId });
      return { ok: true as const, value: p.strategyDiscussionId };
    });
  }

  /** Everything overdue (due before today) and what falls due in the next 5 working days. */
  async clocks(now = new Date()) {
    const today = londonDate(now);
    const calendar = this.deps.calendar();
    const soon = calendar.addWorkingDays(today, 5);
    const [decisions, assessments, awaited, plans] = await Promise.all([
      q.overdueDecisions(this.db, today),
      q.openAssessments(this.db),
      q.awaitedIcpcs(this.db),
      q.openPlans(this.db),
    ]);
    const icpcs = awaited.map((a) => ({ ...a, dueOn: icpcDueOn(calendar, a.heldOn) }));
    const reviews = plans.map((p) => ({
      ...p,
      dueOn: p.lastReviewOn ? nextReviewDueOn(p.lastReviewOn) : p.firstReviewDueOn,
    }));
    const state = (dueOn: string) => (dueOn < today ? 'overdue' : dueOn <= soon ? 'due soon' : 'open');
    return {
      today,
      decisions,
      assessments: assessments
        .map((a) => ({ ...a, state: state(a.dueOn) }))
        .filter((a) => a.state !== 'open'),
      icpcs: icpcs.map((a) => ({ ...a, state: state(a.dueOn) })).filter((a) => a.state !== 'open'),
      reviews: reviews.map((a) => ({ ...a, state: state(a.dueOn) })).filter((a) => a.state !== 'open'),
    };
  }

  /* ------------------------------------------------------------------ the referral audit */

  auditSettings() {
    return q.auditSettings(this.db);
  }

  async saveAuditSettings(
    audit: AuditWriter,
    values: { sampleSize: number; agencyTypes: string[]; policeHealthFrom: string | null },
  ) {
    await this.db.transaction().execute(async (trx) => {
      await q.saveAuditSettings(trx, values);
      await audit(trx, { action: 'update', recordType: 'referral-audit-settings', recordId: 1 });
    });
  }

  /** The month's candidates: decided referral forms received that month, with their institution. */
  async candidates(month: string) {
    const next = monthAfter(month);
    const rows = await q.monthReferrals(this.db, month, next);
    return rows.map((r) => ({
      referralId: r.id,
      institutionKey: r.settingId ? `setting:${r.settingId}` : `organisation:${r.organisationId}`,
      institutionName: r.settingName ?? r.organisationName ?? 'Unknown',
      agencyType: r.agencyType,
      receivedAt: r.receivedAt!,
      metThreshold: r.metThreshold === true,
      audited: Boolean(r.audited),
    }));
  }

  /** Proposes (or proposes again, while unconfirmed) the month's sample. */
  async proposeSample(audit: AuditWriter, month: string): Promise<Result<number>> {
    const settings = await q.auditSettings(this.db);
    const existing = await q.sampleOfMonth(this.db, month);
    if (existing?.confirmedAt) return fail('month', 'This month’s sample is already confirmed');
    const candidates = await this.candidates(month);
    const { picked } = proposeSample(
      candidates.filter((c) => !existing || !c.audited),
      agencyTypesFor(settings, month),
      settings.sampleSize,
    );
    return this.db.transaction().execute(async (trx) => {
      const id = existing ? existing.id : (await q.insertSample(trx, month)).id;
      if (existing) await q.clearSample(trx, id);
      await q.insertCases(
        trx,
        picked.map((p) => ({ sampleId: id, referralId: p.referralId, institutionKey: p.institutionKey })),
      );
      await audit(trx, { action: 'propose', recordType: 'referral-audit-sample', recordId: id });
      return { ok: true as const, value: id };
    });
  }

  sample(id: number) {
    return q.sample(this.db, id);
  }

  samples() {
    return q.samples(this.db);
  }

  cases(filter: Parameters<typeof q.cases>[1]) {
    return q.cases(this.db, filter);
  }

  auditors() {
    return q.auditors(this.db);
  }

  /** The QA lead swaps a proposed case for another referral of the month that did not meet threshold. */
  async swap(
    audit: AuditWriter,
    sampleId: number,
    removeCaseId: number,
    addReferralId: number,
  ): Promise<Result<number>> {
    const s = await q.sample(this.db, sampleId);
    if (!s) return fail('remove', 'There is no such sample');
    if (s.confirmedAt) return fail('remove', 'A confirmed sample cannot change');
    const candidate = (await this.candidates(s.month)).find((c) => c.referralId === addReferralId);
    if (!candidate || candidate.metThreshold || candidate.audited)
      return fail(
        'add',
        'Choose a referral of this month that did not meet threshold and is not sampled yet',
      );
    return this.db.transaction().execute(async (trx) => {
      const removed = await q.removeCase(trx, removeCaseId, sampleId);
      if (Number(removed.numDeletedRows) === 0) return fail('remove', 'Select a case of this sample');
      await q.insertCases(trx, [
        { sampleId, referralId: addReferralId, institutionKey: candidate.institutionKey, swappedIn: true },
      ]);
      await audit(trx, { action: 'swap', recordType: 'referral-audit-sample', recordId: sampleId });
      return { ok: true as const, value: sampleId };
    });
  }

  async confirm(audit: AuditWriter, sampleId: number, userId: string, auditorUserId: string | null) {
    await q.confirmSample(this.db, sampleId, userId, auditorUserId);
    await audit(this.db, { action: 'confirm', recordType: 'referral-audit-sample', recordId: sampleId });
  }

  async completeCase(
    audit: AuditWriter,
    caseId: number,
    userId: string,
    values: Record<string, unknown>,
    referralId: number,
  ) {
    await this.db.transaction().execute(async (trx) => {
      await q.saveAuditCase(trx, caseId, { ...values, completedAt: new Date(), completedBy: userId });
      const children = await q.referralChildren(trx, [referralId]);
      await audit(
        trx,
        children.map((c) => ({
          action: 'audit',
          recordType: 'referral',
          recordId: referralId,
          childId: c.childId,
        })),
      );
    });
  }

  /** Several audits at once (a demo's months), in one transaction with their audit entries. */
  async completeCases(
    audit: AuditWriter,
    userId: string,
    cases: readonly { caseId: number; referralId: number; values: Record<string, unknown> }[],
  ) {
    if (cases.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      const completedAt = new Date();
      for (const c of cases)
        await q.saveAuditCase(trx, c.caseId, { ...c.values, completedAt, completedBy: userId });
      const children = await q.referralChildren(
        trx,
        cases.map((c) => c.referralId),
      );
      await audit(
        trx,
        children.map((c) => ({
          action: 'audit',
          recordType: 'referral',
          recordId: c.referralId,
          childId: c.childId,
        })),
      );
    });
  }

  /** Each quarter's learning, by the referring agency type. */
  async learningSummary(from: string, to: string) {
    const rows = await q.completedCases(this.db, from, to);
    const groups = new Map<string, typeof rows>();
    for (const r of rows) {
      const key = `${quarterOf(r.month)}|${r.agencyType}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    return [...groups.entries()].map(([key, cases]) => {
      const [quarter, agencyType] = key.split('|') as [string, string];
      const count = (p: (c: (typeof rows)[number]) => boolean) => cases.filter(p).length;
      return {
        quarter,
        agencyType,
        audited: cases.length,
        childVoiceEvidenced: count((c) => c.childVoiceEvidenced === true),
        lowerLevelWouldMeet: count((c) => c.lowerLevel === 'setting_offer' || c.lowerLevel === 'lower_level'),
        settingOfferWouldMeet: count((c) => c.lowerLevel === 'setting_offer'),
        good: count((c) => c.quality === 'good'),
        feedbackSpecific: count((c) => c.feedbackSpecific === true),
        feedbackRightPerson: count((c) => c.feedbackRightPerson === true),
        learningReferrer: cases.map((c) => c.learningReferrer).filter(Boolean) as string[],
        learningFrontDoor: cases.map((c) => c.learningFrontDoor).filter(Boolean) as string[],
      };
    });
  }

  /** The institutions sampled most often in [from, to), for a "Learning and Reflection" invitation. */
  async mostAudited(from: string, to: string, limit = 10) {
    const rows = await q.auditsByInstitution(this.db, from, to);
    const names = await q.institutionNames(
      this.db,
      rows.map((r) => r.institutionKey),
    );
    return rows
      .map((r) => ({
        key: r.institutionKey,
        name: names.get(r.institutionKey) ?? r.institutionKey,
        audits: Number(r.audits),
      }))
      .sort((a, b) => b.audits - a.audits || a.name.localeCompare(b.name))
      .slice(0, limit);
  }

  /** Institutions audited three or more times in the year from `from`: their conversion that year against the next. */
  async conversion(from: string) {
    const middle = addYears(from, 1);
    const end = addYears(from, 2);
    const [audits, first, second] = await Promise.all([
      q.auditsByInstitution(this.db, from, middle),
      q.conversionByInstitution(this.db, from, middle),
      q.conversionByInstitution(this.db, middle, end),
    ]);
    const names = await q.institutionNames(
      this.db,
      audits.map((a) => a.institutionKey),
    );
    const firstBy = new Map(first.map((r) => [r.institutionKey, r]));
    const secondBy = new Map(second.map((r) => [r.institutionKey, r]));
    const statement = conversionStatement(
      audits.map((a) => ({
        key: a.institutionKey,
        name: names.get(a.institutionKey) ?? a.institutionKey,
        audits: Number(a.audits),
        referrals: Number(firstBy.get(a.institutionKey)?.referrals ?? 0),
        metThreshold: Number(firstBy.get(a.institutionKey)?.met ?? 0),
        referralsNext: Number(secondBy.get(a.institutionKey)?.referrals ?? 0),
        metThresholdNext: Number(secondBy.get(a.institutionKey)?.met ?? 0),
      })),
    );
    return { from, middle, end, statement };
  }

  /* ------------------------------------------------------------------ figures */

  /** The front door's figures for a period [from, to], both inclusive; each a hand count of its records. */
  async figures(from: string, to: string) {
    const [referrals, discussions, icpcs, assessments] = await Promise.all([
      q.periodReferrals(this.db, from, to),
      q.periodStrategyDiscussions(this.db, from, to),
      q.periodIcpcs(this.db, from, to),
      q.periodAssessments(this.db, from, to),
    ]);
    const decided = referrals.filter((r) => r.status === 'decided');
    const calendar = this.deps.calendar();
    const byAgency = new Map<string, { received: number; decided: number; met: number }>();
    for (const r of referrals) {
      const a = byAgency.get(r.agencyType) ?? { received: 0, decided: 0, met: 0 };
      a.received += 1;
      if (r.status === 'decided') a.decided += 1;
      if (r.metThreshold) a.met += 1;
      byAgency.set(r.agencyType, a);
    }
    return {
      received: referrals.length,
      fromForms: referrals.filter((r) => r.source === 'form').length,
      fromEncompass: referrals.filter((r) => r.source === 'encompass').length,
      decided: decided.length,
      decidedWithin1wd: decided.filter((r) => londonDate(r.decidedAt!) <= r.decisionDueOn!).length,
      metThreshold: decided.filter((r) => r.metThreshold).length,
      feedbackToReferrer: decided.filter((r) => r.feedbackRecipient === 'referrer').length,
      feedbackToLead: decided.filter((r) => r.feedbackRecipient === 'safeguarding_lead').length,
      byDecision: Object.fromEntries(
        [...new Set(decided.map((r) => r.decision!))].map((d) => [
          d,
          decided.filter((r) => r.decision === d).length,
        ]),
      ),
      byMonth: byMonthOf(referrals),
      byAgency: [...byAgency.entries()]
        .map(([agencyType, v]) => ({ agencyType, ...v }))
        .sort((a, b) => b.received - a.received),
      strategyDiscussions: discussions.length,
      quorate: discussions.filter((d) => d.quorate).length,
      minutesSharedWithAll: discussions.filter(
        (d) => Number(d.attendees) > 0 && d.attendees === d.minutesShared,
      ).length,
      section47: discussions.filter((d) => d.decision === 'section47').length,
      icpcs: icpcs.length,
      icpcsWithin15wd: icpcs.filter((i) => i.heldOn <= i.dueOn).length,
      icpcsToPlan: icpcs.filter((i) => i.outcome === 'cp_plan').length,
      assessmentsAuthorised: assessments.length,
      assessmentsWithin45wd: assessments.filter((a) => a.authorisedOn! <= a.dueOn).length,
      calendarCovers: calendar.covers(to),
    };
  }
}

/** Contacts received and meeting threshold in each month (London dates) of the period. */
function byMonthOf(referrals: { receivedAt: Date | null; metThreshold: boolean | null }[]) {
  const months = new Map<string, { month: string; received: number; met: number }>();
  for (const r of referrals) {
    const month = londonDate(r.receivedAt!).slice(0, 7);
    const m = months.get(month) ?? { month, received: 0, met: 0 };
    m.received += 1;
    if (r.metThreshold) m.met += 1;
    months.set(month, m);
  }
  return [...months.values()].sort((a, b) => a.month.localeCompare(b.month));
}

/** The first day of the month after `month` (YYYY-MM-01). */
export function monthAfter(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

function addYears(date: string, years: number): string {
  return `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;
}
