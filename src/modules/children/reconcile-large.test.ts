/**
 * A large extract is reconciled off the event loop: while 200,000 rows are uploaded, linked with
 * the child index and listed, /health keeps answering quickly (before, it stalled for seconds).
 */
import { cpus, loadavg } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES } from '../../synthetic/names.ts';
import { mulberry32 } from '../../synthetic/random.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';
import { fillerChildren } from '../../synthetic/filler-children.ts';

const ROWS = 200_000;
/** The slowest /health answer allowed while the reconciliation runs, on a machine not overloaded. */
const HEALTH_LIMIT_MS = 200;
/**
 * On a shared machine loaded beyond its cores every answer slows alike, whatever the code does, so
 * the limit is scaled by the load per core (at most ten times) and the load is printed beside the
 * figure. Before this was fixed, the same run held the event loop for the whole linking: seconds
 * on an idle machine, tens of seconds on a loaded one, far beyond either limit.
 */
const overload = () => Math.min(10, Math.max(1, loadavg()[0]! / cpus().length));

/** Their extract: 200,000 synthetic children, two of ours among them (rows 1,000 and 150,000). */
function largeExtract(ours: { givenName: string; familyName: string; dateOfBirth: string }[]): string {
  const random = mulberry32(20261207);
  const given = [...FEMALE_GIVEN_NAMES, ...MALE_GIVEN_NAMES];
  const pick = (names: readonly string[]) => names[Math.floor(random() * names.length)]!;
  const lines = ['Forename,Surname,DOB'];
  for (let k = 0; k < ROWS; k++) {
    const known = k === 1_000 ? ours[0] : k === 150_000 ? ours[1] : undefined;
    if (known) lines.push(`${known.givenName},${known.familyName},${known.dateOfBirth}`);
    else {
      const born = new Date(Date.UTC(1990, 0, 1) + Math.floor(random() * 12_000) * 86_400_000);
      lines.push(`${pick(given)},${pick(FAMILY_NAMES)}x,${born.toISOString().slice(0, 10)}`);
    }
  }
  return lines.join('\n');
}

describe('a reconciliation of 200,000 rows', () => {
  let t: TestApp;
  let client: TestClient;
  let base = '';
  const ours = fillerChildren(300);

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' } });
    await seedSmallPartnership(t.db);
    await t.db.insertInto('child').values(ours).execute();
    const user = await createTestUser(t.db, 'data_quality');
    client = new TestClient(t.app);
    await client.signIn(user.email, user.password);
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps /health answering within 200 ms while it is uploaded, linked and listed', async () => {
    const extract = largeExtract([ours[7]!, ours[123]!]);
    expect(extract.length).toBeLessThan(10 * 1024 * 1024);
    // /health over HTTP every 20 ms, from the start of the upload to the end of the result page.
    const latencies: number[] = [];
    const began = performance.now();
    let running = true;
    let previous = performance.now();
    const probe = (async () => {
      while (running) {
        // From the previous answer (less the 20 ms pause) to this one: the probe runs in this
        // process too, so a held event loop delays the asking as well as the answer.
        const started = performance.now();
        const health = await fetch(`${base}/health`);
        await health.arrayBuffer();
        const now = performance.now();
        latencies.push(now - Math.min(started, previous + 20));
        previous = now;
        expect(health.status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    try {
      await client.get('/children/reconcile');
      const uploaded = await client.postMultipart(
        '/children/reconcile',
        { name: 'The whole county' },
        { name: 'file', filename: 'county.csv', content: extract },
      );
      expect(uploaded.statusCode).toBe(303);
      const url = (uploaded.headers.location as string).replace(/\/columns$/, '');
      await client.get(`${url}/columns`);
      const reconciled = await client.post(`${url}/columns`, {
        given_name: 'Forename',
        family_name: 'Surname',
        date_of_birth: 'DOB',
      });
      expect(reconciled.statusCode).toBe(303);
      const page = await client.get(url);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Matched and agreeing (2)');
      expect(page.body).toContain(`Only in their extract (${(ROWS - 2).toLocaleString('en-GB')})`);
      expect(page.body).toContain('Only in the child index (298)');
    } finally {
      running = false;
      await probe;
    }
    const took = performance.now() - began;
    const slowest = Math.max(...latencies);
    // PGlite (development and tests) runs the database in this very thread: storing and reading
    // the 5 MB file holds it once or twice, so there the limit is three times as long. With
    // PostgreSQL (production, and CI's second pass) the limit is the plain one.
    const limit = HEALTH_LIMIT_MS * overload() * (t.database.kind === 'pglite' ? 3 : 1);
    console.log(
      `200,000 rows reconciled in ${(took / 1000).toFixed(1)} s; /health asked ${latencies.length} times, ` +
        `longest wait for an answer ${slowest.toFixed(0)} ms (limit ${limit.toFixed(0)} ms on ${t.database.kind}; load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(', ')} on ${cpus().length} cores)`,
    );
    // Enough answers to have watched the whole run, and none slow.
    expect(latencies.length).toBeGreaterThan(took / 200);
    expect(slowest).toBeLessThan(limit);
  }, 300_000);
});
