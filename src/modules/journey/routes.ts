/**
 * The KPI dashboard (any period beside the previous one of the same length, comparators, "1 in N
 * children", a chart and a table for each KPI), the records behind a figure (not for executives),
 * the QA lead's notes, and the admin's comparators and child population. Every view is audited.
 */
import type { FastifyInstance } from 'fastify';
import { londonDate } from '../../platform/calendar/index.ts';
import { now } from '../../platform/clock.ts';
import { addDays } from '../../platform/calendar/civil-date.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { foldDateParts, periodInput as datePeriodInput, readDateInput } from '../../platform/http/fields.ts';
import { type FormErrors, formError, noErrors, parseForm, zodFormErrors } from '../../platform/http/forms.ts';
import { parseParams, sendCsv } from '../../platform/http/route-helpers.ts';
import type { PlatformServices } from '../../platform/modules/define-module.ts';
import { kpiChart } from './charts.ts';
import { journeyImportRoutes } from './import-routes.ts';
import { type Breakdown, KPIS, KPI_BY_ID, type KpiDefinition } from './kpi-definitions.ts';
import type { KpiFigure, Period } from './kpis.ts';
import { kpiParam, noteInput, optionalNumber, periodInput, recordsQuery, yearInput } from './schema.ts';
import type { JourneyService } from './service.ts';
import type { Comparator } from './tables.ts';

export type JourneyServices = PlatformServices & { journey: JourneyService };

const VIEWS = 'journey/views';

const COMPARATORS: { key: Comparator; label: string }[] = [
  { key: 'statistical_neighbours', label: 'Statistical neighbours' },
  { key: 'region', label: 'Region' },
  { key: 'england', label: 'England' },
];

const BREAKDOWN_LABELS: Record<Breakdown, string> = {
  source_agency: 'By referring agency',
  district: 'By district',
  category: 'By category of plan',
};

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
export const longDate = (d: string) =>
  `${Number(d.slice(8, 10))} ${MONTHS[Number(d.slice(5, 7)) - 1]} ${d.slice(0, 4)}`;
const periodText = (p: Period) => `${longDate(p.from)} to ${longDate(p.to)}`;

/** A figure as people read it: a count, a percentage, or a rate per 10,000 children. */
export function formatValue(kpi: KpiDefinition, value: number | null): string {
  if (value === null) return 'no data';
  if (kpi.unit === 'count') return value.toLocaleString('en-GB');
  if (kpi.unit === 'rate') return `${value.toFixed(1)} per 10,000`;
  return `${(value * 100).toFixed(1)}%`;
}

/** The previous period of the same length, ending the day before. */
export function previousPeriod(p: Period): Period {
  const days =
    Math.round((Date.parse(`${p.to}T00:00:00Z`) - Date.parse(`${p.from}T00:00:00Z`)) / 86_400_000) + 1;
  const to = addDays(p.from, -1);
  return { from: addDays(to, -(days - 1)), to };
}

const escapeHtml = (v: string) =>
  v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const counts = (f: KpiFigure) => ({
  numText: f.numerator.toLocaleString('en-GB'),
  denText: f.denominator === null ? '' : f.denominator.toLocaleString('en-GB'),
});

const overallOf = (figures: KpiFigure[], id: string) =>
  figures.find((f) => f.id === id && f.by === undefined)!;

function groupName(by: Breakdown, group: string | null, districts: Map<number, string>) {
  if (group === null) return 'Not recorded';
  if (by === 'district') return districts.get(Number(group)) ?? `District ${group}`;
  return group.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/**
 * The dashboard's period: two GOV.UK date inputs (from-day, from-month, from-year…), or
 * YYYY-MM-DD in a link; none asked is the year to today. From later than To is refused on To.
 */
function periodOf(
  query: unknown,
  at = now(),
): { ok: true; period: Period } | { ok: false; errors: FormErrors; values: Record<string, unknown> } {
  const q = (query ?? {}) as Record<string, unknown>;
  const folded = foldDateParts(q) as Record<string, unknown>;
  if ((['from', 'to'] as const).every((k) => 'blank' in readDateInput(folded[k], k))) {
    const to = londonDate(at);
    return { ok: true, period: { from: addDays(to, -364), to } };
  }
  const parsed = parseForm(
    datePeriodInput({
      from: 'The first day of the period',
      to: 'The last day of the period',
      backwards: 'The last day must be on or after the first day',
    }),
    q,
  );
  if (!parsed.ok) return { ok: false, errors: parsed.errors, values: q };
  return { ok: true, period: parsed.value };
}

export function journeyRoutes(app: FastifyInstance, services: JourneyServices) {
  const journey = services.journey;
  journeyImportRoutes(app, services);

  const districtNames = async () =>
    new Map(
      (await services.db.selectFrom('registryDistrict').select(['id', 'name']).execute()).map((d) => [
        d.id,
        d.name,
      ]),
    );

  async function dashboard(period: Period, options: { records: boolean; notes: boolean }) {
    const previous = previousPeriod(period);
    const year = Number(period.to.slice(0, 4));
    const [current, before, comparators, notes, districts, population] = await Promise.all([
      journey.kpis(period),
      journey.kpis(previous, { breakdowns: false }),
      journey.comparators(year),
      journey.notes(period),
      districtNames(),
      services.db
        .selectFrom('journeyPopulation')
        .select((eb) => eb.fn.sum<number>('children').as('total'))
        .where('year', '=', (eb) =>
          eb
            .selectFrom('journeyPopulation as p')
            .select((e) => e.fn.max('p.year').as('y'))
            .where('p.year', '<=', year),
        )
        .executeTakeFirst(),
    ]);
    const children = Number(population?.total ?? 0);
    const query = `from=${period.from}&to=${period.to}`;
    return KPIS.map((kpi) => {
      const now = overallOf(current, kpi.id);
      const then = overallOf(before, kpi.id);
      const comps = comparators.get(kpi.id) ?? {};
      const count = kpi.unit === 'rate' ? now.numerator : kpi.perChildren ? now.numerator : null;
      const oneInN = kpi.perChildren && count && children ? Math.round(children / count) : null;
      const rows = [
        { label: 'This period', period: periodText(period), figure: now },
        { label: 'Previous period', period: periodText(previous), figure: then },
      ];
      const bars = [
        ...rows.map((r) => ({
          label: r.label,
          value: r.figure.value,
          text: formatValue(kpi, r.figure.value),
        })),
        ...COMPARATORS.filter((c) => comps[c.key] !== undefined).map((c) => ({
          label: c.label,
          value: comps[c.key]!,
          text: formatValue(kpi, comps[c.key]!),
        })),
      ];
      const breakdowns = kpi.breakdowns
        .map((by) => ({
          by,
          title: BREAKDOWN_LABELS[by],
          rows: current
            .filter((f) => f.id === kpi.id && f.by === by)
            .map((f) => ({
              name: groupName(by, f.group ?? null, districts),
              figure: f,
              ...counts(f),
              text: formatValue(kpi, f.value),
              nameHtml: options.records
                ? `<a class="govuk-link" href="/journey/kpis/${kpi.id}/records?${query}&amp;by=${by}&amp;group=${encodeURIComponent(f.group ?? '')}">${escapeHtml(groupName(by, f.group ?? null, districts))}</a>`
                : escapeHtml(groupName(by, f.group ?? null, districts)),
            })),
        }))
        .filter((b) => b.rows.length > 0);
      return {
        kpi,
        rows: rows.map((r) => ({ ...r, text: formatValue(kpi, r.figure.value), ...counts(r.figure) })),
        comparators: COMPARATORS.map((c) => ({
          label: c.label,
          text: comps[c.key] === undefined ? 'not entered' : formatValue(kpi, comps[c.key]!),
        })),
        oneInN,
        chart: kpiChart(kpi.id, `${kpi.label}, ${periodText(period)}`, bars),
        breakdowns,
        recordsHref: options.records ? `/journey/kpis/${kpi.id}/records?${query}` : null,
        note: notes.get(kpi.id) ?? null,
      };
    });
  }

  app.get(
    '/journey/kpis',
    { config: { permission: 'journey:kpis', audit: { action: 'view', recordType: 'journey-kpis' } } },
    async (request, reply) => {
      const result = periodOf(request.query);
      if (!result.ok) {
        reply.code(400);
        return reply.page(`${VIEWS}/dashboard.njk`, {
          title: 'Journey KPIs',
          errors: result.errors,
          values: result.values,
        });
      }
      const { period } = result;
      const cards = await dashboard(period, {
        records: request.permissions.allows('journey:records'),
        notes: request.permissions.allows('journey:notes'),
      });
      await services.db
        .transaction()
        .execute((trx) => request.audit(trx, { recordId: `${period.from}..${period.to}` }));
      return reply.page(`${VIEWS}/dashboard.njk`, {
        title: 'Journey KPIs',
        errors: noErrors(),
        values: period,
        period,
        periodText: periodText(period),
        previousText: periodText(previousPeriod(period)),
        cards,
        canWriteNotes: request.permissions.allows('journey:notes'),
        canEditComparators: request.permissions.allows('journey:comparators'),
      });
    },
  );

  // The dashboard's figures as a CSV file: every KPI and breakdown for the period, beside the
  // previous period of the same length. Figures only (no child's details), as on the dashboard.
  app.get(
    '/journey/kpis.csv',
    { config: { permission: 'journey:kpis', audit: { action: 'export', recordType: 'journey-kpis' } } },
    async (request, reply) => {
      const result = periodOf(request.query);
      if (!result.ok) throw new NotFoundError();
      const { period } = result;
      const previous = previousPeriod(period);
      const [figures, before, names] = await Promise.all([
        journey.kpis(period),
        journey.kpis(previous),
        districtNames(),
      ]);
      const key = (f: KpiFigure) => `${f.id}\u0000${f.by ?? ''}\u0000${f.group ?? ''}`;
      const earlier = new Map(before.map((f) => [key(f), f]));
      const group = (f: KpiFigure) =>
        f.by === undefined
          ? ''
          : f.group === null || f.group === undefined
            ? 'not recorded'
            : f.by === 'district'
              ? (names.get(Number(f.group)) ?? f.group)
              : f.group;
      const rows: unknown[][] = [
        [
          'kpi',
          'label',
          'breakdown',
          'group',
          'from',
          'to',
          'numerator',
          'denominator',
          'value',
          'previous_from',
          'previous_to',
          'previous_numerator',
          'previous_denominator',
          'previous_value',
          'definition',
        ],
      ];
      for (const f of figures) {
        const kpi = KPI_BY_ID.get(f.id)!;
        const p = earlier.get(key(f));
        rows.push([
          f.id,
          kpi.label,
          f.by ?? '',
          group(f),
          period.from,
          period.to,
          f.numerator,
          f.denominator ?? '',
          f.value ?? '',
          previous.from,
          previous.to,
          p?.numerator ?? '',
          p?.denominator ?? '',
          p?.value ?? '',
          kpi.definition,
        ]);
      }
      await services.db
        .transaction()
        .execute((trx) => request.audit(trx, { recordId: `${period.from}..${period.to}` }));
      return sendCsv(reply, `journey-kpis-${period.from}-to-${period.to}.csv`, rows);
    },
  );

  app.get(
    '/journey/kpis/:id/records',
    {
      config: { permission: 'journey:records', audit: { action: 'view', recordType: 'journey-kpi-records' } },
    },
    async (request, reply) => {
      const { id } = parseParams(kpiParam, request.params);
      const result = periodOf(request.query);
      if (!result.ok) throw new NotFoundError();
      const q = recordsQuery.safeParse(request.query);
      if (!q.success) throw new NotFoundError();
      const kpi = KPI_BY_ID.get(id)!;
      const breakdown = q.data.by ? { by: q.data.by, group: q.data.group ? q.data.group : null } : undefined;
      const members = await journey.recordsBehind(request.auditWriter, result.period, id, breakdown);
      const districts = await districtNames();
      return reply.page(`${VIEWS}/records.njk`, {
        title: `${kpi.label}: the records`,
        kpi,
        periodText: periodText(result.period),
        breakdownText: breakdown
          ? `${BREAKDOWN_LABELS[breakdown.by]}: ${groupName(breakdown.by, breakdown.group, districts)}`
          : null,
        back: `/journey/kpis?from=${result.period.from}&to=${result.period.to}#${id}`,
        numeratorCount: new Set(members.filter((m) => m.num).map((m) => m.unit)).size,
        denominatorCount: new Set(members.filter((m) => m.den).map((m) => m.unit)).size,
        rows: members.slice(0, 1000).map((m) => ({
          ...m,
          date: longDate(m.occurredOn),
          due: m.dueOn ? longDate(m.dueOn) : null,
          district:
            m.districtId === null ? 'Not recorded' : (districts.get(m.districtId) ?? String(m.districtId)),
        })),
        truncated: members.length > 1000,
      });
    },
  );

  app.post(
    '/journey/kpis/:id/note',
    { config: { permission: 'journey:notes', audit: { action: 'update', recordType: 'journey-kpi-note' } } },
    async (request, reply) => {
      const { id } = parseParams(kpiParam, request.params);
      const parsed = noteInput.safeParse(request.body);
      const body = (request.body ?? {}) as Record<string, string>;
      const period = periodInput.safeParse(body);
      if (!period.success) throw new NotFoundError();
      if (!parsed.success) {
        reply.code(400);
        const errors = zodFormErrors(parsed.error);
        return reply.page(`${VIEWS}/note.njk`, {
          title: `Note on ${KPI_BY_ID.get(id)!.label}`,
          kpi: KPI_BY_ID.get(id),
          period: period.data,
          periodText: periodText(period.data),
          errors,
          values: body,
        });
      }
      await journey.writeNote(request.auditWriter, request.user!.id, period.data, id, {
        strengths: parsed.data.strengths,
        areasOfFocus: parsed.data.areasOfFocus,
      });
      return reply.redirect(`/journey/kpis?from=${period.data.from}&to=${period.data.to}#${id}`, 303);
    },
  );

  const comparatorForm = async (year: number, values?: Record<string, string>, errors = noErrors()) => {
    const stored = await journey.comparators(year);
    return {
      title: 'Comparators',
      year,
      errors,
      kpis: KPIS.map((kpi) => ({
        kpi,
        unitHint:
          kpi.unit === 'proportion'
            ? 'as a percentage'
            : kpi.unit === 'rate'
              ? 'per 10,000 children'
              : 'a count',
        fields: COMPARATORS.map((c) => {
          const name = `${kpi.id}__${c.key}`;
          const v = stored.get(kpi.id)?.[c.key];
          return {
            name,
            label: c.label,
            value: values
              ? (values[name] ?? '')
              : v === undefined
                ? ''
                : String(kpi.unit === 'proportion' ? Number((v * 100).toFixed(4)) : v),
            error: errors.byField[name],
          };
        }),
      })),
    };
  };

  app.get(
    '/journey/comparators',
    {
      config: {
        permission: 'journey:comparators',
        audit: { action: 'view', recordType: 'journey-comparators' },
      },
    },
    async (request, reply) => {
      const year = yearInput.safeParse((request.query as Record<string, string>)?.year);
      await services.db
        .transaction()
        .execute((trx) => request.audit(trx, { recordId: year.success ? String(year.data) : null }));
      return reply.page(
        `${VIEWS}/comparators.njk`,
        await comparatorForm(year.success ? year.data : Number(londonDate(now()).slice(0, 4))),
      );
    },
  );

  app.post(
    '/journey/comparators',
    {
      config: {
        permission: 'journey:comparators',
        audit: { action: 'update', recordType: 'journey-comparators' },
      },
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, string>;
      const year = yearInput.safeParse(body.year);
      if (!year.success) throw new NotFoundError();
      const errors = noErrors();
      const values: { kpi: string; comparator: Comparator; value: number | null }[] = [];
      for (const kpi of KPIS)
        for (const c of COMPARATORS) {
          const name = `${kpi.id}__${c.key}`;
          const parsed = optionalNumber(`${c.label} for ${kpi.label}`).safeParse(body[name]);
          if (!parsed.success) formError(name, parsed.error.issues[0]!.message, errors);
          else
            values.push({
              kpi: kpi.id,
              comparator: c.key,
              value:
                parsed.data === null ? null : kpi.unit === 'proportion' ? parsed.data / 100 : parsed.data,
            });
        }
      if (errors.summary.length > 0) {
        reply.code(400);
        return reply.page(`${VIEWS}/comparators.njk`, await comparatorForm(year.data, body, errors));
      }
      await journey.setComparators(request.auditWriter, request.user!.id, year.data, values);
      return reply.redirect(`/journey/comparators?year=${year.data}&saved=1`, 303);
    },
  );

  const populationForm = async (year: number, values?: Record<string, string>, errors = noErrors()) => {
    const [districts, stored] = await Promise.all([
      services.db.selectFrom('registryDistrict').select(['id', 'name']).orderBy('name').execute(),
      journey.population(year),
    ]);
    return {
      title: 'Child population',
      year,
      errors,
      districts: districts.map((d) => {
        const name = `district_${d.id}`;
        const v = stored.find((s) => s.districtId === d.id)?.children;
        return {
          name,
          label: d.name,
          value: values ? (values[name] ?? '') : v === undefined ? '' : String(v),
          error: errors.byField[name],
        };
      }),
    };
  };

  app.get(
    '/journey/population',
    {
      config: {
        permission: 'journey:comparators',
        audit: { action: 'view', recordType: 'journey-population' },
      },
    },
    async (request, reply) => {
      const year = yearInput.safeParse((request.query as Record<string, string>)?.year);
      await services.db
        .transaction()
        .execute((trx) => request.audit(trx, { recordId: year.success ? String(year.data) : null }));
      return reply.page(
        `${VIEWS}/population.njk`,
        await populationForm(year.success ? year.data : Number(londonDate(now()).slice(0, 4))),
      );
    },
  );

  app.post(
    '/journey/population',
    {
      config: {
        permission: 'journey:comparators',
        audit: { action: 'update', recordType: 'journey-population' },
      },
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, string>;
      const year = yearInput.safeParse(body.year);
      if (!year.success) throw new NotFoundError();
      const districts = await services.db.selectFrom('registryDistrict').select(['id', 'name']).execute();
      const errors = noErrors();
      const rows: { districtId: number; year: number; children: number }[] = [];
      for (const d of districts) {
        const name = `district_${d.id}`;
        const parsed = optionalNumber(`The child population of ${d.name}`).safeParse(body[name]);
        if (!parsed.success) formError(name, parsed.error.issues[0]!.message, errors);
        else if (parsed.data !== null) {
          if (!Number.isInteger(parsed.data) || parsed.data <= 0)
            formError(name, `The child population of ${d.name} must be a whole number of children`, errors);
          else rows.push({ districtId: d.id, year: year.data, children: parsed.data });
        }
      }
      if (errors.summary.length === 0 && rows.length === 0)
        formError(
          `district_${districts[0]?.id ?? 0}`,
          'Enter the child population of at least one district',
          errors,
        );
      if (errors.summary.length > 0) {
        reply.code(400);
        return reply.page(`${VIEWS}/population.njk`, await populationForm(year.data, body, errors));
      }
      await journey.setPopulation(request.auditWriter, request.user!.id, rows);
      return reply.redirect(`/journey/population?year=${year.data}&saved=1`, 303);
    },
  );
}
