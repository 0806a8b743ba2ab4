// The reconciliation worker thread's entry: registers tsx in this thread, then loads the TypeScript
// worker. (A worker does not inherit the main thread's module hooks.)
import { register } from 'tsx/esm/api';

register();
await import('./reconcile-worker.ts');
