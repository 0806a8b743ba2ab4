/** The police's pages: record an incident, their force's incidents, amend one, withdraw a notice sent to the wrong place. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatLondon, londonWallClock } from '../../../platform/calendar/index.ts';
import { NotFoundError } from '../../../platform/http/errors.ts';
import { type FormErrors, formError, noErrors } from '../../../platform/http/forms.ts';
import { handleForm, pagination, selectOptions, uuidId } from '../../../platform/http/route-helpers.ts';
import * as clock from '../../../platform/clock.ts';
import {
  INCIDENT_STATUS_FILTERS,
  LIST_PAGE_SIZE,
  daysOf,
  filterOptions,
  filterQuery,
  incidentListQuery,
  listHref,
  pageOf,
  readListQuery,
} from '../lists.ts';
import { incidentScope } from '../policy.ts';
import { DATE_PARTS } from '../../../platform/http/fields.ts';
import type { EncompassServices } from '../page-services.ts';
import { readableMoment } from './journey.ts';
import {
  ACTIONS,
  RISK_LEVELS,
  actionsInWords,
  amendmentInput,
  childCorrectionInput,
  withdrawalInput,
} from '../schema.ts';
import { allows } from '../workflow.ts';
import { type DateAnswer, auditListed, readDateBoxes } from './shared.ts';

/** The form's date and time (UK time) as an instant, or undefined when either is not one. */
function occurredAtOf(body: { occurredDate?: unknown; occurredTime?: unknown }): string | undefined {
  const date = typeof body.occurredDate === 'string' ? body.occurredDate.trim() : '';
  const time = typeof body.occurredTime === 'string' ? body.occurredTime.trim() : '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return undefined;
  try {
    return londonWallClock(date, time).toISOString();
  } catch {
    return undefined; // not a real date, or a time the clocks skip
  }
}

/** An instant as the form's date and time fields, in UK time. */
function occurredFields(at: Date): Record<string, string> {
  const london = formatLondon(at); // 2026-11-27T22:30:00+00:00
  return {
    occurredDate: london.slice(0, 10),
    occurredTime: london.slice(11, 16),
  };
}

/** A date input's problem on its field, linked to the box in error (for the error summary). */
function dateErrorFirst(errors: FormErrors, field: string, date: DateAnswer): FormErrors {
  const shown = noErrors();
  if (!date.ok) formError(field, date.message, shown, date.parts);
  for (const entry of errors.summary) {
    const id = entry.href.slice(1);
    const onDate = id === 'occurredAt' || id === field;
    formError(id === 'occurredAt' ? 'occurredDate' : id, entry.text, shown, onDate ? DATE_PARTS : undefined);
  }
  return shown;
}

/** What became of a child's notice when the incident was recorded, as the officer is told it. */
export function outcomeOf(n: {
  givenName: string;
  familyName: string;
  recipient: string;
  status: string;
  routingReason: string;
  settingName: string | null;
  teamName: string | null;
}): string {
  const child = `${n.givenName} ${n.familyName}`;
  if (n.status === 'queued' || n.recipient === 'coordinator')
    return `${child}: held for the Operation Encompass coordinator to match or route by hand (${n.routingReason})`;
  if (n.recipient === 'setting') return `${child}: sent to ${n.settingName ?? 'their setting'}`;
  if (n.recipient === 'health_visiting')
    return `${child}: sent to health visiting (${n.teamName ?? 'the district’s team'})`;
  return `${child}: sent to the Family Front Door`;
}

export function policeIncidentPages(app: FastifyInstance, services: EncompassServices) {
  const { encompass } = services;

  app.get(
    '/encompass/incidents',
    { config: { permission: 'encompass:incidents' } },
    async (request, reply) => {
      const common = {
        title: 'Incidents',
        canRecord: request.permissions.allows('encompass:record'),
        statuses: filterOptions(INCIDENT_STATUS_FILTERS, (request.query as Record<string, unknown>)?.status),
      };
      const read = readListQuery(incidentListQuery, request.query);
      if (!read.ok) {
        reply.code(400);
        return reply.page('encompass/views/incidents.njk', {
          // Times as the Design System writes them: 6 December 2026 at 10:30pm.
          when: readableMoment,
          ...common,
          errors: read.errors,
          values: request.query,
          incidents: [],
        });
      }
      const filters = read.filters;
      const found = await encompass.incidentList({
        organisationId: incidentScope(request.permissions.listScope('encompass:incidents')),
        search: filters.q,
        status: filters.status,
        overdueAt: filters.overdue ? clock.now() : undefined,
        occurred: daysOf(filters.from, filters.to),
        recorded: daysOf(filters.recordedFrom, filters.recordedTo),
        offset: (filters.page - 1) * LIST_PAGE_SIZE,
        limit: LIST_PAGE_SIZE,
      });
      const paging = pageOf(filters.page, found.total);
      const href = (page: number) => listHref('/encompass/incidents', filters, page);
      return reply.page('encompass/views/incidents.njk', {
        // Times as the Design System writes them: 6 December 2026 at 10:30pm.
        when: readableMoment,
        ...common,
        incidents: paging.beyondLast ? [] : found.rows,
        total: found.total,
        page: filters.page,
        pages: paging.pages,
        beyondLast: paging.beyondLast,
        pagination: pagination(Math.min(filters.page, paging.pages), paging.pages, href),
        firstPageHref: href(1),
        filtered: filterQuery(filters).toString() !== '',
        values: filters,
        recordedPeriod:
          filters.recordedFrom || filters.recordedTo
            ? { from: filters.recordedFrom, to: filters.recordedTo }
            : undefined,
      });
    },
  );

  app.get(
    '/encompass/incidents/:id',
    { config: { permission: 'incident:view', audit: { action: 'list', recordType: 'encompass-notice' } } },
    async (request, reply) => {
      const id = uuidId(request.params);
      const found = await encompass.incident(id);
      await request.authorise(
        'incident:view',
        { organisationIds: found ? [found.incident.organisationId] : [] },
        { type: 'encompass-incident', id },
      );
      if (!found) throw new NotFoundError();
      await auditListed(request, services, found.notices);
      const query = request.query as {
        recorded?: string;
        amended?: string;
        withdrawn?: string;
        corrected?: string;
      };
      return reply.page('encompass/views/incident.njk', {
        // Times as the Design System writes them: 6 December 2026 at 10:30pm.
        when: readableMoment,
        title: `Incident ${found.incident.policeReference}`,
        incident: found.incident,
        notices: found.notices.map((n) => ({
          ...n,
          actionWords: actionsInWords(n.action).join(', '),
          canWithdraw: allows(n.status, 'withdraw'),
          canCorrect: allows(n.status, 'correctChild'),
        })),
        riskLabel: RISK_LEVELS[found.incident.riskLevel as keyof typeof RISK_LEVELS],
        actions: ACTIONS,
        canAmend: request.permissions.can('incident:amend', {
          organisationIds: [found.incident.organisationId],
        }),
        amendments: await encompass.amendments(id),
        // After recording: what happened to each child, in words (a held notice was not "sent").
        outcomes: query.recorded ? found.notices.map(outcomeOf) : undefined,
        flash: query.recorded
          ? 'Incident recorded'
          : query.amended
            ? 'Incident amended: the recipients have been told it changed'
            : query.withdrawn
              ? 'Notice withdrawn: its recipient can no longer see it'
              : query.corrected === 'moved'
                ? 'Child’s details corrected: the notice has moved to where the child now belongs, and its old recipient can no longer open it'
                : query.corrected
                  ? 'Child’s details corrected: the notice’s recipient has been told they changed'
                  : undefined,
      });
    },
  );

  /** The incident named in the path, if the user's force recorded it (404 otherwise, audited). */
  const incidentOfForce = async (request: FastifyRequest) => {
    const id = uuidId(request.params);
    const found = await encompass.incident(id);
    await request.authorise(
      'incident:amend',
      { organisationIds: found ? [found.incident.organisationId] : [] },
      { type: 'encompass-incident', id },
    );
    if (!found) throw new NotFoundError();
    return found;
  };

  const amendForm = (
    reply: FastifyReply,
    incident: { id: string; policeReference: string },
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) =>
    reply.page('encompass/views/amend.njk', {
      title: `Amend incident ${incident.policeReference}`,
      incident,
      values,
      errors,
      riskLevels: selectOptions(RISK_LEVELS, values.riskLevel),
    });

  app.get(
    '/encompass/incidents/:id/amend',
    { config: { permission: 'incident:amend' } },
    async (request, reply) => {
      const { incident } = await incidentOfForce(request);
      return amendForm(reply, incident, {
        ...occurredFields(incident.occurredAt),
        place: incident.place,
        circumstances: incident.circumstances,
        riskLevel: incident.riskLevel,
      });
    },
  );

  app.post(
    '/encompass/incidents/:id/amend',
    {
      config: { permission: 'incident:amend', audit: { action: 'amend', recordType: 'encompass-incident' } },
    },
    async (request, reply) => {
      const { incident } = await incidentOfForce(request);
      const values = (request.body ?? {}) as Record<string, unknown>;
      const date = readDateBoxes(values, 'occurredDate', 'Date it happened', 'Enter the date it happened');
      const occurredAt = date.ok
        ? occurredAtOf({ occurredDate: date.value, occurredTime: values.occurredTime })
        : undefined;
      return handleForm(
        reply,
        amendmentInput,
        { ...values, occurredAt: occurredAt ?? 'invalid' },
        {
          async save(amendment) {
            const result = await encompass.amendIncident(
              request.auditWriter,
              incident.id,
              request.user!.id,
              amendment,
            );
            if (!result.ok && result.message)
              return { ok: false, errors: formError(result.field ?? 'occurredDate', result.message) };
            if (result.ok && !result.changed.length) {
              return {
                ok: false,
                errors: formError(
                  'circumstances',
                  'Nothing has changed: change when or where it happened, the circumstances or the risk level, or cancel',
                ),
              };
            }
            return { ok: true, value: incident.id };
          },
          showForm(errors) {
            // The date and time are two fields; their problem is shown at the date (the date
            // input's own message first, when it is not a date).
            if (!date.ok)
              errors = { summary: errors.summary.filter((e) => e.href !== '#occurredAt'), byField: {} };
            return amendForm(reply, incident, values, dateErrorFirst(errors, 'occurredDate', date));
          },
          redirectTo: (id) => `/encompass/incidents/${id}?amended=1`,
        },
      );
    },
  );

  /** The notice named in the path and its incident, if the user's force recorded it (404 otherwise, audited). */
  const noticeOfForce = async (request: FastifyRequest) => {
    const id = uuidId(request.params);
    const summary = await encompass.noticeSummary(id);
    const incident = summary ? await encompass.incident(summary.incidentId) : undefined;
    await request.authorise(
      'incident:amend',
      { organisationIds: incident ? [incident.incident.organisationId] : [] },
      { type: 'encompass-notice', id },
    );
    if (!summary || !incident) throw new NotFoundError();
    return { summary, incident: incident.incident };
  };

  app.get(
    '/encompass/notices/:id/withdraw',
    { config: { permission: 'incident:amend' } },
    async (request, reply) => {
      const { summary, incident } = await noticeOfForce(request);
      return reply.page('encompass/views/withdraw.njk', {
        title: 'Withdraw a notice',
        summary,
        incident,
        values: {},
      });
    },
  );

  app.post(
    '/encompass/notices/:id/withdraw',
    {
      config: { permission: 'incident:amend', audit: { action: 'withdraw', recordType: 'encompass-notice' } },
    },
    async (request, reply) => {
      const { summary, incident } = await noticeOfForce(request);
      return handleForm(reply, withdrawalInput, request.body, {
        async save(withdrawal) {
          await encompass.withdrawNotice(request.auditWriter, summary.id, withdrawal);
          return { ok: true, value: incident.id };
        },
        showForm: (errors, values) =>
          reply.page('encompass/views/withdraw.njk', {
            title: 'Withdraw a notice',
            summary,
            incident,
            values,
            errors,
          }),
        redirectTo: (incidentId) => `/encompass/incidents/${incidentId}?withdrawn=1`,
      });
    },
  );

  const correctForm = (
    reply: FastifyReply,
    found: Awaited<ReturnType<typeof noticeOfForce>>,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) =>
    reply.page('encompass/views/correct-child.njk', {
      title: 'Correct the child’s details',
      summary: found.summary,
      incident: found.incident,
      values,
      errors,
    });

  app.get(
    '/encompass/notices/:id/correct',
    { config: { permission: 'incident:amend' } },
    async (request, reply) => {
      const found = await noticeOfForce(request);
      const identity = await encompass.noticeChildIdentity(found.summary.id);
      return correctForm(reply, found, {
        givenName: identity?.givenName,
        familyName: identity?.familyName,
        dateOfBirth: identity?.dateOfBirth,
        nhsNumber: identity?.nhsNumber,
      });
    },
  );

  app.post(
    '/encompass/notices/:id/correct',
    {
      config: { permission: 'incident:amend', audit: { action: 'correct', recordType: 'encompass-notice' } },
    },
    async (request, reply) => {
      const found = await noticeOfForce(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const date = readDateBoxes(body, 'dateOfBirth', 'Date of birth', 'Enter the child’s date of birth');
      return handleForm(
        reply,
        childCorrectionInput,
        { ...body, dateOfBirth: date.ok ? date.value : '' },
        {
          async save(correction) {
            const result = await encompass.correctChild(
              request.auditWriter,
              found.summary.id,
              request.user!.id,
              correction,
            );
            if (!result.ok) return { ok: false, errors: formError(result.field, result.message) };
            return { ok: true, value: result.rerouted ? 'moved' : '1' };
          },
          showForm: (errors) =>
            correctForm(
              reply,
              found,
              body,
              dateErrorFirst(
                date.ok
                  ? errors
                  : { summary: errors.summary.filter((e) => e.href !== '#dateOfBirth'), byField: {} },
                'dateOfBirth',
                date,
              ),
            ),
          redirectTo: (corrected) => `/encompass/incidents/${found.incident.id}?corrected=${corrected}`,
        },
      );
    },
  );
}
