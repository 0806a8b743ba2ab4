/**
 * The records behind the multi-agency audits' yearly-report figures (issue 14): the audits whose
 * self-audits started in the period, and their cases and self-audits as each figure counts them.
 * For the QA lead, who runs every audit; each child listed is audited.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../platform/db/client.ts';
import type { ReportPeriod } from '../../platform/modules/define-module.ts';
import {
  type RecordsFigure,
  type RecordsRow,
  recordsHref,
  reportRecordsRoutes,
} from '../yearly-report/index.ts';
import { GRADES } from './rules.ts';
import type { Grade } from './tables.ts';

const BASE = '/quality/report-records';

interface Deps {
  db: Db;
}

/** The audits starting in the period (the report's rule: self-audits start on `startsOn`). */
const auditsIn = (db: Db, period: ReportPeriod) =>
  db
    .selectFrom('qaAudit')
    .select(['id', 'title', 'startsOn', 'panelOn', 'status'])
    .where('startsOn', '>=', period.from)
    .where('startsOn', '<=', period.to)
    .orderBy('startsOn')
    .orderBy('id')
    .execute();

/** The cases of those audits the test picks. */
const cases =
  (test: 'all' | 'approached' | 'responded') =>
  async ({ db }: Deps, period: ReportPeriod): Promise<RecordsRow[]> => {
    const ids = (await auditsIn(db, period)).map((a) => a.id);
    let q = db
      .selectFrom('qaCase as c')
      .innerJoin('qaAudit as a', 'a.id', 'c.auditId')
      .select([
        'c.id',
        'c.auditId',
        'a.title',
        'c.reference',
        'c.childId',
        'c.familyApproached',
        'c.familyResponded',
      ])
      .where('c.auditId', 'in', ids.length ? ids : [-1]);
    if (test === 'approached') q = q.where('c.familyApproached', '=', true);
    if (test === 'responded') q = q.where('c.familyResponded', '=', true);
    const rows = await q.orderBy('a.startsOn').orderBy('c.reference').orderBy('c.id').execute();
    return rows.map((r) => ({
      recordId: r.id,
      childIds: [r.childId],
      cells: [
        { text: r.reference, href: `/quality/audits/${r.auditId}/cases/${r.id}` },
        r.title,
        r.familyApproached ? 'Yes' : 'No',
        r.familyResponded ? 'Yes' : 'No',
      ],
    }));
  };

/** Self-audits of the cases of those audits (of one grade, when asked). */
const selfAudits =
  (grade: Grade | null) =>
  async ({ db }: Deps, period: ReportPeriod): Promise<RecordsRow[]> => {
    const ids = (await auditsIn(db, period)).map((a) => a.id);
    let q = db
      .selectFrom('qaSelfAudit as s')
      .innerJoin('qaCase as c', 'c.id', 's.caseId')
      .innerJoin('registryOrganisation as o', 'o.id', 's.organisationId')
      .select([
        's.id',
        'c.id as caseId',
        'c.auditId',
        'c.reference',
        'c.childId',
        'o.name as agency',
        's.grade',
        'c.panelGrade',
      ])
      .where('c.auditId', 'in', ids.length ? ids : [-1]);
    if (grade) q = q.where('s.grade', '=', grade);
    const rows = await q.orderBy('c.reference').orderBy('o.name').orderBy('s.id').execute();
    return rows.map((r) => ({
      recordId: r.id,
      childIds: [r.childId],
      cells: [
        { text: r.reference, href: `/quality/audits/${r.auditId}/cases/${r.caseId}` },
        r.agency,
        GRADES[r.grade],
        r.panelGrade ? GRADES[r.panelGrade] : 'Not graded',
      ],
    }));
  };

const SELF_AUDIT_COLUMNS = ['Case', 'Agency', 'Agency’s grade', 'Panel’s grade'];
const CASE_COLUMNS = ['Case', 'Audit', 'Family approached', 'Family responded'];

const graded = (grade: Grade): RecordsFigure<Deps> => ({
  label: `Self-audits graded ${grade.replace('_', ' ')}`,
  definition: `Agencies’ self-audits graded ${GRADES[grade].toLowerCase()} by the agency, of the cases of the audits starting in the period.`,
  columns: SELF_AUDIT_COLUMNS,
  rows: selfAudits(grade),
});

export const QUALITY_FIGURES = {
  audits: {
    label: 'Multi-agency audits',
    definition: 'Multi-agency audits whose self-audits start on a day of the period.',
    columns: ['Audit', 'Starts', 'Panel', 'Status'],
    async rows({ db }, period) {
      return (await auditsIn(db, period)).map((a) => ({
        recordId: a.id,
        cells: [{ text: a.title, href: `/quality/audits/${a.id}` }, a.startsOn, a.panelOn, a.status],
      }));
    },
  },
  children: {
    label: 'Children and young people whose experience was audited',
    definition: 'The distinct children of the cases of the audits starting in the period: each child once.',
    columns: ['Child', 'Cases'],
    async rows(deps, period) {
      const all = await cases('all')(deps, period);
      const byChild = new Map<string, RecordsRow[]>();
      for (const r of all) byChild.set(r.childIds![0]!, [...(byChild.get(r.childIds![0]!) ?? []), r]);
      return [...byChild].map(([childId, rows]) => ({
        recordId: childId,
        childIds: [childId],
        cells: [
          { text: 'Child record', href: `/children/${childId}` },
          rows.map((r) => (r.cells[0] as { text: string }).text).join(', '),
        ],
      }));
    },
  },
  'self-audits': {
    label: 'Agencies’ self-audits completed',
    definition:
      'Agencies’ self-audits of the cases of the audits starting in the period, each with the agency’s grade and the panel’s (compared where the panel graded the case).',
    columns: SELF_AUDIT_COLUMNS,
    rows: selfAudits(null),
  },
  outstanding: graded('outstanding'),
  good: graded('good'),
  'requires-improvement': graded('requires_improvement'),
  inadequate: graded('inadequate'),
  'families-approached': {
    label: 'Families approached for feedback',
    definition: 'Cases of the audits starting in the period whose family was approached for feedback.',
    columns: CASE_COLUMNS,
    rows: cases('approached'),
  },
  'families-responded': {
    label: 'Families who responded',
    definition: 'Cases of the audits starting in the period whose family responded.',
    columns: CASE_COLUMNS,
    rows: cases('responded'),
  },
} satisfies Record<string, RecordsFigure<Deps>>;

export type QualityFigure = keyof typeof QUALITY_FIGURES;

export const qualityRecordsHref = (figure: QualityFigure, period: ReportPeriod) =>
  recordsHref(BASE, figure, period);

export function qualityRecordsRoutes(app: FastifyInstance, services: Deps) {
  reportRecordsRoutes(app, services, {
    base: BASE,
    permission: 'quality:manage',
    recordType: 'quality-report-records',
    caption: 'Multi-agency audits',
    back: { text: 'Back to the audits', href: '/quality' },
    figures: QUALITY_FIGURES,
  });
}
