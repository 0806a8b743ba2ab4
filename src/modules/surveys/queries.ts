/** Surveys' SQL (Kysely only). */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { SurveySubject } from './service.ts';
import type { Audience, SurveyAccess } from './tables.ts';

type Executor = Kysely<Database>;

export function listSurveys(db: Executor) {
  return db
    .selectFrom('survey as s')
    .select((eb) => [
      's.id',
      's.title',
      's.audience',
      's.access',
      's.opensOn',
      's.closesOn',
      eb
        .selectFrom('surveyResponse as r')
        .whereRef('r.surveyId', '=', 's.id')
        .select(eb.fn.countAll<number>().as('n'))
        .as('returns'),
    ])
    .orderBy('s.opensOn', 'desc')
    .orderBy('s.id', 'desc')
    .execute();
}

export function findSurvey(db: Executor, id: number) {
  return db.selectFrom('survey').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findSurveyByToken(db: Executor, token: string) {
  return db.selectFrom('survey').selectAll().where('linkToken', '=', token).executeTakeFirst();
}

export async function surveyAgencies(db: Executor, surveyId: number) {
  return (
    await db.selectFrom('surveyAgency').select('organisationId').where('surveyId', '=', surveyId).execute()
  ).map((r) => r.organisationId);
}

export function surveyQuestions(db: Executor, surveyId: number) {
  return db
    .selectFrom('surveyQuestion')
    .select(['id', 'position', 'kind', 'prompt', 'options', 'minValue', 'maxValue', 'required'])
    .where('surveyId', '=', surveyId)
    .orderBy('position')
    .execute();
}

export async function returnsOf(db: Executor, surveyId: number) {
  const row = await db
    .selectFrom('surveyResponse')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('surveyId', '=', surveyId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function answersOf(db: Executor, surveyId: number) {
  return db
    .selectFrom('surveyAnswer as a')
    .innerJoin('surveyResponse as r', 'r.id', 'a.responseId')
    .select(['a.id', 'a.questionId', 'a.numberValue', 'a.textValue', 'a.quotedForReport', 'a.responseId'])
    .where('r.surveyId', '=', surveyId)
    .orderBy('a.responseId')
    .orderBy('a.id')
    .execute();
}

export function insertSurvey(
  db: Executor,
  values: {
    title: string;
    introduction: string | null;
    audience: Audience;
    serviceName: string | null;
    access: SurveyAccess;
    linkToken: string;
    opensOn: string;
    closesOn: string;
    createdBy: string | null;
  },
) {
  return db.insertInto('survey').values(values).returning('id').executeTakeFirstOrThrow();
}

export function attachmentsOf(db: Executor, subject: SurveySubject) {
  return db
    .selectFrom('surveyAttachment as a')
    .innerJoin('survey as s', 's.id', 'a.surveyId')
    .select(['s.id', 's.title', 's.audience', 's.opensOn', 's.closesOn', 'a.attachedAt'])
    .where('a.subjectModule', '=', subject.module)
    .where('a.subjectType', '=', subject.type)
    .where('a.subjectId', '=', subject.id)
    .orderBy('a.attachedAt')
    .execute();
}

export function subjectsOf(db: Executor, surveyId: number) {
  return db
    .selectFrom('surveyAttachment')
    .select(['subjectModule as module', 'subjectType as type', 'subjectId as id'])
    .where('surveyId', '=', surveyId)
    .orderBy('attachedAt')
    .execute();
}

/** The year's figures: surveys open at some point in the period, returns and quotes in it. */
export async function surveyFigures(db: Executor, period: { from: string; to: string }) {
  const surveys = await db
    .selectFrom('survey')
    .select(['audience', (eb) => eb.fn.countAll<number>().as('n')])
    .where('opensOn', '<=', period.to)
    .where('closesOn', '>=', period.from)
    .groupBy('audience')
    .execute();
  const returns = await db
    .selectFrom('surveyResponse as r')
    .innerJoin('survey as s', 's.id', 'r.surveyId')
    .select(['s.audience', (eb) => eb.fn.countAll<number>().as('n')])
    .where('r.submittedOn', '>=', period.from)
    .where('r.submittedOn', '<=', period.to)
    .groupBy('s.audience')
    .execute();
  const quotes = await db
    .selectFrom('surveyAnswer as a')
    .innerJoin('surveyResponse as r', 'r.id', 'a.responseId')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('a.quotedForReport', '=', true)
    .where('r.submittedOn', '>=', period.from)
    .where('r.submittedOn', '<=', period.to)
    .executeTakeFirstOrThrow();
  return {
    surveys: Object.fromEntries(surveys.map((r) => [r.audience, Number(r.n)])) as Partial<
      Record<Audience, number>
    >,
    returns: Object.fromEntries(returns.map((r) => [r.audience, Number(r.n)])) as Partial<
      Record<Audience, number>
    >,
    quotes: Number(quotes.n),
  };
}

/** The answers marked by hand for the yearly report, received in the period, with their survey (never a respondent). */
export function quotesForReport(db: Executor, period: { from: string; to: string }) {
  return db
    .selectFrom('surveyAnswer as a')
    .innerJoin('surveyResponse as r', 'r.id', 'a.responseId')
    .innerJoin('survey as s', 's.id', 'r.surveyId')
    .select(['a.textValue as text', 's.title as surveyTitle', 's.audience'])
    .where('a.quotedForReport', '=', true)
    .where('a.textValue', 'is not', null)
    .where('r.submittedOn', '>=', period.from)
    .where('r.submittedOn', '<=', period.to)
    .orderBy('s.title')
    .orderBy('a.id')
    .execute();
}
