/** WREN's SQL: Kysely only, WREN's own tables only. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { ListScope } from '../../platform/auth/permissions.ts';
import type { KnownFact, ScreeningMatch, TriageOutcome } from './tables.ts';

type Executor = Kysely<Database>;

/** Which teams' attendances a list may show: all, one team's, or none. */
export type TeamFilter = { kind: 'all' } | { kind: 'team'; teamId: number } | { kind: 'none' };

export function teamFilterOf(scope: ListScope): TeamFilter {
  if (scope.kind === 'all') return { kind: 'all' };
  if (scope.kind === 'team') return { kind: 'team', teamId: scope.teamId };
  return { kind: 'none' };
}

export function latestList(db: Executor) {
  return db.selectFrom('wrenKeywordList').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
}

export function listByVersion(db: Executor, version: number) {
  return db.selectFrom('wrenKeywordList').selectAll().where('version', '=', version).executeTakeFirst();
}

export function allLists(db: Executor) {
  return db
    .selectFrom('wrenKeywordList')
    .select(['version', 'terms', 'note', 'createdAt'])
    .orderBy('version', 'desc')
    .execute();
}

export async function insertList(db: Executor, terms: string[], note: string | null, userId: string | null) {
  // The next version, under a lock so that two saves never take the same number.
  await sql`LOCK TABLE wren_keyword_list IN SHARE ROW EXCLUSIVE MODE`.execute(db);
  const last = await latestList(db);
  return db
    .insertInto('wrenKeywordList')
    .values({ version: (last?.version ?? 0) + 1, terms: JSON.stringify(terms), note, createdBy: userId })
    .returning(['version'])
    .executeTakeFirstOrThrow();
}

/**
 * The saved mapping. It is stored as [field, column] pairs, not an object: the database layer
 * turns the keys of JSON objects it reads into camelCase, and field names are snake_case.
 */
export async function savedMapping(db: Executor, ownerKey: string): Promise<Record<string, string> | null> {
  const row = await db
    .selectFrom('wrenColumnMapping')
    .select('mapping')
    .where('ownerKey', '=', ownerKey)
    .executeTakeFirst();
  return row ? Object.fromEntries(row.mapping) : null;
}

export function saveMapping(
  db: Executor,
  ownerKey: string,
  mapping: Record<string, string>,
  userId: string | null,
) {
  const pairs = JSON.stringify(Object.entries(mapping));
  return db
    .insertInto('wrenColumnMapping')
    .values({ ownerKey, mapping: pairs, updatedBy: userId })
    .onConflict((oc) =>
      oc.column('ownerKey').doUpdateSet({
        mapping: pairs,
        updatedBy: userId,
        updatedAt: sql<Date>`now()`,
      }),
    )
    .execute();
}

export function findImport(db: Executor, id: number) {
  return db.selectFrom('wrenImport').selectAll().where('id', '=', id).executeTakeFirst();
}

export function recentImports(db: Executor, filter: TeamFilter) {
  return withTeam(
    db
      .selectFrom('wrenImport')
      .select([
        'id',
        'filename',
        'rowCount',
        'status',
        'uploadedAt',
        'importedAt',
        'kept',
        'alreadyImported',
        'adultsDropped',
        'rejected',
        'flagged',
      ])
      .orderBy('id', 'desc')
      .limit(20),
    filter,
  ).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: a select query over a table with a team_id column
function withTeam<Q extends { where: any }>(query: Q, filter: TeamFilter, column = 'teamId'): Q {
  if (filter.kind === 'all') return query;
  if (filter.kind === 'none') return query.where(sql`false`);
  return query.where(column, '=', filter.teamId);
}

/** Which of these attendance ids are imported already. */
export async function existingRefs(db: Executor, refs: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let k = 0; k < refs.length; k += 5000) {
    const rows = await db
      .selectFrom('wrenAttendance')
      .select('attendanceRef')
      .where('attendanceRef', '=', sql<string>`any(${refs.slice(k, k + 5000)}::text[])`)
      .execute();
    for (const r of rows) found.add(r.attendanceRef);
  }
  return found;
}

/** Earlier flagged attendances of these children (by their latest screening), oldest first. */
export async function flaggedAttendancesOf(db: Executor, childIds: readonly string[]) {
  const rows: { childId: string; id: number; arrivedAt: Date; terms: string[] }[] = [];
  for (let k = 0; k < childIds.length; k += 5000) {
    const found = await latestScreened(db)
      .select(['a.childId', 'a.id', 'a.arrivedAt', 's.matches'])
      .where('a.childId', '=', sql<string>`any(${childIds.slice(k, k + 5000)}::uuid[])`)
      .where('s.flagged', '=', true)
      .orderBy('a.arrivedAt')
      .execute();
    for (const r of found)
      rows.push({
        childId: r.childId!,
        id: r.id,
        arrivedAt: r.arrivedAt,
        terms: [...new Set((r.matches as ScreeningMatch[]).map((m) => m.term))],
      });
  }
  return rows;
}

/** Attendances joined to their latest screening (the highest list version that screened them). */
export function latestScreened(db: Executor) {
  return db.selectFrom('wrenAttendance as a').innerJoinLateral(
    (eb) =>
      eb
        .selectFrom('wrenScreening as ls')
        .select(['ls.flagged', 'ls.matches', 'ls.listVersion', 'ls.screenedAt'])
        .whereRef('ls.attendanceId', '=', 'a.id')
        .orderBy('ls.listVersion', 'desc')
        .limit(1)
        .as('s'),
    (join) => join.onTrue(),
  );
}

/** Flagged attendances with no outcome yet, oldest first: the nurse's queue. */
export async function triageQueue(db: Executor, filter: TeamFilter, page: number, pageSize: number) {
  const base = withTeam(
    latestScreened(db)
      .leftJoin('wrenTriage as t', 't.attendanceId', 'a.id')
      .where('s.flagged', '=', true)
      .where('t.attendanceId', 'is', null),
    filter,
    'a.teamId',
  );
  const [rows, total] = await Promise.all([
    base
      .select([
        'a.id',
        'a.attendanceRef',
        'a.arrivedAt',
        'a.department',
        'a.givenName',
        'a.familyName',
        'a.ageYears',
        'a.childId',
        'a.matchMethod',
        'a.matchProbability',
        'a.matchDecision',
        'a.knownFacts',
        // The fields' text, for the marks of each match shown (worked out from the text and the place).
        'a.presentingComplaint',
        'a.notes',
        's.matches',
        's.listVersion',
      ])
      .orderBy('a.arrivedAt')
      .orderBy('a.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export function attendance(db: Executor, id: number) {
  return latestScreened(db)
    .leftJoin('wrenTriage as t', 't.attendanceId', 'a.id')
    .selectAll('a')
    .select([
      's.flagged',
      's.matches',
      's.listVersion',
      't.outcome',
      't.rationale',
      't.decidedAt',
      't.decidedBy',
    ])
    .where('a.id', '=', id)
    .executeTakeFirst();
}

export function insertTriage(
  db: Executor,
  row: { attendanceId: number; outcome: TriageOutcome; rationale: string; decidedBy: string },
) {
  return db
    .insertInto('wrenTriage')
    .values(row)
    .onConflict((oc) => oc.column('attendanceId').doNothing())
    .returning('attendanceId')
    .executeTakeFirst();
}

export function setKnownFacts(db: Executor, id: number, facts: KnownFact[]) {
  return db
    .updateTable('wrenAttendance')
    .set({ knownFacts: JSON.stringify(facts) })
    .where('id', '=', id)
    .execute();
}

/** Attendances not yet screened with a version, a page at a time by id. */
export function unscreenedWith(db: Executor, version: number, afterId: number, limit: number) {
  return db
    .selectFrom('wrenAttendance as a')
    .select([
      'a.id',
      'a.presentingComplaint',
      'a.notes',
      'a.childId',
      'a.arrivedAt',
      'a.knownFacts',
      'a.matchDecision',
    ])
    .where('a.id', '>', afterId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('wrenScreening as x')
            .select('x.id')
            .whereRef('x.attendanceId', '=', 'a.id')
            .where('x.listVersion', '=', version),
        ),
      ),
    )
    .orderBy('a.id')
    .limit(limit)
    .execute();
}

/** Results of a version beside the previous result of the same attendance (for what changed). */
export function resultsWithPrevious(db: Executor, version: number, filter: TeamFilter) {
  return withTeam(
    db
      .selectFrom('wrenScreening as s')
      .innerJoin('wrenAttendance as a', 'a.id', 's.attendanceId')
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('wrenScreening as p')
            .select(['p.flagged', 'p.matches', 'p.listVersion'])
            .whereRef('p.attendanceId', '=', 's.attendanceId')
            .where('p.listVersion', '<', version)
            .orderBy('p.listVersion', 'desc')
            .limit(1)
            .as('p'),
        (join) => join.onTrue(),
      )
      .select([
        'a.id',
        'a.attendanceRef',
        'a.arrivedAt',
        'a.givenName',
        'a.familyName',
        'a.childId',
        's.flagged',
        's.matches',
        'p.flagged as previousFlagged',
        'p.matches as previousMatches',
        'p.listVersion as previousVersion',
      ])
      .where('s.listVersion', '=', version)
      .orderBy('a.arrivedAt'),
    filter,
    'a.teamId',
  ).execute();
}

const month = sql<string>`to_char(a.arrived_at AT TIME ZONE 'Europe/London', 'YYYY-MM')`;
const day = sql<string>`(a.arrived_at AT TIME ZONE 'Europe/London')::date`;

/** Attendances screened in the period, by month (UK time). */
export function screenedByMonth(db: Executor, period: { from: string; to: string }, filter: TeamFilter) {
  return withTeam(
    latestScreened(db)
      .select([month.as('month'), (eb) => eb.fn.countAll<string>().as('n')])
      .where(day, '>=', sql<string>`${period.from}::date`)
      .where(day, '<=', sql<string>`${period.to}::date`)
      .groupBy(month),
    filter,
    'a.teamId',
  ).execute();
}

/** Flagged attendances in the period, with what the profile counts of each. */
export function flaggedInPeriod(db: Executor, period: { from: string; to: string }, filter: TeamFilter) {
  return withTeam(
    latestScreened(db)
      .select([month.as('month'), 'a.id', 'a.ageYears', 'a.ethnicity', 'a.knownFacts', 'a.childId'])
      .where('s.flagged', '=', true)
      .where(day, '>=', sql<string>`${period.from}::date`)
      .where(day, '<=', sql<string>`${period.to}::date`)
      .orderBy('a.id'),
    filter,
    'a.teamId',
  ).execute();
}

/** An attendance as inserted: its columns by their SQL names. */
export interface AttendanceInsert {
  attendance_ref: string;
  team_id: number | null;
  import_id: number;
  arrived_at: string;
  department: string | null;
  given_name: string | null;
  family_name: string;
  date_of_birth: string;
  age_years: number;
  nhs_number: string | null;
  postcode: string | null;
  ethnicity: string | null;
  presenting_complaint: string | null;
  notes: string;
  child_id: string | null;
  match_method: string;
  match_probability: number | null;
  match_decision: string | null;
  known_facts: KnownFact[];
}

/**
 * Many attendances in one statement with one parameter (a JSON array of rows): thousands of rows
 * bind in a fraction of the time of as many parameters each. An attendance id already imported
 * is left as it was; the ids of those inserted come back.
 */
export async function insertAttendances(db: Executor, rows: readonly AttendanceInsert[]) {
  if (!rows.length) return [];
  const result = await sql<{ id: number; attendanceRef: string }>`
    INSERT INTO wren_attendance (attendance_ref, team_id, import_id, arrived_at, department, given_name,
      family_name, date_of_birth, age_years, nhs_number, postcode, ethnicity, presenting_complaint, notes,
      child_id, match_method, match_probability, match_decision, known_facts)
    SELECT r.attendance_ref, r.team_id, r.import_id, r.arrived_at, r.department, r.given_name,
      r.family_name, r.date_of_birth, r.age_years, r.nhs_number, r.postcode, r.ethnicity, r.presenting_complaint, r.notes,
      r.child_id, r.match_method, r.match_probability, r.match_decision, coalesce(r.known_facts, '[]')
    FROM json_populate_recordset(NULL::wren_attendance, ${JSON.stringify(rows)}::json) AS r
    ON CONFLICT (attendance_ref) DO NOTHING
    RETURNING id, attendance_ref`.execute(db);
  return result.rows;
}

/** Screening results, many in one statement (as insertAttendances). */
export async function insertScreenings(
  db: Executor,
  rows: readonly {
    attendance_id: number;
    list_version: number;
    flagged: boolean;
    matches: readonly ScreeningMatch[];
  }[],
) {
  if (!rows.length) return;
  await sql`
    INSERT INTO wren_screening (attendance_id, list_version, flagged, matches)
    SELECT r.attendance_id, r.list_version, r.flagged, r.matches
    FROM json_populate_recordset(NULL::wren_screening, ${JSON.stringify(rows)}::json) AS r`.execute(db);
}
