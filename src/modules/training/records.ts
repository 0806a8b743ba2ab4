/**
 * The records behind the training's yearly-report figures (issue 14): the places booked on the
 * sessions held in the period, as each figure counts them (attended at core courses, at each
 * course, or every place marked, the non-attendance rate's denominator). Practitioners' places,
 * not children's; for the business unit, who keeps every register.
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

const BASE = '/training/report-records';

interface Deps {
  db: Db;
}

const ATTENDANCE: Record<string, string> = {
  attended: 'Attended',
  did_not_attend: 'Did not attend',
  cancelled_late: 'Cancelled late',
};

/** Booked places on the scheduled sessions held on a day of the period (London dates). */
async function places(
  db: Db,
  period: ReportPeriod,
  filter: { core?: boolean; courseId?: number; marked?: boolean; attended?: boolean },
): Promise<RecordsRow[]> {
  let q = db
    .selectFrom('trainingBooking as b')
    .innerJoin('trainingSession as s', 's.id', 'b.sessionId')
    .innerJoin('trainingCourse as c', 'c.id', 's.courseId')
    .select([
      'b.id',
      'b.givenName',
      'b.familyName',
      'b.organisationName',
      'b.attendance',
      'c.id as courseId',
      'c.title',
      's.startsAt',
    ])
    .where('s.status', '=', 'scheduled')
    .where('b.status', '=', 'booked')
    .where(
      sql<boolean>`(s.starts_at AT TIME ZONE 'Europe/London')::date BETWEEN ${period.from}::date AND ${period.to}::date`,
    );
  if (filter.core !== undefined) q = q.where('c.core', '=', filter.core);
  if (filter.courseId !== undefined) q = q.where('c.id', '=', filter.courseId);
  if (filter.attended) q = q.where('b.attendance', '=', 'attended');
  if (filter.marked) q = q.where('b.attendance', 'is not', null);
  const rows = await q.orderBy('s.startsAt').orderBy('b.familyName').orderBy('b.id').execute();
  return rows.map((r) => ({
    recordId: r.id,
    cells: [
      `${r.givenName} ${r.familyName}`,
      r.organisationName,
      { text: r.title, href: `/training/courses/${r.courseId}` },
      r.startsAt.toLocaleString('en-GB', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZone: 'Europe/London',
      }),
      r.attendance ? (ATTENDANCE[r.attendance] ?? r.attendance) : 'Not marked',
    ],
  }));
}

const COLUMNS = ['Practitioner', 'Organisation', 'Course', 'Session', 'Attendance'];

export const TRAINING_FIGURES = {
  'core-attended': {
    label: 'Practitioners who attended the core training events',
    definition: 'Places on core courses’ sessions held in the period marked attended.',
    columns: COLUMNS,
    rows: ({ db }, period) => places(db, period, { core: true, attended: true }),
  },
  marked: {
    label: 'Places marked on the registers',
    definition:
      'Places on sessions held in the period whose attendance was marked: the denominator of non-attendance (did not attend or cancelled late).',
    columns: COLUMNS,
    rows: ({ db }, period) => places(db, period, { marked: true }),
  },
} satisfies Record<string, RecordsFigure<Deps>>;

/** A course's figure: the places at its sessions marked attended (`course-<id>`). */
async function courseFigure(id: string, { db }: Deps): Promise<RecordsFigure<Deps> | undefined> {
  const courseId = /^course-(\d{1,9})$/.exec(id)?.[1];
  if (!courseId) return undefined;
  const course = await db
    .selectFrom('trainingCourse')
    .select(['id', 'title'])
    .where('id', '=', Number(courseId))
    .executeTakeFirst();
  if (!course) return undefined;
  return {
    label: `${course.title}: attended (sessions)`,
    definition: `Places at sessions of ${course.title} held in the period marked attended.`,
    columns: COLUMNS,
    rows: (deps, period) => places(deps.db, period, { courseId: course.id, attended: true }),
  };
}

export type TrainingFigure = keyof typeof TRAINING_FIGURES | `course-${number}`;

export const trainingRecordsHref = (figure: TrainingFigure, period: ReportPeriod) =>
  recordsHref(BASE, figure, period);

export function trainingRecordsRoutes(app: FastifyInstance, services: Deps) {
  reportRecordsRoutes(app, services, {
    base: BASE,
    permission: 'training:manage',
    recordType: 'training-report-records',
    caption: 'Training',
    back: { text: 'Back to the training figures', href: '/training/figures' },
    figures: TRAINING_FIGURES,
    more: courseFigure,
  });
}
