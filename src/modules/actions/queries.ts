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
