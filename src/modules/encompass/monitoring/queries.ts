/**
 * The monitoring dashboard's SQL, through Kysely only: aggregates, never a child. A period is
 * the incidents recorded in it (Europe/London days) and the notices about their children;
 * withdrawn notices (sent to the wrong place) are left out of every figure but their own count.
 *
 * Timeliness is measured on notices to settings. Sent on time when `sent_at <= send_by` (the
 * start of the setting's next school day after the incident was recorded, even when the notice
 * waited in the coordinator's queue first). Against `due_at` (that start, or for a notice sent on
 * by hand the start after it was sent): acknowledged on time when
 * `acknowledged_at <= due_at`; late when acknowledged after it, or not acknowledged and already
 * past it. A notice neither acknowledged nor yet due is "not yet due" and counts as neither.
 */
import { type Kysely, type Transaction, sql } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { EnrolmentStatus } from '../tables.ts';
import type { Period } from './schema.ts';

type Executor = Kysely<Database>;

export interface Timeliness {
  notices: number;
  sentOnTime: number;
  acknowledgedOnTime: number;
  late: number;
  notYetDue: number;
  /** Median seconds from the incident to the acknowledgement, over acknowledged notices. */
  medianSeconds: number | null;
}

/** Notices to settings about children of incidents recorded in the period. */
function settingNotices(db: Executor, period: Period) {
  return db
    .selectFrom('encompassNotice as n')
    .innerJoin('encompassIncident as i', 'i.id', 'n.incidentId')
    .innerJoin('registrySetting as s', 's.id', 'n.settingId')
    .innerJoin('registryDistrict as d', 'd.id', 's.districtId')
    .where('n.recipient', '=', 'setting')
    .where('n.status', '<>', 'withdrawn')
    .where('i.recordedAt', '>=', period.start)
    .where('i.recordedAt', '<', period.end);
}

/** The timeliness aggregates over whatever rows the query groups (`n` the notice, `i` its incident). */
function timeliness(now: Date) {
  return [
    sql<number>`count(*)`.as('notices'),
    sql<number>`count(*) filter (where n.sent_at <= n.send_by)`.as('sentOnTime'),
    sql<number>`count(*) filter (where n.acknowledged_at <= n.due_at)`.as('acknowledgedOnTime'),
    sql<number>`count(*) filter (where n.acknowledged_at > n.due_at or (n.acknowledged_at is null and n.due_at < ${now}))`.as(
      'late',
    ),
    sql<number>`count(*) filter (where n.acknowledged_at is null and n.due_at >= ${now})`.as('notYetDue'),
    sql<
      number | null
    >`percentile_cont(0.5) within group (order by extract(epoch from (n.acknowledged_at - i.occurred_at)))`.as(
      'medianSeconds',
    ),
  ] as const;
}

const toNumbers = <T extends Timeliness>(row: T): T => ({
  ...row,
  notices: Number(row.notices),
  sentOnTime: Number(row.sentOnTime),
  acknowledgedOnTime: Number(row.acknowledgedOnTime),
  late: Number(row.late),
  notYetDue: Number(row.notYetDue),
  medianSeconds: row.medianSeconds === null ? null : Number(row.medianSeconds),
});

export async function settingTimeliness(db: Executor, period: Period, now: Date): Promise<Timeliness> {
  const row = await settingNotices(db, period)
    .select([...timeliness(now)])
    .executeTakeFirstOrThrow();
  return toNumbers(row);
}

export async function timelinessByPhase(db: Executor, period: Period, now: Date) {
  const rows = await settingNotices(db, period)
    .select(['s.phase', ...timeliness(now)])
    .groupBy('s.phase')
    .execute();
  return rows.map(toNumbers);
}

export async function timelinessByDistrict(db: Executor, period: Period, now: Date) {
  const rows = await settingNotices(db, period)
    .select(['d.id as districtId', 'd.name as districtName', ...timeliness(now)])
    .groupBy(['d.id', 'd.name'])
    .orderBy('d.name')
    .execute();
  return rows.map(toNumbers);
}

/** The settings that received most notices in the period, busiest first (`limit` null: all of them). */
export async function timelinessBySetting(
  db: Executor,
  period: Period,
  now: Date,
  limit: number | null = 10,
) {
  const rows = await settingNotices(db, period)
    .select([
      's.id as settingId',
      's.name as settingName',
      's.phase',
      'd.name as districtName',
      ...timeliness(now),
    ])
    .groupBy(['s.id', 's.name', 's.phase', 'd.name'])
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('s.name')
    .$if(limit !== null, (qb) => qb.limit(limit!))
    .execute();
  return rows.map(toNumbers);
}

/**
 * Settings that are often late: at least `minimum` notices whose outcome is known (acknowledged,
 * or past due), and most of those acknowledged after the school day started or not at all.
 */
export async function settingsOftenLate(db: Executor, period: Period, now: Date, minimum = 2, limit = 50) {
  const decided = sql`count(*) filter (where n.acknowledged_at is not null or n.due_at < ${now})`;
  const late = sql`count(*) filter (where n.acknowledged_at > n.due_at or (n.acknowledged_at is null and n.due_at < ${now}))`;
  const rows = await settingNotices(db, period)
    .select([
      's.id as settingId',
      's.name as settingName',
      's.phase',
      'd.name as districtName',
      sql<number>`count(*) filter (where n.acknowledged_at is not null or n.due_at < ${now})`.as('decided'),
      sql<number>`count(*) filter (where n.acknowledged_at is null and n.due_at < ${now})`.as(
        'notAcknowledged',
      ),
      ...timeliness(now),
    ])
    .groupBy(['s.id', 's.name', 's.phase', 'd.name'])
    .having(decided, '>=', minimum)
    .having(sql`${late} * 2`, '>', decided)
    .orderBy(sql`${late}::float8 / ${decided}`, 'desc')
    .orderBy(late, 'desc')
    .orderBy('s.name')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    ...toNumbers(r),
    decided: Number(r.decided),
    notAcknowledged: Number(r.notAcknowledged),
  }));
}

/** How many incidents, children and notices the period holds. */
export async function periodCounts(db: Executor, period: Period) {
  const [incidents, children, notices] = await Promise.all([
    db
      .selectFrom('encompassIncident as i')
      .select(sql<number>`count(*)`.as('n'))
      .where('i.recordedAt', '>=', period.start)
      .where('i.recordedAt', '<', period.end)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('encompassChild as c')
      .innerJoin('encompassIncident as i', 'i.id', 'c.incidentId')
      .select(sql<number>`count(*)`.as('n'))
      .where('i.recordedAt', '>=', period.start)
      .where('i.recordedAt', '<', period.end)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('encompassNotice as n')
      .innerJoin('encompassIncident as i', 'i.id', 'n.incidentId')
      .select((eb) => {
        // Counted with the builder's FILTER: the recipient's name is a value, not SQL text.
        const notWithdrawn = eb('n.status', '<>', 'withdrawn');
        return [
          eb.fn.countAll<number>().filterWhere(notWithdrawn).as('notices'),
          eb.fn
            .countAll<number>()
            .filterWhere(eb.and([notWithdrawn, eb('n.recipient', '=', 'setting')]))
            .as('toSettings'),
          eb.fn
            .countAll<number>()
            .filterWhere(
              eb.and([notWithdrawn, eb('n.recipient', 'in', ['health_visiting', 'family_front_door'])]),
            )
            .as('toTeams'),
          eb.fn
            .countAll<number>()
            .filterWhere(eb.and([notWithdrawn, eb('n.recipient', '=', 'coordinator')]))
            .as('toCoordinator'),
          eb.fn.countAll<number>().filterWhere('n.status', '=', 'withdrawn').as('withdrawn'),
        ];
      })
      .where('i.recordedAt', '>=', period.start)
      .where('i.recordedAt', '<', period.end)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    incidents: Number(incidents.n),
    children: Number(children.n),
    notices: Number(notices.notices),
    toSettings: Number(notices.toSettings),
    toTeams: Number(notices.toTeams),
    toCoordinator: Number(notices.toCoordinator),
    withdrawn: Number(notices.withdrawn),
  };
}

/** Notices of any period still not acknowledged after they were due: the coordinator's overdue list, counted. */
export async function overdueNow(db: Executor, now: Date): Promise<number> {
  const row = await db
    .selectFrom('encompassNotice')
    .select(sql<number>`count(*)`.as('n'))
    .where('status', '=', 'sent')
    .where('dueAt', '<', now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The recipients' view of the notices' quality: acknowledged notices of any recipient, by feedback. */
export async function feedbackCounts(db: Executor, period: Period) {
  const rows = await db
    .selectFrom('encompassNotice as n')
    .innerJoin('encompassIncident as i', 'i.id', 'n.incidentId')
    .select([sql<string>`coalesce(n.feedback, 'none')`.as('feedback'), sql<number>`count(*)`.as('notices')])
    .where('n.status', '<>', 'withdrawn')
    .where('n.acknowledgedAt', 'is not', null)
    .where('i.recordedAt', '>=', period.start)
    .where('i.recordedAt', '<', period.end)
    .groupBy(sql`coalesce(n.feedback, 'none')`)
    .execute();
  return rows.map((r) => ({ feedback: r.feedback, notices: Number(r.notices) }));
}

/** Incidents and notices per week (weeks start on Monday, London time). */
export async function weeklyCounts(db: Executor, period: Period) {
  const week = sql<string>`(date_trunc('week', i.recorded_at at time zone 'Europe/London'))::date`;
  const [incidents, notices] = await Promise.all([
    db
      .selectFrom('encompassIncident as i')
      .select([week.as('week'), sql<number>`count(*)`.as('n')])
      .where('i.recordedAt', '>=', period.start)
      .where('i.recordedAt', '<', period.end)
      .groupBy(week)
      .execute(),
    db
      .selectFrom('encompassNotice as n')
      .innerJoin('encompassIncident as i', 'i.id', 'n.incidentId')
      .select([week.as('week'), sql<number>`count(*)`.as('n')])
      .where('n.status', '<>', 'withdrawn')
      .where('i.recordedAt', '>=', period.start)
      .where('i.recordedAt', '<', period.end)
      .groupBy(week)
      .execute(),
  ]);
  return {
    incidents: new Map(incidents.map((r) => [String(r.week), Number(r.n)])),
    notices: new Map(notices.map((r) => [String(r.week), Number(r.n)])),
  };
}

/** A setting's enrolment: its row in encompass_enrolment, or "not joined" when it has none. */
const ENROLMENT_STATUS = sql<EnrolmentStatus>`coalesce(e.status, 'not_joined')`;

/** The registry's settings with their district and Operation Encompass enrolment. */
function settingsWithEnrolment(db: Executor) {
  return db
    .selectFrom('registrySetting as s')
    .innerJoin('registryDistrict as d', 'd.id', 's.districtId')
    .leftJoin('encompassEnrolment as e', 'e.settingId', 's.id');
}

/** Settings by phase and Operation Encompass enrolment. */
export async function enrolmentByPhase(db: Executor) {
  const rows = await db
    .selectFrom('registrySetting as s')
    .leftJoin('encompassEnrolment as e', 'e.settingId', 's.id')
    .select(['s.phase', ENROLMENT_STATUS.as('status'), sql<number>`count(*)`.as('settings')])
    .groupBy(['s.phase', ENROLMENT_STATUS])
    .execute();
  return rows.map((r) => ({ phase: r.phase, status: r.status, settings: Number(r.settings) }));
}

export interface EnrolmentListFilters {
  statuses: readonly ('not_joined' | 'in_training')[];
  phase?: string | undefined;
  districtCode?: string | undefined;
  q?: string | undefined;
  /** A page of this many; null for every matching setting (the CSV download). */
  limit: number | null;
  offset: number;
}

/** Settings still to join, filtered, by name. */
export async function settingsToJoin(db: Executor, filters: EnrolmentListFilters) {
  let query = settingsWithEnrolment(db).where(ENROLMENT_STATUS, 'in', filters.statuses);
  if (filters.phase) query = query.where('s.phase', '=', filters.phase);
  if (filters.districtCode) query = query.where('d.code', '=', filters.districtCode);
  if (filters.q) {
    const q = filters.q;
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(s.name)`, 'like', `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
        eb('s.urn', '=', q),
      ]),
    );
  }
  const [rows, total] = await Promise.all([
    query
      .select([
        's.id',
        's.urn',
        's.name',
        's.phase',
        ENROLMENT_STATUS.as('encompassStatus'),
        'e.trainingStartedOn as encompassTrainingStartedOn',
        'd.name as districtName',
      ])
      .orderBy(sql`lower(s.name)`)
      .orderBy('s.id')
      .$if(filters.limit !== null, (qb) => qb.limit(filters.limit!).offset(filters.offset))
      .execute(),
    query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export function findSetting(db: Executor, id: number) {
  return settingsWithEnrolment(db)
    .select([
      's.id',
      's.urn',
      's.name',
      's.phase',
      's.safeguardingEmail',
      ENROLMENT_STATUS.as('encompassStatus'),
      'e.trainingStartedOn as encompassTrainingStartedOn',
      'e.joinedOn as encompassJoinedOn',
      'd.name as districtName',
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
}

/** A setting's enrolment row, locked for a move along it; undefined when it has none (not joined). */
export function enrolmentForUpdate(trx: Transaction<Database>, settingId: number) {
  return trx
    .selectFrom('encompassEnrolment')
    .select(['status', 'trainingStartedOn'])
    .where('settingId', '=', settingId)
    .forUpdate()
    .executeTakeFirst();
}

/** Records that a setting's staff started training: its first enrolment row, unless another request made it first. */
export async function startTraining(
  trx: Transaction<Database>,
  settingId: number,
  date: string,
  now: Date,
): Promise<boolean> {
  const row = await trx
    .insertInto('encompassEnrolment')
    .values({ settingId, status: 'in_training', trainingStartedOn: date, updatedAt: now })
    .onConflict((oc) => oc.column('settingId').doNothing())
    .returning('settingId')
    .executeTakeFirst();
  return row !== undefined;
}

/** Records that a setting in training has joined. */
export async function markJoined(
  trx: Transaction<Database>,
  settingId: number,
  date: string,
  now: Date,
): Promise<boolean> {
  const result = await trx
    .updateTable('encompassEnrolment')
    .set({ status: 'joined', joinedOn: date, updatedAt: now })
    .where('settingId', '=', settingId)
    .where('status', '=', 'in_training')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A setting's name, phase and safeguarding mailbox (the registry's). */
export function settingBasics(db: Executor, id: number) {
  return db
    .selectFrom('registrySetting')
    .select(['id', 'name', 'phase', 'safeguardingEmail'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Bands of a delay, in hours: [from, to) with the last open-ended. */
export const DELAY_BANDS = [
  { key: 'underHour', label: 'Under 1 hour', from: 0, to: 1 },
  { key: 'oneToFour', label: '1 to 4 hours', from: 1, to: 4 },
  { key: 'fourToTwelve', label: '4 to 12 hours', from: 4, to: 12 },
  { key: 'twelveToDay', label: '12 to 24 hours', from: 12, to: 24 },
  { key: 'overDay', label: '24 hours or more', from: 24, to: null },
] as const;

export interface Delay {
  /** How many delays were measured. */
  measured: number;
  medianSeconds: number | null;
  ninetiethSeconds: number | null;
  /** How many fell in each of DELAY_BANDS, in order. */
  bands: number[];
}

/** The aggregates of one delay (an SQL interval's seconds) over the rows a query holds. */
function delayAggregates(seconds: ReturnType<typeof sql<number>>) {
  return [
    sql<number>`count(${seconds})`.as('measured'),
    sql<number | null>`percentile_cont(0.5) within group (order by ${seconds})`.as('medianSeconds'),
    sql<number | null>`percentile_cont(0.9) within group (order by ${seconds})`.as('ninetiethSeconds'),
    ...DELAY_BANDS.map((band) =>
      band.to === null
        ? sql<number>`count(*) filter (where ${seconds} >= ${band.from * 3600})`.as(band.key)
        : sql<number>`count(*) filter (where ${seconds} >= ${band.from * 3600} and ${seconds} < ${band.to * 3600})`.as(
            band.key,
          ),
    ),
  ] as const;
}

function toDelay(row: Record<string, unknown>): Delay {
  const orNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    measured: Number(row.measured),
    medianSeconds: orNull(row.medianSeconds),
    ninetiethSeconds: orNull(row.ninetiethSeconds),
    bands: DELAY_BANDS.map((band) => Number(row[band.key])),
  };
}

/**
 * The two delays before a setting hears of an incident, apart: the police's (from when they
 * attended or were told to when the incident was recorded here, one per incident recorded in the
 * period) and the sending (from recording to the notice reaching its setting, one per notice to a
 * setting that has been sent, withdrawn ones left out).
 */
export async function delays(db: Executor, period: Period): Promise<{ police: Delay; sending: Delay }> {
  const policeSeconds = sql<number>`extract(epoch from (i.recorded_at - i.attended_at))`;
  const sendingSeconds = sql<number>`extract(epoch from (n.sent_at - i.recorded_at))`;
  const [police, sending] = await Promise.all([
    db
      .selectFrom('encompassIncident as i')
      .select([...delayAggregates(policeSeconds)])
      .where('i.recordedAt', '>=', period.start)
      .where('i.recordedAt', '<', period.end)
      .executeTakeFirstOrThrow(),
    settingNotices(db, period)
      .where('n.sentAt', 'is not', null)
      .select([...delayAggregates(sendingSeconds)])
      .executeTakeFirstOrThrow(),
  ]);
  return { police: toDelay(police), sending: toDelay(sending) };
}
