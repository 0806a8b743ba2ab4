/**
 * Operation Encompass monitoring: the dashboard (aggregates only, so executives may see it; no
 * child is ever shown), its tables as CSV files, and the coordinator's enrolment of settings.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { londonDate } from '../../../platform/calendar/index.ts';
import { NotFoundError } from '../../../platform/http/errors.ts';
import type { FormErrors } from '../../../platform/http/forms.ts';
import { pagination, parseParams, selectOptions, sendCsv } from '../../../platform/http/route-helpers.ts';
import { PHASES } from '../../registry/index.ts';
import type { EncompassServices } from '../page-services.ts';
import { readableMoment } from '../pages/journey.ts';
import {
  type Cell,
  dashboardCharts,
  dashboardTables,
  enrolmentChart,
  enrolmentSummary,
  govukTableOf,
  headline,
  longDate,
  percent,
} from './presentation.ts';
import {
  DASHBOARD_TABLES,
  DEFAULT_PERIOD_DAYS,
  ENROLMENT_PAGE_SIZE,
  NEXT_STEP,
  type MovableStatus,
  type Period,
  addDays,
  ENROLMENT_CSV_TABLES,
  type EnrolmentFilters,
  csvTableParam,
  enrolmentCsvTable,
  enrolmentErrors,
  enrolmentFilters,
  enrolmentMoveInput,
  parsePeriod,
} from './schema.ts';
import { ENROLMENT_STATUSES, EncompassMonitoring, type EnrolmentStatus } from './service.ts';
import * as clock from '../../../platform/clock.ts';

const VIEWS = 'encompass/views/monitoring';

const settingParam = z.object({ settingId: z.coerce.number().int().positive().max(2_147_483_647) });
/** The setting id in the path, or 404. */
const settingIdOf = (params: unknown) => parseParams(settingParam, params).settingId;

const periodQuery = (period: Period) => `from=${period.from}&to=${period.to}`;

export function encompassMonitoringRoutes(app: FastifyInstance, services: EncompassServices) {
  const monitoring = new EncompassMonitoring(services.db, () => services.jobs, services.config.baseUrl);

  app.get('/encompass/dashboard', { config: { permission: 'encompass:monitor' } }, async (request, reply) => {
    const now = clock.now();
    const result = parsePeriod(request.query, now);
    const shortcuts = [30, 90, 365].map((days) => {
      const to = londonDate(now);
      return {
        text: days === 365 ? 'Last 12 months' : `Last ${days} days`,
        href: `/encompass/dashboard?from=${addDays(to, -(days - 1))}&to=${to}`,
      };
    });
    if (!result.ok) {
      reply.code(400);
      return reply.page(`${VIEWS}/dashboard.njk`, {
        title: 'Operation Encompass dashboard',
        errors: result.errors,
        values: result.values,
        shortcuts,
      });
    }
    const { period } = result;
    const suppress = request.permissions.seesAggregatesOnly();
    const data = await monitoring.dashboard(period, now);
    const tables = dashboardTables(data, { suppress });
    const charts = await dashboardCharts(data);
    const csvHref = (key: string) => `/encompass/dashboard.csv?table=${key}&${periodQuery(period)}`;
    return reply.page(`${VIEWS}/dashboard.njk`, {
      title: 'Operation Encompass dashboard',
      period,
      periodText: `${longDate(period.from)} to ${longDate(period.to)}`,
      defaultDays: DEFAULT_PERIOD_DAYS,
      values: { from: period.from, to: period.to },
      data,
      headline: headline(data),
      tables: Object.fromEntries(
        DASHBOARD_TABLES.map((key) => [
          key,
          { ...tables[key], govuk: govukTableOf(tables[key]), csvHref: csvHref(key) },
        ]),
      ),
      charts,
      suppress,
      isCoordinator: request.permissions.allows('encompass:coordinate'),
      shortcuts,
    });
  });

  app.get(
    '/encompass/dashboard.csv',
    { config: { permission: 'encompass:monitor' } },
    async (request, reply) => {
      const query = (request.query ?? {}) as Record<string, unknown>;
      const key = csvTableParam.safeParse(query.table);
      if (!key.success) {
        return reply
          .code(400)
          .type('text/plain; charset=utf-8')
          .send(`Choose a table: ${DASHBOARD_TABLES.join(', ')}`);
      }
      const result = parsePeriod(query);
      if (!result.ok) {
        return reply
          .code(400)
          .type('text/plain; charset=utf-8')
          .send(result.errors.summary.map((e) => e.text).join('\n'));
      }
      const { period } = result;
      // The page shows the ten busiest settings; the file has every setting that had a notice.
      const data = await monitoring.dashboard(period, clock.now(), { allSettings: true });
      const table = dashboardTables(data, { suppress: request.permissions.seesAggregatesOnly() })[key.data];
      return sendCsv(reply, `operation-encompass-${key.data}-${period.from}-to-${period.to}.csv`, [
        table.columns.map((c) => c.text),
        ...table.rows,
      ]);
    },
  );

  /** The enrolment page's two tables, as the page shows them and as their CSV files hold them. */
  const enrolmentTables = async (filters: EnrolmentFilters, options: { all?: boolean } = {}) => {
    const [byPhase, toJoin] = await Promise.all([
      monitoring.enrolmentByPhase(),
      monitoring.settingsToJoin(filters, options),
    ]);
    const totals = byPhase.reduce(
      (sum, r) => ({
        joined: sum.joined + r.joined,
        inTraining: sum.inTraining + r.inTraining,
        notJoined: sum.notJoined + r.notJoined,
        total: sum.total + r.total,
      }),
      { joined: 0, inTraining: 0, notJoined: 0, total: 0 },
    );
    const phases = [...byPhase, { label: 'All phases', ...totals }].map((r) => ({
      ...r,
      percentJoined: percent(r.joined, r.total, { none: 'no settings' }),
    }));
    const settings = toJoin.rows.map((r) => ({
      ...r,
      phaseLabel: PHASES[r.phase as keyof typeof PHASES] ?? r.phase,
      statusLabel: ENROLMENT_STATUSES[r.encompassStatus as EnrolmentStatus] ?? r.encompassStatus,
    }));
    return { byPhase, phases, settings, total: toJoin.total };
  };

  const filterQuery = (filters: EnrolmentFilters) => {
    const params = new URLSearchParams();
    for (const name of ['status', 'phase', 'district', 'q'] as const)
      if (filters[name]) params.set(name, String(filters[name]));
    return params;
  };

  app.get(
    '/encompass/enrolment',
    { config: { permission: 'encompass:enrolment' } },
    async (request, reply) => {
      const filters = enrolmentFilters.parse(request.query ?? {});
      const [{ byPhase, phases, settings, total }, districts] = await Promise.all([
        enrolmentTables(filters),
        services.registry.districts(),
      ]);
      const chart = await enrolmentChart(byPhase);
      const pages = Math.max(1, Math.ceil(total / ENROLMENT_PAGE_SIZE));
      const pageHref = (page: number) => {
        const params = filterQuery(filters);
        params.set('page', String(page));
        return `?${params}`;
      };
      const number = (n: number) => n.toLocaleString('en-GB');
      const csvHref = (table: string) => {
        const params = filterQuery(filters);
        params.set('table', table);
        return `/encompass/enrolment.csv?${params}`;
      };
      return reply.page(`${VIEWS}/enrolment.njk`, {
        title: 'Operation Encompass enrolment',
        chart,
        summary: enrolmentSummary(byPhase),
        phaseTable: {
          caption: 'Settings by phase and Operation Encompass enrolment',
          captionClasses: 'govuk-table__caption--s',
          firstCellIsHeader: true,
          attributes: { id: 'table-enrolment' },
          head: [
            { text: 'Phase' },
            { text: 'Joined', format: 'numeric' },
            { text: 'In training', format: 'numeric' },
            { text: 'Not joined', format: 'numeric' },
            { text: 'Total', format: 'numeric' },
            { text: '% joined', format: 'numeric' },
          ],
          rows: phases.map((r) => [
            { text: r.label },
            { text: number(r.joined), format: 'numeric' },
            { text: number(r.inTraining), format: 'numeric' },
            { text: number(r.notJoined), format: 'numeric' },
            { text: number(r.total), format: 'numeric' },
            { text: r.percentJoined, format: 'numeric' },
          ]),
        },
        phaseCsvHref: csvHref('phases'),
        settingsCsvHref: csvHref('settings'),
        rows: settings,
        total,
        filters,
        statuses: [
          { value: '', text: 'Not joined or in training' },
          ...selectOptions({ not_joined: 'Not joined', in_training: 'In training' }, filters.status),
        ],
        phases: [{ value: '', text: 'All phases' }, ...selectOptions(PHASES, filters.phase)],
        districts: [
          { value: '', text: 'All districts' },
          ...districts.map((d) => ({ value: d.code, text: d.name, selected: d.code === filters.district })),
        ],
        pagination: pagination(filters.page, pages, pageHref),
        page: filters.page,
        pages,
      });
    },
  );

  // Both tables of the enrolment page; the settings list whole (every page), with the page's filters.
  app.get(
    '/encompass/enrolment.csv',
    { config: { permission: 'encompass:enrolment' } },
    async (request, reply) => {
      const query = (request.query ?? {}) as Record<string, unknown>;
      const table = enrolmentCsvTable.safeParse(query.table);
      if (!table.success)
        return reply
          .code(400)
          .type('text/plain; charset=utf-8')
          .send(`Choose a table: ${ENROLMENT_CSV_TABLES.join(', ')}`);
      const filters = enrolmentFilters.parse(query);
      const { phases, settings } = await enrolmentTables(filters, { all: true });
      const rows: Cell[][] =
        table.data === 'phases'
          ? [
              ['Phase', 'Joined', 'In training', 'Not joined', 'Total', '% joined'],
              ...phases.map((r) => [r.label, r.joined, r.inTraining, r.notJoined, r.total, r.percentJoined]),
            ]
          : [
              ['Name', 'URN', 'Phase', 'District', 'Enrolment', 'In training since'],
              ...settings.map((s) => [
                s.name,
                s.urn,
                s.phaseLabel,
                s.districtName,
                s.statusLabel,
                s.encompassStatus === 'in_training' ? (s.encompassTrainingStartedOn ?? '') : '',
              ]),
            ];
      return sendCsv(reply, `operation-encompass-enrolment-${table.data}.csv`, rows);
    },
  );

  const settingPage = async (
    reply: FastifyReply,
    settingId: number,
    extra: { values?: Record<string, unknown>; errors?: FormErrors; flash?: string; notice?: string } = {},
  ) => {
    const setting = await monitoring.setting(settingId);
    if (!setting) throw new NotFoundError();
    const status = setting.encompassStatus as EnrolmentStatus;
    const next = status in NEXT_STEP ? NEXT_STEP[status as MovableStatus] : null;
    const values = extra.values ?? {};
    const dateError = extra.errors?.byField.date;
    const item = (name: 'day' | 'month' | 'year', width: number) => ({
      name,
      classes: `govuk-input--width-${width}${dateError ? ' govuk-input--error' : ''}`,
      value: values[`date-${name}`] as string | undefined,
    });
    return reply.page(`${VIEWS}/enrolment-setting.njk`, {
      // 6 December 2026 at 10:30pm, as the Design System writes a time.
      when: readableMoment,
      title: `${setting.name}: Operation Encompass enrolment`,
      setting,
      statusLabel: ENROLMENT_STATUSES[status] ?? status,
      next: next ? { ...next, toLabel: ENROLMENT_STATUSES[next.to] } : null,
      dateItems: [item('day', 2), item('month', 2), item('year', 4)],
      values,
      ...(extra.errors ? { errors: extra.errors } : {}),
      ...(extra.flash ? { flash: extra.flash } : {}),
      notice: extra.notice,
    });
  };

  app.get(
    '/encompass/enrolment/:settingId',
    { config: { permission: 'encompass:enrolment' } },
    async (request, reply) => {
      const settingId = settingIdOf(request.params);
      const query = (request.query ?? {}) as Record<string, string | undefined>;
      const setting = await monitoring.setting(settingId);
      if (!setting) throw new NotFoundError();
      const moved = query.moved
        ? `${setting.name} is now ${(ENROLMENT_STATUSES[setting.encompassStatus as EnrolmentStatus] ?? setting.encompassStatus).toLowerCase()}`
        : undefined;
      const welcome =
        query.welcome === 'queued'
          ? `The welcome pack is on its way to ${setting.safeguardingEmail}`
          : query.welcome === 'already-sent'
            ? 'The welcome pack had already been sent to this setting: it was not sent again'
            : undefined;
      const notice =
        query.welcome === 'email-off'
          ? 'The welcome pack was not sent: this copy of the service is not sending emails (its job queue is off). Try again later, or ask the partnership business unit.'
          : undefined;
      return settingPage(reply, settingId, {
        ...(moved || welcome ? { flash: moved ?? welcome } : {}),
        ...(notice ? { notice } : {}),
      });
    },
  );

  app.post(
    '/encompass/enrolment/:settingId',
    {
      config: {
        permission: 'encompass:enrolment',
        audit: { action: 'update-enrolment', recordType: 'setting' },
      },
    },
    async (request, reply) => {
      const settingId = settingIdOf(request.params);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const parsed = enrolmentMoveInput(londonDate(clock.now())).safeParse(body);
      if (!parsed.success) {
        reply.code(400);
        return settingPage(reply, settingId, { values: body, errors: enrolmentErrors(parsed.error) });
      }
      const result = await monitoring.moveEnrolment(request.auditWriter, settingId, parsed.data);
      if (!result.ok) {
        reply.code(400);
        return settingPage(reply, settingId, {
          values: body,
          errors: {
            summary: [{ text: result.message, href: '#date-day' }],
            byField: { [result.field]: { text: result.message } },
          },
        });
      }
      return reply.redirect(`/encompass/enrolment/${settingId}?moved=1`, 303);
    },
  );

  app.post(
    '/encompass/enrolment/:settingId/welcome-pack',
    {
      config: {
        permission: 'encompass:enrolment',
        audit: { action: 'send-welcome-pack', recordType: 'setting' },
      },
    },
    async (request, reply) => {
      const settingId = settingIdOf(request.params);
      const outcome = await monitoring.sendWelcomePack(request.auditWriter, settingId);
      return reply.redirect(`/encompass/enrolment/${settingId}?welcome=${outcome}`, 303);
    },
  );
}
