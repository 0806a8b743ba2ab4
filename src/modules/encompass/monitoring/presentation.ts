/**
 * The dashboard's figures as the page and the CSV files show them: one table model for both, so
 * a download always matches the table above its link; the sentences that say what each chart
 * shows; and the charts. Executives see counts below 5 in per-setting tables as "fewer than 5".
 */
import { DateTime } from 'luxon';
import {
  COLOURS,
  type Chart,
  countBarChart,
  percentageBarChart,
  stackedBarChart,
} from '../../../platform/http/charts.ts';
import { DELAY_BANDS, type Delay } from './queries.ts';
import type { DashboardTableKey } from './schema.ts';
import type { Breakdown, Dashboard, EnrolmentPhaseRow } from './service.ts';

export type Cell = string | number;

export interface Column {
  text: string;
  numeric?: boolean;
}

export interface DataTable {
  key: DashboardTableKey;
  caption: string;
  columns: Column[];
  rows: Cell[][];
  /** Said instead of an empty table. */
  empty: string;
}

/** Small numbers suppressed: what a count between 1 and 4 becomes. */
export const SUPPRESSED = 'fewer than 5';
/** What a percentage that would reveal a count between 1 and 4 becomes. */
export const NOT_SHOWN = 'not shown';
export const SUPPRESSION_THRESHOLD = 5;

const small = (n: number) => n > 0 && n < SUPPRESSION_THRESHOLD;

export function countCell(n: number, suppress = false): Cell {
  return suppress && small(n) ? SUPPRESSED : n;
}

/** A whole percentage, or a phrase when there is nothing to divide by. */
export function percent(
  numerator: number,
  denominator: number,
  options: { suppress?: boolean; none?: string } = {},
): string {
  if (denominator === 0) return options.none ?? 'none yet';
  if (options.suppress && (small(numerator) || small(denominator) || small(denominator - numerator)))
    return NOT_SHOWN;
  return `${Math.round((100 * numerator) / denominator)}%`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A duration as people say it: "45 minutes", "11 hours 30 minutes", "2 days 3 hours". */
export function duration(seconds: number | null): string {
  if (seconds === null) return 'none acknowledged';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return plural(minutes, 'minute');
  const days = Math.floor(minutes / (24 * 60));
  const hours = Math.floor((minutes % (24 * 60)) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours ? `${plural(days, 'day')} ${plural(hours, 'hour')}` : plural(days, 'day');
  return rest ? `${plural(hours, 'hour')} ${plural(rest, 'minute')}` : plural(hours, 'hour');
}

export const longDate = (date: string) =>
  DateTime.fromISO(date, { zone: 'utc' }).setLocale('en-GB').toFormat('d MMMM yyyy');
const shortDate = (date: string) =>
  DateTime.fromISO(date, { zone: 'utc' }).setLocale('en-GB').toFormat('d MMM');

/** Notices whose outcome is known: acknowledged, or past the start of the school day. */
const decided = (row: { acknowledgedOnTime: number; late: number }) => row.acknowledgedOnTime + row.late;

const BREAKDOWN_COLUMNS = (first: string): Column[] => [
  { text: first },
  { text: 'Notices', numeric: true },
  { text: 'Sent on time', numeric: true },
  { text: 'Acknowledged on time', numeric: true },
  { text: 'Late or not acknowledged', numeric: true },
  { text: 'Not yet due', numeric: true },
  { text: '% acknowledged on time', numeric: true },
  { text: 'Median time from incident to acknowledgement', numeric: true },
];

function breakdownRows(rows: Breakdown[]): Cell[][] {
  return rows.map((r) => [
    r.label,
    r.notices,
    r.sentOnTime,
    r.acknowledgedOnTime,
    r.late,
    r.notYetDue,
    percent(r.acknowledgedOnTime, decided(r)),
    duration(r.medianSeconds),
  ]);
}

export function dashboardTables(
  d: Dashboard,
  options: { suppress: boolean },
): Record<DashboardTableKey, DataTable> {
  const s = options.suppress;
  const acknowledged = d.feedback.reduce((sum, f) => sum + f.notices, 0);
  return {
    phase: {
      key: 'phase',
      caption: 'Notices to settings by phase',
      columns: BREAKDOWN_COLUMNS('Phase'),
      rows: breakdownRows(d.byPhase),
      empty: 'No notices went to settings in this period.',
    },
    district: {
      key: 'district',
      caption: 'Notices to settings by the setting’s district',
      columns: BREAKDOWN_COLUMNS('District'),
      rows: breakdownRows(d.byDistrict),
      empty: 'No notices went to settings in this period.',
    },
    setting: {
      key: 'setting',
      caption: `The ${d.topSettings.length === 1 ? 'setting' : `${d.topSettings.length} settings`} that received most notices`,
      columns: [
        { text: 'Setting' },
        { text: 'Phase' },
        { text: 'District' },
        { text: 'Notices', numeric: true },
        { text: 'Acknowledged on time', numeric: true },
        { text: 'Late or not acknowledged', numeric: true },
        { text: '% acknowledged on time', numeric: true },
      ],
      rows: d.topSettings.map((r) => [
        r.settingName,
        r.phaseLabel,
        r.districtName,
        countCell(r.notices, s),
        countCell(r.acknowledgedOnTime, s),
        countCell(r.late, s),
        percent(r.acknowledgedOnTime, decided(r), { suppress: s }),
      ]),
      empty: 'No notices went to settings in this period.',
    },
    late: {
      key: 'late',
      caption:
        'Settings often late: most notices acknowledged after the school day started, or not at all (at least 2 notices due)',
      columns: [
        { text: 'Setting' },
        { text: 'Phase' },
        { text: 'District' },
        { text: 'Notices due', numeric: true },
        { text: 'Acknowledged late', numeric: true },
        { text: 'Not acknowledged', numeric: true },
        { text: '% late or not acknowledged', numeric: true },
      ],
      rows: d.lateSettings.map((r) => [
        r.settingName,
        r.phaseLabel,
        r.districtName,
        countCell(r.decided, s),
        countCell(r.late - r.notAcknowledged, s),
        countCell(r.notAcknowledged, s),
        percent(r.late, r.decided, { suppress: s }),
      ]),
      empty: 'No setting was late with most of its notices in this period.',
    },
    feedback: {
      key: 'feedback',
      caption: 'What recipients said about the notices they acknowledged',
      columns: [
        { text: 'Feedback' },
        { text: 'Notices', numeric: true },
        { text: '% of acknowledged notices', numeric: true },
      ],
      rows: d.feedback.map((f) => [f.label, f.notices, percent(f.notices, acknowledged)]),
      empty: 'No notice from this period has been acknowledged yet.',
    },
    weekly: {
      key: 'weekly',
      caption: 'Incidents and notices per week',
      columns: [
        { text: 'Week beginning' },
        { text: 'Incidents', numeric: true },
        { text: 'Notices', numeric: true },
      ],
      rows: d.weekly.map((w) => [longDate(w.week), w.incidents, w.notices]),
      empty: 'There are no weeks in this period.',
    },
    delays: {
      key: 'delays',
      caption:
        'Police delay (attended to recorded, per incident) and sending delay (recorded to sent, per notice to a setting)',
      columns: [
        { text: 'Delay' },
        { text: 'Measured', numeric: true },
        { text: 'Median', numeric: true },
        { text: '9 in 10 within', numeric: true },
        ...DELAY_BANDS.map((band) => ({ text: band.label, numeric: true })),
      ],
      rows: delayRows(d).map(({ label, delay }) => [
        label,
        delay.measured,
        duration(delay.medianSeconds),
        duration(delay.ninetiethSeconds),
        ...delay.bands,
      ]),
      empty: 'No incidents were recorded in this period.',
    },
  };
}

/** The headline figures, as GOV.UK summary-list rows of text. */
export function headline(d: Dashboard) {
  const o = d.overall;
  return {
    sentOnTime: o.notices
      ? `${percent(o.sentOnTime, o.notices)} (${o.sentOnTime} of ${o.notices})`
      : 'No notices went to settings',
    acknowledgedOnTime: decided(o)
      ? `${percent(o.acknowledgedOnTime, decided(o))} (${o.acknowledgedOnTime} of ${decided(o)})`
      : 'None due yet',
    median: duration(o.medianSeconds),
  };
}

function breakdownSummary(rows: Breakdown[], by: string): string {
  const known = rows.filter((r) => decided(r) > 0);
  if (!known.length)
    return `No notice to a setting has reached the start of its school day in this period, so there is nothing to show by ${by}.`;
  const parts = known.map(
    (r) =>
      `${r.label} ${percent(r.acknowledgedOnTime, decided(r))} (${r.acknowledgedOnTime} of ${decided(r)})`,
  );
  return `Percentage of notices to settings acknowledged before the school day started, by ${by}: ${parts.join('; ')}.`;
}

export function weeklySummary(d: Dashboard): string {
  if (!d.weekly.length) return 'There are no weeks in this period.';
  const total = d.weekly.reduce((sum, w) => sum + w.notices, 0);
  const first = d.weekly[0]!;
  const last = d.weekly[d.weekly.length - 1]!;
  const busiest = d.weekly.reduce((a, b) => (b.notices > a.notices ? b : a), first);
  const span = `from the week beginning ${longDate(first.week)} to the week beginning ${longDate(last.week)}`;
  if (!total) return `No notices ${span}.`;
  return `Notices per week ${span}: ${total} in total; the most, ${busiest.notices}, in the week beginning ${longDate(busiest.week)}.`;
}

const delayRows = (d: Dashboard): { label: string; delay: Delay }[] =>
  d.delays.police.measured || d.delays.sending.measured
    ? [
        { label: 'Police delay', delay: d.delays.police },
        { label: 'Sending delay', delay: d.delays.sending },
      ]
    : [];

/** Quicker to slower: green, blue, dark blue, orange, red (GOV.UK colours). */
const DELAY_COLOURS = ['#00703c', '#1d70b8', '#003078', '#f47738', '#d4351c'];

export function delaysSummary(d: Dashboard): string {
  const { police, sending } = d.delays;
  if (!police.measured) return 'No incidents were recorded in this period, so there are no delays to show.';
  const sent = sending.measured
    ? `From recording to a setting receiving its notice (${plural(sending.measured, 'notice')}): median ${duration(sending.medianSeconds)}, 9 in 10 within ${duration(sending.ninetiethSeconds)}.`
    : 'No notice to a setting has been sent yet.';
  return `From the police attending (or being told) to recording the incident here (${plural(police.measured, 'incident')}): median ${duration(police.medianSeconds)}, 9 in 10 within ${duration(police.ninetiethSeconds)}. ${sent}`;
}

export interface DashboardCharts {
  phase: Chart | null;
  district: Chart | null;
  weekly: Chart | null;
  phaseSummary: string;
  districtSummary: string;
  weeklySummary: string;
  delays: Chart | null;
  delaysSummary: string;
}

export async function dashboardCharts(d: Dashboard): Promise<DashboardCharts> {
  const bars = (rows: Breakdown[]) =>
    rows
      .filter((r) => decided(r) > 0)
      .map((r) => ({ label: r.label, value: (100 * r.acknowledgedOnTime) / decided(r) }));
  const phaseSummary = breakdownSummary(d.byPhase, 'phase');
  const districtSummary = breakdownSummary(d.byDistrict, 'district');
  const weekly = weeklySummary(d);
  const delays = delaysSummary(d);
  const [phase, district, weeklyChart, delaysChart] = await Promise.all([
    bars(d.byPhase).length
      ? percentageBarChart({
          id: 'chart-phase',
          label:
            'Bar chart: percentage of notices to settings acknowledged before the school day started, by phase',
          summary: phaseSummary,
          axisTitle: 'Acknowledged on time',
          categoryTitle: '',
          data: bars(d.byPhase),
        })
      : null,
    bars(d.byDistrict).length
      ? percentageBarChart({
          id: 'chart-district',
          label:
            'Bar chart: percentage of notices to settings acknowledged before the school day started, by district',
          summary: districtSummary,
          axisTitle: 'Acknowledged on time',
          categoryTitle: '',
          data: bars(d.byDistrict),
        })
      : null,
    d.weekly.length
      ? countBarChart({
          id: 'chart-weekly',
          label: 'Bar chart: notices per week',
          summary: weekly,
          axisTitle: 'Notices',
          categoryTitle: 'Week beginning',
          data: d.weekly.map((w) => ({ label: shortDate(w.week), value: w.notices })),
        })
      : null,
    delayRows(d).length
      ? stackedBarChart({
          id: 'chart-delays',
          label: 'Stacked bar chart: police delay and sending delay, by how long they took',
          summary: delays,
          axisTitle: 'Incidents (police delay) or notices (sending delay)',
          categoryTitle: '',
          series: DELAY_BANDS.map((band, i) => ({ name: band.label, colour: DELAY_COLOURS[i]! })),
          data: delayRows(d).flatMap(({ label, delay }) =>
            DELAY_BANDS.map((band, i) => ({
              category: label,
              series: band.label,
              value: delay.bands[i] ?? 0,
            })),
          ),
        })
      : null,
  ]);
  return {
    phase,
    district,
    weekly: weeklyChart,
    phaseSummary,
    districtSummary,
    weeklySummary: weekly,
    delays: delaysChart,
    delaysSummary: delays,
  };
}

export function enrolmentSummary(rows: EnrolmentPhaseRow[]): string {
  if (!rows.length) return 'There are no settings in the registry yet.';
  return `Operation Encompass enrolment by phase: ${rows
    .map(
      (r) =>
        `${r.label}, ${r.joined} of ${r.total} joined (${percent(r.joined, r.total)}), ${r.inTraining} in training, ${r.notJoined} not joined`,
    )
    .join('; ')}.`;
}

export async function enrolmentChart(rows: EnrolmentPhaseRow[]): Promise<Chart | null> {
  if (!rows.length) return null;
  return stackedBarChart({
    id: 'chart-enrolment',
    label: 'Stacked bar chart: settings joined, in training and not joined, by phase',
    summary: enrolmentSummary(rows),
    axisTitle: 'Settings',
    categoryTitle: '',
    series: [
      { name: 'Joined', colour: COLOURS.green },
      { name: 'In training', colour: COLOURS.blue },
      { name: 'Not joined', colour: COLOURS.grey },
    ],
    data: rows.flatMap((r) => [
      { category: r.label, series: 'Joined', value: r.joined },
      { category: r.label, series: 'In training', value: r.inTraining },
      { category: r.label, series: 'Not joined', value: r.notJoined },
    ]),
  });
}

/** GOV.UK table macro arguments for a data table (numbers as the page shows them). */
export function govukTableOf(table: DataTable) {
  const format = (cell: Cell) => (typeof cell === 'number' ? cell.toLocaleString('en-GB') : cell);
  return {
    caption: table.caption,
    captionClasses: 'govuk-table__caption--s',
    firstCellIsHeader: true,
    attributes: { id: `table-${table.key}` },
    classes: 'govuk-table--small-text-until-tablet',
    head: table.columns.map((c) => ({ text: c.text, ...(c.numeric ? { format: 'numeric' } : {}) })),
    rows: table.rows.map((row) =>
      row.map((cell, i) => ({
        text: format(cell),
        ...(table.columns[i]?.numeric ? { format: 'numeric' } : {}),
      })),
    ),
  };
}
