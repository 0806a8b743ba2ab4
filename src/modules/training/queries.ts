/**
 * The training module's reads: sessions with their places, registers, bookings by person or
 * setting, mandatory training by person and setting, and the year's figures. Other modules' data
 * only through what they publish (registry_setting, registry_setting_staff, registry_district,
 * registry_organisation, auth_account).
 */
import { type Kysely, type Transaction, sql } from 'kysely';
import type { Db } from '../../platform/db/client.ts';
import type { Database } from '../../platform/db/schema.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** Places held in a session: booked, and offered to someone on the waiting list. */
export function heldPlaces(db: Executor, sessionId: number) {
  return db
    .selectFrom('trainingBooking')
    .select([
      sql<number>`count(*) FILTER (WHERE status = 'booked')::int`.as('booked'),
      sql<number>`count(*) FILTER (WHERE status = 'offered')::int`.as('offered'),
      sql<number>`count(*) FILTER (WHERE status = 'waiting')::int`.as('waiting'),
    ])
    .where('sessionId', '=', sessionId)
    .executeTakeFirstOrThrow();
}

const sessionColumns = [
  's.id',
  's.courseId',
  's.startsAt',
  's.endsAt',
  's.venue',
  's.onlineLink',
  's.capacity',
  's.bookingDeadline',
  's.cancelDeadline',
  's.status',
  'c.title as courseTitle',
  'c.code as courseCode',
] as const;

const bookedCount = sql<number>`(SELECT count(*)::int FROM training_booking b WHERE b.session_id = s.id AND b.status IN ('booked','offered'))`;
const waitingCount = sql<number>`(SELECT count(*)::int FROM training_booking b WHERE b.session_id = s.id AND b.status = 'waiting')`;

/** Sessions still to start, soonest first, with places held and waiting. */
export function upcomingSessions(db: Db, now: Date, courseId?: number) {
  let query = db
    .selectFrom('trainingSession as s')
    .innerJoin('trainingCourse as c', 'c.id', 's.courseId')
    .select([...sessionColumns, bookedCount.as('held'), waitingCount.as('waiting')])
    .where('s.startsAt', '>', now)
    .where('s.status', '=', 'scheduled')
    .orderBy('s.startsAt')
    .orderBy('s.id');
  if (courseId) query = query.where('s.courseId', '=', courseId);
  return query.execute();
}

/** Every session of a course (for the business unit), latest first. */
export function sessionsOfCourse(db: Db, courseId: number) {
  return db
    .selectFrom('trainingSession as s')
    .innerJoin('trainingCourse as c', 'c.id', 's.courseId')
    .select([...sessionColumns, bookedCount.as('held'), waitingCount.as('waiting')])
    .where('s.courseId', '=', courseId)
    .orderBy('s.startsAt', 'desc')
    .execute();
}

export function findSession(db: Executor, id: number) {
  return db
    .selectFrom('trainingSession as s')
    .innerJoin('trainingCourse as c', 'c.id', 's.courseId')
    .select([
      ...sessionColumns,
      'c.description',
      'c.audience',
      'c.learningOutcomes',
      'c.mandatoryFor',
      'c.renewalMonths',
      bookedCount.as('held'),
      waitingCount.as('waiting'),
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
}
export type SessionDetail = NonNullable<Awaited<ReturnType<typeof findSession>>>;

export function trainersOf(db: Executor, sessionId: number) {
  return db
    .selectFrom('trainingSessionTrainer as t')
    .innerJoin('authAccount as a', 'a.id', 't.userId')
    .select(['a.id', 'a.givenName', 'a.familyName', 'a.email'])
    .where('t.sessionId', '=', sessionId)
    .orderBy('a.familyName')
    .execute();
}

/** Accounts that may deliver training: active trainers. */
export function trainerAccounts(db: Db) {
  return db
    .selectFrom('authAccount')
    .select(['id', 'givenName', 'familyName'])
    .where('role', '=', 'trainer')
    .where('active', '=', true)
    .orderBy('familyName')
    .orderBy('givenName')
    .execute();
}

/** A session's bookings in the order the business unit reads them: booked, offered, waiting (in order), the rest. */
export function bookingsOfSession(db: Executor, sessionId: number) {
  return db
    .selectFrom('trainingBooking')
    .select([
      'id',
      'status',
      'attendance',
      'givenName',
      'familyName',
      'email',
      'organisationName',
      'agencyKind',
      'requestedAt',
      'confirmedAt',
      'waitingSince',
      'offerExpiresAt',
      'cancelledAt',
    ])
    .where('sessionId', '=', sessionId)
    .orderBy(
      sql`CASE status WHEN 'booked' THEN 0 WHEN 'offered' THEN 1 WHEN 'waiting' THEN 2 WHEN 'pending' THEN 3 ELSE 4 END`,
    )
    .orderBy('waitingSince')
    .orderBy('familyName')
    .orderBy('id')
    .execute();
}

/** Sessions a trainer delivers (all of them for the business unit, `trainerId` null), latest first. */
export function registerSessions(db: Db, trainerId: string | null, from: Date) {
  let query = db
    .selectFrom('trainingSession as s')
    .innerJoin('trainingCourse as c', 'c.id', 's.courseId')
    .select([
      ...sessionColumns,
      sql<number>`(SELECT count(*)::int FROM training_booking b WHERE b.session_id = s.id AND b.status = 'booked')`.as(
        'booked',
      ),
      sql<number>`(SELECT count(*)::int FROM training_booking b WHERE b.session_id = s.id AND b.status = 'booked' AND b.attendance IS NOT NULL)`.as(
        'marked',
      ),
    ])
    .where('s.startsAt', '>=', from)
    .where('s.status', '=', 'scheduled')
    .orderBy('s.startsAt', 'desc');
  if (trainerId)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('trainingSessionTrainer as t')
          .select('t.sessionId')
          .whereRef('t.sessionId', '=', 's.id')
          .where('t.userId', '=', trainerId),
      ),
    );
  return query.execute();
}

export async function isTrainerOf(db: Db, sessionId: number, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('trainingSessionTrainer')
    .select('sessionId')
    .where('sessionId', '=', sessionId)
    .where('userId', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

const bookingListColumns = [
  'b.id',
  'b.status',
  'b.attendance',
  'b.givenName',
  'b.familyName',
  'b.email',
  's.id as sessionId',
  's.startsAt',
  's.endsAt',
  's.cancelDeadline',
  'c.title as courseTitle',
] as const;

/** A signed-in user's own bookings. */
export function bookingsOfUser(db: Db, userId: string) {
  return db
    .selectFrom('trainingBooking as b')
    .innerJoin('trainingSession as s', 's.id', 'b.sessionId')
    .innerJoin('trainingCourse as c', 'c.id', 's.courseId')
    .select([...bookingListColumns, 'b.linkSalt'])
    .where('b.userId', '=', userId)
    .orderBy('s.startsAt', 'desc')
    .execute();
}

/** A setting's staff's bookings: made from the setting's accounts, or with a Key Adult's email. */
export function bookingsOfSetting(db: Db, settingId: number) {
  return db
    .selectFrom('trainingBooking as b')
    .innerJoin('trainingSession as s', 's.id', 'b.sessionId')
    .innerJoin('trainingCourse as c', 'c.id', 's.courseId')
    .select(bookingListColumns)
    .where((eb) =>
      eb.or([
        eb('b.settingId', '=', settingId),
        eb(
          'b.email',
          'in',
          eb
            .selectFrom('registrySettingStaff as p')
            .select(sql<string>`lower(p.email)`.as('email'))
            .where('p.settingId', '=', settingId),
        ),
      ]),
    )
    .where('b.status', 'in', ['booked', 'waiting', 'offered', 'pending'])
    .orderBy('s.startsAt', 'desc')
    .execute();
}

/**
 * The last time each person (by email) completed each mandatory course: an attended session or a
 * recorded completion, on or before `onDate`.
 */
export function lastCompletions(db: Db, courseId: number, emails: readonly string[] | null, onDate: string) {
  return db
    .selectFrom(
      db
        .selectFrom('trainingBooking as b')
        .innerJoin('trainingSession as s', 's.id', 'b.sessionId')
        .select([
          'b.email',
          sql<string>`to_char((s.starts_at AT TIME ZONE 'Europe/London')::date, 'YYYY-MM-DD')`.as(
            'completedOn',
          ),
        ])
        .where('s.courseId', '=', courseId)
        .where('b.attendance', '=', 'attended')
        .unionAll(
          db
            .selectFrom('trainingCompletion as tc')
            .select(['tc.email', sql<string>`to_char(tc.completed_on, 'YYYY-MM-DD')`.as('completedOn')])
            .where('tc.courseId', '=', courseId),
        )
        .as('done'),
    )
    .select(['done.email', sql<string>`max(${sql.ref('done.completedOn')})`.as('lastCompletedOn')])
    .where('done.completedOn', '<=', onDate)
    .$if(emails !== null, (q) => q.where('done.email', 'in', emails!.length ? emails! : ['']))
    .groupBy('done.email')
    .execute();
}

/** The DSLs and deputies of settings (all, or those given), with their setting's phase and district. */
export function keyAdults(db: Db, settingIds: readonly number[] | null) {
  return db
    .selectFrom('registrySettingStaff as p')
    .innerJoin('registrySetting as s', 's.id', 'p.settingId')
    .innerJoin('registryDistrict as d', 'd.id', 's.districtId')
    .select([
      'p.id as staffId',
      'p.settingId',
      'p.staffRole',
      'p.givenName',
      'p.familyName',
      sql<string>`lower(p.email)`.as('email'),
      's.name as settingName',
      's.urn',
      's.phase',
      'd.name as districtName',
    ])
    .where('p.staffRole', 'in', ['dsl', 'deputy_dsl'])
    .$if(settingIds !== null, (q) => q.where('p.settingId', 'in', settingIds!.length ? settingIds! : [-1]))
    .orderBy('s.name')
    .orderBy(sql`CASE p.staff_role WHEN 'dsl' THEN 0 ELSE 1 END`)
    .orderBy('p.familyName')
    .execute();
}

/** Every setting with its phase and district (settings without Key Adults count as not in date). */
export function settingsWithPlace(db: Db) {
  return db
    .selectFrom('registrySetting as s')
    .innerJoin('registryDistrict as d', 'd.id', 's.districtId')
    .select(['s.id', 's.name', 's.phase', 'd.name as districtName'])
    .orderBy('s.name')
    .execute();
}

/** Attendance by course in a period: sessions held and places marked on their registers. */
export function attendanceByCourse(db: Db, from: string, to: string) {
  return sql<{
    courseId: number;
    title: string;
    core: boolean;
    sessions: number;
    booked: number;
    attended: number;
    didNotAttend: number;
    cancelledLate: number;
  }>`
    SELECT c.id AS "courseId", c.title, c.core,
      count(DISTINCT s.id)::int AS sessions,
      count(b.id) FILTER (WHERE b.status = 'booked')::int AS booked,
      count(b.id) FILTER (WHERE b.attendance = 'attended')::int AS attended,
      count(b.id) FILTER (WHERE b.attendance = 'did_not_attend')::int AS "didNotAttend",
      count(b.id) FILTER (WHERE b.attendance = 'cancelled_late')::int AS "cancelledLate"
    FROM training_course c
    JOIN training_session s ON s.course_id = c.id AND s.status = 'scheduled'
      AND (s.starts_at AT TIME ZONE 'Europe/London')::date BETWEEN ${from}::date AND ${to}::date
    LEFT JOIN training_booking b ON b.session_id = s.id AND b.status = 'booked'
    GROUP BY c.id, c.title, c.core
    ORDER BY c.core DESC, c.title`.execute(db);
}

/** Marked places by agency (kind and organisation) and quarter of the period. */
export function attendanceByAgency(db: Db, from: string, to: string) {
  return sql<{
    agencyKind: string;
    agencyName: string;
    day: string;
    attended: number;
    didNotAttend: number;
    cancelledLate: number;
  }>`
    SELECT b.agency_kind AS "agencyKind", min(b.organisation_name) AS "agencyName",
      to_char((s.starts_at AT TIME ZONE 'Europe/London')::date, 'YYYY-MM-DD') AS day,
      count(*) FILTER (WHERE b.attendance = 'attended')::int AS attended,
      count(*) FILTER (WHERE b.attendance = 'did_not_attend')::int AS "didNotAttend",
      count(*) FILTER (WHERE b.attendance = 'cancelled_late')::int AS "cancelledLate"
    FROM training_booking b
    JOIN training_session s ON s.id = b.session_id AND s.status = 'scheduled'
    WHERE b.status = 'booked' AND b.attendance IS NOT NULL
      AND (s.starts_at AT TIME ZONE 'Europe/London')::date BETWEEN ${from}::date AND ${to}::date
    GROUP BY b.agency_kind, lower(b.organisation_name), 3`.execute(db);
}

/** Feedback on sessions in the period, by course: responses and mean scores. */
export function feedbackByCourse(db: Db, from: string, to: string) {
  return sql<{
    courseId: number;
    title: string;
    responses: number;
    rating: number | null;
    outcomesMet: number | null;
    confidenceBefore: number | null;
    confidenceAfter: number | null;
  }>`
    SELECT c.id AS "courseId", c.title, count(f.booking_id)::int AS responses,
      round(avg(f.rating), 2) AS rating, round(avg(f.outcomes_met), 2) AS "outcomesMet",
      round(avg(f.confidence_before), 2) AS "confidenceBefore", round(avg(f.confidence_after), 2) AS "confidenceAfter"
    FROM training_feedback f
    JOIN training_booking b ON b.id = f.booking_id
    JOIN training_session s ON s.id = b.session_id
    JOIN training_course c ON c.id = s.course_id
    WHERE (s.starts_at AT TIME ZONE 'Europe/London')::date BETWEEN ${from}::date AND ${to}::date
    GROUP BY c.id, c.title
    ORDER BY c.title`.execute(db);
}

/** Free-text feedback in the period (quotes), newest first; `forReport` only the chosen ones. */
export function quotes(db: Db, from: string, to: string, forReport = false) {
  return db
    .selectFrom('trainingFeedback as f')
    .innerJoin('trainingBooking as b', 'b.id', 'f.bookingId')
    .innerJoin('trainingSession as s', 's.id', 'b.sessionId')
    .innerJoin('trainingCourse as c', 'c.id', 's.courseId')
    .select([
      'f.bookingId',
      'f.quote',
      'f.quoteForReport',
      'f.rating',
      'f.submittedAt',
      'c.title as courseTitle',
      'b.agencyKind',
      's.startsAt',
    ])
    .where('f.quote', 'is not', null)
    .where(
      sql<boolean>`(s.starts_at AT TIME ZONE 'Europe/London')::date BETWEEN ${from}::date AND ${to}::date`,
    )
    .$if(forReport, (q) => q.where('f.quoteForReport', '=', true))
    .orderBy('f.submittedAt', 'desc')
    .execute();
}
