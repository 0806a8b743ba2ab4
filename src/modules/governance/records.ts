/**
 * The records behind the governance section's yearly-report figures (issue 14): the meetings,
 * priorities, documents, arrangement updates and scrutiny activities each figure counts, read
 * through the same service calls as the figures. No child in any of them; for those who see the
 * governance pages. The budget's sums link to the statement they are re-added from.
 */
import type { FastifyInstance } from 'fastify';
import { londonDate } from '../../platform/calendar/index.ts';
import { now } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/client.ts';
import type { ReportPeriod } from '../../platform/modules/define-module.ts';
import { type RecordsFigure, recordsHref, reportRecordsRoutes } from '../yearly-report/index.ts';
import type { GovernanceService } from './governance-service.ts';
import { quarterOf } from './rules.ts';

const BASE = '/governance/report-records';

interface Deps {
  db: Db;
  governance: GovernanceService;
}

/** The financial year (e.g. 2025-26) a period's last day falls in. */
export function yearOfPeriod(period: ReportPeriod): string {
  const [y, m] = period.to.split('-').map(Number) as [number, number];
  const start = m <= 3 ? y - 1 : y;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/** The priorities of the period's year, with the quarters so far (all four for a year gone by). */
export function prioritiesOf(governance: GovernanceService, period: ReportPeriod) {
  const year = yearOfPeriod(period);
  const current = quarterOf(londonDate(now()));
  return governance.priorities(year, year < current.year ? 4 : current.quarter);
}

/** Published documents overdue for review as the period ends (or today, for a period still running). */
export async function overdueDocuments(governance: GovernanceService, period: ReportPeriod) {
  const today = londonDate(now());
  const asOf = [period.to, today].sort()[0] ?? today;
  return {
    asOf,
    documents: (await governance.documents(asOf)).filter((d) => d.overdue && d.status === 'published'),
  };
}

const priorityRows = async ({ governance }: Deps, period: ReportPeriod, stalledOnly: boolean) =>
  (await prioritiesOf(governance, period))
    .filter((p) => !stalledOnly || p.stalled)
    .map((p) => ({
      recordId: p.id,
      cells: [{ text: p.title, href: '/governance/priorities' }, p.stalled ? 'Yes' : 'No'],
    }));

export const GOVERNANCE_FIGURES = {
  meetings: {
    label: 'Meetings of the executive group and subgroups',
    definition:
      'Meetings of the executive group and its subgroups held on a day of the period, each with its attendance.',
    columns: ['Group', 'Held on', 'Present', 'Members recorded'],
    async rows({ db }, period) {
      const rows = await db
        .selectFrom('governanceMeeting as m')
        .innerJoin('governanceGroup as g', 'g.id', 'm.groupId')
        .select((eb) => [
          'm.id',
          'g.id as groupId',
          'g.name',
          'm.heldOn',
          eb
            .selectFrom('governanceAttendance as a')
            .whereRef('a.meetingId', '=', 'm.id')
            .where('a.present', '=', true)
            .select(eb.fn.countAll<number>().as('n'))
            .as('present'),
          eb
            .selectFrom('governanceAttendance as a')
            .whereRef('a.meetingId', '=', 'm.id')
            .select(eb.fn.countAll<number>().as('n'))
            .as('expected'),
        ])
        .where('m.heldOn', '>=', period.from)
        .where('m.heldOn', '<=', period.to)
        .orderBy('m.heldOn')
        .orderBy('m.id')
        .execute();
      return rows.map((r) => ({
        recordId: r.id,
        cells: [
          { text: r.name, href: `/governance/groups/${r.groupId}` },
          r.heldOn,
          Number(r.present ?? 0),
          Number(r.expected ?? 0),
        ],
      }));
    },
  },
  priorities: {
    label: 'Priorities of the year',
    definition: 'The partnership’s priorities (areas of focus) of the financial year the period ends in.',
    columns: ['Priority', 'No evidence of progress for two quarters'],
    rows: (deps, period) => priorityRows(deps, period, false),
  },
  stalled: {
    label: 'Priorities without evidence of progress for two quarters in a row',
    definition:
      'Priorities of the financial year the period ends in whose quarterly updates gave no evidence of progress for two quarters in a row.',
    columns: ['Priority', 'No evidence of progress for two quarters'],
    rows: (deps, period) => priorityRows(deps, period, true),
  },
  'overdue-documents': {
    label: 'Published documents overdue for review',
    definition:
      'Published documents whose review date is before the last day of the period (or today, for a period still running).',
    columns: ['Document', 'Owner', 'Review date'],
    async rows({ governance }, period) {
      return (await overdueDocuments(governance, period)).documents.map((d) => ({
        recordId: d.id,
        cells: [{ text: d.title, href: `/governance/documents/${d.id}` }, d.owner, d.reviewOn],
      }));
    },
  },
  'arrangement-updates': {
    label: 'Updates to the published arrangements',
    definition: 'Versions of the published safeguarding arrangements issued on a day of the period.',
    columns: ['Document', 'Version', 'Issued on', 'Timescale'],
    async rows({ governance }, period) {
      return (await governance.arrangementUpdates(period)).map((u, i) => ({
        recordId: i,
        cells: [u.title, u.version, u.issuedOn, u.timescale ?? ''],
      }));
    },
  },
  scrutiny: {
    label: 'Independent scrutiny activities',
    definition:
      'Independent scrutiny activities held on a day of the period, with how many findings have the partners’ response.',
    columns: ['Activity', 'Held on', 'Scrutineer', 'Findings answered'],
    async rows({ governance }, period) {
      return (await governance.scrutiny(period)).map((a) => ({
        recordId: a.id,
        cells: [
          { text: a.title, href: '/governance/scrutiny' },
          a.heldOn,
          a.scrutineer,
          `${a.findings.filter((f) => f.response).length} of ${a.findings.length}`,
        ],
      }));
    },
  },
} satisfies Record<string, RecordsFigure<Deps>>;

export type GovernanceFigure = keyof typeof GOVERNANCE_FIGURES;

export const governanceRecordsHref = (figure: GovernanceFigure, period: ReportPeriod) =>
  recordsHref(BASE, figure, period);

export function governanceRecordsRoutes(app: FastifyInstance, services: Deps) {
  reportRecordsRoutes(app, services, {
    base: BASE,
    permission: 'governance:view',
    recordType: 'governance-report-records',
    caption: 'Governance',
    back: { text: 'Back to the groups', href: '/governance/groups' },
    figures: GOVERNANCE_FIGURES,
  });
}
