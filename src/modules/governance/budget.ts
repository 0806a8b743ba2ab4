/**
 * The finance officer's income and expenditure statement, read and re-added. The statement is a
 * grid: funds as columns (then a Total column), lines as rows under "Income" and "Expenditure"
 * headings, with the statement's own total rows, net position and balances, amounts written the
 * accountant's way (`47,300*`, `(1,200)`, `-`, blanks) and footnotes. Nothing here trusts a stated
 * total: every one is re-added from the lines and each that disagrees is reported.
 *
 * Amounts are held in pence (integers) so that re-adding is exact; disagreements are reported in
 * pounds, as the statement writes them.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';

/** A statement the reader cannot use: the message says what is missing, for the person who sent it. */
export class StatementFormatError extends Error {}

export type Section = 'income' | 'expenditure';
export type RowKind = 'line' | 'total' | 'net' | 'brought_forward' | 'carried_forward' | 'heading' | 'note';

export interface StatementRow {
  /** 1-based row number in the file (as the finance officer would find it). */
  fileRow: number;
  label: string;
  kind: RowKind;
  /** The heading the row sits under (income or expenditure), for lines and totals. */
  section: Section | null;
  /** One amount per fund column, in pence; null where the cell is blank. */
  amounts: (number | null)[];
  /** The Total column's amount in pence, or null where blank. */
  total: number | null;
  /** Footnote markers written on the row's label or amounts (e.g. `*`). */
  markers: string[];
}

export interface Statement {
  title: string;
  funds: string[];
  rows: StatementRow[];
}

/** A stated total that re-adding does not reproduce, in pounds. `fund` is 'Total' for the Total column. */
export interface Disagreement {
  fund: string;
  row: string;
  stated: number;
  computed: number;
}

/** The index of the last filled cell, or -1. */
function lastFilled(cells: string[]): number {
  for (let i = cells.length - 1; i >= 0; i--) if ((cells[i] ?? '') !== '') return i;
  return -1;
}

const MARKERS = /[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]+|\[\w{1,3}\]/g;

/**
 * One cell as an amount in pence: commas, `£`, footnote markers and spaces ignored, `(1,200)` and
 * `-1,200` negative, a lone dash nil, blank null. Anything else is not an amount.
 */
export function parseAmount(cell: string): { pence: number | null; markers: string[] } {
  const markers = cell.match(MARKERS) ?? [];
  let text = cell.replace(MARKERS, '').replace(/[£\s\u00a0]/g, '');
  if (text === '') return { pence: null, markers };
  if (/^[-–—]$/.test(text)) return { pence: 0, markers };
  let negative = false;
  const bracketed = /^\((.*)\)$/.exec(text);
  if (bracketed) {
    negative = true;
    text = bracketed[1] ?? '';
  } else if (/^[-−–]/.test(text)) {
    negative = true;
    text = text.slice(1);
  }
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) throw new StatementFormatError(`“${cell.trim()}” is not an amount`);
  const pounds = Number((match[1] ?? '0').replaceAll(',', ''));
  const pence = pounds * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return { pence: negative ? -pence : pence, markers };
}

/** Pence to pounds for reporting (e.g. 2830900 → 28309). */
export const pounds = (pence: number) => pence / 100;

const SECTION_HEADING = /^(income|expenditure|expenses|spend(ing)?)\b/i;

function classify(label: string, hasAmounts: boolean): RowKind {
  const plain = label.replace(MARKERS, '').trim();
  if (!hasAmounts) return SECTION_HEADING.test(plain) ? 'heading' : 'note';
  if (/brought forward|\bb\/f\b|opening (balance|reserves)/i.test(plain)) return 'brought_forward';
  if (/carried forward|\bc\/f\b|holding account|closing (balance|reserves)|reserves at/i.test(plain))
    return 'carried_forward';
  if (/^net\b|surplus|deficit/i.test(plain)) return 'net';
  if (/^total\b/i.test(plain)) return 'total';
  return 'line';
}

/**
 * Reads a statement from its cells (rows of text). The header row is the first whose last filled
 * cell is "Total" with at least one fund between the label column and it.
 */
export function readStatement(grid: string[][]): Statement {
  const headerIndex = grid.findIndex((row) => {
    const filled = row.map((c) => c.trim());
    const last = lastFilled(filled);
    return last >= 2 && /^total$/i.test(filled[last] ?? '') && filled.slice(1, last).some((c) => c !== '');
  });
  if (headerIndex < 0)
    throw new StatementFormatError(
      'The file has no header row with the funds as columns and a Total column (for example: “Income and Expenditure”, “Partnership Budget”, “Training Delivery”, “Total”)',
    );
  const header = (grid[headerIndex] ?? []).map((c) => c.trim());
  const totalColumn = lastFilled(header);
  const fundColumns: number[] = [];
  for (let c = 1; c < totalColumn; c++) if (header[c]) fundColumns.push(c);
  const funds = fundColumns.map((c) => header[c] ?? '');
  const duplicate = funds.find((f, i) => funds.indexOf(f) !== i);
  if (duplicate) throw new StatementFormatError(`The fund “${duplicate}” is a column twice`);

  const rows: StatementRow[] = [];
  let section: Section | null = null;
  for (let r = headerIndex + 1; r < grid.length; r++) {
    const cells = grid[r] ?? [];
    const label = (cells[0] ?? '').trim();
    const amountCells = [...fundColumns, totalColumn].map((c) => cells[c] ?? '');
    if (label === '' && amountCells.every((c) => c.trim() === '')) continue;
    const markers: string[] = [...(label.match(MARKERS) ?? [])];
    const parsed = amountCells.map((cell, i) => {
      try {
        const amount = parseAmount(cell);
        markers.push(...amount.markers);
        return amount.pence;
      } catch (error) {
        const column = i < funds.length ? funds[i] : 'Total';
        throw new StatementFormatError(`Row ${r + 1}, column “${column}”: ${(error as Error).message}`);
      }
    });
    const hasAmounts = parsed.some((p) => p !== null);
    if (label === '')
      throw new StatementFormatError(`Row ${r + 1} has amounts but no label in the first column`);
    const kind = classify(label, hasAmounts);
    if (kind === 'heading') section = /^income/i.test(label) ? 'income' : 'expenditure';
    const rowSection =
      kind === 'total' && /income/i.test(label)
        ? 'income'
        : kind === 'total' && /expenditure|expenses|spend/i.test(label)
          ? 'expenditure'
          : kind === 'line' || kind === 'total'
            ? section
            : null;
    if ((kind === 'line' || kind === 'total') && rowSection === null)
      throw new StatementFormatError(
        `Row ${r + 1} (“${label}”) is not under an “Income” or “Expenditure” heading`,
      );
    rows.push({
      fileRow: r + 1,
      label,
      kind,
      section: rowSection,
      amounts: parsed.slice(0, funds.length),
      total: parsed[funds.length] ?? null,
      markers: [...new Set(markers)],
    });
  }
  if (!rows.some((row) => row.kind === 'line'))
    throw new StatementFormatError('The file has no income or expenditure lines under the header row');
  return { title: header[0] ?? '', funds, rows };
}

/** What the lines add up to, per fund and for the Total column (pence). */
export interface ComputedFigures {
  income: number[];
  expenditure: number[];
  net: number[];
  broughtForward: number[] | null;
  carriedForward: number[] | null;
}

/** Re-adds the lines: index i is fund i, the last index the Total column (its lines re-added down). */
export function computeFigures(statement: Statement): ComputedFigures {
  const width = statement.funds.length + 1;
  const sum = (section: Section) => {
    const totals = new Array<number>(width).fill(0);
    for (const row of statement.rows)
      if (row.kind === 'line' && row.section === section)
        [...row.amounts, row.total ?? row.amounts.reduce<number>((t, a) => t + (a ?? 0), 0)].forEach(
          (a, i) => {
            totals[i] = (totals[i] ?? 0) + (a ?? 0);
          },
        );
    return totals;
  };
  const income = sum('income');
  const expenditure = sum('expenditure');
  const net = income.map((v, i) => v - (expenditure[i] ?? 0));
  const brought = statement.rows.find((r) => r.kind === 'brought_forward');
  const broughtForward = brought ? [...brought.amounts, brought.total].map((a) => a ?? 0) : null;
  return {
    income,
    expenditure,
    net,
    broughtForward,
    carriedForward: broughtForward ? broughtForward.map((b, i) => b + (net[i] ?? 0)) : null,
  };
}

/**
 * Every stated total re-added: the Total column across each row (from the row's own cells), each
 * total row down its section's lines, the net position as income less expenditure, and reserves
 * carried forward as brought forward plus the net position (when the statement states both).
 * A blank stated cell is not a claim and is not checked.
 */
export function checkStatement(statement: Statement): Disagreement[] {
  const computed = computeFigures(statement);
  const columns = [...statement.funds, 'Total'];
  const found: Disagreement[] = [];
  const compare = (row: StatementRow, column: number, stated: number | null, value: number) => {
    if (stated !== null && stated !== value)
      found.push({
        fund: columns[column] ?? '',
        row: row.label,
        stated: pounds(stated),
        computed: pounds(value),
      });
  };
  for (const row of statement.rows) {
    if (row.kind === 'heading' || row.kind === 'note') continue;
    const stated = [...row.amounts, row.total];
    let expected: number[] | null = null;
    if (row.kind === 'total' && row.section) expected = computed[row.section];
    if (row.kind === 'net') expected = computed.net;
    if (row.kind === 'carried_forward') expected = computed.carriedForward;
    if (expected)
      for (let i = 0; i < statement.funds.length; i++) compare(row, i, stated[i] ?? null, expected[i] ?? 0);
    // The Total column: across the row as printed, then (for totals) down its own lines.
    // A row whose fund cells are all blank states only its Total, so only re-adding down applies.
    const across = row.amounts.some((a) => a !== null)
      ? row.amounts.reduce<number>((t, a) => t + (a ?? 0), 0)
      : null;
    if (across !== null) compare(row, statement.funds.length, row.total, across);
    if (expected) {
      const down = expected[statement.funds.length] ?? 0;
      if (down !== across) compare(row, statement.funds.length, row.total, down);
    }
  }
  return found;
}

/** A CSV file's cells. */
export function gridFromCsv(content: Buffer | string): string[][] {
  try {
    return parseCsv(content, { bom: true, relaxColumnCount: true, skipEmptyLines: false }) as string[][];
  } catch (error) {
    throw new StatementFormatError(`The CSV file cannot be read: ${(error as Error).message}`);
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  return '';
}

/** The first worksheet's cells of an .xlsx file (formulas as their stored results). */
export async function gridFromXlsx(content: Buffer): Promise<string[][]> {
  // Loaded on first use: exceljs and what it needs are ~400 modules the server otherwise holds idle.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw new StatementFormatError('The file is not a readable .xlsx workbook');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new StatementFormatError('The workbook has no worksheet');
  const grid: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
    grid[number - 1] = cells;
  });
  return Array.from(grid, (row) => row ?? []);
}

/** Reads a statement file by its name: .xlsx or .csv. */
export async function readStatementFile(fileName: string, content: Buffer): Promise<Statement> {
  if (/\.xlsx$/i.test(fileName)) return readStatement(await gridFromXlsx(content));
  if (/\.csv$/i.test(fileName)) return readStatement(gridFromCsv(content));
  throw new StatementFormatError('The file must be a .xlsx workbook or a .csv file');
}

/** A financial year as the partnership writes it, e.g. 2023-24: 1 April 2023 to 31 March 2024. */
export function financialYear(year: string): { from: string; to: string } | null {
  const match = /^(\d{4})[-/](\d{2})$/.exec(year.trim());
  if (!match) return null;
  const start = Number(match[1]);
  if ((start + 1) % 100 !== Number(match[2])) return null;
  return { from: `${start}-04-01`, to: `${start + 1}-03-31` };
}
