/**
 * The audit's rules: defining a year (copied from last year, new questions marked), a school's
 * return saved section by section, submitted by its head with every required answer given,
 * reopened for amendment with a reason, the team's progress view, reminders through the outbox,
 * follow-ups of answers that need action, and the figures computed from submitted returns.
 * Every change is one transaction with its audit entry.
 */
import type { AuditWriter } from '../../platform/audit/audit-log.ts';
import type { SignedInUser } from '../../platform/auth/permissions.ts';
import type { WorkingDayCalendar } from '../../platform/calendar/index.ts';
import type { Db } from '../../platform/db/client.ts';
import { type EmailJob, emailJob } from '../../platform/email/outbox.ts';
import { type FormErrors, type FormResult, formError, noErrors } from '../../platform/http/forms.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import { ActionInputError, type ActionSummary, type ActionsService } from '../actions/index.ts';
import * as q from './queries.ts';
import {
  type AnswerValue,
  type FollowUpInput,
  type ProgressFilters,
  type QuestionInput,
  type STATUSES,
  type YearInput,
  answerField,
  answerText,
  parseSectionAnswers,
  ragField,
} from './schema.ts';
import type { AuditQuestion, AuditYear } from './tables.ts';
import { type AnswerGroup, type Progress, type QuestionTallies, progressOf, rollUp } from './tally.ts';

/** A school's GET SAFE position as the training module records it. */
export interface GetSafeStatus {
  /** Both the DSL and at least one deputy hold GET SAFE training in date. */
  bothInDate: boolean;
  /** In words, e.g. "DSL in date; no deputy in date". */
  summary: string;
}

/** Where GET SAFE records come from: the training module's service, once it is there. */
export interface GetSafeSource {
  statusBySetting(settingIds: readonly number[], onDate: string): Promise<Map<number, GetSafeStatus>>;
}

export interface SchoolsAuditDeps {
  db: Db;
  calendar: () => WorkingDayCalendar;
  jobs: () => JobQueue | null;
  baseUrl: string;
  getSafe: GetSafeSource | null;
  /** The partnership's action tracker: each follow-up is one of its actions. */
  actions: ActionsService;
}

/** Working days a follow-up is due in by default. */
export const FOLLOW_UP_WORKING_DAYS = 20;

/** The result of trying to change a return that is not in a state to change. */
const stateError = (field: string, text: string): FormResult<never> => ({
  ok: false,
  errors: formError(field, text),
});

export class SchoolsAuditService {
  readonly db: Db;

  constructor(private readonly deps: SchoolsAuditDeps) {
    this.db = deps.db;
  }

  get getSafeAvailable() {
    return this.deps.getSafe !== null;
  }

  // -------------------------------------------------------------------------------------------
  // Defining a year

  years() {
    return q.listYears(this.db);
  }

  year(id: number) {
    return q.findYear(this.db, id);
  }

  currentYear(today: string) {
    return q.currentYear(this.db, today);
  }

  previousYear(year: AuditYear) {
    return q.previousYear(this.db, year.schoolYear);
  }

  async definition(yearId: number) {
    const [sections, questions] = await Promise.all([
      q.sectionsOf(this.db, yearId),
      q.questionsOf(this.db, yearId),
    ]);
    return { sections, questions };
  }

  question(yearId: number, id: number) {
    return q.findQuestion(this.db, yearId, id);
  }

  async defineYear(audit: AuditWriter, input: YearInput): Promise<FormResult<{ id: number }>> {
    return this.db.transaction().execute(async (trx) => {
      if (await q.findYearBySchoolYear(trx, input.schoolYear))
        return {
          ok: false,
          errors: formError('schoolYear', `The audit for ${input.schoolYear} already exists`),
        };
      if (input.copyFrom && !(await q.findYear(trx, input.copyFrom)))
        return { ok: false, errors: formError('copyFrom', 'Choose a year to copy, or none') };
      const { id } = await q.insertYear(trx, {
        schoolYear: input.schoolYear,
        title: input.title,
        opensOn: input.opensOn,
        closesOn: input.closesOn,
        copiedFromId: input.copyFrom ?? null,
      });
      if (input.copyFrom) await q.copyDefinition(trx, input.copyFrom, id);
      await audit(trx, {
        action: 'define-audit-year',
        recordType: 'schools-audit-year',
        recordId: id,
        reason: input.copyFrom ? `copied from year ${input.copyFrom}` : null,
      });
      return { ok: true, value: { id } };
    });
  }

  async addSection(audit: AuditWriter, yearId: number, title: string): Promise<FormResult<{ id: number }>> {
    return this.db.transaction().execute(async (trx) => {
      const { id } = await q.insertSection(trx, yearId, title);
      await audit(trx, { action: 'add-audit-section', recordType: 'schools-audit-year', recordId: yearId });
      return { ok: true, value: { id } };
    });
  }

  private questionValues(input: QuestionInput) {
    return {
      code: input.code,
      text: input.text,
      hint: input.hint ?? null,
      kind: input.kind,
      choices: input.kind === 'choice' ? input.choices : [],
      required: input.required,
      reportLabel: input.reportLabel ?? null,
      followUpAnswer: input.followUpAnswer ?? null,
      compareWith: input.compareWithGetSafe ? ('get_safe_dsl_and_deputy' as const) : null,
    };
  }

  /**
   * Adds a question. It is new this year when the year before had no question of the same short
   * name (the first year defined has nothing to be new against).
   */
  async addQuestion(
    audit: AuditWriter,
    year: AuditYear,
    input: QuestionInput,
  ): Promise<FormResult<{ id: number }>> {
    return this.db.transaction().execute(async (trx) => {
      const sections = await q.sectionsOf(trx, year.id);
      if (!sections.some((s) => s.id === input.sectionId))
        return { ok: false, errors: formError('sectionId', 'Choose a section') };
      const existing = await q.questionsOf(trx, year.id);
      if (existing.some((x) => x.code === input.code))
        return {
          ok: false,
          errors: formError('code', `This year already has a question named ${input.code}`),
        };
      const before = await q.previousYear(trx, year.schoolYear);
      const isNew = before ? !(await q.codeExists(trx, before.id, input.code)) : false;
      const { id } = await q.insertQuestion(
        trx,
        year.id,
        { sectionId: input.sectionId, ...this.questionValues(input) },
        isNew,
      );
      await audit(trx, { action: 'add-audit-question', recordType: 'schools-audit-question', recordId: id });
      return { ok: true, value: { id } };
    });
  }

  async changeQuestion(
    audit: AuditWriter,
    year: AuditYear,
    question: AuditQuestion,
    input: QuestionInput,
  ): Promise<FormResult<{ id: number }>> {
    return this.db.transaction().execute(async (trx) => {
      const answered = await q.answerCount(trx, question.id);
      if (answered > 0 && input.kind !== question.kind)
        return {
          ok: false,
          errors: formError(
            'kind',
            `Schools have answered this question ${answered} time${answered === 1 ? '' : 's'}: its kind of answer cannot change now`,
          ),
        };
      if (
        input.code !== question.code &&
        (await q.questionsOf(trx, year.id)).some((x) => x.code === input.code)
      )
        return {
          ok: false,
          errors: formError('code', `This year already has a question named ${input.code}`),
        };
      const before = await q.previousYear(trx, year.schoolYear);
      const isNew = before ? !(await q.codeExists(trx, before.id, input.code)) : false;
      await q.updateQuestion(trx, year.id, question.id, {
        ...this.questionValues(input),
        newThisYear: isNew,
      });
      await audit(trx, {
        action: 'change-audit-question',
        recordType: 'schools-audit-question',
        recordId: question.id,
      });
      return { ok: true, value: { id: question.id } };
    });
  }

  async removeQuestion(audit: AuditWriter, yearId: number, questionId: number): Promise<FormResult<true>> {
    return this.db.transaction().execute(async (trx) => {
      const answered = await q.answerCount(trx, questionId);
      if (answered > 0)
        return stateError(
          'remove',
          `Schools have answered this question ${answered} time${answered === 1 ? '' : 's'}: it cannot be removed`,
        );
      await q.deleteQuestion(trx, yearId, questionId);
      await audit(trx, {
        action: 'remove-audit-question',
        recordType: 'schools-audit-question',
        recordId: questionId,
      });
      return { ok: true, value: true };
    });
  }

  // -------------------------------------------------------------------------------------------
  // A school's return

  school(settingId: number) {
    return q.findSchool(this.db, settingId);
  }

  returnOf(yearId: number, settingId: number) {
    return q.findReturn(this.db, yearId, settingId);
  }

  /**
   * Everything a return's pages show: the year's sections and questions, the school's answers and
   * ratings, last year's answers beside each question, and its GET SAFE records where a question
   * is checked against them.
   */
  async returnView(year: AuditYear, settingId: number, today: string) {
    const [definition, record, before] = await Promise.all([
      this.definition(year.id),
      q.findReturn(this.db, year.id, settingId),
      q.previousYear(this.db, year.schoolYear),
    ]);
    const [answers, ratings, lastYear, amendments, followUps] = await Promise.all([
      record ? q.answersOf(this.db, record.id) : [],
      record ? q.ratingsOf(this.db, record.id) : [],
      before ? q.answersByCode(this.db, before.id, settingId) : [],
      record ? q.amendmentsOf(this.db, record.id) : [],
      this.followUpsOfSchool(year.id, settingId),
    ]);
    const needsGetSafe = definition.questions.some((x) => x.compareWith === 'get_safe_dsl_and_deputy');
    const getSafe =
      needsGetSafe && this.deps.getSafe
        ? ((await this.deps.getSafe.statusBySetting([settingId], today)).get(settingId) ?? null)
        : null;
    return {
      ...definition,
      record: record ?? null,
      status: (record?.status ?? 'not_started') as keyof typeof STATUSES,
      answers: new Map(answers.map((a) => [a.questionId, a])),
      ratings: new Map(ratings.map((r) => [r.sectionId, r.rag])),
      lastYear: new Map(lastYear.map((a) => [a.code, a])),
      previousYear: before ?? null,
      amendments,
      followUps,
      getSafe,
    };
  }

  /**
   * Saves one section's answers and its rating, as the school goes. Anything that does not fit
   * its question (a number where yes or no is asked) is an error on its field, and nothing of
   * the section is saved.
   */
  async saveSection(
    audit: AuditWriter,
    year: AuditYear,
    settingId: number,
    sectionId: number,
    body: Record<string, unknown>,
  ): Promise<FormResult<{ returnId: number }>> {
    const questions = (await q.questionsOf(this.db, year.id)).filter((x) => x.sectionId === sectionId);
    const parsed = parseSectionAnswers(questions, sectionId, body);
    if (!parsed.ok) return parsed;
    return this.db.transaction().execute(async (trx) => {
      const record = await q.openReturnForUpdate(trx, year.id, settingId);
      if (record.status === 'submitted')
        return stateError(
          'form',
          'This return has been submitted: it cannot be changed unless it is reopened',
        );
      await q.saveAnswers(trx, record.id, parsed.answers);
      await q.saveRating(trx, record.id, sectionId, parsed.rag);
      await q.touchReturn(trx, record.id);
      await audit(trx, {
        action: 'save-audit-answers',
        recordType: 'schools-audit-return',
        recordId: record.id,
        reason: `section ${sectionId}`,
      });
      return { ok: true, value: { returnId: record.id } };
    });
  }

  /**
   * The head submits the return: every required question answered and every section rated, or
   * an error listing each one missing, and nothing changes.
   */
  async submit(
    audit: AuditWriter,
    user: SignedInUser,
    year: AuditYear,
    settingId: number,
  ): Promise<FormResult<{ returnId: number }>> {
    return this.db.transaction().execute(async (trx) => {
      const record = await q.findReturn(trx, year.id, settingId);
      const locked = record ? await q.lockReturn(trx, record.id) : undefined;
      if (locked?.status === 'submitted') return stateError('form', 'This return has already been submitted');
      // With no return yet, nothing is answered: every required question is listed.
      const returnId = locked?.id ?? -1;
      const errors = noErrors();
      for (const m of await q.missingRequired(trx, year.id, returnId)) {
        errors.summary.push({
          text: `Answer “${m.text}” (${m.sectionTitle})`,
          href: `/schools-audit/years/${year.id}/schools/${settingId}/sections/${m.sectionId}#${answerField(m.id)}`,
        });
      }
      for (const s of await q.unratedSections(trx, year.id, returnId)) {
        errors.summary.push({
          text: `Rate the section “${s.title}” red, amber or green`,
          href: `/schools-audit/years/${year.id}/schools/${settingId}/sections/${s.id}#${ragField(s.id)}`,
        });
      }
      if (errors.summary.length) return { ok: false, errors };
      const submitting = locked ?? (await q.openReturnForUpdate(trx, year.id, settingId));
      await q.markSubmitted(trx, submitting.id, user.id);
      await audit(trx, {
        action: 'submit-audit-return',
        recordType: 'schools-audit-return',
        recordId: submitting.id,
      });
      return { ok: true, value: { returnId: submitting.id } };
    });
  }

  /** Reopens a submitted return for amendment; the reason is kept with the return and in the audit log. */
  async reopen(
    audit: AuditWriter,
    user: SignedInUser,
    year: AuditYear,
    settingId: number,
    reason: string,
  ): Promise<FormResult<{ returnId: number }>> {
    return this.db.transaction().execute(async (trx) => {
      const record = await q.findReturn(trx, year.id, settingId);
      const locked = record ? await q.lockReturn(trx, record.id) : undefined;
      if (locked?.status !== 'submitted' || !locked.submittedAt)
        return stateError('reason', 'Only a submitted return can be reopened');
      await q.reopen(trx, locked.id, locked.submittedAt, reason, user.id);
      await audit(trx, {
        action: 'reopen-audit-return',
        recordType: 'schools-audit-return',
        recordId: locked.id,
        reason,
      });
      return { ok: true, value: { returnId: locked.id } };
    });
  }

  // -------------------------------------------------------------------------------------------
  // The team's view

  districts() {
    return q.districts(this.db);
  }

  async progress(yearId: number, filters: ProgressFilters = {}) {
    const schools = await q.schoolsWithStatus(this.db, yearId, {
      phase: filters.phase,
      districtId: filters.district,
    });
    const all = progressOf(schools.map((s) => s.status));
    const byPhase = new Map<string, (string | null)[]>();
    const byDistrict = new Map<string, (string | null)[]>();
    for (const s of schools) {
      byPhase.set(s.phase, [...(byPhase.get(s.phase) ?? []), s.status]);
      byDistrict.set(s.districtName, [...(byDistrict.get(s.districtName) ?? []), s.status]);
    }
    const reminded = await q.lastRemindedAt(this.db, yearId);
    const statusOf = (s: { status: string | null }) => (s.status ?? 'not_started') as keyof typeof STATUSES;
    return {
      all,
      byPhase: [...byPhase].map(([phase, st]) => ({ phase, ...progressOf(st) })),
      byDistrict: [...byDistrict]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([district, st]) => ({ district, ...progressOf(st) })),
      schools: schools
        .filter((s) => !filters.status || statusOf(s) === filters.status)
        .map((s) => ({ ...s, statusKey: statusOf(s), remindedAt: reminded.get(s.id) ?? null })),
    };
  }

  /**
   * Reminds every school that has not submitted (within the filters): one email to its
   * safeguarding mailbox, DSL and head, through the outbox. The email names the school and the
   * due date and links to the return; it holds nothing else.
   */
  async sendReminders(
    audit: AuditWriter,
    user: SignedInUser,
    year: AuditYear,
    filters: ProgressFilters,
  ): Promise<{ ok: true; reminded: number } | { ok: false; reason: 'email-off' }> {
    const jobs = this.deps.jobs();
    if (!jobs) return { ok: false, reason: 'email-off' };
    const { schools } = await this.progress(year.id, { phase: filters.phase, district: filters.district });
    const due = schools.filter(
      (s) => s.statusKey !== 'submitted' && (!filters.status || s.statusKey === filters.status),
    );
    return this.db.transaction().execute(async (trx) => {
      const staff = await q.keyStaffEmails(
        trx,
        due.map((s) => s.id),
      );
      const inserted = await q.insertReminders(
        trx,
        due.map((s) => ({
          yearId: year.id,
          settingId: s.id,
          sentBy: user.id,
          statusThen: s.statusKey === 'in_progress' ? 'in_progress' : 'not_started',
        })),
      );
      const reminderOf = new Map(inserted.map((r) => [r.settingId, r.id]));
      const emails: EmailJob[] = due.map((s) => {
        const to = [
          ...new Set([s.safeguardingEmail, ...staff.filter((p) => p.settingId === s.id).map((p) => p.email)]),
        ];
        return reminderEmail(this.deps.baseUrl, year, s, to, reminderOf.get(s.id)!);
      });
      await jobs.insertInTrx(trx, emails.map(emailJob));
      await audit(trx, {
        action: 'remind-schools',
        recordType: 'schools-audit-year',
        recordId: year.id,
        reason: `${due.length} school${due.length === 1 ? '' : 's'} reminded`,
      });
      return { ok: true as const, reminded: due.length };
    });
  }

  // -------------------------------------------------------------------------------------------
  // Follow-ups

  /**
   * The answers waiting for a follow-up, the follow-ups raised (each with its action: owner, due
   * date and status, as the actions module has them) and the officers who may own one.
   */
  async followUps(yearId: number) {
    const [candidates, raised, owners] = await Promise.all([
      q.followUpCandidates(this.db, yearId),
      q.followUpsOf(this.db, yearId),
      q.officers(this.db),
    ]);
    const actions = await Promise.all(raised.map((f) => this.deps.actions.action(f.actionId)));
    return {
      candidates,
      raised: raised.map((f, i) => ({ ...f, action: (actions[i] ?? null) as ActionSummary | null })),
      owners,
    };
  }

  async followUpsOfSchool(yearId: number, settingId: number) {
    const rows = await q.followUpsOfSchool(this.db, yearId, settingId);
    const actions = await Promise.all(rows.map((f) => this.deps.actions.action(f.actionId)));
    return rows.map((f, i) => ({ ...f, action: actions[i] ?? null }));
  }

  /** The default due date of a follow-up raised today: 20 working days on. */
  defaultDueOn(today: string) {
    return this.deps.calendar().addWorkingDays(today, FOLLOW_UP_WORKING_DAYS);
  }

  /**
   * Raises a follow-up of an answer that needs action, as an action of the partnership's action
   * tracker owned by an education safeguarding officer (and their agency), with a due date and
   * a measurable outcome, in one transaction with the follow-up. The school must have given that
   * answer in its submitted return.
   */
  async raiseFollowUp(
    audit: AuditWriter,
    user: SignedInUser,
    year: AuditYear,
    input: FollowUpInput,
    options: { createdOn?: string } = {},
  ): Promise<FormResult<{ id: number; actionId: number }>> {
    try {
      return await this.db
        .transaction()
        .execute(async (trx): Promise<FormResult<{ id: number; actionId: number }>> => {
          const candidate = (await q.followUpCandidates(trx, year.id)).find(
            (c) => c.settingId === input.settingId && c.questionId === input.questionId,
          );
          if (!candidate) return stateError('questionId', 'This school’s answer does not need a follow-up');
          if (candidate.followUpId)
            return stateError('questionId', 'This answer is already being followed up');
          const owner = (await q.officers(trx)).find((o) => o.id === input.ownerId);
          if (!owner) return { ok: false, errors: formError('ownerId', 'Choose who owns the follow-up') };
          const [action] = await this.deps.actions.createActionsInTrx(
            trx,
            audit,
            user.id,
            [
              {
                description: input.description,
                owningOrganisationId: owner.organisationId,
                ownerName: `${owner.givenName} ${owner.familyName}`,
                ownerUserId: owner.id,
                dueOn: input.dueOn,
                measurableOutcome: input.outcome,
                source: {
                  module: 'schools-audit',
                  type: 'follow-up',
                  id: `${year.id}-${candidate.settingId}-${candidate.questionId}`,
                  label: `${year.title}: ${candidate.name}, answer “${candidate.followUpAnswer}” to “${candidate.questionText}”`,
                  href: `/schools-audit/years/${year.id}/schools/${candidate.settingId}`,
                },
              },
            ],
            options,
          );
          const row = await q.insertFollowUp(trx, {
            yearId: year.id,
            settingId: candidate.settingId,
            questionId: candidate.questionId,
            answerGiven: candidate.followUpAnswer ?? '',
            actionId: action!.id,
            createdBy: user.id,
          });
          if (!row) return stateError('questionId', 'This answer is already being followed up');
          await audit(trx, {
            action: 'raise-audit-follow-up',
            recordType: 'schools-audit-follow-up',
            recordId: row.id,
            reason: `action ${action!.id}`,
          });
          return { ok: true, value: { id: row.id, actionId: action!.id } };
        });
    } catch (error) {
      // The action tracker's own checks (e.g. a due date before today): nothing is written.
      if (error instanceof ActionInputError) {
        const errors = noErrors();
        for (const e of error.errors.summary) formError(e.href.replace(/^#/, ''), e.text, errors);
        return { ok: false, errors };
      }
      throw error;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Figures

  /**
   * The figures of a year against the year before: every question's tallies (for the
   * partnership, by phase, by district) from submitted returns, and where the returns stand.
   */
  async results(year: AuditYear, options: { breakdownOf?: AuditQuestion } = {}) {
    const before = await q.previousYear(this.db, year.schoolYear);
    const yearIds = before ? [year.id, before.id] : [year.id];
    const breakdownOf = options.breakdownOf;
    const [questions, sections, lastQuestions, schools, groups] = await Promise.all([
      q.questionsOf(this.db, year.id),
      q.sectionsOf(this.db, year.id),
      before ? q.questionsOf(this.db, before.id) : Promise.resolve([]),
      q.submittedBySchoolGroup(this.db, year.id),
      // One question by phase and district (its page; last year's by its short name), or every
      // question for the partnership.
      breakdownOf
        ? q.answerGroups(this.db, yearIds, {
            questionIds: [breakdownOf.id],
            lastYearCode: before ? { yearId: before.id, code: breakdownOf.code } : undefined,
          })
        : this.partnershipGroups(yearIds),
    ]);
    return composeResults({
      year,
      before: before ?? null,
      questions,
      sections,
      groups,
      lastQuestions,
      schools,
    });
  }

  /**
   * Every question's partnership-wide counts for these years. Submitted returns change a few
   * hundred times a year and are read-only in between, so the counts are kept for as long as
   * the submitted returns are the same (a cheap check on each view), and counted again from the
   * answers as soon as a return is submitted or reopened.
   */
  private async partnershipGroups(yearIds: number[]): Promise<AnswerGroup[]> {
    const version = await q.submittedVersion(this.db, yearIds);
    const key = yearIds.join(',');
    const kept = this.counted.get(key);
    if (kept?.version === version) return kept.groups;
    const groups = await q.answerGroups(this.db, yearIds);
    if (this.counted.size >= 20) this.counted.clear();
    this.counted.set(key, { version, groups });
    return groups;
  }

  private readonly counted = new Map<string, { version: string; groups: AnswerGroup[] }>();

  schoolsBehind(
    yearId: number,
    questionId: number,
    filter: { answer?: string | undefined; phase?: string | undefined; districtId?: number | undefined },
  ) {
    return q.schoolsBehind(this.db, yearId, questionId, filter);
  }

  async exportRows(yearId: number) {
    const rows = await q.exportRows(this.db, yearId);
    return rows.map((r) => ({
      ...r,
      answer: answerText({ yes: r.yes, number: r.number, text: r.answerText }),
    }));
  }

  /** The GET SAFE records of many schools, or null where the training module is not there. */
  async getSafeStatuses(settingIds: readonly number[], today: string) {
    return this.deps.getSafe ? this.deps.getSafe.statusBySetting(settingIds, today) : null;
  }
}

export interface ComposedQuestion {
  question: AuditQuestion;
  sectionTitle: string;
  /** Last year's question of the same short name, if there was one. */
  lastQuestionId: number | null;
  now: QuestionTallies | null;
  last: QuestionTallies | null;
}

export interface Results {
  year: AuditYear;
  before: AuditYear | null;
  progress: Progress;
  questions: ComposedQuestion[];
}

/** Pure: the figures from the grouped counts (tested on hand-counted fixtures). */
export function composeResults(input: {
  year: AuditYear;
  before: AuditYear | null;
  questions: AuditQuestion[];
  sections: { id: number; title: string }[];
  groups: AnswerGroup[];
  lastQuestions: AuditQuestion[];
  schools: { status: string | null }[];
}): Results {
  const now = rollUp(input.groups, input.year.id);
  const last = input.before ? rollUp(input.groups, input.before.id) : new Map<number, QuestionTallies>();
  const lastByCode = new Map(input.lastQuestions.map((x) => [x.code, x.id]));
  const sectionTitle = new Map(input.sections.map((s) => [s.id, s.title]));
  return {
    year: input.year,
    before: input.before,
    progress: progressOf(input.schools.map((s) => s.status)),
    questions: input.questions.map((question) => {
      const lastQuestionId = lastByCode.get(question.code) ?? null;
      return {
        question,
        sectionTitle: sectionTitle.get(question.sectionId) ?? '',
        lastQuestionId,
        now: now.get(question.id) ?? null,
        last: lastQuestionId ? (last.get(lastQuestionId) ?? null) : null,
      };
    }),
  };
}

/** The reminder: the school's name, the due date and a link; no other detail. */
export function reminderEmail(
  baseUrl: string,
  year: AuditYear,
  school: { id: number; name: string; statusKey: string },
  to: string[],
  reminderId: number,
): EmailJob {
  return {
    idempotencyKey: `schools-audit-reminder-${reminderId}`,
    to,
    subject: `${year.title}: ${school.name}'s return is due by ${year.closesOn}`,
    text: [
      `${school.name}'s return to the ${year.title} is ${school.statusKey === 'in_progress' ? 'in progress but not yet submitted' : 'not started yet'}.`,
      `Returns are due by ${year.closesOn}. The DSL fills it in; the head teacher submits it.`,
      '',
      `Sign in to Safeguarding Hub to complete it: ${baseUrl}/schools-audit/years/${year.id}/schools/${school.id}`,
    ].join('\n'),
  };
}

export type { AnswerValue, FormErrors };
