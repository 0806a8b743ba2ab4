/**
 * At most N password hashes at a time; the rest wait their turn in arrival order.
 *
 * argon2id runs on libuv's thread pool (4 threads), each hash about 14 ms of CPU time and 19 MiB.
 * A burst of sign-ins (a morning's first hour, an attacker) would otherwise put four hashes on
 * every core at once: on a two-core server the event loop then waits for CPU, and every page
 * (notices, the police API) slows with the sign-ins. Limited, a burst costs the sign-ins a queue
 * and leaves the other cores to everyone else.
 */
import os from 'node:os';

export interface HashLimiter {
  /** Runs work when a slot is free. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Hashes running now and waiting now (for tests and metrics). */
  readonly running: number;
  readonly waiting: number;
}

export function createHashLimiter(max: number): HashLimiter {
  if (!Number.isInteger(max) || max < 1)
    throw new Error(`A hash limit must be a whole number ≥ 1, not ${max}`);
  let running = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    const next = queue.shift();
    if (next)
      next(); // the slot passes straight to the next in line
    else running--;
  };
  return {
    async run<T>(work: () => Promise<T>): Promise<T> {
      if (running < max) running++;
      else await new Promise<void>((resolve) => queue.push(resolve));
      try {
        return await work();
      } finally {
        release();
      }
    },
    get running() {
      return running;
    },
    get waiting() {
      return queue.length;
    },
  };
}

/**
 * Half the cores, at least one: the other half stays for the event loop and PostgreSQL.
 * `PASSWORD_HASH_CONCURRENCY` overrides it (a server with cores to spare for sign-in bursts).
 */
export function defaultHashConcurrency(env: NodeJS.ProcessEnv = process.env): number {
  const set = Number(env.PASSWORD_HASH_CONCURRENCY);
  if (Number.isInteger(set) && set >= 1) return set;
  return Math.max(1, Math.floor(os.availableParallelism() / 2));
}
