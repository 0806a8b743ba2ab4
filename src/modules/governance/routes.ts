/**
 * The budget pages: the year's statement (funds and reserves, income by partner and grant,
 * spending by line, every stated total that does not add up) and its import by upload.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { type FormErrors, formError, noErrors, zodFormErrors } from '../../platform/http/forms.ts';
import { selectOptions } from '../../platform/http/route-helpers.ts';
import { contributionInput } from './schema.ts';
import type { PlatformServices } from '../../platform/modules/define-module.ts';
import { StatementFormatError, financialYear, pounds } from './budget.ts';
import type { BudgetService, YearStatement } from './service.ts';

export type GovernanceServices = PlatformServices & { budget: BudgetService };

const yearQuery = z.object({
  year: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .optional(),
});

const CONTRIBUTION_KINDS = {
  partner: 'Safeguarding partner',
  grant_one_off: 'Grant (one-off)',
  grant_recurring: 'Grant (recurring)',
} as const;

/** The year's statement as the page shows it: lines per section, totals re-added, reserves. */
function statementView(year: YearStatement) {
  const funds = year.statement.funds;
  const lines = (section: 'income' | 'expenditure') =>
    year.rows
      .filter((r) => r.kind === 'line' && r.section === section)
      .map((r) => ({
        label: r.label,
        markers: r.markers.join(' '),
        amounts: r.amountsPence.map((a) => pounds(a ?? 0)),
        total: pounds(r.totalPence ?? r.amountsPence.reduce<number>((t, a) => t + (a ?? 0), 0)),
      }));
  const asPounds = (values: number[] | null | undefined) => (values ?? []).map(pounds);
  return {
    funds,
    income: lines('income'),
    expenditure: lines('expenditure'),
    notes: year.rows.filter((r) => r.kind === 'note').map((r) => r.label),
    totals: {
      income: asPounds(year.computed.income),
      expenditure: asPounds(year.computed.expenditure),
      net: asPounds(year.computed.net),
    },
    reserves: year.reserves ? { amounts: asPounds(year.reserves.amounts), basis: year.reserves.basis } : null,
  };
}

export function governanceRoutes(app: FastifyInstance, services: GovernanceServices) {
  const { budget } = services;

  const budgetPage = async (
    reply: FastifyReply,
    requested: string | undefined,
    canManage: boolean,
    extra: { errors?: FormErrors; values?: Record<string, unknown>; imported?: string } = {},
  ) => {
    const years = await budget.years();
    const year = requested ?? years[0];
    const statement = year ? await budget.yearStatement(year) : null;
    const contributions = year ? await budget.contributions(year) : [];
    return reply.page('governance/views/budget.njk', {
      title: year ? `Budget ${year}` : 'Budget',
      year,
      years,
      statement: statement ? statementView(statement) : null,
      record: statement?.statement,
      disagreements: statement?.disagreements ?? [],
      contributions: contributions.map((c) => ({
        ...c,
        kindText: CONTRIBUTION_KINDS[c.kind],
        amount: pounds(c.amountPence),
        previous: c.previousPence === null ? null : pounds(c.previousPence),
      })),
      canManage,
      kindItems: selectOptions(CONTRIBUTION_KINDS, extra.values?.kind),
      values: { year, ...extra.values },
      errors: extra.errors,
      imported: extra.imported,
    });
  };

  app.get('/governance/budget', { config: { permission: 'budget:view' } }, (request, reply) => {
    const query = yearQuery.safeParse(request.query);
    return budgetPage(
      reply,
      query.success ? query.data.year : undefined,
      request.permissions.allows('budget:manage'),
      {
        imported: (request.query as { imported?: string }).imported,
      },
    );
  });

  app.post(
    '/governance/budget/contributions',
    {
      config: { permission: 'budget:manage', audit: { action: 'update', recordType: 'budget-contribution' } },
    },
    async (request, reply) => {
      const values = (request.body ?? {}) as Record<string, unknown>;
      const parsed = contributionInput.safeParse(values);
      if (!parsed.success) {
        reply.code(400);
        const year = typeof values.year === 'string' && financialYear(values.year) ? values.year : undefined;
        return budgetPage(reply, year, true, { errors: zodFormErrors(parsed.error), values });
      }
      const c = parsed.data;
      await budget.setContribution(request.auditWriter, {
        year: c.year,
        source: c.source,
        kind: c.kind,
        amountPence: c.amount,
        note: c.note ?? null,
      });
      return reply.redirect(`/governance/budget?year=${c.year}#contributions`, 303);
    },
  );

  const importPage = (reply: FastifyReply, extra: Record<string, unknown> = {}) =>
    reply.page('governance/views/budget-import.njk', {
      title: 'Import the income and expenditure statement',
      values: {},
      ...extra,
    });

  app.get('/governance/budget/import', { config: { permission: 'budget:manage' } }, (_request, reply) =>
    importPage(reply),
  );

  app.post(
    '/governance/budget/import',
    { config: { permission: 'budget:manage', audit: { action: 'import', recordType: 'budget-statement' } } },
    async (request, reply) => {
      const body = (request.body ?? {}) as { year?: unknown; file?: unknown; fileName?: unknown };
      const year = typeof body.year === 'string' ? body.year.trim() : '';
      const file = Buffer.isBuffer(body.file) && body.file.length > 0 ? body.file : null;
      const errors = noErrors();
      if (!financialYear(year)) formError('year', 'Enter the financial year like 2023-24', errors);
      if (!file) formError('file', 'Select the statement: an .xlsx or .csv file', errors);
      if (errors.summary.length > 0 || !file) {
        reply.code(400);
        return importPage(reply, { errors, values: { year } });
      }
      try {
        await budget.importStatement(request.auditWriter, {
          year,
          fileName: String(body.fileName ?? 'statement.csv'),
          content: file,
          importedBy: request.user!.id,
        });
        return reply.redirect(`/governance/budget?year=${encodeURIComponent(year)}&imported=1`, 303);
      } catch (error) {
        if (!(error instanceof StatementFormatError)) throw error;
        reply.code(400);
        return importPage(reply, {
          values: { year },
          errors: formError('file', `${error.message}. Nothing was saved`),
        });
      }
    },
  );
}
