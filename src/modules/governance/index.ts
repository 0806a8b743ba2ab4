/**
 * Governance of the partnership: the budget (the finance officer's statement imported, kept and
 * re-added; contributions agreed per year). See docs/modules/governance.md.
 */
import { SYSTEM_ACTOR, auditWriterFor } from '../../platform/audit/audit-log.ts';
import { defineModule } from '../../platform/modules/define-module.ts';
import { financialYear, pounds } from './budget.ts';
import { budgetImportCommand } from './cli.ts';
import { seedDemoGovernance } from './demo.ts';
import { governancePolicy } from './policy.ts';
import { type GovernanceServices, governanceRoutes } from './routes.ts';
import { BudgetService } from './service.ts';
import { GOVERNANCE_TABLES } from './tables.ts';

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
  ],
  tables: GOVERNANCE_TABLES,
  publishes: [],
  services: (deps: Omit<GovernanceServices, 'budget'>) => ({ budget: new BudgetService(deps.db) }),
  routes: governanceRoutes,
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
  },
  async reportSection(services, period) {
    const year = yearEndingIn(period.to);
    const statement = await services.budget.yearStatement(year);
    const contributions = await services.budget.contributions(year);
    const source = `income and expenditure statement ${year} as imported (${statement?.statement.fileName ?? 'none'}), re-added from its lines`;
    const total = (values: number[] | undefined) => pounds(values?.at(-1) ?? 0);
    const range = financialYear(year);
    return {
      title: 'Governance and budget',
      figures: statement
        ? [
            { label: `Income ${year} (£)`, value: total(statement.computed.income), source },
            { label: `Expenditure ${year} (£)`, value: total(statement.computed.expenditure), source },
            { label: `Net position ${year} (£)`, value: total(statement.computed.net), source },
            ...(statement.reserves
              ? [
                  {
                    label: `Reserves at ${range?.to ?? year} (£)`,
                    value: total(statement.reserves.amounts),
                    source: `${source}; ${statement.reserves.basis === 'computed' ? 'brought forward plus net position' : 'holding account as stated'}`,
                  },
                ]
              : []),
            {
              label: 'Stated totals in the statement that do not add up',
              value: statement.disagreements.length,
              source,
            },
            ...contributions.map((c) => ({
              label: `${c.source}: agreed contribution ${year} (£)`,
              value: pounds(c.amountPence),
              source: `contributions agreed for ${year}${c.changePercent === null ? '' : `; ${c.changePercent} % change from ${pounds(c.previousPence ?? 0)}`}`,
            })),
          ]
        : [],
    };
  },
});

export { BudgetService } from './service.ts';
