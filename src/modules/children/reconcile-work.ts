/**
 * The heavy part of a reconciliation, apart from the database: reading their CSV and linking their
 * rows with our children. It is synchronous (the CSV reader and the linkage engine are), so a large
 * extract (200,000 rows takes tens of seconds) runs on a worker thread (reconcile-worker.ts) while
 * the service keeps answering; a small one runs here, where starting a thread would cost more.
 */
import { Worker } from 'node:worker_threads';
import {
  CsvInputError,
  type CsvProblem,
  type PersonField,
  type PersonRecord,
  link,
  normaliseName,
  peopleFromCsv,
  readCsvTable,
} from '../linkage/index.ts';
import { normaliseNhsNumber, normalisePostcode } from '../../platform/identifiers/index.ts';

/** Above this many bytes the work goes to a worker thread: about 10,000 rows of a typical extract. */
export const WORKER_THRESHOLD_BYTES = 512 * 1024;

export type ReconcileTask =
  | { kind: 'read'; content: Uint8Array | string }
  | {
      kind: 'match';
      content: string;
      columns: Partial<Record<PersonField, string>>;
      flag: string | null;
      children: { id: string; person: PersonRecord }[];
    }
  | { kind: 'cells'; content: string; rows: number[] | 'all' };

export interface MatchedRow {
  row: number;
  childId: string;
  probability: number;
  disagreements: string[];
}

export type ReconcileAnswer =
  | { kind: 'read'; header: string[]; rowCount: number }
  | { kind: 'match'; matched: MatchedRow[]; theirsOnly: number[]; rowCount: number }
  | { kind: 'cells'; header: string[]; rowCount: number; cells: Record<number, string[]> };

const FLAG_SET = (value: string | undefined) =>
  Boolean(value && !/^(|n|no|false|0|none)$/i.test(value.trim()));

function disagreements(theirs: PersonRecord, ours: PersonRecord, flagged: boolean): string[] {
  const out: string[] = [];
  const differ = (a: string | null | undefined, b: string | null | undefined) => Boolean(a && b && a !== b);
  if (differ(normaliseName(theirs.familyName), normaliseName(ours.familyName)))
    out.push('Family name written differently');
  const dob = theirs.dateOfBirth?.replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3');
  if (differ(dob, ours.dateOfBirth)) out.push('Date of birth differs');
  if (
    differ(
      theirs.nhsNumber ? (normaliseNhsNumber(theirs.nhsNumber) ?? theirs.nhsNumber) : null,
      ours.nhsNumber,
    )
  )
    out.push('NHS number differs');
  if (differ(theirs.postcode ? (normalisePostcode(theirs.postcode) ?? theirs.postcode) : null, ours.postcode))
    out.push('Postcode differs');
  // The child index holds no flags yet (GET SAFE comes later): a flag of theirs is theirs only.
  if (flagged) out.push('Flagged in their system only');
  return out;
}

/** Does the task, here and now (on whichever thread calls it). CsvInputError for an unreadable file. */
export function doReconcileTask(task: ReconcileTask): ReconcileAnswer {
  if (task.kind === 'read') {
    const table = readCsvTable(task.content);
    return { kind: 'read', header: table.header, rowCount: table.rows.length };
  }
  if (task.kind === 'cells') {
    const table = readCsvTable(task.content);
    const wanted = task.rows === 'all' ? table.rows.map((_, k) => k) : task.rows;
    const cells: Record<number, string[]> = {};
    for (const k of wanted) cells[k] = table.rows[k] ?? [];
    return { kind: 'cells', header: table.header, rowCount: table.rows.length, cells };
  }
  const map: Record<string, string> = {};
  for (const [field, column] of Object.entries(task.columns)) if (column) map[column] = field;
  const theirs = peopleFromCsv(task.content, { map });
  const table = readCsvTable(task.content);
  const flagIndex = task.flag ? table.header.indexOf(task.flag) : -1;
  const result = link(
    theirs.records,
    task.children.map((c) => c.person),
  );
  const usedRows = new Set<number>();
  const usedChildren = new Set<number>();
  const matched: MatchedRow[] = [];
  for (const pair of result.pairs) {
    if (pair.decision !== 'link' || usedRows.has(pair.left) || usedChildren.has(pair.right)) continue;
    usedRows.add(pair.left);
    usedChildren.add(pair.right);
    const flagged = flagIndex >= 0 && FLAG_SET(table.rows[pair.left]?.[flagIndex]);
    const child = task.children[pair.right]!;
    matched.push({
      row: pair.left,
      childId: child.id,
      probability: pair.probability,
      disagreements: disagreements(theirs.records[pair.left]!, child.person, flagged),
    });
  }
  const theirsOnly = theirs.records.map((_, k) => k).filter((k) => !usedRows.has(k));
  return { kind: 'match', matched, theirsOnly, rowCount: theirs.records.length };
}

type WorkerMessage =
  | { ok: true; answer: ReconcileAnswer }
  | { ok: false; problems?: CsvProblem[]; message: string };

/** The worker thread's side: one task, one answer (or the file's problems), then it ends. */
export function answerInWorker(task: ReconcileTask, post: (message: WorkerMessage) => void): void {
  try {
    post({ ok: true, answer: doReconcileTask(task) });
  } catch (error) {
    post(
      error instanceof CsvInputError
        ? { ok: false, problems: error.problems, message: error.message }
        : { ok: false, message: (error as Error).message },
    );
  }
}

function inWorker(task: ReconcileTask): Promise<ReconcileAnswer> {
  return new Promise((resolve, reject) => {
    // The worker is TypeScript like the rest: its entry registers tsx first.
    const worker = new Worker(new URL('./reconcile-worker-start.mjs', import.meta.url), { workerData: task });
    let settled = false;
    worker.once('message', (message: WorkerMessage) => {
      settled = true;
      if (message.ok) resolve(message.answer);
      else if (message.problems) reject(new CsvInputError(message.problems));
      else reject(new Error(`The reconciliation worker failed: ${message.message}`));
    });
    worker.once('error', (error) => {
      if (!settled) reject(error);
      settled = true;
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`The reconciliation worker stopped (exit code ${code})`));
    });
  });
}

/** Runs the task on a worker thread when the extract is large, here when it is small. */
export async function runReconcileTask<K extends ReconcileTask['kind']>(
  task: Extract<ReconcileTask, { kind: K }>,
  options: { thresholdBytes?: number } = {},
): Promise<Extract<ReconcileAnswer, { kind: K }>> {
  const large = task.content.length > (options.thresholdBytes ?? WORKER_THRESHOLD_BYTES);
  const answer = large ? await inWorker(task) : doReconcileTask(task);
  return answer as Extract<ReconcileAnswer, { kind: K }>;
}
