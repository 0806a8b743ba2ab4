/** The governance module's tables (migration 0190): budget statements, their rows and flags, contributions. */
import type { Generated, Selectable } from 'kysely';
import type { CivilDate, Timestamp } from '../../platform/db/schema.ts';
import type { RowKind, Section } from './budget.ts';

export interface GovernanceBudgetStatementTable {
  id: Generated<number>;
  financialYear: string;
  periodFrom: CivilDate;
  periodTo: CivilDate;
  fileName: string;
  title: string;
  funds: string[];
  importedAt: Timestamp;
  importedBy: string;
}

export interface GovernanceBudgetRowTable {
  id: Generated<number>;
  statementId: number;
  position: number;
  fileRow: number;
  label: string;
  kind: RowKind;
  section: Section | null;
  amountsPence: (number | null)[];
  totalPence: number | null;
  markers: Generated<string[]>;
}

export interface GovernanceBudgetDisagreementTable {
  id: Generated<number>;
  statementId: number;
  fund: string;
  rowLabel: string;
  statedPence: number;
  computedPence: number;
}

export type ContributionKind = 'partner' | 'grant_one_off' | 'grant_recurring';

export interface GovernanceContributionTable {
  id: Generated<number>;
  financialYear: string;
  source: string;
  kind: ContributionKind;
  amountPence: number;
  note: string | null;
}

export type BudgetStatementRecord = Selectable<GovernanceBudgetStatementTable>;
export type BudgetRowRecord = Selectable<GovernanceBudgetRowTable>;
export type ContributionRecord = Selectable<GovernanceContributionTable>;

export interface GovernanceTables {
  governanceBudgetStatement: GovernanceBudgetStatementTable;
  governanceBudgetRow: GovernanceBudgetRowTable;
  governanceBudgetDisagreement: GovernanceBudgetDisagreementTable;
  governanceContribution: GovernanceContributionTable;
}

declare module '../../platform/db/schema.ts' {
  interface Database extends GovernanceTables {}
}

export const GOVERNANCE_TABLES = [
  'governance_budget_statement',
  'governance_budget_row',
  'governance_budget_disagreement',
  'governance_contribution',
] as const;
