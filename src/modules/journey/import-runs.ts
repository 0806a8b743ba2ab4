/**
 * Imports started from the web page: the uploaded file is imported in the background (the same
 * code as the command line), and its page follows the progress and then shows the report. Each run
 * is a row (journey_import_run), written when the file is accepted and when the import ends, so
 * any server process can show it and a restart forgets nothing; the process doing the work shows
 * its live progress from memory, since writing progress during the import could wait behind the
 * import's own transaction (the embedded database has one connection). What the import changed is
 * in the database with its audit entry, written in the import's own transaction. A refused file
 * keeps nothing: the run says why.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuditWriter } from '../../platform/audit/audit-log.ts';
import * as clock from '../../platform/clock.ts';
import type { Db } from '../../platform/db/client.ts';
import type { RowReport } from './annex-a.ts';
import {
  FileRefused,
  type ImportReport,
  importAnnexA,
  importCinCensus,
  importPopulation,
} from './imports.ts';

export type ImportKind = 'annex-a' | 'cin-census' | 'population';

export const IMPORT_KINDS: Record<ImportKind, { label: string; hint: string; extensions: string[] }> = {
  'annex-a': {
    label: 'Ofsted Annex A return',
    hint: 'The workbook (.xlsx, List 1 to List 9), or one list as .csv',
    extensions: ['.xlsx', '.csv'],
  },
  'cin-census': {
    label: 'Children in Need census',
    hint: 'The census XML file (.xml), checked against the schema',
    extensions: ['.xml'],
  },
  population: {
    label: 'Child population',
    hint: 'A CSV file with the columns district, year and children',
    extensions: ['.csv'],
  },
};

export interface ImportRun {
  id: string;
  kind: ImportKind;
  /** The name of the file the person chose, as shown to them. */
  filename: string;
  /** The name it is read under: its kind and the extension its first bytes show. */
  storedAs: string;
  startedBy: string;
  startedAt: Date;
  stage: 'reading' | 'writing' | 'done' | 'refused' | 'failed';
  rowsRead: number;
  eventsWritten: number;
  eventsRead: number;
  finishedAt: Date | null;
  /** Why the file was refused whole (nothing was imported). */
  refusal: string | null;
  report: ImportReport | null;
  /** Population imports: district rows recorded. */
  populationRows: number | null;
}

/** How many of a person's runs the imports page lists. */
const LISTED_PER_PERSON = 10;

/**
 * A run whose server stopped while it worked never ends in its row. The import is one
 * transaction, so it kept nothing; once it has been running far longer than any import takes, it
 * is shown as stopped.
 */
const STOPPED_AFTER_MS = 2 * 60 * 60_000;

type RunRow = {
  id: string;
  kind: ImportKind;
  filename: string;
  storedAs: string;
  startedBy: string;
  startedAt: Date;
  stage: ImportRun['stage'];
  rowsRead: number;
  eventsWritten: number;
  eventsRead: number;
  finishedAt: Date | null;
  refusal: string | null;
  report: unknown;
  populationRows: number | null;
};

function fromRow(row: RunRow): ImportRun {
  const run: ImportRun = {
    ...row,
    report: (typeof row.report === 'string' ? JSON.parse(row.report) : row.report) as ImportReport | null,
  };
  const running = run.stage === 'reading' || run.stage === 'writing';
  if (running && clock.now().getTime() - new Date(run.startedAt).getTime() > STOPPED_AFTER_MS) {
    run.stage = 'failed';
    run.refusal = 'The import stopped before it finished (its server was stopped). Nothing was imported.';
  }
  return run;
}

export class ImportRuns {
  /** The runs this process is working on, with their live progress. */
  readonly #runs = new Map<string, ImportRun>();
  readonly #work = new Set<Promise<void>>();

  constructor(private readonly db: Db) {}

  /** Starts importing an uploaded file, once its run is recorded; the run comes back at once. */
  async start(
    audit: AuditWriter,
    userId: string,
    kind: ImportKind,
    filename: string,
    content: Buffer,
    storedAs = filename,
  ): Promise<ImportRun> {
    const run: ImportRun = {
      id: randomUUID(),
      kind,
      filename: path.basename(filename),
      storedAs: path.basename(storedAs),
      startedBy: userId,
      startedAt: clock.now(),
      stage: 'reading',
      rowsRead: 0,
      eventsWritten: 0,
      eventsRead: 0,
      finishedAt: null,
      refusal: null,
      report: null,
      populationRows: null,
    };
    await this.db
      .insertInto('journeyImportRun')
      .values({
        id: run.id,
        kind: run.kind,
        filename: run.filename,
        storedAs: run.storedAs,
        startedBy: run.startedBy,
        startedAt: run.startedAt,
        stage: run.stage,
      })
      .execute();
    this.#runs.set(run.id, run);
    const work = this.#run(audit, run, content)
      .then(() => this.#save(run))
      .finally(() => {
        this.#runs.delete(run.id);
        this.#work.delete(work);
      });
    this.#work.add(work);
    return run;
  }

  /** A run, if it is this person's: anyone else's is not found. */
  async get(id: string, userId: string): Promise<ImportRun | null> {
    const live = this.#runs.get(id);
    if (live) return live.startedBy === userId ? live : null;
    const row = await this.db
      .selectFrom('journeyImportRun')
      .selectAll()
      .where('id', '=', id)
      .where('startedBy', '=', userId)
      .executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  /** This person's latest runs, newest first (those this process works on with their live progress). */
  async of(userId: string): Promise<ImportRun[]> {
    const rows = await this.db
      .selectFrom('journeyImportRun')
      .selectAll()
      .where('startedBy', '=', userId)
      .orderBy('startedAt', 'desc')
      .orderBy('id')
      .limit(LISTED_PER_PERSON)
      .execute();
    return rows.map((row) => this.#runs.get(row.id) ?? fromRow(row));
  }

  /** Waits for every import in progress (tests; and before the database closes). */
  async settled(): Promise<void> {
    await Promise.all([...this.#work]);
  }

  /** Writes how the run ended into its row. */
  async #save(run: ImportRun): Promise<void> {
    await this.db
      .updateTable('journeyImportRun')
      .set({
        stage: run.stage,
        rowsRead: run.rowsRead,
        eventsWritten: run.eventsWritten,
        eventsRead: run.eventsRead,
        finishedAt: run.finishedAt,
        refusal: run.refusal,
        report: run.report ? JSON.stringify(run.report) : null,
        populationRows: run.populationRows,
      })
      .where('id', '=', run.id)
      .execute();
  }

  async #run(audit: AuditWriter, run: ImportRun, content: Buffer): Promise<void> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journey-import-'));
    // The importers read a file by its name (and a list by its extension and name).
    const file = path.join(dir, run.storedAs.replace(/[^\w .-]/g, '_') || 'upload');
    try {
      fs.writeFileSync(file, content);
      const auditImport = (trx: Parameters<AuditWriter>[0]) =>
        audit(trx, {
          action: 'import',
          recordType: 'journey-import',
          recordId: run.id,
          reason: `${IMPORT_KINDS[run.kind].label}: ${run.filename}`,
        });
      const progress = {
        reading: (rows: number) => {
          run.rowsRead = rows;
        },
        writing: (done: number, total: number) => {
          run.stage = 'writing';
          run.eventsWritten = done;
          run.eventsRead = total;
        },
      };
      if (run.kind === 'population') {
        const { rows } = await importPopulation(this.db, file, { inTransaction: auditImport });
        run.populationRows = rows;
      } else {
        const importer = run.kind === 'annex-a' ? importAnnexA : importCinCensus;
        run.report = await importer(this.db, file, progress, { inTransaction: auditImport });
        run.rowsRead = run.report.rowsRead;
      }
      run.stage = 'done';
    } catch (error) {
      if (error instanceof FileRefused) {
        run.stage = 'refused';
        // The temporary file's name is ours: the person knows their file by its own name.
        run.refusal = error.message.split(file).join(run.filename);
      } else {
        run.stage = 'failed';
        run.refusal = 'The import failed before it finished. Nothing was imported.';
      }
    } finally {
      run.finishedAt = clock.now();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** The rows refused, for the report's table: the row number as a spreadsheet shows it, and the list. */
export function refusedRows(problems: readonly RowReport[]) {
  return problems.map((p) => {
    const m = /^(.*), row (\d+)$/.exec(p.where);
    return { where: m ? m[1]! : p.where, row: m ? m[2]! : '', reason: p.reason };
  });
}
