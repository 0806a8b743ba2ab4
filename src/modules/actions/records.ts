/**
 * The records behind the actions' yearly-report figures (issue 14): the actions agreed in the
 * period, as they stand today, filtered exactly as each figure counts them. Each action is shown
 * to whoever may open it (partnership roles: every agency; others: their own agency's).
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/client.ts';
import type { ReportPeriod } from '../../platform/modules/define-module.ts';
import {
  type RecordsFigure,
  type RecordsRow,
  recordsHref,
  reportRecordsRoutes,
} from '../yearly-report/index.ts';
import { ACTION_STATUS_LABELS } from './rules.ts';
import type { ActionsService } from './service.ts';

const BASE = '/actions/report-records';

interface Deps {
  db: Db;
  actions: ActionsService;
}

/** An action agreed in the period, with what each figure asks of it. */
interface Agreed {
  id: number;
  description: string;
  agency: string;
  organisationId: number | null;
  teamIds: number[];
  status: string;
  dueOn: string | null;
  createdOn: string;
  notSmart: boolean;
  judgement: string | null;
  sourceModule: string;
}

/** The actions agreed from `from` to `to` (both included), with the latest judgement of impact. */
async function agreedIn(db: Db, period: ReportPeriod): Promise<Agreed[]> {
  return db
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
    .select((eb) => [
      'a.id',
      'a.description',
      sql<string>`coalesce(o.name, 'No owning agency')`.as('agency'),
      'a.owningOrganisationId as organisationId',
      eb
        .selectFrom('registryTeam as t')
        .whereRef('t.organisationId', '=', 'a.owningOrganisationId')
        .select(sql<number[]>`coalesce(array_agg(t.id ORDER BY t.id), '{}')`.as('ids'))
        .as('teamIds'),
      'a.status',
      sql<string | null>`a.due_on::text`.as('dueOn'),
      sql<string>`a.created_on::text`.as('createdOn'),
      // Not SMART: as the figure counts it (no agency, no owner, no due date or no measurable outcome).
      sql<boolean>`(a.owning_organisation_id IS NULL OR coalesce(trim(a.owner_name), '') = '' AND a.owner_user_id IS NULL OR a.due_on IS NULL OR coalesce(trim(a.measurable_outcome), '') = '')`.as(
        'notSmart',
      ),
      sql<string | null>`i.judgement`.as('judgement'),
      'a.sourceModule',
    ])
    .where('a.createdOn', '>=', period.from)
    .where('a.createdOn', '<=', period.to)
    .orderBy('a.createdOn')
    .orderBy('a.id')
    .execute() as Promise<Agreed[]>;
}

const JUDGEMENTS: Record<string, string> = {
  embedded: 'Embedded',
  partly: 'Partly evidenced',
  not_evidenced: 'Not evidenced',
};

const row = (a: Agreed): RecordsRow => ({
  recordId: a.id,
  facts: { organisationIds: a.organisationId == null ? [] : [a.organisationId], teamIds: a.teamIds ?? [] },
  cells: [
    { text: `Action ${a.id}`, href: `/actions/${a.id}` },
    a.description,
    a.agency,
    a.createdOn,
    a.dueOn ?? 'No due date',
    ACTION_STATUS_LABELS[a.status as keyof typeof ACTION_STATUS_LABELS] ?? a.status,
    a.judgement ? (JUDGEMENTS[a.judgement] ?? a.judgement) : 'Not judged',
  ],
});

/** A figure: the actions agreed in the period that the test picks (today: for "overdue"). */
const figure = (
  label: string,
  definition: string,
  test: (a: Agreed, today: string) => boolean,
): RecordsFigure<Deps> => ({
  label,
  definition: `${definition} Actions agreed (created) on a day of the period, as they stand today.`,
  columns: ['Action', 'What', 'Owning agency', 'Agreed on', 'Due', 'Status', 'Impact'],
  async rows({ db, actions }, period) {
    const today = actions.today();
    return (await agreedIn(db, period)).filter((a) => test(a, today)).map(row);
  },
});

export const ACTIONS_FIGURES = {
  agreed: figure('Actions agreed in the year', 'Every action.', () => true),
  open: figure('Of which still open', 'Actions whose status is open.', (a) => a.status === 'open'),
  overdue: figure(
    'Of which overdue (open past their due date)',
    'Open actions whose due date is before today.',
    (a, today) => a.status === 'open' && a.dueOn !== null && a.dueOn < today,
  ),
  done: figure('Of which done', 'Actions whose status is done.', (a) => a.status === 'done'),
  dropped: figure('Of which dropped, with a reason', 'Actions dropped.', (a) => a.status === 'dropped'),
  'not-smart': figure(
    'Of which not SMART',
    'Actions with no owning agency, no owner, no due date or no measurable outcome.',
    (a) => a.notSmart,
  ),
  embedded: figure(
    'Done actions whose learning was judged embedded',
    'Actions whose latest judgement of impact is "embedded".',
    (a) => a.judgement === 'embedded',
  ),
  partly: figure(
    'Done actions judged partly evidenced',
    'Actions whose latest judgement of impact is "partly evidenced".',
    (a) => a.judgement === 'partly',
  ),
  'not-evidenced': figure(
    'Done actions judged not evidenced',
    'Actions whose latest judgement of impact is "not evidenced".',
    (a) => a.judgement === 'not_evidenced',
  ),
  // Other modules' figures of the actions from their own records (e.g. reviews' recommendations).
  ...fromSource('reviews', 'reviews’ recommendations'),
  ...fromSource('quality', 'multi-agency audits'),
} satisfies Record<string, RecordsFigure<Deps>>;

/** The actions a module's section counts: those whose source is that module. */
function fromSource<M extends string>(module: M, what: string) {
  const of = (a: Agreed) => a.sourceModule === module;
  return {
    [`${module}-agreed`]: figure(`Actions agreed from ${what}`, `Actions whose source is ${what}.`, of),
    [`${module}-open`]: figure(
      `Actions from ${what} still open`,
      `Actions whose source is ${what}, open.`,
      (a) => of(a) && a.status === 'open',
    ),
    [`${module}-done`]: figure(
      `Actions from ${what} done`,
      `Actions whose source is ${what}, done.`,
      (a) => of(a) && a.status === 'done',
    ),
    [`${module}-embedded`]: figure(
      `Actions from ${what} whose learning was judged embedded`,
      `Actions whose source is ${what} and whose latest judgement of impact is "embedded".`,
      (a) => of(a) && a.judgement === 'embedded',
    ),
  } as Record<`${M}-${'agreed' | 'open' | 'done' | 'embedded'}`, RecordsFigure<Deps>>;
}

export type ActionsFigure = keyof typeof ACTIONS_FIGURES;

export const actionsRecordsHref = (figure: ActionsFigure, period: ReportPeriod) =>
  recordsHref(BASE, figure, period);

export function actionsRecordsRoutes(app: FastifyInstance, services: Deps) {
  reportRecordsRoutes(app, services, {
    base: BASE,
    permission: 'action:view',
    recordType: 'action-report-records',
    caption: 'The action tracker',
    back: { text: 'Back to the overdue actions', href: '/actions/overdue' },
    figures: ACTIONS_FIGURES,
  });
}
