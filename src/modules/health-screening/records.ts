/**
 * The records behind WREN's yearly-report figures (issue 14): the A&E attendances screened in the
 * period (latest screening), filtered as each figure counts them. For the hospital safeguarding
 * nurse (her own team's attendances, as on the triage list) and the business unit; each
 * attendance listed is audited.
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
import { latestScreened } from './queries.ts';
import type { KnownFact } from './tables.ts';

const BASE = '/health-screening/report-records';

interface Deps {
  db: Db;
}

interface Screened {
  id: number;
  attendanceRef: string;
  teamId: number | null;
  arrivedAt: Date;
  givenName: string | null;
  familyName: string;
  ageYears: number;
  childId: string | null;
  flagged: boolean;
  knownFacts: KnownFact[];
}

const day = sql<string>`(a.arrived_at AT TIME ZONE 'Europe/London')::date`;

/** Attendances arriving on a day of the period (UK time), with their latest screening. */
async function screenedIn(db: Db, period: ReportPeriod): Promise<Screened[]> {
  return (await latestScreened(db)
    .select([
      'a.id',
      'a.attendanceRef',
      'a.teamId',
      'a.arrivedAt',
      'a.givenName',
      'a.familyName',
      'a.ageYears',
      'a.childId',
      's.flagged',
      'a.knownFacts',
    ])
    .where(day, '>=', sql<string>`${period.from}::date`)
    .where(day, '<=', sql<string>`${period.to}::date`)
    .orderBy('a.arrivedAt')
    .orderBy('a.id')
    .execute()) as Screened[];
}

const has = (s: Screened, kind: KnownFact['kind']) => (s.knownFacts ?? []).some((f) => f.kind === kind);

const row = (s: Screened): RecordsRow => ({
  recordId: s.id,
  childIds: s.childId ? [s.childId] : [],
  facts: { teamIds: s.teamId != null ? [s.teamId] : [] },
  cells: [
    { text: s.attendanceRef, href: `/health-screening/attendances/${s.id}` },
    `${s.givenName ?? ''} ${s.familyName}`.trim(),
    s.ageYears,
    s.arrivedAt.toLocaleString('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: 'Europe/London',
    }),
    s.flagged ? 'Yes' : 'No',
    (s.knownFacts ?? []).length
      ? (s.knownFacts ?? []).map((f) => f.kind.replace(/_/g, ' ')).join(', ')
      : 'None',
  ],
});

const figure = (label: string, definition: string, test: (s: Screened) => boolean): RecordsFigure<Deps> => ({
  label,
  definition: `${definition} A&E attendances of children arriving on a day of the period (UK time), by their latest screening.`,
  columns: ['Attendance', 'Name as attended', 'Age', 'Arrived', 'Flagged', 'Known when flagged'],
  async rows({ db }, period) {
    return (await screenedIn(db, period)).filter(test).map(row);
  },
});

export const HEALTH_SCREENING_FIGURES = {
  screened: figure('A&E attendances of children screened', 'Every attendance screened.', () => true),
  flagged: figure('Attendances flagged by key words', 'Attendances the key words flagged.', (s) => s.flagged),
  'flagged-10-to-17': figure(
    'Flagged attendances of children aged 10 to 17',
    'Flagged attendances of children aged 10 to 17 on the day.',
    (s) => s.flagged && s.ageYears >= 10 && s.ageYears <= 17,
  ),
  'no-prior-alert': figure(
    'Flagged attendances with no prior safeguarding alert',
    'Flagged attendances of children about whom nothing was known when flagged.',
    (s) => s.flagged && !(s.knownFacts ?? []).length,
  ),
  'social-worker': figure(
    'Flagged attendances of children with an allocated social worker',
    'Flagged attendances of children with an allocated social worker known when flagged.',
    (s) => s.flagged && has(s, 'allocated_social_worker'),
  ),
  'get-safe': figure(
    'Flagged attendances of children with a GET SAFE flag',
    'Flagged attendances of children with a current GET SAFE flag when flagged.',
    (s) => s.flagged && has(s, 'get_safe_flag'),
  ),
} satisfies Record<string, RecordsFigure<Deps>>;

export type HealthScreeningFigure = keyof typeof HEALTH_SCREENING_FIGURES;

export const healthScreeningRecordsHref = (figure: HealthScreeningFigure, period: ReportPeriod) =>
  recordsHref(BASE, figure, period);

export function healthScreeningRecordsRoutes(app: FastifyInstance, services: Deps) {
  reportRecordsRoutes(app, services, {
    base: BASE,
    permission: 'wren:triage',
    recordType: 'wren-report-records',
    caption: 'WREN: A&E attendances',
    back: { text: 'Back to WREN triage', href: '/health-screening' },
    figures: HEALTH_SCREENING_FIGURES,
  });
}
