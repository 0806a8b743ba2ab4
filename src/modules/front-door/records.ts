/**
 * The records behind the Family Front Door's yearly-report figures (issue 14): the referrals,
 * strategy discussions, conferences and assessments each figure counts, read with the very
 * queries the figures are computed from. A rate ("12 of 15") links to its denominator's records,
 * each marked whether it is in the numerator. For the front door's practitioners, who see every
 * referral; each child listed is audited.
 */
import type { FastifyInstance } from 'fastify';
import { londonDate } from '../../platform/calendar/index.ts';
import type { Db } from '../../platform/db/client.ts';
import type { ReportPeriod } from '../../platform/modules/define-module.ts';
import {
  type RecordsFigure,
  type RecordsRow,
  recordsHref,
  reportRecordsRoutes,
} from '../yearly-report/index.ts';
import * as q from './queries.ts';

const BASE = '/front-door/report-records';

interface Deps {
  db: Db;
}

const yesNo = (b: boolean | null | undefined) => (b ? 'Yes' : 'No');
const dateTime = (d: Date | null) =>
  d
    ? d.toLocaleString('en-GB', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZone: 'Europe/London',
      })
    : '';

type Referral = Awaited<ReturnType<typeof q.periodReferrals>>[number];

/** Referrals received in the period (drafts left out) that the test picks, with their children. */
const referrals =
  (test: (r: Referral) => boolean) =>
  async ({ db }: Deps, period: ReportPeriod): Promise<RecordsRow[]> => {
    const rows = (await q.periodReferrals(db, period.from, period.to)).filter(test);
    const children = rows.length
      ? await db
          .selectFrom('frontDoorReferralChild')
          .select(['referralId', 'childId'])
          .where(
            'referralId',
            'in',
            rows.map((r) => r.id),
          )
          .execute()
      : [];
    const byReferral = new Map<number, string[]>();
    for (const c of children)
      byReferral.set(c.referralId, [...(byReferral.get(c.referralId) ?? []), c.childId]);
    return rows
      .sort((a, b) => a.receivedAt!.getTime() - b.receivedAt!.getTime() || a.id - b.id)
      .map((r) => ({
        recordId: r.id,
        childIds: byReferral.get(r.id) ?? [],
        cells: [
          { text: `Referral ${r.id}`, href: `/front-door/referrals/${r.id}` },
          r.source === 'encompass' ? 'Operation Encompass notice' : 'Referral form',
          dateTime(r.receivedAt),
          r.decidedAt ? dateTime(r.decidedAt) : 'Not yet',
          r.decidedAt && r.decisionDueOn ? yesNo(londonDate(r.decidedAt) <= r.decisionDueOn) : '',
          r.status === 'decided' ? yesNo(r.metThreshold) : '',
          r.feedbackRecipient === 'safeguarding_lead'
            ? 'Safeguarding lead'
            : r.feedbackRecipient === 'referrer'
              ? 'Referrer'
              : '',
        ],
      }));
  };

const REFERRAL_COLUMNS = [
  'Referral',
  'Came as',
  'Received',
  'Decided',
  'Within 1 working day',
  'Met threshold',
  'Feedback to',
];

export const FRONT_DOOR_FIGURES = {
  received: {
    label: 'Contacts received (referral forms and Operation Encompass notices)',
    definition:
      'Front-door referrals (forms and Operation Encompass notices) received on a day of the period, London time; drafts left out.',
    columns: REFERRAL_COLUMNS,
    rows: referrals(() => true),
  },
  decided: {
    label: 'Decided referrals received in the year',
    definition:
      'Referrals received in the period and decided: the denominator of "decided within 1 working day" and of the conversion; each row says whether it is in either numerator.',
    columns: REFERRAL_COLUMNS,
    rows: referrals((r) => r.status === 'decided'),
  },
  'feedback-to-lead': {
    label: 'Feedback sent to the organisation’s safeguarding lead rather than the referrer',
    definition: 'Decided referrals received in the period whose feedback went to the safeguarding lead.',
    columns: REFERRAL_COLUMNS,
    rows: referrals((r) => r.status === 'decided' && r.feedbackRecipient === 'safeguarding_lead'),
  },
  'strategy-discussions': {
    label: 'Strategy discussions',
    definition:
      'Strategy discussions held on a day of the period; each row says whether social care, police and health all attended (quorate).',
    columns: ['Strategy discussion', 'Held on', 'Quorate'],
    async rows({ db }, period) {
      const rows = await q.periodStrategyDiscussions(db, period.from, period.to);
      const detail = new Map(
        (rows.length
          ? await db
              .selectFrom('frontDoorStrategyDiscussion')
              .select(['id', 'childId', 'heldOn'])
              .where(
                'id',
                'in',
                rows.map((r) => r.id),
              )
              .execute()
          : []
        ).map((d) => [d.id, d]),
      );
      return rows
        .map((r) => ({ ...r, ...detail.get(r.id)! }))
        .sort((a, b) => a.heldOn.localeCompare(b.heldOn) || a.id - b.id)
        .map((r) => ({
          recordId: r.id,
          childIds: [r.childId],
          cells: [
            { text: `Strategy discussion ${r.id}`, href: `/front-door/strategy-discussions/${r.id}` },
            r.heldOn,
            yesNo(r.quorate),
          ],
        }));
    },
  },
  icpcs: {
    label: 'Initial child protection conferences held in the year',
    definition:
      'Initial child protection conferences held on a day of the period (the denominator); each row says whether it was held within 15 working days of the strategy discussion (by its due date).',
    columns: ['Conference', 'Child', 'Held on', 'Due by', 'Within 15 working days'],
    async rows({ db }, period) {
      const rows = await q.periodIcpcs(db, period.from, period.to);
      const children = new Map(
        (rows.length
          ? await db
              .selectFrom('frontDoorIcpc')
              .select(['id', 'childId'])
              .where(
                'id',
                'in',
                rows.map((r) => r.id),
              )
              .execute()
          : []
        ).map((d) => [d.id, d.childId]),
      );
      return rows
        .sort((a, b) => a.heldOn.localeCompare(b.heldOn) || a.id - b.id)
        .map((r) => ({
          recordId: r.id,
          childIds: [children.get(r.id)!],
          cells: [
            `Conference ${r.id}`,
            { text: 'Child record', href: `/children/${children.get(r.id)}` },
            r.heldOn,
            r.dueOn,
            yesNo(r.heldOn <= r.dueOn),
          ],
        }));
    },
  },
  assessments: {
    label: 'Child and family assessments authorised in the year',
    definition:
      'Child and family assessments authorised on a day of the period (the denominator); each row says whether it was authorised within 45 working days of the referral (by its due date).',
    columns: ['Assessment', 'Child', 'Authorised on', 'Due by', 'Within 45 working days'],
    async rows({ db }, period) {
      const rows = await q.periodAssessments(db, period.from, period.to);
      const detail = new Map(
        (rows.length
          ? await db
              .selectFrom('frontDoorAssessment')
              .select(['id', 'childId', 'referralId'])
              .where(
                'id',
                'in',
                rows.map((r) => r.id),
              )
              .execute()
          : []
        ).map((d) => [d.id, d]),
      );
      return rows
        .sort((a, b) => a.authorisedOn!.localeCompare(b.authorisedOn!) || a.id - b.id)
        .map((r) => {
          const d = detail.get(r.id)!;
          return {
            recordId: r.id,
            childIds: [d.childId],
            cells: [
              {
                text: `Assessment ${r.id} (referral ${d.referralId})`,
                href: `/front-door/referrals/${d.referralId}`,
              },
              { text: 'Child record', href: `/children/${d.childId}` },
              r.authorisedOn ?? '',
              r.dueOn,
              yesNo(r.authorisedOn! <= r.dueOn),
            ],
          };
        });
    },
  },
} satisfies Record<string, RecordsFigure<Deps>>;

export type FrontDoorFigure = keyof typeof FRONT_DOOR_FIGURES;

export const frontDoorRecordsHref = (figure: FrontDoorFigure, period: ReportPeriod) =>
  recordsHref(BASE, figure, period);

export function frontDoorRecordsRoutes(app: FastifyInstance, services: Deps) {
  reportRecordsRoutes(app, services, {
    base: BASE,
    permission: 'front-door:casework',
    recordType: 'front-door-report-records',
    caption: 'The Family Front Door',
    back: { text: 'Back to the front door', href: '/front-door' },
    figures: FRONT_DOOR_FIGURES,
  });
}
