/**
 * The Ofsted Annex A workbook (lists 1–9) read into journey events. A workbook needs every sheet
 * "List 1" … "List 9" and each list the columns used here; a missing or misspelt one refuses the
 * file whole, naming which and where. A row that cannot be read is reported with its reason and
 * left out; the rest go in. A list may also come alone as a .csv (recognised by its columns).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import { type Cell, RowProblem, agency, category, count, date, sex, text, yesNo } from './normalise.ts';
import type { JourneyEventInput } from './types.ts';
import { WorkbookUnreadable, XlsxReader } from './xlsx.ts';

export class FileRefused extends Error {}

export const ANNEX_A_SOURCE = 'annex-a';

/** An event of a row, before its child is found in the child index. */
export type RowEvent = Omit<JourneyEventInput, 'childId' | 'source' | 'districtId'>;

export interface ReturnRow {
  /** Where: the sheet (or file) and the row number as a spreadsheet shows it. */
  where: string;
  child: {
    laChildId: string;
    dateOfBirth: string | null;
    sex: 'female' | 'male' | 'unknown';
    upn?: string | null;
  };
  events: RowEvent[];
}

export interface RowReport {
  where: string;
  reason: string;
}

export interface ReadReturn {
  rows: ReturnRow[];
  problems: RowReport[];
  rowsRead: number;
}

type Get = (column: string) => Cell;

interface ListSpec {
  list: number;
  what: string;
  columns: readonly string[];
  events(get: Get, id: string, dob: string | null): RowEvent[];
}

const ID = 'Child Unique ID';
const CHILD = [ID, 'Gender', 'Date of Birth'] as const;

function required(get: Get, column: string): string {
  const d = date(get(column), column);
  if (d === null) throw new RowProblem(`${column} is empty`);
  return d;
}

function notBefore(later: string | null, earlier: string, what: string): void {
  if (later !== null && later < earlier)
    throw new RowProblem(`${what} (${later}) is before it starts (${earlier})`);
}

/** The same day `years` later (29 February becomes 1 March in a year without it). */
function addYears(d: string, years: number): string {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + years, m - 1, day)).toISOString().slice(0, 10);
}

export const ANNEX_A_LISTS: readonly ListSpec[] = [
  {
    list: 1,
    what: 'contacts',
    columns: [...CHILD, 'Date of Contact', 'Contact Source'],
    events: (get, id) => {
      const on = required(get, 'Date of Contact');
      return [
        {
          kind: 'contact',
          occurredOn: on,
          sourceRef: `${id}:${on}`,
          sourceAgency: agency(get('Contact Source')),
        },
      ];
    },
  },
  {
    list: 2,
    what: 'early help assessments',
    columns: [...CHILD, 'Assessment start date', 'Assessment completion date'],
    events: (get, id) => {
      const start = required(get, 'Assessment start date');
      const end = date(get('Assessment completion date'), 'Assessment completion date');
      notBefore(end, start, 'The early help assessment’s completion');
      const ref = `${id}:${start}`;
      const events: RowEvent[] = [{ kind: 'early_help_start', occurredOn: start, sourceRef: ref }];
      if (end) events.push({ kind: 'early_help_end', occurredOn: end, sourceRef: ref });
      return events;
    },
  },
  {
    list: 3,
    what: 'referrals',
    columns: [...CHILD, 'Date of Referral', 'Referral Source', 'Referral NFA?'],
    events: (get, id) => {
      const on = required(get, 'Date of Referral');
      const nfa = yesNo(get('Referral NFA?'), 'Referral NFA?');
      const ref = `${id}:${on}`;
      return [
        {
          kind: 'referral',
          occurredOn: on,
          sourceRef: ref,
          episodeRef: ref,
          sourceAgency: agency(get('Referral Source')),
          details: nfa === null ? {} : { nfa },
        },
      ];
    },
  },
  {
    list: 4,
    what: 'assessments',
    columns: [...CHILD, 'Continuous Assessment Start Date', 'Continuous Assessment Date of Authorisation'],
    events: (get, id) => {
      const start = required(get, 'Continuous Assessment Start Date');
      const done = date(
        get('Continuous Assessment Date of Authorisation'),
        'Continuous Assessment Date of Authorisation',
      );
      notBefore(done, start, 'The assessment’s authorisation');
      const ref = `${id}:${start}`;
      const events: RowEvent[] = [{ kind: 'assessment_start', occurredOn: start, sourceRef: ref }];
      if (done)
        events.push({
          kind: 'assessment_authorised',
          occurredOn: done,
          sourceRef: ref,
          details: { startedOn: start },
        });
      return events;
    },
  },
  {
    list: 5,
    what: 'section 47 enquiries and ICPCs',
    columns: [
      ...CHILD,
      'Strategy discussion initiating Section 47 Enquiry Start Date',
      'Date of Initial Child Protection Conference',
      'Did the Initial Child Protection Conference Result in a Child Protection Plan',
    ],
    events: (get, id) => {
      const start = required(get, 'Strategy discussion initiating Section 47 Enquiry Start Date');
      const icpc = date(
        get('Date of Initial Child Protection Conference'),
        'Date of Initial Child Protection Conference',
      );
      notBefore(icpc, start, 'The ICPC');
      const plan = yesNo(
        get('Did the Initial Child Protection Conference Result in a Child Protection Plan'),
        'Did the Initial Child Protection Conference Result in a Child Protection Plan',
      );
      const ref = `${id}:${start}`;
      const events: RowEvent[] = [{ kind: 'section47', occurredOn: start, sourceRef: ref, episodeRef: ref }];
      if (icpc)
        events.push({
          kind: 'icpc',
          occurredOn: icpc,
          sourceRef: ref,
          episodeRef: ref,
          details: { strategyDiscussionOn: start, ...(plan === null ? {} : { resultedInPlan: plan }) },
        });
      return events;
    },
  },
  {
    list: 6,
    what: 'children in need',
    columns: [...CHILD, 'CIN Start Date', 'CIN Closure Date'],
    events: (get, id) => {
      const start = required(get, 'CIN Start Date');
      const end = date(get('CIN Closure Date'), 'CIN Closure Date');
      notBefore(end, start, 'The CIN episode’s closure');
      const ref = `${id}:${start}`;
      const events: RowEvent[] = [{ kind: 'cin_start', occurredOn: start, sourceRef: ref }];
      if (end) events.push({ kind: 'cin_end', occurredOn: end, sourceRef: ref });
      return events;
    },
  },
  {
    list: 7,
    what: 'child protection plans',
    columns: [
      ...CHILD,
      'Child Protection Plan Start Date',
      'Initial Category of Abuse',
      'Date of latest review conference',
      'Child Protection Plan End Date',
      'Number of Previous Child Protection Plans',
    ],
    events: (get, id) => {
      const start = required(get, 'Child Protection Plan Start Date');
      const end = date(get('Child Protection Plan End Date'), 'Child Protection Plan End Date');
      notBefore(end, start, 'The plan’s end');
      const review = date(get('Date of latest review conference'), 'Date of latest review conference');
      const cat = category(get('Initial Category of Abuse'), 'Initial Category of Abuse');
      const previousPlans = count(
        get('Number of Previous Child Protection Plans'),
        'Number of Previous Child Protection Plans',
      );
      const ref = `${id}:${start}`;
      const events: RowEvent[] = [
        {
          kind: 'cp_plan_start',
          occurredOn: start,
          sourceRef: ref,
          details: {
            ...(cat ? { category: cat } : {}),
            ...(previousPlans === null ? {} : { previousPlans }),
          },
        },
      ];
      if (review)
        events.push({
          kind: 'cp_review',
          occurredOn: review,
          sourceRef: `${ref}:${review}`,
          episodeRef: ref,
        });
      if (end) events.push({ kind: 'cp_plan_end', occurredOn: end, sourceRef: ref });
      return events;
    },
  },
  {
    list: 8,
    what: 'children looked after',
    columns: [...CHILD, 'Date Started to be Looked After', 'Date Ceased to be Looked After'],
    events: (get, id) => {
      const start = required(get, 'Date Started to be Looked After');
      const end = date(get('Date Ceased to be Looked After'), 'Date Ceased to be Looked After');
      notBefore(end, start, 'Ceasing to be looked after');
      const ref = `${id}:${start}`;
      const events: RowEvent[] = [{ kind: 'cla_start', occurredOn: start, sourceRef: ref }];
      if (end) events.push({ kind: 'cla_end', occurredOn: end, sourceRef: ref });
      return events;
    },
  },
  {
    list: 9,
    what: 'care leavers',
    columns: [...CHILD, 'Eligibility Category'],
    // A care leaver from their 18th birthday; held until their 25th, when the duty to offer support ends.
    events: (_get, id, dob) => {
      if (!dob)
        throw new RowProblem('Date of Birth is empty: a care leaver is counted from their 18th birthday');
      return [
        {
          kind: 'care_leaver',
          occurredOn: addYears(dob, 18),
          sourceRef: id,
          details: { endedOn: addYears(dob, 25) },
        },
      ];
    },
  },
];

const norm = (h: string) => h.replace(/\s+/g, ' ').trim().toLowerCase();

/** The columns of a header row, by normalised name; refuses a list without its columns. */
function columnsOf(spec: ListSpec, header: readonly Cell[], where: string): Map<string, number> {
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const t = text(h);
    if (t !== null && !index.has(norm(t))) index.set(norm(t), i);
  });
  const missing = spec.columns.filter((c) => !index.has(norm(c)));
  if (missing.length > 0)
    throw new FileRefused(
      `${where} (List ${spec.list}, ${spec.what}) has no column ${missing.map((c) => `"${c}"`).join(', ')}: ` +
        'check the header row for a missing or misspelt column. Nothing was imported.',
    );
  return new Map(spec.columns.map((c) => [c, index.get(norm(c))!]));
}

/** Reads the data rows of one list, one at a time. */
function rowReader(spec: ListSpec, columns: Map<string, number>, where: string, out: ReadReturn) {
  const occurrences = new Map<string, number>();
  return (rowNumber: number, cells: readonly Cell[]) => {
    if (cells.every((c) => text(c) === null)) return;
    out.rowsRead++;
    const get: Get = (column) => cells[columns.get(column)!];
    const at = `${where}, row ${rowNumber}`;
    try {
      const id = text(get(ID));
      if (id === null) throw new RowProblem(`${ID} is empty`);
      const dob = date(get('Date of Birth'), 'Date of Birth');
      const events = spec.events(get, id, dob);
      // The same child and date twice in one list are two records: the second gets its own reference.
      for (const e of events) {
        const key = `${e.kind}:${e.sourceRef}`;
        const seen = (occurrences.get(key) ?? 0) + 1;
        occurrences.set(key, seen);
        if (seen > 1) {
          e.sourceRef = `${e.sourceRef}#${seen}`;
          if (e.episodeRef) e.episodeRef = `${e.episodeRef}#${seen}`;
        }
        e.sourceRef = `L${spec.list}:${e.sourceRef}`;
        if (e.episodeRef) e.episodeRef = `L${spec.list}:${e.episodeRef}`;
      }
      out.rows.push({
        where: at,
        child: { laChildId: id, dateOfBirth: dob, sex: sex(get('Gender')) },
        events,
      });
    } catch (error) {
      if (!(error instanceof RowProblem)) throw error;
      out.problems.push({ where: at, reason: error.message });
    }
  };
}

/** Rows handed on at a time: the import writes one batch while the next is read. */
export const ROWS_PER_BATCH = 10_000;

/**
 * Reads a workbook sheet by sheet, streaming, handing on the readable rows a batch at a time
 * (problems and the count of rows read gather in `out`); progress is reported by rows.
 */
async function* readWorkbook(
  file: string,
  onRow: (rows: number) => void,
  out: ReadReturn,
  rowsPerBatch: number,
): AsyncGenerator<ReturnRow[]> {
  let workbook: XlsxReader;
  try {
    workbook = await XlsxReader.open(file);
  } catch (error) {
    throw new FileRefused(
      `${path.basename(file)} is not a readable .xlsx workbook (${(error as Error).message}). Nothing was imported.`,
    );
  }
  const names = new Map([...workbook.sheets.keys()].map((n) => [n.trim(), n]));
  const missing = ANNEX_A_LISTS.filter((s) => !names.has(`List ${s.list}`)).map((s) => `"List ${s.list}"`);
  if (missing.length > 0) {
    const found = [...workbook.sheets.keys()].map((s) => `"${s}"`).join(', ') || 'none';
    throw new FileRefused(
      `${path.basename(file)} has no sheet ${missing.join(', ')} (sheets found: ${found}): ` +
        'an Annex A workbook needs List 1 to List 9, named so. Nothing was imported.',
    );
  }
  let seen = 0;
  try {
    for (const spec of ANNEX_A_LISTS) {
      const sheet = `Sheet "List ${spec.list}"`;
      let read: ((n: number, cells: readonly Cell[]) => void) | null = null;
      for await (const [n, cells] of workbook.rows(names.get(`List ${spec.list}`)!)) {
        if (read) read(n, cells);
        else if (cells.some((c) => text(c) !== null))
          read = rowReader(spec, columnsOf(spec, cells, `${sheet}, header row ${n}`), sheet, out);
        if (++seen % 5000 === 0) onRow(seen);
        if (out.rows.length >= rowsPerBatch) yield out.rows.splice(0);
      }
      if (!read) columnsOf(spec, [], `${sheet} (empty)`);
    }
  } catch (error) {
    if (error instanceof WorkbookUnreadable)
      throw new FileRefused(
        `${path.basename(file)} is not a readable .xlsx workbook (${error.message}). Nothing was imported.`,
      );
    throw error;
  }
  onRow(seen);
  if (out.rows.length > 0) yield out.rows.splice(0);
}

/** Reads one list from a CSV file: the list is named by the file (List_3.csv) or known by its columns. */
async function* readCsv(
  file: string,
  onRow: (rows: number) => void,
  out: ReadReturn,
  rowsPerBatch: number,
): AsyncGenerator<ReturnRow[]> {
  const records: [number, Cell[]][] = [];
  const parser = fs
    .createReadStream(file)
    .pipe(parse({ relax_column_count: true, bom: true, skip_empty_lines: true }));
  let line = 0;
  try {
    for await (const record of parser) {
      records.push([++line, record as string[]]);
      if (line % 5000 === 0) onRow(line);
    }
  } catch (error) {
    throw new FileRefused(
      `${path.basename(file)} is not a readable CSV file (${(error as Error).message}). Nothing was imported.`,
    );
  }
  const header = records[0]?.[1] ?? [];
  const named = /list[ _-]?(\d+)/i.exec(path.basename(file))?.[1];
  let spec = named ? ANNEX_A_LISTS.find((s) => s.list === Number(named)) : undefined;
  if (named && !spec)
    throw new FileRefused(
      `${path.basename(file)}: List ${named} is not one of the lists imported (1 to 9). Nothing was imported.`,
    );
  if (!spec) {
    const headers = new Set(header.map((h) => norm(text(h) ?? '')));
    // The list whose columns fit best; the most specific first, so List 5 is not taken for List 1.
    const ranked = [...ANNEX_A_LISTS]
      .map((s) => ({ s, hits: s.columns.filter((c) => headers.has(norm(c))).length }))
      .sort((a, b) => b.hits - a.hits || b.s.columns.length - a.s.columns.length);
    spec = ranked[0]!.s;
  }
  const columns = columnsOf(spec, header, `${path.basename(file)}, header row 1`);
  const read = rowReader(spec, columns, path.basename(file), out);
  for (const [n, cells] of records.slice(1)) {
    read(n, cells);
    if (out.rows.length >= rowsPerBatch) yield out.rows.splice(0);
  }
  if (out.rows.length > 0) yield out.rows.splice(0);
}

/**
 * Reads an Annex A workbook (.xlsx) or one list (.csv), a batch of readable rows at a time; the
 * rows that cannot be read, and the count of rows read, gather in `out`. A file refused whole
 * throws FileRefused: before the first batch for a missing file, sheet or first list's column,
 * or part-way for a later list's column (the importer then keeps nothing).
 */
export async function* readAnnexABatches(
  file: string,
  out: ReadReturn,
  onRow: (rows: number) => void = () => {},
  rowsPerBatch = ROWS_PER_BATCH,
): AsyncGenerator<ReturnRow[]> {
  if (!fs.existsSync(file)) throw new FileRefused(`${file}: no such file. Nothing was imported.`);
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xlsx') yield* readWorkbook(file, onRow, out, rowsPerBatch);
  else if (ext === '.csv') yield* readCsv(file, onRow, out, rowsPerBatch);
  else
    throw new FileRefused(
      `${path.basename(file)}: an Annex A return is an .xlsx workbook or one list as .csv. Nothing was imported.`,
    );
}

/** Reads a whole Annex A workbook (.xlsx) or one list (.csv); refuses a file it cannot take whole. */
export async function readAnnexA(
  file: string,
  onRow: (rows: number) => void = () => {},
): Promise<ReadReturn> {
  const out: ReadReturn = { rows: [], problems: [], rowsRead: 0 };
  const rows: ReturnRow[] = [];
  for await (const batch of readAnnexABatches(file, out, onRow)) for (const r of batch) rows.push(r);
  out.rows = rows;
  return out;
}
