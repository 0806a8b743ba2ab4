/**
 * The monthly referral audit: the QA lead's months, the system's proposal, swapping and
 * confirming it; each auditor's cases and the audit form; the quarterly learning, the settings
 * audited most often and the year-on-year conversion statement; and the front door's dashboard.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../../platform/http/errors.ts';
import {
  foldDateParts,
  optionalDateInput,
  periodInput,
  readDateInput,
} from '../../../platform/http/fields.ts';
import { type FormErrors, formError, parseForm } from '../../../platform/http/forms.ts';
import { handleForm, numericId } from '../../../platform/http/route-helpers.ts';
import { countBars, percentageBars } from '../charts.ts';
import { monthAfter } from '../service.ts';
import {
  AGENCY_TYPES,
  CONSENT,
  DECISIONS,
  LEVELS_OF_NEED,
  URGENCY,
  auditCaseInput,
  auditSettingsInput,
  confirmInput,
  swapInput,
} from '../schema.ts';
import { type FrontDoorServices, loadReferral, radioItems, todayInLondon } from './shared.ts';

const monthInput = z.object({
  month: z.string({ error: 'Enter the month' }).regex(/^\d{4}-\d{2}$/, 'Enter the month like 2026-10'),
});

export function auditPages(app: FastifyInstance, services: FrontDoorServices) {
  const { frontDoor } = services;

  const programmePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown> = {},
    errors?: FormErrors,
  ) => {
    const [samples, settings] = await Promise.all([frontDoor.samples(), frontDoor.auditSettings()]);
    await request.audit(services.db, []);
    return reply.page('front-door/views/audits.njk', {
      title: 'Referral audit programme',
      samples,
      settings,
      agencyTypes: AGENCY_TYPES,
      values,
      errors,
    });
  };

  app.get(
    '/front-door/audits',
    {
      config: {
        permission: 'front-door:audit-programme',
        audit: { action: 'list', recordType: 'referral-audit-sample' },
      },
    },
    async (request, reply) => programmePage(request, reply, { month: todayInLondon().slice(0, 7) }),
  );

  app.post(
    '/front-door/audits/propose',
    {
      config: {
        permission: 'front-door:audit-programme',
        audit: { action: 'propose', recordType: 'referral-audit-sample' },
      },
    },
    async (request, reply) =>
      handleForm(reply, monthInput, request.body, {
        save: (input) => frontDoor.proposeSample(request.auditWriter, `${input.month}-01`),
        showForm: (errors, values) => programmePage(request, reply, values, errors),
        redirectTo: (id) => `/front-door/audits/samples/${id}`,
      }),
  );

  app.post(
    '/front-door/audits/settings',
    {
      config: {
        permission: 'front-door:audit-programme',
        audit: { action: 'update', recordType: 'referral-audit-settings' },
      },
    },
    async (request, reply) =>
      handleForm(reply, auditSettingsInput, request.body, {
        save: async (input) => {
          await frontDoor.saveAuditSettings(request.auditWriter, {
            sampleSize: input.sampleSize,
            agencyTypes: input.agencyTypes,
            policeHealthFrom: input.policeHealthFrom ?? null,
          });
          return { ok: true, value: 0 };
        },
        showForm: (errors, values) => programmePage(request, reply, values, errors),
        redirectTo: () => '/front-door/audits',
      }),
  );

  const samplePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: Record<string, unknown> = {},
    errors?: FormErrors,
  ) => {
    const sample = await frontDoor.sample(id);
    if (!sample) throw new NotFoundError();
    const [cases, candidates, auditors] = await Promise.all([
      frontDoor.cases({ sampleId: id }),
      frontDoor.candidates(sample.month),
      frontDoor.auditors(),
    ]);
    const swappable = candidates.filter((c) => !c.metThreshold && !c.audited);
    await request.audit(
      services.db,
      cases.map((c) => ({ action: 'list', recordType: 'referral', recordId: c.referralId })),
    );
    return reply.page('front-door/views/sample.njk', {
      title: `Referral audit sample, ${sample.month.slice(0, 7)}`,
      sample,
      cases,
      swapOut: cases.map((c) => ({
        value: String(c.id),
        text: `Referral ${c.referralId} (${c.settingName ?? c.organisationName ?? ''})`,
        checked: values.remove === String(c.id),
      })),
      swapIn: [
        { value: '', text: 'Select a referral' },
        ...swappable.map((c) => ({
          value: String(c.referralId),
          text: `Referral ${c.referralId} (${c.institutionName})`,
          selected: values.add === String(c.referralId),
        })),
      ],
      auditors: [
        { value: '', text: 'The QA lead (me)' },
        ...auditors.map((a) => ({ value: a.id, text: `${a.givenName} ${a.familyName} (${a.email})` })),
      ],
      decisions: DECISIONS,
      agencyTypes: AGENCY_TYPES,
      values,
      errors,
    });
  };

  app.get(
    '/front-door/audits/samples/:id',
    {
      config: { permission: 'front-door:audit-programme', audit: { action: 'list', recordType: 'referral' } },
    },
    async (request, reply) => samplePage(request, reply, numericId(request.params)),
  );

  app.post(
    '/front-door/audits/samples/:id/swap',
    {
      config: {
        permission: 'front-door:audit-programme',
        audit: { action: 'swap', recordType: 'referral-audit-sample' },
      },
    },
    async (request, reply) => {
      const id = numericId(request.params);
      return handleForm(reply, swapInput, request.body, {
        save: (input) => frontDoor.swap(request.auditWriter, id, input.remove, input.add),
        showForm: (errors, values) => samplePage(request, reply, id, values, errors),
        redirectTo: () => `/front-door/audits/samples/${id}`,
      });
    },
  );

  app.post(
    '/front-door/audits/samples/:id/confirm',
    {
      config: {
        permission: 'front-door:audit-programme',
        audit: { action: 'confirm', recordType: 'referral-audit-sample' },
      },
    },
    async (request, reply) => {
      const id = numericId(request.params);
      const sample = await frontDoor.sample(id);
      if (!sample) throw new NotFoundError();
      return handleForm(reply, confirmInput, request.body, {
        save: async (input) => {
          if (sample.confirmedAt)
            return { ok: false, errors: formError('auditorUserId', 'This sample is already confirmed') };
          // No auditor chosen: the QA lead audits the cases themself.
          await frontDoor.confirm(
            request.auditWriter,
            id,
            request.user!.id,
            input.auditorUserId ?? request.user!.id,
          );
          return { ok: true, value: id };
        },
        showForm: (errors, values) => samplePage(request, reply, id, values, errors),
        redirectTo: () => `/front-door/audits/samples/${id}`,
      });
    },
  );

  app.get(
    '/front-door/audits/cases',
    { config: { permission: 'front-door:audit-cases', audit: { action: 'list', recordType: 'referral' } } },
    async (request, reply) => {
      const cases = await frontDoor.cases({ auditorUserId: request.user!.id });
      await request.audit(
        services.db,
        cases.map((c) => ({ action: 'list', recordType: 'referral', recordId: c.referralId })),
      );
      return reply.page('front-door/views/audit-cases.njk', {
        title: 'Referrals sampled for you to audit',
        cases,
        agencyTypes: AGENCY_TYPES,
      });
    },
  );

  /** A case the user may audit: the QA lead any sampled case; an auditor only one confirmed and assigned to them. */
  const loadCase = async (request: FastifyRequest, caseId: number) => {
    const [found] = await frontDoor.cases({ caseId });
    const mine =
      found &&
      (request.permissions.allows('front-door:audit-programme') ||
        (found.confirmedAt !== null && found.auditorUserId === request.user!.id));
    if (!found || !mine) {
      // Outside the user's cases it does not exist for them; the attempt is kept.
      await request.audit(services.db, {
        recordType: 'referral-audit-case',
        recordId: caseId,
        outcome: 'not_found',
      });
      throw new NotFoundError();
    }
    return found;
  };

  const casePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    caseId: number,
    values?: Record<string, unknown>,
    errors?: FormErrors,
  ) => {
    const found = await loadCase(request, caseId);
    const { referral, children } = await loadReferral(
      request,
      services,
      found.referralId,
      'audit-case:complete',
    );
    if (!errors)
      await request.audit(
        services.db,
        children.map((c) => ({
          action: 'view',
          recordType: 'referral',
          recordId: referral.id,
          childId: c.childId,
        })),
      );
    const v = values ?? {
      ...found,
      childVoiceEvidenced:
        found.childVoiceEvidenced === null ? undefined : found.childVoiceEvidenced ? 'yes' : 'no',
      feedbackSpecific: found.feedbackSpecific === null ? undefined : found.feedbackSpecific ? 'yes' : 'no',
      feedbackRightPerson:
        found.feedbackRightPerson === null ? undefined : found.feedbackRightPerson ? 'yes' : 'no',
    };
    const yesNo = (selected: unknown) => radioItems({ yes: 'Yes', no: 'No' }, selected);
    return reply.page('front-door/views/audit-case.njk', {
      title: `Audit of referral ${referral.id}`,
      auditCase: found,
      referral,
      children,
      values: v,
      errors,
      labels: { decisions: DECISIONS, consent: CONSENT, urgency: URGENCY, levels: LEVELS_OF_NEED },
      quality: radioItems(
        { good: 'Good', requires_improvement: 'Requires improvement', inadequate: 'Inadequate' },
        v.quality,
      ),
      lowerLevel: radioItems(
        {
          setting_offer: 'Yes: the setting’s own early-help offer',
          lower_level: 'Yes: a lower level (early help)',
          neither: 'No: it needed the front door',
        },
        v.lowerLevel,
      ),
      childVoice: yesNo(v.childVoiceEvidenced),
      feedbackSpecific: yesNo(v.feedbackSpecific),
      feedbackRightPerson: yesNo(v.feedbackRightPerson),
    });
  };

  app.get(
    '/front-door/audits/cases/:id',
    { config: { permission: 'audit-case:complete', audit: { action: 'view', recordType: 'referral' } } },
    async (request, reply) => casePage(request, reply, numericId(request.params)),
  );

  app.post(
    '/front-door/audits/cases/:id',
    { config: { permission: 'audit-case:complete', audit: { action: 'audit', recordType: 'referral' } } },
    async (request, reply) => {
      const id = numericId(request.params);
      const found = await loadCase(request, id);
      await loadReferral(request, services, found.referralId, 'audit-case:complete');
      return handleForm(reply, auditCaseInput, request.body, {
        save: async (input) => {
          await frontDoor.completeCase(request.auditWriter, id, request.user!.id, input, found.referralId);
          return { ok: true, value: id };
        },
        showForm: (errors, values) => casePage(request, reply, id, values, errors),
        redirectTo: () => '/front-door/audits/cases',
      });
    },
  );

  app.get(
    '/front-door/audits/learning',
    {
      config: {
        permission: 'front-door:audit-programme',
        audit: { action: 'view', recordType: 'referral-audit-learning' },
      },
    },
    async (request, reply) => {
      const query = (request.query ?? {}) as Record<string, unknown>;
      const asked = parseForm(z.object({ from: optionalDateInput('The start of the audit year') }), query);
      const today = todayInLondon();
      // The report's audit year runs September to August: the one before last by default, so the year after it is complete.
      const defaultFrom = `${Number(today.slice(0, 4)) - (today.slice(5, 7) >= '09' ? 2 : 3)}-09-01`;
      const from = (asked.ok && asked.value.from) || defaultFrom;
      const to = `${Number(from.slice(0, 4)) + 1}${from.slice(4)}`;
      const [learning, mostAudited, conversion] = await Promise.all([
        frontDoor.learningSummary(from, to),
        frontDoor.mostAudited(from, to),
        frontDoor.conversion(from),
      ]);
      await request.audit(services.db, { recordId: from });
      if (!asked.ok) reply.code(400);
      return reply.page('front-door/views/learning.njk', {
        title: 'Learning from the referral audit',
        values: asked.ok ? { from } : query,
        errors: asked.ok ? undefined : asked.errors,
        from,
        to,
        learning,
        mostAudited,
        conversion,
        agencyTypes: AGENCY_TYPES,
      });
    },
  );

  app.get(
    '/front-door/dashboard',
    { config: { permission: 'front-door:dashboard' } },
    async (request, reply) => {
      // The period asked in day, month and year boxes (or YYYY-MM-DD in a link); by default the year to today.
      const query = (request.query ?? {}) as Record<string, unknown>;
      const folded = foldDateParts(query) as Record<string, unknown>;
      const asked = (['from', 'to'] as const).some((k) => !('blank' in readDateInput(folded[k], k)));
      const today = todayInLondon();
      const lastYear = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
      const form = asked
        ? parseForm(periodInput({ from: 'From', to: 'To' }), query)
        : ({ ok: true, value: { from: lastYear, to: today } } as const);
      if (!form.ok)
        return reply.code(400).page('front-door/views/dashboard.njk', {
          title: 'Family Front Door dashboard',
          values: query,
          errors: form.errors,
          figures: null,
        });
      const { from, to } = form.value;
      const values = { from, to };
      const figures = await frontDoor.figures(from, to);
      const rate = (n: number, d: number) => (d === 0 ? 0 : (n / d) * 100);
      // Executives see aggregates only: a count from 1 to 4, or a rate that would reveal one, is not shown.
      const suppress = request.permissions.seesAggregatesOnly();
      const small = (n: number) => n > 0 && n < 5;
      const shown = (n: number, d: number) => !suppress || !(small(n) || small(d) || small(d - n));
      const count = (n: number) => (suppress && small(n) ? 'fewer than 5' : n);
      const pct = (n: number, d: number) =>
        d === 0 ? '–' : shown(n, d) ? `${Math.round((n / d) * 1000) / 10} %` : 'not shown';
      const agencyBars = figures.byAgency.filter((a) => shown(a.met, a.decided));
      const monthBars = figures.byMonth.filter((m) => !suppress || !small(m.received));
      const charts = {
        conversion: agencyBars.length
          ? await percentageBars({
              id: 'chart-conversion',
              label: 'Bar chart: percentage of decided contacts meeting the threshold, by referring agency',
              summary: agencyBars
                .map(
                  (a) =>
                    `${AGENCY_TYPES[a.agencyType as keyof typeof AGENCY_TYPES] ?? a.agencyType}: ${Math.round(rate(a.met, a.decided))}% of ${a.decided}`,
                )
                .join('; '),
              axisTitle: 'Met the threshold',
              data: agencyBars.map((a) => ({
                label: AGENCY_TYPES[a.agencyType as keyof typeof AGENCY_TYPES] ?? a.agencyType,
                value: rate(a.met, a.decided),
              })),
            })
          : null,
        months: monthBars.length
          ? await countBars({
              id: 'chart-months',
              label: 'Bar chart: contacts received each month',
              summary: monthBars.map((m) => `${m.month}: ${m.received}`).join('; '),
              axisTitle: 'Contacts',
              categoryTitle: 'Month',
              data: monthBars.map((m) => ({ label: m.month, value: m.received })),
            })
          : null,
      };
      return reply.page('front-door/views/dashboard.njk', {
        charts,
        title: 'Family Front Door dashboard',
        values,
        figures,
        agencyTypes: AGENCY_TYPES,
        decisions: DECISIONS,
        pct,
        count,
        suppress,
        month: monthAfter,
      });
    },
  );
}
