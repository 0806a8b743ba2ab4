/**
 * Importing a return: read (refusing a file it cannot take whole), find or add each child in the
 * child index, then record every event of the readable rows in one transaction. Importing the same
 * file again finds every event already recorded exactly so, and changes nothing.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/client.ts';
import { findOrAddImportedChildren } from '../children/index.ts';
import {
  ANNEX_A_SOURCE,
  FileRefused,
  type ReadReturn,
  type ReturnRow,
  type RowReport,
  readAnnexABatches,
} from './annex-a.ts';
import { CIN_CENSUS_SOURCE, readCinCensus } from './cin-census.ts';
import { upsertEvents } from './queries.ts';
import { analyse } from './synthetic.ts';
import type { JourneyEventInput } from './types.ts';

export { FileRefused } from './annex-a.ts';

export interface ImportReport {
  file: string;
  rowsRead: number;
  rowsImported: number;
  problems: RowReport[];
  childrenMatched: number;
  childrenAdded: number;
  eventsInserted: number;
  eventsUpdated: number;
  eventsUnchanged: number;
}

export interface ImportProgress {
  /** Rows read so far. */
  reading(rows: number): void;
  /** Events written so far, out of the events read so far (the whole file's once it is read). */
  writing(done: number, total: number): void;
}

const quiet: ImportProgress = { reading: () => {}, writing: () => {} };

/**
 * Records what is read, a batch of rows at a time, in one transaction: each batch's children are
 * found (or added) in one statement, then its events are written in one statement. The next batch
 * is read while the database writes the last one. A file refused part-way rolls the whole
 * transaction back: nothing is kept.
 */
async function store(
  db: Db,
  kind: 'annex-a' | 'cin-census',
  source: string,
  file: string,
  batches: AsyncIterator<ReturnRow[]>,
  read: ReadReturn,
  progress: ImportProgress,
): Promise<ImportReport> {
  const sha256 = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  // The first batch is read before the transaction opens: a file refused at its start (no such
  // file, a missing sheet or column) never touches the database.
  const first = await batches.next();
  const report = await db.transaction().execute(async (trx) => {
    const problems = read.problems;
    let rowsImported = 0;
    let childrenAdded = 0;
    // By child: one added in an earlier batch is found by its id in a later one, and stays "added".
    const childrenMatched = new Set<string>();
    const childrenAddedIds = new Set<string>();
    const summary = { inserted: 0, updated: 0, unchanged: 0 };
    let eventsRead = 0;
    let written = 0;

    const write = async (rows: ReturnRow[]) => {
      const children = await findOrAddImportedChildren(
        trx,
        source,
        rows.map((r) => r.child),
      );
      childrenAdded += children.added;
      const events: JourneyEventInput[] = [];
      for (const row of rows) {
        const match = children.matches.get(row.child.laChildId);
        if (!match) {
          problems.push({
            where: row.where,
            reason: children.refused.get(row.child.laChildId) ?? 'child not found',
          });
          continue;
        }
        if (match.matchedBy === 'added') childrenAddedIds.add(match.childId);
        else if (!childrenAddedIds.has(match.childId)) childrenMatched.add(match.childId);
        rowsImported++;
        for (const e of row.events)
          events.push({ ...e, childId: match.childId, source, districtId: match.districtId });
      }
      const s = await upsertEvents(trx, events);
      summary.inserted += s.inserted;
      summary.updated += s.updated;
      summary.unchanged += s.unchanged;
      written += events.length;
      // Out of the events read so far: the total grows until the whole file is read.
      progress.writing(written, eventsRead);
    };

    // Write batch n while batch n + 1 is read: the database and the reader work side by side.
    let writing: Promise<void> = Promise.resolve();
    let next = first;
    while (!next.done) {
      const rows = next.value;
      for (const r of rows) eventsRead += r.events.length;
      await writing;
      writing = write(rows);
      // A rejected write is awaited below; keep it from counting as unhandled meanwhile.
      writing.catch(() => {});
      try {
        next = await batches.next();
      } catch (error) {
        await writing.catch(() => {});
        throw error;
      }
    }
    await writing;

    if (summary.inserted + summary.updated + childrenAdded > 0) {
      await trx
        .insertInto('journeyImport')
        .values({
          kind,
          filename: path.basename(file),
          sha256,
          rowsRead: read.rowsRead,
          rowsRefused: problems.length,
          eventsInserted: summary.inserted,
          eventsUpdated: summary.updated,
          childrenAdded,
        })
        .execute();
    }
    problems.sort((a, b) => a.where.localeCompare(b.where, 'en', { numeric: true }));
    return {
      file: path.basename(file),
      rowsRead: read.rowsRead,
      rowsImported,
      problems,
      childrenMatched: childrenMatched.size,
      childrenAdded,
      eventsInserted: summary.inserted,
      eventsUpdated: summary.updated,
      eventsUnchanged: summary.unchanged,
    };
  });
  if (report.eventsInserted > 10_000) await analyse(db);
  return report;
}

/** Imports an Annex A workbook (.xlsx) or one of its lists (.csv). Throws FileRefused for a file refused whole. */
export async function importAnnexA(
  db: Db,
  file: string,
  progress: ImportProgress = quiet,
  options: { rowsPerBatch?: number } = {},
): Promise<ImportReport> {
  const read: ReadReturn = { rows: [], problems: [], rowsRead: 0 };
  const batches = readAnnexABatches(file, read, progress.reading, options.rowsPerBatch);
  return store(db, 'annex-a', ANNEX_A_SOURCE, file, batches, read, progress);
}

/** Imports a Children in Need census XML file, validated against the schema first. */
export async function importCinCensus(
  db: Db,
  file: string,
  progress: ImportProgress = quiet,
): Promise<ImportReport> {
  const read = await readCinCensus(file);
  progress.reading(read.rowsRead);
  // One batch: a census is small, and its children's shared identifiers are judged together.
  const rows = read.rows;
  read.rows = [];
  const batches = (async function* () {
    if (rows.length > 0) yield rows;
  })();
  return store(db, 'cin-census', CIN_CENSUS_SOURCE, file, batches, read, progress);
}

/**
 * Imports the child population from a CSV with columns district (code or name), year, children.
 * Any unreadable row refuses the file: rates computed from half a population would mislead.
 */
export async function importPopulation(db: Db, file: string): Promise<{ rows: number }> {
  if (!fs.existsSync(file)) throw new FileRefused(`${file}: no such file. Nothing was imported.`);
  const records = parse(fs.readFileSync(file), {
    columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
    bom: true,
    skip_empty_lines: true,
    trim: true,
  }) as Record<string, string>[];
  const needed = ['district', 'year', 'children'];
  const first = records[0] ?? {};
  const missing = needed.filter((c) => !(c in first));
  if (records.length === 0 || missing.length > 0)
    throw new FileRefused(
      `${path.basename(file)} needs the columns district, year and children${missing.length ? ` (missing: ${missing.join(', ')})` : ''}. Nothing was imported.`,
    );
  const districts = await db.selectFrom('registryDistrict').select(['id', 'code', 'name']).execute();
  const find = (v: string) =>
    districts.find(
      (d) => d.code.toLowerCase() === v.toLowerCase() || d.name.toLowerCase() === v.toLowerCase(),
    );
  const rows = records.map((r, i) => {
    const d = find(r.district ?? '');
    const year = Number(r.year);
    const children = Number(r.children);
    if (!d)
      throw new FileRefused(
        `${path.basename(file)}, row ${i + 2}: no district "${r.district}". Nothing was imported.`,
      );
    if (!Number.isInteger(year) || year < 1990 || year > 2100)
      throw new FileRefused(
        `${path.basename(file)}, row ${i + 2}: "${r.year}" is not a year. Nothing was imported.`,
      );
    if (!Number.isInteger(children) || children <= 0)
      throw new FileRefused(
        `${path.basename(file)}, row ${i + 2}: "${r.children}" is not a number of children. Nothing was imported.`,
      );
    return { districtId: d.id, year, children };
  });
  await db.transaction().execute(async (trx) => {
    for (const r of rows)
      await trx
        .insertInto('journeyPopulation')
        .values({ ...r, updatedBy: null })
        .onConflict((oc) =>
          oc
            .columns(['districtId', 'year'])
            .doUpdateSet({ children: r.children, updatedAt: sql`now()`, updatedBy: null }),
        )
        .execute();
  });
  return { rows: rows.length };
}
