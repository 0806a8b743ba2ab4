/**
 * People from another agency's CSV extract: columns with the standard names are used as they
 * are, others are mapped (`THEIR_COLUMN=standard_name`; several columns mapped to `address` are
 * joined in order). Every problem names its row and column, and a file with any problem gives
 * no records at all: nothing is half-imported.
 */
import { parse } from 'csv-parse/sync';
import {
  PERSON_FIELDS,
  type PersonField,
  type PersonRecord,
  dateOfBirthParts,
  isCalendarDate,
} from './person.ts';

export interface CsvProblem {
  /** The row as a spreadsheet numbers it: the header is row 1. */
  row: number;
  column: string | null;
  message: string;
}

export class CsvInputError extends Error {
  constructor(readonly problems: CsvProblem[]) {
    super(
      problems
        .slice(0, 20)
        .map((p) =>
          p.column ? `Row ${p.row}, column “${p.column}”: ${p.message}` : `Row ${p.row}: ${p.message}`,
        )
        .join('\n') + (problems.length > 20 ? `\n… and ${problems.length - 20} more problems` : ''),
    );
  }
}

export interface ColumnMapping {
  /** Their column → a standard field name. */
  map?: Readonly<Record<string, string>>;
  /** A column whose equal values mark the same person; never used for matching. */
  truth?: string | undefined;
}

export interface PeopleFromCsv {
  records: PersonRecord[];
  truth: string[] | null;
  /** Which of their columns feeds each standard field. */
  columns: Partial<Record<PersonField, string[]>>;
  /** Each record's row number in the file. */
  rows: number[];
  /** What was read but looks wrong (e.g. 2014-02-30), for the person running it to know. */
  warnings: CsvProblem[];
}

const KEY: Record<PersonField, keyof PersonRecord> = {
  given_name: 'givenName',
  family_name: 'familyName',
  sex: 'sex',
  date_of_birth: 'dateOfBirth',
  postcode: 'postcode',
  address: 'address',
  nhs_number: 'nhsNumber',
};

/** Where the first byte that is not UTF-8 sits: its row and (by counting commas) its column. */
function encodingProblem(bytes: Uint8Array, header: string[]): CsvProblem | null {
  const decodes = (length: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  if (isCompleteUtf8(bytes)) return null;
  // The longest prefix that decodes ends where the first bad byte starts.
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (decodes(mid)) low = mid;
    else high = mid - 1;
  }
  let row = 1;
  let lineStart = 0;
  for (let k = 0; k < low; k++) {
    if (bytes[k] === 10) {
      row++;
      lineStart = k + 1;
    }
  }
  let commas = 0;
  for (let k = lineStart; k < low; k++) if (bytes[k] === 44) commas++;
  return {
    row,
    column: header[commas] ?? null,
    message: 'is not UTF-8 text. Save the file as “CSV UTF-8” and try again',
  };
}

/** A file cut off in the middle of a character decodes in a stream, but is not whole. */
function isCompleteUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * A file without a quotation mark has no quoted cells: its rows are its lines and its cells lie
 * between commas, read four to five times faster than by the general parser (the same result:
 * a byte-order mark dropped, cells trimmed, empty lines skipped, every row as long as the first).
 */
function plainCsvRows(bytes: Uint8Array): string[][] | CsvInputError {
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  const lines = text.split('\n');
  const rows: string[][] = [];
  let width = -1;
  for (let k = 0; k < lines.length; k++) {
    let line = lines[k]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line === '') continue;
    const cells = line.split(',');
    for (let c = 0; c < cells.length; c++) cells[c] = cells[c]!.trim();
    if (width === -1) width = cells.length;
    else if (cells.length !== width)
      return new CsvInputError([
        {
          row: k + 1,
          column: null,
          message: `cannot be read as CSV: Invalid Record Length: expect ${width}, got ${cells.length} on line ${k + 1}`,
        },
      ]);
    rows.push(cells);
  }
  return rows;
}

/** The cells of a UTF-8 CSV file with a header row; a problem names its row (and column). */
export function readCsvTable(input: Uint8Array | string): { header: string[]; rows: string[][] } {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const firstLine =
    new TextDecoder('latin1')
      .decode(bytes.subarray(0, Math.min(bytes.length, 64 * 1024)))
      .split(/\r?\n/)[0] ?? '';
  const roughHeader = firstLine
    .replace(/^\uFEFF|^ï»¿/, '')
    .split(',')
    .map((h) => h.trim());
  const badEncoding = encodingProblem(bytes, roughHeader);
  if (badEncoding) throw new CsvInputError([badEncoding]);
  let rows: string[][];
  const plain = bytes.indexOf(34) === -1 ? plainCsvRows(bytes) : null;
  if (plain instanceof CsvInputError) throw plain;
  if (plain) rows = plain;
  else
    try {
      rows = parse(Buffer.from(bytes), {
        bom: true,
        trim: true,
        skip_empty_lines: true,
        relax_column_count: false,
      });
    } catch (error) {
      const line = (error as { lines?: number }).lines;
      throw new CsvInputError([
        { row: line ?? 1, column: null, message: `cannot be read as CSV: ${(error as Error).message}` },
      ]);
    }
  const header = rows[0] ?? [];
  if (header.length === 0 || header.every((h) => h === '')) {
    throw new CsvInputError([{ row: 1, column: null, message: 'the file is empty: a header row is needed' }]);
  }
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h))
      throw new CsvInputError([
        { row: 1, column: h, message: 'appears twice in the header: each column needs its own name' },
      ]);
    seen.add(h);
  }
  return { header, rows: rows.slice(1) };
}

export function peopleFromCsv(input: Uint8Array | string, mapping: ColumnMapping = {}): PeopleFromCsv {
  const table = readCsvTable(input);
  const header = table.header;
  const rows = [header, ...table.rows];
  const problems: CsvProblem[] = [];
  const index = new Map(header.map((h, k) => [h, k]));

  // Which of their columns feed which standard field.
  const columns: Partial<Record<PersonField, string[]>> = {};
  const standard = new Set<string>(PERSON_FIELDS);
  const mapped = new Set(Object.keys(mapping.map ?? {}));
  for (const [theirs, ours] of Object.entries(mapping.map ?? {})) {
    if (!standard.has(ours)) {
      problems.push({
        row: 1,
        column: theirs,
        message: `cannot be mapped to “${ours}”: the standard names are ${PERSON_FIELDS.join(', ')}`,
      });
    } else if (!index.has(theirs)) {
      problems.push({ row: 1, column: theirs, message: 'is not in the file (the mapping names it)' });
    } else {
      columns[ours as PersonField] = [...(columns[ours as PersonField] ?? []), theirs];
    }
  }
  for (const h of header) {
    if (standard.has(h) && !mapped.has(h) && !columns[h as PersonField]) columns[h as PersonField] = [h];
  }
  if (mapping.truth !== undefined) {
    if (!index.has(mapping.truth))
      problems.push({
        row: 1,
        column: mapping.truth,
        message: 'is not in the file (named as the truth column)',
      });
    for (const field of PERSON_FIELDS) {
      if (columns[field]?.includes(mapping.truth))
        problems.push({
          row: 1,
          column: mapping.truth,
          message: 'is the truth column, so it cannot also be used for matching',
        });
    }
  }
  const found = PERSON_FIELDS.filter((f) => columns[f]?.length);
  const hasName = Boolean(columns.given_name || columns.family_name);
  if (!hasName || found.length < 2) {
    problems.push({
      row: 1,
      column: null,
      message: `too few columns to match people on: found ${found.length ? found.join(', ') : 'none'}. A name and at least one more of ${PERSON_FIELDS.join(', ')} are needed; map other names with THEIR_COLUMN=standard_name`,
    });
  }
  if (problems.length) throw new CsvInputError(problems);

  const records: PersonRecord[] = [];
  const truth: string[] | null = mapping.truth !== undefined ? [] : null;
  const rowNumbers: number[] = [];
  const warnings: CsvProblem[] = [];
  for (let r = 1; r < rows.length; r++) {
    const cells = rows[r]!;
    const rowNumber = r + 1;
    const record: PersonRecord = {};
    for (const field of found) {
      const value = columns[field]!.map((c) => cells[index.get(c)!] ?? '')
        .filter((v) => v !== '')
        .join(field === 'address' ? ', ' : ' ');
      if (field === 'date_of_birth' && value !== '') {
        const parts = dateOfBirthParts(value);
        if (!parts)
          problems.push({
            row: rowNumber,
            column: columns[field]![0]!,
            message: `“${value.slice(0, 40)}” is not a date: write it as YYYY-MM-DD or YYYYMMDD`,
          });
        else if (!isCalendarDate(parts))
          warnings.push({
            row: rowNumber,
            column: columns[field]![0]!,
            message: `“${value}” is not a day of the calendar; it is compared part by part`,
          });
      }
      record[KEY[field]] = value === '' ? null : value;
    }
    records.push(record);
    truth?.push(cells[index.get(mapping.truth!)!] ?? '');
    rowNumbers.push(rowNumber);
  }
  if (problems.length) throw new CsvInputError(problems);
  return { records, truth, columns, rows: rowNumbers, warnings };
}
