/**
 * Practice reviews: a serious incident notified to the National Panel (5 working days), its rapid
 * review (sent within 15 working days of the notification; a decision always with its reasons;
 * the Panel's response never dated before the notification), the CSPR it may commission
 * (published within 6 calendar months, or a reason why not), national reviews weighed for local
 * action, and recommendations traced to their review. Every write is one transaction with its
 * audit entry, which names the child for a case.
 */
import type { Transaction } from 'kysely';
import type { AuditActor, AuditWriter } from '../../platform/audit/audit-log.ts';
import type { SignedInUser } from '../../platform/auth/permissions.ts';
import type { WorkingDayCalendar } from '../../platform/calendar/index.ts';
import type { Db } from '../../platform/db/client.ts';
import type { Database } from '../../platform/db/schema.ts';
import { type FormResult, formError } from '../../platform/http/forms.ts';
import {
  ACTION_STATUS_LABELS,
  ActionInputError,
  type ActionSummary,
  type ActionsService,
} from '../actions/index.ts';
import type { Candidate, ChildrenService } from '../children/index.ts';
import type { SurveysService } from '../surveys/index.ts';
import { notificationDue, publicationDue, rapidReviewDue } from './clocks.ts';
import * as q from './queries.ts';
import type { CsprInput, DecisionInput, NationalInput, NotificationInput, PanelInput } from './schema.ts';

export interface ReviewsDeps {
  db: Db;
  calendar: () => WorkingDayCalendar;
  children: ChildrenService;
  surveys: SurveysService;
  actions: ActionsService;
}

/** An action of a recommendation, as the review pages list it. */
export interface RecommendationAction extends ActionSummary {
  statusLabel: string;
  statusClass: string;
  /** The named owner and the owning agency, as one line. */
  owner: string | null;
  /** The latest judgement of its impact, once the review group has made it in the action tracker. */
  impact: RecommendationImpact | null;
}

/** Evidence of impact of a done action, as the review's page shows it. */
export interface RecommendationImpact {
  judgement: string;
  /** In words: Embedded / Partly evidenced / Not evidenced. */
  label: string;
  judgedOn: string;
  evidence: string;
  judgedByName: string;
}

const STATUS_CLASSES = {
  open: 'govuk-tag--blue',
  overdue: 'govuk-tag--red',
  done: 'govuk-tag--green',
  dropped: 'govuk-tag--grey',
};

const IMPACT_WORDS: Record<string, string> = {
  embedded: 'Embedded',
  partly: 'Partly evidenced',
  not_evidenced: 'Not evidenced',
};

function asListed(
  a: ActionSummary,
  impact: { judgement: string; judgedOn: string; evidence: string; judgedByName: string } | null,
): RecommendationAction {
  return {
    ...a,
    statusLabel: ACTION_STATUS_LABELS[a.status],
    statusClass: STATUS_CLASSES[a.status],
    owner: [a.ownerName, a.owningOrganisationName].filter(Boolean).join(', ') || null,
    impact: impact
      ? {
          judgement: impact.judgement,
          label: IMPACT_WORDS[impact.judgement] ?? impact.judgement,
          judgedOn: impact.judgedOn,
          evidence: impact.evidence,
          judgedByName: impact.judgedByName,
        }
      : null,
  };
}

/** A new action for a recommendation, as the review group's form gives it. */
export interface RecommendationActionInput {
  description: string;
  owningOrganisationId: number;
  ownerName: string | null;
  dueOn: string | null;
  measurableOutcome: string | null;
}

export type ReviewCase = NonNullable<Awaited<ReturnType<typeof q.memberCase>>>;

/** What recording a notification answers: saved, a form error, or candidates to choose from first. */
export type NotifyResult = FormResult<{ id: number }> | { ok: false; chooseChild: Candidate[] };

type Trx = Transaction<Database>;
// A date field (…On) is a GOV.UK date input: its problem highlights every box and the summary links to the day.
const fail = (field: string, text: string) => ({
  ok: false as const,
  errors: formError(field, text, undefined, field.endsWith('On') ? ['day', 'month', 'year'] : undefined),
});

export class ReviewsService {
  constructor(private readonly deps: ReviewsDeps) {}

  private get db() {
    return this.deps.db;
  }

  register(userId: string) {
    return q.register(this.db, userId);
  }

  /** The case, only for one of its named members; undefined for anyone else. */
  memberCase(caseId: number, userId: string) {
    return q.memberCase(this.db, caseId, userId);
  }

  caseReference(caseId: number) {
    return q.caseReference(this.db, caseId);
  }

  /** Everything the case page shows (the caller has found the case through its membership). */
  async caseDetail(c: ReviewCase) {
    const [child, requests, cspr, recommendations, members, surveys] = await Promise.all([
      this.deps.children.child(c.childId),
      q.agencyRequests(this.db, c.id),
      q.csprOf(this.db, c.id),
      q.recommendationsOf(this.db, { caseId: c.id }),
      q.members(this.db, c.id),
      this.deps.surveys.surveysAttachedTo({ module: 'reviews', type: 'review', id: String(c.id) }),
    ]);
    const milestones = cspr ? await q.milestones(this.db, cspr.id) : [];
    return {
      child,
      requests,
      cspr,
      milestones,
      recommendations: await this.withActions(recommendations),
      members,
      surveys,
    };
  }

  /** Each recommendation with the actions it led to (the action tracker's, traced back by source). */
  async withActions<R extends { id: number }>(recommendations: R[]) {
    return Promise.all(
      recommendations.map(async (r) => ({
        ...r,
        actions: await Promise.all(
          (await this.deps.actions.actionsForSource('reviews', 'recommendation', String(r.id))).map(
            async (a) => asListed(a, a.status === 'done' ? await this.latestImpact(a.id) : null),
          ),
        ),
      })),
    );
  }

  /** The latest judgement of a done action's impact (judged in the action tracker by the review group). */
  private async latestImpact(actionId: number) {
    return (await this.deps.actions.history(actionId)).impacts[0] ?? null;
  }

  /**
   * Records actions for a recommendation through the action tracker, in one transaction with the
   * review's own audit entry; the action's source names the review by reference, never the child.
   */
  async addActions(
    audit: AuditWriter,
    userId: string,
    recommendation: { id: number; number: number; caseId: number | null; nationalReviewId: number | null },
    source: { label: string; href: string; childId?: string | null },
    input: RecommendationActionInput,
  ): Promise<FormResult<{ ids: number[] }>> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const ids = await this.deps.actions.createActionsInTrx(trx, audit, userId, [
          {
            ...input,
            source: { module: 'reviews', type: 'recommendation', id: String(recommendation.id), ...source },
          },
        ]);
        await audit(trx, {
          action: 'update',
          recordType: recommendation.caseId ? 'review-case' : 'national-review',
          recordId: recommendation.caseId ?? recommendation.nationalReviewId,
          childId: source.childId ?? null,
          reason: `action for recommendation ${recommendation.number}`,
        });
        return { ok: true as const, value: { ids: ids.map((r) => r.id) } };
      });
    } catch (error) {
      if (error instanceof ActionInputError) return { ok: false, errors: error.errors };
      throw error;
    }
  }

  members(caseId: number) {
    return q.members(this.db, caseId);
  }

  reviewGroup() {
    return q.reviewGroup(this.db);
  }

  /**
   * Records a serious incident notification for a child of the child index. A child found by
   * exact identifiers is used; otherwise every likely candidate is offered first (with its
   * probability), and only an explicit "none of these" records a new child.
   */
  async notify(
    audit: AuditWriter,
    actor: AuditActor,
    user: SignedInUser,
    input: NotificationInput,
    thisYear: string,
  ): Promise<NotifyResult> {
    const person = {
      givenName: input.givenName,
      familyName: input.familyName,
      dateOfBirth: input.dateOfBirth,
      sex: input.sex,
      nhsNumber: input.nhsNumber,
    };
    let candidates: Candidate[] | null = null;
    if (input.childChoice !== 'new') {
      candidates = await this.deps.children.candidatesFor({
        ...person,
        sex: input.sex === 'female' ? 'F' : input.sex === 'male' ? 'M' : null,
      });
    }
    return this.db.transaction().execute(async (trx) => {
      let childId: string;
      if (input.childChoice === 'new') {
        const match = await this.deps.children.findOrCreateChildInTrx(trx, actor, person);
        if (match.status === 'ambiguous')
          return fail(
            'givenName',
            'More than one child in the index has these details: choose the child from the list',
          );
        childId = match.childId;
      } else if (input.childChoice) {
        const chosen = candidates?.find((c) => c.child.id === input.childChoice);
        if (!chosen) return fail('childChoice', 'Select the child from the list, or say none of them');
        childId = chosen.child.id;
      } else {
        const exact = await this.deps.children.findChildInTrx(trx, person);
        if (exact.status === 'found') childId = exact.childId;
        else if (candidates && candidates.length > 0) return { ok: false as const, chooseChild: candidates };
        else {
          const match = await this.deps.children.findOrCreateChildInTrx(trx, actor, person);
          if (match.status === 'ambiguous')
            return fail('givenName', 'More than one child in the index has these details');
          childId = match.childId;
        }
      }
      const calendar = this.deps.calendar();
      const reference = await q.nextReference(trx, thisYear);
      const { id } = await trx
        .insertInto('reviewCase')
        .values({
          reference,
          childId,
          incidentSummary: input.incidentSummary,
          incidentOn: input.incidentOn,
          becameAwareOn: input.becameAwareOn,
          notificationDueOn: notificationDue(calendar, input.becameAwareOn),
          notifiedOn: input.notifiedOn ?? null,
          rapidReviewDueOn: input.notifiedOn ? rapidReviewDue(calendar, input.notifiedOn) : null,
          createdBy: user.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('reviewMember')
        .values({ caseId: id, userId: user.id, addedBy: user.id })
        .execute();
      await audit(trx, { action: 'create', recordType: 'review-case', recordId: id, childId });
      return { ok: true as const, value: { id } };
    });
  }

  /** One change to a case, with its audit entry (naming the child) in the same transaction. */
  private async change<T>(
    audit: AuditWriter,
    c: ReviewCase,
    what: string,
    work: (trx: Trx) => Promise<FormResult<T>>,
  ): Promise<FormResult<T>> {
    return this.db.transaction().execute(async (trx) => {
      const result = await work(trx);
      if (!result.ok) return result;
      await audit(trx, {
        action: 'update',
        recordType: 'review-case',
        recordId: c.id,
        childId: c.childId,
        reason: what,
      });
      return result;
    });
  }

  recordNotified(audit: AuditWriter, c: ReviewCase, notifiedOn: string) {
    return this.change(audit, c, 'notified', async (trx) => {
      if (notifiedOn < c.becameAwareOn)
        return fail(
          'notifiedOn',
          'Date the Panel was notified must be on or after the date the partnership became aware',
        );
      if (c.panelResponseOn && c.panelResponseOn < notifiedOn)
        return fail('notifiedOn', 'Date the Panel was notified must be on or before the Panel’s response');
      await trx
        .updateTable('reviewCase')
        .set({ notifiedOn, rapidReviewDueOn: rapidReviewDue(this.deps.calendar(), notifiedOn) })
        .where('id', '=', c.id)
        .execute();
      return { ok: true, value: c.id };
    });
  }

  addRequest(
    audit: AuditWriter,
    c: ReviewCase,
    input: {
      organisationId: number;
      kind: 'chronology' | 'information';
      requestedOn: string;
      receivedOn?: string | undefined;
    },
  ) {
    return this.change(audit, c, 'agency request', async (trx) => {
      const agency = await trx
        .selectFrom('registryOrganisation')
        .select('id')
        .where('id', '=', input.organisationId)
        .executeTakeFirst();
      if (!agency) return fail('organisationId', 'Select the agency');
      await trx
        .insertInto('reviewAgencyRequest')
        .values({
          caseId: c.id,
          organisationId: input.organisationId,
          kind: input.kind,
          requestedOn: input.requestedOn,
          receivedOn: input.receivedOn ?? null,
        })
        .execute();
      return { ok: true, value: c.id };
    });
  }

  markReceived(audit: AuditWriter, c: ReviewCase, requestId: number, receivedOn: string) {
    return this.change(audit, c, 'agency request received', async (trx) => {
      const request = await trx
        .selectFrom('reviewAgencyRequest')
        .select(['id', 'requestedOn'])
        .where('id', '=', requestId)
        .where('caseId', '=', c.id)
        .executeTakeFirst();
      if (!request) return fail('receivedOn', 'That request is not part of this review');
      if (receivedOn < request.requestedOn)
        return fail('receivedOn', 'Date received must be on or after the date requested');
      await trx.updateTable('reviewAgencyRequest').set({ receivedOn }).where('id', '=', requestId).execute();
      return { ok: true, value: c.id };
    });
  }

  /**
   * The rapid review's decision, with its reasons. A decision to hold a CSPR commissions one, its
   * publication due 6 calendar months after the decision.
   */
  recordDecision(audit: AuditWriter, c: ReviewCase, input: DecisionInput) {
    return this.change(audit, c, 'rapid review decision', async (trx) => {
      if (!c.notifiedOn)
        return fail('decision', 'Record when the Panel was notified before the rapid review’s decision');
      if (input.decidedOn < c.notifiedOn)
        return fail('decidedOn', 'Date of the decision must be on or after the notification');
      if (input.meetingOn && input.meetingOn < c.notifiedOn)
        return fail('meetingOn', 'Date of the rapid review meeting must be on or after the notification');
      const cspr = await q.csprOf(trx, c.id);
      if (cspr && input.decision === 'no_cspr')
        return fail('decision', 'A CSPR has already been commissioned from this rapid review');
      await trx
        .updateTable('reviewCase')
        .set({
          meetingOn: input.meetingOn ?? null,
          decision: input.decision,
          decisionReasons: input.decisionReasons,
          decidedOn: input.decidedOn,
          sentToPanelOn: input.sentToPanelOn ?? null,
          learning: input.learning ?? null,
        })
        .where('id', '=', c.id)
        .execute();
      if (input.decision === 'cspr') {
        if (!cspr)
          await trx
            .insertInto('reviewCspr')
            .values({
              caseId: c.id,
              decidedOn: input.decidedOn,
              publicationDueOn: publicationDue(input.decidedOn),
            })
            .execute();
        else if (cspr.decidedOn !== input.decidedOn)
          await trx
            .updateTable('reviewCspr')
            .set({ decidedOn: input.decidedOn, publicationDueOn: publicationDue(input.decidedOn) })
            .where('id', '=', cspr.id)
            .execute();
      }
      return { ok: true, value: c.id };
    });
  }

  /** The National Panel's response: only to a decision, and never dated before the notification. */
  recordPanelResponse(audit: AuditWriter, c: ReviewCase, input: PanelInput) {
    return this.change(audit, c, 'panel response', async (trx) => {
      if (!c.notifiedOn) return fail('panelResponseOn', 'Record when the Panel was notified first');
      if (input.panelResponseOn < c.notifiedOn)
        return fail(
          'panelResponseOn',
          `Date of the Panel’s response must be on or after the notification (${c.notifiedOn})`,
        );
      if (!c.decision)
        return fail('panelResponse', 'Record the rapid review’s decision before the Panel’s response');
      await trx
        .updateTable('reviewCase')
        .set({
          panelResponse: input.panelResponse,
          panelResponseOn: input.panelResponseOn,
          panelComment: input.panelComment ?? null,
        })
        .where('id', '=', c.id)
        .execute();
      return { ok: true, value: c.id };
    });
  }

  recordScrutiny(
    audit: AuditWriter,
    c: ReviewCase,
    input: { scrutineerComment: string; scrutineerCommentedOn: string },
  ) {
    return this.change(audit, c, 'scrutineer comment', async (trx) => {
      if (c.decidedOn && input.scrutineerCommentedOn < c.decidedOn)
        return fail('scrutineerCommentedOn', 'Date of the comment must be on or after the decision');
      await trx.updateTable('reviewCase').set(input).where('id', '=', c.id).execute();
      return { ok: true, value: c.id };
    });
  }

  /** The CSPR's details; publication after its due date needs the reason it waited. */
  updateCspr(audit: AuditWriter, c: ReviewCase, input: CsprInput) {
    return this.change(audit, c, 'cspr', async (trx) => {
      const cspr = await q.csprOf(trx, c.id);
      if (!cspr) return fail('reviewerName', 'This rapid review did not decide on a CSPR');
      if (input.publishedOn && input.publishedOn < cspr.decidedOn)
        return fail('publishedOn', 'Date published must be on or after the decision to hold the review');
      if (input.publishedOn && input.publishedOn > cspr.publicationDueOn && !input.publicationWaitReason)
        return fail(
          'publicationWaitReason',
          'Say why publication waited beyond the due date, for example criminal proceedings',
        );
      if (input.publishedOn && !input.reportUrl)
        return fail('reportUrl', 'Enter the link to the published report');
      await trx
        .updateTable('reviewCspr')
        .set({
          reviewerName: input.reviewerName ?? null,
          jointWithDhr: input.jointWithDhr,
          termsOfReference: input.termsOfReference ?? null,
          publicationWaitReason: input.publicationWaitReason ?? null,
          publishedOn: input.publishedOn ?? null,
          reportUrl: input.reportUrl ?? null,
        })
        .where('id', '=', cspr.id)
        .execute();
      return { ok: true, value: c.id };
    });
  }

  addMilestone(audit: AuditWriter, c: ReviewCase, input: { title: string; dueOn: string }) {
    return this.change(audit, c, 'milestone', async (trx) => {
      const cspr = await q.csprOf(trx, c.id);
      if (!cspr) return fail('title', 'This rapid review did not decide on a CSPR');
      await trx
        .insertInto('reviewMilestone')
        .values({ csprId: cspr.id, ...input })
        .execute();
      return { ok: true, value: c.id };
    });
  }

  milestoneDone(audit: AuditWriter, c: ReviewCase, milestoneId: number, doneOn: string) {
    return this.change(audit, c, 'milestone done', async (trx) => {
      const cspr = await q.csprOf(trx, c.id);
      const updated = cspr
        ? await trx
            .updateTable('reviewMilestone')
            .set({ doneOn })
            .where('id', '=', milestoneId)
            .where('csprId', '=', cspr.id)
            .executeTakeFirst()
        : undefined;
      if (!updated?.numUpdatedRows) return fail('doneOn', 'That milestone is not part of this review');
      return { ok: true, value: c.id };
    });
  }

  addRecommendation(audit: AuditWriter, c: ReviewCase, text: string) {
    return this.change(audit, c, 'recommendation', async (trx) => {
      if (!c.decision) return fail('text', 'Record the rapid review’s decision before its recommendations');
      const number = await q.nextRecommendationNumber(trx, { caseId: c.id });
      const { id } = await trx
        .insertInto('reviewRecommendation')
        .values({ caseId: c.id, number, text })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { ok: true, value: id };
    });
  }

  /** Names another member of the review group on a review (the business unit, or a member). */
  async addMember(
    audit: AuditWriter,
    caseId: number,
    userId: string,
    addedBy: string,
  ): Promise<FormResult<number>> {
    return this.db.transaction().execute(async (trx) => {
      const account = await trx
        .selectFrom('authAccount')
        .select('id')
        .where('id', '=', userId)
        .where('role', '=', 'review_group_member')
        .where('active', '=', true)
        .executeTakeFirst();
      if (!account) return fail('userId', 'Select a member of the review group');
      await trx
        .insertInto('reviewMember')
        .values({ caseId, userId, addedBy })
        .onConflict((oc) => oc.doNothing())
        .execute();
      await audit(trx, {
        action: 'update',
        recordType: 'review-case',
        recordId: caseId,
        reason: `member added: ${userId}`,
      });
      return { ok: true as const, value: caseId };
    });
  }

  /** Takes a member off a review; the last member stays, or the case would be seen by nobody. */
  async removeMember(audit: AuditWriter, caseId: number, userId: string): Promise<FormResult<number>> {
    return this.db.transaction().execute(async (trx) => {
      const all = await trx
        .selectFrom('reviewMember')
        .select('userId')
        .where('caseId', '=', caseId)
        .forUpdate()
        .execute();
      if (!all.some((m) => m.userId === userId))
        return fail('userId', 'They are not a member of this review');
      if (all.length === 1)
        return fail('userId', 'A review needs at least one member: add another before removing the last');
      await trx
        .deleteFrom('reviewMember')
        .where('caseId', '=', caseId)
        .where('userId', '=', userId)
        .execute();
      await audit(trx, {
        action: 'update',
        recordType: 'review-case',
        recordId: caseId,
        reason: `member removed: ${userId}`,
      });
      return { ok: true as const, value: caseId };
    });
  }

  attachSurvey(
    audit: AuditWriter,
    c: ReviewCase,
    userId: string,
    surveyId: number,
  ): Promise<FormResult<number>> {
    return this.db.transaction().execute(async (trx) => {
      const attached = await this.deps.surveys.attachSurveyInTrx(trx, audit, userId, surveyId, {
        module: 'reviews',
        type: 'review',
        id: String(c.id),
      });
      if (!attached) return fail('surveyId', 'Select a survey');
      return { ok: true as const, value: c.id };
    });
  }

  attachableSurveys() {
    return this.deps.surveys.attachableSurveys();
  }

  // ---- national reviews ---------------------------------------------------------------------

  nationalReviews() {
    return q.nationalReviews(this.db);
  }

  async nationalReview(id: number) {
    const review = await q.nationalReview(this.db, id);
    if (!review) return undefined;
    return {
      review,
      recommendations: await this.withActions(await q.recommendationsOf(this.db, { nationalReviewId: id })),
    };
  }

  async createNational(audit: AuditWriter, input: NationalInput): Promise<FormResult<{ id: number }>> {
    return this.db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('nationalReview')
        .values({
          kind: input.kind,
          title: input.title,
          publishedOn: input.publishedOn,
          url: input.url ?? null,
          summary: input.summary ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, { action: 'create', recordType: 'national-review', recordId: id });
      return { ok: true as const, value: { id } };
    });
  }

  async addNationalRecommendation(
    audit: AuditWriter,
    nationalReviewId: number,
    text: string,
  ): Promise<FormResult<number>> {
    return this.db.transaction().execute(async (trx) => {
      const number = await q.nextRecommendationNumber(trx, { nationalReviewId });
      const { id } = await trx
        .insertInto('reviewRecommendation')
        .values({ nationalReviewId, number, text })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, {
        action: 'update',
        recordType: 'national-review',
        recordId: nationalReviewId,
        reason: 'recommendation',
      });
      return { ok: true as const, value: id };
    });
  }

  recommendation(id: number) {
    return q.recommendation(this.db, id);
  }

  nationalReviewTitle(id: number) {
    return q.nationalReview(this.db, id);
  }

  /** The partnership's decision on a national recommendation: relevant here, already in place, or not relevant, and why. */
  async decideNational(
    audit: AuditWriter,
    recommendationId: number,
    input: { decision: 'relevant' | 'in_place' | 'not_relevant'; decisionReason: string; decidedOn: string },
  ): Promise<FormResult<number>> {
    return this.db.transaction().execute(async (trx) => {
      const rec = await q.recommendation(trx, recommendationId);
      if (!rec?.nationalReviewId) return fail('decision', 'That is not a national recommendation');
      const review = await q.nationalReview(trx, rec.nationalReviewId);
      if (review && input.decidedOn < review.publishedOn)
        return fail('decidedOn', 'Date decided must be on or after the review was published');
      await trx.updateTable('reviewRecommendation').set(input).where('id', '=', recommendationId).execute();
      await audit(trx, {
        action: 'update',
        recordType: 'national-review',
        recordId: rec.nationalReviewId,
        reason: `decision on recommendation ${rec.number}`,
      });
      return { ok: true as const, value: rec.nationalReviewId };
    });
  }

  /**
   * The year's figures, with the actions agreed in the period from reviews' recommendations (from
   * the action tracker: status and the latest judgement of impact, as they stand today).
   */
  async figures(period: { from: string; to: string }) {
    const [counts, actions] = await Promise.all([
      q.reviewFigures(this.db, period),
      this.deps.actions.figures({ ...period, sourceModule: 'reviews' }),
    ]);
    const a = actions.totals;
    return {
      ...counts,
      actions: {
        agreed: a.total,
        open: a.open,
        overdue: a.overdue,
        done: a.done,
        dropped: a.dropped,
        embedded: a.embedded,
        partly: a.partly,
        notEvidenced: a.notEvidenced,
        notJudged: a.done - a.embedded - a.partly - a.notEvidenced,
      },
    };
  }
}
