/**
 * Surveys and the voice of the child: a builder (questions on a 5-point agreement scale, yes/no,
 * a choice, a number, free text; an audience; an anonymous link or sign-in; open and close
 * dates), results per question with charts and tables, free-text answers to quote, a CSV, and
 * attachment to another module's record (an audit, a review, a training course) whose page then
 * shows the results: `services.surveys.attachSurveyInTrx(…)` and `surveysAttachedTo(subject)`.
 */
import { londonDate } from '../../platform/calendar/index.ts';
import { now } from '../../platform/clock.ts';
import { defineModule } from '../../platform/modules/define-module.ts';
import { seedDemoSurveys } from './demo.ts';
import { surveysPolicy } from './policy.ts';
import { SURVEYS_FIGURES, surveysRecordsHref, surveysRecordsRoutes } from './records.ts';
import { type SurveysServices, surveysRoutes } from './routes.ts';
import { AUDIENCES } from './schema.ts';
import type { Audience } from './tables.ts';

/** Who said a quote, in the report's words: never the respondent's identity, which no return holds. */
const AUDIENCE_SPEAKER: Record<Audience, string> = {
  practitioners: 'A practitioner',
  referrers: 'Someone who referred to the service',
  young_people: 'A young person',
  families: 'A parent or carer',
};
import { SurveysService } from './service.ts';

export const surveysModule = defineModule({
  name: 'surveys',
  policy: surveysPolicy,
  navigation: [
    {
      text: 'Surveys',
      href: '/surveys',
      permission: 'surveys:results',
      inMenu: true,
      hint: 'Surveys of practitioners, referrers, young people and families, and what they told us',
    },
  ],
  tables: [
    'survey',
    'survey_agency',
    'survey_question',
    'survey_response',
    'survey_answer',
    'survey_respondent',
    'survey_attachment',
  ],
  publishes: [],
  services: (deps: Omit<SurveysServices, 'surveys'>) => ({ surveys: new SurveysService(deps.db) }),
  routes: (app, services) => {
    surveysRoutes(app, services);
    surveysRecordsRoutes(app, services);
  },
  async seed(services) {
    await seedDemoSurveys(services.db, londonDate(now()));
  },
  async reportSection(services, period) {
    const f = await services.surveys.figures(period);
    const quotes = await services.surveys.quotesForReport(period);
    const sum = (counts: Partial<Record<string, number>>) =>
      Object.values(counts).reduce((s: number, n) => s + (n ?? 0), 0);
    return {
      title: 'The voice of children, families and practitioners',
      figures: [
        {
          label: 'Surveys open during the year',
          value: sum(f.surveys),
          source: 'surveys whose open dates overlap the year',
          definition: SURVEYS_FIGURES.surveys.definition,
          recordsHref: surveysRecordsHref('surveys', period),
        },
        ...(Object.keys(AUDIENCES) as (keyof typeof AUDIENCES)[]).map((audience) => ({
          label: `Survey returns from ${AUDIENCES[audience].toLowerCase()}`,
          value: f.returns[audience] ?? 0,
          source: `returns received in the year to surveys for ${AUDIENCES[audience].toLowerCase()}`,
          recordsHref: surveysRecordsHref(`returns-${audience}`, period),
        })),
        {
          label: 'Answers marked for quoting in the yearly report',
          value: f.quotes,
          source: 'free-text answers, received in the year, marked by hand for the yearly report',
          recordsHref: surveysRecordsHref('quotes', period),
        },
      ],
      quotes: quotes.map((q) => ({
        text: q.text ?? '',
        who: `${AUDIENCE_SPEAKER[q.audience]}, ${q.surveyTitle}`,
        source: 'a survey answer marked for the yearly report',
      })),
      charts: [
        {
          title: 'Survey returns by who answered',
          unit: 'count' as const,
          categoryTitle: 'Who answered',
          axisTitle: 'Returns',
          rows: (Object.keys(AUDIENCES) as (keyof typeof AUDIENCES)[])
            .map((audience) => ({ label: AUDIENCES[audience], value: f.returns[audience] ?? 0 }))
            .filter((r) => r.value > 0),
          source: 'returns received in the year, by the survey’s audience',
        },
      ],
    };
  },
});

export { SurveysService, type SurveySubject, type AttachedSurvey } from './service.ts';
export type { QuestionResult } from './tally.ts';
export { seedDemoSurveys } from './demo.ts';
