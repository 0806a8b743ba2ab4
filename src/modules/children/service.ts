/**
 * The child index's duplicates: found by the linkage engine, resolved by the data quality
 * officer. A merge keeps both records (the absorbed one points at the one that remains, with
 * every identifier and all its history), "not the same child" is remembered so the pair is
 * never proposed again, and a merge can be undone. Every change is audited in its own
 * transaction; every read of a child is audited by the route that shows it.
 */
import { type Transaction, sql } from 'kysely';
import type { AuditWriter } from '../../platform/audit/audit-log.ts';
import type { Database } from '../../platform/db/schema.ts';
import { ConflictError, NotFoundError } from '../../platform/http/errors.ts';
import { Worker } from 'node:worker_threads';
import {
  DEFAULT_MODEL,
  type LinkageModel,
  type PersonRecord,
  type Progress,
  explainPair,
  link,
} from '../linkage/index.ts';
import { type StoredExplanation, storedExplanation } from './explanation.ts';
import type { ScanMessage, ScanRequest } from './scan-worker.ts';
import * as q from './queries.ts';
import { ChildIndex } from './child-index.ts';
import * as clock from '../../platform/clock.ts';

export type { StoredExplanation };

export function personOf(child: q.IndexedChild): PersonRecord {
  return {
    givenName: child.givenName,
    familyName: child.familyName,
    sex: child.sex === 'female' ? 'F' : child.sex === 'male' ? 'M' : null,
    dateOfBirth: child.dateOfBirth,
    postcode: child.postcode,
    address: child.address,
    nhsNumber: child.nhsNumber,
  };
}

export interface ScanSummary {
  records: number;
  comparisons: number;
  found: number;
  opened: number;
  seconds: number;
}

export interface Candidate {
  child: q.IndexedChild;
  probability: number;
  weight: number;
  decision: 'link' | 'review';
  explanation: StoredExplanation;
}

/** The child index: its records (ChildIndex) and their likely duplicates. */
export class ChildrenService extends ChildIndex {
  /**
   * Compares every child in use with every other (after blocking), and refreshes the queue:
   * pairs found again keep their place (open ones get the new weights), open pairs not found
   * any more leave it, and decided pairs are never reopened.
   */
  async scanForDuplicates(
    audit: AuditWriter,
    userId: string | null,
    onProgress?: Progress,
  ): Promise<ScanSummary> {
    const startedAt = clock.now();
    const children = await q.childrenInUse(this.db);
    const decided = await q.decidedPairs(this.db);
    const index = new Map(children.map((c, k) => [c.id, k]));
    const cannotLink = decided
      .filter((d) => d.status === 'not_same' && index.has(d.childA) && index.has(d.childB))
      .map((d) => [index.get(d.childA)!, index.get(d.childB)!] as [number, number]);
    const result = await runScanWorker({ records: children.map(personOf), cannotLink }, onProgress);
    const decidedKeys = new Set(decided.map((d) => `${d.childA}:${d.childB}`));
    const found = result.pairs.flatMap((pair) => {
      const [a, b] = [children[pair.left]!.id, children[pair.right]!.id].sort() as [string, string];
      if (decidedKeys.has(`${a}:${b}`)) return [];
      return [
        {
          childA: a,
          childB: b,
          probability: pair.probability,
          matchWeight: pair.weight,
          explanation: JSON.stringify(pair.explanation),
        },
      ];
    });
    const opened = await this.db.transaction().execute(async (trx) => {
      const before = await q.openPairKeys(trx);
      await q.refreshOpenPairs(trx, found);
      await trx
        .insertInto('linkageScan')
        .values({
          startedAt,
          finishedAt: clock.now(),
          startedBy: userId,
          records: children.length,
          comparisons: result.comparisons,
          pairsFound: found.length,
          model: JSON.stringify(result.model),
        })
        .execute();
      await audit(trx, {
        action: 'scan',
        recordType: 'child_duplicate',
        reason: `${found.length} likely duplicate pairs among ${children.length} children`,
      });
      return found.filter((f) => !before.has(`${f.childA}:${f.childB}`)).length;
    });
    return {
      records: children.length,
      comparisons: result.comparisons,
      found: found.length,
      opened,
      seconds: (Date.now() - startedAt.getTime()) / 1000,
    };
  }

  /**
   * Starts a search in the background and returns its run; the page follows its progress.
   * If one is already running, that one is returned: two searches never overlap.
   */
  async startScan(audit: AuditWriter, userId: string): Promise<{ runId: number; started: boolean }> {
    const { run, started } = await this.db.transaction().execute(async (trx) => {
      // One at a time: the lock makes two simultaneous requests queue here.
      await sql`SELECT pg_advisory_xact_lock(734201)`.execute(trx);
      const running = await q.runningScan(trx);
      if (running) {
        // Audited too: the request was made (perhaps on another server process) and joins that run.
        await audit(trx, {
          action: 'scan-requested',
          recordType: 'child_duplicate',
          recordId: running.id,
          reason: 'a search was already running: no second one was started',
        });
        return { run: running.id, started: false };
      }
      const created = await trx
        .insertInto('linkageScanRun')
        .values({ requestedBy: userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, { action: 'scan-requested', recordType: 'child_duplicate', recordId: created.id });
      return { run: created.id, started: true };
    });
    // Never rejects: a failure is written on the run, and if even that fails there is nobody to tell.
    if (started) this.#lastRun = this.#runInBackground(run, audit, userId).catch(() => {});
    return { runId: run, started };
  }

  #lastRun: Promise<void> = Promise.resolve();

  /** The search started last by this process, for tests and for a clean shutdown. */
  lastRun(): Promise<void> {
    return this.#lastRun;
  }

  async #runInBackground(runId: number, audit: AuditWriter, userId: string): Promise<void> {
    let writing: Promise<unknown> = Promise.resolve();
    let pending: { stage: string; done: number; total: number } | null = null;
    // Progress arrives faster than it is worth writing: only the latest waits for the last write.
    const report = (stage: string, done: number, total: number) => {
      const idle = pending === null;
      pending = { stage, done, total };
      if (idle) {
        writing = writing.then(async () => {
          const next = pending!;
          pending = null;
          await q.updateScanRun(this.db, runId, next);
        });
      }
    };
    try {
      await this.scanForDuplicates(audit, userId, report);
      await writing;
      await q.finishScanRun(this.db, runId, null);
    } catch (error) {
      await writing.catch(() => {});
      await q.finishScanRun(this.db, runId, (error as Error).message.slice(0, 500));
    }
  }

  recentScanRun() {
    return q.recentScanRun(this.db);
  }

  latestScan() {
    return q.latestScan(this.db);
  }

  openDuplicates(page: number, pageSize: number) {
    return q.openDuplicates(this.db, page, pageSize);
  }

  async duplicate(id: number) {
    const pair = await q.findDuplicate(this.db, id);
    if (!pair) return null;
    const [a, b] = await Promise.all([
      q.childWithMerged(this.db, pair.childA),
      q.childWithMerged(this.db, pair.childB),
    ]);
    if (!a || !b) return null;
    return { pair: { ...pair, explanation: pair.explanation as StoredExplanation }, a, b };
  }

  /** Merges the pair into `keep`; the other record stays, pointing at it. */
  async merge(audit: AuditWriter, userId: string, id: number, keep: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const pair = await this.#openPairForUpdate(trx, id);
      if (keep !== pair.childA && keep !== pair.childB) throw new NotFoundError();
      const absorbed = keep === pair.childA ? pair.childB : pair.childA;
      const live = await q.liveChildren(trx, [keep, absorbed]);
      if (live.length !== 2)
        throw new ConflictError('One of these records has already been merged into another');
      await q.mergeChild(trx, absorbed, keep);
      await q.decide(trx, id, 'merged', userId, null);
      await audit(trx, [
        {
          action: 'merge',
          recordType: 'child',
          recordId: absorbed,
          childId: absorbed,
          reason: `merged into ${keep} (pair ${id})`,
        },
        {
          action: 'merge',
          recordType: 'child',
          recordId: keep,
          childId: keep,
          reason: `${absorbed} merged into this record (pair ${id})`,
        },
      ]);
    });
  }

  /** Remembers that the two records are different children. */
  async notTheSameChild(audit: AuditWriter, userId: string, id: number, reason: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const pair = await this.#openPairForUpdate(trx, id);
      await q.decide(trx, id, 'not_same', userId, reason);
      await audit(trx, [
        {
          action: 'not-same-child',
          recordType: 'child',
          recordId: pair.childA,
          childId: pair.childA,
          reason,
        },
        {
          action: 'not-same-child',
          recordType: 'child',
          recordId: pair.childB,
          childId: pair.childB,
          reason,
        },
      ]);
    });
  }

  /** Undoes a merge: both records are in use again, and the pair is remembered as two children. */
  async unmerge(audit: AuditWriter, userId: string, id: number, reason: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const pair = await q.findDuplicateForUpdate(trx, id);
      if (!pair) throw new NotFoundError();
      if (pair.status !== 'merged') throw new ConflictError('Only a merged pair can be unmerged');
      const absorbed = await q.absorbedOf(trx, pair.childA, pair.childB);
      if (!absorbed) throw new ConflictError('These records are no longer merged into each other');
      await q.unmergeChild(trx, absorbed.id);
      await q.decide(trx, id, 'not_same', userId, `Unmerged: ${reason}`);
      const other = absorbed.id === pair.childA ? pair.childB : pair.childA;
      await audit(trx, [
        { action: 'unmerge', recordType: 'child', recordId: absorbed.id, childId: absorbed.id, reason },
        { action: 'unmerge', recordType: 'child', recordId: other, childId: other, reason },
      ]);
    });
  }

  async #openPairForUpdate(trx: Transaction<Database>, id: number) {
    const pair = await q.findDuplicateForUpdate(trx, id);
    if (!pair) throw new NotFoundError();
    if (pair.status !== 'open') throw new ConflictError('Someone has already decided about this pair');
    return pair;
  }

  /**
   * Children in the index who might be the one described, strongest first, with their weights:
   * shown before a new child is created, so that a strong match is proposed, not guessed.
   * Scored with the model of the last scan (or one estimated now, on a first run).
   */
  async candidatesFor(person: PersonRecord & { dateOfBirth: string }, limit = 10): Promise<Candidate[]> {
    const pool = await q.candidatePool(this.db, person);
    if (pool.length === 0) return [];
    const scan = await q.latestScan(this.db);
    const model = (scan?.model as LinkageModel | undefined) ?? DEFAULT_MODEL;
    const result = link([person], pool.map(personOf), {
      model,
      // The pool is a handful picked by SQL: its name frequencies say nothing about the index.
      termFrequencies: false,
      thresholds: { link: 0.9, review: 0.05 },
      rules: [{ key: 'pool', label: 'the candidate pool', keyOf: () => 'pool' }],
    });
    return result.pairs.slice(0, limit).map((pair) => ({
      child: pool[pair.right]!,
      probability: pair.probability,
      weight: pair.weight,
      decision: pair.decision,
      explanation: storedExplanation(explainPair(result.scorer, result.sides, pair.left, pair.right)),
    }));
  }
}

/** Runs the engine on a worker thread, so that the service keeps answering while it works. */
function runScanWorker(
  request: ScanRequest,
  onProgress?: Progress,
): Promise<Extract<ScanMessage, { type: 'done' }>> {
  return new Promise((resolve, reject) => {
    // The worker is TypeScript like the rest: its entry registers tsx first.
    const worker = new Worker(new URL('./scan-worker-start.mjs', import.meta.url), { workerData: request });
    let settled = false;
    worker.on('message', (message: ScanMessage) => {
      if (message.type === 'progress')
        onProgress?.(message.stage as Parameters<Progress>[0], message.done, message.total);
      else if (message.type === 'done') {
        settled = true;
        resolve(message);
      } else {
        settled = true;
        reject(new Error(message.message));
      }
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`The duplicate search stopped (exit code ${code})`));
    });
  });
}
