/**
 * A notice's pages: its recipients' list, the notice itself (read, audited; acknowledged by its
 * recipients), and, for the coordinator, sending a queued one on by hand from the same page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../../platform/http/errors.ts';
import { type FormErrors, formError } from '../../../platform/http/forms.ts';
import { handleForm, selectOptions, uuidId } from '../../../platform/http/route-helpers.ts';
import { noticeScope } from '../policy.ts';
import type { EncompassServices } from '../page-services.ts';
import { deadlineWording } from '../emails.ts';
import {
  ACTIONS,
  FEEDBACK,
  PRESENCE,
  RISK_LEVELS,
  acknowledgementInput,
  actionsInWords,
  manualRoutingInput,
} from '../schema.ts';
import { allows } from '../workflow.ts';
import { auditListed, noticeFacts } from './shared.ts';
import * as clock from '../../../platform/clock.ts';

export function noticePages(app: FastifyInstance, services: EncompassServices) {
  const { encompass } = services;

  app.get(
    '/encompass/notices',
    {
      config: { permission: 'encompass:notices', audit: { action: 'list', recordType: 'encompass-notice' } },
    },
    async (request, reply) => {
      const filter = noticeScope(request.permissions.listScope('encompass:notices'));
      const notices = await encompass.notices({ ...filter, statuses: ['sent', 'acknowledged'] });
      await auditListed(request, services, notices);
      return reply.page('encompass/views/notices.njk', {
        title: 'Operation Encompass notices',
        notices,
        now: clock.now(),
        // A team's list speaks of working days; a setting's of its school day.
        deadline: deadlineWording('teamId' in filter ? 'team' : 'setting'),
      });
    },
  );

  /**
   * For a child the police named but the index did not match: every child who might be them,
   * with the probability and what agrees, before the coordinator decides where the notice goes.
   * Each child listed is an entry in the audit log.
   */
  const candidatesFor = async (request: FastifyRequest, noticeId: string) => {
    const identity = await encompass.noticeChildIdentity(noticeId);
    if (!identity) return [];
    const candidates = await services.children.candidatesFor({
      givenName: identity.givenName,
      familyName: identity.familyName,
      dateOfBirth: identity.dateOfBirth,
      address: identity.address,
      postcode: identity.postcode,
      nhsNumber: identity.nhsNumber,
    });
    await request.audit(
      services.db,
      candidates.map((c) => ({
        action: 'candidate',
        recordType: 'child',
        recordId: c.child.id,
        childId: c.child.id,
        reason: `notice ${noticeId}`,
      })),
    );
    return candidates.map((c) => ({
      ...c,
      why: c.explanation.contributions
        .filter((x) => x.level !== null)
        .map((x) => `${x.label}: ${x.levelLabel}`)
        .join('; '),
    }));
  };

  /** The coordinator's form to send a queued notice on: where to, and the teams it could go to. */
  const routingChoices = async (values: Record<string, unknown> = {}) => {
    const teams = await encompass.routingTeams();
    return {
      canRoute: true,
      routeValues: values,
      recipients: [
        { value: 'setting', text: 'A setting (its Key Adults)', checked: values.recipient === 'setting' },
        {
          value: 'health_visiting',
          text: 'A health visiting team',
          checked: values.recipient === 'health_visiting',
        },
        {
          value: 'family_front_door',
          text: 'The Family Front Door',
          checked: values.recipient === 'family_front_door',
        },
      ],
      teams: [
        { value: '', text: 'Select a team' },
        ...teams.map((t) => ({ value: t.code, text: t.name, selected: t.code === values.teamCode })),
      ],
    };
  };

  /**
   * The notice page, opened by its recipient (the view is audited): the same page after a form
   * on it was refused, with the values and errors of that form. What it offers (acknowledging,
   * sending on) is what the workflow table allows in the notice's state and the policy allows the user.
   */
  const noticePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    incidentId: string,
    extra: {
      flash?: string | undefined;
      values?: Record<string, unknown>;
      routeValues?: Record<string, unknown>;
      errors?: FormErrors;
    },
  ) => {
    // Its recipients (the Key Adults, the team) may acknowledge it; the coordinator may not.
    const notice = await encompass.viewNotice(request.auditWriter, id, (n) =>
      request.permissions.can('notice:acknowledge', noticeFacts(n)),
    );
    if (!notice) throw new NotFoundError();
    const values = extra.values ?? {};
    return reply.page('encompass/views/notice.njk', {
      title: `Notice: ${notice.givenName} ${notice.familyName}`,
      notice,
      amendments: await encompass.amendments(incidentId, notice.encompassChildId),
      presenceLabel: PRESENCE[notice.presence as keyof typeof PRESENCE],
      // As it stood when opened: this opening clears it for next time.
      readAgain:
        Boolean(notice.readAgainSince) && request.permissions.can('notice:acknowledge', noticeFacts(notice)),
      riskLabel: RISK_LEVELS[notice.riskLevel as keyof typeof RISK_LEVELS],
      deadline: deadlineWording(notice.recipient),
      actionLabel: notice.action ? actionsInWords(notice.action).join(', ') : undefined,
      canAcknowledge:
        allows(notice.status, 'acknowledge') &&
        request.permissions.can('notice:acknowledge', noticeFacts(notice)),
      ...(allows(notice.status, 'sendOnByHand') && request.permissions.allows('encompass:coordinate')
        ? {
            ...(await routingChoices(extra.routeValues)),
            candidates: notice.childId ? null : await candidatesFor(request, id),
          }
        : {}),
      // Ticked again when the form comes back with an error.
      actions: Object.entries(ACTIONS).map(([value, text]) => ({
        value,
        text,
        checked: ([] as unknown[]).concat(values.action ?? []).includes(value),
      })),
      feedback: [{ value: '', text: 'No feedback' }, ...selectOptions(FEEDBACK, values.feedback)],
      values,
      errors: extra.errors,
      flash: extra.flash,
    });
  };

  app.get(
    '/encompass/notices/:id',
    { config: { permission: 'notice:view', audit: { action: 'view', recordType: 'encompass-notice' } } },
    async (request, reply) => {
      const id = uuidId(request.params);
      const summary = await encompass.noticeSummary(id);
      await request.authorise('notice:view', summary ? noticeFacts(summary) : {}, {
        type: 'encompass-notice',
        id,
        ...(summary?.childId ? { childId: summary.childId } : {}),
      });
      if (!summary) throw new NotFoundError();
      const query = request.query as { acknowledged?: string; routed?: string };
      return noticePage(request, reply, id, summary.incidentId, {
        flash: query.acknowledged
          ? 'Notice acknowledged'
          : query.routed
            ? 'Notice sent on: its recipient has been told'
            : undefined,
      });
    },
  );

  app.post(
    '/encompass/notices/:id/acknowledge',
    {
      config: {
        permission: 'notice:acknowledge',
        audit: { action: 'acknowledge', recordType: 'encompass-notice' },
      },
    },
    async (request, reply) => {
      const id = uuidId(request.params);
      const summary = await encompass.noticeSummary(id);
      await request.authorise('notice:acknowledge', summary ? noticeFacts(summary) : {}, {
        type: 'encompass-notice',
        id,
      });
      if (!summary) throw new NotFoundError();
      return handleForm(reply, acknowledgementInput, request.body, {
        async save(acknowledgement) {
          await encompass.acknowledge(request.auditWriter, id, request.user!.id, acknowledgement);
          return { ok: true, value: id };
        },
        showForm: (errors, values) => noticePage(request, reply, id, summary.incidentId, { values, errors }),
        redirectTo: (noticeId) => `/encompass/notices/${noticeId}?acknowledged=1`,
      });
    },
  );

  // The coordinator sends a queued notice on, from the notice's page.
  app.post(
    '/encompass/notices/:id/route',
    {
      config: {
        permission: 'encompass:coordinate',
        audit: { action: 'route', recordType: 'encompass-notice' },
      },
    },
    async (request, reply) => {
      const id = uuidId(request.params);
      const summary = await encompass.noticeSummary(id);
      if (!summary) throw new NotFoundError();
      return handleForm(reply, manualRoutingInput, request.body, {
        async save(routing) {
          const result = await encompass.routeByHand(request.auditWriter, id, routing);
          return result.ok
            ? { ok: true, value: id }
            : { ok: false, errors: formError(result.field, result.message) };
        },
        showForm: (errors, values) =>
          noticePage(request, reply, id, summary.incidentId, { routeValues: values, errors }),
        redirectTo: (noticeId) => `/encompass/notices/${noticeId}?routed=1`,
      });
    },
  );
}
