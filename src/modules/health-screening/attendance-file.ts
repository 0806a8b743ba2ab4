/**
 * Reading an A&E file: its columns mapped onto ours (guessed from their names the first time,
 * then the mapping saved for the team), each row checked, and only children's attendances kept.
 * A file that lacks a mapped column is refused whole; a row that cannot be read is reported by
 * its row number with the reason, and the rest go on. Large files are read in slices, giving
 * the event loop a turn between them.
 */
import { parse } from 'csv-parse';
import { isValidNhsNumber, normaliseNhsNumber, normalisePostcode } from '../../platform/identifiers/index.ts';

/** Our fields, in the order the mapping page asks for them. */
export const ATTENDANCE_FIELDS = [
  {
    field: 'attendance_id',
    label: 'Attendance id',
    required: true,
    aliases: ['attendance id', 'attendance ref', 'attendance number', 'encounter id', 'id'],
  },
  {
    field: 'arrived_at',
    label: 'Arrival time',
    required: true,
    aliases: ['arrival', 'arrival time', 'arrived', 'arrival date time', 'attendance date', 'time'],
  },
  {
    field: 'department',
    label: 'Department',
    required: false,
    aliases: ['department', 'site', 'unit', 'ed'],
  },
  {
    field: 'given_name',
    label: 'Given name',
    required: true,
    aliases: ['forename', 'first name', 'given name', 'firstname'],
  },
  {
    field: 'family_name',
    label: 'Family name',
    required: true,
    aliases: ['surname', 'last name', 'family name', 'lastname'],
  },
  {
    field: 'date_of_birth',
    label: 'Date of birth',
    required: true,
    aliases: ['dob', 'date of birth', 'birth date'],
  },
  { field: 'nhs_number', label: 'NHS number', required: false, aliases: ['nhs number', 'nhs no', 'nhs'] },
  { field: 'postcode', label: 'Postcode', required: false, aliases: ['postcode', 'post code'] },
  {
    field: 'ethnicity',
    label: 'Ethnicity',
    required: false,
    aliases: ['ethnicity', 'ethnic group', 'ethnic origin'],
  },
  {
    field: 'presenting_complaint',
    label: 'Presenting complaint',
    required: true,
    aliases: ['presenting complaint', 'complaint', 'chief complaint', 'reason for attendance'],
  },
  {
    field: 'notes',
    label: 'Notes',
    required: true,
    aliases: ['notes', 'clinical notes', 'free text', 'triage notes'],
  },
] as const;

export type AttendanceField = (typeof ATTENDANCE_FIELDS)[number]['field'];
/** Our field → their column; optional fields may be absent. */
export type ColumnMap = Partial<Record<AttendanceField, string>>;

export interface FileProblem {
  /** The row as a spreadsheet numbers it: the header is row 1; null for the file as a whole. */
  row: number | null;
  column: string | null;
  message: string;
}

export class AttendanceFileError extends Error {
  constructor(readonly problems: FileProblem[]) {
    super(problems.map((p) => (p.row ? `Row ${p.row}: ${p.message}` : p.message)).join('\n'));
  }
}

/** A column name as compared: lower case, letters and digits only ("Arrival Date/Time" = "arrivaldatetime"). */
const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

/** A first guess: each of our fields onto the column whose name is one of its usual names. */
export function guessMapping(header: readonly string[]): ColumnMap {
  const map: ColumnMap = {};
  const taken = new Set<string>();
  for (const f of ATTENDANCE_FIELDS) {
    const names = [squash(f.field), ...f.aliases.map(squash)];
    const column = header.find((h) => !taken.has(h) && names.includes(squash(h)));
    if (column) {
      map[f.field] = column;
      taken.add(column);
    }
  }
  return map;
}

/** Every required field mapped to a column the file has, and optional ones too if named: else the whole file is refused. */
export function checkMapping(header: readonly string[], map: ColumnMap): FileProblem[] {
  const problems: FileProblem[] = [];
  const columns = new Set(header);
  for (const f of ATTENDANCE_FIELDS) {
    const column = map[f.field];
    if (!column) {
      if (f.required)
        problems.push({
          row: null,
          column: null,
          message: `No column holds the ${f.label.toLowerCase()}: the file needs one`,
        });
    } else if (!columns.has(column)) {
      problems.push({
        row: null,
        column,
        message: `The column “${column}” (${f.label.toLowerCase()}) is not in the file`,
      });
    }
  }
  return problems;
}

/** An attendance as read from one good row. */
export interface AttendanceRow {
  row: number;
  attendanceRef: string;
  arrivedAt: Date;
  department: string | null;
  givenName: string | null;
  familyName: string;
  dateOfBirth: string;
  ageYears: number;
  nhsNumber: string | null;
  postcode: string | null;
  ethnicity: string | null;
  presentingComplaint: string | null;
  notes: string;
}

/** 2026-03-04, 20260304 or 04/03/2026 (day first, as written in England). */
export function parseDate(value: string): string | null {
  let y: number;
  let m: number;
  let d: number;
  let match = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(value);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else {
    match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
    if (!match) return null;
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** An ISO time (with or without a zone; without one it is UK local time), or "04/03/2026 14:05". */
export function parseArrival(value: string): Date | null {
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  let iso = value;
  if (uk) {
    const date = parseDate(`${uk[1]}/${uk[2]}/${uk[3]}`);
    if (!date) return null;
    iso = `${date}T${uk[4]!.padStart(2, '0')}:${uk[5]}:${uk[6] ?? '00'}`;
  }
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(iso);
  if (!m || !parseDate(m[1]!)) return null;
  if (Number(m[2]) > 23 || Number(m[3]) > 59) return null;
  const zone = m[5] ?? londonOffset(m[1]!);
  const time = new Date(`${m[1]}T${m[2]}:${m[3]}:${m[4] ?? '00'}${zone}`);
  return Number.isNaN(time.getTime()) ? null : time;
}

// Formatters are costly to make: one each, made once.
const LONDON_HOUR = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  hour12: false,
});
const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

/** UK local time's offset on a date: +01:00 in British Summer Time, else Z. */
function londonOffset(date: string): string {
  return LONDON_HOUR.format(new Date(`${date}T12:00:00Z`)) === '13' ? '+01:00' : 'Z';
}

/** Whole years from a date of birth to a day. */
export function ageOn(dateOfBirth: string, day: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The day (in UK time) of a moment. */
export function londonDay(at: Date): string {
  return LONDON_DAY.format(at);
}

export type RowResult =
  | { kind: 'child'; attendance: AttendanceRow }
  | { kind: 'adult' }
  | { kind: 'problem'; problem: FileProblem };

/** One row's cells (by our field) into an attendance, or the reason it cannot be read. */
export function readRow(
  row: number,
  cells: Partial<Record<AttendanceField, string>>,
  columns: ColumnMap,
): RowResult {
  const value = (f: AttendanceField) => (cells[f] ?? '').trim();
  const problem = (f: AttendanceField, message: string): RowResult => ({
    kind: 'problem',
    problem: { row, column: columns[f] ?? null, message },
  });
  // A NUL cannot be stored (the web's input boundary refuses it already; the command line too).
  for (const [field, cell] of Object.entries(cells) as [AttendanceField, string][])
    if (cell?.includes('\u0000'))
      return problem(field, 'The cell holds a null character, which cannot be stored');
  const ref = value('attendance_id');
  if (!ref) return problem('attendance_id', 'The attendance id is blank');
  if (ref.length > 100) return problem('attendance_id', 'The attendance id is longer than 100 characters');
  const arrivedAt = parseArrival(value('arrived_at'));
  if (!arrivedAt)
    return problem(
      'arrived_at',
      `“${value('arrived_at').slice(0, 40)}” is not a date and time, like 2026-03-04 14:05`,
    );
  const dateOfBirth = parseDate(value('date_of_birth'));
  if (!dateOfBirth)
    return problem(
      'date_of_birth',
      `“${value('date_of_birth').slice(0, 40)}” is not a date, like 2012-03-04`,
    );
  const day = londonDay(arrivedAt);
  if (dateOfBirth > day) return problem('date_of_birth', 'The date of birth is after the attendance');
  const ageYears = ageOn(dateOfBirth, day);
  // Adults are dropped before anything else is checked or kept.
  if (ageYears >= 18) return { kind: 'adult' };
  const familyName = value('family_name');
  if (!familyName) return problem('family_name', 'The family name is blank');
  let nhsNumber: string | null = null;
  if (value('nhs_number')) {
    const n = normaliseNhsNumber(value('nhs_number'));
    if (!n || !isValidNhsNumber(n))
      return problem('nhs_number', `“${value('nhs_number').slice(0, 20)}” is not a valid NHS number`);
    nhsNumber = n;
  }
  const postcode = value('postcode')
    ? (normalisePostcode(value('postcode')) ?? value('postcode').toUpperCase())
    : null;
  const orNull = (f: AttendanceField, max: number) => value(f).slice(0, max) || null;
  return {
    kind: 'child',
    attendance: {
      row,
      attendanceRef: ref,
      arrivedAt,
      department: orNull('department', 200),
      givenName: orNull('given_name', 100),
      familyName: familyName.slice(0, 100),
      dateOfBirth,
      ageYears,
      nhsNumber,
      postcode,
      ethnicity: orNull('ethnicity', 100),
      presentingComplaint: orNull('presenting_complaint', 1000),
      notes: value('notes').slice(0, 20_000),
    },
  };
}

/** Gives other work (requests, timers) a turn. */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The header row of a CSV file, to map its columns; the file is refused if it has none or is not CSV. */
export async function readHeader(bytes: Uint8Array): Promise<{ header: string[]; rowCount: number }> {
  let header: string[] | null = null;
  let rowCount = 0;
  await readCsv(bytes, (record) => {
    if (!header) header = record.cells;
    else rowCount++;
  });
  if (!header || (header as string[]).every((h) => h === ''))
    throw new AttendanceFileError([
      { row: 1, column: null, message: 'The file is empty: a header row is needed' },
    ]);
  const seen = new Set<string>();
  for (const h of header as string[]) {
    if (seen.has(h))
      throw new AttendanceFileError([
        { row: 1, column: h, message: `The column “${h}” appears twice in the header` },
      ]);
    seen.add(h);
  }
  return { header, rowCount };
}

/**
 * Every record of a UTF-8 CSV file, in slices of 1 MB with a turn of the event loop between
 * them. A file that is not UTF-8, or whose quoting is broken, is refused whole (by row).
 */
export async function readCsv(
  bytes: Uint8Array,
  onRecord: (record: { row: number; cells: string[] }) => void,
): Promise<void> {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AttendanceFileError([
      {
        row: null,
        column: null,
        message: 'The file is not UTF-8 text: save it as “CSV UTF-8” and upload it again',
      },
    ]);
  }
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true });
  let failure: Error | null = null;
  // A row as a spreadsheet numbers it: the header is row 1 (a note over several lines is one row).
  let row = 0;
  parser.on('readable', () => {
    for (let record = parser.read(); record !== null; record = parser.read()) {
      onRecord({ row: ++row, cells: record as string[] });
    }
  });
  parser.on('error', (error) => {
    failure = error;
  });
  const done = new Promise<void>((resolve) => parser.on('end', resolve));
  const slice = 1 << 20;
  for (let k = 0; k < bytes.length && !failure; k += slice) {
    parser.write(Buffer.from(bytes.buffer, bytes.byteOffset + k, Math.min(slice, bytes.length - k)));
    await yieldToEventLoop();
  }
  if (!failure) {
    parser.end();
    await Promise.race([done, new Promise((resolve) => parser.on('error', resolve))]);
  }
  if (failure) {
    const line = (failure as { lines?: number }).lines;
    throw new AttendanceFileError([
      {
        row: line ?? null,
        column: null,
        message: `The file cannot be read as CSV from here: ${(failure as Error).message}`,
      },
    ]);
  }
}

export interface FileRows {
  children: AttendanceRow[];
  adults: number;
  problems: FileProblem[];
}

/**
 * The file's rows through the mapping: attendances of children, a count of adults dropped, and
 * each unreadable row with its reason. Refused whole when a mapped column is missing.
 */
export async function readAttendances(bytes: Uint8Array, columns: ColumnMap): Promise<FileRows> {
  const out: FileRows = { children: [], adults: 0, problems: [] };
  let index: Partial<Record<AttendanceField, number>> | null = null;
  let width = 0;
  let header: string[] = [];
  let refused: FileProblem[] | null = null;
  await readCsv(bytes, ({ row, cells }) => {
    if (refused) return;
    if (!index) {
      header = cells;
      width = cells.length;
      const missing = checkMapping(cells, columns);
      if (missing.length) {
        refused = missing;
        return;
      }
      index = {};
      for (const f of ATTENDANCE_FIELDS) {
        const column = columns[f.field];
        if (column) index[f.field] = cells.indexOf(column);
      }
      return;
    }
    if (cells.length !== width) {
      out.problems.push({
        row,
        column: null,
        message: `The row has ${cells.length} cells where the header has ${width}`,
      });
      return;
    }
    const byField: Partial<Record<AttendanceField, string>> = {};
    for (const [f, k] of Object.entries(index) as [AttendanceField, number][]) byField[f] = cells[k];
    const result = readRow(row, byField, columns);
    if (result.kind === 'child') out.children.push(result.attendance);
    else if (result.kind === 'adult') out.adults++;
    else out.problems.push(result.problem);
  });
  if (refused) throw new AttendanceFileError(refused);
  if (!index)
    throw new AttendanceFileError([
      { row: 1, column: null, message: 'The file is empty: a header row is needed' },
    ]);
  void header;
  return out;
}
