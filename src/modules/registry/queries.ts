/** The registry's SQL, through Kysely only. `…InTrx` functions take the caller's transaction. */
import { type Kysely, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { type AuditEntryParameter, auditAppended } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/client.ts';
import { preparedQuery } from '../../platform/db/prepared.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { SettingFilters } from './schema.ts';

type Executor = Kysely<Database>;

export const PAGE_SIZE = 50;

export function findDistrictByCode(db: Executor, code: string) {
  return db
    .selectFrom('district')
    .selectAll()
    .where(sql`upper(code)`, '=', code.toUpperCase())
    .executeTakeFirst();
}

export function findDistrictByCodeOrName(db: Executor, value: string) {
  return db
    .selectFrom('district')
    .selectAll()
    .where((eb) =>
      eb.or([eb(sql`upper(code)`, '=', value.toUpperCase()), eb(sql`lower(name)`, '=', value.toLowerCase())]),
    )
    .executeTakeFirst();
}

export function listDistricts(db: Db) {
  return db.selectFrom('district').selectAll().orderBy('name').execute();
}

export function listOrganisations(db: Db) {
  return db
    .selectFrom('organisation')
    .selectAll()
    .orderBy('safeguardingPartner', 'desc')
    .orderBy('name')
    .execute();
}

export function findOrganisation(db: Db, id: number) {
  return db.selectFrom('organisation').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listTeams(db: Db) {
  return db
    .selectFrom('team as t')
    .innerJoin('organisation as o', 'o.id', 't.organisationId')
    .leftJoin('district as d', 'd.id', 't.districtId')
    .select([
      't.id',
      't.code',
      't.name',
      't.kind',
      't.email',
      'o.name as organisationName',
      'd.name as districtName',
    ])
    .orderBy('t.name')
    .execute();
}

export async function listSettings(db: Db, filters: SettingFilters) {
  let query = db.selectFrom('setting as s').innerJoin('district as d', 'd.id', 's.districtId');
  if (filters.phase) query = query.where('s.phase', '=', filters.phase);
  if (filters.district) query = query.where('d.code', '=', filters.district);
  if (filters.q) {
    const q = filters.q;
    query = query.where((eb) =>
      eb.or([
        eb('s.urn', '=', q),
        eb(sql`lower(s.name)`, 'like', `%${q.toLowerCase().replace(/[%_\\]/g, '\\$&')}%`),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    query
      .select(['s.id', 's.urn', 's.name', 's.phase', 'd.name as districtName'])
      .orderBy('s.name')
      .limit(PAGE_SIZE)
      .offset((filters.page - 1) * PAGE_SIZE)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function findSetting(db: Db, id: number) {
  return db
    .selectFrom('setting as s')
    .innerJoin('district as d', 'd.id', 's.districtId')
    .selectAll('s')
    .select(['d.name as districtName', 'd.code as districtCode'])
    .where('s.id', '=', id)
    .executeTakeFirst();
}

/** A setting with its Key Adults, closures and own terms, and the view's audit entry, in one round trip, prepared: the page is read often. */
const settingDetail = preparedQuery((db: Db, id: number, audit: AuditEntryParameter) =>
  db
    .selectFrom('setting as s')
    .innerJoin('district as d', 'd.id', 's.districtId')
    .selectAll('s')
    .select((eb) => [
      'd.name as districtName',
      'd.code as districtCode',
      jsonArrayFrom(
        eb
          .selectFrom('settingStaff as p')
          .select(['p.id', 'p.staffRole', 'p.givenName', 'p.familyName', 'p.email'])
          .whereRef('p.settingId', '=', 's.id')
          .orderBy('p.staffRole'),
      ).as('staff'),
      jsonArrayFrom(
        eb
          .selectFrom('settingClosure as c')
          .select(['c.date', 'c.reason'])
          .whereRef('c.settingId', '=', 's.id')
          .orderBy('c.date'),
      ).as('closures'),
      jsonArrayFrom(
        eb
          .selectFrom('settingTerm as t')
          .select(['t.id', 't.name', 't.startsOn', 't.endsOn'])
          .whereRef('t.settingId', '=', 's.id')
          .orderBy('t.startsOn'),
      ).as('ownTerms'),
      // The view's audit entry, appended in this statement when the setting is read.
      auditAppended(audit).as('audited'),
    ])
    .where('s.id', '=', id),
);

export function findSettingDetail(db: Db, id: number, audit: AuditEntryParameter) {
  return settingDetail.takeFirst(db, id, audit);
}

export function findSettingByUrn(db: Executor, urn: string) {
  return db.selectFrom('setting').selectAll().where('urn', '=', urn).executeTakeFirst();
}

export function settingClosures(db: Executor, settingId: number) {
  return db
    .selectFrom('settingClosure')
    .selectAll()
    .where('settingId', '=', settingId)
    .orderBy('date')
    .execute();
}

export function listTerms(db: Executor) {
  return db.selectFrom('term').selectAll().orderBy('startsOn').execute();
}

export function listUsers(db: Db) {
  return db
    .selectFrom('authAccount as u')
    .leftJoin('organisation as o', 'o.id', 'u.organisationId')
    .leftJoin('team as t', 't.id', 'u.teamId')
    .leftJoin('setting as s', 's.id', 'u.settingId')
    .select([
      'u.id',
      'u.email',
      'u.givenName',
      'u.familyName',
      'u.role',
      'u.active',
      'o.name as organisationName',
      't.name as teamName',
      's.name as settingName',
    ])
    .orderBy('u.familyName')
    .orderBy('u.givenName')
    .execute();
}

export function findUser(db: Db, id: string) {
  return db
    .selectFrom('authAccount as u')
    .leftJoin('organisation as o', 'o.id', 'u.organisationId')
    .leftJoin('team as t', 't.id', 'u.teamId')
    .leftJoin('setting as s', 's.id', 'u.settingId')
    .select([
      'u.id',
      'u.email',
      'u.givenName',
      'u.familyName',
      'u.role',
      'u.active',
      'o.code as organisationCode',
      't.code as teamCode',
      's.urn as settingUrn',
    ])
    .where('u.id', '=', id)
    .executeTakeFirst();
}

export function settingOwnTerms(db: Executor, settingId: number) {
  return db
    .selectFrom('settingTerm')
    .select(['id', 'name', 'startsOn', 'endsOn'])
    .where('settingId', '=', settingId)
    .orderBy('startsOn')
    .execute();
}

/** A setting's calendar: its own terms if it keeps any, else the local authority's; its closures. */
export async function settingCalendar(db: Executor, settingId: number, schoolDayStartsAt: string) {
  const [laTerms, ownTerms, closures] = await Promise.all([
    listTerms(db),
    settingOwnTerms(db, settingId),
    settingClosures(db, settingId),
  ]);
  const terms = ownTerms.length ? ownTerms : laTerms;
  return {
    schoolDayStartsAt: schoolDayStartsAt.slice(0, 5),
    terms: terms.map((t) => ({ start: t.startsOn, end: t.endsOn })),
    closures: closures.map((c) => c.date),
  };
}

/** How many settings of each phase the partnership has (for the yearly report). */
export async function settingsByPhase(db: Db) {
  const rows = await db
    .selectFrom('setting')
    .select(['phase', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('phase')
    .execute();
  return new Map(rows.map((r) => [r.phase, Number(r.n)]));
}
