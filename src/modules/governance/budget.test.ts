/**
 * The statement reader and its re-adding, on small grids added by hand and on the reference
 * report's Appendix A (transcribed by hand into fixtures/appendix-a.csv).
 *
 * Appendix A by hand: Training Delivery's only expenditure line is Training Expenditure, 60, yet its
 * Total Expenditure says 0 and its net position 0 (0 − 60 = −60). Across the rows, Total
 * Expenditure's funds add to 208,411 + 0 + 0 + 0 = 208,411 though its Total column says 208,471 (the
 * Total column's own lines do add to 208,471), and the net position's funds add to 28,369 though the
 * Total column says 28,309. Everything else adds: income 94,700 + 72,908 + 21,872 + 47,300 = 236,780;
 * Partnership Budget spending 72,311 + 13,500 + 9,085 + 24,500 + 5,000 + 84,015 + 0 = 208,411;
 * 236,780 − 208,411 = 28,369; the holding account 23,085 + 97,233 + 18,085 + 7,476 = 145,879.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  StatementFormatError,
  checkStatement,
  computeFigures,
  financialYear,
  gridFromCsv,
  parseAmount,
  readStatement,
  readStatementFile,
} from './budget.ts';

const appendixA = readFileSync(new URL('./fixtures/appendix-a.csv', import.meta.url));

describe('parseAmount', () => {
  it('reads commas, asterisks, brackets, dashes, pounds signs and blanks', () => {
    expect(parseAmount('47,300*')).toEqual({ pence: 4_730_000, markers: ['*'] });
    expect(parseAmount('(1,200)').pence).toBe(-120_000);
    expect(parseAmount('-1,200').pence).toBe(-120_000);
    expect(parseAmount('£ 1,234,567.5').pence).toBe(123_456_750);
    expect(parseAmount('60').pence).toBe(6_000);
    expect(parseAmount('0').pence).toBe(0);
    expect(parseAmount('-').pence).toBe(0);
    expect(parseAmount('').pence).toBeNull();
    expect(parseAmount('   ').pence).toBeNull();
    expect(parseAmount('5,000†')).toEqual({ pence: 500_000, markers: ['†'] });
    expect(parseAmount('(300)[1]')).toEqual({ pence: -30_000, markers: ['[1]'] });
  });

  it('refuses what is not an amount', () => {
    expect(() => parseAmount('twelve')).toThrow(StatementFormatError);
    expect(() => parseAmount('1,20')).toThrow(StatementFormatError);
    expect(() => parseAmount('1.234')).toThrow(StatementFormatError);
  });
});

describe('financialYear', () => {
  it('reads 2023-24 as 1 April 2023 to 31 March 2024, and refuses years that do not follow', () => {
    expect(financialYear('2023-24')).toEqual({ from: '2023-04-01', to: '2024-03-31' });
    expect(financialYear('2099-00')).toEqual({ from: '2099-04-01', to: '2100-03-31' });
    expect(financialYear('2023-25')).toBeNull();
    expect(financialYear('2023')).toBeNull();
  });
});

const small = (rows: string[][]) => readStatement([['Account', 'Fund A', 'Fund B', 'Total'], ...rows]);

describe('checkStatement', () => {
  it('finds nothing to flag when every total adds up', () => {
    const statement = small([
      ['Balance brought forward', '100', '50', '150'],
      ['Income', '', '', ''],
      ['Partner X', '1,000', '', '1,000'],
      ['Grant', '200', '(20)', '180'],
      ['Total income', '1,200', '(20)', '1,180'],
      ['Expenditure', '', '', ''],
      ['Salaries', '900', '', '900'],
      ['Total expenditure', '900', '0', '900'],
      ['Net position', '300', '(20)', '280'],
      ['Reserves carried forward', '400', '30', '430'],
    ]);
    expect(checkStatement(statement)).toEqual([]);
    const figures = computeFigures(statement);
    expect(figures.net).toEqual([30_000, -2_000, 28_000]);
    expect(figures.carriedForward).toEqual([40_000, 3_000, 43_000]);
  });

  it('flags a total row, the Total column, the net position and reserves that disagree', () => {
    const statement = small([
      ['Reserves b/f', '100', '50', '150'],
      ['Income', '', '', ''],
      ['Partner X', '1,000', '10', '1,000'],
      ['Total income', '1,000', '10', '1,010'],
      ['Expenditure', '', '', ''],
      ['Salaries', '900', '5', '905'],
      ['Total expenditure', '905', '5', '910'],
      ['Net position', '95', '5', '100'],
      ['Reserves c/f', '195', '55', '250'],
    ]);
    expect(checkStatement(statement)).toEqual([
      // Partner X: 1,000 + 10 is 1,010 across.
      { fund: 'Total', row: 'Partner X', stated: 1000, computed: 1010 },
      // Total income's Total column is right across (1,000 + 10) but its lines' Total column says 1,000.
      { fund: 'Total', row: 'Total income', stated: 1010, computed: 1000 },
      // Salaries for Fund A are 900, not 905; the Total column's lines (1,000 + … ) are fine down but not across.
      { fund: 'Fund A', row: 'Total expenditure', stated: 905, computed: 900 },
      { fund: 'Total', row: 'Total expenditure', stated: 910, computed: 905 },
      // Net: Fund A 1,000 − 900 = 100; Total column 1,000 − 905 = 95 down, 95 + 5 = 100 across.
      { fund: 'Fund A', row: 'Net position', stated: 95, computed: 100 },
      { fund: 'Total', row: 'Net position', stated: 100, computed: 95 },
      // Carried forward: Fund A 100 + 100 = 200; Total 150 + 95 = 245 down, 195 + 55 = 250 across.
      { fund: 'Fund A', row: 'Reserves c/f', stated: 195, computed: 200 },
      { fund: 'Total', row: 'Reserves c/f', stated: 250, computed: 245 },
    ]);
  });

  it('does not check a blank stated cell', () => {
    const statement = small([
      ['Income', '', '', ''],
      ['Partner X', '10', '', ''],
      ['Total income', '', '', '10'],
    ]);
    expect(checkStatement(statement)).toEqual([]);
  });
});

describe('the reference report’s Appendix A', () => {
  const statement = readStatement(gridFromCsv(appendixA));

  it('keeps its funds, lines, footnote and the one-off grant’s marker', () => {
    expect(statement.funds).toEqual([
      'Partnership Budget',
      'Training Delivery',
      'SCR Fund',
      'Partnership Fund',
    ]);
    const lines = statement.rows.filter((r) => r.kind === 'line');
    expect(lines.map((l) => l.label)).toHaveLength(11);
    expect(lines.filter((l) => l.section === 'income')).toHaveLength(4);
    const grant = lines.find((l) => l.label.startsWith('Department for Education'));
    expect(grant?.markers).toEqual(['*']);
    expect(grant?.total).toBe(4_730_000);
    expect(statement.rows.filter((r) => r.kind === 'note')).toHaveLength(1);
    expect(statement.rows[0]?.kind).toBe('carried_forward');
  });

  it('catches the Training Delivery column: 60 spent, its total and net position say 0', () => {
    const found = checkStatement(statement);
    expect(found).toContainEqual({
      fund: 'Training Delivery',
      row: 'Total Expenditure',
      stated: 0,
      computed: 60,
    });
    expect(found).toContainEqual({
      fund: 'Training Delivery',
      row: 'Net Position for 2023/2024',
      stated: 0,
      computed: -60,
    });
    // The Total column, re-added across the printed rows, shows the same slip.
    expect(found).toContainEqual({
      fund: 'Total',
      row: 'Total Expenditure',
      stated: 208_471,
      computed: 208_411,
    });
    expect(found).toContainEqual({
      fund: 'Total',
      row: 'Net Position for 2023/2024',
      stated: 28_309,
      computed: 28_369,
    });
    expect(found).toHaveLength(4);
  });

  it('reads the same statement from an .xlsx workbook', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('I&E');
    for (const row of gridFromCsv(appendixA))
      sheet.addRow(row.map((cell) => (/^\d+$/.test(cell) ? Number(cell) : cell)));
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const fromXlsx = await readStatementFile('statement.xlsx', buffer);
    expect(checkStatement(fromXlsx)).toEqual(checkStatement(statement));
  });
});

describe('a file without the expected columns', () => {
  it('is refused with a clear message', async () => {
    await expect(readStatementFile('a.csv', Buffer.from('Name,Amount\nSalaries,100\n'))).rejects.toThrow(
      /no header row with the funds as columns and a Total column/,
    );
    await expect(readStatementFile('a.txt', Buffer.from(''))).rejects.toThrow(/\.xlsx workbook or a \.csv/);
    expect(() => small([['Salaries', '10', '', '10']])).toThrow(
      /not under an “Income” or “Expenditure” heading/,
    );
    expect(() =>
      small([
        ['Income', '', '', ''],
        ['Salaries', 'ten', '', '10'],
      ]),
    ).toThrow(/Row 3, column “Fund A”: “ten” is not an amount/);
  });
});
