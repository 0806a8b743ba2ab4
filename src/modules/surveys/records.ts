/**
 * The records behind the surveys' yearly-report figures (issue 14): the surveys open during the
 * period, the returns received in it by audience, and the answers marked for quoting. Never a
 * respondent's identity (returns carry none); for those who read the answers' words.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../platform/db/client.ts';
import type { ReportPeriod } from '../../platform/modules/define-module.ts';
import { type RecordsFigure, recordsHref, reportRecordsRoutes } from '../yearly-report/index.ts';
import { AUDIENCES } from './schema.ts';
import type { Audience } from './tables.ts';

const BASE = '/surveys/report-records';

interface Deps {
  db: Db;
}

const returnsOf = (audience: Audience): RecordsFigure<Deps> => ({
  label: `Survey returns from ${AUDIENCES[audience].toLowerCase()}`,
  definition: `Returns submitted on a day of the period to surveys for ${AUDIENCES[audience].toLowerCase()}.`,
  columns: ['Return', 'Survey', 'Submitted on'],
  async rows({ db }, period) {
    const rows = await db
      .selectFrom('surveyResponse as r')
      .innerJoin('survey as s', 's.id', 'r.surveyId')
      .select(['r.id', 's.id as surveyId', 's.title', 'r.submittedOn'])
      .where('s.audience', '=', audience)
      .where('r.submittedOn', '>=', period.from)
      .where('r.submittedOn', '<=', period.to)
      .orderBy('r.submittedOn')
      .orderBy('r.id')
      .execute();
    return rows.map((r) => ({
      recordId: r.id,
      cells: [`Return ${r.id}`, { text: r.title, href: `/surveys/${r.surveyId}/results` }, r.submittedOn],
    }));
  },
});

export const SURVEYS_FIGURES = {
  surveys: {
    label: 'Surveys open during the year',
    definition:
      'Surveys whose open dates overlap the period (opening on or before its last day, closing on or after its first).',
    columns: ['Survey', 'For', 'Opens', 'Closes'],
    async rows({ db }, period) {
      const rows = await db
        .selectFrom('survey')
        .select(['id', 'title', 'audience', 'opensOn', 'closesOn'])
        .where('opensOn', '<=', period.to)
        .where('closesOn', '>=', period.from)
        .orderBy('opensOn')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        recordId: r.id,
        cells: [
          { text: r.title, href: `/surveys/${r.id}/results` },
          AUDIENCES[r.audience],
          r.opensOn,
          r.closesOn,
        ],
      }));
    },
  },
  ...(Object.fromEntries(
    (Object.keys(AUDIENCES) as Audience[]).map((a) => [`returns-${a}`, returnsOf(a)]),
  ) as Record<`returns-${Audience}`, RecordsFigure<Deps>>),
  quotes: {
    label: 'Answers marked for quoting in the yearly report',
    definition: 'Free-text answers of returns submitted in the period, marked by hand for the yearly report.',
    columns: ['Survey', 'Answer', 'Submitted on'],
    async rows({ db }, period) {
      const rows = await db
        .selectFrom('surveyAnswer as a')
        .innerJoin('surveyResponse as r', 'r.id', 'a.responseId')
        .innerJoin('survey as s', 's.id', 'r.surveyId')
        .select(['a.id', 's.id as surveyId', 's.title', 'a.textValue', 'r.submittedOn'])
        .where('a.quotedForReport', '=', true)
        .where('r.submittedOn', '>=', period.from)
        .where('r.submittedOn', '<=', period.to)
        .orderBy('s.title')
        .orderBy('a.id')
        .execute();
      return rows.map((r) => ({
        recordId: r.id,
        cells: [{ text: r.title, href: `/surveys/${r.surveyId}/results` }, r.textValue ?? '', r.submittedOn],
      }));
    },
  },
} satisfies Record<string, RecordsFigure<Deps>>;

export type SurveysFigure = keyof typeof SURVEYS_FIGURES;

export const surveysRecordsHref = (figure: SurveysFigure, period: ReportPeriod) =>
  recordsHref(BASE, figure, period);

export function surveysRecordsRoutes(app: FastifyInstance, services: Deps) {
  reportRecordsRoutes(app, services, {
    base: BASE,
    permission: 'surveys:free-text',
    recordType: 'survey-report-records',
    caption: 'Surveys',
    back: { text: 'Back to the surveys', href: '/surveys' },
    figures: SURVEYS_FIGURES,
  });
}
