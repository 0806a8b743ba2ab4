/**
 * The audit's SQL, through Kysely only. Schools are the registry's published settings of every
 * phase but early years (which answer a different audit); users are the platform's auth_account.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { AnswerValue } from './schema.ts';
import type { Rag } from './tables.ts';
import type { AnswerGroup } from './tally.ts';

type Executor = Kysely<Database>;

/** The phase of settings that do not answer the Section 175/157 audit. */
export const NOT_AUDITED_PHASE = 'early_years';

// ---------------------------------------------------------------------------------------------
// Years, sections and questions

export function listYears(db: Executor) {
  return db.selectFrom('schoolsAuditYear').selectAll().orderBy('schoolYear', 'desc').execute();
}

export function findYear(db: Executor, id: number) {
  return db.selectFrom('schoolsAuditYear').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findYearBySchoolYear(db: Executor, schoolYear: string) {
  return db
    .selectFrom('schoolsAuditYear')
    .selectAll()
    .where('schoolYear', '=', schoolYear)
    .executeTakeFirst();
}

/** The year before this one: the latest with an earlier school year. */
export function previousYear(db: Executor, schoolYear: string) {
  return db
    .selectFrom('schoolsAuditYear')
    .selectAll()
    .where('schoolYear', '<', schoolYear)
    .orderBy('schoolYear', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The year schools answer now: the latest that has opened, or else the latest defined. */
export async function currentYear(db: Executor, today: string) {
  return (
    (await db
      .selectFrom('schoolsAuditYear')
      .selectAll()
      .where('opensOn', '<=', today)
      .orderBy('schoolYear', 'desc')
      .limit(1)
      .executeTakeFirst()) ??
    (await db
      .selectFrom('schoolsAuditYear')
      .selectAll()
      .orderBy('schoolYear', 'desc')
      .limit(1)
      .executeTakeFirst())
  );
}

export function sectionsOf(db: Executor, yearId: number) {
  return db
    .selectFrom('schoolsAuditSection')
    .selectAll()
    .where('yearId', '=', yearId)
    .orderBy('position')
    .execute();
}

export function questionsOf(db: Executor, yearId: number) {
  return db
    .selectFrom('schoolsAuditQuestion as q')
    .innerJoin('schoolsAuditSection as s', 's.id', 'q.sectionId')
    .selectAll('q')
    .where('q.yearId', '=', yearId)
    .orderBy('s.position')
    .orderBy('q.position')
    .execute();
}

export function findQuestion(db: Executor, yearId: number, id: number) {
  return db
    .selectFrom('schoolsAuditQuestion')
    .selectAll()
    .where('yearId', '=', yearId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertYear(
  db: Executor,
  values: {
    schoolYear: string;
    title: string;
    opensOn: string;
    closesOn: string;
    copiedFromId: number | null;
  },
) {
  return db.insertInto('schoolsAuditYear').values(values).returning('id').executeTakeFirstOrThrow();
}

/** Copies a year's sections and questions into another; none of them is new that year. */
export async function copyDefinition(db: Executor, fromYearId: number, toYearId: number) {
  await sql`
    WITH copied AS (
      INSERT INTO schools_audit_section (year_id, position, title)
      SELECT ${toYearId}, position, title FROM schools_audit_section WHERE year_id = ${fromYearId}
      RETURNING id, position
    )
    INSERT INTO schools_audit_question
      (year_id, section_id, position, code, text, hint, kind, choices, required, report_label,
       follow_up_answer, compare_with, new_this_year)
    SELECT ${toYearId}, c.id, q.position, q.code, q.text, q.hint, q.kind, q.choices, q.required,
           q.report_label, q.follow_up_answer, q.compare_with, false
    FROM schools_audit_question q
    JOIN schools_audit_section s ON s.id = q.section_id
    JOIN copied c ON c.position = s.position
    WHERE q.year_id = ${fromYearId}`.execute(db);
}

export async function insertSection(db: Executor, yearId: number, title: string) {
  return db
    .insertInto('schoolsAuditSection')
    .values((eb) => ({
      yearId,
      title,
      position: eb
        .selectFrom('schoolsAuditSection')
        .select(sql<number>`coalesce(max(position), 0) + 1`.as('p'))
        .where('yearId', '=', yearId),
    }))
    .returning('id')
    .executeTakeFirstOrThrow();
}

export interface QuestionValues {
  sectionId: number;
  code: string;
  text: string;
  hint: string | null;
  kind: 'yes_no' | 'number' | 'choice' | 'text' | 'evidence';
  choices: string[];
  required: boolean;
  reportLabel: string | null;
  followUpAnswer: string | null;
  compareWith: 'get_safe_dsl_and_deputy' | null;
}

export async function insertQuestion(
  db: Executor,
  yearId: number,
  values: QuestionValues,
  newThisYear: boolean,
) {
  return db
    .insertInto('schoolsAuditQuestion')
    .values((eb) => ({
      ...values,
      yearId,
      newThisYear,
      position: eb
        .selectFrom('schoolsAuditQuestion')
        .select(sql<number>`coalesce(max(position), 0) + 1`.as('p'))
        .where('sectionId', '=', values.sectionId),
    }))
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function updateQuestion(
  db: Executor,
  yearId: number,
  id: number,
  values: Omit<QuestionValues, 'sectionId'> & { newThisYear: boolean },
) {
  return db
    .updateTable('schoolsAuditQuestion')
    .set(values)
    .where('yearId', '=', yearId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function deleteQuestion(db: Executor, yearId: number, id: number) {
  return db
    .deleteFrom('schoolsAuditQuestion')
    .where('yearId', '=', yearId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function answerCount(db: Executor, questionId: number): Promise<number> {
  const row = await db
    .selectFrom('schoolsAuditAnswer')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('questionId', '=', questionId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function returnCount(db: Executor, yearId: number): Promise<number> {
  const row = await db
    .selectFrom('schoolsAuditReturn')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('yearId', '=', yearId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether a code was a question in that year (so a question with it is not new). */
export async function codeExists(db: Executor, yearId: number, code: string) {
  const row = await db
    .selectFrom('schoolsAuditQuestion')
    .select('id')
    .where('yearId', '=', yearId)
    .where('code', '=', code)
    .executeTakeFirst();
  return !!row;
}

// ---------------------------------------------------------------------------------------------
// Schools and their returns

export interface SchoolFilters {
  phase?: string | undefined;
  districtId?: number | undefined;
  settingIds?: readonly number[] | undefined;
}

/** Every school with where its return for the year stands (null: not started). */
export function schoolsWithStatus(db: Executor, yearId: number, filters: SchoolFilters = {}) {
  let query = db
    .selectFrom('registrySetting as s')
    .innerJoin('registryDistrict as d', 'd.id', 's.districtId')
    .leftJoin('schoolsAuditReturn as r', (join) =>
      join.onRef('r.settingId', '=', 's.id').on('r.yearId', '=', yearId),
    )
    .select([
      's.id',
      's.urn',
      's.name',
      's.phase',
      's.districtId',
      's.safeguardingEmail',
      'd.name as districtName',
      'r.id as returnId',
      'r.status',
      'r.updatedAt',
      'r.submittedAt',
    ])
    .where('s.phase', '<>', NOT_AUDITED_PHASE);
  if (filters.phase) query = query.where('s.phase', '=', filters.phase);
  if (filters.districtId) query = query.where('s.districtId', '=', filters.districtId);
  if (filters.settingIds)
    query = query.where('s.id', 'in', filters.settingIds.length ? filters.settingIds : [-1]);
  return query.orderBy('s.name').orderBy('s.id').execute();
}

export function findSchool(db: Executor, settingId: number) {
  return db
    .selectFrom('registrySetting as s')
    .innerJoin('registryDistrict as d', 'd.id', 's.districtId')
    .select([
      's.id',
      's.urn',
      's.name',
      's.phase',
      's.districtId',
      's.safeguardingEmail',
      'd.name as districtName',
    ])
    .where('s.id', '=', settingId)
    .where('s.phase', '<>', NOT_AUDITED_PHASE)
    .executeTakeFirst();
}

export function districts(db: Executor) {
  return db.selectFrom('registryDistrict').select(['id', 'code', 'name']).orderBy('name').execute();
}

export function findReturn(db: Executor, yearId: number, settingId: number) {
  return db
    .selectFrom('schoolsAuditReturn')
    .selectAll()
    .where('yearId', '=', yearId)
    .where('settingId', '=', settingId)
    .executeTakeFirst();
}

/** The school's return for the year, made when its first answer is saved; locked for the change. */
export async function openReturnForUpdate(db: Executor, yearId: number, settingId: number) {
  await db
    .insertInto('schoolsAuditReturn')
    .values({ yearId, settingId })
    .onConflict((oc) => oc.columns(['yearId', 'settingId']).doNothing())
    .execute();
  return db
    .selectFrom('schoolsAuditReturn')
    .selectAll()
    .where('yearId', '=', yearId)
    .where('settingId', '=', settingId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export function lockReturn(db: Executor, returnId: number) {
  return db
    .selectFrom('schoolsAuditReturn')
    .selectAll()
    .where('id', '=', returnId)
    .forUpdate()
    .executeTakeFirst();
}

export function answersOf(db: Executor, returnId: number) {
  return db
    .selectFrom('schoolsAuditAnswer')
    .select(['questionId', 'yes', 'number', 'text', 'updatedAt'])
    .where('returnId', '=', returnId)
    .execute();
}

export function ratingsOf(db: Executor, returnId: number) {
  return db
    .selectFrom('schoolsAuditRating')
    .select(['sectionId', 'rag'])
    .where('returnId', '=', returnId)
    .execute();
}

/** A school's answers in another year's return, by question code (the code stays the same year to year). */
export function answersByCode(db: Executor, yearId: number, settingId: number) {
  return db
    .selectFrom('schoolsAuditAnswer as a')
    .innerJoin('schoolsAuditReturn as r', 'r.id', 'a.returnId')
    .innerJoin('schoolsAuditQuestion as q', 'q.id', 'a.questionId')
    .select(['q.code', 'a.yes', 'a.number', 'a.text'])
    .where('r.yearId', '=', yearId)
    .where('r.settingId', '=', settingId)
    .execute();
}

/** Saves a section's answers: a blank removes the answer; the rest are written over. */
export async function saveAnswers(
  db: Executor,
  returnId: number,
  answers: ReadonlyMap<number, AnswerValue | null>,
) {
  const cleared = [...answers].filter(([, v]) => v === null).map(([id]) => id);
  const given = [...answers].filter((e): e is [number, AnswerValue] => e[1] !== null);
  if (cleared.length)
    await db
      .deleteFrom('schoolsAuditAnswer')
      .where('returnId', '=', returnId)
      .where('questionId', 'in', cleared)
      .execute();
  if (given.length)
    await db
      .insertInto('schoolsAuditAnswer')
      .values(
        given.map(([questionId, v]) => ({
          returnId,
          questionId,
          yes: 'yes' in v ? v.yes : null,
          number: 'number' in v ? v.number : null,
          text: 'text' in v ? v.text : null,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['returnId', 'questionId']).doUpdateSet((eb) => ({
          yes: eb.ref('excluded.yes'),
          number: eb.ref('excluded.number'),
          text: eb.ref('excluded.text'),
          updatedAt: sql`now()`,
        })),
      )
      .execute();
}

export async function saveRating(db: Executor, returnId: number, sectionId: number, rag: Rag | null) {
  if (rag === null) {
    await db
      .deleteFrom('schoolsAuditRating')
      .where('returnId', '=', returnId)
      .where('sectionId', '=', sectionId)
      .execute();
    return;
  }
  await db
    .insertInto('schoolsAuditRating')
    .values({ returnId, sectionId, rag })
    .onConflict((oc) => oc.columns(['returnId', 'sectionId']).doUpdateSet({ rag }))
    .execute();
}

export function touchReturn(db: Executor, returnId: number) {
  return db
    .updateTable('schoolsAuditReturn')
    .set({ updatedAt: sql`now()` })
    .where('id', '=', returnId)
    .execute();
}

/** The required questions of the year the return has no answer to, in the audit's order. */
export function missingRequired(db: Executor, yearId: number, returnId: number) {
  return db
    .selectFrom('schoolsAuditQuestion as q')
    .innerJoin('schoolsAuditSection as s', 's.id', 'q.sectionId')
    .leftJoin('schoolsAuditAnswer as a', (join) =>
      join.onRef('a.questionId', '=', 'q.id').on('a.returnId', '=', returnId),
    )
    .select(['q.id', 'q.text', 'q.sectionId', 's.title as sectionTitle'])
    .where('q.yearId', '=', yearId)
    .where('q.required', '=', true)
    .where('a.questionId', 'is', null)
    .orderBy('s.position')
    .orderBy('q.position')
    .execute();
}

/** Sections of the year the return has no red/amber/green rating for. */
export function unratedSections(db: Executor, yearId: number, returnId: number) {
  return db
    .selectFrom('schoolsAuditSection as s')
    .leftJoin('schoolsAuditRating as g', (join) =>
      join.onRef('g.sectionId', '=', 's.id').on('g.returnId', '=', returnId),
    )
    .select(['s.id', 's.title'])
    .where('s.yearId', '=', yearId)
    .where('g.sectionId', 'is', null)
    .orderBy('s.position')
    .execute();
}

export function markSubmitted(db: Executor, returnId: number, userId: string) {
  return db
    .updateTable('schoolsAuditReturn')
    .set({ status: 'submitted', submittedAt: sql`now()`, submittedBy: userId, updatedAt: sql`now()` })
    .where('id', '=', returnId)
    .where('status', '=', 'in_progress')
    .executeTakeFirst();
}

export async function reopen(
  db: Executor,
  returnId: number,
  previouslySubmittedAt: Date,
  reason: string,
  userId: string,
) {
  await db
    .insertInto('schoolsAuditAmendment')
    .values({ returnId, reason, reopenedBy: userId, previouslySubmittedAt })
    .execute();
  await db
    .updateTable('schoolsAuditReturn')
    .set({ status: 'in_progress', submittedAt: null, submittedBy: null, updatedAt: sql`now()` })
    .where('id', '=', returnId)
    .execute();
}

export function amendmentsOf(db: Executor, returnId: number) {
  return db
    .selectFrom('schoolsAuditAmendment as m')
    .leftJoin('authAccount as u', 'u.id', 'm.reopenedBy')
    .select(['m.reason', 'm.reopenedAt', 'm.previouslySubmittedAt', 'u.givenName', 'u.familyName'])
    .where('m.returnId', '=', returnId)
    .orderBy('m.reopenedAt')
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Figures

/**
 * The aggregate behind every figure: answers in submitted returns of the given years, counted by
 * year, question, phase and district (and the option chosen, for choice questions).
 */
export async function answerGroups(
  db: Executor,
  yearIds: readonly number[],
  options: {
    questionIds?: readonly number[];
    /** With questionIds: also the question of this short name in that (last) year. */
    lastYearCode?: { yearId: number; code: string } | undefined;
  } = {},
): Promise<AnswerGroup[]> {
  if (!yearIds.length) return [];
  // For every question, the partnership's counts only (the results page); for a few questions,
  // by phase and district too (a question's own page): far fewer groups to count and send.
  if (!options.questionIds) {
    const { rows } = await sql<AnswerGroup>`
      SELECT r.year_id AS "yearId", a.question_id AS "questionId", NULL AS phase, NULL AS "districtId",
             CASE WHEN q.kind = 'choice' THEN a.text END AS choice,
             count(*)::int AS answered,
             count(*) FILTER (WHERE a.yes)::int AS yes,
             count(*) FILTER (WHERE NOT a.yes)::int AS no,
             coalesce(sum(a.number), 0)::float8 AS sum,
             count(a.number)::int AS numbers
      FROM schools_audit_answer a
      JOIN schools_audit_return r ON r.id = a.return_id
      JOIN schools_audit_question q ON q.id = a.question_id
      WHERE r.year_id IN (${sql.join(yearIds)}) AND r.status = 'submitted'
        AND r.setting_id IN (SELECT id FROM registry_setting WHERE phase <> ${NOT_AUDITED_PHASE})
      GROUP BY 1, 2, 5`.execute(db);
    return rows;
  }
  if (!options.questionIds.length) return [];
  const { rows } = await sql<AnswerGroup>`
    SELECT r.year_id AS "yearId", a.question_id AS "questionId", s.phase, s.district_id AS "districtId",
           CASE WHEN q.kind = 'choice' THEN a.text END AS choice,
           count(*)::int AS answered,
           count(*) FILTER (WHERE a.yes)::int AS yes,
           count(*) FILTER (WHERE NOT a.yes)::int AS no,
           coalesce(sum(a.number), 0)::float8 AS sum,
           count(a.number)::int AS numbers
    FROM schools_audit_answer a
    JOIN schools_audit_return r ON r.id = a.return_id AND r.status = 'submitted'
    JOIN schools_audit_question q ON q.id = a.question_id
    JOIN registry_setting s ON s.id = r.setting_id
    WHERE r.year_id IN (${sql.join(yearIds)})
      AND (a.question_id IN (${sql.join(options.questionIds)})${
        options.lastYearCode
          ? sql` OR (q.year_id = ${options.lastYearCode.yearId} AND q.code = ${options.lastYearCode.code})`
          : sql``
      })
      AND s.phase <> ${NOT_AUDITED_PHASE}
    GROUP BY 1, 2, 3, 4, 5`.execute(db);
  return rows;
}

/**
 * What the partnership-wide counts of these years depend on: their submitted returns (a return
 * is read-only while submitted; reopening it changes the count, submitting it again the latest
 * submission time). The same answer means the same counts.
 */
export async function submittedVersion(db: Executor, yearIds: readonly number[]): Promise<string> {
  if (!yearIds.length) return 'none';
  // Which returns, and when each was submitted: a return reopened leaves the count, one submitted
  // again comes back with a new submission time.
  const { rows } = await sql<{ n: number; ids: string; times: string }>`
    SELECT count(*)::int AS n, coalesce(sum(r.id), 0)::text AS ids,
           coalesce(sum(extract(epoch FROM r.submitted_at)), 0)::text AS times
    FROM schools_audit_return r
    WHERE r.year_id IN (${sql.join(yearIds)}) AND r.status = 'submitted'
      AND r.setting_id IN (SELECT id FROM registry_setting WHERE phase <> ${NOT_AUDITED_PHASE})`.execute(db);
  const row = rows[0]!;
  return `${yearIds.join(',')}|${row.n}|${row.ids}|${row.times}`;
}

/** Submitted returns and schools, by phase and district, for the figures' denominators. */
export function submittedBySchoolGroup(db: Executor, yearId: number) {
  return db
    .selectFrom('registrySetting as s')
    .leftJoin('schoolsAuditReturn as r', (join) =>
      join.onRef('r.settingId', '=', 's.id').on('r.yearId', '=', yearId),
    )
    .select(['s.phase', 's.districtId', 'r.status'])
    .where('s.phase', '<>', NOT_AUDITED_PHASE)
    .execute();
}

/** The schools behind one figure: those whose submitted return gave this answer (or any answer). */
export function schoolsBehind(
  db: Executor,
  yearId: number,
  questionId: number,
  filter: { answer?: string | undefined; phase?: string | undefined; districtId?: number | undefined },
) {
  let query = db
    .selectFrom('schoolsAuditAnswer as a')
    .innerJoin('schoolsAuditReturn as r', 'r.id', 'a.returnId')
    .innerJoin('registrySetting as s', 's.id', 'r.settingId')
    .innerJoin('registryDistrict as d', 'd.id', 's.districtId')
    .select(['s.id', 's.urn', 's.name', 's.phase', 'd.name as districtName', 'a.yes', 'a.number', 'a.text'])
    .where('r.yearId', '=', yearId)
    .where('r.status', '=', 'submitted')
    .where('a.questionId', '=', questionId)
    .where('s.phase', '<>', NOT_AUDITED_PHASE);
  if (filter.answer === 'yes' || filter.answer === 'no')
    query = query.where('a.yes', '=', filter.answer === 'yes');
  else if (filter.answer === 'number') query = query.where('a.number', 'is not', null);
  else if (filter.answer) query = query.where('a.text', '=', filter.answer);
  if (filter.phase) query = query.where('s.phase', '=', filter.phase);
  if (filter.districtId) query = query.where('s.districtId', '=', filter.districtId);
  return query.orderBy('s.name').orderBy('s.id').execute();
}

/** Every answer and rating of every return of the year, for the CSV: one row per answer. */
export async function exportRows(db: Executor, yearId: number) {
  const { rows } = await sql<{
    urn: string;
    name: string;
    phase: string;
    districtName: string;
    status: string;
    submittedAt: Date | null;
    sectionTitle: string;
    rag: string | null;
    code: string;
    text: string;
    kind: string;
    yes: boolean | null;
    number: string | null;
    answerText: string | null;
  }>`
    SELECT s.urn, s.name, s.phase, d.name AS "districtName", r.status, r.submitted_at AS "submittedAt",
           sec.title AS "sectionTitle", g.rag, q.code, q.text, q.kind, a.yes, a.number::text AS number,
           a.text AS "answerText"
    FROM schools_audit_return r
    JOIN registry_setting s ON s.id = r.setting_id
    JOIN registry_district d ON d.id = s.district_id
    JOIN schools_audit_question q ON q.year_id = r.year_id
    JOIN schools_audit_section sec ON sec.id = q.section_id
    LEFT JOIN schools_audit_answer a ON a.return_id = r.id AND a.question_id = q.id
    LEFT JOIN schools_audit_rating g ON g.return_id = r.id AND g.section_id = sec.id
    WHERE r.year_id = ${yearId}
    ORDER BY s.name, s.id, sec.position, q.position`.execute(db);
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Follow-ups and reminders

/** Answers in submitted returns that are the answer a question marks for follow-up. */
export function followUpCandidates(db: Executor, yearId: number) {
  return db
    .selectFrom('schoolsAuditAnswer as a')
    .innerJoin('schoolsAuditReturn as r', 'r.id', 'a.returnId')
    .innerJoin('schoolsAuditQuestion as q', 'q.id', 'a.questionId')
    .innerJoin('registrySetting as s', 's.id', 'r.settingId')
    .innerJoin('registryDistrict as d', 'd.id', 's.districtId')
    .leftJoin('schoolsAuditFollowUp as f', (join) =>
      join.onRef('f.settingId', '=', 's.id').onRef('f.questionId', '=', 'q.id').on('f.yearId', '=', yearId),
    )
    .select([
      's.id as settingId',
      's.urn',
      's.name',
      's.phase',
      'd.name as districtName',
      'q.id as questionId',
      'q.text as questionText',
      'q.followUpAnswer',
      'f.id as followUpId',
    ])
    .where('r.yearId', '=', yearId)
    .where('r.status', '=', 'submitted')
    .where('q.followUpAnswer', 'is not', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('q.followUpAnswer', '=', 'yes'), eb('a.yes', '=', true)]),
        eb.and([eb('q.followUpAnswer', '=', 'no'), eb('a.yes', '=', false)]),
        eb.and([eb('q.kind', '=', 'choice'), eb('a.text', '=', eb.ref('q.followUpAnswer'))]),
      ]),
    )
    .orderBy('s.name')
    .orderBy('q.position')
    .execute();
}

export function followUpsOf(db: Executor, yearId: number) {
  return db
    .selectFrom('schoolsAuditFollowUp as f')
    .innerJoin('registrySetting as s', 's.id', 'f.settingId')
    .innerJoin('schoolsAuditQuestion as q', 'q.id', 'f.questionId')
    .select([
      'f.id',
      'f.settingId',
      's.name as schoolName',
      's.urn',
      'q.text as questionText',
      'f.answerGiven',
      'f.actionId',
      'f.createdAt',
    ])
    .where('f.yearId', '=', yearId)
    .orderBy('s.name')
    .orderBy('f.id')
    .execute();
}

export function followUpsOfSchool(db: Executor, yearId: number, settingId: number) {
  return db
    .selectFrom('schoolsAuditFollowUp as f')
    .innerJoin('schoolsAuditQuestion as q', 'q.id', 'f.questionId')
    .select(['f.id', 'q.text as questionText', 'f.answerGiven', 'f.actionId'])
    .where('f.yearId', '=', yearId)
    .where('f.settingId', '=', settingId)
    .orderBy('f.id')
    .execute();
}

export function insertFollowUp(
  db: Executor,
  values: {
    yearId: number;
    settingId: number;
    questionId: number;
    answerGiven: string;
    actionId: number;
    createdBy: string;
    createdAt?: Date;
  },
) {
  return db
    .insertInto('schoolsAuditFollowUp')
    .values(values)
    .onConflict((oc) => oc.columns(['yearId', 'settingId', 'questionId']).doNothing())
    .returning('id')
    .executeTakeFirst();
}

/** The education safeguarding officers who can own a follow-up. */
export function officers(db: Executor) {
  return db
    .selectFrom('authAccount')
    .select(['id', 'givenName', 'familyName', 'email', 'organisationId'])
    .where('role', '=', 'education_safeguarding_officer')
    .where('active', '=', true)
    .orderBy('familyName')
    .orderBy('givenName')
    .execute();
}

/** The DSLs and heads of these schools, who are reminded beside the school's safeguarding mailbox. */
export function keyStaffEmails(db: Executor, settingIds: readonly number[]) {
  if (!settingIds.length) return Promise.resolve([]);
  return db
    .selectFrom('registrySettingStaff')
    .select(['settingId', 'email'])
    .where('settingId', 'in', settingIds)
    .where('staffRole', 'in', ['dsl', 'head'])
    .execute();
}

export function insertReminders(
  db: Executor,
  rows: {
    yearId: number;
    settingId: number;
    sentBy: string | null;
    statusThen: 'not_started' | 'in_progress';
  }[],
) {
  if (!rows.length) return Promise.resolve([]);
  return db.insertInto('schoolsAuditReminder').values(rows).returning(['id', 'settingId']).execute();
}

export async function lastRemindedAt(db: Executor, yearId: number) {
  const rows = await db
    .selectFrom('schoolsAuditReminder')
    .select(['settingId', (eb) => eb.fn.max('sentAt').as('at')])
    .where('yearId', '=', yearId)
    .groupBy('settingId')
    .execute();
  return new Map(rows.map((r) => [r.settingId, r.at as Date]));
}

// ---------------------------------------------------------------------------------------------
// Loading many at once (the demo partnership and the benchmark)

const chunks = <T>(rows: readonly T[], size: number) =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

/** The schools of the registry (every phase but early years), in a fixed order. */
export function allSchools(db: Executor) {
  return db
    .selectFrom('registrySetting')
    .select(['id', 'urn', 'phase', 'districtId'])
    .where('phase', '<>', NOT_AUDITED_PHASE)
    .orderBy('id')
    .execute();
}

export async function insertSectionsAndQuestions(
  db: Executor,
  yearId: number,
  sections: readonly {
    title: string;
    questions: readonly (Omit<QuestionValues, 'sectionId'> & { newThisYear: boolean })[];
  }[],
) {
  const sectionRows = await db
    .insertInto('schoolsAuditSection')
    .values(sections.map((s, i) => ({ yearId, position: i + 1, title: s.title })))
    .returning(['id', 'position'])
    .execute();
  const sectionId = new Map(sectionRows.map((s) => [s.position, s.id]));
  const questions = sections.flatMap((s, i) =>
    s.questions.map((x, j) => ({ ...x, yearId, sectionId: sectionId.get(i + 1)!, position: j + 1 })),
  );
  const out: { id: number; code: string; sectionId: number }[] = [];
  for (const chunk of chunks(questions, 500))
    out.push(
      ...(await db
        .insertInto('schoolsAuditQuestion')
        .values(chunk)
        .returning(['id', 'code', 'sectionId'])
        .execute()),
    );
  return { sections: sectionRows, questions: out };
}

export async function insertReturns(
  db: Executor,
  rows: readonly {
    yearId: number;
    settingId: number;
    status: 'in_progress' | 'submitted';
    startedAt: Date;
    updatedAt: Date;
    submittedAt: Date | null;
    submittedBy: string | null;
  }[],
) {
  const out: { id: number; settingId: number }[] = [];
  for (const chunk of chunks(rows, 1000))
    out.push(
      ...(await db.insertInto('schoolsAuditReturn').values(chunk).returning(['id', 'settingId']).execute()),
    );
  return out;
}

export async function insertAnswerRows(
  db: Executor,
  rows: readonly {
    returnId: number;
    questionId: number;
    yes: boolean | null;
    number: number | null;
    text: string | null;
  }[],
) {
  // One JSON parameter per chunk: far quicker to send and plan than thousands of parameters.
  for (const chunk of chunks(rows, 20_000))
    await sql`
      INSERT INTO schools_audit_answer (return_id, question_id, yes, number, text)
      SELECT x.r, x.q, x.y, x.n, x.t
      FROM jsonb_to_recordset(${JSON.stringify(chunk.map((a) => ({ r: a.returnId, q: a.questionId, y: a.yes, n: a.number, t: a.text })))}::jsonb)
        AS x(r integer, q integer, y boolean, n numeric, t text)`.execute(db);
}

export async function insertRatingRows(
  db: Executor,
  rows: readonly { returnId: number; sectionId: number; rag: Rag }[],
) {
  for (const chunk of chunks(rows, 20_000))
    await sql`
      INSERT INTO schools_audit_rating (return_id, section_id, rag)
      SELECT x.r, x.s, x.g
      FROM jsonb_to_recordset(${JSON.stringify(chunk.map((a) => ({ r: a.returnId, s: a.sectionId, g: a.rag })))}::jsonb)
        AS x(r integer, s integer, g text)`.execute(db);
}

/** An account to stand for the team and the heads in demo records: the first of a role. */
export async function firstAccountOf(db: Executor, role: string) {
  const row = await db
    .selectFrom('authAccount')
    .select('id')
    .where('role', '=', role)
    .orderBy('email')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function settingIdByUrn(db: Executor, urn: string) {
  const row = await db.selectFrom('registrySetting').select('id').where('urn', '=', urn).executeTakeFirst();
  return row?.id ?? null;
}
