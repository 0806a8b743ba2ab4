/**
 * Imports started from the web page: the uploaded file is imported in the background (the same
 * code as the command line), and its page follows the progress and then shows the report. A run
 * is kept in this process's memory (the last few per person); what the import changed is in the
 * database with its audit entry, written in the import's own transaction. A refused file keeps
 * nothing: the run says why.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuditWriter } from '../../platform/audit/audit-log.ts';
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

const KEPT_PER_PERSON = 10;

export class ImportRuns {
  readonly #runs = new Map<string, ImportRun>();
  readonly #work = new Set<Promise<void>>();

  constructor(private readonly db: Db) {}

  /** Starts importing an uploaded file; the run's id is returned at once. */
  start(
    audit: AuditWriter,
    userId: string,
    kind: ImportKind,
    filename: string,
    content: Buffer,
    storedAs = filename,
  ): ImportRun {
    const run: ImportRun = {
      id: randomUUID(),
      kind,
      filename: path.basename(filename),
      storedAs: path.basename(storedAs),
      startedBy: userId,
      startedAt: new Date(),
      stage: 'reading',
      rowsRead: 0,
      eventsWritten: 0,
      eventsRead: 0,
      finishedAt: null,
      refusal: null,
      report: null,
      populationRows: null,
    };
    this.#runs.set(run.id, run);
    this.#forget(userId);
    const work = this.#run(audit, run, content).finally(() => this.#work.delete(work));
    this.#work.add(work);
    return run;
  }

  /** A run, if it is this person's: anyone else's is not found. */
  get(id: string, userId: string): ImportRun | null {
    const run = this.#runs.get(id);
    return run && run.startedBy === userId ? run : null;
  }

  /** This person's runs, newest first. */
  of(userId: string): ImportRun[] {
    return [...this.#runs.values()]
      .filter((r) => r.startedBy === userId)
      .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
  }

  /** Waits for every import in progress (tests; and before the database closes). */
  async settled(): Promise<void> {
    await Promise.all([...this.#work]);
  }

  #forget(userId: string) {
    const old = this.of(userId).slice(KEPT_PER_PERSON);
    for (const r of old) if (r.finishedAt) this.#runs.delete(r.id);
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
      run.finishedAt = new Date();
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
