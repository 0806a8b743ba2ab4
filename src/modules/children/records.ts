/**
 * The records behind the child index's yearly-report figures (issue 14): each figure's page lists
 * exactly the child records or likely-duplicate pairs it counts. For data quality and admins only,
 * who already see every child in the duplicates queue; each child listed is audited.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/client.ts';
import type { ReportPeriod } from '../../platform/modules/define-module.ts';
import {
  type RecordsFigure,
  type RecordsRow,
  recordsHref,
  reportRecordsRoutes,
} from '../yearly-report/index.ts';

const BASE = '/children/report-records';

interface Deps {
  db: Db;
}

const decidedIn = (period: ReportPeriod) =>
  sql<boolean>`(decided_at AT TIME ZONE 'Europe/London')::date BETWEEN ${period.from}::date AND ${period.to}::date`;

const childLink = (id: string, given: string, family: string) => ({
  text: `${given} ${family}`,
  href: `/children/${id}`,
});

/** The likely-duplicate pairs of a status (decided in the period, or still open), with both children. */
async function pairs(db: Db, status: 'merged' | 'not_same' | 'open', period: ReportPeriod | null) {
  let q = db
    .selectFrom('childDuplicate as d')
    .innerJoin('child as a', 'a.id', 'd.childA')
    .innerJoin('child as b', 'b.id', 'd.childB')
    .select([
      'd.id',
      'd.childA',
      'd.childB',
      'd.probability',
      'd.foundAt',
      'd.decidedAt',
      'a.givenName as aGiven',
      'a.familyName as aFamily',
      'b.givenName as bGiven',
      'b.familyName as bFamily',
    ])
    .where('d.status', '=', status);
  if (period) q = q.where(decidedIn(period));
  const rows = await q.orderBy('d.id').execute();
  return rows.map(
    (r): RecordsRow => ({
      recordId: r.id,
      childIds: [r.childA, r.childB],
      cells: [
        { text: `Pair ${r.id}`, href: `/children/duplicates/${r.id}` },
        childLink(r.childA, r.aGiven, r.aFamily),
        childLink(r.childB, r.bGiven, r.bFamily),
        `${Math.round(r.probability * 1000) / 10} %`,
        londonDay(r.decidedAt ?? r.foundAt),
      ],
    }),
  );
}

const londonDay = (d: Date) =>
  d.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  });

const PAIR_COLUMNS = ['Pair', 'First record', 'Second record', 'Probability', 'Decided (or found) on'];

export const CHILDREN_FIGURES = {
  children: {
    label: 'Children in the child index',
    definition:
      'Child records in use today (not merged into another record): one for each child known to the partnership.',
    columns: ['Child', 'Date of birth', 'Added on'],
    async rows({ db }) {
      const rows = await db
        .selectFrom('child')
        .select(['id', 'givenName', 'familyName', 'dateOfBirth', 'createdAt'])
        .where('mergedInto', 'is', null)
        .orderBy('familyName')
        .orderBy('givenName')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        recordId: r.id,
        childIds: [r.id],
        cells: [childLink(r.id, r.givenName, r.familyName), String(r.dateOfBirth), londonDay(r.createdAt)],
      }));
    },
  },
  merged: {
    label: 'Records found to be the same child and merged',
    definition: 'Likely duplicate pairs decided "merged" on a day of the period (London time).',
    columns: PAIR_COLUMNS,
    rows: ({ db }, period) => pairs(db, 'merged', period),
  },
  'not-same': {
    label: 'Likely duplicates found not to be the same child',
    definition: 'Likely duplicate pairs decided "not the same child" on a day of the period (London time).',
    columns: PAIR_COLUMNS,
    rows: ({ db }, period) => pairs(db, 'not_same', period),
  },
  open: {
    label: 'Likely duplicates waiting for a decision',
    definition: 'Likely duplicate pairs still open today, whenever they were found.',
    columns: PAIR_COLUMNS,
    rows: ({ db }) => pairs(db, 'open', null),
  },
} satisfies Record<string, RecordsFigure<Deps>>;

export type ChildrenFigure = keyof typeof CHILDREN_FIGURES;

export const childrenRecordsHref = (figure: ChildrenFigure, period: ReportPeriod) =>
  recordsHref(BASE, figure, period);

export function childrenRecordsRoutes(app: FastifyInstance, services: Deps) {
  reportRecordsRoutes(app, services, {
    base: BASE,
    permission: 'children:duplicates',
    recordType: 'child-report-records',
    caption: 'The child index',
    back: { text: 'Back to the likely duplicates', href: '/children/duplicates' },
    figures: CHILDREN_FIGURES,
  });
}
