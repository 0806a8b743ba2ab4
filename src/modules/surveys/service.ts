/**
 * Surveys: the builder, returns and their results. A return holds answers and the day it came,
 * nothing else: a sign-in survey notes who has answered (so each answers once) in a table of its
 * own that never names a return. Other modules attach a survey to their own record (an audit, a
 * review, a training course) and show its results there through this service.
 */
import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { AuditWriter } from '../../platform/audit/audit-log.ts';
import type { SignedInUser } from '../../platform/auth/permissions.ts';
import type { Db } from '../../platform/db/client.ts';
import type { Database } from '../../platform/db/schema.ts';
import { type FormResult, formError, parseForm } from '../../platform/http/forms.ts';
import * as q from './queries.ts';
import { type QuestionInput, type SurveyInput, agreementLabels, answersSchema } from './schema.ts';
import type { Audience } from './tables.ts';
import { type QuestionResult, tallySurvey, withoutFreeText } from './tally.ts';

/** The record a survey is attached to: the owning module, the kind of record, its id. */
export interface SurveySubject {
  module: string;
  type: string;
  id: string;
}

/** A survey attached to a record, with its results, for the record's page. */
export interface AttachedSurvey {
  id: number;
  title: string;
  audience: Audience;
  opensOn: string;
  closesOn: string;
  returns: number;
  results: QuestionResult[];
  /** The survey's full results page (for those who may see it). */
  href: string;
}

/** Why a person may not answer now, or null when they may. */
export type NotOpen = 'not_open_yet' | 'closed' | 'not_in_audience' | 'already_answered' | null;

type Survey = NonNullable<Awaited<ReturnType<typeof q.findSurvey>>>;

export class SurveysService {
  constructor(private readonly db: Db) {}

  surveys() {
    return q.listSurveys(this.db);
  }

  async survey(id: number) {
    const survey = await q.findSurvey(this.db, id);
    if (!survey) return undefined;
    const [agencies, questions, returns, subjects] = await Promise.all([
      q.surveyAgencies(this.db, id),
      q.surveyQuestions(this.db, id),
      q.returnsOf(this.db, id),
      q.subjectsOf(this.db, id),
    ]);
    return { survey, agencies, questions, returns, subjects };
  }

  surveyByToken(token: string) {
    return q.findSurveyByToken(this.db, token);
  }

  questions(surveyId: number) {
    return q.surveyQuestions(this.db, surveyId);
  }

  async createSurvey(
    audit: AuditWriter,
    userId: string | null,
    input: SurveyInput,
  ): Promise<FormResult<{ id: number }>> {
    return this.db.transaction().execute(async (trx) => {
      const { id } = await q.insertSurvey(trx, {
        title: input.title,
        introduction: input.introduction ?? null,
        audience: input.audience,
        serviceName: input.audience === 'referrers' ? (input.serviceName ?? null) : null,
        access: input.access,
        linkToken: randomBytes(12).toString('base64url'),
        opensOn: input.opensOn,
        closesOn: input.closesOn,
        createdBy: userId,
      });
      if (input.audience === 'practitioners' && input.agencyIds.length)
        await trx
          .insertInto('surveyAgency')
          .values([...new Set(input.agencyIds)].map((organisationId) => ({ surveyId: id, organisationId })))
          .execute();
      await audit(trx, { action: 'create', recordType: 'survey', recordId: id });
      return { ok: true as const, value: { id } };
    });
  }

  /** Adds a question at the end; questions are fixed once the first return has come in. */
  async addQuestion(
    audit: AuditWriter,
    surveyId: number,
    input: QuestionInput,
  ): Promise<FormResult<{ id: number }>> {
    return this.db.transaction().execute(async (trx) => {
      if ((await q.returnsOf(trx, surveyId)) > 0)
        return {
          ok: false as const,
          errors: formError('prompt', 'Questions cannot change once answers have come in'),
        };
      const last = await trx
        .selectFrom('surveyQuestion')
        .select((eb) => eb.fn.max('position').as('p'))
        .where('surveyId', '=', surveyId)
        .executeTakeFirst();
      const { id } = await trx
        .insertInto('surveyQuestion')
        .values({ surveyId, position: Number(last?.p ?? 0) + 1, ...input })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, {
        action: 'update',
        recordType: 'survey',
        recordId: surveyId,
        reason: 'question added',
      });
      return { ok: true as const, value: { id } };
    });
  }

  async removeQuestion(audit: AuditWriter, surveyId: number, questionId: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      if ((await q.returnsOf(trx, surveyId)) > 0) return false;
      const removed = await trx
        .deleteFrom('surveyQuestion')
        .where('id', '=', questionId)
        .where('surveyId', '=', surveyId)
        .executeTakeFirst();
      if (!removed.numDeletedRows) return false;
      await audit(trx, {
        action: 'update',
        recordType: 'survey',
        recordId: surveyId,
        reason: 'question removed',
      });
      return true;
    });
  }

  /** Whether this person may answer on this day (user null: the anonymous link). */
  async whyNotOpen(survey: Survey, user: SignedInUser | null, today: string): Promise<NotOpen> {
    if (today < survey.opensOn) return 'not_open_yet';
    if (today > survey.closesOn) return 'closed';
    if (survey.access === 'anonymous') return null;
    if (!user) return 'not_in_audience';
    if (survey.audience === 'practitioners') {
      const agencies = await q.surveyAgencies(this.db, survey.id);
      if (user.organisationId == null || !agencies.includes(user.organisationId)) return 'not_in_audience';
    }
    const answered = await this.db
      .selectFrom('surveyRespondent')
      .select('userId')
      .where('surveyId', '=', survey.id)
      .where('userId', '=', user.id)
      .executeTakeFirst();
    return answered ? 'already_answered' : null;
  }

  /**
   * Takes a return: every answer checked against its question (nothing saved if any is wrong),
   * then the return, its answers and (sign-in surveys) the note that this person has answered,
   * in one transaction.
   */
  async submit(
    survey: Survey,
    user: SignedInUser | null,
    body: unknown,
    today: string,
  ): Promise<FormResult<{ responseId: number }> | { ok: false; notOpen: Exclude<NotOpen, null> }> {
    const why = await this.whyNotOpen(survey, user, today);
    if (why) return { ok: false, notOpen: why };
    const questions = await q.surveyQuestions(this.db, survey.id);
    const parsed = parseForm(answersSchema(questions, survey.audience === 'young_people'), body);
    if (!parsed.ok) return parsed;
    return this.db.transaction().execute(async (trx) => {
      if (survey.access === 'sign_in' && user) {
        const noted = await trx
          .insertInto('surveyRespondent')
          .values({ surveyId: survey.id, userId: user.id })
          .onConflict((oc) => oc.doNothing())
          .returning('userId')
          .executeTakeFirst();
        if (!noted) return { ok: false as const, notOpen: 'already_answered' as const };
      }
      const { id } = await trx
        .insertInto('surveyResponse')
        .values({ surveyId: survey.id, submittedOn: today })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (parsed.value.length)
        await trx
          .insertInto('surveyAnswer')
          .values(parsed.value.map((a) => ({ ...a, responseId: id })))
          .execute();
      return { ok: true as const, value: { responseId: id } };
    });
  }

  /**
   * Every question's counts (and free-text answers), from the returns. `freeText: false` (a
   * figures-only reader) leaves out the words people wrote: only how many answered.
   */
  async results(surveyId: number, audience: Audience, options: { freeText?: boolean } = {}) {
    const [questions, answers, returns] = await Promise.all([
      q.surveyQuestions(this.db, surveyId),
      q.answersOf(this.db, surveyId),
      q.returnsOf(this.db, surveyId),
    ]);
    const results = tallySurvey(questions, answers, returns, audience);
    return { returns, results: options.freeText === false ? withoutFreeText(results) : results };
  }

  /** Marks (or unmarks) a free-text answer for quoting in the yearly report: by hand, one at a time. */
  async markQuote(audit: AuditWriter, surveyId: number, answerId: number, quoted: boolean): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('surveyAnswer')
        .set({ quotedForReport: quoted })
        .where('id', '=', answerId)
        .where('questionId', 'in', (eb) =>
          eb
            .selectFrom('surveyQuestion')
            .select('id')
            .where('surveyId', '=', surveyId)
            .where('kind', '=', 'free_text'),
        )
        .executeTakeFirst();
      if (!updated.numUpdatedRows) return false;
      await audit(trx, {
        action: quoted ? 'quote' : 'unquote',
        recordType: 'survey-answer',
        recordId: answerId,
      });
      return true;
    });
  }

  /** The returns as rows for a CSV: a return number (1, 2, …), the day, then each question's answer in words. */
  async csvRows(surveyId: number, audience: Audience): Promise<string[][]> {
    const [questions, answers] = await Promise.all([
      q.surveyQuestions(this.db, surveyId),
      q.answersOf(this.db, surveyId),
    ]);
    const responses = await this.db
      .selectFrom('surveyResponse')
      .select(['id', 'submittedOn'])
      .where('surveyId', '=', surveyId)
      .orderBy('id')
      .execute();
    const labels = agreementLabels(audience);
    const byResponse = new Map<number, Map<number, (typeof answers)[number]>>();
    for (const a of answers) {
      if (!byResponse.has(a.responseId)) byResponse.set(a.responseId, new Map());
      byResponse.get(a.responseId)!.set(a.questionId, a);
    }
    const words = (question: (typeof questions)[number], a: (typeof answers)[number] | undefined) => {
      if (!a) return '';
      switch (question.kind) {
        case 'agreement':
          return labels[(a.numberValue ?? 0) - 1] ?? '';
        case 'yes_no':
          return a.numberValue === 1 ? 'Yes' : 'No';
        case 'number':
          return String(a.numberValue);
        default:
          return a.textValue ?? '';
      }
    };
    return [
      ['Return', 'Returned on', ...questions.map((question) => `Q${question.position}. ${question.prompt}`)],
      ...responses.map((r, i) => [
        String(i + 1),
        r.submittedOn,
        ...questions.map((question) => words(question, byResponse.get(r.id)?.get(question.id))),
      ]),
    ];
  }

  /** Attaches a survey to another module's record, inside that module's transaction. */
  async attachSurveyInTrx(
    trx: Transaction<Database>,
    audit: AuditWriter,
    userId: string | null,
    surveyId: number,
    subject: SurveySubject,
  ): Promise<boolean> {
    const survey = await q.findSurvey(trx, surveyId);
    if (!survey) return false;
    await trx
      .insertInto('surveyAttachment')
      .values({
        surveyId,
        subjectModule: subject.module,
        subjectType: subject.type,
        subjectId: subject.id,
        attachedBy: userId,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await audit(trx, {
      action: 'attach',
      recordType: 'survey',
      recordId: surveyId,
      reason: `${subject.module}/${subject.type}/${subject.id}`,
    });
    return true;
  }

  attachSurvey(audit: AuditWriter, userId: string | null, surveyId: number, subject: SurveySubject) {
    return this.db
      .transaction()
      .execute((trx) => this.attachSurveyInTrx(trx, audit, userId, surveyId, subject));
  }

  async detachSurvey(audit: AuditWriter, surveyId: number, subject: SurveySubject): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const removed = await trx
        .deleteFrom('surveyAttachment')
        .where('surveyId', '=', surveyId)
        .where('subjectModule', '=', subject.module)
        .where('subjectType', '=', subject.type)
        .where('subjectId', '=', subject.id)
        .executeTakeFirst();
      if (!removed.numDeletedRows) return false;
      await audit(trx, {
        action: 'detach',
        recordType: 'survey',
        recordId: surveyId,
        reason: `${subject.module}/${subject.type}/${subject.id}`,
      });
      return true;
    });
  }

  /** The surveys attached to a record, each with its results (counts and free text, never who answered). */
  async surveysAttachedTo(subject: SurveySubject): Promise<AttachedSurvey[]> {
    const attached = await q.attachmentsOf(this.db, subject);
    return Promise.all(
      attached.map(async (s) => {
        const { returns, results } = await this.results(s.id, s.audience);
        return {
          id: s.id,
          title: s.title,
          audience: s.audience,
          opensOn: s.opensOn,
          closesOn: s.closesOn,
          returns,
          results,
          href: `/surveys/${s.id}/results`,
        };
      }),
    );
  }

  /** Surveys to offer when attaching one to a record: id and title, newest first. */
  async attachableSurveys(): Promise<{ id: number; title: string }[]> {
    return (await q.listSurveys(this.db)).map((s) => ({ id: s.id, title: s.title }));
  }

  figures(period: { from: string; to: string }) {
    return q.surveyFigures(this.db, period);
  }

  /** Quotes marked for the yearly report, received in the period. */
  quotesForReport(period: { from: string; to: string }) {
    return q.quotesForReport(this.db, period);
  }
}
