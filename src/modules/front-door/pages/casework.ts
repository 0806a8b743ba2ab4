/**
 * After the decision: strategy discussions (quorate or not, minutes shared with each agency,
 * actions), the section 47 outcome, the initial conference and its clock, the plan, its reviews
 * and its end; and every clock that is overdue or falls due soon.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../../platform/http/errors.ts';
import type { FormErrors } from '../../../platform/http/forms.ts';
import { handleForm, numericId } from '../../../platform/http/route-helpers.ts';
import { missingForQuorum } from '../rules.ts';
import {
  ACTION_SLOTS,
  AGENCIES,
  ATTENDEE_SLOTS,
  PLAN_CATEGORIES,
  SECTION47_OUTCOMES,
  STRATEGY_DECISIONS,
  icpcInput,
  minutesInput,
  planEndInput,
  reviewInput,
  section47Input,
  strategyDiscussionInput,
} from '../schema.ts';
import { type FrontDoorServices, loadReferral, radioItems } from './shared.ts';

const childQuery = z.object({ child: z.uuid().optional().catch(undefined) });

export function caseworkPages(app: FastifyInstance, services: FrontDoorServices) {
  const { frontDoor } = services;

  const newDiscussionPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) => {
    const { referral, children } = await loadReferral(request, services, id, 'front-door:casework');
    const childId =
      (values.childId as string | undefined) ??
      childQuery.parse(request.query ?? {}).child ??
      children[0]?.childId;
    const child = children.find((c) => c.childId === childId);
    if (!child) throw new NotFoundError();
    if (!errors) await request.audit(services.db, { recordId: id, childId: child.childId });
    return reply.page('front-door/views/strategy-form.njk', {
      title: 'Record a strategy discussion',
      referral,
      child,
      values,
      errors,
      attendeeSlots: ATTENDEE_SLOTS.map((a) => ({ key: a, label: AGENCIES[a] })),
      actionSlots: ACTION_SLOTS,
      organisations: await frontDoor.organisations(),
      decisions: radioItems(STRATEGY_DECISIONS, values.decision),
      agencies: AGENCIES,
    });
  };

  app.get(
    '/front-door/referrals/:id/strategy-discussions/new',
    { config: { permission: 'front-door:casework', audit: { action: 'view', recordType: 'referral' } } },
    async (request, reply) => newDiscussionPage(request, reply, numericId(request.params), {}),
  );

  app.post(
    '/front-door/referrals/:id/strategy-discussions',
    {
      config: {
        permission: 'front-door:casework',
        audit: { action: 'create', recordType: 'strategy-discussion' },
      },
    },
    async (request, reply) => {
      const id = numericId(request.params);
      const { referral, children } = await loadReferral(request, services, id, 'front-door:casework');
      const body = (request.body ?? {}) as Record<string, unknown>;
      const child = children.find((c) => c.childId === body.childId);
      if (!child) throw new NotFoundError();
      return handleForm(reply, strategyDiscussionInput, body, {
        save: (input) =>
          frontDoor.recordStrategyDiscussion(
            request.auditWriter,
            request.user!.id,
            { referralId: id, childId: child.childId, districtId: referral.districtId },
            input as never,
          ),
        showForm: (errors, values) => newDiscussionPage(request, reply, id, values, errors),
        redirectTo: (discussionId) => `/front-door/strategy-discussions/${discussionId}`,
      });
    },
  );

  const discussionPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    forms: { form?: string; values?: Record<string, unknown>; errors?: FormErrors } = {},
  ) => {
    const found = await frontDoor.strategyDiscussion(id);
    if (!found) throw new NotFoundError();
    if (!forms.errors) await request.audit(services.db, { recordId: id, childId: found.discussion.childId });
    const children = found.referral ? await frontDoor.referralChildren(found.referral.id) : [];
    const child = children.find((c) => c.childId === found.discussion.childId);
    const agencies = found.attendees.map((a) => a.agency);
    const values = forms.values ?? {};
    return reply.page('front-door/views/strategy.njk', {
      title: `Strategy discussion ${id}`,
      ...found,
      child,
      missing: missingForQuorum(agencies).map((a) => AGENCIES[a]),
      agencyLabels: AGENCIES,
      decisionLabels: STRATEGY_DECISIONS,
      s47Labels: SECTION47_OUTCOMES,
      categoryLabels: PLAN_CATEGORIES,
      minutesAgencies: found.attendees
        .filter((a) => !a.minutesSharedOn)
        .map((a) => ({ value: a.agency, text: AGENCIES[a.agency], checked: values.agency === a.agency })),
      s47Outcomes: radioItems(SECTION47_OUTCOMES, values.outcome),
      categories: radioItems(PLAN_CATEGORIES, values.category),
      icpcOutcomes: radioItems({ cp_plan: 'A child protection plan', no_plan: 'No plan' }, values.outcome),
      reviewOutcomes: radioItems(
        { continue: 'The plan continues', end: 'The plan should end' },
        values.outcome,
      ),
      yesNo: radioItems({ yes: 'Yes', no: 'No' }, values.quorate),
      form: forms.form,
      values,
      errors: forms.errors,
      flash: (request.query as { saved?: string }).saved ? 'Saved' : undefined,
    });
  };

  app.get(
    '/front-door/strategy-discussions/:id',
    {
      config: {
        permission: 'front-door:casework',
        audit: { action: 'view', recordType: 'strategy-discussion' },
      },
    },
    async (request, reply) => discussionPage(request, reply, numericId(request.params)),
  );

  const post = <S extends z.ZodType>(
    path: string,
    action: string,
    schema: S,
    save: (
      request: FastifyRequest,
      id: number,
      input: z.infer<S>,
    ) => Promise<{ ok: true; value: number } | { ok: false; errors: FormErrors }>,
    form: string,
  ) =>
    app.post(
      path,
      { config: { permission: 'front-door:casework', audit: { action, recordType: 'strategy-discussion' } } },
      async (request, reply) => {
        const id = numericId(request.params);
        return handleForm(reply, schema, request.body, {
          save: (input) => save(request, id, input),
          showForm: async (errors, values) => {
            const discussionId =
              form === 'review' || form === 'end' ? (await frontDoor.plan(id))?.strategyDiscussionId : id;
            if (!discussionId) throw new NotFoundError();
            return discussionPage(request, reply, discussionId, { form, values, errors });
          },
          redirectTo: (discussionId) => `/front-door/strategy-discussions/${discussionId}?saved=1`,
        });
      },
    );

  post(
    '/front-door/strategy-discussions/:id/minutes',
    'share-minutes',
    minutesInput,
    (request, id, input) => frontDoor.shareMinutes(request.auditWriter, id, input.agency, input.sharedOn),
    'minutes',
  );
  post(
    '/front-door/strategy-discussions/:id/section47',
    'section47-outcome',
    section47Input,
    (request, id, input) => frontDoor.recordSection47Outcome(request.auditWriter, id, input),
    'section47',
  );
  post(
    '/front-door/strategy-discussions/:id/icpc',
    'icpc',
    icpcInput,
    (request, id, input) => frontDoor.recordIcpc(request.auditWriter, id, input),
    'icpc',
  );
  post(
    '/front-door/plans/:id/reviews',
    'review',
    reviewInput,
    (request, id, input) => frontDoor.recordReview(request.auditWriter, id, input),
    'review',
  );
  post(
    '/front-door/plans/:id/end',
    'end',
    planEndInput,
    (request, id, input) => frontDoor.endPlan(request.auditWriter, id, input),
    'end',
  );

  app.get(
    '/front-door/clocks',
    {
      config: {
        permission: 'front-door:casework',
        audit: { action: 'list', recordType: 'front-door-clock' },
      },
    },
    async (request, reply) => {
      const clocks = await frontDoor.clocks();
      await request.audit(services.db, [
        ...clocks.decisions.map((d) => ({ action: 'list', recordType: 'referral', recordId: d.id })),
        ...clocks.assessments.map((a) => ({
          action: 'list',
          recordType: 'assessment',
          recordId: a.id,
          childId: a.childId,
        })),
        ...clocks.icpcs.map((a) => ({
          action: 'list',
          recordType: 'strategy-discussion',
          recordId: a.id,
          childId: a.childId,
        })),
        ...clocks.reviews.map((a) => ({
          action: 'list',
          recordType: 'cp-plan',
          recordId: a.id,
          childId: a.childId,
        })),
      ]);
      return reply.page('front-door/views/clocks.njk', {
        title: 'Clocks: overdue and due soon',
        ...clocks,
        categoryLabels: PLAN_CATEGORIES,
      });
    },
  );
}
