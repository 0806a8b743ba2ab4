/**
 * One action tracker for the partnership: every audit, review, recommendation, decision,
 * strategy discussion or MACE meeting that ends in something to be done records it here through
 * `services.actions.createActionsInTrx`, never in a table of its own.
 */
import { londonWallClock } from '../../platform/calendar/index.ts';
import { addDays } from '../../platform/calendar/civil-date.ts';
import { now } from '../../platform/clock.ts';
import { defineModule } from '../../platform/modules/define-module.ts';
import { seedDemoActions } from './demo.ts';
import { actionsPolicy } from './policy.ts';
import { ACTIONS_FIGURES, type ActionsFigure, actionsRecordsHref, actionsRecordsRoutes } from './records.ts';
import { type ActionsServices, actionsRoutes } from './routes.ts';
import { ActionsService, REMINDER_QUEUE } from './service.ts';

/** The reminder sweep runs each morning at 07:00, London time. */
function nextSweepAt(today: string, now: Date): Date {
  const todayAt = londonWallClock(today, '07:00');
  return todayAt > now ? todayAt : londonWallClock(addDays(today, 1), '07:00');
}

export const actionsModule = defineModule({
  name: 'actions',
  policy: actionsPolicy,
  navigation: [
    {
      text: 'Actions',
      href: '/actions',
      permission: 'actions:list',
      inMenu: true,
      hint: 'Your agency’s open actions from audits, reviews and decisions, overdue first',
    },
    {
      text: 'Overdue actions',
      href: '/actions/overdue',
      permission: 'actions:list',
      hint: 'Open actions past their due date',
    },
    {
      text: 'Action figures',
      href: '/actions/figures',
      permission: 'actions:figures',
      hint: 'Actions open, overdue, done and dropped by agency, and evidence of their impact',
    },
    {
      text: 'Record an action',
      href: '/actions/new',
      permission: 'actions:create',
      hint: 'An action from a decision of the partnership',
    },
    {
      text: 'Agency leads for actions',
      href: '/actions/leads',
      permission: 'actions:leads',
      hint: 'Who gets each agency’s reminders',
    },
  ],
  tables: ['action_item', 'action_update', 'action_impact', 'action_reminder', 'action_agency_lead'],
  publishes: [],
  async services(deps: Omit<ActionsServices, 'actions'>) {
    const actions = new ActionsService({ db: deps.db, jobs: () => deps.jobs, baseUrl: deps.config.baseUrl });
    // The first reminder sweep; each sweep schedules the next (pg-boss runs no cron here).
    if (deps.jobs) {
      const at = nextSweepAt(actions.today(), now());
      await deps.jobs.send(
        REMINDER_QUEUE,
        {},
        { startAfter: at, singletonKey: `actions-sweep-${at.toISOString()}` },
      );
    }
    return { actions };
  },
  jobs: [
    {
      queue: REMINDER_QUEUE,
      handler: (services) => async () => {
        await services.actions.sendDueReminders();
        const at = nextSweepAt(services.actions.today(), now());
        await services.jobs?.send(
          REMINDER_QUEUE,
          {},
          { startAfter: at, singletonKey: `actions-sweep-${at.toISOString()}` },
        );
      },
    },
  ],
  routes: (app, services) => {
    actionsRoutes(app, services);
    actionsRecordsRoutes(app, services);
  },
  commands(cli) {
    cli
      .group('actions', 'The action tracker')
      .command('remind')
      .description('Send today’s reminders now: a week before due dates, and for actions that became overdue')
      .action(async () => {
        const sent = await cli.withServices((services) => services.actions.sendDueReminders(), {
          jobs: true,
        });
        console.log(`${sent} reminder email${sent === 1 ? '' : 's'} queued`);
      });
  },
  async seed(services) {
    await seedDemoActions(services.db, services.actions);
  },
  async reportSection(services, period) {
    const agreed = await services.actions.figures({ from: period.from, to: period.to });
    const t = agreed.totals;
    const source = `actions agreed from ${period.from} to ${period.to}, as they stand today`;
    return {
      title: 'Actions',
      figures: (
        [
          { figure: 'agreed', value: t.total, source },
          { figure: 'open', value: t.open, source },
          { figure: 'overdue', value: t.overdue, source },
          { figure: 'done', value: t.done, source },
          { figure: 'dropped', value: t.dropped, source },
          { figure: 'not-smart', value: t.notSmart, source },
          { figure: 'embedded', value: t.embedded, source: `${source}; latest judgement of impact` },
          { figure: 'partly', value: t.partly, source: `${source}; latest judgement of impact` },
          {
            figure: 'not-evidenced',
            value: t.notEvidenced,
            source: `${source}; latest judgement of impact`,
          },
        ] satisfies { figure: ActionsFigure; value: number; source: string }[]
      ).map(({ figure, ...f }: { figure: ActionsFigure; value: number; source: string }) => ({
        ...f,
        label: ACTIONS_FIGURES[figure].label,
        definition: ACTIONS_FIGURES[figure].definition,
        recordsHref: actionsRecordsHref(figure, period),
        // Counts of agreed actions: none of them could identify a child.
        countOf: 'other' as const,
      })),
    };
  },
});

export {
  ActionInputError,
  type ActionSource,
  type ActionSummary,
  ActionsService,
  type HistoricalAction,
  type NewAction,
} from './service.ts';
export {
  ACTION_STATUS_LABELS,
  type ActionStatus,
  checkNewAction,
  isSmart,
  missingForSmart,
  statusOf,
} from './rules.ts';
export { actionFacts } from './routes.ts';
// The address of the actions a yearly-report figure counts (reviews' and audits' sections link there).
export { type ActionsFigure, actionsRecordsHref } from './records.ts';
export { judgePermission } from './policy.ts';
export { owningAgency } from './schema.ts';
// Server-side charts (vega-lite to accessible SVG), for modules that draw their figures.
