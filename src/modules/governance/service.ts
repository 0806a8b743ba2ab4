/**
 * The budget: importing the finance officer's statement (kept row by row, with every stated total
 * that does not re-add flagged), the year's figures computed from its lines, and the partners'
 * agreed contributions with their change from the year before.
 */
import type { AuditWriter } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/client.ts';
import {
  type Disagreement,
  type Statement,
  StatementFormatError,
  checkStatement,
  computeFigures,
  financialYear,
  pounds,
  readStatementFile,
} from './budget.ts';
import type {
  BudgetRowRecord,
  BudgetStatementRecord,
  ContributionKind,
  ContributionRecord,
} from './tables.ts';

export interface ImportResult {
  statementId: number;
  statement: Statement;
  disagreements: Disagreement[];
}

/** A year's statement as imported, with what its lines add up to. */
export interface YearStatement {
  statement: BudgetStatementRecord;
  rows: BudgetRowRecord[];
  disagreements: Disagreement[];
  /** Per fund then the Total column, in pence: computed from the lines, never from stated totals. */
  computed: ReturnType<typeof computeFigures>;
  /** Reserves at the year end per fund (then total), in pence: brought forward + net where the statement gives the opening balance, otherwise the stated holding account. */
  reserves: { amounts: number[]; basis: 'computed' | 'stated' } | null;
}

export interface ContributionChange extends ContributionRecord {
  /** The same source's amount the year before, or null. */
  previousPence: number | null;
  /** Percentage change from the year before, to one decimal place, or null. */
  changePercent: number | null;
}

/** The financial year before, e.g. 2023-24 → 2022-23. */
export function previousYear(year: string): string {
  const start = Number(year.slice(0, 4)) - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

export class BudgetService {
  constructor(private readonly db: Db) {}

  /**
   * Reads and re-adds the statement, then keeps it (rows and flags) in one transaction. A file the
   * reader cannot use throws StatementFormatError before anything is written.
   */
  async importStatement(
    audit: AuditWriter,
    input: { year: string; fileName: string; content: Buffer; importedBy: string },
  ): Promise<ImportResult> {
    const period = financialYear(input.year);
    if (!period) throw new StatementFormatError('Enter the financial year like 2023-24');
    const statement = await readStatementFile(input.fileName, input.content);
    const disagreements = checkStatement(statement);
    const statementId = await this.db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('governanceBudgetStatement')
        .values({
          financialYear: input.year,
          periodFrom: period.from,
          periodTo: period.to,
          fileName: input.fileName,
          title: statement.title,
          funds: statement.funds,
          importedBy: input.importedBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('governanceBudgetRow')
        .values(
          statement.rows.map((row, i) => ({
            statementId: id,
            position: i + 1,
            fileRow: row.fileRow,
            label: row.label,
            kind: row.kind,
            section: row.section,
            amountsPence: row.amounts,
            totalPence: row.total,
            markers: row.markers,
          })),
        )
        .execute();
      if (disagreements.length > 0)
        await trx
          .insertInto('governanceBudgetDisagreement')
          .values(
            disagreements.map((d) => ({
              statementId: id,
              fund: d.fund,
              rowLabel: d.row,
              statedPence: Math.round(d.stated * 100),
              computedPence: Math.round(d.computed * 100),
            })),
          )
          .execute();
      await audit(trx, { action: 'import', recordType: 'budget-statement', recordId: id });
      return id;
    });
    return { statementId, statement, disagreements };
  }

  /** The years with an imported statement, latest first. */
  async years(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('governanceBudgetStatement')
      .select('financialYear')
      .distinct()
      .orderBy('financialYear', 'desc')
      .execute();
    return rows.map((r) => r.financialYear);
  }

  /** The latest import of a year's statement, with its figures re-added from its lines. */
  async yearStatement(year: string): Promise<YearStatement | null> {
    const statement = await this.db
      .selectFrom('governanceBudgetStatement')
      .selectAll()
      .where('financialYear', '=', year)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!statement) return null;
    const rows = await this.db
      .selectFrom('governanceBudgetRow')
      .selectAll()
      .where('statementId', '=', statement.id)
      .orderBy('position')
      .execute();
    const flags = await this.db
      .selectFrom('governanceBudgetDisagreement')
      .selectAll()
      .where('statementId', '=', statement.id)
      .orderBy('id')
      .execute();
    const parsed: Statement = {
      title: statement.title,
      funds: statement.funds,
      rows: rows.map((r) => ({
        fileRow: r.fileRow,
        label: r.label,
        kind: r.kind,
        section: r.section,
        amounts: r.amountsPence,
        total: r.totalPence,
        markers: r.markers,
      })),
    };
    const computed = computeFigures(parsed);
    const carried = rows.find((r) => r.kind === 'carried_forward');
    const reserves = computed.carriedForward
      ? { amounts: computed.carriedForward, basis: 'computed' as const }
      : carried
        ? {
            amounts: [...carried.amountsPence, carried.totalPence].map((a) => a ?? 0),
            basis: 'stated' as const,
          }
        : null;
    return {
      statement,
      rows,
      computed,
      reserves,
      disagreements: flags.map((f) => ({
        fund: f.fund,
        row: f.rowLabel,
        stated: pounds(f.statedPence),
        computed: pounds(f.computedPence),
      })),
    };
  }

  /** Records (or changes) an agreed contribution for a year. */
  async setContribution(
    audit: AuditWriter,
    input: { year: string; source: string; kind: ContributionKind; amountPence: number; note: string | null },
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('governanceContribution')
        .values({
          financialYear: input.year,
          source: input.source,
          kind: input.kind,
          amountPence: input.amountPence,
          note: input.note,
        })
        .onConflict((oc) =>
          oc.columns(['financialYear', 'source']).doUpdateSet({
            kind: input.kind,
            amountPence: input.amountPence,
            note: input.note,
          }),
        )
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, { action: 'update', recordType: 'budget-contribution', recordId: row.id });
    });
  }

  /** A year's agreed contributions, each with the same source's the year before and the change. */
  async contributions(year: string): Promise<ContributionChange[]> {
    const rows = await this.db
      .selectFrom('governanceContribution')
      .selectAll()
      .where('financialYear', 'in', [year, previousYear(year)])
      .orderBy('kind')
      .orderBy('amountPence', 'desc')
      .execute();
    const before = new Map(
      rows.filter((r) => r.financialYear !== year).map((r) => [r.source, r.amountPence]),
    );
    return rows
      .filter((r) => r.financialYear === year)
      .map((r) => {
        const previousPence = before.get(r.source) ?? null;
        return {
          ...r,
          previousPence,
          changePercent:
            previousPence && previousPence > 0
              ? Math.round(((r.amountPence - previousPence) / previousPence) * 1000) / 10
              : null,
        };
      });
  }
}
