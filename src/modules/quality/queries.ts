/**
 * The multi-agency audits' SQL, through Kysely only: the module's own tables, and the published
 * views registry_organisation and auth_account. Children are read through the child index's
 * service, never here.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

type Executor = Kysely<Database>;

export function programmes(db: Executor) {
  return db
    .selectFrom('qaProgramme as p')
    .select([
      'p.id',
      'p.year',
      'p.title',
      (eb) =>
        eb
          .selectFrom('qaAudit as a')
          .whereRef('a.programmeId', '=', 'p.id')
          .select(sql<number>`count(*)::int`.as('n'))
          .as('audits'),
    ])
    .orderBy('p.year', 'desc')
    .execute();
}

export function programme(db: Executor, id: number) {
  return db.selectFrom('qaProgramme').selectAll().where('id', '=', id).executeTakeFirst();
}

export function programmeByYear(db: Executor, year: string) {
  return db.selectFrom('qaProgramme').selectAll().where('year', '=', year).executeTakeFirst();
}

/** Audits with their case counts; of one programme, or those naming one auditor. */
export function audits(db: Executor, filter: { programmeId?: number; auditorId?: string; ids?: number[] }) {
  let query = db
    .selectFrom('qaAudit as a')
    .innerJoin('qaProgramme as p', 'p.id', 'a.programmeId')
    .select([
      'a.id',
      'a.programmeId',
      'p.year',
      'a.title',
      'a.theme',
      'a.status',
      'a.startsOn',
      'a.panelOn',
      'a.casesWanted',
      'a.completedOn',
      (eb) =>
        eb
          .selectFrom('qaCase as c')
          .whereRef('c.auditId', '=', 'a.id')
          .select(sql<number>`count(*)::int`.as('n'))
          .as('cases'),
    ])
    .orderBy('a.startsOn')
    .orderBy('a.id');
  if (filter.programmeId) query = query.where('a.programmeId', '=', filter.programmeId);
  if (filter.ids) query = query.where('a.id', 'in', filter.ids.length ? filter.ids : [-1]);
  if (filter.auditorId)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('qaAuditor as x')
          .select('x.auditId')
          .whereRef('x.auditId', '=', 'a.id')
          .where('x.userId', '=', filter.auditorId!),
      ),
    );
  return query.execute();
}

export type AuditListRow = Awaited<ReturnType<typeof audits>>[number];

export function auditById(db: Executor, id: number) {
  return db
    .selectFrom('qaAudit as a')
    .innerJoin('qaProgramme as p', 'p.id', 'a.programmeId')
    .selectAll('a')
    .select(['p.year', 'p.title as programmeTitle'])
    .where('a.id', '=', id)
    .executeTakeFirst();
}

export function agenciesOf(db: Executor, auditId: number) {
  return db
    .selectFrom('qaAuditAgency as g')
    .innerJoin('registryOrganisation as o', 'o.id', 'g.organisationId')
    .select(['o.id', 'o.name'])
    .where('g.auditId', '=', auditId)
    .orderBy('o.name')
    .execute();
}

export function questionsOf(db: Executor, auditId: number) {
  return db
    .selectFrom('qaAuditQuestion')
    .select(['position', 'question'])
    .where('auditId', '=', auditId)
    .orderBy('position')
    .execute();
}

export function auditorsOf(db: Executor, auditId: number) {
  return db
    .selectFrom('qaAuditor as x')
    .innerJoin('authAccount as u', 'u.id', 'x.userId')
    .leftJoin('registryOrganisation as o', 'o.id', 'u.organisationId')
    .select(['u.id', 'u.givenName', 'u.familyName', 'u.role', 'o.name as agency'])
    .where('x.auditId', '=', auditId)
    .orderBy('u.familyName')
    .execute();
}

export async function isNamedAuditor(db: Executor, auditId: number, userId: string) {
  const row = await db
    .selectFrom('qaAuditor')
    .select('userId')
    .where('auditId', '=', auditId)
    .where('userId', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Accounts that can be named on an audit: agencies' auditors and QA leads. */
export function possibleAuditors(db: Executor) {
  return db
    .selectFrom('authAccount as u')
    .leftJoin('registryOrganisation as o', 'o.id', 'u.organisationId')
    .select(['u.id', 'u.givenName', 'u.familyName', 'u.role', 'o.name as agency'])
    .where('u.role', 'in', ['auditor', 'qa_lead'])
    .where('u.active', '=', true)
    .orderBy('o.name')
    .orderBy('u.familyName')
    .execute();
}

export function organisations(db: Executor) {
  return db.selectFrom('registryOrganisation').select(['id', 'name']).orderBy('name').execute();
}

export function casesOf(db: Executor, auditId: number) {
  return db
    .selectFrom('qaCase as c')
    .select([
      'c.id',
      'c.reference',
      'c.childId',
      'c.selectedHow',
      'c.selectedOn',
      'c.panelGrade',
      'c.panelOn',
      'c.familyApproached',
      'c.familyResponded',
      (eb) =>
        eb
          .selectFrom('qaSelfAudit as s')
          .whereRef('s.caseId', '=', 'c.id')
          .select(sql<number>`count(*)::int`.as('n'))
          .as('selfAudits'),
    ])
    .where('c.auditId', '=', auditId)
    .orderBy('c.id')
    .execute();
}

export function caseById(db: Executor, id: number) {
  return db.selectFrom('qaCase').selectAll().where('id', '=', id).executeTakeFirst();
}

export function selfAuditsOf(db: Executor, caseIds: number[]) {
  return db
    .selectFrom('qaSelfAudit as s')
    .innerJoin('registryOrganisation as o', 'o.id', 's.organisationId')
    .select([
      's.id',
      's.caseId',
      's.organisationId',
      'o.name as agency',
      's.answers',
      's.grade',
      's.strengths',
      's.learning',
      's.completedOn',
    ])
    .where('s.caseId', 'in', caseIds.length ? caseIds : [-1])
    .orderBy('o.name')
    .execute();
}

/** Every self-audit of the audits given, with its case's panel grade: what the grade figures count. */
export function gradedSelfAudits(db: Executor, auditIds: number[]) {
  return db
    .selectFrom('qaSelfAudit as s')
    .innerJoin('qaCase as c', 'c.id', 's.caseId')
    .innerJoin('registryOrganisation as o', 'o.id', 's.organisationId')
    .select(['s.organisationId', 'o.name as agency', 's.grade', 'c.panelGrade', 'c.auditId'])
    .where('c.auditId', 'in', auditIds.length ? auditIds : [-1])
    .execute();
}

/** Cases, distinct children, panel grades and families, per audit. */
export function caseFigures(db: Executor, auditIds: number[]) {
  return db
    .selectFrom('qaCase')
    .select([
      'auditId',
      sql<number>`count(*)::int`.as('cases'),
      sql<number>`count(DISTINCT child_id)::int`.as('children'),
      sql<number>`count(*) FILTER (WHERE panel_grade IS NOT NULL)::int`.as('panelGraded'),
      sql<number>`count(*) FILTER (WHERE family_approached)::int`.as('familiesApproached'),
      sql<number>`count(*) FILTER (WHERE family_responded)::int`.as('familiesResponded'),
    ])
    .where('auditId', 'in', auditIds.length ? auditIds : [-1])
    .groupBy('auditId')
    .execute();
}

/** Distinct children across the audits given (a child audited twice in a year counts once). */
export async function childrenCovered(db: Executor, auditIds: number[]) {
  const row = await db
    .selectFrom('qaCase')
    .select(sql<number>`count(DISTINCT child_id)::int`.as('n'))
    .where('auditId', 'in', auditIds.length ? auditIds : [-1])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findingsOf(db: Executor, auditIds: number[]) {
  return db
    .selectFrom('qaFinding')
    .select(['id', 'auditId', 'kind', 'text'])
    .where('auditId', 'in', auditIds.length ? auditIds : [-1])
    .orderBy('kind', 'desc')
    .orderBy('id')
    .execute();
}

/** Each briefing's latest version, and its latest published version's number. */
export function briefings(db: Executor, publishedOnly: boolean) {
  let query = db
    .selectFrom('qaBriefingVersion as v')
    .select([
      'v.briefingId',
      'v.version',
      'v.title',
      'v.publishedOn',
      'v.writtenAt',
      'v.auditIds',
      (eb) =>
        eb
          .selectFrom('qaBriefingVersion as p')
          .whereRef('p.briefingId', '=', 'v.briefingId')
          .where('p.publishedOn', 'is not', null)
          .select(sql<number | null>`max(p.version)`.as('n'))
          .as('publishedVersion'),
    ])
    .where(({ eb, selectFrom }) =>
      eb(
        'v.version',
        '=',
        selectFrom('qaBriefingVersion as w')
          .whereRef('w.briefingId', '=', 'v.briefingId')
          .$if(publishedOnly, (q) => q.where('w.publishedOn', 'is not', null))
          .select(sql<number>`max(w.version)`.as('m')),
      ),
    )
    .orderBy('v.writtenAt', 'desc');
  if (publishedOnly) query = query.where('v.publishedOn', 'is not', null);
  return query.execute();
}

export function briefingVersions(db: Executor, briefingId: number) {
  return db
    .selectFrom('qaBriefingVersion')
    .selectAll()
    .where('briefingId', '=', briefingId)
    .orderBy('version', 'desc')
    .execute();
}

export type BriefingVersion = Awaited<ReturnType<typeof briefingVersions>>[number];
