/** HTTP load with autocannon: a fixed number of connections, each sending its next request on an answer. */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

export interface LoadResult {
  url: string;
  connections: number;
  /** From the start to the last response. */
  seconds: number;
  /** Responses received, whatever their status. */
  responses: number;
  requestsPerSecond: number;
  /** The best one-second sample: a warm-up's rate once the code is hot. */
  bestSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

export interface LoadOptions {
  connections: number;
  /** Run for this long … */
  seconds?: number;
  /** … or until exactly this many responses (every request started is then also answered). */
  amount?: number;
  headers?: Record<string, string>;
}

export async function load(url: string, options: LoadOptions): Promise<LoadResult> {
  const startedAt = performance.now();
  let lastResponseAt = startedAt;
  const instance = autocannon({
    url,
    connections: options.connections,
    pipelining: 1,
    timeout: 10,
    headers: options.headers ?? {},
    ...(options.amount ? { amount: options.amount } : { duration: options.seconds ?? 10 }),
  });
  // autocannon notices the end only at its next one-second tick, and counts that idle tail in its
  // duration: time the run to its last response instead.
  instance.on('response', () => {
    lastResponseAt = performance.now();
  });
  // A stuck run must not hang the benchmark: stop it well after it should have ended.
  const limitMs = (options.amount ? 120 : (options.seconds ?? 10) + 60) * 1000;
  const guard = setTimeout(() => instance.stop(), limitMs);
  let result: Awaited<typeof instance>;
  try {
    result = await instance;
  } finally {
    clearTimeout(guard);
  }
  const seconds = (lastResponseAt - startedAt) / 1000;
  const responses = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]),
  );
  return {
    url,
    connections: options.connections,
    seconds,
    responses,
    requestsPerSecond: seconds > 0 ? responses / seconds : 0,
    bestSecond: result.requests.max,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.mean,
    },
    ok2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
}
