/** Operation Encompass pages: the officer's form, the recipient's notices, the coordinator's queue. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { PlatformServices } from '../../platform/modules/define-module.ts';
import type { ChildrenService } from '../children/index.ts';
import type { RegistryService } from '../registry/index.ts';
import type { EncompassService } from './service.ts';
import type { RecordFacts } from '../../platform/auth/permissions.ts';
import { formatLondon, londonWallClock } from '../../platform/calendar/index.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { type FormErrors, formError, parseForm } from '../../platform/http/forms.ts';
import { incidentScope, noticeScope } from './policy.ts';
import { ACTIONS, FEEDBACK, PRESENCE, RISK_LEVELS, acknowledgementInput, amendmentInput, incidentInput, manualRoutingInput, withdrawalInput } from './schema.ts';

/** How many children the officer's form offers; blank ones are ignored. */
export const CHILD_SLOTS = 4;

const uuidParam = z.object({ id: z.uuid() });
const parseId = (params: unknown) => {
  const parsed = uuidParam.safeParse(params);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data.id;
};

/** A list shows children's names: each child shown is an entry in the audit log (one round trip). */
const auditListed = (request: FastifyRequest, services: EncompassServices, rows: readonly { id: string; childId: string | null }[]) =>
  request.audit(
    services.db,
    rows.map((n) => ({ action: 'list', recordType: 'encompass-notice', recordId: n.id, childId: n.childId })),
  );
const options = (entries: Record<string, string>, selected?: unknown) =>
  Object.entries(entries).map(([value, text]) => ({ value, text, checked: value === selected, selected: value === selected }));

/** The form's flat fields (child0_givenName, …) as the incident the service expects. */
function incidentFromForm(body: Record<string, string | undefined>) {
  const children = [];
  for (let i = 0; i < CHILD_SLOTS; i++) {
    const field = (name: string) => body[`child${i}_${name}`]?.trim() ?? '';
    if (!field('givenName') && !field('familyName') && !field('dateOfBirth')) continue;
    children.push({
      slot: i,
      givenName: field('givenName'),
      familyName: field('familyName'),
      dateOfBirth: field('dateOfBirth'),
      address: field('address'),
      postcode: field('postcode'),
      nhsNumber: field('nhsNumber'),
      presence: field('presence') || undefined,
      spokenTo: field('spokenTo') === 'yes' ? true : field('spokenTo') === 'no' ? false : undefined,
      childVoice: field('childVoice'),
      demeanour: field('demeanour'),
      injuries: field('injuries'),
    });
  }
  const occurredAt = occurredAtOf(body);
  return {
    slots: children.map((c) => c.slot),
    input: {
      policeReference: body.policeReference ?? '',
      occurredAt: occurredAt ?? 'invalid',
      place: body.place ?? '',
      districtCode: body.districtCode ?? '',
      circumstances: body.circumstances ?? '',
      riskLevel: body.riskLevel || undefined,
      officerName: body.officerName ?? '',
      children: children.map(({ slot: _slot, ...child }) => child),
    },
  };
}

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
function occurredFields(at: Date): { occurredDate: string; occurredTime: string } {
  const london = formatLondon(at); // 2026-11-27T22:30:00+00:00
  return { occurredDate: london.slice(0, 10), occurredTime: london.slice(11, 16) };
}

/** zod paths (children.1.dateOfBirth) back to the form's field ids (child2_dateOfBirth). */
function fieldIdOf(path: (string | number)[], slots: number[]): string {
  if (path[0] === 'children' && typeof path[1] === 'number') return `child${slots[path[1]] ?? 0}_${String(path[2] ?? 'givenName')}`;
  if (path[0] === 'children') return 'child0_givenName';
  if (path[0] === 'occurredAt') return 'occurredDate';
  return String(path[0] ?? 'policeReference');
}

/** What Operation Encompass's pages need: the platform's services, the registry, the child index and its own. */
export type EncompassServices = PlatformServices & { registry: RegistryService; children: ChildrenService; encompass: EncompassService };

export function encompassRoutes(app: FastifyInstance, services: EncompassServices) {
    const { encompass } = services;

    const incidentForm = async (reply: FastifyReply, values: Record<string, unknown>, errors?: FormErrors) => {
      const districts = await services.registry.districts();
      return reply.page('encompass/views/incident-form.njk', {
        title: 'Record an incident',
        values,
        errors,
        slots: Array.from({ length: CHILD_SLOTS }, (_, i) => i),
        districts: [{ value: '', text: 'Select a district' }, ...districts.map((d) => ({ value: d.code, text: d.name, selected: d.code === values.districtCode }))],
        riskLevels: options(RISK_LEVELS, values.riskLevel),
        presence: (i: number) => options(PRESENCE, values[`child${i}_presence`]),
      });
    };

    app.get('/encompass/incidents/new', { config: { permission: 'encompass:record' } }, async (request, reply) =>
      incidentForm(reply, { officerName: `${request.user!.givenName} ${request.user!.familyName}` }),
    );

    app.post(
      '/encompass/incidents',
      { config: { permission: 'encompass:record', audit: { action: 'create', recordType: 'encompass-incident' } } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, string | undefined>;
        const { input, slots } = incidentFromForm(body);
        const parsed = incidentInput.safeParse(input);
        if (!parsed.success) {
          const errors: FormErrors = { summary: [], byField: {} };
          for (const issue of parsed.error.issues) {
            const child = issue.path[0] === 'children' && typeof issue.path[1] === 'number' ? `Child ${Number(issue.path[1]) + 1}: ` : '';
            // The API's wording names ISO 8601; the form asks for a date and a time.
            const message = issue.path[0] === 'occurredAt' && issue.code !== 'custom' ? 'Enter the date and time it happened, like 2026-11-27 and 22:30' : issue.message;
            formError(fieldIdOf(issue.path as (string | number)[], slots), `${child}${message}`, errors);
          }
          reply.code(400);
          return incidentForm(reply, body, errors);
        }
        const user = request.user!;
        const result = await encompass.recordIncident(request.auditActor, { organisationId: user.organisationId!, userId: user.id }, parsed.data);
        if (!result.ok) {
          const errors: FormErrors = { summary: [], byField: {} };
          for (const problem of result.problems) formError(problem.path, problem.message, errors);
          reply.code(400);
          return incidentForm(reply, body, errors);
        }
        return reply.redirect(`/encompass/incidents/${result.incidentId}?recorded=1`, 303);
      },
    );

    app.get('/encompass/incidents', { config: { permission: 'encompass:incidents' } }, async (request, reply) => {
      const incidents = await encompass.incidentsForForce(incidentScope(request.permissions.listScope('encompass:incidents')));
      return reply.page('encompass/views/incidents.njk', { title: 'Incidents', incidents, canRecord: request.permissions.allows('encompass:record') });
    });

    app.get('/encompass/incidents/:id', { config: { permission: 'incident:view', audit: { action: 'list', recordType: 'encompass-notice' } } }, async (request, reply) => {
      const id = parseId(request.params);
      const found = await encompass.incident(id);
      await request.authorise('incident:view', { organisationIds: found ? [found.incident.organisationId] : [] }, { type: 'encompass-incident', id });
      if (!found) throw new NotFoundError();
      await auditListed(request, services, found.notices);
      return reply.page('encompass/views/incident.njk', {
        title: `Incident ${found.incident.policeReference}`,
        ...found,
        riskLabel: RISK_LEVELS[found.incident.riskLevel as keyof typeof RISK_LEVELS],
        actions: ACTIONS,
        canAmend: request.permissions.can('incident:amend', { organisationIds: [found.incident.organisationId] }),
        amendments: await encompass.amendments(id),
        flash: (request.query as { recorded?: string }).recorded
          ? 'Incident recorded: the notices have been sent'
          : (request.query as { amended?: string }).amended
            ? 'Incident amended: the recipients have been told it changed'
            : (request.query as { withdrawn?: string }).withdrawn
              ? 'Notice withdrawn: its recipient can no longer see it'
              : undefined,
      });
    });

    const incidentOfForce = async (request: FastifyRequest, permission: 'incident:amend') => {
      const id = parseId(request.params);
      const found = await encompass.incident(id);
      await request.authorise(permission, { organisationIds: found ? [found.incident.organisationId] : [] }, { type: 'encompass-incident', id });
      if (!found) throw new NotFoundError();
      return found;
    };

    const amendForm = (reply: FastifyReply, incident: { id: string; policeReference: string }, values: Record<string, unknown>, errors?: FormErrors) =>
      reply.page('encompass/views/amend.njk', { title: `Amend incident ${incident.policeReference}`, incident, values, errors, riskLevels: options(RISK_LEVELS, values.riskLevel) });

    app.get('/encompass/incidents/:id/amend', { config: { permission: 'incident:amend' } }, async (request, reply) => {
      const { incident } = await incidentOfForce(request, 'incident:amend');
      return amendForm(reply, incident, { ...occurredFields(incident.occurredAt), place: incident.place, circumstances: incident.circumstances, riskLevel: incident.riskLevel });
    });

    app.post(
      '/encompass/incidents/:id/amend',
      { config: { permission: 'incident:amend', audit: { action: 'amend', recordType: 'encompass-incident' } } },
      async (request, reply) => {
        const { incident } = await incidentOfForce(request, 'incident:amend');
        const values = (request.body ?? {}) as Record<string, unknown>;
        const form = parseForm(amendmentInput, { ...values, occurredAt: occurredAtOf(values) ?? 'invalid' });
        if (!form.ok) {
          // The date and time are two fields; their problem is shown at the date.
          const errors: FormErrors = { summary: [], byField: {} };
          for (const entry of form.errors.summary) formError(entry.href === '#occurredAt' ? 'occurredDate' : entry.href.slice(1), entry.text, errors);
          reply.code(400);
          return amendForm(reply, incident, values, errors);
        }
        const result = await encompass.amendIncident(request.auditWriter, incident.id, request.user!.id, form.value);
        if (!result.ok && result.message) {
          reply.code(400);
          return amendForm(reply, incident, values, formError(result.field ?? 'occurredDate', result.message));
        }
        if (result.ok && !result.changed.length) {
          reply.code(400);
          return amendForm(reply, incident, values, formError('circumstances', 'Nothing has changed: change when or where it happened, the circumstances or the risk level, or cancel'));
        }
        return reply.redirect(`/encompass/incidents/${incident.id}?amended=1`, 303);
      },
    );

    const noticeOfForce = async (request: FastifyRequest) => {
      const id = parseId(request.params);
      const summary = await encompass.noticeSummary(id);
      const incident = summary ? await encompass.incident(summary.incidentId) : undefined;
      await request.authorise('incident:amend', { organisationIds: incident ? [incident.incident.organisationId] : [] }, { type: 'encompass-notice', id });
      if (!summary || !incident) throw new NotFoundError();
      return { summary, incident: incident.incident };
    };

    app.get('/encompass/notices/:id/withdraw', { config: { permission: 'incident:amend' } }, async (request, reply) => {
      const { summary, incident } = await noticeOfForce(request);
      return reply.page('encompass/views/withdraw.njk', { title: 'Withdraw a notice', summary, incident, values: {} });
    });

    app.post(
      '/encompass/notices/:id/withdraw',
      { config: { permission: 'incident:amend', audit: { action: 'withdraw', recordType: 'encompass-notice' } } },
      async (request, reply) => {
        const { summary, incident } = await noticeOfForce(request);
        const values = (request.body ?? {}) as Record<string, unknown>;
        const form = parseForm(withdrawalInput, values);
        if (!form.ok) {
          reply.code(400);
          return reply.page('encompass/views/withdraw.njk', { title: 'Withdraw a notice', summary, incident, values, errors: form.errors });
        }
        await encompass.withdrawNotice(request.auditWriter, summary.id, form.value);
        return reply.redirect(`/encompass/incidents/${incident.id}?withdrawn=1`, 303);
      },
    );

    app.get('/encompass/notices', { config: { permission: 'encompass:notices', audit: { action: 'list', recordType: 'encompass-notice' } } }, async (request, reply) => {
      const filter = noticeScope(request.permissions.listScope('encompass:notices'));
      const notices = await encompass.notices({ ...filter, statuses: ['sent', 'acknowledged'] });
      await auditListed(request, services, notices);
      return reply.page('encompass/views/notices.njk', { title: 'Operation Encompass notices', notices, now: new Date() });
    });

    const noticeFacts = (notice: { settingId: number | null; teamId: number | null; recipient: string; status: string }): RecordFacts => ({
      settingIds: notice.recipient === 'setting' && notice.settingId ? [notice.settingId] : [],
      teamIds: notice.teamId ? [notice.teamId] : [],
      state: notice.status,
    });

    /**
     * The notice page, opened by its recipient (the view is audited): the same page after a form
     * on it was refused, with the values and errors of that form.
     */
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
        candidates.map((c) => ({ action: 'candidate', recordType: 'child', recordId: c.child.id, childId: c.child.id, reason: `notice ${noticeId}` })),
      );
      return candidates.map((c) => ({
        ...c,
        why: c.explanation.contributions
          .filter((x) => x.level !== null)
          .map((x) => `${x.label}: ${x.levelLabel}`)
          .join('; '),
      }));
    };

    const noticePage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      id: string,
      incidentId: string,
      extra: { flash?: string | undefined; values?: Record<string, unknown>; routeValues?: Record<string, unknown>; errors?: FormErrors },
    ) => {
      // Its recipients (the Key Adults, the team) may acknowledge it; the coordinator may not.
      const notice = await encompass.viewNotice(request.auditWriter, id, (n) => request.permissions.can('notice:acknowledge', noticeFacts(n)));
      if (!notice) throw new NotFoundError();
      const values = extra.values ?? {};
      return reply.page('encompass/views/notice.njk', {
        title: `Notice: ${notice.givenName} ${notice.familyName}`,
        notice,
        amendments: await encompass.amendments(incidentId),
        presenceLabel: PRESENCE[notice.presence as keyof typeof PRESENCE],
        actionLabel: notice.action ? ACTIONS[notice.action as keyof typeof ACTIONS] : undefined,
        canAcknowledge: notice.status === 'sent' && request.permissions.can('notice:acknowledge', noticeFacts(notice)),
        ...(notice.status === 'queued' && request.permissions.allows('encompass:coordinate')
          ? { ...(await routingChoices(extra.routeValues)), candidates: notice.childId ? null : await candidatesFor(request, id) }
          : {}),
        actions: options(ACTIONS, values.action),
        feedback: [{ value: '', text: 'No feedback' }, ...options(FEEDBACK, values.feedback)],
        values,
        errors: extra.errors,
        flash: extra.flash,
      });
    };

    app.get(
      '/encompass/notices/:id',
      { config: { permission: 'notice:view', audit: { action: 'view', recordType: 'encompass-notice' } } },
      async (request, reply) => {
        const id = parseId(request.params);
        const summary = await encompass.noticeSummary(id);
        await request.authorise('notice:view', summary ? noticeFacts(summary) : {}, { type: 'encompass-notice', id, ...(summary?.childId ? { childId: summary.childId } : {}) });
        if (!summary) throw new NotFoundError();
        return noticePage(request, reply, id, summary.incidentId, {
          flash: (request.query as { acknowledged?: string }).acknowledged
            ? 'Notice acknowledged'
            : (request.query as { routed?: string }).routed
              ? 'Notice sent on: its recipient has been told'
              : undefined,
        });
      },
    );

    app.post(
      '/encompass/notices/:id/acknowledge',
      { config: { permission: 'notice:acknowledge', audit: { action: 'acknowledge', recordType: 'encompass-notice' } } },
      async (request, reply) => {
        const id = parseId(request.params);
        const summary = await encompass.noticeSummary(id);
        await request.authorise('notice:acknowledge', summary ? noticeFacts(summary) : {}, { type: 'encompass-notice', id });
        if (!summary) throw new NotFoundError();
        const values = (request.body ?? {}) as Record<string, unknown>;
        const form = parseForm(acknowledgementInput, values);
        if (!form.ok) {
          reply.code(400);
          return noticePage(request, reply, id, summary.incidentId, { values, errors: form.errors });
        }
        await encompass.acknowledge(request.auditWriter, id, request.user!.id, form.value);
        return reply.redirect(`/encompass/notices/${id}?acknowledged=1`, 303);
      },
    );

    const routingChoices = async (values: Record<string, unknown> = {}) => {
      const teams = await encompass.routingTeams();
      return {
        canRoute: true,
        routeValues: values,
        recipients: [
          { value: 'setting', text: 'A setting (its Key Adults)', checked: values.recipient === 'setting' },
          { value: 'health_visiting', text: 'A health visiting team', checked: values.recipient === 'health_visiting' },
          { value: 'family_front_door', text: 'The Family Front Door', checked: values.recipient === 'family_front_door' },
        ],
        teams: [{ value: '', text: 'Select a team' }, ...teams.map((t) => ({ value: t.code, text: t.name, selected: t.code === values.teamCode }))],
      };
    };

    app.post(
      '/encompass/notices/:id/route',
      { config: { permission: 'encompass:coordinate', audit: { action: 'route', recordType: 'encompass-notice' } } },
      async (request, reply) => {
        const id = parseId(request.params);
        const summary = await encompass.noticeSummary(id);
        if (!summary) throw new NotFoundError();
        const values = (request.body ?? {}) as Record<string, unknown>;
        const form = parseForm(manualRoutingInput, values);
        const result = form.ok ? await encompass.routeByHand(request.auditWriter, id, form.value) : undefined;
        if (!form.ok || (result && !result.ok)) {
          const errors = form.ok ? formError((result as { field: string }).field, (result as { message: string }).message) : form.errors;
          reply.code(400);
          return noticePage(request, reply, id, summary.incidentId, { routeValues: values, errors });
        }
        return reply.redirect(`/encompass/notices/${id}?routed=1`, 303);
      },
    );

    app.get('/encompass/queue', { config: { permission: 'encompass:coordinate', audit: { action: 'list', recordType: 'encompass-notice' } } }, async (request, reply) => {
      const now = new Date();
      const [queued, overdue] = await Promise.all([encompass.notices({ statuses: ['queued'] }), encompass.notices({ overdueAt: now })]);
      await auditListed(request, services, [...queued, ...overdue]);
      return reply.page('encompass/views/queue.njk', { title: 'Queue and overdue notices', queued, overdue });
    });
}
