/** The front door's SQL: Kysely only, its own tables and the views other modules publish. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { DraftInput } from './schema.ts';

type Db = Kysely<Database>;

/** A London civil date of a timestamp column, in SQL. */
const londonDay = (column: string) =>
  sql<string>`to_char(${sql.ref(column)} AT TIME ZONE 'Europe/London', 'YYYY-MM-DD')`;

export async function placeOf(
  db: Db,
  user: { settingId: number | null; organisationId: number | null; teamId: number | null },
) {
  const setting = user.settingId
    ? await db
        .selectFrom('registrySetting')
        .select(['id', 'name', 'phase', 'districtId', 'safeguardingEmail'])
        .where('id', '=', user.settingId)
        .executeTakeFirst()
    : undefined;
  const organisation = user.organisationId
    ? await db
        .selectFrom('registryOrganisation')
        .select(['id', 'name', 'kind'])
        .where('id', '=', user.organisationId)
        .executeTakeFirst()
    : undefined;
  const team = user.teamId
    ? await db
        .selectFrom('registryTeam')
        .select(['id', 'name', 'email', 'districtId', 'organisationId'])
        .where('id', '=', user.teamId)
        .executeTakeFirst()
    : undefined;
  const teamOrganisation =
    !organisation && team
      ? await db
          .selectFrom('registryOrganisation')
          .select(['id', 'name', 'kind'])
          .where('id', '=', team.organisationId)
          .executeTakeFirst()
      : undefined;
  return { setting, organisation: organisation ?? teamOrganisation, team };
}

export function insertReferral(
  db: Db,
  values: Parameters<ReturnType<Db['insertInto']>['values']>[0] & object,
) {
  return db
    .insertInto('frontDoorReferral')
    .values(values as never)
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function insertReferralChild(
  db: Db,
  row: {
    referralId: number;
    childId: string;
    givenName: string;
    familyName: string;
    dateOfBirth: string;
    foundBy: 'index' | 'new';
  },
) {
  return db
    .insertInto('frontDoorReferralChild')
    .values(row)
    .onConflict((oc) => oc.columns(['referralId', 'childId']).doNothing())
    .execute();
}

export function updateDraft(db: Db, id: number, input: DraftInput) {
  return db
    .updateTable('frontDoorReferral')
    .set({
      referrerName: input.referrerName ?? '',
      referrerJobTitle: input.referrerJobTitle ?? null,
      referrerEmail: input.referrerEmail ?? null,
      referrerPhone: input.referrerPhone ?? null,
      familyAndHousehold: input.familyAndHousehold ?? null,
      concerns: input.concerns ?? null,
      referrerLevelOfNeed: input.referrerLevelOfNeed ?? null,
      childVoice: input.childVoice ?? null,
      consent: input.consent ?? null,
      consentReason: input.consentReason ?? null,
      siblingsElsewhere: input.siblingsElsewhere ?? null,
      existingEarlyHelp: input.existingEarlyHelp ?? null,
      settingEarlyHelpOffer: input.settingEarlyHelpOffer ?? null,
      urgency: input.urgency ?? null,
      updatedAt: new Date(),
    })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
}

export function referral(db: Db, id: number) {
  return db.selectFrom('frontDoorReferral').selectAll().where('id', '=', id).executeTakeFirst();
}

export function referralChildren(db: Db, referralIds: readonly number[]) {
  if (referralIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('frontDoorReferralChild')
    .selectAll()
    .where('referralId', 'in', referralIds)
    .orderBy('referralId')
    .orderBy('id')
    .execute();
}

/** The names a referral page shows beside its ids: the setting, organisation and team. */
export async function referralPlaceNames(
  db: Db,
  r: { settingId: number | null; organisationId: number | null; teamId: number | null },
) {
  const [setting, organisation, team] = await Promise.all([
    r.settingId
      ? db
          .selectFrom('registrySetting')
          .select(['name', 'safeguardingEmail'])
          .where('id', '=', r.settingId)
          .executeTakeFirst()
      : undefined,
    r.organisationId
      ? db
          .selectFrom('registryOrganisation')
          .select('name')
          .where('id', '=', r.organisationId)
          .executeTakeFirst()
      : undefined,
    r.teamId
      ? db.selectFrom('registryTeam').select(['name', 'email']).where('id', '=', r.teamId).executeTakeFirst()
      : undefined,
  ]);
  return { setting, organisation, team };
}

/** The lists of referrals a referrer, a setting's safeguarding lead or the front door sees. */
export function referralList(
  db: Db,
  filter: { referrerUserId?: string; settingId?: number; all?: boolean; statuses?: string[] },
) {
  let query = db
    .selectFrom('frontDoorReferral as r')
    .leftJoin('registrySetting as s', 's.id', 'r.settingId')
    .leftJoin('registryOrganisation as o', 'o.id', 'r.organisationId')
    .select([
      'r.id',
      'r.status',
      'r.source',
      'r.referrerName',
      'r.urgency',
      'r.createdAt',
      'r.receivedAt',
      'r.decisionDueOn',
      'r.decidedAt',
      'r.decision',
      'r.agencyType',
      's.name as settingName',
      'o.name as organisationName',
    ])
    .orderBy('r.createdAt', 'desc')
    .limit(500);
  if (filter.statuses) query = query.where('r.status', 'in', filter.statuses as never);
  if (!filter.all) {
    query = query.where((eb) =>
      eb.or([
        ...(filter.referrerUserId ? [eb('r.referrerUserId', '=', filter.referrerUserId)] : []),
        ...(filter.settingId
          ? [eb.and([eb('r.settingId', '=', filter.settingId), eb('r.status', '<>', 'draft')])]
          : []),
        eb.val(false),
      ]),
    );
  }
  return query.execute();
}

export function submitReferral(db: Db, id: number, values: Record<string, unknown>) {
  return db
    .updateTable('frontDoorReferral')
    .set({ ...(values as object), status: 'submitted', updatedAt: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
}

/** The inbox: submitted referrals, oldest first within urgency. */
export function inboxReferrals(db: Db) {
  return db
    .selectFrom('frontDoorReferral as r')
    .leftJoin('registrySetting as s', 's.id', 'r.settingId')
    .leftJoin('registryOrganisation as o', 'o.id', 'r.organisationId')
    .select([
      'r.id',
      'r.urgency',
      'r.receivedAt',
      'r.decisionDueOn',
      'r.referrerName',
      'r.agencyType',
      's.name as settingName',
      'o.name as organisationName',
    ])
    .where('r.status', '=', 'submitted')
    .orderBy('r.receivedAt')
    .execute();
}

/** Notices routed to the front door not yet decided. */
export function undecidedNotices(db: Db) {
  return db
    .selectFrom('encompassFrontDoorNotice as n')
    .leftJoin('frontDoorReferral as r', 'r.encompassNoticeId', 'n.id')
    .select([
      'n.id',
      'n.policeReference',
      'n.receivedAt',
      'n.riskLevel',
      'n.givenName',
      'n.familyName',
      'n.dateOfBirth',
      'n.childId',
    ])
    .where('r.id', 'is', null)
    .orderBy('n.receivedAt')
    .execute();
}

export function notice(db: Db, id: string) {
  return db.selectFrom('encompassFrontDoorNotice').selectAll().where('id', '=', id).executeTakeFirst();
}

export function referralOfNotice(db: Db, noticeId: string) {
  return db
    .selectFrom('frontDoorReferral')
    .select('id')
    .where('encompassNoticeId', '=', noticeId)
    .executeTakeFirst();
}

export function recordDecision(db: Db, id: number, values: Record<string, unknown>) {
  return db
    .updateTable('frontDoorReferral')
    .set({ ...(values as object), status: 'decided', updatedAt: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'submitted')
    .executeTakeFirst();
}

export function insertAssessments(
  db: Db,
  rows: { referralId: number; childId: string; startedOn: string; dueOn: string }[],
) {
  if (rows.length === 0) return Promise.resolve([]);
  return db.insertInto('frontDoorAssessment').values(rows).returning(['id', 'childId']).execute();
}

export function assessment(db: Db, id: number) {
  return db.selectFrom('frontDoorAssessment').selectAll().where('id', '=', id).executeTakeFirst();
}

export function assessmentsOfReferral(db: Db, referralId: number) {
  return db
    .selectFrom('frontDoorAssessment')
    .selectAll()
    .where('referralId', '=', referralId)
    .orderBy('id')
    .execute();
}

export function authoriseAssessment(
  db: Db,
  id: number,
  values: { authorisedOn: string; outcome: 'nfa' | 'early_help' | 'child_in_need' | 'strategy_discussion' },
) {
  return db
    .updateTable('frontDoorAssessment')
    .set(values)
    .where('id', '=', id)
    .where('authorisedOn', 'is', null)
    .executeTakeFirst();
}

export function strategyDiscussionsOfReferral(db: Db, referralId: number) {
  return db
    .selectFrom('frontDoorStrategyDiscussion')
    .selectAll()
    .where('referralId', '=', referralId)
    .orderBy('id')
    .execute();
}

export function insertStrategyDiscussion(
  db: Db,
  row: {
    referralId: number | null;
    childId: string;
    heldOn: string;
    informationShared: string;
    decision: 'section47' | 'none' | 'further_discussion';
    quorate: boolean;
    recordedBy: string | null;
  },
) {
  return db.insertInto('frontDoorStrategyDiscussion').values(row).returning('id').executeTakeFirstOrThrow();
}

export function insertAttendees(
  db: Db,
  rows: { strategyDiscussionId: number; agency: string; name: string; organisationId?: number | null }[],
) {
  if (rows.length === 0) return Promise.resolve();
  return db
    .insertInto('frontDoorStrategyAttendee')
    .values(rows as never)
    .execute()
    .then(() => undefined);
}

export function strategyDiscussion(db: Db, id: number) {
  return db.selectFrom('frontDoorStrategyDiscussion').selectAll().where('id', '=', id).executeTakeFirst();
}

export function attendees(db: Db, id: number) {
  return db
    .selectFrom('frontDoorStrategyAttendee')
    .selectAll()
    .where('strategyDiscussionId', '=', id)
    .orderBy('id')
    .execute();
}

export function shareMinutes(db: Db, id: number, agency: string, on: string) {
  return db
    .updateTable('frontDoorStrategyAttendee')
    .set({ minutesSharedOn: on })
    .where('strategyDiscussionId', '=', id)
    .where('agency', '=', agency as never)
    .executeTakeFirst();
}

export function insertSection47(db: Db, row: { strategyDiscussionId: number; startedOn: string }) {
  return db.insertInto('frontDoorEnquiry').values(row).execute();
}

export function section47(db: Db, id: number) {
  return db
    .selectFrom('frontDoorEnquiry')
    .selectAll()
    .where('strategyDiscussionId', '=', id)
    .executeTakeFirst();
}

export function completeSection47(
  db: Db,
  id: number,
  values: { outcome: 'icpc' | 'cin_plan' | 'nfa'; completedOn: string },
) {
  return db
    .updateTable('frontDoorEnquiry')
    .set(values)
    .where('strategyDiscussionId', '=', id)
    .executeTakeFirst();
}

export function icpcOf(db: Db, strategyDiscussionId: number) {
  return db
    .selectFrom('frontDoorIcpc')
    .selectAll()
    .where('strategyDiscussionId', '=', strategyDiscussionId)
    .executeTakeFirst();
}

export function insertIcpc(
  db: Db,
  row: {
    strategyDiscussionId: number;
    childId: string;
    heldOn: string;
    dueOn: string;
    quorate: boolean;
    outcome: 'cp_plan' | 'no_plan';
  },
) {
  return db.insertInto('frontDoorIcpc').values(row).returning('id').executeTakeFirstOrThrow();
}

export function insertPlan(
  db: Db,
  row: {
    icpcId: number;
    childId: string;
    startedOn: string;
    category: 'neglect' | 'physical' | 'sexual' | 'emotional' | 'multiple';
    previousPlans: number;
    firstReviewDueOn: string;
  },
) {
  return db.insertInto('frontDoorCpPlan').values(row).returning('id').executeTakeFirstOrThrow();
}

export function planOfIcpc(db: Db, icpcId: number) {
  return db.selectFrom('frontDoorCpPlan').selectAll().where('icpcId', '=', icpcId).executeTakeFirst();
}

export function plan(db: Db, id: number) {
  return db
    .selectFrom('frontDoorCpPlan as p')
    .innerJoin('frontDoorIcpc as i', 'i.id', 'p.icpcId')
    .selectAll('p')
    .select(['i.strategyDiscussionId'])
    .where('p.id', '=', id)
    .executeTakeFirst();
}

/** Earlier plans of a child held here. */
export async function earlierPlans(db: Db, childId: string, before: string) {
  const row = await db
    .selectFrom('frontDoorCpPlan')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('childId', '=', childId)
    .where('startedOn', '<', before)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function reviews(db: Db, planId: number) {
  return db
    .selectFrom('frontDoorCpReview')
    .selectAll()
    .where('cpPlanId', '=', planId)
    .orderBy('heldOn')
    .execute();
}

export function insertReview(
  db: Db,
  row: { cpPlanId: number; heldOn: string; dueOn: string; outcome: 'continue' | 'end' },
) {
  return db.insertInto('frontDoorCpReview').values(row).returning('id').executeTakeFirstOrThrow();
}

export function endPlan(db: Db, id: number, values: { endedOn: string; endReason: string }) {
  return db
    .updateTable('frontDoorCpPlan')
    .set(values)
    .where('id', '=', id)
    .where('endedOn', 'is', null)
    .executeTakeFirst();
}

/* Overdue work, as of a London civil date. */

export function overdueDecisions(db: Db, today: string) {
  return db
    .selectFrom('frontDoorReferral')
    .select(['id', 'receivedAt', 'decisionDueOn', 'urgency', 'referrerName'])
    .where('status', '=', 'submitted')
    .where('decisionDueOn', '<', today)
    .orderBy('decisionDueOn')
    .execute();
}

export function openAssessments(db: Db) {
  return db
    .selectFrom('frontDoorAssessment')
    .select(['id', 'referralId', 'childId', 'startedOn', 'dueOn'])
    .where('authorisedOn', 'is', null)
    .orderBy('dueOn')
    .execute();
}

/** Section 47 enquiries that should lead to a conference and have none yet. */
export function awaitedIcpcs(db: Db) {
  return db
    .selectFrom('frontDoorEnquiry as s')
    .innerJoin('frontDoorStrategyDiscussion as d', 'd.id', 's.strategyDiscussionId')
    .leftJoin('frontDoorIcpc as i', 'i.strategyDiscussionId', 'd.id')
    .select(['d.id', 'd.childId', 'd.heldOn', 's.outcome'])
    .where('i.id', 'is', null)
    .where((eb) => eb.or([eb('s.outcome', 'is', null), eb('s.outcome', '=', 'icpc')]))
    .orderBy('d.heldOn')
    .execute();
}

export function openPlans(db: Db) {
  return db
    .selectFrom('frontDoorCpPlan as p')
    .select((eb) => [
      'p.id',
      'p.childId',
      'p.startedOn',
      'p.category',
      'p.firstReviewDueOn',
      eb
        .selectFrom('frontDoorCpReview as r')
        .select((e) => e.fn.max('r.heldOn').as('m'))
        .whereRef('r.cpPlanId', '=', 'p.id')
        .as('lastReviewOn'),
    ])
    .where('p.endedOn', 'is', null)
    .orderBy('p.startedOn')
    .execute();
}

/* The referral audit programme. */

export function auditSettings(db: Db) {
  return db.selectFrom('frontDoorAuditSettings').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
}

export function saveAuditSettings(
  db: Db,
  values: { sampleSize: number; agencyTypes: string[]; policeHealthFrom: string | null },
) {
  return db
    .updateTable('frontDoorAuditSettings')
    .set({ ...values, updatedAt: new Date() })
    .where('id', '=', 1)
    .execute();
}

/** Decided referral forms received in a month (London dates), with their institution. */
export function monthReferrals(db: Db, from: string, to: string) {
  return db
    .selectFrom('frontDoorReferral as r')
    .leftJoin('registrySetting as s', 's.id', 'r.settingId')
    .leftJoin('registryOrganisation as o', 'o.id', 'r.organisationId')
    .select((eb) => [
      'r.id',
      'r.settingId',
      'r.organisationId',
      'r.agencyType',
      'r.receivedAt',
      'r.metThreshold',
      's.name as settingName',
      'o.name as organisationName',
      eb
        .exists(eb.selectFrom('frontDoorAuditCase as c').select('c.id').whereRef('c.referralId', '=', 'r.id'))
        .as('audited'),
    ])
    .where('r.source', '=', 'form')
    .where('r.status', '=', 'decided')
    .where(londonDay('r.receivedAt'), '>=', from)
    .where(londonDay('r.receivedAt'), '<', to)
    .execute();
}

export function sampleOfMonth(db: Db, month: string) {
  return db.selectFrom('frontDoorAuditSample').selectAll().where('month', '=', month).executeTakeFirst();
}

export function sample(db: Db, id: number) {
  return db.selectFrom('frontDoorAuditSample').selectAll().where('id', '=', id).executeTakeFirst();
}

export function samples(db: Db) {
  return db
    .selectFrom('frontDoorAuditSample as s')
    .select((eb) => [
      's.id',
      's.month',
      's.confirmedAt',
      eb
        .selectFrom('frontDoorAuditCase as c')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('c.sampleId', '=', 's.id')
        .as('cases'),
      eb
        .selectFrom('frontDoorAuditCase as c')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('c.sampleId', '=', 's.id')
        .where('c.completedAt', 'is not', null)
        .as('completed'),
    ])
    .orderBy('s.month', 'desc')
    .execute();
}

export function insertSample(db: Db, month: string) {
  return db.insertInto('frontDoorAuditSample').values({ month }).returning('id').executeTakeFirstOrThrow();
}

export function clearSample(db: Db, sampleId: number) {
  return db.deleteFrom('frontDoorAuditCase').where('sampleId', '=', sampleId).execute();
}

export function insertCases(
  db: Db,
  rows: { sampleId: number; referralId: number; institutionKey: string; swappedIn?: boolean }[],
) {
  if (rows.length === 0) return Promise.resolve();
  return db
    .insertInto('frontDoorAuditCase')
    .values(rows)
    .execute()
    .then(() => undefined);
}

export function cases(db: Db, filter: { sampleId?: number; auditorUserId?: string; caseId?: number }) {
  let query = db
    .selectFrom('frontDoorAuditCase as c')
    .innerJoin('frontDoorReferral as r', 'r.id', 'c.referralId')
    .leftJoin('registrySetting as s', 's.id', 'r.settingId')
    .leftJoin('registryOrganisation as o', 'o.id', 'r.organisationId')
    .innerJoin('frontDoorAuditSample as m', 'm.id', 'c.sampleId')
    .selectAll('c')
    .select([
      'r.receivedAt',
      'r.decision',
      'r.agencyType',
      's.name as settingName',
      'o.name as organisationName',
      'm.month',
      'm.confirmedAt',
    ])
    .orderBy('c.id');
  if (filter.sampleId !== undefined) query = query.where('c.sampleId', '=', filter.sampleId);
  if (filter.auditorUserId !== undefined)
    query = query.where('c.auditorUserId', '=', filter.auditorUserId).where('m.confirmedAt', 'is not', null);
  if (filter.caseId !== undefined) query = query.where('c.id', '=', filter.caseId);
  return query.execute();
}

export function auditCaseOfReferral(db: Db, referralId: number) {
  return db
    .selectFrom('frontDoorAuditCase as c')
    .innerJoin('frontDoorAuditSample as m', 'm.id', 'c.sampleId')
    .select(['c.id', 'c.auditorUserId', 'm.confirmedAt'])
    .where('c.referralId', '=', referralId)
    .executeTakeFirst();
}

export function removeCase(db: Db, caseId: number, sampleId: number) {
  return db
    .deleteFrom('frontDoorAuditCase')
    .where('id', '=', caseId)
    .where('sampleId', '=', sampleId)
    .executeTakeFirst();
}

export function confirmSample(db: Db, id: number, userId: string, auditorUserId: string | null) {
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('frontDoorAuditSample')
      .set({ confirmedAt: new Date(), confirmedBy: userId })
      .where('id', '=', id)
      .execute();
    await trx.updateTable('frontDoorAuditCase').set({ auditorUserId }).where('sampleId', '=', id).execute();
  });
}

export function saveAuditCase(db: Db, id: number, values: Record<string, unknown>) {
  return db
    .updateTable('frontDoorAuditCase')
    .set(values as never)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function auditors(db: Db) {
  return db
    .selectFrom('authAccount')
    .select(['id', 'givenName', 'familyName', 'email'])
    .where('role', 'in', ['auditor', 'qa_lead'])
    .where('active', '=', true)
    .orderBy('familyName')
    .execute();
}

/** Completed audit cases whose sample month is in [from, to). */
export function completedCases(db: Db, from: string, to: string) {
  return db
    .selectFrom('frontDoorAuditCase as c')
    .innerJoin('frontDoorAuditSample as m', 'm.id', 'c.sampleId')
    .innerJoin('frontDoorReferral as r', 'r.id', 'c.referralId')
    .select([
      'c.id',
      'm.month',
      'r.agencyType',
      'c.quality',
      'c.childVoiceEvidenced',
      'c.lowerLevel',
      'c.learningReferrer',
      'c.learningFrontDoor',
      'c.feedbackSpecific',
      'c.feedbackRightPerson',
    ])
    .where('c.completedAt', 'is not', null)
    .where('m.month', '>=', from)
    .where('m.month', '<', to)
    .orderBy('m.month')
    .orderBy('c.id')
    .execute();
}

/** How often each institution was sampled in [from, to). */
export function auditsByInstitution(db: Db, from: string, to: string) {
  return db
    .selectFrom('frontDoorAuditCase as c')
    .innerJoin('frontDoorAuditSample as m', 'm.id', 'c.sampleId')
    .select((eb) => ['c.institutionKey', eb.fn.countAll<string>().as('audits')])
    .where('m.month', '>=', from)
    .where('m.month', '<', to)
    .groupBy('c.institutionKey')
    .execute();
}

/** Decided referral forms of each institution received in [from, to), and how many met threshold. */
export async function conversionByInstitution(db: Db, from: string, to: string) {
  const rows = await db
    .selectFrom('frontDoorReferral as r')
    .select((eb) => [
      'r.settingId',
      'r.organisationId',
      eb.fn.countAll<string>().as('referrals'),
      eb.fn.countAll<string>().filterWhere('r.metThreshold', '=', true).as('met'),
    ])
    .where('r.source', '=', 'form')
    .where('r.status', '=', 'decided')
    .where(londonDay('r.receivedAt'), '>=', from)
    .where(londonDay('r.receivedAt'), '<', to)
    .groupBy(['r.settingId', 'r.organisationId'])
    .execute();
  return rows.map((r) => ({
    institutionKey: institutionKeyOf(r),
    referrals: r.referrals,
    met: r.met,
  }));
}

/** A referring institution: its setting, or else its organisation. */
export function institutionKeyOf(r: { settingId: number | null; organisationId: number | null }) {
  return r.settingId ? `setting:${r.settingId}` : `organisation:${r.organisationId}`;
}

export async function institutionNames(db: Db, keys: readonly string[]) {
  const settingIds = keys.filter((k) => k.startsWith('setting:')).map((k) => Number(k.slice(8)));
  const organisationIds = keys.filter((k) => k.startsWith('organisation:')).map((k) => Number(k.slice(13)));
  const names = new Map<string, string>();
  if (settingIds.length)
    for (const s of await db
      .selectFrom('registrySetting')
      .select(['id', 'name'])
      .where('id', 'in', settingIds)
      .execute())
      names.set(`setting:${s.id}`, s.name);
  if (organisationIds.length)
    for (const o of await db
      .selectFrom('registryOrganisation')
      .select(['id', 'name'])
      .where('id', 'in', organisationIds)
      .execute())
      names.set(`organisation:${o.id}`, o.name);
  return names;
}

/* Figures for a period [from, to] (London dates, both inclusive). */

export function periodReferrals(db: Db, from: string, to: string) {
  return db
    .selectFrom('frontDoorReferral as r')
    .select([
      'r.id',
      'r.source',
      'r.agencyType',
      'r.status',
      'r.decision',
      'r.metThreshold',
      'r.receivedAt',
      'r.decisionDueOn',
      'r.decidedAt',
      'r.feedbackRecipient',
    ])
    .where('r.status', '<>', 'draft')
    .where(londonDay('r.receivedAt'), '>=', from)
    .where(londonDay('r.receivedAt'), '<=', to)
    .execute();
}

export function periodStrategyDiscussions(db: Db, from: string, to: string) {
  return db
    .selectFrom('frontDoorStrategyDiscussion as d')
    .select((eb) => [
      'd.id',
      'd.quorate',
      'd.decision',
      eb
        .selectFrom('frontDoorStrategyAttendee as a')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('a.strategyDiscussionId', '=', 'd.id')
        .as('attendees'),
      eb
        .selectFrom('frontDoorStrategyAttendee as a')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('a.strategyDiscussionId', '=', 'd.id')
        .where('a.minutesSharedOn', 'is not', null)
        .as('minutesShared'),
    ])
    .where('d.heldOn', '>=', from)
    .where('d.heldOn', '<=', to)
    .execute();
}

export function periodIcpcs(db: Db, from: string, to: string) {
  return db
    .selectFrom('frontDoorIcpc')
    .select(['id', 'heldOn', 'dueOn', 'outcome', 'quorate'])
    .where('heldOn', '>=', from)
    .where('heldOn', '<=', to)
    .execute();
}

export function periodAssessments(db: Db, from: string, to: string) {
  return db
    .selectFrom('frontDoorAssessment')
    .select(['id', 'authorisedOn', 'dueOn'])
    .where('authorisedOn', '>=', from)
    .where('authorisedOn', '<=', to)
    .execute();
}

export function organisations(db: Db) {
  return db.selectFrom('registryOrganisation').select(['id', 'name']).orderBy('name').execute();
}

/* Bulk writes for a recorded history (the demo): multi-row inserts, ids in the order given. */

const CHUNK = 500;

async function insertChunks<R>(rows: readonly R[], insert: (chunk: R[]) => Promise<{ id: number }[]>) {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += CHUNK)
    ids.push(...(await insert(rows.slice(i, i + CHUNK))).map((r) => r.id));
  return ids;
}

export function insertReferrals(db: Db, rows: readonly Record<string, unknown>[]) {
  return insertChunks(rows, (chunk) =>
    db
      .insertInto('frontDoorReferral')
      .values(chunk as never)
      .returning('id')
      .execute(),
  );
}

export function insertReferralChildren(db: Db, rows: readonly Record<string, unknown>[]) {
  return insertChunks(rows, (chunk) =>
    db
      .insertInto('frontDoorReferralChild')
      .values(chunk as never)
      .returning('id')
      .execute(),
  );
}

export function insertAssessmentRows(db: Db, rows: readonly Record<string, unknown>[]) {
  return insertChunks(rows, (chunk) =>
    db
      .insertInto('frontDoorAssessment')
      .values(chunk as never)
      .returning('id')
      .execute(),
  );
}

export function insertStrategyDiscussions(db: Db, rows: readonly Record<string, unknown>[]) {
  return insertChunks(rows, (chunk) =>
    db
      .insertInto('frontDoorStrategyDiscussion')
      .values(chunk as never)
      .returning('id')
      .execute(),
  );
}

export function insertAttendeeRows(db: Db, rows: readonly Record<string, unknown>[]) {
  return insertChunks(rows, (chunk) =>
    db
      .insertInto('frontDoorStrategyAttendee')
      .values(chunk as never)
      .returning('id')
      .execute(),
  );
}

export async function insertEnquiries(db: Db, rows: readonly Record<string, unknown>[]) {
  for (let i = 0; i < rows.length; i += CHUNK)
    await db
      .insertInto('frontDoorEnquiry')
      .values(rows.slice(i, i + CHUNK) as never)
      .execute();
}

export function insertIcpcs(db: Db, rows: readonly Record<string, unknown>[]) {
  return insertChunks(rows, (chunk) =>
    db
      .insertInto('frontDoorIcpc')
      .values(chunk as never)
      .returning('id')
      .execute(),
  );
}

export function insertPlans(db: Db, rows: readonly Record<string, unknown>[]) {
  return insertChunks(rows, (chunk) =>
    db
      .insertInto('frontDoorCpPlan')
      .values(chunk as never)
      .returning('id')
      .execute(),
  );
}

export function insertReviews(db: Db, rows: readonly Record<string, unknown>[]) {
  return insertChunks(rows, (chunk) =>
    db
      .insertInto('frontDoorCpReview')
      .values(chunk as never)
      .returning('id')
      .execute(),
  );
}

/** Children of the index with exactly these identifiers (the children module's published rule), one round trip for many. */
export async function exactMatches(
  db: Db,
  people: readonly {
    givenName: string;
    familyName: string;
    dateOfBirth: string;
    nhsNumber: string | null;
    upn: string | null;
  }[],
) {
  if (people.length === 0) return new Map<number, string[]>();
  const rows = await sql<{ ord: number; id: string }>`
    SELECT k.ord::int AS ord, m.id
    FROM jsonb_array_elements(${JSON.stringify(people)}::jsonb) WITH ORDINALITY AS k(p, ord)
    CROSS JOIN LATERAL child_exact_matches(k.p->>'givenName', k.p->>'familyName', (k.p->>'dateOfBirth')::date,
                                           k.p->>'nhsNumber', k.p->>'upn') m`.execute(db);
  const found = new Map<number, string[]>();
  for (const r of rows.rows) found.set(r.ord - 1, [...(found.get(r.ord - 1) ?? []), r.id]);
  return found;
}
