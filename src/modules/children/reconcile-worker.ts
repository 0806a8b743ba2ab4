/** A reconciliation's heavy part on a worker thread (see reconcile-work.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { type ReconcileTask, answerInWorker } from './reconcile-work.ts';

if (parentPort) {
  const port = parentPort;
  answerInWorker(workerData as ReconcileTask, (message) => port.postMessage(message));
}
