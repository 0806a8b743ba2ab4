/**
 * Training: 100 practitioners, each signed in, book the last 20 places of one session at the same
 * moment over HTTP (the real server on PostgreSQL, jobs on, so each booking also queues its email
 * in the same transaction). Exactly 20 must be booked and 80 put on the waiting list, nobody
 * twice: the session's row is locked while a place is given. Prints the outcome from the HTTP
 * answers and from the database, and the time the burst took.
 */
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SYSTEM_ACTOR, auditWriterFor } from '../src/platform/audit/audit-log.ts';
import { insertAccounts } from '../src/platform/auth/accounts.ts';
import { hashPassword } from '../src/platform/auth/passwords.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { TrainingService } from '../src/modules/training/index.ts';
import { recreateDatabase } from './lib/postgres.ts';
import { type ProcessGroup, freePort, run, spawnGroup, stopGroup, waitFor200 } from './lib/processes.ts';
import type { Row } from './lib/report.ts';
import { fmt } from './lib/report.ts';
import { signIn } from './lib/sign-in.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PASSWORD = 'bench-training-password-not-for-real-use';
const SECRET = 'bench-training-session-secret-0123456789abcdef';

export interface TrainingBenchOptions {
  pgUrl: string;
  logFile: string;
  env: (extra: Record<string, string>) => NodeJS.ProcessEnv;
  progress: (message: string) => void;
  practitioners?: number;
  places?: number;
  alreadyBooked?: number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** The cookie and CSRF token of the session page, as a browser holds them before pressing "Book". */
async function openSessionPage(baseUrl: string, sessionId: number, sessionCookie: string) {
  const response = await fetch(`${baseUrl}/training/sessions/${sessionId}`, {
    headers: { cookie: sessionCookie, accept: 'text/html' },
    redirect: 'manual',
  });
  const html = await response.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const csrfCookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';', 1)[0]!)
    .find((c) => c.startsWith('sgh_csrf='));
  if (!token || !csrfCookie)
    throw new Error(`GET /training/sessions/${sessionId} gave no booking form (${response.status})`);
  return {
    cookie: `${sessionCookie}; ${csrfCookie}`,
    token: token.replace(/&#x2F;/g, '/').replace(/&amp;/g, '&'),
  };
}

export async function runTrainingBench(options: TrainingBenchOptions): Promise<Row[]> {
  const { progress } = options;
  const practitioners = options.practitioners ?? 100;
  const places = options.places ?? 20;
  const already = options.alreadyBooked ?? 20;
  const databaseUrl = await recreateDatabase(options.pgUrl, 'sgh_bench_training');
  await run('migrate', process.execPath, ['--import', 'tsx', 'src/cli.ts', 'migrate'], {
    cwd: root,
    env: options.env({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' }),
    logFile: options.logFile,
    timeoutMs: 120_000,
  });

  // The session (the last `places` of its places free) and the practitioners' accounts.
  const setup = await openDatabase({ databaseUrl, poolSize: 2 });
  let sessionId: number;
  const emails = Array.from({ length: practitioners }, (_, i) => `practitioner.${i}@bench.example`);
  try {
    const training = new TrainingService({
      db: setup.db,
      jobs: () => null,
      baseUrl: 'http://localhost',
      secret: SECRET,
    });
    const audit = auditWriterFor(SYSTEM_ACTOR);
    const course = await training.createCourse(audit, {
      code: 'SOS',
      title: 'Signs of Safety Partnership Training',
      description: 'The partnership’s practice framework',
      audience: 'Practitioners of every agency',
      learningOutcomes: 'Map a family’s situation',
      mandatoryFor: [],
      core: 'yes',
    });
    if (!course.ok) throw new Error('The course was not created');
    const startsAt = new Date(Date.now() + 14 * 86_400_000);
    const session = await training.createSession(audit, course.value.id, {
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3 * 3_600_000),
      venue: 'County Hall',
      onlineLink: null,
      capacity: already + places,
      bookingDeadline: new Date(startsAt.getTime() - 86_400_000),
      cancelDeadline: new Date(startsAt.getTime() - 86_400_000),
      trainerIds: [],
    });
    if (!session.ok) throw new Error('The session was not created');
    sessionId = session.value.id;
    for (let i = 0; i < already; i++) {
      await training.requestBooking(sessionId, {
        givenName: 'Early',
        familyName: `Booker${i}`,
        organisationName: 'Youth Link',
        agencyKind: 'voluntary',
        email: `early.${i}@bench.example`,
      });
    }
    const pending = await setup.db
      .selectFrom('trainingBooking')
      .selectAll()
      .where('sessionId', '=', sessionId)
      .execute();
    for (const b of pending) await training.confirm(training.linkToken(b));
    const passwordHash = await hashPassword(PASSWORD);
    const roles = [
      'qa_lead',
      'get_safe_coordinator',
      'review_group_member',
      'education_safeguarding_officer',
    ] as const;
    await setup.db.transaction().execute((trx) =>
      insertAccounts(
        trx,
        emails.map((email, i) => ({
          email,
          givenName: 'Bench',
          familyName: `Practitioner ${i}`,
          role: roles[i % roles.length]!,
          organisationId: null,
          teamId: null,
          settingId: null,
          passwordHash,
        })),
      ),
    );
  } finally {
    await setup.close();
  }

  const port = await freePort();
  const server: ProcessGroup = spawnGroup(
    'server',
    process.execPath,
    ['--import', 'tsx', 'src/cli.ts', 'serve'],
    {
      cwd: root,
      env: options.env({
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        LOG_LEVEL: 'warn',
        JOBS: 'on',
        SESSION_SECRET: SECRET,
        SIGN_IN_RATE_PER_MINUTE: '100000',
      }),
      logFile: options.logFile,
    },
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitFor200(`${baseUrl}/health`, server, { timeoutMs: 60_000 });
    progress(`training: signing in ${practitioners} practitioners…`);
    const ready: { cookie: string; token: string }[] = [];
    for (let i = 0; i < emails.length; i += 8) {
      const batch = await Promise.all(
        emails
          .slice(i, i + 8)
          .map(async (email) => openSessionPage(baseUrl, sessionId, await signIn(baseUrl, email, PASSWORD))),
      );
      ready.push(...batch);
    }
    progress(`training: ${practitioners} practitioners press "Book" at once for the last ${places} places…`);
    const started = performance.now();
    const answers = await Promise.all(
      ready.map(async ({ cookie, token }) => {
        const t0 = performance.now();
        const response = await fetch(`${baseUrl}/training/sessions/${sessionId}/book`, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ _csrf: token }).toString(),
        });
        await response.arrayBuffer();
        return {
          status: response.status,
          outcome: /[?&]done=(booked|waiting)/.exec(response.headers.get('location') ?? '')?.[1] ?? 'none',
          ms: performance.now() - t0,
        };
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const httpBooked = answers.filter((a) => a.status === 303 && a.outcome === 'booked').length;
    const httpWaiting = answers.filter((a) => a.status === 303 && a.outcome === 'waiting').length;
    const refused = answers.filter((a) => a.status !== 303).length;
    const p95 = percentile(
      answers.map((a) => a.ms),
      95,
    );

    const check = await openDatabase({ databaseUrl, poolSize: 2 });
    let db: { booked: number; waiting: number; people: number; rows: number };
    try {
      const rows = await check.db
        .selectFrom('trainingBooking')
        .select(['email', 'status'])
        .where('sessionId', '=', sessionId)
        .where('email', 'in', emails)
        .execute();
      db = {
        booked: rows.filter((r) => r.status === 'booked').length,
        waiting: rows.filter((r) => r.status === 'waiting').length,
        people: new Set(rows.map((r) => r.email)).size,
        rows: rows.length,
      };
      const total = await check.db
        .selectFrom('trainingBooking')
        .select('status')
        .where('sessionId', '=', sessionId)
        .where('status', '=', 'booked')
        .execute();
      if (total.length !== already + places) db.booked = -1; // over capacity: shown as a mismatch
    } finally {
      await check.close();
    }
    progress(
      `training: ${practitioners} bookings in ${seconds.toFixed(2)} s (p95 ${fmt(p95)} ms): HTTP says ${httpBooked} booked, ${httpWaiting} waiting, ${refused} refused; the database holds ${db.booked} booked, ${db.waiting} waiting, ${db.rows} bookings for ${db.people} people`,
    );
    const row = (measure: string, value: number | string, goal: string, ok: boolean): Row => ({
      part: 'training',
      measure,
      value: String(value),
      baseline: '',
      ratio: '',
      goal,
      status: ok ? 'PASS' : 'MISMATCH',
    });
    return [
      row(
        `booked of ${practitioners} at once for the last ${places} places (database)`,
        db.booked,
        String(places),
        db.booked === places,
      ),
      row(
        'on the waiting list (database)',
        db.waiting,
        String(practitioners - places),
        db.waiting === practitioners - places,
      ),
      row(
        'bookings per practitioner (none twice)',
        `${db.rows} for ${db.people}`,
        'one each',
        db.rows === practitioners && db.people === practitioners,
      ),
      row(
        'HTTP answers: booked / waiting / refused',
        `${httpBooked} / ${httpWaiting} / ${refused}`,
        `${places} / ${practitioners - places} / 0`,
        httpBooked === places && httpWaiting === practitioners - places && refused === 0,
      ),
      {
        part: 'training',
        measure: `time for the ${practitioners} bookings (p95 of one)`,
        value: `${seconds.toFixed(2)} s (${fmt(p95)} ms)`,
        baseline: '',
        ratio: '',
        goal: '',
        status: 'OK',
      },
    ];
  } finally {
    await stopGroup(server);
  }
}
