/** `safeguarding budget import FILE --year 2023-24 [--format json]`: the statement read, kept and re-added. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AuditWriter } from '../../platform/audit/audit-log.ts';
import { type Disagreement, StatementFormatError, financialYear } from './budget.ts';
import type { BudgetService } from './service.ts';

const money = (pounds: number) =>
  pounds < 0 ? `(${(-pounds).toLocaleString('en-GB')})` : pounds.toLocaleString('en-GB');

/** The plain report: one line per disagreement, after a line saying what was kept. */
export function describeDisagreements(
  kept: { lines: number; funds: number },
  found: Disagreement[],
): string[] {
  const head = `Kept ${kept.lines} line${kept.lines === 1 ? '' : 's'} across ${kept.funds} fund${kept.funds === 1 ? '' : 's'}; ${
    found.length === 0
      ? 'every stated total adds up'
      : `${found.length} stated total${found.length === 1 ? '' : 's'} disagree`
  }`;
  return [
    head,
    ...found.map((d) => `${d.fund}, ${d.row}: stated ${money(d.stated)}, re-added ${money(d.computed)}`),
  ];
}

/** The command's work: an error message (nothing saved) or what to print. */
export async function budgetImportCommand(
  budget: BudgetService,
  audit: AuditWriter,
  file: string,
  options: { year?: string; format?: string },
): Promise<{ error: string } | { output: string }> {
  if (!options.year || !financialYear(options.year))
    return { error: '--year must be a financial year like 2023-24' };
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'json') return { error: '--format must be text or json' };
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch {
    return { error: `Cannot read ${file}` };
  }
  try {
    const result = await budget.importStatement(audit, {
      year: options.year,
      fileName: path.basename(file),
      content,
      importedBy: 'command line',
    });
    if (format === 'json') return { output: JSON.stringify(result.disagreements, null, 2) };
    const lines = result.statement.rows.filter((r) => r.kind === 'line').length;
    return {
      output: describeDisagreements(
        { lines, funds: result.statement.funds.length },
        result.disagreements,
      ).join('\n'),
    };
  } catch (error) {
    if (error instanceof StatementFormatError)
      return { error: `${file}: ${error.message}; nothing was saved` };
    throw error;
  }
}
