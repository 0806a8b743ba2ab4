/**
 * The audit's pages. The team (schools-audit:manage) defines each year, watches progress,
 * reminds, follows up and exports; a school's DSL and head reach only their own school's return
 * (outside it, a return is 404); the executive sees the results without any school named.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { londonDate } from '../../platform/calendar/index.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { type FormErrors, formError, parseForm, zodFormErrors } from '../../platform/http/forms.ts';
import { parseParams, selectOptions, sendCsv } from '../../platform/http/route-helpers.ts';
import type { PlatformServices } from '../../platform/modules/define-module.ts';
import { ACTION_STATUS_LABELS, type ActionsService } from '../actions/index.ts';
import { PHASES, type RegistryService } from '../registry/index.ts';
import type { TrainingService } from '../training/index.ts';
import { progressChart, yearOnYearChart } from './charts.ts';
import {
  behindAnswer,
  behindHref,
  figureCell,
  figureText,
  phaseLabel,
  questionsTable,
} from './presentation.ts';
import {
  QUESTION_KINDS,
  RAGS,
  STATUSES,
  amendInput,
  answerField,
  answerFormValue,
  answerText,
  followUpInput,
  type ProgressFilters,
  progressFilters,
  questionInput,
  ragField,
  schoolsFilter,
  sectionInput,
  yearInput,
} from './schema.ts';
import type { SchoolsAuditService } from './service.ts';
import type { AuditQuestion, AuditYear } from './tables.ts';
import { type Tally, shareYes } from './tally.ts';

export type SchoolsAuditServices = PlatformServices & {
  registry: RegistryService;
  actions: ActionsService;
  training: TrainingService;
  schoolsAudit: SchoolsAuditService;
};

const VIEWS = 'schools-audit/views';
const MAX_ID = 2_147_483_647;
const id = () => z.coerce.number().int().positive().max(MAX_ID);
const yearParam = z.object({ yearId: id() });
const questionParam = z.object({ yearId: id(), questionId: id() });
const schoolParam = z.object({ yearId: id(), settingId: id() });
const sectionParam = z.object({ yearId: id(), settingId: id(), sectionId: id() });

const today = () => londonDate(new Date());

export function schoolsAuditRoutes(app: FastifyInstance, services: SchoolsAuditServices) {
  const audit = services.schoolsAudit;

  const yearOf = async (params: unknown): Promise<AuditYear> => {
    const { yearId } = parseParams(yearParam, params);
    const year = await audit.year(yearId);
    if (!year) throw new NotFoundError();
    return year;
  };

  // -------------------------------------------------------------------------------------------
  // Where each person starts

  app.get(
    '/schools-audit/my-return',
    { config: { permission: 'schools-audit:own' } },
    async (request, reply) => {
      const year = await audit.currentYear(today());
      const settingId = request.user!.settingId;
      // Early-years settings answer a different audit: for them, as for no year yet, none is here.
      const school = settingId ? await audit.school(settingId) : undefined;
      if (!year || !settingId || !school)
        return reply.page(`${VIEWS}/no-audit.njk`, { title: 'Section 175/157 safeguarding audit' });
      return reply.redirect(`/schools-audit/years/${year.id}/schools/${settingId}`, 303);
    },
  );

  app.get(
    '/schools-audit/results',
    { config: { permission: 'schools-audit:results' } },
    async (_request, reply) => {
      const year = await audit.currentYear(today());
      if (!year) return reply.page(`${VIEWS}/no-audit.njk`, { title: 'Section 175/157 audit results' });
      return reply.redirect(`/schools-audit/years/${year.id}/results`, 303);
    },
  );

  // -------------------------------------------------------------------------------------------
  // Defining the years

  app.get(
    '/schools-audit/years',
    { config: { permission: 'schools-audit:manage' } },
    async (_request, reply) => {
      const years = await audit.years();
      const rows = await Promise.all(
        years.map(async (y) => {
          const p = (await audit.progress(y.id)).all;
          return [
            { html: `<a class="govuk-link" href="/schools-audit/years/${y.id}">${y.schoolYear}</a>` },
            { text: y.title },
            { text: `${y.opensOn} to ${y.closesOn}` },
            { text: `${p.submitted} of ${p.schools}`, format: 'numeric' },
          ];
        }),
      );
      return reply.page(`${VIEWS}/years.njk`, { title: 'Section 175/157 audit years', rows });
    },
  );

  const yearForm = async (reply: FastifyReply, errors?: FormErrors, values?: Record<string, unknown>) => {
    const years = await audit.years();
    const last = years[0];
    const suggested = last
      ? (() => {
          const start = Number(last.schoolYear.slice(0, 4)) + 1;
          return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
        })()
      : '';
    const v = values ?? {
      schoolYear: suggested,
      title: suggested ? `Section 175/157 safeguarding audit ${suggested}` : '',
      copyFrom: last ? String(last.id) : '',
    };
    return reply.page(`${VIEWS}/year-form.njk`, {
      title: 'Define an audit year',
      values: v,
      ...(errors ? { errors } : {}),
      copyOptions: [
        { value: '', text: 'Start with no questions', checked: !v.copyFrom },
        ...years.map((y) => ({
          value: String(y.id),
          text: `Copy ${y.schoolYear}`,
          checked: String(v.copyFrom) === String(y.id),
        })),
      ],
    });
  };

  app.get('/schools-audit/years/new', { config: { permission: 'schools-audit:manage' } }, (_request, reply) =>
    yearForm(reply),
  );

  app.post(
    '/schools-audit/years',
    {
      config: {
        permission: 'schools-audit:manage',
        audit: { action: 'define-audit-year', recordType: 'schools-audit-year' },
      },
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const parsed = parseForm(yearInput, body);
      const result = parsed.ok ? await audit.defineYear(request.auditWriter, parsed.value) : parsed;
      if (!result.ok) {
        reply.code(400);
        return yearForm(reply, result.errors, body);
      }
      return reply.redirect(`/schools-audit/years/${result.value.id}`, 303);
    },
  );

  app.get(
    '/schools-audit/years/:yearId',
    { config: { permission: 'schools-audit:manage' } },
    async (request, reply) => {
      const year = await yearOf(request.params);
      return definitionPage(reply, year);
    },
  );

  const definitionPage = async (
    reply: FastifyReply,
    year: AuditYear,
    errors?: FormErrors,
    values?: Record<string, unknown>,
  ) => {
    const [{ sections, questions }, before] = await Promise.all([
      audit.definition(year.id),
      audit.previousYear(year),
    ]);
    return reply.page(`${VIEWS}/year.njk`, {
      title: year.title,
      year,
      before,
      sections: sections.map((s) => ({
        ...s,
        questions: questions
          .filter((x) => x.sectionId === s.id)
          .map((x) => ({ ...x, kindLabel: QUESTION_KINDS[x.kind] })),
      })),
      questionCount: questions.length,
      newCount: questions.filter((x) => x.newThisYear).length,
      ...(errors ? { errors } : {}),
      values: values ?? {},
    });
  };

  app.post(
    '/schools-audit/years/:yearId/sections',
    {
      config: {
        permission: 'schools-audit:manage',
        audit: { action: 'add-audit-section', recordType: 'schools-audit-year' },
      },
    },
    async (request, reply) => {
      const year = await yearOf(request.params);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const parsed = parseForm(sectionInput, body);
      if (!parsed.ok) {
        reply.code(400);
        return definitionPage(reply, year, parsed.errors, body);
      }
      await audit.addSection(request.auditWriter, year.id, parsed.value.title);
      return reply.redirect(`/schools-audit/years/${year.id}`, 303);
    },
  );

  const questionForm = async (
    reply: FastifyReply,
    year: AuditYear,
    question: AuditQuestion | null,
    errors?: FormErrors,
    values?: Record<string, unknown>,
  ) => {
    const { sections } = await audit.definition(year.id);
    const v: Record<string, unknown> =
      values ??
      (question
        ? {
            ...question,
            choices: question.choices.join('\n'),
            required: question.required ? 'yes' : '',
            compareWithGetSafe: question.compareWith ? 'yes' : '',
          }
        : { required: 'yes' });
    return reply.page(`${VIEWS}/question-form.njk`, {
      title: question ? 'Change a question' : 'Add a question',
      year,
      question,
      values: v,
      ...(errors ? { errors } : {}),
      sections: sections.map((s) => ({
        value: String(s.id),
        text: s.title,
        selected: String(v.sectionId) === String(s.id),
      })),
      kinds: selectOptions(QUESTION_KINDS, v.kind),
    });
  };

  app.get(
    '/schools-audit/years/:yearId/questions/new',
    { config: { permission: 'schools-audit:manage' } },
    async (request, reply) => questionForm(reply, await yearOf(request.params), null),
  );

  app.post(
    '/schools-audit/years/:yearId/questions',
    {
      config: {
        permission: 'schools-audit:manage',
        audit: { action: 'add-audit-question', recordType: 'schools-audit-question' },
      },
    },
    async (request, reply) => {
      const year = await yearOf(request.params);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const parsed = parseForm(questionInput, body);
      const result = parsed.ok ? await audit.addQuestion(request.auditWriter, year, parsed.value) : parsed;
      if (!result.ok) {
        reply.code(400);
        return questionForm(reply, year, null, result.errors, body);
      }
      return reply.redirect(`/schools-audit/years/${year.id}#question-${result.value.id}`, 303);
    },
  );

  const questionOf = async (params: unknown) => {
    const { yearId, questionId } = parseParams(questionParam, params);
    const year = await audit.year(yearId);
    const question = year ? await audit.question(yearId, questionId) : undefined;
    if (!year || !question) throw new NotFoundError();
    return { year, question };
  };

  app.get(
    '/schools-audit/years/:yearId/questions/:questionId',
    { config: { permission: 'schools-audit:manage' } },
    async (request, reply) => {
      const { year, question } = await questionOf(request.params);
      return questionForm(reply, year, question);
    },
  );

  app.post(
    '/schools-audit/years/:yearId/questions/:questionId',
    {
      config: {
        permission: 'schools-audit:manage',
        audit: { action: 'change-audit-question', recordType: 'schools-audit-question' },
      },
    },
    async (request, reply) => {
      const { year, question } = await questionOf(request.params);
      const body = {
        ...((request.body ?? {}) as Record<string, unknown>),
        sectionId: String(question.sectionId),
      };
      const parsed = parseForm(questionInput, body);
      const result = parsed.ok
        ? await audit.changeQuestion(request.auditWriter, year, question, parsed.value)
        : parsed;
      if (!result.ok) {
        reply.code(400);
        return questionForm(reply, year, question, result.errors, body);
      }
      return reply.redirect(`/schools-audit/years/${year.id}#question-${question.id}`, 303);
    },
  );

  app.post(
    '/schools-audit/years/:yearId/questions/:questionId/remove',
    {
      config: {
        permission: 'schools-audit:manage',
        audit: { action: 'remove-audit-question', recordType: 'schools-audit-question' },
      },
    },
    async (request, reply) => {
      const { year, question } = await questionOf(request.params);
      const result = await audit.removeQuestion(request.auditWriter, year.id, question.id);
      if (!result.ok) {
        reply.code(409);
        return questionForm(reply, year, question, result.errors);
      }
      return reply.redirect(`/schools-audit/years/${year.id}`, 303);
    },
  );

  // -------------------------------------------------------------------------------------------
  // Progress and reminders

  const progressPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    year: AuditYear,
    flash?: string,
    notice?: string,
  ) => {
    // A filter that is not one of the options is refused on its field, not quietly ignored.
    const parsed = progressFilters.safeParse(request.query ?? {});
    const filters: ProgressFilters = parsed.success ? parsed.data : {};
    const filterErrors = parsed.success ? undefined : zodFormErrors(parsed.error);
    if (filterErrors) reply.code(400);
    const [progress, districts] = await Promise.all([audit.progress(year.id, filters), audit.districts()]);
    const row = (
      label: string,
      p: { notStarted: number; inProgress: number; submitted: number; schools: number },
    ) => [
      { text: label },
      { text: String(p.notStarted), format: 'numeric' },
      { text: String(p.inProgress), format: 'numeric' },
      { text: String(p.submitted), format: 'numeric' },
      { text: String(p.schools), format: 'numeric' },
    ];
    const chartData = (
      rows: { label: string; notStarted: number; inProgress: number; submitted: number }[],
    ) =>
      rows.flatMap((r) => [
        { category: r.label, series: 'Submitted', value: r.submitted },
        { category: r.label, series: 'In progress', value: r.inProgress },
        { category: r.label, series: 'Not started', value: r.notStarted },
      ]);
    const phases = progress.byPhase.map((p) => ({ ...p, label: phaseLabel(p.phase) }));
    const byDistrict = progress.byDistrict.map((p) => ({ ...p, label: p.district }));
    const [phaseChart, districtChart] = await Promise.all([
      progressChart({
        id: 'chart-progress-phase',
        label: 'Stacked bar chart: returns submitted, in progress and not started, by phase',
        summary: `${progress.all.submitted} of ${progress.all.schools} schools have submitted, ${progress.all.inProgress} are in progress and ${progress.all.notStarted} have not started.`,
        data: chartData(phases),
      }),
      progressChart({
        id: 'chart-progress-district',
        label: 'Stacked bar chart: returns submitted, in progress and not started, by district',
        summary: byDistrict.map((d) => `${d.label}: ${d.submitted} of ${d.schools} submitted`).join('; '),
        data: chartData(byDistrict),
      }),
    ]);
    const query = new URLSearchParams();
    if (filters.status) query.set('status', filters.status);
    if (filters.phase) query.set('phase', filters.phase);
    if (filters.district) query.set('district', String(filters.district));
    return reply.page(`${VIEWS}/progress.njk`, {
      title: `${year.title}: returns`,
      year,
      progress,
      phaseChart,
      districtChart,
      phaseTable: [...phases.map((p) => row(p.label, p)), row('All schools', progress.all)],
      districtTable: [...byDistrict.map((d) => row(d.label, d)), row('All schools', progress.all)],
      schoolRows: progress.schools.map((s) => [
        {
          html: `<a class="govuk-link" href="/schools-audit/years/${year.id}/schools/${s.id}">${escapeHtml(s.name)}</a>`,
        },
        { text: phaseLabel(s.phase) },
        { text: s.districtName },
        { text: STATUSES[s.statusKey] },
        { text: s.remindedAt ? formatDateTime(s.remindedAt) : '' },
      ]),
      toRemind: progress.schools.filter((s) => s.statusKey !== 'submitted').length,
      filters,
      filterQuery: query.toString(),
      statusOptions: [{ value: '', text: 'Any' }, ...selectOptions(STATUSES, filters.status)],
      phaseOptions: [{ value: '', text: 'All phases' }, ...selectOptions(schoolPhases(), filters.phase)],
      districtOptions: [
        { value: '', text: 'All districts' },
        ...districts.map((d) => ({ value: String(d.id), text: d.name, selected: d.id === filters.district })),
      ],
      ...(flash ? { flash } : {}),
      ...(notice ? { notice } : {}),
      ...(filterErrors ? { errors: filterErrors } : {}),
    });
  };

  app.get(
    '/schools-audit/years/:yearId/progress',
    { config: { permission: 'schools-audit:manage' } },
    async (request, reply) => {
      const year = await yearOf(request.params);
      const q = (request.query ?? {}) as Record<string, string>;
      const flash = q.reminded
        ? `${q.reminded} school${q.reminded === '1' ? '' : 's'} reminded by email`
        : undefined;
      const notice =
        q.email === 'off'
          ? 'No reminder was sent: this copy of the service is not sending emails (its job queue is off).'
          : undefined;
      return progressPage(request, reply, year, flash, notice);
    },
  );

  app.post(
    '/schools-audit/years/:yearId/reminders',
    {
      config: {
        permission: 'schools-audit:manage',
        audit: { action: 'remind-schools', recordType: 'schools-audit-year' },
      },
    },
    async (request, reply) => {
      const year = await yearOf(request.params);
      const parsed = progressFilters.safeParse(request.body ?? {});
      if (!parsed.success) return progressPage(request, reply, year);
      const filters = parsed.data;
      const outcome = await audit.sendReminders(request.auditWriter, request.user!, year, filters);
      const params = new URLSearchParams();
      if (filters.status) params.set('status', filters.status);
      if (filters.phase) params.set('phase', filters.phase);
      if (filters.district) params.set('district', String(filters.district));
      if (outcome.ok) params.set('reminded', String(outcome.reminded));
      else params.set('email', 'off');
      return reply.redirect(`/schools-audit/years/${year.id}/progress?${params}`, 303);
    },
  );

  // -------------------------------------------------------------------------------------------
  // Follow-ups

  const followUpsPage = async (
    reply: FastifyReply,
    year: AuditYear,
    errors?: FormErrors,
    values?: Record<string, unknown>,
  ) => {
    const { candidates, raised, owners } = await audit.followUps(year.id);
    const dueOn = audit.defaultDueOn(today());
    const isThis = (c: { settingId: number; questionId: number }) =>
      values?.settingId === String(c.settingId) && values?.questionId === String(c.questionId);
    return reply.page(`${VIEWS}/follow-ups.njk`, {
      title: `${year.title}: follow-ups`,
      year,
      candidates: candidates
        .filter((c) => !c.followUpId)
        .map((c) => ({
          ...c,
          phaseLabel: phaseLabel(c.phase),
          ownerOptions: [
            { value: '', text: 'Choose an officer' },
            ...owners.map((o) => ({
              value: o.id,
              text: `${o.givenName} ${o.familyName}`,
              selected: isThis(c) && values?.ownerId === o.id,
            })),
          ],
          // The due date's boxes: as typed after an error, or the suggested date.
          dueOnValues: isThis(c) ? values : { dueOn },
          description: isThis(c)
            ? values?.description
            : `Follow up ${c.name}'s answer “${c.followUpAnswer}” to “${c.questionText}” with its DSL and head teacher`,
          outcome: isThis(c)
            ? values?.outcome
            : `${c.name} has put right what its answer showed, confirmed by the education safeguarding team`,
          errors: isThis(c) ? errors : undefined,
        })),
      raised: raised.map((f) => ({
        ...f,
        owner: f.action?.ownerName ?? '',
        dueOn: f.action?.dueOn ?? null,
        statusLabel: f.action ? ACTION_STATUS_LABELS[f.action.status] : 'Unknown',
      })),
      ...(errors ? { errors } : {}),
    });
  };

  app.get(
    '/schools-audit/years/:yearId/follow-ups',
    { config: { permission: 'schools-audit:manage' } },
    async (request, reply) => followUpsPage(reply, await yearOf(request.params)),
  );

  app.post(
    '/schools-audit/years/:yearId/follow-ups',
    {
      config: {
        permission: 'schools-audit:manage',
        audit: { action: 'raise-audit-follow-up', recordType: 'schools-audit-follow-up' },
      },
    },
    async (request, reply) => {
      const year = await yearOf(request.params);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const parsed = parseForm(followUpInput(today()), body);
      const result = parsed.ok
        ? await audit.raiseFollowUp(request.auditWriter, request.user!, year, parsed.value)
        : parsed;
      if (!result.ok) {
        reply.code(400);
        // Each candidate has its own form: its fields' ids carry the candidate's key.
        const key = `${body.settingId}-${body.questionId}`;
        const errors: FormErrors = { summary: [], byField: {} };
        for (const [field, error] of Object.entries(result.errors.byField))
          formError(`${field}-${key}`, error.text, errors, error.parts);
        return followUpsPage(reply, year, { ...errors, byField: result.errors.byField }, body);
      }
      return reply.redirect(`/schools-audit/years/${year.id}/follow-ups#raised`, 303);
    },
  );

  // -------------------------------------------------------------------------------------------
  // Results

  /**
   * The schools' answers to a question checked against the GET SAFE training records: how many
   * agree, and the schools whose answer disagrees (a DSL and a deputy both in date, or not).
   */
  const getSafeComparison = async (yearId: number, questionId: number) => {
    const answers = (await audit.schoolsBehind(yearId, questionId, {})).filter((r) => r.yes != null);
    const statuses = await audit.getSafeStatuses(
      answers.map((r) => r.id),
      today(),
    );
    if (!statuses) return { available: false as const };
    const disagree = answers.filter((r) => r.yes !== (statuses.get(r.id)?.bothInDate ?? false));
    return {
      available: true as const,
      agree: answers.length - disagree.length,
      rows: disagree.map((r) => [
        {
          html: `<a class="govuk-link" href="/schools-audit/years/${yearId}/schools/${r.id}">${escapeHtml(r.name)}</a>`,
        },
        { text: r.yes ? 'Yes' : 'No' },
        { text: statuses.get(r.id)?.summary ?? 'No GET SAFE training recorded' },
      ]),
    };
  };

  app.get(
    '/schools-audit/years/:yearId/results',
    { config: { permission: 'schools-audit:results' } },
    async (request, reply) => {
      const year = await yearOf(request.params);
      const [results, years] = await Promise.all([audit.results(year), audit.years()]);
      const linkSchools = request.permissions.allows('schools-audit:manage');
      const thisYear = year.schoolYear;
      const lastYear = results.before?.schoolYear ?? 'Last year';
      const reported = results.questions.filter(
        (c) => c.question.reportLabel && c.question.kind === 'yes_no',
      );
      const chartData = reported.flatMap((c) => [
        { category: c.question.reportLabel!, year: thisYear, value: shareYes(c.now?.all ?? emptyish) ?? 0 },
        ...(results.before && c.lastQuestionId
          ? [
              {
                category: c.question.reportLabel!,
                year: lastYear,
                value: shareYes(c.last?.all ?? emptyish) ?? 0,
              },
            ]
          : []),
      ]);
      const chart = reported.length
        ? await yearOnYearChart({
            id: 'chart-report-figures',
            label: `Bar chart: share of schools answering yes, ${thisYear}${results.before ? ` against ${lastYear}` : ''}`,
            summary: reported
              .map(
                (c) =>
                  `${c.question.reportLabel}: ${figureText(c.question, c.now?.all)}${results.before && c.lastQuestionId ? ` (${lastYear}: ${figureText(c.question, c.last?.all)})` : ''}`,
              )
              .join('. '),
            axisTitle: 'Schools answering yes',
            data: chartData,
            years: results.before ? [thisYear, lastYear] : [thisYear],
          })
        : null;
      return reply.page(`${VIEWS}/results.njk`, {
        title: `${year.title}: results`,
        year,
        results,
        lastYear,
        linkSchools,
        chart,
        otherYears: years.filter((y) => y.id !== year.id),
        reportedRows: questionsTable(results, { linkSchools, onlyReported: true }),
        questionRows: questionsTable(results, { linkSchools }),
      });
    },
  );

  app.get(
    '/schools-audit/years/:yearId/results/questions/:questionId',
    { config: { permission: 'schools-audit:results' } },
    async (request, reply) => {
      const { year, question } = await questionOf(request.params);
      const [results, districts] = await Promise.all([
        audit.results(year, { breakdownOf: question }),
        audit.districts(),
      ]);
      const composed = results.questions.find((c) => c.question.id === question.id)!;
      const linkSchools = request.permissions.allows('schools-audit:manage');
      const answer = behindAnswer(question);
      const cells = (
        now: Tally | undefined,
        last: Tally | undefined,
        filter: { phase?: string; district?: number },
      ) => [
        figureCell(
          figureText(question, now),
          linkSchools && now?.answered ? behindHref(year.id, question.id, { ...filter, answer }) : null,
        ),
        figureCell(
          composed.lastQuestionId ? figureText(question, last) : 'Not asked',
          linkSchools && last?.answered
            ? behindHref(year.id, question.id, { ...filter, answer, year: 'last' })
            : null,
        ),
      ];
      const phases = Object.keys(schoolPhases());
      const getSafe =
        linkSchools && question.compareWith === 'get_safe_dsl_and_deputy'
          ? await getSafeComparison(year.id, question.id)
          : null;
      return reply.page(`${VIEWS}/question-results.njk`, {
        getSafe,
        title: question.text,
        year,
        question,
        results,
        lastYear: results.before?.schoolYear ?? 'Last year',
        all: cells(composed.now?.all, composed.last?.all, {}),
        phaseRows: phases
          .filter((p) => composed.now?.byPhase.has(p) || composed.last?.byPhase.has(p))
          .map((p) => [
            { text: phaseLabel(p) },
            ...cells(composed.now?.byPhase.get(p), composed.last?.byPhase.get(p), { phase: p }),
          ]),
        districtRows: districts
          .filter((d) => composed.now?.byDistrict.has(d.id) || composed.last?.byDistrict.has(d.id))
          .map((d) => [
            { text: d.name },
            ...cells(composed.now?.byDistrict.get(d.id), composed.last?.byDistrict.get(d.id), {
              district: d.id,
            }),
          ]),
        linkSchools,
      });
    },
  );

  app.get(
    '/schools-audit/years/:yearId/results/questions/:questionId/schools',
    { config: { permission: 'schools-audit:manage' } },
    async (request, reply) => {
      const { year, question } = await questionOf(request.params);
      const filter = schoolsFilter.parse(request.query ?? {});
      let yearId = year.id;
      let questionId = question.id;
      let shownYear = year;
      if (filter.year === 'last') {
        const before = await audit.previousYear(year);
        const lastQuestion = before
          ? (await audit.definition(before.id)).questions.find((x) => x.code === question.code)
          : undefined;
        if (!before || !lastQuestion) throw new NotFoundError();
        yearId = before.id;
        questionId = lastQuestion.id;
        shownYear = before;
      }
      const [rows, districts] = await Promise.all([
        audit.schoolsBehind(yearId, questionId, {
          answer: filter.answer,
          phase: filter.phase,
          districtId: filter.district,
        }),
        audit.districts(),
      ]);
      const described = [
        filter.answer === 'yes' || filter.answer === 'no'
          ? `answering ${filter.answer}`
          : filter.answer === 'number'
            ? 'giving a number'
            : filter.answer
              ? `answering “${filter.answer}”`
              : 'answering',
        filter.phase ? `phase: ${phaseLabel(filter.phase)}` : null,
        filter.district
          ? `district: ${districts.find((d) => d.id === filter.district)?.name ?? 'unknown'}`
          : null,
      ]
        .filter(Boolean)
        .join(', ');
      return reply.page(`${VIEWS}/schools-behind.njk`, {
        title: `Schools behind the figure: ${question.text}`,
        year,
        shownYear,
        question,
        described,
        rows: rows.map((r) => [
          {
            html: `<a class="govuk-link" href="/schools-audit/years/${yearId}/schools/${r.id}">${escapeHtml(r.name)}</a>`,
          },
          { text: r.urn },
          { text: phaseLabel(r.phase) },
          { text: r.districtName },
          { text: answerText(r) },
        ]),
        count: rows.length,
      });
    },
  );

  app.get(
    '/schools-audit/years/:yearId/returns.csv',
    { config: { permission: 'schools-audit:manage' } },
    async (request, reply) => {
      const year = await yearOf(request.params);
      const rows = await audit.exportRows(year.id);
      return sendCsv(reply, `section-175-157-audit-${year.schoolYear}-returns.csv`, [
        [
          'URN',
          'School',
          'Phase',
          'District',
          'Status',
          'Submitted at',
          'Section',
          'Section rating',
          'Question code',
          'Question',
          'Answer',
        ],
        ...rows.map((r) => [
          r.urn,
          r.name,
          phaseLabel(r.phase),
          r.districtName,
          r.status === 'submitted' ? 'Submitted' : 'In progress',
          r.submittedAt ? r.submittedAt.toISOString() : '',
          r.sectionTitle,
          r.rag ? RAGS[r.rag as keyof typeof RAGS] : '',
          r.code,
          r.text,
          r.answer,
        ]),
      ]);
    },
  );

  // -------------------------------------------------------------------------------------------
  // A school's return

  /** The year and school of a return's page, or 404 when either is not there or not the user's. */
  const returnOf = async (
    request: FastifyRequest,
    permission: 'audit-return:view' | 'audit-return:answer' | 'audit-return:submit' | 'audit-return:amend',
  ) => {
    const { yearId, settingId } = parseParams(schoolParam, request.params);
    const [year, school, record] = await Promise.all([
      audit.year(yearId),
      audit.school(settingId),
      audit.returnOf(yearId, settingId),
    ]);
    if (!year || !school) throw new NotFoundError();
    const state = record?.status ?? 'not_started';
    await request.authorise(
      permission,
      { settingIds: [settingId], state },
      { type: 'schools-audit-return', id: `${yearId}/${settingId}` },
    );
    return { year, school, state };
  };

  const overviewPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: FormErrors; flash?: string } = {},
  ) => {
    const { year, school } = await returnOf(request, 'audit-return:view');
    const view = await audit.returnView(year, school.id, today());
    const facts = { settingIds: [school.id], state: view.status };
    const sections = view.sections.map((s) => {
      const questions = view.questions.filter((x) => x.sectionId === s.id);
      const answered = questions.filter((x) => view.answers.has(x.id)).length;
      const requiredMissing = questions.filter((x) => x.required && !view.answers.has(x.id)).length;
      const rag = view.ratings.get(s.id) ?? null;
      return {
        ...s,
        total: questions.length,
        answered,
        requiredMissing,
        rag,
        ragLabel: rag ? RAGS[rag] : null,
      };
    });
    return reply.page(`${VIEWS}/return.njk`, {
      title: `${school.name}: ${year.title}`,
      year,
      school: { ...school, phaseLabel: phaseLabel(school.phase) },
      view,
      statusLabel: STATUSES[view.status],
      sections,
      canAnswer: request.permissions.can('audit-return:answer', facts),
      canSubmit: request.permissions.can('audit-return:submit', facts),
      canReopen: view.status === 'submitted' && request.permissions.can('audit-return:amend', facts),
      isTeam: request.permissions.allows('schools-audit:manage'),
      answersBySection: view.sections.map((s) => ({
        title: s.title,
        rag: view.ratings.get(s.id) ? RAGS[view.ratings.get(s.id)!] : 'Not rated',
        rows: view.questions
          .filter((x) => x.sectionId === s.id)
          .map((x) => questionRow(x, view, audit.getSafeAvailable)),
      })),
      ...(extra.errors ? { errors: extra.errors } : {}),
      ...(extra.flash ? { flash: extra.flash } : {}),
    });
  };

  app.get(
    '/schools-audit/years/:yearId/schools/:settingId',
    { config: { permission: 'audit-return:view' } },
    async (request, reply) => {
      const q = (request.query ?? {}) as Record<string, string>;
      const flash =
        q.done === 'submitted'
          ? 'The return has been submitted'
          : q.done === 'reopened'
            ? 'The return has been reopened for amendment'
            : q.done === 'saved'
              ? 'Your answers have been saved'
              : undefined;
      return overviewPage(request, reply, flash ? { flash } : {});
    },
  );

  const sectionPage = async (
    reply: FastifyReply,
    year: AuditYear,
    school: { id: number; name: string },
    sectionId: number,
    errors?: FormErrors,
    values?: Record<string, unknown>,
  ) => {
    const view = await audit.returnView(year, school.id, today());
    const index = view.sections.findIndex((s) => s.id === sectionId);
    const section = view.sections[index];
    if (!section) throw new NotFoundError();
    const questions = view.questions.filter((x) => x.sectionId === section.id);
    const answerValueOf = (questionId: number) =>
      values ? String(values[answerField(questionId)] ?? '') : answerFormValue(view.answers.get(questionId));
    const ragValue = values
      ? String(values[ragField(section.id)] ?? '')
      : (view.ratings.get(section.id) ?? '');
    return reply.page(`${VIEWS}/section.njk`, {
      title: `${section.title}: ${year.title}`,
      year,
      school,
      section,
      sectionNumber: index + 1,
      sectionCount: view.sections.length,
      next: view.sections[index + 1] ?? null,
      lastYear: view.previousYear?.schoolYear ?? null,
      questions: questions.map((x) => {
        const last = view.lastYear.get(x.code);
        return {
          ...x,
          field: answerField(x.id),
          value: answerValueOf(x.id),
          lastYearText: x.newThisYear
            ? null
            : last
              ? answerText(last)
              : view.previousYear
                ? 'No answer'
                : null,
          getSafe:
            x.compareWith === 'get_safe_dsl_and_deputy'
              ? getSafeNote(view.getSafe, audit.getSafeAvailable, view.answers.get(x.id))
              : null,
          options:
            x.kind === 'yes_no'
              ? [
                  { value: 'yes', text: 'Yes', checked: answerValueOf(x.id) === 'yes' },
                  { value: 'no', text: 'No', checked: answerValueOf(x.id) === 'no' },
                ]
              : x.kind === 'choice'
                ? x.choices.map((c) => ({ value: c, text: c, checked: answerValueOf(x.id) === c }))
                : [],
        };
      }),
      ragField: ragField(section.id),
      ragOptions: Object.entries(RAGS).map(([value, text]) => ({ value, text, checked: ragValue === value })),
      ...(errors ? { errors } : {}),
    });
  };

  app.get(
    '/schools-audit/years/:yearId/schools/:settingId/sections/:sectionId',
    { config: { permission: 'audit-return:answer' } },
    async (request, reply) => {
      const { sectionId } = parseParams(sectionParam, request.params);
      const { year, school } = await returnOf(request, 'audit-return:answer');
      return sectionPage(reply, year, school, sectionId);
    },
  );

  app.post(
    '/schools-audit/years/:yearId/schools/:settingId/sections/:sectionId',
    {
      config: {
        permission: 'audit-return:answer',
        audit: { action: 'save-audit-answers', recordType: 'schools-audit-return' },
      },
    },
    async (request, reply) => {
      const { sectionId } = parseParams(sectionParam, request.params);
      const { year, school } = await returnOf(request, 'audit-return:answer');
      const { sections } = await audit.definition(year.id);
      const index = sections.findIndex((s) => s.id === sectionId);
      if (index < 0) throw new NotFoundError();
      const body = (request.body ?? {}) as Record<string, unknown>;
      const result = await audit.saveSection(request.auditWriter, year, school.id, sectionId, body);
      if (!result.ok) {
        reply.code(400);
        return sectionPage(reply, year, school, sectionId, result.errors, body);
      }
      const next = sections[index + 1];
      const base = `/schools-audit/years/${year.id}/schools/${school.id}`;
      return reply.redirect(
        body.after === 'next' && next ? `${base}/sections/${next.id}` : `${base}?done=saved`,
        303,
      );
    },
  );

  app.get(
    '/schools-audit/years/:yearId/schools/:settingId/submit',
    { config: { permission: 'audit-return:submit' } },
    async (request, reply) => {
      const { year, school } = await returnOf(request, 'audit-return:submit');
      return reply.page(`${VIEWS}/submit.njk`, { title: `Submit ${school.name}'s return`, year, school });
    },
  );

  app.post(
    '/schools-audit/years/:yearId/schools/:settingId/submit',
    {
      config: {
        permission: 'audit-return:submit',
        audit: { action: 'submit-audit-return', recordType: 'schools-audit-return' },
      },
    },
    async (request, reply) => {
      const { year, school } = await returnOf(request, 'audit-return:submit');
      const result = await audit.submit(request.auditWriter, request.user!, year, school.id);
      if (!result.ok) {
        reply.code(400);
        return reply.page(`${VIEWS}/submit.njk`, {
          title: `Submit ${school.name}'s return`,
          year,
          school,
          errors: result.errors,
          missing: result.errors.summary.length,
        });
      }
      return reply.redirect(`/schools-audit/years/${year.id}/schools/${school.id}?done=submitted`, 303);
    },
  );

  const reopenPage = (
    reply: FastifyReply,
    year: AuditYear,
    school: { id: number; name: string },
    errors?: FormErrors,
    values?: Record<string, unknown>,
  ) =>
    reply.page(`${VIEWS}/reopen.njk`, {
      title: `Reopen ${school.name}'s return`,
      year,
      school,
      ...(errors ? { errors } : {}),
      values: values ?? {},
    });

  app.get(
    '/schools-audit/years/:yearId/schools/:settingId/reopen',
    { config: { permission: 'audit-return:amend' } },
    async (request, reply) => {
      const { year, school } = await returnOf(request, 'audit-return:amend');
      return reopenPage(reply, year, school);
    },
  );

  app.post(
    '/schools-audit/years/:yearId/schools/:settingId/reopen',
    {
      config: {
        permission: 'audit-return:amend',
        audit: { action: 'reopen-audit-return', recordType: 'schools-audit-return' },
      },
    },
    async (request, reply) => {
      const { year, school } = await returnOf(request, 'audit-return:amend');
      const body = (request.body ?? {}) as Record<string, unknown>;
      const parsed = parseForm(amendInput, body);
      const result = parsed.ok
        ? await audit.reopen(request.auditWriter, request.user!, year, school.id, parsed.value.reason)
        : parsed;
      if (!result.ok) {
        reply.code(400);
        return reopenPage(reply, year, school, result.errors, body);
      }
      return reply.redirect(`/schools-audit/years/${year.id}/schools/${school.id}?done=reopened`, 303);
    },
  );
}

const emptyish: Tally = { answered: 0, yes: 0, no: 0, sum: 0, numbers: 0, choices: {} };

/** The settings that answer the audit: every phase but early years. */
export function schoolPhases(): Record<string, string> {
  return Object.fromEntries(Object.entries(PHASES).filter(([p]) => p !== 'early_years'));
}

const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  dateStyle: 'medium',
  timeStyle: 'short',
});
const formatDateTime = (d: Date) => DATE_TIME.format(d);

const escapeHtml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Beside the school's own answer about GET SAFE: what the training records say, and whether the
 * two disagree. Until the training module is there, a plain note says the records are not available.
 */
export function getSafeNote(
  status: { bothInDate: boolean; summary: string } | null,
  available: boolean,
  answer: { yes: boolean | null } | undefined,
): { text: string; disagrees: boolean } {
  if (!available)
    return {
      text: 'The partnership’s GET SAFE training records are not available here yet, so this answer cannot be checked against them.',
      disagrees: false,
    };
  if (!status)
    return {
      text: 'The training records hold no GET SAFE training for this school’s DSL or deputies.',
      disagrees: answer?.yes === true,
    };
  const disagrees = answer?.yes != null && answer.yes !== status.bothInDate;
  return { text: `Training records: ${status.summary}.`, disagrees };
}

/** A question and its answer, for the read-only view of a return. */
function questionRow(
  x: AuditQuestion,
  view: Awaited<ReturnType<SchoolsAuditService['returnView']>>,
  getSafeAvailable: boolean,
) {
  const answer = view.answers.get(x.id);
  const last = view.lastYear.get(x.code);
  const note =
    x.compareWith === 'get_safe_dsl_and_deputy' ? getSafeNote(view.getSafe, getSafeAvailable, answer) : null;
  return {
    id: x.id,
    text: x.text,
    newThisYear: x.newThisYear,
    answer: answer ? answerText(answer) : 'Not answered',
    lastYear: x.newThisYear
      ? 'New this year'
      : last
        ? answerText(last)
        : view.previousYear
          ? 'No answer'
          : '',
    getSafe: note,
  };
}
