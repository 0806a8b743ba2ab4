/** Practice reviews' SQL (Kysely only). Other modules' data only through published views (registry_organisation, auth_account). */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

type Executor = Kysely<Database>;

/** The register: every review by reference, with its dates and whether this user is one of its members. No names. */
export function register(db: Executor, userId: string) {
  return db
    .selectFrom('reviewCase as c')
    .leftJoin('reviewCspr as p', 'p.caseId', 'c.id')
    .select((eb) => [
      'c.id',
      'c.reference',
      'c.becameAwareOn',
      'c.notificationDueOn',
      'c.notifiedOn',
      'c.rapidReviewDueOn',
      'c.sentToPanelOn',
      'c.decision',
      'c.decidedOn',
      'c.panelResponse',
      'p.jointWithDhr',
      'p.publicationDueOn',
      'p.publishedOn',
      'p.publicationWaitReason',
      eb
        .exists(
          eb
            .selectFrom('reviewMember as m')
            .select('m.userId')
            .whereRef('m.caseId', '=', 'c.id')
            .where('m.userId', '=', userId),
        )
        .as('isMember'),
    ])
    .orderBy('c.becameAwareOn', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
}

/** A case, only when the user is one of its named members. */
export function memberCase(db: Executor, caseId: number, userId: string) {
  return db
    .selectFrom('reviewCase as c')
    .innerJoin('reviewMember as m', (j) => j.onRef('m.caseId', '=', 'c.id').on('m.userId', '=', userId))
    .selectAll('c')
    .where('c.id', '=', caseId)
    .executeTakeFirst();
}

export function caseReference(db: Executor, caseId: number) {
  return db.selectFrom('reviewCase').select(['id', 'reference']).where('id', '=', caseId).executeTakeFirst();
}

export function agencyRequests(db: Executor, caseId: number) {
  return db
    .selectFrom('reviewAgencyRequest as r')
    .innerJoin('registryOrganisation as o', 'o.id', 'r.organisationId')
    .select(['r.id', 'r.kind', 'r.requestedOn', 'r.receivedOn', 'o.name as agency'])
    .where('r.caseId', '=', caseId)
    .orderBy('o.name')
    .orderBy('r.kind')
    .execute();
}

export function csprOf(db: Executor, caseId: number) {
  return db.selectFrom('reviewCspr').selectAll().where('caseId', '=', caseId).executeTakeFirst();
}

export function milestones(db: Executor, csprId: number) {
  return db
    .selectFrom('reviewMilestone')
    .selectAll()
    .where('csprId', '=', csprId)
    .orderBy('dueOn')
    .orderBy('id')
    .execute();
}

export function recommendationsOf(db: Executor, source: { caseId: number } | { nationalReviewId: number }) {
  let query = db.selectFrom('reviewRecommendation').selectAll();
  query =
    'caseId' in source
      ? query.where('caseId', '=', source.caseId)
      : query.where('nationalReviewId', '=', source.nationalReviewId);
  return query.orderBy('number').execute();
}

export function members(db: Executor, caseId: number) {
  return db
    .selectFrom('reviewMember as m')
    .innerJoin('authAccount as a', 'a.id', 'm.userId')
    .select(['a.id', 'a.givenName', 'a.familyName', 'a.email', 'm.addedAt'])
    .where('m.caseId', '=', caseId)
    .orderBy('a.familyName')
    .orderBy('a.givenName')
    .execute();
}

/** The review group: active accounts that may be named on a review. */
export function reviewGroup(db: Executor) {
  return db
    .selectFrom('authAccount')
    .select(['id', 'givenName', 'familyName', 'email'])
    .where('role', '=', 'review_group_member')
    .where('active', '=', true)
    .orderBy('familyName')
    .orderBy('givenName')
    .execute();
}

/** The next reference of a year: RR-2026-01, RR-2026-02, … */
export async function nextReference(db: Executor, year: string) {
  const row = await db
    .selectFrom('reviewCase')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('reference', 'like', `RR-${year}-%`)
    .executeTakeFirstOrThrow();
  return `RR-${year}-${String(Number(row.n) + 1).padStart(2, '0')}`;
}

export function nationalReviews(db: Executor) {
  return db
    .selectFrom('nationalReview as n')
    .select((eb) => [
      'n.id',
      'n.kind',
      'n.title',
      'n.publishedOn',
      eb
        .selectFrom('reviewRecommendation as r')
        .whereRef('r.nationalReviewId', '=', 'n.id')
        .select(eb.fn.countAll<number>().as('k'))
        .as('recommendations'),
      eb
        .selectFrom('reviewRecommendation as r')
        .whereRef('r.nationalReviewId', '=', 'n.id')
        .where('r.decision', 'is', null)
        .select(eb.fn.countAll<number>().as('k'))
        .as('undecided'),
    ])
    .orderBy('n.publishedOn', 'desc')
    .execute();
}

export function nationalReview(db: Executor, id: number) {
  return db.selectFrom('nationalReview').selectAll().where('id', '=', id).executeTakeFirst();
}

export function recommendation(db: Executor, id: number) {
  return db.selectFrom('reviewRecommendation').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function nextRecommendationNumber(
  db: Executor,
  source: { caseId: number } | { nationalReviewId: number },
) {
  let query = db.selectFrom('reviewRecommendation').select((eb) => eb.fn.max('number').as('n'));
  query =
    'caseId' in source
      ? query.where('caseId', '=', source.caseId)
      : query.where('nationalReviewId', '=', source.nationalReviewId);
  return Number((await query.executeTakeFirst())?.n ?? 0) + 1;
}

const n = (v: unknown) => Number(v ?? 0);

/** The year's figures, each a count of records (definitions in docs/modules/reviews.md). */
export async function reviewFigures(db: Executor, period: { from: string; to: string }) {
  const inPeriod = (column: string) =>
    sql<boolean>`${sql.ref(column)} between ${period.from} and ${period.to}`;
  const cases = await db
    .selectFrom('reviewCase')
    .select((eb) => [
      eb.fn.countAll<number>().filterWhere(inPeriod('notifiedOn')).as('notified'),
      eb.fn
        .countAll<number>()
        .filterWhere((w) =>
          w.and([inPeriod('notifiedOn'), w('notifiedOn', '<=', w.ref('notificationDueOn'))]),
        )
        .as('notifiedOnTime'),
      eb.fn.countAll<number>().filterWhere(inPeriod('decidedOn')).as('rapidReviews'),
      eb.fn
        .countAll<number>()
        .filterWhere((w) =>
          w.and([inPeriod('decidedOn'), w('sentToPanelOn', '<=', w.ref('rapidReviewDueOn'))]),
        )
        .as('rapidReviewsOnTime'),
      eb.fn
        .countAll<number>()
        .filterWhere((w) => w.and([inPeriod('decidedOn'), w('decision', '=', 'cspr')]))
        .as('csprDecisions'),
      eb.fn.countAll<number>().filterWhere(inPeriod('panelResponseOn')).as('panelResponses'),
      eb.fn
        .countAll<number>()
        .filterWhere((w) => w.and([inPeriod('panelResponseOn'), w('panelResponse', '=', 'agrees')]))
        .as('panelAgreed'),
    ])
    .executeTakeFirstOrThrow();
  const csprs = await db
    .selectFrom('reviewCspr')
    .select((eb) => [
      eb.fn
        .countAll<number>()
        .filterWhere((w) =>
          w.and([
            w('decidedOn', '<=', period.to),
            w.or([w('publishedOn', 'is', null), w('publishedOn', '>', period.to)]),
          ]),
        )
        .as('inProgress'),
      eb.fn
        .countAll<number>()
        .filterWhere((w) =>
          w.and([
            w('decidedOn', '<=', period.to),
            w('jointWithDhr', '=', true),
            w.or([w('publishedOn', 'is', null), w('publishedOn', '>', period.to)]),
          ]),
        )
        .as('jointInProgress'),
      eb.fn.countAll<number>().filterWhere(inPeriod('publishedOn')).as('published'),
      eb.fn
        .countAll<number>()
        .filterWhere((w) =>
          w.and([inPeriod('publishedOn'), w('publishedOn', '<=', w.ref('publicationDueOn'))]),
        )
        .as('publishedOnTime'),
    ])
    .executeTakeFirstOrThrow();
  const national = await db
    .selectFrom('nationalReview')
    .select((eb) => eb.fn.countAll<number>().filterWhere(inPeriod('publishedOn')).as('n'))
    .executeTakeFirstOrThrow();
  const recommendations = await db
    .selectFrom('reviewRecommendation')
    .select((eb) => [
      eb.fn
        .countAll<number>()
        .filterWhere((w) =>
          w.and([
            w('caseId', 'is not', null),
            sql<boolean>`created_at::date between ${period.from} and ${period.to}`,
          ]),
        )
        .as('local'),
      eb.fn
        .countAll<number>()
        .filterWhere((w) => w.and([w('nationalReviewId', 'is not', null), inPeriod('decidedOn')]))
        .as('nationalDecided'),
      eb.fn
        .countAll<number>()
        .filterWhere((w) =>
          w.and([
            w('nationalReviewId', 'is not', null),
            inPeriod('decidedOn'),
            w('decision', '=', 'relevant'),
          ]),
        )
        .as('nationalRelevant'),
    ])
    .executeTakeFirstOrThrow();
  return {
    notified: n(cases.notified),
    notifiedOnTime: n(cases.notifiedOnTime),
    rapidReviews: n(cases.rapidReviews),
    rapidReviewsOnTime: n(cases.rapidReviewsOnTime),
    csprDecisions: n(cases.csprDecisions),
    panelResponses: n(cases.panelResponses),
    panelAgreed: n(cases.panelAgreed),
    csprsInProgress: n(csprs.inProgress),
    jointInProgress: n(csprs.jointInProgress),
    csprsPublished: n(csprs.published),
    csprsPublishedOnTime: n(csprs.publishedOnTime),
    nationalReviews: n(national.n),
    localRecommendations: n(recommendations.local),
    nationalDecided: n(recommendations.nationalDecided),
    nationalRelevant: n(recommendations.nationalRelevant),
  };
}
