/**
 * A notice's pages: its recipients' list, the notice itself (read, audited; acknowledged by its
 * recipients), and, for the coordinator, sending a queued one on by hand from the same page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../../platform/http/errors.ts';
import { type FormErrors, formError } from '../../../platform/http/forms.ts';
import { handleForm, pagination, selectOptions, uuidId } from '../../../platform/http/route-helpers.ts';
import {
  LIST_PAGE_SIZE,
  NOTICE_STATUS_FILTERS,
  RECIPIENT_FILTERS,
  daysOf,
  filterOptions,
  filterQuery,
  listHref,
  noticeListQuery,
  pageOf,
  readListQuery,
} from '../lists.ts';
import type { NoticeStatus } from '../tables.ts';
import { noticeScope } from '../policy.ts';
import type { EncompassServices } from '../page-services.ts';
import { readableMoment } from './journey.ts';
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
      const scope = noticeScope(request.permissions.listScope('encompass:notices'));
      // The coordinator sees every notice; a recipient, those sent to them (as before: sent and acknowledged).
      const seesEvery = request.permissions.allows('encompass:coordinate');
      const statusChoices = seesEvery
        ? NOTICE_STATUS_FILTERS
        : { sent: NOTICE_STATUS_FILTERS.sent, acknowledged: NOTICE_STATUS_FILTERS.acknowledged };
      const now = clock.now();
      const common = {
        title: 'Operation Encompass notices',
        now,
        seesEvery,
        // A team's list speaks of working days; a setting's of its school day.
        deadline: deadlineWording('teamId' in scope ? 'team' : 'setting'),
      };
      const read = readListQuery(noticeListQuery, request.query);
      const raw = (request.query ?? {}) as Record<string, unknown>;
      if (!read.ok) {
        reply.code(400);
        return reply.page('encompass/views/notices.njk', {
          // Times as the Design System writes them: 6 December 2026 at 10:30pm.
          when: readableMoment,
          ...common,
          errors: read.errors,
          values: raw,
          statuses: filterOptions(statusChoices, raw.status),
          recipients: filterOptions(RECIPIENT_FILTERS, raw.recipient),
          notices: [],
        });
      }
      const filters = read.filters;
      const recipientStatuses: NoticeStatus[] = ['sent', 'acknowledged'];
      const everyStatus: NoticeStatus[] = ['sent', 'acknowledged', 'queued', 'withdrawn'];
      const statuses = seesEvery
        ? filters.status === 'all'
          ? everyStatus
          : filters.status
            ? [filters.status]
            : everyStatus.filter((s) => s !== 'withdrawn')
        : // A status a recipient's list never holds (held, withdrawn, any) is no filter for them.
          recipientStatuses.filter(
            (s) =>
              !filters.status ||
              !(recipientStatuses as string[]).includes(filters.status) ||
              s === filters.status,
          );
      const found = await encompass.noticeList({
        scope,
        statuses,
        search: filters.q,
        recipient: seesEvery ? filters.recipient : undefined,
        overdueAt: filters.overdue ? now : undefined,
        acknowledgedOnTime: filters.onTime === 'yes',
        occurred: daysOf(filters.from, filters.to),
        recorded: daysOf(filters.recordedFrom, filters.recordedTo),
        offset: (filters.page - 1) * LIST_PAGE_SIZE,
        limit: LIST_PAGE_SIZE,
      });
      const total = found.total;
      const paging = pageOf(filters.page, total);
      const rows = paging.beyondLast ? [] : found.rows;
      await auditListed(request, services, rows);
      const href = (page: number) => listHref('/encompass/notices', filters, page);
      return reply.page('encompass/views/notices.njk', {
        // Times as the Design System writes them: 6 December 2026 at 10:30pm.
        when: readableMoment,
        ...common,
        notices: rows,
        total,
        page: filters.page,
        pages: paging.pages,
        beyondLast: paging.beyondLast,
        pagination: pagination(Math.min(filters.page, paging.pages), paging.pages, href),
        firstPageHref: href(1),
        filtered: filterQuery(filters).toString() !== '',
        values: filters,
        statuses: filterOptions(statusChoices, filters.status),
        recipients: filterOptions(RECIPIENT_FILTERS, filters.recipient),
        recordedPeriod:
          filters.recordedFrom || filters.recordedTo
            ? { from: filters.recordedFrom, to: filters.recordedTo }
            : undefined,
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

  /** The incident's other children (each named is an entry in the audit log). */
  const siblingsOf = async (request: FastifyRequest, incidentId: string, noticeId: string) => {
    const others = (await encompass.incident(incidentId))?.notices.filter((n) => n.id !== noticeId) ?? [];
    await auditListed(request, services, others);
    return others;
  };

  /** The coordinator's form to send a queued notice on: where to, and the teams it could go to. */
  const routingChoices = async (values: Record<string, unknown> = {}) => {
    const [teams, settings] = await Promise.all([encompass.routingTeams(), encompass.settingsByName()]);
    return {
      // A GOV.UK select of settings by name (with the URN to tell two of a name apart), which
      // accessible-autocomplete turns into a type-ahead where JavaScript runs.
      settings: [
        { value: '', text: '' },
        ...settings.map((s) => ({
          value: s.urn,
          text: `${s.name} (URN ${s.urn})`,
          selected: s.urn === values.settingUrn,
        })),
      ],
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
      // Times as the Design System writes them: 6 December 2026 at 10:30pm.
      when: readableMoment,
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
            // The other children the officer named on the incident, each with their own notice.
            siblings: await siblingsOf(request, incidentId, id),
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

  // The notice to print: the same reading, audited, on a page with nothing but the notice.
  app.get(
    '/encompass/notices/:id/print',
    { config: { permission: 'notice:view', audit: { action: 'print', recordType: 'encompass-notice' } } },
    async (request, reply) => {
      const id = uuidId(request.params);
      const summary = await encompass.noticeSummary(id);
      await request.authorise('notice:view', summary ? noticeFacts(summary) : {}, {
        type: 'encompass-notice',
        id,
        ...(summary?.childId ? { childId: summary.childId } : {}),
      });
      if (!summary) throw new NotFoundError();
      const notice = await encompass.viewNotice(request.auditWriter, id, (n) =>
        request.permissions.can('notice:acknowledge', noticeFacts(n)),
      );
      if (!notice) throw new NotFoundError();
      return reply.page('encompass/views/notice-print.njk', {
        // Times as the Design System writes them: 6 December 2026 at 10:30pm.
        when: readableMoment,
        title: `Notice: ${notice.givenName} ${notice.familyName}`,
        notice,
        amendments: await encompass.amendments(summary.incidentId, notice.encompassChildId),
        presenceLabel: PRESENCE[notice.presence as keyof typeof PRESENCE],
        riskLabel: RISK_LEVELS[notice.riskLevel as keyof typeof RISK_LEVELS],
        deadline: deadlineWording(notice.recipient),
        actionLabel: notice.action ? actionsInWords(notice.action).join(', ') : undefined,
        printedAt: clock.now(),
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
