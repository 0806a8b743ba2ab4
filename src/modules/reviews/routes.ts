/**
 * Practice reviews' pages. The register and the figures show references and counts only. A
 * review's case, and every form of it, is found through its membership: for anyone who is not one
 * of its named members it does not exist (404, the attempt audited); every view by a member is
 * audited with the child's id.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { writeAudit } from '../../platform/audit/audit-log.ts';
import { londonDate } from '../../platform/calendar/index.ts';
import { now } from '../../platform/clock.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { type FormErrors, type FormResult, parseForm } from '../../platform/http/forms.ts';
import { numericId, parseParams } from '../../platform/http/route-helpers.ts';
import type { PlatformServices } from '../../platform/modules/define-module.ts';
import type { ActionsService } from '../actions/index.ts';
import type { ChildrenService } from '../children/index.ts';
import type { RegistryService } from '../registry/index.ts';
import type { SurveysService } from '../surveys/index.ts';
import { publicationClock, workingDayClock } from './clocks.ts';
import { type Field, options, withValues } from './forms.ts';
import {
  DECISIONS,
  NATIONAL_DECISIONS,
  NATIONAL_KINDS,
  PANEL_RESPONSES,
  REQUEST_KINDS,
  SEXES,
  csprInput,
  decisionInput,
  memberInput,
  milestoneDoneInput,
  milestoneInput,
  nationalDecisionInput,
  nationalInput,
  notificationInput,
  notifiedInput,
  panelInput,
  receivedInput,
  recommendationActionInput,
  recommendationInput,
  requestInput,
  scrutinyInput,
  surveyAttachInput,
} from './schema.ts';
import type { ReviewCase, ReviewsService } from './service.ts';
import { z as zod } from 'zod';

export type ReviewsServices = PlatformServices & {
  registry: RegistryService;
  children: ChildrenService;
  surveys: SurveysService;
  actions: ActionsService;
  reviews: ReviewsService;
};

const today = () => londonDate(now());
const subParams = zod.object({
  id: zod.coerce.number().int().positive().max(2_147_483_647),
  sub: zod.coerce.number().int().positive().max(2_147_483_647),
});
const memberParams = zod.object({
  id: zod.coerce.number().int().positive().max(2_147_483_647),
  userId: zod.uuid(),
});

/** The case's clocks, as the case page and the register show them. */
export function clocksOf(
  calendar: ReviewsServices['calendar'],
  c: {
    notificationDueOn: string;
    notifiedOn: string | null;
    rapidReviewDueOn: string | null;
    sentToPanelOn: string | null;
  },
  cspr: { publicationDueOn: string | null; publishedOn: string | null } | null,
  on: string,
) {
  return {
    notification: workingDayClock(calendar, c.notificationDueOn, c.notifiedOn, on, 'Notified'),
    rapidReview: c.rapidReviewDueOn
      ? workingDayClock(calendar, c.rapidReviewDueOn, c.sentToPanelOn, on, 'Sent')
      : null,
    publication: cspr?.publicationDueOn
      ? publicationClock(cspr.publicationDueOn, cspr.publishedOn, on)
      : null,
  };
}

interface CaseForm<S extends z.ZodType> {
  title: string;
  intro?: string;
  submit?: string;
  schema: S;
  fields(services: ReviewsServices, c: ReviewCase): Promise<Field[]> | Field[];
  /** What the form shows first: the case's values where it has them. */
  initial?(
    services: ReviewsServices,
    c: ReviewCase,
  ): Record<string, unknown> | Promise<Record<string, unknown>>;
  save(
    services: ReviewsServices,
    request: FastifyRequest,
    c: ReviewCase,
    input: z.infer<S>,
  ): Promise<FormResult<unknown>>;
}

const caseForm = <S extends z.ZodType>(form: CaseForm<S>) => form as unknown as CaseForm<z.ZodType>;

const dateField = (name: string, label: string, hint?: string): Field => ({
  kind: 'date',
  name,
  label,
  ...(hint ? { hint } : {}),
});

/** Every form of a case, by its path: /reviews/:id/<name>. */
const CASE_FORMS: Record<string, CaseForm<z.ZodType>> = {
  notified: caseForm({
    title: 'Record the notification to the National Panel',
    intro: 'The Panel must be told within 5 working days of the partnership becoming aware.',
    schema: notifiedInput,
    fields: () => [dateField('notifiedOn', 'Date the Panel was notified')],
    initial: (_s, c) => ({ notifiedOn: c.notifiedOn ?? '' }),
    save: (s, r, c, input) => s.reviews.recordNotified(r.auditWriter, c, input.notifiedOn),
  }),
  request: caseForm({
    title: 'Ask an agency for its chronology or information',
    schema: requestInput,
    fields: async (s) => [
      {
        kind: 'select',
        name: 'organisationId',
        label: 'Agency',
        items: [
          { value: '', text: 'Select an agency' },
          ...(await s.registry.organisations()).map((o) => ({ value: String(o.id), text: o.name })),
        ],
      },
      { kind: 'radios', name: 'kind', label: 'What was asked for', items: options(REQUEST_KINDS) },
      dateField('requestedOn', 'Date requested'),
      dateField('receivedOn', 'Date received (leave blank while awaited)'),
    ],
    save: (s, r, c, input) => s.reviews.addRequest(r.auditWriter, c, input),
  }),
  decision: caseForm({
    title: 'Record the rapid review’s decision',
    intro:
      'Say whether a child safeguarding practice review will be held, and why. The reasons are required.',
    schema: decisionInput,
    fields: () => [
      dateField('meetingOn', 'Date of the rapid review meeting'),
      { kind: 'radios', name: 'decision', label: 'Decision', items: options(DECISIONS) },
      {
        kind: 'textarea',
        name: 'decisionReasons',
        label: 'Reasons for the decision',
        hint: 'Against the criteria in Working Together to Safeguard Children',
        rows: 6,
      },
      dateField('decidedOn', 'Date of the decision'),
      dateField('sentToPanelOn', 'Date the rapid review was sent to the Panel'),
      { kind: 'textarea', name: 'learning', label: 'Learning identified (optional)', rows: 5 },
    ],
    initial: (_s, c) => ({
      meetingOn: c.meetingOn ?? '',
      decision: c.decision ?? '',
      decisionReasons: c.decisionReasons ?? '',
      decidedOn: c.decidedOn ?? '',
      sentToPanelOn: c.sentToPanelOn ?? '',
      learning: c.learning ?? '',
    }),
    save: (s, r, c, input) => s.reviews.recordDecision(r.auditWriter, c, input),
  }),
  panel: caseForm({
    title: 'Record the National Panel’s response',
    schema: panelInput,
    fields: () => [
      {
        kind: 'radios',
        name: 'panelResponse',
        label: 'The Panel’s response',
        items: options(PANEL_RESPONSES),
      },
      dateField(
        'panelResponseOn',
        'Date of the response',
        'On or after the notification, for example 2026-12-15',
      ),
      { kind: 'textarea', name: 'panelComment', label: 'What the Panel said (optional)' },
    ],
    initial: (_s, c) => ({
      panelResponse: c.panelResponse ?? '',
      panelResponseOn: c.panelResponseOn ?? '',
      panelComment: c.panelComment ?? '',
    }),
    save: (s, r, c, input) => s.reviews.recordPanelResponse(r.auditWriter, c, input),
  }),
  scrutiny: caseForm({
    title: 'Record the independent scrutineer’s comment',
    schema: scrutinyInput,
    fields: () => [
      { kind: 'textarea', name: 'scrutineerComment', label: 'The scrutineer’s comment', rows: 5 },
      dateField('scrutineerCommentedOn', 'Date of the comment'),
    ],
    initial: (_s, c) => ({
      scrutineerComment: c.scrutineerComment ?? '',
      scrutineerCommentedOn: c.scrutineerCommentedOn ?? '',
    }),
    save: (s, r, c, input) => s.reviews.recordScrutiny(r.auditWriter, c, input),
  }),
  cspr: caseForm({
    title: 'The child safeguarding practice review',
    intro:
      'Published within 6 months of the decision to hold it. When publication waits (for example for criminal proceedings), say why.',
    schema: csprInput,
    fields: () => [
      { kind: 'text', name: 'reviewerName', label: 'Independent reviewer' },
      {
        kind: 'radios',
        name: 'jointWithDhr',
        label: 'Is it held jointly with a domestic homicide review?',
        items: [
          { value: 'yes', text: 'Yes, a joint CSPR and DHR' },
          { value: 'no', text: 'No' },
        ],
      },
      { kind: 'textarea', name: 'termsOfReference', label: 'Terms of reference', rows: 6 },
      {
        kind: 'textarea',
        name: 'publicationWaitReason',
        label: 'Why publication waits beyond the due date (if it does)',
        rows: 3,
      },
      dateField('publishedOn', 'Date published (leave blank until it is)'),
      { kind: 'text', name: 'reportUrl', label: 'Link to the published report (or its learning)' },
    ],
    initial: async (s, c) => {
      const p = (await s.reviews.caseDetail(c)).cspr;
      return {
        reviewerName: p?.reviewerName ?? '',
        jointWithDhr: p?.jointWithDhr ? 'yes' : 'no',
        termsOfReference: p?.termsOfReference ?? '',
        publicationWaitReason: p?.publicationWaitReason ?? '',
        publishedOn: p?.publishedOn ?? '',
        reportUrl: p?.reportUrl ?? '',
      };
    },
    save: (s, r, c, input) => s.reviews.updateCspr(r.auditWriter, c, input),
  }),
  milestone: caseForm({
    title: 'Add a milestone to the CSPR',
    schema: milestoneInput,
    fields: () => [
      {
        kind: 'text',
        name: 'title',
        label: 'Milestone',
        hint: 'For example: practitioner learning event; first draft to the CSPR group',
      },
      dateField('dueOn', 'Date planned'),
    ],
    save: (s, r, c, input) => s.reviews.addMilestone(r.auditWriter, c, input),
  }),
  recommendation: caseForm({
    title: 'Add a recommendation',
    schema: recommendationInput,
    fields: () => [{ kind: 'textarea', name: 'text', label: 'Recommendation', rows: 5 }],
    save: (s, r, c, input) => s.reviews.addRecommendation(r.auditWriter, c, input.text),
  }),
  member: caseForm({
    title: 'Name another member on this review',
    intro: 'Only the review’s named members see its case.',
    schema: memberInput,
    fields: async (s) => [
      {
        kind: 'select',
        name: 'userId',
        label: 'Member of the review group',
        items: [
          { value: '', text: 'Select a person' },
          ...(await s.reviews.reviewGroup()).map((u) => ({
            value: u.id,
            text: `${u.givenName} ${u.familyName} (${u.email})`,
          })),
        ],
      },
    ],
    save: (s, r, c, input) => s.reviews.addMember(r.auditWriter, c.id, input.userId, r.user!.id),
  }),
  survey: caseForm({
    title: 'Attach a survey to this review',
    intro: 'For example, practitioners’ feedback on the learning event. Its results then show on the review.',
    schema: surveyAttachInput,
    fields: async (s) => [
      {
        kind: 'select',
        name: 'surveyId',
        label: 'Survey',
        items: [
          { value: '', text: 'Select a survey' },
          ...(await s.reviews.attachableSurveys()).map((v) => ({ value: String(v.id), text: v.title })),
        ],
      },
    ],
    save: (s, r, c, input) => s.reviews.attachSurvey(r.auditWriter, c, r.user!.id, input.surveyId),
  }),
};

/** Forms about one row of a case: an agency's request received, a milestone done. */
const ROW_FORMS = {
  received: {
    title: 'Record what the agency sent',
    schema: receivedInput,
    fields: [dateField('receivedOn', 'Date received')],
    save: (
      s: ReviewsServices,
      r: FastifyRequest,
      c: ReviewCase,
      sub: number,
      input: { receivedOn: string },
    ) => s.reviews.markReceived(r.auditWriter, c, sub, input.receivedOn),
  },
  done: {
    title: 'Record a milestone done',
    schema: milestoneDoneInput,
    fields: [dateField('doneOn', 'Date done')],
    save: (s: ReviewsServices, r: FastifyRequest, c: ReviewCase, sub: number, input: { doneOn: string }) =>
      s.reviews.milestoneDone(r.auditWriter, c, sub, input.doneOn),
  },
} as const;

export function reviewsRoutes(app: FastifyInstance, services: ReviewsServices) {
  const { reviews } = services;

  /** The case for one of its members; for anyone else a 404, the attempt audited. */
  const memberCaseOr404 = async (request: FastifyRequest, id: number) => {
    const c = await reviews.memberCase(id, request.user!.id);
    if (c) return c;
    await writeAudit(services.db, request.auditActor, {
      action: request.routeOptions.config.audit?.action ?? 'view',
      recordType: 'review-case',
      recordId: id,
      outcome: 'not_found',
    });
    throw new NotFoundError();
  };

  // ---- the register, figures ------------------------------------------------------------------

  app.get('/reviews', { config: { permission: 'reviews:register' } }, async (request, reply) => {
    const on = today();
    const rows = await reviews.register(request.user!.id);
    return reply.page('reviews/views/register.njk', {
      title: 'Practice reviews',
      reviews: rows.map((r) => ({
        ...r,
        clocks: clocksOf(
          services.calendar,
          r,
          r.publicationDueOn ? { publicationDueOn: r.publicationDueOn, publishedOn: r.publishedOn } : null,
          on,
        ),
      })),
      canNotify: request.permissions.allows('reviews:notify'),
      canManageMembers: request.permissions.allows('reviews:members'),
      canSeeNational: request.permissions.allows('national-reviews:view'),
      decisions: { cspr: 'CSPR', no_cspr: 'No CSPR' },
    });
  });

  app.get('/reviews/figures', { config: { permission: 'reviews:figures' } }, async (request, reply) => {
    const query = (request.query ?? {}) as { year?: string };
    const on = today();
    const thisYearStart = on.slice(5) >= '04-01' ? Number(on.slice(0, 4)) : Number(on.slice(0, 4)) - 1;
    const year = /^\d{4}$/.test(query.year ?? '') ? Number(query.year) : thisYearStart;
    const period = { from: `${year}-04-01`, to: `${year + 1}-03-31` };
    return reply.page('reviews/views/figures.njk', {
      title: 'Practice reviews: figures',
      period,
      year,
      figures: await reviews.figures(period),
    });
  });

  // ---- a serious incident notification ----------------------------------------------------------

  const notificationForm = (
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
    candidates?: unknown[],
  ) =>
    reply.page('reviews/views/notification-form.njk', {
      title: 'Record a serious incident notification',
      values,
      errors,
      sexes: Object.entries(SEXES).map(([value, text]) => ({ value, text, checked: values.sex === value })),
      candidates,
    });

  app.get('/reviews/notifications/new', { config: { permission: 'reviews:notify' } }, (_request, reply) =>
    notificationForm(reply, {}),
  );

  app.post(
    '/reviews/notifications',
    { config: { permission: 'reviews:notify', audit: { action: 'create', recordType: 'review-case' } } },
    async (request, reply) => {
      const values = (request.body ?? {}) as Record<string, unknown>;
      const parsed = parseForm(notificationInput, values);
      if (!parsed.ok) {
        reply.code(400);
        return notificationForm(reply, values, parsed.errors);
      }
      const result = await reviews.notify(
        request.auditWriter,
        request.auditActor,
        request.user!,
        parsed.value,
        today().slice(0, 4),
      );
      if (result.ok) return reply.redirect(`/reviews/${result.value.id}`, 303);
      if ('chooseChild' in result) {
        // Every candidate shown is a look at a child's record: each is audited.
        await request.audit(
          services.db,
          result.chooseChild.map((c) => ({
            action: 'candidate',
            recordType: 'child',
            recordId: c.child.id,
            childId: c.child.id,
            reason: `p=${c.probability.toFixed(3)}`,
          })),
        );
        return notificationForm(
          reply,
          values,
          undefined,
          result.chooseChild.map((c) => ({
            value: c.child.id,
            text: `${c.child.givenName} ${c.child.familyName}, born ${c.child.dateOfBirth}${c.child.nhsNumber ? `, NHS number ${c.child.nhsNumber}` : ''}`,
            hint: `Probability this is the child: ${Math.round(c.probability * 100)}%`,
          })),
        );
      }
      reply.code(400);
      return notificationForm(reply, values, result.errors);
    },
  );

  // ---- a review's case ------------------------------------------------------------------------

  app.get(
    '/reviews/:id',
    {
      config: {
        permission: 'review:view',
        audit: { action: 'view', recordType: 'review-case' },
        stepUp: true,
      },
    },
    async (request, reply) => {
      const c = await memberCaseOr404(request, numericId(request.params));
      const detail = await reviews.caseDetail(c);
      await request.audit(services.db, { recordId: c.id, childId: c.childId });
      const on = today();
      return reply.page('reviews/views/case.njk', {
        title: `Review ${c.reference}`,
        c,
        ...detail,
        clocks: clocksOf(services.calendar, c, detail.cspr ?? null, on),
        labels: { decisions: DECISIONS, panel: PANEL_RESPONSES, kinds: REQUEST_KINDS },
        canAddActions: true,
        flash: (request.query as { saved?: string } | undefined)?.saved ? 'Saved' : undefined,
      });
    },
  );

  const showCaseForm = async (
    reply: FastifyReply,
    c: ReviewCase,
    name: string,
    form: CaseForm<z.ZodType>,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) =>
    reply.page('reviews/views/form.njk', {
      title: form.title,
      caption: `Review ${c.reference}`,
      intro: form.intro,
      fields: withValues(await form.fields(services, c), values),
      values,
      errors,
      action: `/reviews/${c.id}/${name}`,
      submit: form.submit,
      back: { href: `/reviews/${c.id}`, text: `Back to review ${c.reference}` },
    });

  app.get<{ Params: { id: string; form: string } }>(
    '/reviews/:id/:form',
    { config: { permission: 'review:work', audit: { action: 'view', recordType: 'review-case' } } },
    async (request, reply) => {
      const form = Object.hasOwn(CASE_FORMS, request.params.form)
        ? CASE_FORMS[request.params.form]
        : undefined;
      if (!form) throw new NotFoundError();
      const c = await memberCaseOr404(request, numericId(request.params));
      await request.audit(services.db, { recordId: c.id, childId: c.childId });
      return showCaseForm(reply, c, request.params.form, form, (await form.initial?.(services, c)) ?? {});
    },
  );

  app.post<{ Params: { id: string; form: string } }>(
    '/reviews/:id/:form',
    { config: { permission: 'review:work', audit: { action: 'update', recordType: 'review-case' } } },
    async (request, reply) => {
      const form = Object.hasOwn(CASE_FORMS, request.params.form)
        ? CASE_FORMS[request.params.form]
        : undefined;
      if (!form) throw new NotFoundError();
      const c = await memberCaseOr404(request, numericId(request.params));
      const values = (request.body ?? {}) as Record<string, unknown>;
      const parsed = parseForm(form.schema, values);
      const result = parsed.ok ? await form.save(services, request, c, parsed.value) : parsed;
      if (!result.ok) {
        reply.code(400);
        return showCaseForm(reply, c, request.params.form, form, values, result.errors);
      }
      return reply.redirect(`/reviews/${c.id}?saved=1`, 303);
    },
  );

  const rowForm = (kind: keyof typeof ROW_FORMS, path: string) => {
    const form = ROW_FORMS[kind];
    const show = (
      reply: FastifyReply,
      c: ReviewCase,
      sub: number,
      values: Record<string, unknown>,
      errors?: FormErrors,
    ) =>
      reply.page('reviews/views/form.njk', {
        title: form.title,
        caption: `Review ${c.reference}`,
        fields: form.fields,
        values,
        errors,
        action: `/reviews/${c.id}/${path}/${sub}`,
        back: { href: `/reviews/${c.id}`, text: `Back to review ${c.reference}` },
      });
    app.get(
      `/reviews/:id/${path}/:sub`,
      { config: { permission: 'review:work', audit: { action: 'view', recordType: 'review-case' } } },
      async (request, reply) => {
        const { id, sub } = parseParams(subParams, request.params);
        const c = await memberCaseOr404(request, id);
        await request.audit(services.db, { recordId: c.id, childId: c.childId });
        return show(reply, c, sub, {});
      },
    );
    app.post(
      `/reviews/:id/${path}/:sub`,
      { config: { permission: 'review:work', audit: { action: 'update', recordType: 'review-case' } } },
      async (request, reply) => {
        const { id, sub } = parseParams(subParams, request.params);
        const c = await memberCaseOr404(request, id);
        const values = (request.body ?? {}) as Record<string, unknown>;
        const parsed = parseForm(form.schema as z.ZodType<Record<string, string>>, values);
        const result = parsed.ok ? await form.save(services, request, c, sub, parsed.value as never) : parsed;
        if (!result.ok) {
          reply.code(400);
          return show(reply, c, sub, values, result.errors);
        }
        return reply.redirect(`/reviews/${c.id}?saved=1`, 303);
      },
    );
  };
  rowForm('received', 'requests');
  rowForm('done', 'milestones');

  app.post(
    '/reviews/:id/members/:userId/remove',
    { config: { permission: 'review:work', audit: { action: 'update', recordType: 'review-case' } } },
    async (request, reply) => {
      const { id, userId } = parseParams(memberParams, request.params);
      const c = await memberCaseOr404(request, id);
      const result = await reviews.removeMember(request.auditWriter, c.id, userId);
      if (!result.ok) {
        reply.code(400);
        return reply.page('reviews/views/form.njk', {
          title: 'The member was not removed',
          caption: `Review ${c.reference}`,
          errors: result.errors,
          fields: [],
          action: `/reviews/${c.id}/member`,
          submit: 'Name another member',
          back: { href: `/reviews/${c.id}`, text: `Back to review ${c.reference}` },
        });
      }
      // Removing oneself ends one's sight of the case: back to the register.
      return reply.redirect(userId === request.user!.id ? '/reviews' : `/reviews/${c.id}?saved=1`, 303);
    },
  );

  // ---- a recommendation's actions (through the action tracker) ---------------------------------

  /**
   * The recommendation and where it came from. A local review's recommendation is found through
   * the review's membership (404 for anyone else); a national one only once the partnership has
   * decided it is relevant here.
   */
  const recommendationSource = async (request: FastifyRequest, id: number) => {
    const rec = await reviews.recommendation(id);
    if (!rec) throw new NotFoundError();
    if (rec.caseId != null) {
      const c = await memberCaseOr404(request, rec.caseId);
      return {
        rec,
        childId: c.childId,
        label: `Recommendation ${rec.number} of practice review ${c.reference}`,
        href: `/reviews/${c.id}#recommendations`,
      };
    }
    const national = await reviews.nationalReviewTitle(rec.nationalReviewId!);
    if (!national || rec.decision !== 'relevant' || !request.permissions.allows('national-reviews:manage'))
      throw new NotFoundError();
    return {
      rec,
      childId: null,
      label: `Recommendation ${rec.number} of “${national.title}”`,
      href: `/reviews/national/${national.id}#recommendations`,
    };
  };

  const actionFields = async (): Promise<Field[]> => [
    { kind: 'textarea', name: 'description', label: 'What is to be done', rows: 3 },
    {
      kind: 'select',
      name: 'owningOrganisationId',
      label: 'Agency that owns the action',
      items: [
        { value: '', text: 'Select an agency' },
        ...(await services.registry.organisations()).map((o) => ({ value: String(o.id), text: o.name })),
      ],
    },
    { kind: 'text', name: 'ownerName', label: 'Named owner', hint: 'The person who will see it done' },
    dateField('dueOn', 'Due date'),
    {
      kind: 'textarea',
      name: 'measurableOutcome',
      label: 'Measurable outcome',
      hint: 'How we will know it has made a difference, for example: 90% of health agencies receive minutes within 5 days',
      rows: 3,
    },
  ];
  const actionForm = async (
    reply: FastifyReply,
    source: Awaited<ReturnType<typeof recommendationSource>>,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) =>
    reply.page('reviews/views/form.njk', {
      title: `Add an action for recommendation ${source.rec.number}`,
      caption: source.label,
      intro: source.rec.text,
      fields: withValues(await actionFields(), values),
      values,
      errors,
      action: `/reviews/recommendations/${source.rec.id}/actions`,
      submit: 'Add the action',
      back: { href: source.href.replace(/#.*$/, ''), text: 'Back to the review' },
    });

  app.get(
    '/reviews/recommendations/:id/actions',
    { config: { permission: 'review:work', audit: { action: 'view', recordType: 'review-case' } } },
    async (request, reply) => {
      const source = await recommendationSource(request, numericId(request.params));
      await request.audit(services.db, {
        recordType: source.rec.caseId ? 'review-case' : 'national-review',
        recordId: source.rec.caseId ?? source.rec.nationalReviewId,
        childId: source.childId,
      });
      return actionForm(reply, source, {});
    },
  );

  app.post(
    '/reviews/recommendations/:id/actions',
    { config: { permission: 'review:work', audit: { action: 'update', recordType: 'review-case' } } },
    async (request, reply) => {
      const source = await recommendationSource(request, numericId(request.params));
      const values = (request.body ?? {}) as Record<string, unknown>;
      const parsed = parseForm(recommendationActionInput, values);
      const result = parsed.ok
        ? await reviews.addActions(request.auditWriter, request.user!.id, source.rec, source, parsed.value)
        : parsed;
      if (!result.ok) {
        reply.code(400);
        return actionForm(reply, source, values, result.errors);
      }
      return reply.redirect(source.href, 303);
    },
  );

  // ---- membership, for the business unit (the reference only) ----------------------------------

  const membersPage = async (
    reply: FastifyReply,
    id: number,
    errors?: FormErrors,
    values: Record<string, unknown> = {},
  ) => {
    const ref = await reviews.caseReference(id);
    if (!ref) throw new NotFoundError();
    const [members, group] = await Promise.all([reviews.members(id), reviews.reviewGroup()]);
    return reply.page('reviews/views/members.njk', {
      title: `Members of review ${ref.reference}`,
      reference: ref,
      members,
      errors,
      values,
      group: [
        { value: '', text: 'Select a person' },
        ...group.map((u) => ({
          value: u.id,
          text: `${u.givenName} ${u.familyName} (${u.email})`,
          selected: values.userId === u.id,
        })),
      ],
    });
  };

  app.get('/reviews/:id/members', { config: { permission: 'reviews:members' } }, (request, reply) =>
    membersPage(reply, numericId(request.params)),
  );

  app.post(
    '/reviews/:id/members',
    { config: { permission: 'reviews:members', audit: { action: 'update', recordType: 'review-case' } } },
    async (request, reply) => {
      const id = numericId(request.params);
      if (!(await reviews.caseReference(id))) throw new NotFoundError();
      const values = (request.body ?? {}) as Record<string, unknown>;
      const parsed = parseForm(memberInput, values);
      const result = parsed.ok
        ? await reviews.addMember(request.auditWriter, id, parsed.value.userId, request.user!.id)
        : parsed;
      if (!result.ok) {
        reply.code(400);
        return membersPage(reply, id, result.errors, values);
      }
      return reply.redirect(`/reviews/${id}/members`, 303);
    },
  );

  // ---- national reviews and Panel briefings -----------------------------------------------------

  app.get('/reviews/national', { config: { permission: 'national-reviews:view' } }, async (request, reply) =>
    reply.page('reviews/views/national-list.njk', {
      title: 'National reviews and Panel briefings',
      reviews: await reviews.nationalReviews(),
      kinds: NATIONAL_KINDS,
      canManage: request.permissions.allows('national-reviews:manage'),
    }),
  );

  const nationalFields: Field[] = [
    { kind: 'radios', name: 'kind', label: 'What is it?', items: options(NATIONAL_KINDS) },
    { kind: 'text', name: 'title', label: 'Title' },
    dateField('publishedOn', 'Date published'),
    { kind: 'text', name: 'url', label: 'Link (optional)' },
    { kind: 'textarea', name: 'summary', label: 'Summary (optional)' },
  ];
  const nationalForm = (reply: FastifyReply, values: Record<string, unknown>, errors?: FormErrors) =>
    reply.page('reviews/views/form.njk', {
      title: 'Add a national review or Panel briefing',
      fields: withValues(nationalFields, values),
      values,
      errors,
      action: '/reviews/national',
      back: { href: '/reviews/national', text: 'Back to national reviews' },
    });

  app.get('/reviews/national/new', { config: { permission: 'national-reviews:manage' } }, (_request, reply) =>
    nationalForm(reply, {}),
  );
  app.post(
    '/reviews/national',
    {
      config: {
        permission: 'national-reviews:manage',
        audit: { action: 'create', recordType: 'national-review' },
      },
    },
    async (request, reply) => {
      const values = (request.body ?? {}) as Record<string, unknown>;
      const parsed = parseForm(nationalInput, values);
      const result = parsed.ok ? await reviews.createNational(request.auditWriter, parsed.value) : parsed;
      if (!result.ok) {
        reply.code(400);
        return nationalForm(reply, values, result.errors);
      }
      return reply.redirect(`/reviews/national/${result.value.id}`, 303);
    },
  );

  const nationalPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: Record<string, unknown> = {},
    errors?: FormErrors,
  ) => {
    const found = await reviews.nationalReview(id);
    if (!found) throw new NotFoundError();
    return reply.page('reviews/views/national.njk', {
      title: found.review.title,
      ...found,
      kinds: NATIONAL_KINDS,
      decisions: NATIONAL_DECISIONS,
      canManage: request.permissions.allows('national-reviews:manage'),
      values,
      errors,
    });
  };

  app.get('/reviews/national/:id', { config: { permission: 'national-reviews:view' } }, (request, reply) =>
    nationalPage(request, reply, numericId(request.params)),
  );

  app.post(
    '/reviews/national/:id/recommendations',
    {
      config: {
        permission: 'national-reviews:manage',
        audit: { action: 'update', recordType: 'national-review' },
      },
    },
    async (request, reply) => {
      const id = numericId(request.params);
      if (!(await reviews.nationalReview(id))) throw new NotFoundError();
      const values = (request.body ?? {}) as Record<string, unknown>;
      const parsed = parseForm(recommendationInput, values);
      const result = parsed.ok
        ? await reviews.addNationalRecommendation(request.auditWriter, id, parsed.value.text)
        : parsed;
      if (!result.ok) {
        reply.code(400);
        return nationalPage(request, reply, id, values, result.errors);
      }
      return reply.redirect(`/reviews/national/${id}#recommendations`, 303);
    },
  );

  const decisionFields: Field[] = [
    {
      kind: 'radios',
      name: 'decision',
      label: 'The partnership’s decision',
      items: options(NATIONAL_DECISIONS),
    },
    { kind: 'textarea', name: 'decisionReason', label: 'Why' },
    dateField('decidedOn', 'Date decided'),
  ];
  const decisionForm = async (
    reply: FastifyReply,
    recId: number,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) => {
    const rec = await reviews.recommendation(recId);
    if (!rec?.nationalReviewId) throw new NotFoundError();
    return reply.page('reviews/views/form.njk', {
      title: `Decide on recommendation ${rec.number}`,
      intro: rec.text,
      fields: withValues(decisionFields, values),
      values,
      errors,
      action: `/reviews/national/recommendations/${recId}/decision`,
      back: { href: `/reviews/national/${rec.nationalReviewId}`, text: 'Back to the national review' },
    });
  };
  app.get(
    '/reviews/national/recommendations/:id/decision',
    { config: { permission: 'national-reviews:manage' } },
    async (request, reply) => {
      const id = numericId(request.params);
      const rec = await reviews.recommendation(id);
      return decisionForm(reply, id, {
        decision: rec?.decision ?? '',
        decisionReason: rec?.decisionReason ?? '',
        decidedOn: rec?.decidedOn ?? '',
      });
    },
  );
  app.post(
    '/reviews/national/recommendations/:id/decision',
    {
      config: {
        permission: 'national-reviews:manage',
        audit: { action: 'update', recordType: 'national-review' },
      },
    },
    async (request, reply) => {
      const id = numericId(request.params);
      const values = (request.body ?? {}) as Record<string, unknown>;
      const parsed = parseForm(nationalDecisionInput, values);
      const result = parsed.ok ? await reviews.decideNational(request.auditWriter, id, parsed.value) : parsed;
      if (!result.ok) {
        reply.code(400);
        return decisionForm(reply, id, values, result.errors);
      }
      return reply.redirect(`/reviews/national/${result.value}#recommendations`, 303);
    },
  );
}
