/**
 * Two real server processes on one PostgreSQL database, as a partnership that outgrows one process
 * runs them behind a reverse proxy: a session, a CSRF token, the sign-in throttle, the duplicate
 * search and a burst of Operation Encompass incidents must hold whichever process answers.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from './audit/audit-log.ts';
import { type DatabaseHandle, openDatabase } from './db/client.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createTestUser, seedSmallPartnership } from './testing/app.ts';

const serverUrl = process.env.TEST_DATABASE_URL;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface ServerProcess {
  name: string;
  base: string;
  child: ChildProcess;
  output: () => string;
}

/** A browser's cookie jar, shared by both processes (one address, as behind the proxy). */
class Browser {
  cookies = new Map<string, string>();
  async request(
    server: ServerProcess,
    url: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ) {
    const response = await fetch(`${server.base}${url}`, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        accept: 'text/html',
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, ...value] = pair!.split('=');
      const text = value.join('=');
      if (text === '' || /expires=Thu, 01 Jan 1970/i.test(header)) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), text);
    }
    const body = await response.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? null;
    return { status: response.status, location: response.headers.get('location'), body, csrf };
  }
}

describe.skipIf(!serverUrl)('two server processes on one PostgreSQL database', () => {
  const name = `sgh_multi_${randomBytes(5).toString('hex')}`;
  const databaseUrl = (() => {
    const url = new URL(serverUrl ?? 'postgres://x@127.0.0.1/x');
    url.pathname = `/${name}`;
    return url.toString();
  })();
  let database: DatabaseHandle;
  let a: ServerProcess;
  let b: ServerProcess;
  let officer: { email: string; password: string };
  let target: { email: string };
  let token: string;

  async function admin(text: string) {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  }

  function start(label: string, port: number, secret: string): ServerProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        PORT: String(port),
        HOST: '127.0.0.1',
        BASE_URL: 'http://localhost:8080',
        DATABASE_URL: databaseUrl,
        DATABASE_POOL_SIZE: '5',
        SESSION_SECRET: secret,
        // The data quality officer here signs in with the password alone (second-factor.test.ts tests the rest).
        SECOND_FACTOR_REQUIRED: 'off',
        JOBS: 'on',
      },
    });
    let output = '';
    child.stdout!.on('data', (c: Buffer) => {
      output = (output + c.toString('utf8')).slice(-4000);
    });
    child.stderr!.on('data', (c: Buffer) => {
      output = (output + c.toString('utf8')).slice(-4000);
    });
    return { name: label, base: `http://127.0.0.1:${port}`, child, output: () => output };
  }

  async function ready(server: ServerProcess) {
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (server.child.exitCode !== null)
        throw new Error(`${server.name} exited before it answered:\n${server.output()}`);
      const status = await fetch(`${server.base}/health`).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) return;
      if (Date.now() > deadline) throw new Error(`${server.name} did not start:\n${server.output()}`);
      await sleep(250);
    }
  }

  async function stop(server: ServerProcess | undefined) {
    if (!server?.child.pid || server.child.exitCode !== null) return;
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    process.kill(-server.child.pid, 'SIGTERM');
    const timer = setTimeout(() => {
      try {
        process.kill(-server.child.pid!, 'SIGKILL');
      } catch {
        // gone already
      }
    }, 15_000);
    await exited;
    clearTimeout(timer);
  }

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${name}`);
    database = await openDatabase({ databaseUrl, poolSize: 4 });
    await migrateToLatest(database.db);
    const place = await seedSmallPartnership(database.db);
    officer = await createTestUser(database.db, 'data_quality');
    target = await createTestUser(database.db, 'dsl', { settingId: place.settings.oakfield });
    // Through the command line: the platform imports no module, and this is how a force gets one.
    const created = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli.ts',
        'api-clients',
        'create',
        '--name',
        'Testshire Police record system',
        '--organisation',
        'POL',
      ],
      {
        cwd: root,
        env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl },
      },
    );
    token = created.stdout.trim().split('\n').at(-1)!;
    const secret = randomBytes(32).toString('hex');
    const [portA, portB] = [await freePort(), await freePort()];
    // At the same moment, on a new database: the job queue's set-up must not deadlock (it did).
    a = start('process A', portA, secret);
    b = start('process B', portB, secret);
    await Promise.all([ready(a), ready(b)]);
  }, 240_000);

  afterAll(async () => {
    await Promise.all([stop(a), stop(b)]);
    await database?.close();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }, 60_000);

  it('keeps a session signed in on A on B, and accepts A’s CSRF token on B', async () => {
    const browser = new Browser();
    const signIn = await browser.request(a, '/sign-in');
    expect(signIn.csrf).toBeTruthy();
    // The sign-in form from A, posted to B.
    const signedIn = await browser.request(b, '/sign-in', {
      method: 'POST',
      form: { _csrf: signIn.csrf!, email: officer.email, password: officer.password },
    });
    expect(signedIn.status).toBe(303);
    const onB = await browser.request(b, '/children/duplicates');
    expect(onB.status).toBe(200);
    const onA = await browser.request(a, '/children/duplicates');
    expect(onA.status).toBe(200);
    expect(onA.csrf).toBeTruthy();

    // A token from A's page is accepted by B; a made-up one is refused there.
    const forged = await browser.request(b, '/children/duplicates/scan', {
      method: 'POST',
      form: { _csrf: `${onA.csrf!.slice(0, -4)}AAAA` },
    });
    expect(forged.status).toBe(403);
    // Both processes asked to search for duplicates at once: one search, not two.
    const [fromA, fromB] = await Promise.all([
      browser.request(b, '/children/duplicates/scan', { method: 'POST', form: { _csrf: onA.csrf! } }),
      browser.request(a, '/children/duplicates/scan', { method: 'POST', form: { _csrf: onA.csrf! } }),
    ]);
    expect([fromA.status, fromB.status], `${a.output()}\n${b.output()}`).toEqual([303, 303]);
    const runs = await database.db
      .selectFrom('linkageScanRun')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(runs.n)).toBe(1);
    // Each request is audited, the one that found a search running as well.
    const requested = await database.db
      .selectFrom('auditLog')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('action', '=', 'scan-requested')
      .executeTakeFirstOrThrow();
    expect(Number(requested.n)).toBe(2);

    // Signing out on B ends the session on A too.
    const page = await browser.request(b, '/');
    expect(
      (await browser.request(b, '/sign-out', { method: 'POST', form: { _csrf: page.csrf! } })).status,
    ).toBe(303);
    const after = await browser.request(a, '/children/duplicates');
    expect(after.status).not.toBe(200);
  }, 60_000);

  it('throttles a sign-in attack spread over both processes as one', async () => {
    const attacker = new Browser();
    const statuses: number[] = [];
    for (const server of [a, b, a, b, a]) {
      const form = await attacker.request(server === a ? b : a, '/sign-in');
      const answer = await attacker.request(server, '/sign-in', {
        method: 'POST',
        form: { _csrf: form.csrf!, email: target.email, password: 'not-the-password' },
      });
      statuses.push(answer.status);
    }
    // Three free failures (SIGN_IN_FREE_FAILURES), then the fourth waits, whichever process answers.
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const failures = await database.db
      .selectFrom('signInFailure')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('email', '=', target.email)
      .executeTakeFirstOrThrow();
    expect(Number(failures.n)).toBe(3);
  }, 60_000);

  it('records a burst of incidents sent to both processes each exactly once, and the audit chain verifies', async () => {
    const burst = 30;
    const run = randomBytes(3).toString('hex').toUpperCase();
    const incidents = Array.from({ length: burst }, (_, k) => ({
      policeReference: `MP/${run}/${String(k).padStart(3, '0')}`,
      occurredAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
      place: 'The family home',
      districtCode: 'NORTH',
      circumstances: 'A verbal argument between adults; a door was damaged.',
      riskLevel: 'medium',
      officerName: 'PC 0000 Multi Process',
      children: [
        {
          givenName: 'Mira',
          familyName: `Twoprocess${k}`,
          dateOfBirth: '2017-03-14',
          address: `${k} Proxy Lane`,
          presence: 'in_room',
          spokenTo: false,
        },
      ],
    }));
    const post = (server: ServerProcess, body: unknown) =>
      fetch(`${server.base}/api/v1/encompass/incidents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      }).then(async (r) => {
        await r.text();
        return r.status;
      });
    // Every incident sent to both processes at once, as a retrying client behind a proxy might.
    const answers = await Promise.all(
      incidents.map((incident) => Promise.all([post(a, incident), post(b, incident)])),
    );
    for (const pair of answers) expect([...pair].sort()).toEqual([201, 409]);
    const recorded = await database.db
      .selectFrom('encompassIncident')
      .select(['policeReference'])
      .where('policeReference', 'like', `MP/${run}/%`)
      .execute();
    expect(recorded).toHaveLength(burst);
    expect(new Set(recorded.map((r) => r.policeReference)).size).toBe(burst);
    const chain = await verifyAuditChain(database.db);
    expect(chain.ok, chain.ok ? '' : chain.message).toBe(true);
    expect(chain.entries).toBeGreaterThanOrEqual(burst);
  }, 120_000);
});
