/**
 * The app as tests meet it: a fresh database, a small registry, users in any role, and a
 * signed-in client for fastify.inject that carries cookies and CSRF tokens like a browser.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Logger } from 'pino';
import { type Services, createApp, createServices, stopServices } from '../../app.ts';
import { hashPassword } from '../auth/passwords.ts';
import { timeStep, totpCode, TOTP_WINDOW } from '../auth/totp.ts';
import * as clock from '../clock.ts';
import type { Role } from '../auth/roles.ts';
import { shippedBankHolidays } from '../calendar/index.ts';
import { loadConfig } from '../config/index.ts';
import type { Mailer } from '../email/mailer.ts';
import { createLogger } from '../logging/logger.ts';
import { type TestDatabase, createTestDatabase } from './database.ts';

export const TEST_PASSWORD = 'correct-horse-battery-staple';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  database: TestDatabase;
  db: TestDatabase['db'];
  close(): Promise<void>;
}

export async function buildTestApp(
  options: { jobs?: boolean; mailer?: Mailer; env?: Record<string, string>; logger?: Logger } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JOBS: options.jobs ? 'on' : 'off',
    ...options.env,
  });
  const services = await createServices(config, database, options.logger ?? createLogger('silent'), {
    jobs: options.jobs ?? false,
    ...(options.mailer ? { mailer: options.mailer } : {}),
  });
  const app = await createApp(services);
  await app.ready();
  return {
    app,
    services,
    database,
    db: database.db,
    close: async () => {
      await app.close();
      await stopServices(services);
      await database.close();
    },
  };
}

/** A small partnership: two districts, the police, a health visiting team, three settings (two joined Operation Encompass, one in training). */
export async function seedSmallPartnership(db: TestDatabase['db']) {
  await db.insertInto('bankHoliday').values(shippedBankHolidays()).execute();
  const [north, south] = await db
    .insertInto('district')
    .values([
      { code: 'NORTH', name: 'Northvale' },
      { code: 'SOUTH', name: 'Southmere' },
    ])
    .returning('id')
    .execute();
  const [council, police, community] = await db
    .insertInto('organisation')
    .values([
      { code: 'LA', name: 'Testshire Children First', kind: 'local_authority', safeguardingPartner: true },
      { code: 'POL', name: 'Testshire Police', kind: 'police', safeguardingPartner: true },
      { code: 'CHT', name: 'Testshire Community Health', kind: 'community_health_trust' },
    ])
    .returning('id')
    .execute();
  const [healthVisitingNorth] = await db
    .insertInto('team')
    .values([
      {
        code: 'HV-NORTH',
        name: 'Northvale Health Visiting',
        organisationId: community!.id,
        districtId: north!.id,
        kind: 'health_visiting',
        email: 'hv-north@test.example',
      },
      {
        code: 'FFD',
        name: 'Family Front Door',
        organisationId: council!.id,
        districtId: null,
        kind: 'family_front_door',
        email: 'ffd@test.example',
      },
    ])
    .returning('id')
    .execute();
  await db
    .insertInto('term')
    .values([
      { schoolYear: '2026-27', name: 'Autumn 1', startsOn: '2026-09-03', endsOn: '2026-10-23' },
      { schoolYear: '2026-27', name: 'Autumn 2', startsOn: '2026-11-02', endsOn: '2026-12-18' },
      { schoolYear: '2026-27', name: 'Spring 1', startsOn: '2027-01-05', endsOn: '2027-02-12' },
    ])
    .execute();
  const settings = await db
    .insertInto('setting')
    .values([
      {
        urn: '100001',
        name: 'Oakfield Primary School',
        phase: 'primary',
        districtId: north!.id,
        schoolDayStartsAt: '08:45',
        safeguardingEmail: 'safeguarding@oakfield.test.example',
      },
      {
        urn: '100002',
        name: 'Riverside High School',
        phase: 'secondary',
        districtId: south!.id,
        schoolDayStartsAt: '08:30',
        safeguardingEmail: 'safeguarding@riverside.test.example',
      },
      {
        urn: '100003',
        name: 'Little Acorns Nursery',
        phase: 'early_years',
        districtId: north!.id,
        schoolDayStartsAt: '08:00',
        safeguardingEmail: 'safeguarding@acorns.test.example',
      },
    ])
    .returning(['id', 'urn'])
    .execute();
  // Operation Encompass enrolment: the two schools have joined, the nursery is in training.
  await db
    .insertInto('encompassEnrolment')
    .values([
      { settingId: settings[0]!.id, status: 'joined', joinedOn: '2020-01-06' },
      { settingId: settings[1]!.id, status: 'joined', joinedOn: '2019-09-02' },
      { settingId: settings[2]!.id, status: 'in_training' },
    ])
    .execute();
  return {
    districts: { north: north!.id, south: south!.id },
    organisations: { council: council!.id, police: police!.id, community: community!.id },
    teams: { healthVisitingNorth: healthVisitingNorth!.id },
    settings: { oakfield: settings[0]!.id, riverside: settings[1]!.id, acorns: settings[2]!.id },
  };
}

let passwordHash: Promise<string> | undefined;

export async function createTestUser(
  db: TestDatabase['db'],
  role: Role,
  place: { organisationId?: number; teamId?: number; settingId?: number } = {},
): Promise<{ id: string; email: string; password: string }> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const email = `${role}.${Math.random().toString(36).slice(2, 8)}@test.example`;
  const row = await db
    .insertInto('appUser')
    .values({
      email,
      givenName: 'Test',
      familyName: role,
      role,
      organisationId: place.organisationId ?? null,
      teamId: place.teamId ?? null,
      settingId: place.settingId ?? null,
      passwordHash: await passwordHash,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, email, password: TEST_PASSWORD };
}

/** A browser-like client over fastify.inject: keeps cookies, reads CSRF tokens from forms. */
export class TestClient {
  private cookies = new Map<string, string>();
  lastCsrf = '';

  /** `headers` go with every request (e.g. X-Forwarded-For, to act from another address behind a trusted proxy). */
  constructor(
    private readonly app: FastifyInstance,
    private readonly headers: Record<string, string> = {},
  ) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(response: LightMyRequestResponse) {
    for (const c of response.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const match = /name="_csrf" value="([^"]+)"/.exec(response.body);
    if (match) this.lastCsrf = match[1]!;
    return response;
  }

  async get(url: string) {
    return this.remember(
      await this.app.inject({
        method: 'GET',
        url,
        headers: { ...this.headers, cookie: this.cookieHeader(), accept: 'text/html' },
      }),
    );
  }

  /** Posts a form; takes the CSRF token from the last page fetched unless one is given. */
  async post(url: string, form: Record<string, string>, options: { csrf?: string | null } = {}) {
    const body = new URLSearchParams(form);
    const token = options.csrf === undefined ? this.lastCsrf : options.csrf;
    if (token !== null) body.set('_csrf', token);
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        headers: {
          ...this.headers,
          cookie: this.cookieHeader(),
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'text/html',
        },
        payload: body.toString(),
      }),
    );
  }

  async postMultipart(
    url: string,
    fields: Record<string, string>,
    file: { name: string; filename: string; content: string },
  ) {
    const boundary = `----sgh${Math.random().toString(16).slice(2)}`;
    const parts = [
      ...Object.entries({ _csrf: this.lastCsrf, ...fields }).map(
        ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
      ),
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: text/csv\r\n\r\n${file.content}\r\n`,
      `--${boundary}--\r\n`,
    ];
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        headers: {
          ...this.headers,
          cookie: this.cookieHeader(),
          'content-type': `multipart/form-data; boundary=${boundary}`,
          accept: 'text/html',
        },
        payload: parts.join(''),
      }),
    );
  }

  /**
   * Signs in like a person: the password, then, when the app asks, the second factor (set up on
   * the first sign-in of a role that needs one, with the key the page shows as text, and a fresh
   * code each time after). Answers the last step's response (303 when signed in).
   */
  async signIn(email: string, password: string) {
    await this.get('/sign-in');
    const first = await this.post('/sign-in', { email, password });
    const next = first.statusCode === 303 ? first.headers.location : undefined;
    if (next === '/second-factor/set-up') {
      const page = await this.get(next);
      const secret = /data-secret="([A-Z2-7]+)"/.exec(page.body)?.[1];
      if (!secret) throw new Error('TestClient: the set-up page shows no key');
      authenticators.set(email.toLowerCase(), { secret, lastStep: 0 });
      return this.post(next, { code: nextCode(email) });
    }
    if (next === '/second-factor') {
      await this.get(next);
      return this.post(next, { code: nextCode(email) });
    }
    return first;
  }
}

/** The authenticator "app" of each account TestClient set up: its key and the last step used. */
export const authenticators = new Map<string, { secret: string; lastStep: number }>();

/** A code the server has not seen yet for this account: the earliest unused step in its window. */
export function nextCode(email: string): string {
  const app = authenticators.get(email.toLowerCase());
  if (!app) throw new Error(`TestClient: no authenticator for ${email}`);
  const at = clock.now();
  const now = timeStep(at);
  // The previous step's code stays good only until this step ends: near its end a loaded machine
  // may reach the server after that, so start from this step's own code then.
  const endsInMs = timeStep(new Date(at.getTime() + 10_000)) > now;
  const step = Math.max(endsInMs ? now : now - TOTP_WINDOW, app.lastStep + 1);
  if (step > now + TOTP_WINDOW)
    throw new Error('TestClient: every code of this 30-second window is used; move the clock on');
  app.lastStep = step;
  return totpCode(app.secret, step);
}
