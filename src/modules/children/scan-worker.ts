/**
 * The duplicate search in a worker thread: the linkage engine is synchronous, and a search of a
 * large index takes seconds to a minute, which on the main thread would stall every page and API
 * call of the service. The worker gets the records, reports its progress, and sends back the
 * pairs with their explanations and the model.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type PersonRecord, dedupe, explainPair } from '../linkage/index.ts';
import { storedExplanation } from './explanation.ts';

export interface ScanRequest {
  records: PersonRecord[];
  cannotLink: [number, number][];
}

export type ScanMessage =
  | { type: 'progress'; stage: string; done: number; total: number }
  | {
      type: 'done';
      comparisons: number;
      model: unknown;
      pairs: {
        left: number;
        right: number;
        probability: number;
        weight: number;
        explanation: ReturnType<typeof storedExplanation>;
      }[];
    }
  | { type: 'failed'; message: string };

if (parentPort) {
  const port = parentPort;
  const request = workerData as ScanRequest;
  try {
    let last = 0;
    const result = dedupe(request.records, {
      cannotLink: request.cannotLink,
      onProgress: (stage, done, total) => {
        // A message at most every 100 ms, and at each stage's end.
        const now = Date.now();
        if (done === total || now - last > 100) {
          last = now;
          port.postMessage({ type: 'progress', stage, done, total } satisfies ScanMessage);
        }
      },
    });
    port.postMessage({
      type: 'done',
      comparisons: result.comparisons.total,
      model: result.model,
      pairs: result.pairs.map((p) => ({
        left: p.left,
        right: p.right,
        probability: p.probability,
        weight: p.weight,
        explanation: storedExplanation(explainPair(result.scorer, result.sides, p.left, p.right)),
      })),
    } satisfies ScanMessage);
  } catch (error) {
    port.postMessage({ type: 'failed', message: (error as Error).message } satisfies ScanMessage);
  }
}
