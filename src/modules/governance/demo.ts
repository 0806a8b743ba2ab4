/**
 * The demo partnership's governance: the 2023-24 income and expenditure statement exactly as the
 * reference report's Appendix A gives it (its Training Delivery slip included, so the budget page
 * shows a flag), and the partners' agreed contributions for three years.
 */
import { readFileSync } from 'node:fs';
import { SYSTEM_ACTOR, auditWriterFor } from '../../platform/audit/audit-log.ts';
import type { BudgetService } from './service.ts';

const APPENDIX_A = new URL('./fixtures/appendix-a.csv', import.meta.url);

/** Agreed contributions in pounds; 2024-25 is each partner's 2023-24 share with a 2 % rise. */
const CONTRIBUTIONS: {
  year: string;
  source: string;
  kind: 'partner' | 'grant_one_off';
  pounds: number;
  note?: string;
}[] = [
  { year: '2022-23', source: 'Worcestershire Children First', kind: 'partner', pounds: 92_843 },
  { year: '2022-23', source: 'Integrated Care Board (ICB)', kind: 'partner', pounds: 71_478 },
  { year: '2022-23', source: 'West Mercia Police', kind: 'partner', pounds: 21_443 },
  { year: '2023-24', source: 'Worcestershire Children First', kind: 'partner', pounds: 94_700 },
  { year: '2023-24', source: 'Integrated Care Board (ICB)', kind: 'partner', pounds: 72_908 },
  { year: '2023-24', source: 'West Mercia Police', kind: 'partner', pounds: 21_872 },
  {
    year: '2023-24',
    source: 'Department for Education',
    kind: 'grant_one_off',
    pounds: 47_300,
    note: 'One-off grant to all partnerships to implement Working Together 2023',
  },
  { year: '2024-25', source: 'Worcestershire Children First', kind: 'partner', pounds: 96_594 },
  { year: '2024-25', source: 'Integrated Care Board (ICB)', kind: 'partner', pounds: 74_366 },
  { year: '2024-25', source: 'West Mercia Police', kind: 'partner', pounds: 22_309 },
];

export async function seedDemoGovernance(services: { budget: BudgetService }): Promise<void> {
  const audit = auditWriterFor(SYSTEM_ACTOR);
  await services.budget.importStatement(audit, {
    year: '2023-24',
    fileName: 'wscp-income-expenditure-2023-24.csv',
    content: readFileSync(APPENDIX_A),
    importedBy: 'demo',
  });
  for (const c of CONTRIBUTIONS)
    await services.budget.setContribution(audit, {
      year: c.year,
      source: c.source,
      kind: c.kind,
      amountPence: c.pounds * 100,
      note: c.note ?? null,
    });
}
