/**
 * Governance of the partnership: the budget (the finance officer's statement imported, kept and
 * re-added; contributions agreed per year). See docs/modules/governance.md.
 */
import { SYSTEM_ACTOR, auditWriterFor } from '../../platform/audit/audit-log.ts';
import { defineModule } from '../../platform/modules/define-module.ts';
import { financialYear, pounds } from './budget.ts';
import { budgetImportCommand } from './cli.ts';
import { londonDate } from '../../platform/calendar/index.ts';
import { now } from '../../platform/clock.ts';
import { seedDemoGovernanceBody } from './body-demo.ts';
import { seedDemoGovernance } from './demo.ts';
import { governancePolicy } from './policy.ts';
import { type GovernanceServices, governanceRoutes } from './routes.ts';
import type { ActionsService } from '../actions/index.ts';
import { governanceBodyRoutes } from './body-routes.ts';
import {
  GOVERNANCE_FIGURES,
  governanceRecordsHref,
  governanceRecordsRoutes,
  overdueDocuments,
  prioritiesOf,
} from './records.ts';
import { GovernanceService } from './governance-service.ts';
import { BudgetService } from './service.ts';
import { GOVERNANCE_BODY_TABLES, GOVERNANCE_TABLES } from './tables.ts';

/** The financial year (e.g. 2023-24) a period ends in. */
function yearEndingIn(to: string): string {
  const [y, m] = to.split('-').map(Number) as [number, number];
  const start = m <= 3 ? y - 1 : y;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

export const governanceModule = defineModule({
  name: 'governance',
  policy: governancePolicy,
  navigation: [
    {
      text: 'Budget',
      href: '/governance/budget',
      permission: 'budget:view',
      hint: 'Funds and reserves, income by partner and grants, spending by line, and the statement’s flagged totals',
    },
    {
      text: 'Groups and decisions',
      href: '/governance/groups',
      permission: 'governance:view',
      hint: 'The executive group and subgroups: members by agency, meetings, attendance, decisions and their actions',
    },
    {
      text: 'Priorities',
      href: '/governance/priorities',
      permission: 'governance:view',
      hint: 'The year’s areas of focus with quarterly progress; those without evidence for two quarters',
    },
    {
      text: 'Documents and reviews',
      href: '/governance/documents',
      permission: 'governance:view',
      hint: 'Arrangements, procedures, toolkits, guidance and briefings: versions and overdue reviews',
    },
    {
      text: 'Independent scrutiny',
      href: '/governance/scrutiny',
      permission: 'governance:view',
      hint: 'Scrutiny activities, findings and the partners’ responses',
    },
  ],
  tables: [...GOVERNANCE_TABLES, ...GOVERNANCE_BODY_TABLES],
  publishes: [],
  services: (deps: Omit<GovernanceServices, 'budget'> & { actions: ActionsService }) => ({
    budget: new BudgetService(deps.db),
    governance: new GovernanceService({ db: deps.db, actions: deps.actions }),
  }),
  async routes(app, services) {
    governanceRoutes(app, services);
    governanceBodyRoutes(app, services);
    governanceRecordsRoutes(app, services);
  },
  commands(cli) {
    cli
      .group('budget', 'The partnership budget')
      .command('import')
      .description(
        'Import the finance officer’s income and expenditure statement (.xlsx or .csv): keep its lines and flag every stated total that does not add up',
      )
      .argument('<file>', 'the statement, .xlsx or .csv')
      .requiredOption('--year <year>', 'the financial year, e.g. 2023-24')
      .option(
        '--format <format>',
        'text (default) or json: a list of { fund, row, stated, computed }',
        'text',
      )
      .action(async (file: string, options: { year?: string; format?: string }) => {
        const result = await cli.withServices((services) =>
          budgetImportCommand(services.budget, auditWriterFor(SYSTEM_ACTOR), file, options),
        );
        if ('error' in result) return cli.fail(result.error);
        console.log(result.output);
      });
  },
  async seed(services) {
    await seedDemoGovernance(services);
    await seedDemoGovernanceBody(services, londonDate(now()));
  },
  async reportSection(services, period) {
    const year = yearEndingIn(period.to);
    const statement = await services.budget.yearStatement(year);
    const contributions = await services.budget.contributions(year);
    const source = `income and expenditure statement ${year} as imported (${statement?.statement.fileName ?? 'none'}), re-added from its lines`;
    const total = (values: number[] | undefined) => pounds(values?.at(-1) ?? 0);
    const range = financialYear(year);
    const groups = await services.governance.groups(period);
    const meetings = groups.reduce((t, g) => t + g.meetings, 0);
    const present = groups.reduce((t, g) => t + g.present, 0);
    const expected = groups.reduce((t, g) => t + g.expected, 0);
    // The same calls as the records pages, so the counts and the lists cannot differ.
    const priorities = await prioritiesOf(services.governance, period);
    const { asOf, documents: overdue } = await overdueDocuments(services.governance, period);
    const updates = await services.governance.arrangementUpdates(period);
    const scrutiny = await services.governance.scrutiny(period);
    const findings = scrutiny.flatMap((a) => a.findings);
    const inPeriod = `from ${period.from} to ${period.to}, both included`;
    const governanceFigures = [
      {
        label: 'Meetings of the executive group and subgroups',
        value: meetings,
        source: `governance meetings held ${inPeriod}`,
        definition: GOVERNANCE_FIGURES.meetings.definition,
        recordsHref: governanceRecordsHref('meetings', period),
      },
      {
        label: 'Attendance at those meetings (%)',
        value: expected ? Math.round((present / expected) * 1000) / 10 : '–',
        source: `members present of members recorded at governance meetings held ${inPeriod} (${present} of ${expected})`,
        recordsHref: governanceRecordsHref('meetings', period),
        recordsNote: `the ${meetings} meetings it is computed from, each with its members present and recorded`,
      },
      {
        label: `Priorities ${year}`,
        value: priorities.length,
        source: `governance priorities of ${year}`,
        recordsHref: governanceRecordsHref('priorities', period),
      },
      {
        label: `Priorities ${year} without evidence of progress for two quarters in a row`,
        value: priorities.filter((p) => p.stalled).length,
        source: `quarterly progress updates with evidence on the priorities of ${year}: ${
          priorities
            .filter((p) => p.stalled)
            .map((p) => p.title)
            .join(', ') || 'none'
        }`,
        recordsHref: governanceRecordsHref('stalled', period),
      },
      {
        label: 'Published documents overdue for review',
        value: overdue.length,
        source: `published documents whose review date is before ${asOf}`,
        recordsHref: governanceRecordsHref('overdue-documents', period),
      },
      {
        label: 'Updates to the published arrangements',
        value: updates.length,
        source: `versions of the arrangements issued ${inPeriod}`,
        recordsHref: governanceRecordsHref('arrangement-updates', period),
      },
      {
        label: 'Independent scrutiny activities',
        value: scrutiny.length,
        source: `scrutiny activities held ${inPeriod}`,
        recordsHref: governanceRecordsHref('scrutiny', period),
      },
      {
        label: 'Scrutiny findings with the partners’ response',
        value: `${findings.filter((f) => f.response).length} of ${findings.length}`,
        source: `findings of scrutiny activities held ${inPeriod}`,
        recordsHref: governanceRecordsHref('scrutiny', period),
        recordsNote: `the ${scrutiny.length} scrutiny activities whose findings it counts, each with its findings answered`,
      },
    ];
    // Sums of money are not counts of records: they link to the statement they are re-added from.
    const budget = {
      recordsHref: `/governance/budget?year=${year}`,
      recordsNote: `the income and expenditure statement ${year} and its lines, from which it is computed`,
    };
    const figures = [
      ...governanceFigures,
      ...(statement
        ? [
            { label: `Income ${year} (£)`, value: total(statement.computed.income), source, ...budget },
            {
              label: `Expenditure ${year} (£)`,
              value: total(statement.computed.expenditure),
              source,
              ...budget,
            },
            { label: `Net position ${year} (£)`, value: total(statement.computed.net), source, ...budget },
            ...(statement.reserves
              ? [
                  {
                    label: `Reserves at ${range?.to ?? year} (£)`,
                    value: total(statement.reserves.amounts),
                    source: `${source}; ${statement.reserves.basis === 'computed' ? 'brought forward plus net position' : 'holding account as stated'}`,
                    ...budget,
                  },
                ]
              : []),
            {
              label: 'Stated totals in the statement that do not add up',
              value: statement.disagreements.length,
              source,
              recordsHref: budget.recordsHref,
              recordsNote: `the statement ${year}, where each stated total that does not add up is flagged`,
            },
            ...contributions.map((c) => ({
              label: `${c.source}: agreed contribution ${year} (£)`,
              value: pounds(c.amountPence),
              source: `contributions agreed for ${year}${c.changePercent === null ? '' : `; ${c.changePercent} % change from ${pounds(c.previousPence ?? 0)}`}`,
              recordsHref: `/governance/budget/contributions`,
              recordsNote: 'the contributions agreed each year, from which it is read',
            })),
          ]
        : []),
    ];
    // Meetings, priorities, documents and pounds: none of them could identify a child.
    return {
      title: 'Governance and budget',
      figures: figures.map((f) => ({ ...f, countOf: 'other' as const })),
    };
  },
});

export { BudgetService } from './service.ts';
