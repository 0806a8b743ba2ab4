/**
 * The yearly report's pages. Signed in: the drafts, building one for a period, editing its
 * narrative, the checks and checklist, waivers, the partners' sign-off and publication. Public:
 * each published report (every version stays at its address), how each figure was counted, and
 * the PDF.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { londonDate } from '../../platform/calendar/index.ts';
import * as clock from '../../platform/clock.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { type FormErrors, noErrors } from '../../platform/http/forms.ts';
import { handleForm, numericId, selectOptions } from '../../platform/http/route-helpers.ts';
import type { PlatformServices } from '../../platform/modules/define-module.ts';
import { WORKING_TOGETHER_CONTENTS } from './checks.ts';
import { figureIndex, formatValue, narrativeHtml } from './figures.ts';
import { ChromiumMissing, chromiumInstalled, printPdf, printableHtml } from './pdf.ts';
import { sectionExtras } from './section-charts.ts';
import { PARTNERS, approvalInput, reportInput, waiverInput } from './schema.ts';
import { type Built, YearlyReportService, lastReportingYear } from './service.ts';

export type YearlyReportServices = PlatformServices & { yearlyReport: YearlyReportService };

const V = 'yearly-report/views';

export function yearlyReportRoutes(app: FastifyInstance, services: YearlyReportServices) {
  const reports = services.yearlyReport;

  const loadDraft = async (params: unknown) => {
    const report = await reports.get(numericId(params));
    if (!report) throw new NotFoundError();
    return report;
  };

  const showDraft = async (
    reply: FastifyReply,
    built: Built,
    canEdit: boolean,
    canApprove: boolean,
    errors?: FormErrors,
    values: Record<string, unknown> = {},
  ) => {
    const figures = figureIndex(built.sections);
    return reply.page(`${V}/draft.njk`, {
      title: built.report.title,
      built,
      extras: await sectionExtras(built.sections),
      canEdit,
      canApprove,
      errors,
      values,
      narrative: narrativeHtml(built.report.narrative, figures, (key) => `#fig-${key.replace(/\./g, '-')}`),
      anchor: (key: string) => `fig-${key.replace(/\./g, '-')}`,
      format: formatValue,
      partners: Object.entries(PARTNERS).map(([value, text]) => ({
        value,
        text,
        signed: built.approvals.find((a) => a.partner === value),
      })),
      partnerOptions: selectOptions(
        Object.fromEntries(
          Object.entries(PARTNERS).filter(([p]) => !built.approvals.some((a) => a.partner === p)),
        ),
        values.partner,
      ),
    });
  };

  app.get('/yearly-reports', { config: { permission: 'yearly-report:view' } }, async (request, reply) =>
    reply.page(`${V}/list.njk`, {
      title: 'Yearly reports',
      reports: await reports.list(),
      published: await reports.published(),
      canEdit: request.permissions.allows('yearly-report:edit'),
    }),
  );

  const showForm = (
    reply: FastifyReply,
    id: number | null,
    errors: FormErrors | undefined,
    values: Record<string, unknown>,
  ) =>
    reply.page(`${V}/form.njk`, {
      title: id ? 'Edit the yearly report' : 'Build a yearly report',
      id,
      errors,
      values,
      contents: WORKING_TOGETHER_CONTENTS,
    });

  app.get(
    '/yearly-reports/new',
    { config: { permission: 'yearly-report:edit' } },
    async (_request, reply) => {
      const period = lastReportingYear(londonDate(clock.now()));
      return showForm(reply, null, undefined, {
        title: `Yearly report ${period.from.slice(0, 4)} to ${period.to.slice(0, 4)}`,
        ...period,
      });
    },
  );

  app.post('/yearly-reports', { config: { permission: 'yearly-report:edit' } }, (request, reply) =>
    handleForm(reply, reportInput, request.body, {
      save: (input) => reports.create(request.user!.id, input),
      showForm: (errors, values) => showForm(reply, null, errors, values),
      redirectTo: (r) => `/yearly-reports/${r.id}`,
    }),
  );

  app.get('/yearly-reports/:id', { config: { permission: 'yearly-report:view' } }, async (request, reply) => {
    const report = await loadDraft(request.params);
    return showDraft(
      reply,
      await reports.build(report),
      request.permissions.allows('yearly-report:edit'),
      request.permissions.allows('yearly-report:approve'),
    );
  });

  app.get(
    '/yearly-reports/:id/edit',
    { config: { permission: 'yearly-report:edit' } },
    async (request, reply) => {
      const report = await loadDraft(request.params);
      return showForm(reply, report.id, undefined, {
        title: report.title,
        from: report.periodFrom,
        to: report.periodTo,
        narrative: report.narrative,
      });
    },
  );

  app.post(
    '/yearly-reports/:id/edit',
    { config: { permission: 'yearly-report:edit' } },
    async (request, reply) => {
      const report = await loadDraft(request.params);
      return handleForm(reply, reportInput, request.body, {
        save: (input) => reports.update(report.id, input),
        showForm: (errors, values) => showForm(reply, report.id, errors, values),
        redirectTo: (r) => `/yearly-reports/${r.id}`,
      });
    },
  );

  app.post(
    '/yearly-reports/:id/waivers',
    { config: { permission: 'yearly-report:edit' } },
    async (request, reply) => {
      const report = await loadDraft(request.params);
      return handleForm(reply, waiverInput, request.body, {
        save: (input) => reports.waive(report.id, request.user!.id, input),
        showForm: async (errors, values) => {
          // The waiver's own reason field carries the error, keyed by what is waived.
          const keyed = noErrors();
          for (const s of errors.summary)
            keyed.summary.push({ text: s.text, href: `#reason-${values.kind}-${values.key}` });
          keyed.byField[`reason-${values.kind}-${values.key}`] = {
            text: errors.summary[0]?.text ?? 'Enter the reason',
          };
          return showDraft(reply, await reports.build(report), true, false, keyed, values);
        },
        redirectTo: () => `/yearly-reports/${report.id}#checks`,
      });
    },
  );

  app.post(
    '/yearly-reports/:id/approve',
    { config: { permission: 'yearly-report:approve' } },
    async (request, reply) => {
      const report = await loadDraft(request.params);
      return handleForm(reply, approvalInput, request.body, {
        save: (input) => reports.approve(report.id, request.user!.id, input.partner),
        showForm: async (errors, values) =>
          showDraft(reply, await reports.build(report), false, true, errors, values),
        redirectTo: () => `/yearly-reports/${report.id}#sign-off`,
      });
    },
  );

  app.post(
    '/yearly-reports/:id/publish',
    { config: { permission: 'yearly-report:edit' } },
    async (request, reply) => {
      const report = await loadDraft(request.params);
      const result = await reports.publish(report.id, request.user!.id);
      if (!result.ok) {
        reply.code(400);
        return showDraft(reply, await reports.build(report), true, false, result.errors);
      }
      return reply.redirect(`/reports/yearly/${result.value.id}`, 303);
    },
  );

  // Public: the published reports, each version at its own address.
  app.get('/reports/yearly', { config: { permission: 'public' } }, async (_request, reply) =>
    reply.page(`${V}/public-list.njk`, {
      title: 'Yearly reports of the safeguarding partners',
      published: await reports.published(),
    }),
  );

  const loadVersion = async (params: unknown) => {
    const v = await reports.version(numericId(params));
    if (!v) throw new NotFoundError();
    return v;
  };

  app.get('/reports/yearly/:id', { config: { permission: 'public' } }, async (request, reply) => {
    const v = await loadVersion(request.params);
    const figures = figureIndex(v.sections);
    const href = (key: string) => `/reports/yearly/${v.id}/figures/${encodeURIComponent(key)}`;
    return reply.page(`${V}/public.njk`, {
      title: v.title,
      v,
      extras: await sectionExtras(v.sections),
      narrative: narrativeHtml(v.narrative, figures, href),
      href,
      format: formatValue,
      partners: PARTNERS,
      intact: YearlyReportService.intact(v),
      chromium: chromiumInstalled(),
    });
  });

  app.get(
    '/reports/yearly/:id/figures/:key',
    { config: { permission: 'public' } },
    async (request, reply) => {
      const v = await loadVersion(request.params);
      const key = String((request.params as { key?: unknown }).key ?? '');
      const section = v.sections.find((s) => s.figures.some((f) => f.key === key));
      const figure = section?.figures.find((f) => f.key === key);
      if (!section || !figure) throw new NotFoundError();
      return reply.page(`${V}/figure.njk`, {
        title: `How this was counted: ${figure.label}`,
        v,
        section,
        figure,
        format: formatValue,
      });
    },
  );

  app.get('/reports/yearly/:id/pdf', { config: { permission: 'public' } }, async (request, reply) => {
    const v = await loadVersion(request.params);
    try {
      const pdf = await printPdf(printableHtml(v, services.config.baseUrl, await sectionExtras(v.sections)));
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="yearly-report-${v.periodTo}-v${v.version}.pdf"`)
        .send(pdf);
    } catch (error) {
      if (!(error instanceof ChromiumMissing)) throw error;
      reply.code(503);
      return reply.page(`${V}/no-pdf.njk`, { title: 'The PDF cannot be made', v, message: error.message });
    }
  });
}
