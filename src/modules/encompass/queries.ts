/** Operation Encompass's SQL, through Kysely only. */
import { type Kysely, sql } from 'kysely';
import type { Db } from '../../platform/db/client.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { RoutingCandidate } from '../children/index.ts';

type Executor = Kysely<Database>;

export interface RoutingTeam {
  id: number;
  kind: 'health_visiting' | 'family_front_door';
  email: string;
  name: string;
}

/** What routing an incident needs, in one round trip (encompass_routing_context, migration 0012). */
export interface RoutingContext {
  referenceTaken: boolean;
  district: { id: number; name: string } | null;
  teams: RoutingTeam[];
  terms: { start: string; end: string }[];
  /** For each child in the order given: the index's children with exactly its identifiers. */
  children: RoutingCandidate[][];
}

export async function routingContext(
  db: Executor,
  incident: {
    policeReference: string;
    districtCode: string;
    children: readonly { givenName: string; familyName: string; dateOfBirth: string; nhsNumber?: string | undefined; upn?: string | undefined }[];
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
      ${incident.policeReference}::text, ${incident.districtCode}::text, ${JSON.stringify(children)}::jsonb, ${date}::date) AS context`.execute(db);
  return rows[0]!.context;
}

export function keyAdultEmails(db: Executor, settingId: number, roles: readonly ('dsl' | 'deputy_dsl' | 'head')[]) {
  return db.selectFrom('settingStaff').select('email').where('settingId', '=', settingId).where('staffRole', 'in', roles).execute();
}

/** A setting's name and safeguarding address with the emails of the Key Adults in these roles. */
export function settingWithKeyAdults(db: Executor, settingId: number, roles: readonly ('dsl' | 'deputy_dsl' | 'head')[]) {
  return db
    .selectFrom('setting as s')
    .select((eb) => [
      's.name',
      's.safeguardingEmail',
      eb
        .selectFrom('settingStaff as p')
        .select(sql<string[]>`coalesce(array_agg(p.email), '{}')`.as('emails'))
        .whereRef('p.settingId', '=', 's.id')
        .where('p.staffRole', 'in', roles)
        .as('keyAdults'),
    ])
    .where('s.id', '=', settingId)
    .executeTakeFirstOrThrow();
}

/** The police force's incidents, newest first, with how their notices stand. */
export function incidentsForForce(db: Db, organisationId: number | null, limit = 100) {
  let query = db
    .selectFrom('encompassIncident as i')
    .select((eb) => [
      'i.id',
      'i.policeReference',
      'i.occurredAt',
      'i.recordedAt',
      'i.riskLevel',
      eb.selectFrom('encompassNotice as n').whereRef('n.incidentId', '=', 'i.id').select(eb.fn.countAll<number>().as('n')).as('notices'),
      eb
        .selectFrom('encompassNotice as n')
        .whereRef('n.incidentId', '=', 'i.id')
        .where('n.status', '=', 'acknowledged')
        .select(eb.fn.countAll<number>().as('n'))
        .as('acknowledged'),
    ])
    .orderBy('i.recordedAt', 'desc')
    .limit(limit);
  if (organisationId !== null) query = query.where('i.organisationId', '=', organisationId);
  return query.execute();
}

/** Notices with the child they are about and the setting or team they went to. */
function noticesWithRecipients(db: Executor) {
  return db
    .selectFrom('encompassNotice as n')
    .innerJoin('encompassChild as c', 'c.id', 'n.encompassChildId')
    .leftJoin('setting as s', 's.id', 'n.settingId')
    .leftJoin('team as t', 't.id', 'n.teamId');
}

export function findIncident(db: Executor, id: string) {
  return db
    .selectFrom('encompassIncident as i')
    .innerJoin('district as d', 'd.id', 'i.districtId')
    .selectAll('i')
    .select('d.name as districtName')
    .where('i.id', '=', id)
    .executeTakeFirst();
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
  statuses?: readonly string[];
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
  if (filter.settingId !== undefined) query = query.where('n.settingId', '=', filter.settingId).where('n.recipient', '=', 'setting');
  if (filter.teamId !== undefined) query = query.where('n.teamId', '=', filter.teamId);
  if (filter.statuses) query = query.where('n.status', 'in', filter.statuses as ('sent' | 'acknowledged' | 'withdrawn' | 'queued')[]);
  if (filter.overdueAt) query = query.where('n.status', '=', 'sent').where('n.dueAt', '<', filter.overdueAt);
  return query.execute();
}

export function findNotice(db: Executor, id: string) {
  return noticesWithRecipients(db)
    .innerJoin('encompassIncident as i', 'i.id', 'n.incidentId')
    .select([
      'n.id',
      'n.incidentId',
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
      'c.givenName',
      'c.familyName',
      'c.dateOfBirth',
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
    .select(['c.givenName', 'c.familyName', 'c.dateOfBirth', 'c.address', 'c.postcode', 'c.nhsNumber', 'c.childId'])
    .where('n.id', '=', noticeId)
    .executeTakeFirst();
}
