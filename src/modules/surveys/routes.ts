/**
 * Surveys' pages: the builder (a survey, its questions, its link), the results (a chart and a
 * table per question, free-text answers to quote, a CSV), and answering: by the anonymous link
 * (/s/:token, public) or signed in (/surveys/respond/:token).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SignedInUser } from '../../platform/auth/permissions.ts';
import { londonDate } from '../../platform/calendar/index.ts';
import { now } from '../../platform/clock.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import type { FormErrors } from '../../platform/http/forms.ts';
import {
  handleForm,
  numericId,
  parseParams,
  selectOptions,
  sendCsv,
} from '../../platform/http/route-helpers.ts';
import type { PlatformServices } from '../../platform/modules/define-module.ts';
import type { RegistryService } from '../registry/index.ts';
import { questionChart } from './charts.ts';
import {
  ACCESS,
  AUDIENCES,
  QUESTION_KINDS,
  agreementLabels,
  fieldOf,
  questionInput,
  surveyInput,
} from './schema.ts';
import type { NotOpen, SurveysService } from './service.ts';

export type SurveysServices = PlatformServices & { registry: RegistryService; surveys: SurveysService };

const tokenParam = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) });
const answerParams = z.object({
  id: z.coerce.number().int().positive().max(2_147_483_647),
  answerId: z.coerce.number().int().positive().max(2_147_483_647),
});
const questionParams = z.object({
  id: z.coerce.number().int().positive().max(2_147_483_647),
  questionId: z.coerce.number().int().positive().max(2_147_483_647),
});

const NOT_OPEN_TEXT: Record<Exclude<NotOpen, null>, string> = {
  not_open_yet: 'This survey is not open yet.',
  closed: 'This survey has closed. Thank you for your interest.',
  not_in_audience: 'This survey is for other people. You do not need to answer it.',
  already_answered: 'You have already answered this survey. Thank you.',
};

const today = () => londonDate(now());

export function surveysRoutes(app: FastifyInstance, services: SurveysServices) {
  const { surveys } = services;

  const loadSurvey = async (id: number) => {
    const found = await surveys.survey(id);
    if (!found) throw new NotFoundError();
    return found;
  };

  app.get('/surveys', { config: { permission: 'surveys:results' } }, async (request, reply) =>
    reply.page('surveys/views/surveys.njk', {
      title: 'Surveys',
      surveys: await surveys.surveys(),
      audiences: AUDIENCES,
      canManage: request.permissions.allows('surveys:manage'),
      today: today(),
    }),
  );

  const surveyForm = async (reply: FastifyReply, values: Record<string, unknown>, errors?: FormErrors) => {
    const organisations = await services.registry.organisations();
    const chosen = new Set(
      (Array.isArray(values.agencyIds) ? values.agencyIds : [values.agencyIds]).filter(Boolean).map(String),
    );
    return reply.page('surveys/views/survey-form.njk', {
      title: 'Build a survey',
      values,
      errors,
      audiences: selectOptions(AUDIENCES, values.audience),
      access: selectOptions(ACCESS, values.access),
      agencies: organisations.map((o) => ({
        value: String(o.id),
        text: o.name,
        checked: chosen.has(String(o.id)),
      })),
    });
  };

  app.get('/surveys/new', { config: { permission: 'surveys:manage' } }, (_request, reply) =>
    surveyForm(reply, { access: 'anonymous' }),
  );

  app.post(
    '/surveys',
    { config: { permission: 'surveys:manage', audit: { action: 'create', recordType: 'survey' } } },
    (request, reply) =>
      handleForm(reply, surveyInput, request.body, {
        save: (input) => surveys.createSurvey(request.auditWriter, request.user!.id, input),
        showForm: (errors, values) => surveyForm(reply, values, errors),
        redirectTo: (s) => `/surveys/${s.id}`,
      }),
  );

  const surveyPage = async (
    reply: FastifyReply,
    id: number,
    values: Record<string, unknown> = {},
    errors?: FormErrors,
  ) => {
    const found = await loadSurvey(id);
    const organisations = await services.registry.organisations();
    const names = new Map(organisations.map((o) => [o.id, o.name]));
    const base = services.config.baseUrl.replace(/\/$/, '');
    return reply.page('surveys/views/survey.njk', {
      title: found.survey.title,
      ...found,
      agencyNames: found.agencies.map((a) => names.get(a) ?? `Organisation ${a}`),
      audienceLabel: AUDIENCES[found.survey.audience],
      accessLabel: ACCESS[found.survey.access],
      kindLabels: QUESTION_KINDS,
      kinds: selectOptions(QUESTION_KINDS, values.kind),
      link:
        found.survey.access === 'anonymous'
          ? `${base}/s/${found.survey.linkToken}`
          : `${base}/surveys/respond/${found.survey.linkToken}`,
      values,
      errors,
      canChangeQuestions: found.returns === 0,
    });
  };

  app.get('/surveys/:id', { config: { permission: 'surveys:manage' } }, (request, reply) =>
    surveyPage(reply, numericId(request.params)),
  );

  app.post(
    '/surveys/:id/questions',
    { config: { permission: 'surveys:manage', audit: { action: 'update', recordType: 'survey' } } },
    async (request, reply) => {
      const id = numericId(request.params);
      await loadSurvey(id);
      return handleForm(reply, questionInput, request.body, {
        save: (input) => surveys.addQuestion(request.auditWriter, id, input),
        showForm: (errors, values) => surveyPage(reply, id, values, errors),
        redirectTo: () => `/surveys/${id}#questions`,
      });
    },
  );

  app.post(
    '/surveys/:id/questions/:questionId/remove',
    { config: { permission: 'surveys:manage', audit: { action: 'update', recordType: 'survey' } } },
    async (request, reply) => {
      const { id, questionId } = parseParams(questionParams, request.params);
      if (!(await surveys.removeQuestion(request.auditWriter, id, questionId))) throw new NotFoundError();
      return reply.redirect(`/surveys/${id}#questions`, 303);
    },
  );

  app.get('/surveys/:id/results', { config: { permission: 'surveys:results' } }, async (request, reply) => {
    const found = await loadSurvey(numericId(request.params));
    const freeText = request.permissions.allows('surveys:free-text');
    const { returns, results } = await surveys.results(found.survey.id, found.survey.audience, { freeText });
    const charts = await Promise.all(results.map((r) => questionChart(r)));
    return reply.page('surveys/views/results.njk', {
      title: `Results: ${found.survey.title}`,
      survey: found.survey,
      audienceLabel: AUDIENCES[found.survey.audience],
      returns,
      results: results.map((r, i) => ({ ...r, chart: charts[i] })),
      canManage: request.permissions.allows('surveys:manage'),
      freeText,
    });
  });

  app.get(
    '/surveys/:id/results.csv',
    { config: { permission: 'surveys:manage' } },
    async (request, reply) => {
      const found = await loadSurvey(numericId(request.params));
      return sendCsv(
        reply,
        `survey-${found.survey.id}-returns.csv`,
        await surveys.csvRows(found.survey.id, found.survey.audience),
      );
    },
  );

  app.post(
    '/surveys/:id/answers/:answerId/quote',
    { config: { permission: 'surveys:manage', audit: { action: 'quote', recordType: 'survey-answer' } } },
    async (request, reply) => {
      const { id, answerId } = parseParams(answerParams, request.params);
      const quoted = (request.body as { quoted?: string } | undefined)?.quoted === 'yes';
      if (!(await surveys.markQuote(request.auditWriter, id, answerId, quoted))) throw new NotFoundError();
      return reply.redirect(`/surveys/${id}/results#answer-${answerId}`, 303);
    },
  );

  // ---- answering ------------------------------------------------------------------------------

  const answerPage = async (
    reply: FastifyReply,
    survey: NonNullable<Awaited<ReturnType<SurveysService['surveyByToken']>>>,
    action: string,
    values: Record<string, unknown> = {},
    errors?: FormErrors,
  ) => {
    const questions = await surveys.questions(survey.id);
    const plain = survey.audience === 'young_people';
    const labels = agreementLabels(survey.audience);
    return reply.page('surveys/views/answer.njk', {
      title: survey.title,
      survey,
      plain,
      action,
      values,
      errors,
      questions: questions.map((question) => {
        const field = fieldOf(question.id);
        const value = values[field];
        const items =
          question.kind === 'agreement'
            ? labels.map((text, i) => ({ value: String(i + 1), text, checked: value === String(i + 1) }))
            : question.kind === 'yes_no'
              ? [
                  { value: 'yes', text: 'Yes', checked: value === 'yes' },
                  { value: 'no', text: 'No', checked: value === 'no' },
                ]
              : question.kind === 'choice'
                ? (question.options ?? []).map((o) => ({ value: o, text: o, checked: value === o }))
                : [];
        return { ...question, field, items, value };
      }),
    });
  };

  const notOpenPage = (reply: FastifyReply, title: string, why: Exclude<NotOpen, null>) =>
    reply.page('surveys/views/not-open.njk', { title, message: NOT_OPEN_TEXT[why] });

  const answer = async (
    request: FastifyRequest,
    reply: FastifyReply,
    user: SignedInUser | null,
    access: 'anonymous' | 'sign_in',
    action: string,
  ) => {
    const { token } = parseParams(tokenParam, request.params);
    const survey = await surveys.surveyByToken(token);
    if (!survey || survey.access !== access) throw new NotFoundError();
    if (request.method === 'GET') {
      const why = await surveys.whyNotOpen(survey, user, today());
      return why ? notOpenPage(reply, survey.title, why) : answerPage(reply, survey, action);
    }
    const result = await surveys.submit(survey, user, request.body, today());
    if (!result.ok && 'notOpen' in result) return notOpenPage(reply, survey.title, result.notOpen);
    if (!result.ok) {
      reply.code(400);
      return answerPage(
        reply,
        survey,
        action,
        (request.body ?? {}) as Record<string, unknown>,
        result.errors,
      );
    }
    return reply.redirect(`${action}/thanks`, 303);
  };

  const publicLimit = { max: 30, timeWindow: '1 minute', hook: 'preHandler' as const };

  app.get('/s/:token', { config: { permission: 'public' } }, (request, reply) =>
    answer(request, reply, null, 'anonymous', `/s/${(request.params as { token: string }).token}`),
  );
  app.post('/s/:token', { config: { permission: 'public', rateLimit: publicLimit } }, (request, reply) =>
    answer(request, reply, null, 'anonymous', `/s/${(request.params as { token: string }).token}`),
  );
  app.get('/s/:token/thanks', { config: { permission: 'public' } }, async (request, reply) => {
    const { token } = parseParams(tokenParam, request.params);
    const survey = await surveys.surveyByToken(token);
    if (!survey) throw new NotFoundError();
    return reply.page('surveys/views/thanks.njk', {
      title: 'Thank you',
      survey,
      plain: survey.audience === 'young_people',
    });
  });

  app.get('/surveys/respond/:token', { config: { permission: 'surveys:respond' } }, (request, reply) =>
    answer(
      request,
      reply,
      request.user,
      'sign_in',
      `/surveys/respond/${(request.params as { token: string }).token}`,
    ),
  );
  app.post('/surveys/respond/:token', { config: { permission: 'surveys:respond' } }, (request, reply) =>
    answer(
      request,
      reply,
      request.user,
      'sign_in',
      `/surveys/respond/${(request.params as { token: string }).token}`,
    ),
  );
  app.get(
    '/surveys/respond/:token/thanks',
    { config: { permission: 'surveys:respond' } },
    async (request, reply) => {
      const { token } = parseParams(tokenParam, request.params);
      const survey = await surveys.surveyByToken(token);
      if (!survey) throw new NotFoundError();
      return reply.page('surveys/views/thanks.njk', { title: 'Thank you', survey, plain: false });
    },
  );
}
