/**
 * The police officer's incident journey, in the GOV.UK patterns: the incident on one page, then
 * each child on a page of their own with "Add another child" (up to the API's 10), then "Check
 * your answers" with change links, and only then is anything recorded. It works without
 * JavaScript; the answers are kept between pages in the officer's draft (draft.ts). An error
 * about a child names the child ("Child 2: Enter the child’s date of birth").
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { londonWallClock } from '../../../platform/calendar/index.ts';
import { NotFoundError } from '../../../platform/http/errors.ts';
import { type FormErrors, formError, noErrors } from '../../../platform/http/forms.ts';
import { parseParams, selectOptions } from '../../../platform/http/route-helpers.ts';
import { DATE_PARTS, type DatePart } from '../../../platform/http/fields.ts';
import { readDateBoxes } from './shared.ts';
import { type DraftAnswers, discardDraft, loadDraft, saveDraft } from '../draft.ts';
import type { EncompassServices } from '../page-services.ts';
import { PRESENCE, RISK_LEVELS, incidentInput } from '../schema.ts';

/** The API's limit: an incident names at most 10 children. */
export const MAX_CHILDREN = 10;

const START = '/encompass/incidents/new';
const CHILDREN = `${START}/children`;
const CHECK = `${START}/check`;

export const INCIDENT_FIELDS = [
  'policeReference',
  'occurredDate-day',
  'occurredDate-month',
  'occurredDate-year',
  'occurredTime',
  'attendedDate-day',
  'attendedDate-month',
  'attendedDate-year',
  'attendedTime',
  'place',
  'districtCode',
  'circumstances',
  'riskLevel',
  'officerName',
] as const;

export const CHILD_FIELDS = [
  'givenName',
  'familyName',
  'dateOfBirth-day',
  'dateOfBirth-month',
  'dateOfBirth-year',
  'address',
  'postcode',
  'nhsNumber',
  'presence',
  'spokenTo',
  'childVoice',
  'demeanour',
  'injuries',
] as const;

/** Only the page's own fields, as strings, are kept: nothing else a browser sends. */
function pick(body: unknown, fields: readonly string[]): Record<string, string> {
  const source = (body ?? {}) as Record<string, unknown>;
  const kept: Record<string, string> = {};
  for (const field of fields) {
    const value = source[field];
    if (typeof value === 'string') kept[field] = value;
  }
  return kept;
}

/** A problem on a field; a date's names the boxes in error, and links to the first (occurredDate-month). */
function addError(errors: FormErrors, field: string, text: string, parts?: readonly DatePart[]) {
  formError(field, text, errors, parts);
}

/** A date input's boxes; blank is told apart so an optional date and time may both be left out. */
function readBoxes(raw: Record<string, string>, name: string, label: string, blank: string) {
  const date = readDateBoxes(raw, name, label, blank);
  const isBlank = ['day', 'month', 'year'].every((p) => !raw[`${name}-${p}`]?.trim());
  return { ...date, blank: isBlank };
}

/** 22:30, 9:05 or 22.30 as HH:MM, or undefined. */
function timeOf(value: string | undefined): string | undefined {
  const m = /^(\d{1,2})[:.](\d{2})$/.exec((value ?? '').trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return undefined;
  return `${m[1]!.padStart(2, '0')}:${m[2]}`;
}

interface Moment {
  value: string | undefined;
  problems: { field: string; text: string; parts?: DatePart[] }[];
}

/** A date input and a time box as an instant (UK time); blank and optional is undefined. */
function momentOf(
  raw: Record<string, string>,
  name: 'occurredDate' | 'attendedDate',
  timeField: 'occurredTime' | 'attendedTime',
  words: { label: string; blank: string; time: string; optional?: boolean },
): Moment {
  const date = readBoxes(raw, name, words.label, words.blank);
  const time = raw[timeField]?.trim() ?? '';
  if (words.optional && !date.ok && date.blank && !time) return { value: undefined, problems: [] };
  const problems: Moment['problems'] = [];
  if (!date.ok) problems.push({ field: name, text: date.message, parts: date.parts });
  const hhmm = timeOf(time);
  if (!hhmm) problems.push({ field: timeField, text: words.time });
  if (!date.ok || !date.value || !hhmm) return { value: 'invalid', problems };
  try {
    return { value: londonWallClock(date.value, hhmm).toISOString(), problems };
  } catch {
    return {
      value: 'invalid',
      problems: [{ field: timeField, text: 'That time did not happen in the UK: the clocks went forward' }],
    };
  }
}

/** One child's page as the API's child, and the problems with its date of birth. */
function childOf(raw: Record<string, string>) {
  const dob = readBoxes(raw, 'dateOfBirth', 'Date of birth', 'Enter the child’s date of birth');
  const field = (name: string) => raw[name]?.trim() ?? '';
  return {
    child: {
      givenName: field('givenName'),
      familyName: field('familyName'),
      dateOfBirth: dob.ok ? (dob.value ?? '') : '',
      address: field('address'),
      postcode: field('postcode'),
      nhsNumber: field('nhsNumber'),
      presence: field('presence') || undefined,
      spokenTo: field('spokenTo') === 'yes' ? true : field('spokenTo') === 'no' ? false : undefined,
      childVoice: field('childVoice'),
      demeanour: field('demeanour'),
      injuries: field('injuries'),
    },
    dateProblem: dob.ok ? undefined : dob,
  };
}

/**
 * The whole journey checked as the API checks an incident. Problems are sorted by page: the
 * incident's ('incident'), or a child's (its index), each with the page's field id.
 */
export function checkJourney(answers: DraftAnswers) {
  const raw = answers.incident;
  const occurred = momentOf(raw, 'occurredDate', 'occurredTime', {
    label: 'Date it happened',
    blank: 'Enter the date it happened',
    time: 'Enter the time it happened, like 22:30',
  });
  const attended = momentOf(raw, 'attendedDate', 'attendedTime', {
    label: 'Date the police attended or were told',
    blank: 'Enter the date the police attended or were told, or leave the date and time blank',
    time: 'Enter the time the police attended or were told, like 22:45, or leave the date and time blank',
    optional: true,
  });
  const children = answers.children.map(childOf);
  const input = {
    policeReference: raw.policeReference ?? '',
    occurredAt: occurred.value ?? 'invalid',
    attendedAt: attended.value,
    place: raw.place ?? '',
    districtCode: raw.districtCode ?? '',
    circumstances: raw.circumstances ?? '',
    riskLevel: raw.riskLevel || undefined,
    officerName: raw.officerName ?? '',
    children: children.map((c) => c.child),
  };
  const incident = noErrors();
  const byChild = children.map(() => noErrors());
  for (const p of [...occurred.problems, ...attended.problems]) addError(incident, p.field, p.text, p.parts);
  children.forEach((c, i) => {
    if (c.dateProblem && !c.dateProblem.ok)
      addError(byChild[i]!, 'dateOfBirth', `Child ${i + 1}: ${c.dateProblem.message}`, c.dateProblem.parts);
  });
  const parsed = incidentInput.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [head, index, field] = issue.path as (string | number)[];
      if (head === 'children' && typeof index === 'number') {
        const errors = byChild[index];
        if (!errors) continue;
        // A date of birth that is not a date was reported above, in the date input's words.
        if (field === 'dateOfBirth' && issue.code !== 'custom' && children[index]?.dateProblem) continue;
        const parts = field === 'dateOfBirth' ? DATE_PARTS : undefined;
        addError(errors, String(field ?? 'givenName'), `Child ${index + 1}: ${issue.message}`, parts);
      } else if (head === 'occurredAt' || head === 'attendedAt') {
        // A date or time that does not parse was reported above; the rest (in the future, before
        // it happened) belong to the date.
        if (issue.code !== 'custom') continue;
        addError(
          incident,
          head === 'occurredAt' ? 'occurredDate' : 'attendedDate',
          issue.message,
          DATE_PARTS,
        );
      } else if (head !== 'children') {
        // ("Add at least one child" is for confirming with none, handled there.)
        addError(incident, String(head ?? 'policeReference'), issue.message);
      }
    }
  }
  return { input: parsed.success ? parsed.data : undefined, incident, byChild };
}

const hasErrors = (errors: FormErrors) => errors.summary.length > 0;

/** The journey's "return to check your answers" flag, from a change link or the form. */
const returning = (request: FastifyRequest) => {
  const q = (request.query ?? {}) as Record<string, unknown>;
  const b = (request.body ?? {}) as Record<string, unknown>;
  return q.return === 'check' || b.return === 'check';
};

const childNumber = (params: unknown) =>
  parseParams(z.object({ n: z.coerce.number().int().min(1).max(MAX_CHILDREN) }), params).n;

const UK_DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
});

/** "6 December 2026 at 10:30pm", as the Design System writes a time. */
export function readableMoment(iso: string | undefined | Date): string {
  if (!iso) return '';
  const parts = Object.fromEntries(UK_DATE_TIME.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  const hour = parts.hour ?? '';
  const minute = parts.minute === '00' ? '' : `:${parts.minute}`;
  const time =
    parts.minute === '00' && hour === '12'
      ? parts.dayPeriod === 'am'
        ? 'midnight'
        : 'midday'
      : `${hour}${minute}${(parts.dayPeriod ?? '').toLowerCase().replace(/\./g, '').replace(/\s/g, '')}`;
  return `${parts.day} ${parts.month} ${parts.year} at ${time}`;
}

export function incidentJourneyPages(app: FastifyInstance, services: EncompassServices) {
  const { db, encompass } = services;
  const draftAudit = { action: 'draft', recordType: 'encompass-incident-draft' };

  /** Reading the officer's own draft back shows children's details: each look is audited. */
  const auditLook = (request: FastifyRequest) =>
    request.audit(db, { action: 'view', recordType: 'encompass-incident-draft', recordId: request.user!.id });

  /** Saves the draft and its audit entry in one transaction. */
  const save = (request: FastifyRequest, answers: DraftAnswers) =>
    db.transaction().execute(async (trx) => {
      await saveDraft(trx, request.user!.id, answers);
      await request.audit(trx, { recordId: request.user!.id });
    });

  const incidentPage = async (
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: FormErrors | undefined,
    returnToCheck: boolean,
  ) => {
    const districts = await services.registry.districts();
    return reply.page('encompass/views/journey/incident.njk', {
      title: 'Record an incident',
      values,
      errors,
      returnToCheck,
      districts: [
        { value: '', text: 'Select a district' },
        ...districts.map((d) => ({ value: d.code, text: d.name, selected: d.code === values.districtCode })),
      ],
      riskLevels: selectOptions(RISK_LEVELS, values.riskLevel),
    });
  };

  const childPage = (
    reply: FastifyReply,
    n: number,
    values: Record<string, unknown>,
    errors: FormErrors | undefined,
    returnToCheck: boolean,
  ) =>
    reply.page('encompass/views/journey/child.njk', {
      title: `Child ${n}`,
      n,
      values,
      errors,
      returnToCheck,
      presence: selectOptions(PRESENCE, values.presence),
    });

  app.get(START, { config: { permission: 'encompass:record' } }, async (request, reply) => {
    const draft = await loadDraft(db, request.user!.id);
    const values = Object.keys(draft.incident).length
      ? draft.incident
      : { officerName: `${request.user!.givenName} ${request.user!.familyName}` };
    return incidentPage(reply, values, undefined, returning(request));
  });

  app.post(
    START,
    { config: { permission: 'encompass:record', audit: draftAudit } },
    async (request, reply) => {
      const draft = await loadDraft(db, request.user!.id);
      const incident = pick(request.body, INCIDENT_FIELDS);
      const checked = checkJourney({ incident, children: [] });
      if (hasErrors(checked.incident)) {
        reply.code(400);
        return incidentPage(reply, incident, checked.incident, returning(request));
      }
      await save(request, { ...draft, incident });
      if (returning(request)) return reply.redirect(CHECK, 303);
      return reply.redirect(draft.children.length ? CHILDREN : `${CHILDREN}/1`, 303);
    },
  );

  app.get(`${CHILDREN}/:n`, { config: { permission: 'encompass:record' } }, async (request, reply) => {
    const n = childNumber(request.params);
    const draft = await loadDraft(db, request.user!.id);
    if (!Object.keys(draft.incident).length) return reply.redirect(START, 303);
    if (n > draft.children.length + 1) throw new NotFoundError();
    if (draft.children[n - 1]) await auditLook(request);
    return childPage(reply, n, draft.children[n - 1] ?? {}, undefined, returning(request));
  });

  app.post(
    `${CHILDREN}/:n`,
    { config: { permission: 'encompass:record', audit: draftAudit } },
    async (request, reply) => {
      const n = childNumber(request.params);
      const draft = await loadDraft(db, request.user!.id);
      if (!Object.keys(draft.incident).length) {
        // A child's answers sent before the incident's (an old tab, a lost draft): not kept, and
        // the attempt is audited like any other step of the draft.
        await request.audit(db, {
          recordId: request.user!.id,
          reason: 'not saved: the incident comes first',
        });
        return reply.redirect(START, 303);
      }
      if (n > draft.children.length + 1) throw new NotFoundError();
      const child = pick(request.body, CHILD_FIELDS);
      // Checked with the incident, so a child born after it, or 18 by then, is caught on this page.
      const children = [...draft.children];
      children[n - 1] = child;
      const checked = checkJourney({ incident: draft.incident, children });
      const errors = checked.byChild[n - 1]!;
      if (hasErrors(errors)) {
        reply.code(400);
        return childPage(reply, n, child, errors, returning(request));
      }
      await save(request, { ...draft, children });
      return reply.redirect(returning(request) ? CHECK : CHILDREN, 303);
    },
  );

  app.get(CHILDREN, { config: { permission: 'encompass:record' } }, async (request, reply) => {
    const draft = await loadDraft(db, request.user!.id);
    if (!Object.keys(draft.incident).length) return reply.redirect(START, 303);
    if (!draft.children.length) return reply.redirect(`${CHILDREN}/1`, 303);
    await auditLook(request);
    return childrenPage(reply, draft);
  });

  const childrenPage = (reply: FastifyReply, draft: DraftAnswers, errors?: FormErrors) =>
    reply.page('encompass/views/journey/children.njk', {
      title: `You have added ${draft.children.length} ${draft.children.length === 1 ? 'child' : 'children'}`,
      children: draft.children.map((c, i) => ({
        n: i + 1,
        name: `${c.givenName ?? ''} ${c.familyName ?? ''}`.trim(),
      })),
      canAddAnother: draft.children.length < MAX_CHILDREN,
      max: MAX_CHILDREN,
      errors,
    });

  app.post(CHILDREN, { config: { permission: 'encompass:record' } }, async (request, reply) => {
    const draft = await loadDraft(db, request.user!.id);
    if (!Object.keys(draft.incident).length) return reply.redirect(START, 303);
    const answer = (request.body as Record<string, unknown> | undefined)?.addAnother;
    if (answer === 'yes' && draft.children.length < MAX_CHILDREN)
      return reply.redirect(`${CHILDREN}/${draft.children.length + 1}`, 303);
    if (answer === 'no' || draft.children.length >= MAX_CHILDREN) return reply.redirect(CHECK, 303);
    reply.code(400);
    await auditLook(request);
    return childrenPage(reply, draft, formError('addAnother', 'Select yes if you need to add another child'));
  });

  app.post(
    `${CHILDREN}/:n/remove`,
    { config: { permission: 'encompass:record', audit: draftAudit } },
    async (request, reply) => {
      const n = childNumber(request.params);
      const draft = await loadDraft(db, request.user!.id);
      if (!draft.children[n - 1]) throw new NotFoundError();
      const children = draft.children.filter((_, i) => i !== n - 1);
      await save(request, { ...draft, children });
      return reply.redirect(children.length ? CHILDREN : `${CHILDREN}/1`, 303);
    },
  );

  const checkPage = async (reply: FastifyReply, draft: DraftAnswers, errors?: FormErrors) => {
    const checked = checkJourney(draft);
    const districts = await services.registry.districts();
    const raw = draft.incident;
    const occurred = checked.input?.occurredAt;
    const attended = checked.input?.attendedAt;
    return reply.page('encompass/views/journey/check.njk', {
      title: 'Check your answers before recording the incident',
      errors,
      incident: {
        policeReference: raw.policeReference,
        occurred: occurred ? readableMoment(occurred) : '',
        attended: attended ? readableMoment(attended) : 'When it happened',
        place: raw.place,
        district: districts.find((d) => d.code === raw.districtCode)?.name ?? raw.districtCode,
        circumstances: raw.circumstances,
        risk: RISK_LEVELS[raw.riskLevel as keyof typeof RISK_LEVELS] ?? '',
        officerName: raw.officerName,
      },
      children: (checked.input?.children ?? []).map((c, i) => ({
        n: i + 1,
        name: `${c.givenName} ${c.familyName}`,
        dateOfBirth: c.dateOfBirth,
        address: c.address,
        postcode: c.postcode ?? '',
        nhsNumber: c.nhsNumber ?? '',
        presence: PRESENCE[c.presence],
        spokenTo: c.spokenTo ? 'Yes' : 'No',
        childVoice: c.childVoice ?? '',
        demeanour: c.demeanour ?? '',
        injuries: c.injuries ?? '',
      })),
      canAddAnother: draft.children.length < MAX_CHILDREN,
    });
  };

  app.get(CHECK, { config: { permission: 'encompass:record' } }, async (request, reply) => {
    const draft = await loadDraft(db, request.user!.id);
    const first = firstPageInError(draft);
    if (first) return reply.redirect(first, 303);
    await auditLook(request);
    return checkPage(reply, draft);
  });

  /** Where a draft that cannot be recorded goes back to: the first page with a problem. */
  function firstPageInError(draft: DraftAnswers): string | undefined {
    if (!Object.keys(draft.incident).length) return START;
    if (!draft.children.length) return `${CHILDREN}/1`;
    const checked = checkJourney(draft);
    if (hasErrors(checked.incident)) return `${START}?return=check`;
    const child = checked.byChild.findIndex(hasErrors);
    if (child >= 0) return `${CHILDREN}/${child + 1}?return=check`;
    return undefined;
  }

  // Confirming: the only step that records anything.
  app.post(
    '/encompass/incidents',
    {
      config: {
        permission: 'encompass:record',
        audit: { action: 'create', recordType: 'encompass-incident' },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const draft = await loadDraft(db, user.id);
      const checked = checkJourney(draft);
      // A draft changed under the officer (another tab) goes back to the page to fix, with its errors.
      if (!checked.input || !draft.children.length) {
        reply.code(400);
        if (!Object.keys(draft.incident).length || hasErrors(checked.incident))
          return incidentPage(reply, draft.incident, checked.incident, true);
        const child = checked.byChild.findIndex(hasErrors);
        if (child >= 0)
          return childPage(reply, child + 1, draft.children[child]!, checked.byChild[child], true);
        return childPage(reply, 1, {}, formError('givenName', 'Add at least one child'), false);
      }
      const result = await encompass.recordIncident(
        request.auditActor,
        { organisationId: user.organisationId!, userId: user.id },
        checked.input,
      );
      if (!result.ok) {
        // A police reference already recorded, or a district that has gone: fixed on the incident's page.
        const errors = noErrors();
        for (const problem of result.problems) formError(problem.path, problem.message, errors);
        reply.code(400);
        return incidentPage(reply, draft.incident, errors, true);
      }
      request.noteAuditAppended(result.auditEntries);
      await discardDraft(db, user.id);
      return reply.redirect(`/encompass/incidents/${result.incidentId}?recorded=1`, 303);
    },
  );

  app.post(`${START}/discard`, { config: { permission: 'encompass:record' } }, async (request, reply) => {
    await discardDraft(db, request.user!.id);
    return reply.redirect(START, 303);
  });
}
