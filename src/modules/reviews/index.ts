/**
 * Practice reviews: serious incident notifications to the National Panel, rapid reviews, child
 * safeguarding practice reviews (including joint reviews with a domestic homicide review),
 * national reviews and Panel briefings weighed for local action, and recommendations followed
 * to actions. A review's case is seen only by its named members; lists show references only.
 */
import { londonDate } from '../../platform/calendar/index.ts';
import { now } from '../../platform/clock.ts';
import { defineModule } from '../../platform/modules/define-module.ts';
import { demoPartnership } from '../registry/index.ts';
import { seedDemoReviews } from './demo.ts';
import { type ActionsFigure, actionsRecordsHref } from '../actions/index.ts';
import { reviewsPolicy } from './policy.ts';
import { REVIEWS_FIGURES, type ReviewsFigure, reviewsRecordsHref, reviewsRecordsRoutes } from './records.ts';
import { type ReviewsServices, reviewsRoutes } from './routes.ts';
import { ReviewsService } from './service.ts';

export const reviewsModule = defineModule({
  name: 'reviews',
  policy: reviewsPolicy,
  navigation: [
    {
      text: 'Practice reviews',
      href: '/reviews',
      permission: 'reviews:register',
      inMenu: true,
      hint: 'Serious incident notifications, rapid reviews and CSPRs, by reference',
    },
    {
      text: 'Record a serious incident notification',
      href: '/reviews/notifications/new',
      permission: 'reviews:notify',
      hint: 'A child has died or been seriously harmed: the National Panel is told within 5 working days',
    },
    {
      text: 'National reviews and Panel briefings',
      href: '/reviews/national',
      permission: 'national-reviews:view',
      hint: 'The Panel’s recommendations and the partnership’s decision on each',
    },
    {
      text: 'Practice review figures',
      href: '/reviews/figures',
      permission: 'reviews:figures',
      hint: 'Notifications, rapid reviews and CSPRs in the year, and how many were on time',
    },
  ],
  tables: [
    'review_case',
    'review_member',
    'review_agency_request',
    'review_cspr',
    'review_milestone',
    'national_review',
    'review_recommendation',
  ],
  publishes: [],
  services: (deps: Omit<ReviewsServices, 'reviews'>) => ({
    reviews: new ReviewsService({
      db: deps.db,
      calendar: () => deps.calendar,
      children: deps.children,
      surveys: deps.surveys,
      actions: deps.actions,
    }),
  }),
  routes: (app, services) => {
    reviewsRoutes(app, services);
    reviewsRecordsRoutes(app, services);
  },
  async seed(services, context) {
    await seedDemoReviews(
      services.db,
      { calendar: services.calendar, children: services.children, actions: services.actions },
      demoPartnership(),
      context.children,
      londonDate(now()),
    );
  },
  async reportSection(services, period) {
    const f = await services.reviews.figures(period);
    // Each figure's records, in the order below: the reviews' own, then the actions of the tracker.
    const records: (ReviewsFigure | { actions: ActionsFigure })[] = [
      'notified',
      'notified-on-time',
      'rapid-reviews',
      'rapid-reviews-on-time',
      'cspr-decisions',
      'panel-agreed',
      'panel-responses',
      'csprs-in-progress',
      'joint-in-progress',
      'csprs-published',
      'csprs-published-on-time',
      'national-reviews',
      'national-decided',
      'national-relevant',
      'local-recommendations',
      { actions: 'reviews-agreed' },
      { actions: 'reviews-done' },
      { actions: 'reviews-embedded' },
    ];
    const withRecords = <F extends { label: string }>(f: F, i: number) => {
      const r = records[i]!;
      return typeof r === 'string'
        ? { ...f, definition: REVIEWS_FIGURES[r].definition, recordsHref: reviewsRecordsHref(r, period) }
        : { ...f, recordsHref: actionsRecordsHref(r.actions, period) };
    };
    return {
      title: 'Rapid reviews and child safeguarding practice reviews',
      figures: [
        {
          label: 'Serious incidents notified to the National Panel',
          value: f.notified,
          source: 'review cases notified in the year',
        },
        {
          label: 'Notified within 5 working days',
          value: f.notifiedOnTime,
          source: 'of those, notified by the due date',
        },
        {
          label: 'Rapid reviews completed',
          value: f.rapidReviews,
          source: 'rapid review decisions dated in the year',
        },
        {
          label: 'Rapid reviews sent to the Panel within 15 working days',
          value: f.rapidReviewsOnTime,
          source: 'of those, sent by the due date',
        },
        {
          label: 'Decisions to hold a CSPR',
          value: f.csprDecisions,
          source: 'rapid review decisions in the year that a CSPR be held',
        },
        {
          label: 'Panel responses agreeing with the partnership',
          value: f.panelAgreed,
          source: 'Panel responses dated in the year that agree',
        },
        { label: 'Panel responses', value: f.panelResponses, source: 'Panel responses dated in the year' },
        {
          label: 'CSPRs in progress at the year end',
          value: f.csprsInProgress,
          source: 'CSPRs decided by the year end and not published by then',
        },
        {
          label: 'Of them, joint with a domestic homicide review',
          value: f.jointInProgress,
          source: 'of those, joint with a DHR',
        },
        { label: 'CSPRs published', value: f.csprsPublished, source: 'CSPRs published in the year' },
        {
          label: 'CSPRs published within 6 months of the decision',
          value: f.csprsPublishedOnTime,
          source: 'of those, published by the due date',
        },
        {
          label: 'National reviews and Panel briefings published',
          value: f.nationalReviews,
          source: 'national register entries published in the year',
        },
        {
          label: 'National recommendations decided on',
          value: f.nationalDecided,
          source: 'the partnership’s decisions dated in the year',
        },
        {
          label: 'National recommendations found relevant here',
          value: f.nationalRelevant,
          source: 'of those, decided relevant (to act on)',
        },
        {
          label: 'Recommendations of local reviews',
          value: f.localRecommendations,
          source: 'recommendations of rapid reviews and CSPRs recorded in the year',
        },
        {
          label: 'Actions agreed from reviews’ recommendations',
          value: f.actions.agreed,
          source: 'action tracker: actions whose source is a review recommendation, agreed in the year',
        },
        {
          label: 'Of them, done',
          value: f.actions.done,
          source: 'of those, done (as they stand today)',
        },
        {
          label: 'Of those done, learning judged embedded',
          value: f.actions.embedded,
          source: 'of those, the review group’s latest judgement of impact is "embedded"',
        },
      ].map(withRecords),
    };
  },
});

export { ReviewsService } from './service.ts';
