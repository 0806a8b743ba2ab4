import { describe, expect, it } from 'vitest';
import { createHashLimiter, defaultHashConcurrency } from './hash-limiter.ts';

/** A piece of work that finishes when the test says so. */
function gate() {
  let open!: () => void;
  let fail!: (error: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { done, open, fail };
}

describe('the password hash limiter', () => {
  it('runs at most the limit at once, and the rest in arrival order', async () => {
    const limiter = createHashLimiter(2);
    const gates = Array.from({ length: 6 }, gate);
    const started: number[] = [];
    let most = 0;
    const runs = gates.map((g, k) =>
      limiter.run(async () => {
        started.push(k);
        most = Math.max(most, limiter.running);
        await g.done;
        return k;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1]);
    expect(limiter.running).toBe(2);
    expect(limiter.waiting).toBe(4);
    // Finishing the second lets the third in, not the last.
    gates[1]!.open();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.open();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(most).toBe(2);
    expect(limiter.running).toBe(0);
    expect(limiter.waiting).toBe(0);
  });

  it('frees the slot when the work fails', async () => {
    const limiter = createHashLimiter(1);
    const first = gate();
    const failing = limiter.run(() => first.done);
    const next = limiter.run(async () => 'ran');
    expect(limiter.waiting).toBe(1);
    first.fail(new Error('bad hash'));
    await expect(failing).rejects.toThrow('bad hash');
    expect(await next).toBe('ran');
    expect(limiter.running).toBe(0);
  });

  it('refuses a limit below one', () => {
    expect(() => createHashLimiter(0)).toThrow();
    expect(() => createHashLimiter(1.5)).toThrow();
  });

  it('takes half the cores by default, at least one, unless PASSWORD_HASH_CONCURRENCY says otherwise', () => {
    expect(defaultHashConcurrency({})).toBeGreaterThanOrEqual(1);
    expect(defaultHashConcurrency({ PASSWORD_HASH_CONCURRENCY: '3' })).toBe(3);
    expect(defaultHashConcurrency({ PASSWORD_HASH_CONCURRENCY: '0' })).toBe(defaultHashConcurrency({}));
  });
});
