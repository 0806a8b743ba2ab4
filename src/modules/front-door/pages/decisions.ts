/**
 * A referral's page (for everyone who may see it: status, feedback, and for the front door what
 * followed), the front door's inbox with its clock, and the threshold decision with feedback on a
 * referral or on an Operation Encompass notice.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../../platform/http/errors.ts';
import type { FormErrors } from '../../../platform/http/forms.ts';
import { handleForm, numericId, uuidId } from '../../../platform/http/route-helpers.ts';
import { decisionDueOn } from '../rules.ts';
import {
  AGENCY_TYPES,
  ASSESSMENT_OUTCOMES,
  CONSENT,
  DECISIONS,
  LEVELS_OF_NEED,
  URGENCY,
  assessmentInput,
  decisionInput,
} from '../schema.ts';
import { type FrontDoorServices, loadReferral, radioItems, todayInLondon } from './shared.ts';

export function decisionPages(app: FastifyInstance, services: FrontDoorServices) {
  const { frontDoor } = services;

  app.get(
    '/front-door/referrals/:id',
    { config: { permission: 'front-door:referral', audit: { action: 'view', recordType: 'referral' } } },
    async (request, reply) => {
      const id = numericId(request.params);
      // The front door sees every referral; a referrer only their own and their place's.
      const casework = request.permissions.allows('front-door:casework');
      const { referral, children } = await loadReferral(
        request,
        services,
        id,
        casework ? 'front-door:casework' : 'referral:view',
      );
      const [place, assessments, discussions] = await Promise.all([
        frontDoor.referralPlaceNames(referral),
        casework ? frontDoor.assessmentsOfReferral(id) : [],
        casework ? frontDoor.strategyDiscussionsOfReferral(id) : [],
      ]);
      await request.audit(
        services.db,
        children.map((c) => ({ action: 'view', recordType: 'referral', recordId: id, childId: c.childId })),
      );
      const query = request.query as { submitted?: string; decided?: string };
      return reply.page('front-door/views/referral.njk', {
        title: `Referral ${id}`,
        referral,
        children,
        place,
        assessments,
        discussions,
        casework,
        canDecide: referral.status === 'submitted' && request.permissions.allows('referral:decide'),
        // A draft is its referrer's to continue.
        canEdit: referral.status === 'draft' && referral.referrerUserId === request.user!.id,
        // Made by the GET SAFE team's triage: the concern's number, linked for those who may open it.
        fromGetSafe: referral.getSafeConcernId
          ? { id: referral.getSafeConcernId, canOpen: request.permissions.allows('concern:view') }
          : null,
        labels: {
          decisions: DECISIONS,
          consent: CONSENT,
          urgency: URGENCY,
          levels: LEVELS_OF_NEED,
          agencyTypes: AGENCY_TYPES,
          assessmentOutcomes: ASSESSMENT_OUTCOMES,
        },
        assessmentOutcomes: radioItems(ASSESSMENT_OUTCOMES, undefined),
        today: todayInLondon(),
        flash: query.submitted
          ? 'Referral submitted: the Family Front Door will decide by the end of the next working day'
          : query.decided
            ? 'Decision recorded and feedback sent'
            : undefined,
      });
    },
  );

  app.get(
    '/front-door/inbox',
    { config: { permission: 'front-door:inbox', audit: { action: 'list', recordType: 'referral' } } },
    async (request, reply) => {
      const items = await frontDoor.inbox();
      await request.audit(
        services.db,
        items.map((i) => ({
          action: 'list',
          recordType: i.kind === 'referral' ? 'referral' : 'encompass-notice',
          recordId: i.id,
        })),
      );
      return reply.page('front-door/views/inbox.njk', { title: 'Front door inbox', items, urgency: URGENCY });
    },
  );

  const decisionItems = (values: Record<string, unknown>) => ({
    decisions: radioItems(DECISIONS, values.decision),
    levels: Object.entries(LEVELS_OF_NEED).map(([value, l]) => ({
      value,
      text: l.title,
      hint: { text: l.summary },
      checked: String(values.decidedLevelOfNeed ?? '') === value,
    })),
  });

  const decisionPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) => {
    const { referral, children } = await loadReferral(request, services, id, 'referral:decide');
    if (!errors)
      await request.audit(
        services.db,
        children.map((c) => ({ action: 'view', recordType: 'referral', recordId: id, childId: c.childId })),
      );
    // Decided already (or still a draft): nothing to decide; the referral's page says what happened.
    if (referral.status !== 'submitted') return reply.redirect(`/front-door/referrals/${id}`, 303);
    const addresses = await frontDoor.feedbackAddresses(referral);
    return reply.page('front-door/views/decision.njk', {
      title: `Decide on referral ${id}`,
      action: `/front-door/referrals/${id}/decision`,
      referral,
      children,
      values,
      errors,
      labels: { consent: CONSENT, urgency: URGENCY, levels: LEVELS_OF_NEED },
      ...decisionItems(values),
      recipients: [
        {
          value: 'referrer',
          text: `The referrer, ${referral.referrerName}`,
          hint: { text: addresses.referrer ?? 'No email address: in the portal only' },
          checked: values.feedbackRecipient === 'referrer',
        },
        ...(addresses.safeguardingLead
          ? [
              {
                value: 'safeguarding_lead',
                text: 'Their organisation’s safeguarding lead',
                hint: { text: addresses.safeguardingLead },
                checked: values.feedbackRecipient === 'safeguarding_lead',
              },
            ]
          : []),
      ],
    });
  };

  app.get(
    '/front-door/referrals/:id/decision',
    { config: { permission: 'referral:decide', audit: { action: 'view', recordType: 'referral' } } },
    async (request, reply) => decisionPage(request, reply, numericId(request.params), {}),
  );

  app.post(
    '/front-door/referrals/:id/decision',
    { config: { permission: 'referral:decide', audit: { action: 'decide', recordType: 'referral' } } },
    async (request, reply) => {
      const id = numericId(request.params);
      await loadReferral(request, services, id, 'referral:decide');
      return handleForm(reply, decisionInput, request.body, {
        save: (input) => frontDoor.decide(request.auditWriter, id, request.user!.id, input),
        showForm: (errors, values) => decisionPage(request, reply, id, values, errors),
        redirectTo: () => `/front-door/referrals/${id}?decided=1`,
      });
    },
  );

  const noticePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) => {
    const notice = await frontDoor.notice(id);
    if (!notice) throw new NotFoundError();
    if (!errors)
      await request.audit(services.db, {
        recordId: id,
        ...(notice.childId ? { childId: notice.childId } : {}),
      });
    const decided = await frontDoor.referralOfNotice(id);
    if (decided) return reply.redirect(`/front-door/referrals/${decided.id}`, 303);
    return reply.page('front-door/views/notice.njk', {
      title: `Operation Encompass notice ${notice.policeReference}`,
      action: `/front-door/notices/${id}/decision`,
      notice,
      dueOn: decisionDueOn(services.calendar, notice.receivedAt),
      values,
      errors,
      ...decisionItems(values),
      recipients: [
        {
          value: 'referrer',
          text: `The police (${notice.officerName}), in the portal`,
          checked: values.feedbackRecipient === 'referrer',
        },
      ],
    });
  };

  app.get(
    '/front-door/notices/:id',
    { config: { permission: 'front-door:inbox', audit: { action: 'view', recordType: 'encompass-notice' } } },
    async (request, reply) => noticePage(request, reply, uuidId(request.params), {}),
  );

  app.post(
    '/front-door/notices/:id/decision',
    { config: { permission: 'referral:decide', audit: { action: 'decide', recordType: 'referral' } } },
    async (request, reply) => {
      const id = uuidId(request.params);
      if (!(await frontDoor.notice(id))) throw new NotFoundError();
      return handleForm(reply, decisionInput, request.body, {
        save: (input) =>
          frontDoor.decideNotice(request.auditWriter, request.auditActor, id, request.user!.id, input),
        showForm: (errors, values) => noticePage(request, reply, id, values, errors),
        redirectTo: (referralId) => `/front-door/referrals/${referralId}?decided=1`,
      });
    },
  );

  app.post(
    '/front-door/assessments/:id/authorise',
    {
      config: { permission: 'front-door:casework', audit: { action: 'authorise', recordType: 'assessment' } },
    },
    async (request, reply) => {
      const id = numericId(request.params);
      const a = await frontDoor.assessment(id);
      if (!a) throw new NotFoundError();
      return handleForm(reply, assessmentInput, request.body, {
        save: (input) => frontDoor.authoriseAssessment(request.auditWriter, id, input),
        showForm: async (errors, values) => {
          const { referral, children } = await loadReferral(
            request,
            services,
            a.referralId,
            'front-door:casework',
          );
          return reply.page('front-door/views/referral.njk', {
            title: `Referral ${referral.id}`,
            referral,
            children,
            place: await frontDoor.referralPlaceNames(referral),
            assessments: await frontDoor.assessmentsOfReferral(referral.id),
            discussions: await frontDoor.strategyDiscussionsOfReferral(referral.id),
            casework: true,
            labels: {
              decisions: DECISIONS,
              consent: CONSENT,
              urgency: URGENCY,
              levels: LEVELS_OF_NEED,
              agencyTypes: AGENCY_TYPES,
              assessmentOutcomes: ASSESSMENT_OUTCOMES,
            },
            assessmentOutcomes: radioItems(ASSESSMENT_OUTCOMES, values.outcome),
            assessmentErrorsFor: id,
            values,
            errors,
            today: todayInLondon(),
          });
        },
        redirectTo: (referralId) => `/front-door/referrals/${referralId}`,
      });
    },
  );
}
