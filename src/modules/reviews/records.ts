/**
 * The records behind the reviews' yearly-report figures (issue 14). As on the register, a review
 * is shown by its reference and dates, never the child's name or what happened: the case itself
 * opens only for the review's named members. National reviews and recommendations hold no child.
 */
import type { FastifyInstance } from 'fastify';
import { type SqlBool, sql } from 'kysely';
import type { Db } from '../../platform/db/client.ts';
import type { ReportPeriod } from '../../platform/modules/define-module.ts';
import {
  type RecordsFigure,
  type RecordsRow,
  recordsHref,
  reportRecordsRoutes,
} from '../yearly-report/index.ts';
import { DECISIONS, NATIONAL_DECISIONS, NATIONAL_KINDS, PANEL_RESPONSES } from './schema.ts';

const BASE = '/reviews/report-records';

interface Deps {
  db: Db;
}

const between = (column: string, period: ReportPeriod) =>
  sql<SqlBool>`${sql.ref(column)} between ${period.from} and ${period.to}`;

const CASE_COLUMNS = [
  'Review',
  'Notified (due)',
  'Decided',
  'Sent to the Panel (due)',
  'Decision',
  'Panel response',
];

/** Review cases the condition picks, by reference, with their dates. */
const cases =
  (where: (period: ReportPeriod) => ReturnType<typeof sql<SqlBool>>) =>
  async ({ db }: Deps, period: ReportPeriod): Promise<RecordsRow[]> => {
    const rows = await db
      .selectFrom('reviewCase')
      .select([
        'id',
        'reference',
        'notifiedOn',
        'notificationDueOn',
        'decidedOn',
        'sentToPanelOn',
        'rapidReviewDueOn',
        'decision',
        'panelResponse',
        'panelResponseOn',
      ])
      .where(where(period))
      .orderBy('reference')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      recordId: r.id,
      cells: [
        { text: r.reference, href: `/reviews/${r.id}` },
        `${r.notifiedOn ?? 'not yet'} (${r.notificationDueOn})`,
        r.decidedOn ?? '',
        r.sentToPanelOn ? `${r.sentToPanelOn} (${r.rapidReviewDueOn ?? ''})` : '',
        r.decision ? DECISIONS[r.decision] : '',
        r.panelResponse ? `${PANEL_RESPONSES[r.panelResponse]}, ${r.panelResponseOn ?? ''}` : '',
      ],
    }));
  };

const CSPR_COLUMNS = ['Review', 'CSPR decided', 'Joint with a DHR', 'Publication due', 'Published'];

const csprs =
  (where: (period: ReportPeriod) => ReturnType<typeof sql<SqlBool>>) =>
  async ({ db }: Deps, period: ReportPeriod): Promise<RecordsRow[]> => {
    const rows = await db
      .selectFrom('reviewCspr as p')
      .innerJoin('reviewCase as c', 'c.id', 'p.caseId')
      .select([
        'p.id',
        'c.id as caseId',
        'c.reference',
        'p.decidedOn',
        'p.jointWithDhr',
        'p.publicationDueOn',
        'p.publishedOn',
      ])
      .where(where(period))
      .orderBy('c.reference')
      .orderBy('p.id')
      .execute();
    return rows.map((r) => ({
      recordId: r.id,
      cells: [
        { text: r.reference, href: `/reviews/${r.caseId}` },
        r.decidedOn,
        r.jointWithDhr ? 'Yes' : 'No',
        r.publicationDueOn,
        r.publishedOn ?? 'Not yet',
      ],
    }));
  };

const inProgress = (period: ReportPeriod) =>
  sql<SqlBool>`p.decided_on <= ${period.to} and (p.published_on is null or p.published_on > ${period.to})`;

/** Recommendations of national reviews decided in the period (relevant only, when asked). */
const nationalDecided =
  (relevantOnly: boolean) =>
  async ({ db }: Deps, period: ReportPeriod): Promise<RecordsRow[]> => {
    let q = db
      .selectFrom('reviewRecommendation as r')
      .innerJoin('nationalReview as n', 'n.id', 'r.nationalReviewId')
      .select(['r.id', 'n.id as nationalId', 'n.title', 'r.number', 'r.decision', 'r.decidedOn'])
      .where(between('r.decidedOn', period));
    if (relevantOnly) q = q.where('r.decision', '=', 'relevant');
    const rows = await q.orderBy('n.title').orderBy('r.number').orderBy('r.id').execute();
    return rows.map((r) => ({
      recordId: r.id,
      cells: [
        { text: r.title, href: `/reviews/national/${r.nationalId}` },
        r.number,
        r.decision ? NATIONAL_DECISIONS[r.decision] : '',
        r.decidedOn ?? '',
      ],
    }));
  };

export const REVIEWS_FIGURES = {
  notified: {
    label: 'Serious incidents notified to the National Panel',
    definition: 'Review cases whose notification to the National Panel is dated in the period.',
    columns: CASE_COLUMNS,
    rows: cases((p) => between('notifiedOn', p)),
  },
  'notified-on-time': {
    label: 'Notified within 5 working days',
    definition:
      'Of those notified in the period, those notified on or before their due date (5 working days).',
    columns: CASE_COLUMNS,
    rows: cases((p) => sql<SqlBool>`${between('notifiedOn', p)} and notified_on <= notification_due_on`),
  },
  'rapid-reviews': {
    label: 'Rapid reviews completed',
    definition: 'Review cases whose rapid review decision is dated in the period.',
    columns: CASE_COLUMNS,
    rows: cases((p) => between('decidedOn', p)),
  },
  'rapid-reviews-on-time': {
    label: 'Rapid reviews sent to the Panel within 15 working days',
    definition:
      'Of those decided in the period, those sent to the Panel on or before their due date (15 working days).',
    columns: CASE_COLUMNS,
    rows: cases((p) => sql<SqlBool>`${between('decidedOn', p)} and sent_to_panel_on <= rapid_review_due_on`),
  },
  'cspr-decisions': {
    label: 'Decisions to hold a CSPR',
    definition: 'Rapid review decisions dated in the period that a CSPR be held.',
    columns: CASE_COLUMNS,
    rows: cases((p) => sql<SqlBool>`${between('decidedOn', p)} and decision = 'cspr'`),
  },
  'panel-agreed': {
    label: 'Panel responses agreeing with the partnership',
    definition: 'Panel responses dated in the period that agree with the partnership’s decision.',
    columns: CASE_COLUMNS,
    rows: cases((p) => sql<SqlBool>`${between('panelResponseOn', p)} and panel_response = 'agrees'`),
  },
  'panel-responses': {
    label: 'Panel responses',
    definition: 'Panel responses dated in the period.',
    columns: CASE_COLUMNS,
    rows: cases((p) => between('panelResponseOn', p)),
  },
  'csprs-in-progress': {
    label: 'CSPRs in progress at the year end',
    definition: 'CSPRs decided on or before the last day of the period and not published by then.',
    columns: CSPR_COLUMNS,
    rows: csprs(inProgress),
  },
  'joint-in-progress': {
    label: 'Of them, joint with a domestic homicide review',
    definition: 'CSPRs in progress at the end of the period that are joint with a domestic homicide review.',
    columns: CSPR_COLUMNS,
    rows: csprs((p) => sql<SqlBool>`${inProgress(p)} and p.joint_with_dhr`),
  },
  'csprs-published': {
    label: 'CSPRs published',
    definition: 'CSPRs published on a day of the period.',
    columns: CSPR_COLUMNS,
    rows: csprs((p) => between('p.publishedOn', p)),
  },
  'csprs-published-on-time': {
    label: 'CSPRs published within 6 months of the decision',
    definition: 'Of those published in the period, those published on or before their due date (6 months).',
    columns: CSPR_COLUMNS,
    rows: csprs(
      (p) => sql<SqlBool>`${between('p.publishedOn', p)} and p.published_on <= p.publication_due_on`,
    ),
  },
  'national-reviews': {
    label: 'National reviews and Panel briefings published',
    definition: 'National reviews and Panel briefing papers published on a day of the period.',
    columns: ['Title', 'Kind', 'Published'],
    async rows({ db }, period) {
      const rows = await db
        .selectFrom('nationalReview')
        .select(['id', 'title', 'kind', 'publishedOn'])
        .where(between('publishedOn', period))
        .orderBy('publishedOn')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        recordId: r.id,
        cells: [{ text: r.title, href: `/reviews/national/${r.id}` }, NATIONAL_KINDS[r.kind], r.publishedOn],
      }));
    },
  },
  'national-decided': {
    label: 'National recommendations decided on',
    definition:
      'Recommendations of national reviews on which the partnership’s decision is dated in the period.',
    columns: ['National review', 'Recommendation', 'Decision', 'Decided on'],
    rows: nationalDecided(false),
  },
  'national-relevant': {
    label: 'National recommendations found relevant here',
    definition: 'Of those decided in the period, those decided relevant (to act on).',
    columns: ['National review', 'Recommendation', 'Decision', 'Decided on'],
    rows: nationalDecided(true),
  },
  'local-recommendations': {
    label: 'Recommendations of local reviews',
    definition: 'Recommendations of rapid reviews and CSPRs recorded on a day of the period.',
    columns: ['Review', 'Recommendation', 'Recorded on'],
    async rows({ db }, period) {
      const rows = await db
        .selectFrom('reviewRecommendation as r')
        .innerJoin('reviewCase as c', 'c.id', 'r.caseId')
        .select([
          'r.id',
          'c.id as caseId',
          'c.reference',
          'r.number',
          sql<string>`r.created_at::date::text`.as('recordedOn'),
        ])
        .where(sql<SqlBool>`r.created_at::date between ${period.from} and ${period.to}`)
        .orderBy('c.reference')
        .orderBy('r.number')
        .orderBy('r.id')
        .execute();
      return rows.map((r) => ({
        recordId: r.id,
        cells: [{ text: r.reference, href: `/reviews/${r.caseId}` }, r.number, r.recordedOn],
      }));
    },
  },
} satisfies Record<string, RecordsFigure<Deps>>;

export type ReviewsFigure = keyof typeof REVIEWS_FIGURES;

export const reviewsRecordsHref = (figure: ReviewsFigure, period: ReportPeriod) =>
  recordsHref(BASE, figure, period);

export function reviewsRecordsRoutes(app: FastifyInstance, services: Deps) {
  reportRecordsRoutes(app, services, {
    base: BASE,
    permission: 'reviews:register',
    recordType: 'review-report-records',
    caption: 'Practice reviews',
    back: { text: 'Back to the register of reviews', href: '/reviews' },
    figures: REVIEWS_FIGURES,
  });
}
