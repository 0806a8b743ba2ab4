/**
 * Operation Encompass's SQL, through Kysely only (the monitoring dashboard's and enrolment's are in
 * monitoring/queries.ts). It names Operation Encompass's own tables, the registry's published
 * views (registry_*) and the published functions; never another module's table.
 */
import {
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  type RawBuilder,
  type Transaction,
  type Updateable,
  sql,
} from 'kysely';
import type { Db } from '../../platform/db/client.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { RoutingCandidate as IndexCandidate } from '../children/index.ts';
import type {
  EncompassChildTable,
  EncompassEnrolmentTable,
  EncompassIncidentTable,
  EncompassNoticeTable,
  EnrolmentStatus,
  NoticeStatus,
} from './tables.ts';

type Executor = Kysely<Database>;
type KeyAdultRole = 'dsl' | 'deputy_dsl' | 'head';

// ---------------------------------------------------------------------------------------------
// Routing an incident

export interface RoutingTeam {
  id: number;
  kind: 'health_visiting' | 'family_front_door';
  email: string;
  name: string;
}

/** A child of the index with exactly the identifiers given, its setting, and that setting's enrolment. */
export type RoutingCandidate = IndexCandidate & { encompassStatus: EnrolmentStatus | null };

/** What routing an incident needs, in one round trip (encompass_routing_context, migrations 0012 and 0015). */
export interface RoutingContext {
  referenceTaken: boolean;
  incidentDistrict: { id: number; name: string } | null;
  teams: RoutingTeam[];
  terms: { start: string; end: string }[];
  /** For each child in the order given: the index's children with exactly its identifiers. */
  children: RoutingCandidate[][];
}

export async function routingContext(
  db: Executor,
  incident: {
    policeReference: string;
    /** The recording force: a reference is unique within it. */
    organisationId: number;
    districtCode: string;
    children: readonly {
      givenName: string;
      familyName: string;
      dateOfBirth: string;
      nhsNumber?: string | undefined;
      upn?: string | undefined;
    }[];
  },
  date: string,
): Promise<RoutingContext> {
  const children = incident.children.map((c) => ({
    givenName: c.givenName,
    familyName: c.familyName,
    dateOfBirth: c.dateOfBirth,
    nhsNumber: c.nhsNumber ?? null,
    upn: c.upn ?? null,
  }));
  const { rows } = await sql<{ context: RoutingContext }>`SELECT encompass_routing_context(
      ${incident.policeReference}::text, ${incident.organisationId}::integer, ${incident.districtCode}::text, ${JSON.stringify(children)}::jsonb, ${date}::date) AS context`.execute(
    db,
  );
  return rows[0]!.context;
}

/** A setting the coordinator names by URN, with its enrolment and closures, for sending a notice on. */
export async function settingForRouting(db: Executor, urn: string) {
  const setting = await db
    .selectFrom('registrySetting as s')
    .leftJoin('encompassEnrolment as e', 'e.settingId', 's.id')
    .select((eb) => [
      's.id',
      's.name',
      's.schoolDayStartsAt',
      sql<EnrolmentStatus>`coalesce(e.status, 'not_joined')`.as('encompassStatus'),
      eb
        .selectFrom('registrySettingClosure as c')
        .select(sql<string[]>`coalesce(array_agg(c.date::text ORDER BY c.date), '{}')`.as('dates'))
        .whereRef('c.settingId', '=', 's.id')
        .as('closures'),
      eb
        .selectFrom('registrySettingTerm as t')
        .select(
          sql<
            { start: string; end: string }[] | null
          >`jsonb_agg(jsonb_build_object('start', t.starts_on, 'end', t.ends_on) ORDER BY t.starts_on)`.as(
            'terms',
          ),
        )
        .whereRef('t.settingId', '=', 's.id')
        .as('ownTerms'),
    ])
    .where('s.urn', '=', urn)
    .executeTakeFirst();
  return setting && { ...setting, closures: setting.closures ?? [], ownTerms: setting.ownTerms ?? [] };
}

/** The local authority's terms: every setting's calendar. */
export async function terms(db: Executor) {
  const rows = await db
    .selectFrom('registryTerm')
    .select(['startsOn', 'endsOn'])
    .orderBy('startsOn')
    .execute();
  return rows.map((t) => ({ start: t.startsOn, end: t.endsOn }));
}

export function teamByCode(db: Executor, code: string) {
  return db.selectFrom('registryTeam').select(['id', 'kind']).where('code', '=', code).executeTakeFirst();
}

/** Every setting by name, for the coordinator to choose the child's (by name, not URN). */
export function settingsByName(db: Executor) {
  return db.selectFrom('registrySetting').select(['urn', 'name']).orderBy('name').orderBy('urn').execute();
}

/** Teams a coordinator can send a notice to. */
export function routingTeams(db: Executor) {
  return db
    .selectFrom('registryTeam')
    .select(['code', 'name', 'kind'])
    .where('kind', 'in', ['health_visiting', 'family_front_door'])
    .orderBy('name')
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Who a notice's emails go to

export function keyAdultEmails(db: Executor, settingId: number, roles: readonly KeyAdultRole[]) {
  return db
    .selectFrom('registrySettingStaff')
    .select('email')
    .where('settingId', '=', settingId)
    .where('staffRole', 'in', roles)
    .execute();
}

/** A setting's name and safeguarding address with the emails of the Key Adults in these roles. */
export function settingWithKeyAdults(db: Executor, settingId: number, roles: readonly KeyAdultRole[]) {
  return db
    .selectFrom('registrySetting as s')
    .select((eb) => [
      's.name',
      's.safeguardingEmail',
      eb
        .selectFrom('registrySettingStaff as p')
        .select(sql<string[]>`coalesce(array_agg(p.email), '{}')`.as('emails'))
        .whereRef('p.settingId', '=', 's.id')
        .where('p.staffRole', 'in', roles)
        .as('keyAdults'),
    ])
    .where('s.id', '=', settingId)
    .executeTakeFirstOrThrow();
}

export function settingName(db: Executor, settingId: number) {
  return db
    .selectFrom('registrySetting')
    .select('name')
    .where('id', '=', settingId)
    .executeTakeFirstOrThrow();
}

export function teamMailbox(db: Executor, teamId: number) {
  return db
    .selectFrom('registryTeam')
    .select(['name', 'email'])
    .where('id', '=', teamId)
    .executeTakeFirstOrThrow();
}

// ---------------------------------------------------------------------------------------------
// Incidents

/**
 * The incident, its children, their notices and the audit entries in one statement: its foreign
 * keys are checked at its end, when all of it is done.
 */
export function insertIncident(
  trx: Transaction<Database>,
  incident: Insertable<EncompassIncidentTable>,
  children: Insertable<EncompassChildTable>[],
  notices: Insertable<EncompassNoticeTable>[],
  audit: RawBuilder<number>,
) {
  return trx
    .with('incident', (db) => db.insertInto('encompassIncident').values(incident))
    .with('recorded_child', (db) => db.insertInto('encompassChild').values(children))
    .with('notice', (db) => db.insertInto('encompassNotice').values(notices))
    .selectNoFrom(audit.as('audited'))
    .executeTakeFirstOrThrow();
}

/** The incident, locked for a correction, with its district's code. */
export function incidentForUpdate(trx: Transaction<Database>, id: string) {
  return trx
    .selectFrom('encompassIncident as i')
    .innerJoin('registryDistrict as d', 'd.id', 'i.districtId')
    .selectAll('i')
    .select('d.code as districtCode')
    .where('i.id', '=', id)
    .forUpdate('i')
    .executeTakeFirst();
}

export function updateIncident(
  trx: Transaction<Database>,
  id: string,
  fields: Pick<EncompassIncidentTable, 'occurredAt' | 'place' | 'circumstances' | 'riskLevel' | 'amendedAt'>,
) {
  return trx.updateTable('encompassIncident').set(fields).where('id', '=', id).execute();
}

export function insertAmendment(
  trx: Transaction<Database>,
  amendment: Insertable<Database['encompassAmendment']>,
) {
  return trx.insertInto('encompassAmendment').values(amendment).execute();
}

/** An incident's amendments; with `encompassChildId`, those a notice about that child's recipient is told of. */
export function amendments(db: Executor, incidentId: string, encompassChildId?: string) {
  let query = db.selectFrom('encompassAmendment').selectAll().where('incidentId', '=', incidentId);
  // A correction of another child's details is not this notice's business.
  if (encompassChildId !== undefined)
    query = query.where((eb) =>
      eb.or([eb('encompassChildId', 'is', null), eb('encompassChildId', '=', encompassChildId)]),
    );
  return query.orderBy('amendedAt').execute();
}

/** A notice and its child as the police recorded it, locked for a correction of the child's details. */
export function noticeChildForUpdate(trx: Transaction<Database>, noticeId: string) {
  return trx
    .selectFrom('encompassNotice as n')
    .innerJoin('encompassChild as c', 'c.id', 'n.encompassChildId')
    .select([
      'n.id',
      'n.incidentId',
      'n.status',
      'n.recipient',
      'n.settingId',
      'n.teamId',
      'n.routedByHandAt',
      'c.id as encompassChildId',
      'c.givenName',
      'c.familyName',
      'c.dateOfBirth',
      'c.nhsNumber',
      'c.childId',
    ])
    .where('n.id', '=', noticeId)
    .forUpdate(['n', 'c'])
    .executeTakeFirst();
}

/** Corrects the child's details as the police recorded them, with the index's new match. */
export function updateEncompassChild(
  trx: Transaction<Database>,
  id: string,
  fields: Updateable<EncompassChildTable>,
) {
  return trx.updateTable('encompassChild').set(fields).where('id', '=', id).execute();
}

/** The incident's children as the police recorded them, each with its notice and how it stands. */
export function childrenWithNotices(db: Executor, incidentId: string) {
  return db
    .selectFrom('encompassChild as c')
    .innerJoin('encompassNotice as n', 'n.encompassChildId', 'c.id')
    .select([
      'c.givenName',
      'c.familyName',
      'c.dateOfBirth',
      'c.nhsNumber',
      'n.recipient',
      'n.settingId',
      'n.teamId',
      'n.status',
      'n.routedByHandAt',
    ])
    .where('c.incidentId', '=', incidentId)
    .orderBy('c.id')
    .execute();
}

export function findIncident(db: Executor, id: string) {
  return db
    .selectFrom('encompassIncident as i')
    .innerJoin('registryDistrict as d', 'd.id', 'i.districtId')
    .selectAll('i')
    .select('d.name as districtName')
    .where('i.id', '=', id)
    .executeTakeFirst();
}

/** The force's own incident with this police reference, whatever its case. */
export function incidentByReference(db: Executor, organisationId: number, policeReference: string) {
  return db
    .selectFrom('encompassIncident')
    .select(['id', 'organisationId'])
    .where('organisationId', '=', organisationId)
    .where((eb) => eb(eb.fn<string>('upper', ['policeReference']), '=', policeReference.toUpperCase()))
    .executeTakeFirst();
}

/** An incident as the police API returns it. */
export function incidentForApi(db: Executor, id: string) {
  return db
    .selectFrom('encompassIncident')
    .select([
      'id',
      'policeReference',
      'occurredAt',
      'attendedAt',
      'recordedAt',
      'riskLevel',
      'organisationId',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** An incident's notices as the police API returns them: how each stands, nothing of the child. */
export function noticesForApi(db: Executor, incidentId: string) {
  return db
    .selectFrom('encompassNotice')
    .select([
      'id',
      'recipient',
      'status',
      'dueAt',
      'createdAt',
      'sentAt',
      'firstViewedAt',
      'acknowledgedAt',
      'escalatedAt',
      'withdrawnAt',
      'action',
    ])
    .where('incidentId', '=', incidentId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Notices

/** Notices with the child they are about and the setting or team they went to. */
function noticesWithRecipients(db: Executor) {
  return db
    .selectFrom('encompassNotice as n')
    .innerJoin('encompassChild as c', 'c.id', 'n.encompassChildId')
    .leftJoin('registrySetting as s', 's.id', 'n.settingId')
    .leftJoin('registryTeam as t', 't.id', 'n.teamId');
}

export function noticesOfIncident(db: Executor, incidentId: string) {
  return noticesWithRecipients(db)
    .select([
      'n.id',
      'n.recipient',
      'n.status',
      'n.routingReason',
      'n.dueAt',
      'n.createdAt',
      'n.sentAt',
      'n.firstViewedAt',
      'n.acknowledgedAt',
      'n.action',
      'n.escalatedAt',
      'c.givenName',
      'c.familyName',
      'c.childId',
      's.name as settingName',
      't.name as teamName',
    ])
    .where('n.incidentId', '=', incidentId)
    .orderBy('c.familyName')
    .execute();
}

export interface NoticeFilter {
  settingId?: number;
  teamId?: number;
  statuses?: readonly NoticeStatus[];
  overdueAt?: Date;
}

/** Notices for a recipient's list: never the child's details beyond a name and date of birth. */
export function listNotices(db: Db, filter: NoticeFilter, limit = 200) {
  let query = noticesWithRecipients(db)
    .innerJoin('encompassIncident as i', 'i.id', 'n.incidentId')
    .select([
      'n.id',
      'n.status',
      'n.recipient',
      'n.routingReason',
      'n.dueAt',
      'n.createdAt',
      'n.firstViewedAt',
      'n.acknowledgedAt',
      'n.escalatedAt',
      'n.readAgainSince',
      'c.givenName',
      'c.familyName',
      'c.dateOfBirth',
      'c.childId',
      'i.policeReference',
      'i.occurredAt',
      's.name as settingName',
      't.name as teamName',
    ])
    .orderBy('n.createdAt', 'desc')
    .limit(limit);
  if (filter.settingId !== undefined)
    query = query.where('n.settingId', '=', filter.settingId).where('n.recipient', '=', 'setting');
  if (filter.teamId !== undefined) query = query.where('n.teamId', '=', filter.teamId);
  if (filter.statuses) query = query.where('n.status', 'in', filter.statuses);
  if (filter.overdueAt) query = query.where('n.status', '=', 'sent').where('n.dueAt', '<', filter.overdueAt);
  return query.execute();
}

export function findNotice(db: Executor, id: string) {
  return noticesWithRecipients(db)
    .innerJoin('encompassIncident as i', 'i.id', 'n.incidentId')
    .select([
      'n.id',
      'n.incidentId',
      'n.encompassChildId',
      'n.status',
      'n.recipient',
      'n.settingId',
      'n.teamId',
      'n.routingReason',
      'n.dueAt',
      'n.createdAt',
      'n.firstViewedAt',
      'n.acknowledgedAt',
      'n.action',
      'n.actionNote',
      'n.feedback',
      'n.feedbackNote',
      'n.escalatedAt',
      'n.readAgainSince',
      'c.givenName',
      'c.familyName',
      'c.dateOfBirth',
      'c.address',
      'c.postcode',
      'c.nhsNumber',
      'c.match',
      'c.presence',
      'c.spokenTo',
      'c.childVoice',
      'c.demeanour',
      'c.injuries',
      'c.childId',
      'i.policeReference',
      'i.occurredAt',
      'i.place',
      'i.circumstances',
      'i.riskLevel',
      'i.amendedAt',
      's.name as settingName',
      't.name as teamName',
    ])
    .where('n.id', '=', id)
    .executeTakeFirst();
}

/** What the police recorded to identify a notice's child: for the coordinator to find them in the index. */
export function noticeChildIdentity(db: Executor, noticeId: string) {
  return db
    .selectFrom('encompassNotice as n')
    .innerJoin('encompassChild as c', 'c.id', 'n.encompassChildId')
    .select([
      'c.givenName',
      'c.familyName',
      'c.dateOfBirth',
      'c.address',
      'c.postcode',
      'c.nhsNumber',
      'c.childId',
    ])
    .where('n.id', '=', noticeId)
    .executeTakeFirst();
}

/** A notice locked for a change of state: its state, its child in the index, its incident's recording. */
export function noticeForUpdate(trx: Transaction<Database>, id: string) {
  return trx
    .selectFrom('encompassNotice as n')
    .innerJoin('encompassChild as c', 'c.id', 'n.encompassChildId')
    .innerJoin('encompassIncident as i', 'i.id', 'n.incidentId')
    .select(['n.id', 'n.status', 'c.childId', 'i.recordedAt', 'i.attendedAt'])
    .where('n.id', '=', id)
    .forUpdate('n')
    .executeTakeFirst();
}

/** Changes a notice (its state and what goes with it). */
export function updateNotice(
  trx: Transaction<Database>,
  id: string,
  fields: Updateable<EncompassNoticeTable>,
) {
  return trx.updateTable('encompassNotice').set(fields).where('id', '=', id).execute();
}

/** The police changed these notices: a recipient who had read one is asked to read it again. */
export function askToReadAgain(trx: Transaction<Database>, ids: string[], now: Date) {
  if (!ids.length) return Promise.resolve([]);
  return trx
    .updateTable('encompassNotice')
    .set({ readAgainSince: now })
    .where('id', 'in', ids)
    .where('firstViewedAt', 'is not', null)
    .execute();
}

/** Its recipient opened it again: nothing new to read. */
export function markReadAgain(trx: Transaction<Database>, id: string) {
  return trx.updateTable('encompassNotice').set({ readAgainSince: null }).where('id', '=', id).execute();
}

export function markFirstViewed(trx: Transaction<Database>, id: string, now: Date) {
  return trx
    .updateTable('encompassNotice')
    .set({ firstViewedAt: now })
    .where('id', '=', id)
    .where('firstViewedAt', 'is', null)
    .execute();
}

/** The notices of an incident in these states, with where they went. */
export function noticesInStates(
  trx: Transaction<Database>,
  incidentId: string,
  states: readonly NoticeStatus[],
) {
  return trx
    .selectFrom('encompassNotice')
    .select(['id', 'recipient', 'settingId', 'teamId', 'dueAt'])
    .where('incidentId', '=', incidentId)
    .where('status', 'in', states)
    .execute();
}

/**
 * Marks as escalated the notices to settings, in a state that may be escalated, due by now and not
 * yet escalated (or just the one named): idempotent.
 */
export function escalateDue(
  trx: Transaction<Database>,
  now: Date,
  states: readonly NoticeStatus[],
  noticeId?: string,
) {
  let query = trx
    .updateTable('encompassNotice')
    .set({ escalatedAt: now })
    .where('status', 'in', states)
    .where('recipient', '=', 'setting')
    .where('escalatedAt', 'is', null)
    .where('dueAt', '<=', now)
    .returning(['id', 'settingId']);
  if (noticeId) query = query.where('id', '=', noticeId);
  return query.execute();
}

/** What escalateDue would escalate at `now`, changing nothing: for the coordinator's dry run. */
export function dueForEscalation(db: Executor, now: Date, states: readonly NoticeStatus[]) {
  return db
    .selectFrom('encompassNotice as n')
    .innerJoin('encompassIncident as i', 'i.id', 'n.incidentId')
    .innerJoin('registrySetting as s', 's.id', 'n.settingId')
    .select(['n.id', 'n.dueAt', 'i.policeReference', 's.name as settingName'])
    .where('n.status', 'in', states)
    .where('n.recipient', '=', 'setting')
    .where('n.escalatedAt', 'is', null)
    .where('n.dueAt', '<=', now)
    .orderBy('n.dueAt')
    .orderBy('n.id')
    .execute();
}

export function noticeDeadline(db: Executor, id: string) {
  return db
    .selectFrom('encompassNotice')
    .select(['status', 'dueAt', 'escalatedAt'])
    .where('id', '=', id)
    .executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// Machine clients of the police API

export function organisationByCode(db: Executor, code: string) {
  return db
    .selectFrom('registryOrganisation')
    .select(['id', 'kind'])
    .where((eb) => eb(eb.fn<string>('upper', ['code']), '=', code.trim().toUpperCase()))
    .executeTakeFirst();
}

export async function insertApiClient(trx: Transaction<Database>, client: Insertable<Database['apiClient']>) {
  const row = await trx.insertInto('apiClient').values(client).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function activeApiClientByTokenHash(db: Executor, tokenHash: string) {
  return db
    .selectFrom('apiClient')
    .select(['id', 'name', 'organisationId', 'scopes', 'lastUsedAt'])
    .where('tokenHash', '=', tokenHash)
    .where('active', '=', true)
    .executeTakeFirst();
}

/** Notes a client's use, unless another request noted it since `staleBefore` (concurrent requests race here). */
export function touchApiClient(db: Executor, id: string, now: Date, staleBefore: Date) {
  return db
    .updateTable('apiClient')
    .set({ lastUsedAt: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('lastUsedAt', 'is', null), eb('lastUsedAt', '<', staleBefore)]))
    .execute();
}

// ---------------------------------------------------------------------------------------------
// The demo partnership's enrolment

/** Every setting's id by its URN (the registry's published settings). */
export async function settingIdsByUrn(db: Executor): Promise<Map<string, number>> {
  const rows = await db.selectFrom('registrySetting').select(['id', 'urn']).execute();
  return new Map(rows.map((r) => [r.urn, r.id]));
}

export async function insertEnrolments(db: Executor, rows: Insertable<EncompassEnrolmentTable>[]) {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('encompassEnrolment')
      .values(rows.slice(i, i + 500))
      .execute();
}

// ---------------------------------------------------------------------------------------------
// The notice and incident lists: search, filters and a page (lists.ts reads them from the address)

export interface NoticeListQuery {
  scope: { settingId?: number; teamId?: number };
  /** The statuses the list may show at all (a recipient's: sent and acknowledged). */
  statuses: readonly NoticeStatus[];
  search?: string | undefined;
  recipient?: 'setting' | 'team' | 'coordinator' | undefined;
  overdueAt?: Date | undefined;
  acknowledgedOnTime?: boolean;
  occurred: { start?: Date; end?: Date };
  recorded: { start?: Date; end?: Date };
  offset: number;
  limit: number;
}

/** The notices a list's filters select, a page of them newest first, and how many there are. */
export async function noticeListPage(db: Db, query: NoticeListQuery) {
  let base = noticesWithRecipients(db)
    .innerJoin('encompassIncident as i', 'i.id', 'n.incidentId')
    .where('n.status', 'in', query.statuses);
  const { settingId, teamId } = query.scope;
  if (settingId !== undefined)
    base = base.where('n.settingId', '=', settingId).where('n.recipient', '=', 'setting');
  if (teamId !== undefined) base = base.where('n.teamId', '=', teamId);
  if (query.search) {
    const like = likeText(query.search);
    base = base.where((eb) =>
      eb.or([
        eb('i.policeReference', 'ilike', like),
        eb(sql<string>`c.given_name || ' ' || c.family_name`, 'ilike', like),
      ]),
    );
  }
  if (query.recipient === 'setting') base = base.where('n.recipient', '=', 'setting');
  if (query.recipient === 'team')
    base = base.where('n.recipient', 'in', ['health_visiting', 'family_front_door']);
  if (query.recipient === 'coordinator') base = base.where('n.recipient', '=', 'coordinator');
  if (query.overdueAt) base = base.where('n.status', '=', 'sent').where('n.dueAt', '<', query.overdueAt);
  if (query.acknowledgedOnTime) base = base.where(sql<boolean>`n.acknowledged_at <= n.due_at`);
  if (query.occurred.start) base = base.where('i.occurredAt', '>=', query.occurred.start);
  if (query.occurred.end) base = base.where('i.occurredAt', '<', query.occurred.end);
  if (query.recorded.start) base = base.where('i.recordedAt', '>=', query.recorded.start);
  if (query.recorded.end) base = base.where('i.recordedAt', '<', query.recorded.end);
  const [rows, total] = await Promise.all([
    base
      .select([
        'n.id',
        'n.status',
        'n.recipient',
        'n.dueAt',
        'n.createdAt',
        'n.acknowledgedAt',
        'n.escalatedAt',
        'n.readAgainSince',
        'c.givenName',
        'c.familyName',
        'c.dateOfBirth',
        'c.childId',
        'i.policeReference',
        'i.occurredAt',
        's.name as settingName',
        't.name as teamName',
      ])
      .orderBy('n.createdAt', 'desc')
      .orderBy('n.id')
      .offset(query.offset)
      .limit(query.limit)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export interface IncidentListQuery {
  organisationId: number | null;
  search?: string | undefined;
  status?: 'waiting' | 'acknowledged' | undefined;
  overdueAt?: Date | undefined;
  occurred: { start?: Date; end?: Date };
  recorded: { start?: Date; end?: Date };
  offset: number;
  limit: number;
}

/** The incidents a list's filters select (the force's own, or all), a page newest first, and how many. */
export async function incidentListPage(db: Db, query: IncidentListQuery) {
  let base = db.selectFrom('encompassIncident as i');
  if (query.organisationId !== null) base = base.where('i.organisationId', '=', query.organisationId);
  if (query.search) {
    const like = likeText(query.search);
    base = base.where((eb) =>
      eb.or([
        eb('i.policeReference', 'ilike', like),
        eb.exists(
          eb
            .selectFrom('encompassChild as c')
            .select(sql`1`.as('one'))
            .whereRef('c.incidentId', '=', 'i.id')
            .where(sql<string>`c.given_name || ' ' || c.family_name`, 'ilike', like),
        ),
      ]),
    );
  }
  // "Waiting": a notice not yet acknowledged (sent or held); "acknowledged": every live notice is.
  const unacknowledged = (eb: ExpressionBuilder<Database & { i: EncompassIncidentTable }, 'i'>) =>
    eb.exists(
      eb
        .selectFrom('encompassNotice as n')
        .select(sql`1`.as('one'))
        .whereRef('n.incidentId', '=', 'i.id')
        .where('n.status', 'in', ['sent', 'queued']),
    );
  if (query.status === 'waiting') base = base.where((eb) => unacknowledged(eb));
  if (query.status === 'acknowledged') base = base.where((eb) => eb.not(unacknowledged(eb)));
  if (query.overdueAt) {
    const at = query.overdueAt;
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom('encompassNotice as n')
          .select(sql`1`.as('one'))
          .whereRef('n.incidentId', '=', 'i.id')
          .where('n.status', '=', 'sent')
          .where('n.dueAt', '<', at),
      ),
    );
  }
  if (query.occurred.start) base = base.where('i.occurredAt', '>=', query.occurred.start);
  if (query.occurred.end) base = base.where('i.occurredAt', '<', query.occurred.end);
  if (query.recorded.start) base = base.where('i.recordedAt', '>=', query.recorded.start);
  if (query.recorded.end) base = base.where('i.recordedAt', '<', query.recorded.end);
  const [rows, total] = await Promise.all([
    base
      .select((eb) => [
        'i.id',
        'i.policeReference',
        'i.occurredAt',
        'i.recordedAt',
        'i.riskLevel',
        eb
          .selectFrom('encompassNotice as n')
          .whereRef('n.incidentId', '=', 'i.id')
          .where('n.status', '<>', 'withdrawn')
          .select(eb.fn.countAll<number>().as('n'))
          .as('notices'),
        eb
          .selectFrom('encompassNotice as n')
          .whereRef('n.incidentId', '=', 'i.id')
          .where('n.status', '=', 'acknowledged')
          .select(eb.fn.countAll<number>().as('n'))
          .as('acknowledged'),
      ])
      .orderBy('i.recordedAt', 'desc')
      .orderBy('i.id')
      .offset(query.offset)
      .limit(query.limit)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** A search's text for ILIKE anywhere in the value: its own %, _ and \ are literal. */
function likeText(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
