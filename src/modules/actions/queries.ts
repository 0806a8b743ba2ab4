/**
 * The action tracker's SQL, through Kysely only. It names the module's own tables and the
 * registry's published views (registry_organisation), never another module's table.
 */
import { type Insertable, type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { ActionTable } from './tables.ts';

type Executor = Kysely<Database>;

export async function insertActions(executor: Executor, rows: Insertable<ActionTable>[]) {
  if (!rows.length) return [];
  return executor.insertInto('actionItem').values(rows).returning('id').execute();
}

/** The columns an action's summary needs, with its owning agency's name. */
export function actionSummaries(executor: Executor) {
  return executor
    .selectFrom('actionItem as a')
    .leftJoin('registryOrganisation as o', 'o.id', 'a.owningOrganisationId')
    .select([
      'a.id',
      'a.description',
      'a.status',
      'a.dueOn',
      'a.ownerName',
      'a.ownerUserId',
      'a.measurableOutcome',
      'a.owningOrganisationId',
      'o.name as owningOrganisationName',
      'a.sourceModule',
      'a.sourceType',
      'a.sourceId',
      'a.sourceLabel',
      'a.sourceHref',
      'a.createdOn',
      'a.doneOn',
      'a.droppedOn',
      'a.droppedReason',
    ]);
}

export type ActionRow = Awaited<ReturnType<ReturnType<typeof actionSummaries>['executeTakeFirstOrThrow']>>;

export async function actionsOfSource(executor: Executor, module: string, type: string, id: string) {
  return actionSummaries(executor)
    .where('a.sourceModule', '=', module)
    .where('a.sourceType', '=', type)
    .where('a.sourceId', '=', id)
    .orderBy('a.id')
    .execute();
}

/** One action, with its owning agency's teams (the policy's facts for team-scoped users). */
export async function actionById(executor: Executor, id: number) {
  return actionSummaries(executor)
    .select((eb) =>
      eb
        .selectFrom('registryTeam as t')
        .whereRef('t.organisationId', '=', 'a.owningOrganisationId')
        .select(sql<number[]>`coalesce(array_agg(t.id ORDER BY t.id), '{}')`.as('ids'))
        .as('owningTeamIds'),
    )
    .where('a.id', '=', id)
    .executeTakeFirst();
}

/** Which agency a list is for: one, or (partnership roles' overdue list) every agency. */
export type AgencyFilter = { organisationId: number } | { all: true };

/**
 * An agency's open actions, overdue first: ordering by due date puts every overdue one (due
 * before today) ahead of the rest; those without a due date come last.
 */
export async function openActionsOfAgency(
  executor: Executor,
  organisationId: number,
  today: string,
  limit: number,
  offset: number,
) {
  // The agency's counts ride along on every row (computed once): one round trip for the page.
  return actionSummaries(executor)
    .select([
      sql<number>`(SELECT count(*) FROM action_item x WHERE x.status = 'open' AND x.owning_organisation_id = ${organisationId})::int`.as(
        'listOpen',
      ),
      sql<number>`(SELECT count(*) FROM action_item x WHERE x.status = 'open' AND x.owning_organisation_id = ${organisationId} AND x.due_on < ${today})::int`.as(
        'listOverdue',
      ),
    ])
    .where('a.status', '=', 'open')
    .where('a.owningOrganisationId', '=', organisationId)
    .orderBy(sql`a.due_on ASC NULLS LAST`)
    .orderBy('a.id')
    .limit(limit)
    .offset(offset)
    .execute();
}

/** How many open actions an agency has, and how many of them are overdue. */
export async function openCountsOfAgency(executor: Executor, organisationId: number, today: string) {
  const row = await executor
    .selectFrom('actionItem')
    .select([
      sql<number>`count(*)::int`.as('open'),
      sql<number>`count(*) FILTER (WHERE due_on < ${today})::int`.as('overdue'),
    ])
    .where('status', '=', 'open')
    .where('owningOrganisationId', '=', organisationId)
    .executeTakeFirstOrThrow();
  return { open: Number(row.open), overdue: Number(row.overdue) };
}

/** Open actions past their due date, longest overdue first. */
export async function overdueActions(
  executor: Executor,
  filter: AgencyFilter,
  today: string,
  limit: number,
  offset: number,
) {
  const agency = 'organisationId' in filter ? filter.organisationId : null;
  // The count rides along on every row (computed once): one round trip for the page.
  let query = actionSummaries(executor)
    .select(
      sql<number>`(SELECT count(*) FROM action_item x WHERE x.status = 'open' AND x.due_on < ${today} AND (${agency}::int IS NULL OR x.owning_organisation_id = ${agency}::int))::int`.as(
        'listOverdue',
      ),
    )
    .where('a.status', '=', 'open')
    .where('a.dueOn', '<', today);
  if (agency != null) query = query.where('a.owningOrganisationId', '=', agency);
  return query.orderBy('a.dueOn').orderBy('a.id').limit(limit).offset(offset).execute();
}

export async function overdueCount(executor: Executor, filter: AgencyFilter, today: string) {
  let query = executor
    .selectFrom('actionItem')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('status', '=', 'open')
    .where('dueOn', '<', today);
  if ('organisationId' in filter) query = query.where('owningOrganisationId', '=', filter.organisationId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

export async function organisations(executor: Executor) {
  return executor.selectFrom('registryOrganisation').select(['id', 'name']).orderBy('name').execute();
}

export async function updatesOf(executor: Executor, actionId: number) {
  return executor
    .selectFrom('actionUpdate')
    .select([
      'id',
      'recordedAt',
      'recordedByName',
      'note',
      'link',
      'fileName',
      'fileType',
      'statusChange',
      sql<number | null>`octet_length(file_content)`.as('fileSize'),
    ])
    .where('actionItemId', '=', actionId)
    .orderBy('recordedAt')
    .orderBy('id')
    .execute();
}

export async function updateFile(executor: Executor, actionId: number, updateId: number) {
  return executor
    .selectFrom('actionUpdate')
    .select(['fileName', 'fileType', 'fileContent'])
    .where('actionItemId', '=', actionId)
    .where('id', '=', updateId)
    .where('fileContent', 'is not', null)
    .executeTakeFirst();
}

export async function impactsOf(executor: Executor, actionId: number) {
  return executor
    .selectFrom('actionImpact')
    .select(['id', 'judgement', 'evidence', 'judgedOn', 'judgedByName', 'recordedAt'])
    .where('actionItemId', '=', actionId)
    .orderBy('judgedOn', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/**
 * The figures, by agency: actions open (and of those overdue), done and dropped, not SMART, and
 * the latest impact judgement of done ones. `createdBy` limits to actions agreed by that date;
 * status is as it stands today.
 */
export async function figuresByAgency(
  executor: Executor,
  today: string,
  filter: { from?: string; to?: string; sourceModule?: string } = {},
) {
  let query = executor
    .selectFrom('actionItem as a')
    .leftJoin('registryOrganisation as o', 'o.id', 'a.owningOrganisationId')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('actionImpact')
          .distinctOn('actionItemId')
          .select(['actionItemId', 'judgement'])
          .orderBy('actionItemId')
          .orderBy('judgedOn', 'desc')
          .orderBy('id', 'desc')
          .as('i'),
      (join) => join.onRef('i.actionItemId', '=', 'a.id'),
    )
    .select([
      'a.owningOrganisationId as organisationId',
      sql<string>`coalesce(o.name, 'No owning agency')`.as('agency'),
      sql<number>`count(*)::int`.as('total'),
      sql<number>`count(*) FILTER (WHERE a.status = 'open')::int`.as('open'),
      sql<number>`count(*) FILTER (WHERE a.status = 'open' AND a.due_on < ${today})::int`.as('overdue'),
      sql<number>`count(*) FILTER (WHERE a.status = 'done')::int`.as('done'),
      sql<number>`count(*) FILTER (WHERE a.status = 'dropped')::int`.as('dropped'),
      sql<number>`count(*) FILTER (WHERE a.owning_organisation_id IS NULL OR coalesce(trim(a.owner_name), '') = '' AND a.owner_user_id IS NULL OR a.due_on IS NULL OR coalesce(trim(a.measurable_outcome), '') = '')::int`.as(
        'notSmart',
      ),
      sql<number>`count(*) FILTER (WHERE i.judgement = 'embedded')::int`.as('embedded'),
      sql<number>`count(*) FILTER (WHERE i.judgement = 'partly')::int`.as('partly'),
      sql<number>`count(*) FILTER (WHERE i.judgement = 'not_evidenced')::int`.as('notEvidenced'),
    ])
    .groupBy(['a.owningOrganisationId', 'o.name'])
    .orderBy(sql`coalesce(o.name, 'zzz')`);
  if (filter.from) query = query.where('a.createdOn', '>=', filter.from);
  if (filter.to) query = query.where('a.createdOn', '<=', filter.to);
  if (filter.sourceModule) query = query.where('a.sourceModule', '=', filter.sourceModule);
  return query.execute();
}

export type AgencyFigures = Awaited<ReturnType<typeof figuresByAgency>>[number];

/**
 * Open actions whose reminder is due: a week before the due date (for actions agreed at least a
 * week before it), and the day it became overdue (the day after the due date). A day the sweep
 * missed is caught up within the week; each reminder goes once per due date.
 */
export async function remindersDue(executor: Executor, today: string) {
  const rows = await sql<{ id: number; dueOn: string; kind: 'week_before' | 'overdue' }>`
    SELECT a.id, a.due_on AS "dueOn", k.kind
    FROM action_item a
    CROSS JOIN LATERAL (SELECT CASE WHEN a.due_on < ${today}::date THEN 'overdue' ELSE 'week_before' END AS kind) k
    WHERE a.status = 'open'
      AND (
        (a.due_on BETWEEN ${today}::date AND ${today}::date + 7 AND a.created_on <= a.due_on - 7)
        OR a.due_on BETWEEN ${today}::date - 7 AND ${today}::date - 1
      )
      AND NOT EXISTS (
        SELECT 1 FROM action_reminder r
        WHERE r.action_item_id = a.id AND r.due_on = a.due_on AND r.kind = k.kind
      )
    ORDER BY a.id`.execute(executor);
  return rows.rows;
}

/** Where an action's reminders go: the agency's lead and the owner's account, if either. */
export async function reminderRecipients(executor: Executor, actionId: number) {
  return executor
    .selectFrom('actionItem as a')
    .leftJoin('actionAgencyLead as l', 'l.organisationId', 'a.owningOrganisationId')
    .leftJoin('authAccount as u', (join) =>
      join.onRef('u.id', '=', 'a.ownerUserId').on('u.active', '=', true),
    )
    .leftJoin('registryOrganisation as o', 'o.id', 'a.owningOrganisationId')
    .select([
      'a.id',
      'a.status',
      'a.dueOn',
      'l.email as leadEmail',
      'u.email as ownerEmail',
      'o.name as agency',
    ])
    .where('a.id', '=', actionId)
    .executeTakeFirst();
}

export async function agencyLeads(executor: Executor) {
  return executor
    .selectFrom('registryOrganisation as o')
    .leftJoin('actionAgencyLead as l', 'l.organisationId', 'o.id')
    .select(['o.id', 'o.name', 'l.name as leadName', 'l.email as leadEmail'])
    .orderBy('o.name')
    .execute();
}
