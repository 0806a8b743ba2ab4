import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmailMessage, Mailer } from '../../../platform/email/mailer.ts';
import {
  type TestApp,
  TestClient,
  createTestUser,
  seedSmallPartnership,
} from '../../../platform/testing/app.ts';
import { waitFor } from '../../../platform/testing/wait.ts';
import { buildMonitoringTestApp } from './testing.ts';

describe('Operation Encompass enrolment', () => {
  let t: TestApp;
  let place: Awaited<ReturnType<typeof seedSmallPartnership>>;
  let coordinator: TestClient;
  let coordinatorId: string;
  let daisy: number;
  let puddle: number;
  const sent: EmailMessage[] = [];
  const mailer: Mailer = {
    async send(message) {
      sent.push(message);
    },
    close() {},
  };

  // A setting's enrolment as the registry's setting once held it: no row is "not joined".
  const setting = async (id: number) => {
    const row = await t.db
      .selectFrom('encompassEnrolment')
      .select(['status', 'trainingStartedOn', 'joinedOn'])
      .where('settingId', '=', id)
      .executeTakeFirst();
    return {
      encompassStatus: row?.status ?? 'not_joined',
      encompassTrainingStartedOn: row?.trainingStartedOn ?? null,
      encompassJoinedOn: row?.joinedOn ?? null,
    };
  };
  const enrolmentAudits = (id: number, action = 'update-enrolment') =>
    t.db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', action)
      .where('recordType', '=', 'setting')
      .where('recordId', '=', String(id))
      .execute();

  beforeAll(async () => {
    t = await buildMonitoringTestApp({ jobs: true, mailer });
    place = await seedSmallPartnership(t.db);
    const extra = await t.db
      .insertInto('setting')
      .values([
        {
          urn: '200001',
          name: 'Daisy Chain Nursery',
          phase: 'early_years',
          districtId: place.districts.north,
          schoolDayStartsAt: '08:00',
          safeguardingEmail: 'safeguarding@daisy.test.example',
        },
        {
          urn: '200002',
          name: 'Puddle Ducks Pre-school',
          phase: 'early_years',
          districtId: place.districts.south,
          schoolDayStartsAt: '08:30',
          safeguardingEmail: 'safeguarding@puddle.test.example',
        },
        {
          urn: '200003',
          name: 'Sunflower Day Nursery',
          phase: 'early_years',
          districtId: place.districts.south,
          schoolDayStartsAt: '08:00',
          safeguardingEmail: 'safeguarding@sunflower.test.example',
        },
      ])
      .returning('id')
      .execute();
    await t.db
      .insertInto('encompassEnrolment')
      .values({ settingId: extra[2]!.id, status: 'joined', joinedOn: '2024-01-08' })
      .execute();
    daisy = extra[0]!.id;
    puddle = extra[1]!.id;
    const user = await createTestUser(t.db, 'encompass_coordinator');
    coordinatorId = user.id;
    coordinator = new TestClient(t.app);
    await coordinator.signIn(user.email, user.password);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts settings by phase, with a chart, and lists those still to join', async () => {
    const page = await coordinator.get('/encompass/enrolment');
    expect(page.statusCode).toBe(200);
    // Early years: Sunflower joined; Little Acorns in training; Daisy Chain and Puddle Ducks not joined.
    expect(page.body).toContain('Early years, 1 of 4 joined (25%), 1 in training, 2 not joined');
    expect(page.body).toMatch(
      /<svg role="img"[^>]*aria-label="Stacked bar chart: settings joined, in training and not joined, by phase"/,
    );
    expect(page.body).not.toMatch(/\sstyle="/);
    const list = /<table[^>]*id="table-to-join"[\s\S]*?<\/table>/.exec(page.body)?.[0] ?? '';
    expect(list).toContain('Daisy Chain Nursery');
    expect(list).toContain('Puddle Ducks Pre-school');
    expect(list).toContain('Little Acorns Nursery');
    expect(list).not.toContain('Sunflower Day Nursery');
    expect(list).not.toContain('Oakfield Primary School');

    const training = await coordinator.get('/encompass/enrolment?status=in_training');
    expect(training.body).toContain('Little Acorns Nursery');
    expect(training.body).not.toContain('Daisy Chain Nursery');
    const south = await coordinator.get('/encompass/enrolment?district=SOUTH&phase=early_years');
    expect(south.body).toContain('Puddle Ducks Pre-school');
    expect(south.body).not.toContain('Daisy Chain Nursery');
    const named = await coordinator.get('/encompass/enrolment?q=daisy');
    expect(named.body).toContain('1 setting.');
  });

  it('gives both tables as CSV files: the phases as on the page, every setting that matches the filters', async () => {
    const page = await coordinator.get('/encompass/enrolment?district=SOUTH');
    expect(page.body).toContain('href="/encompass/enrolment.csv?district=SOUTH&amp;table=phases"');
    expect(page.body).toContain('href="/encompass/enrolment.csv?district=SOUTH&amp;table=settings"');
    const phases = await coordinator.get('/encompass/enrolment.csv?table=phases');
    expect(phases.statusCode).toBe(200);
    expect(phases.headers['content-type']).toMatch(/^text\/csv/);
    const phaseRows = parse(phases.body, { bom: true }) as string[][];
    expect(phaseRows[0]).toEqual(['Phase', 'Joined', 'In training', 'Not joined', 'Total', '% joined']);
    expect(phaseRows).toContainEqual(['Early years', '1', '1', '2', '4', '25%']);
    expect(phaseRows.at(-1)![0]).toBe('All phases');

    const south = parse(
      (await coordinator.get('/encompass/enrolment.csv?table=settings&district=SOUTH')).body,
      { bom: true },
    ) as string[][];
    expect(south.map((r) => r[0])).toEqual(['Name', 'Puddle Ducks Pre-school']);
    const all = parse((await coordinator.get('/encompass/enrolment.csv?table=settings')).body, {
      bom: true,
    }) as string[][];
    expect(
      all
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(['Daisy Chain Nursery', 'Little Acorns Nursery', 'Puddle Ducks Pre-school']);
    expect(all.find((r) => r[0] === 'Little Acorns Nursery')![4]).toBe('In training');

    expect((await coordinator.get('/encompass/enrolment.csv?table=children')).statusCode).toBe(400);
    const dslUser = await createTestUser(t.db, 'dsl', { settingId: place.settings.oakfield });
    const dsl = new TestClient(t.app);
    await dsl.signIn(dslUser.email, dslUser.password);
    expect((await dsl.get('/encompass/enrolment.csv?table=phases')).statusCode).toBe(403);
  });

  it.each([
    ['no date', {}, 'Enter the date training started', '#date-day'],
    [
      'part of a date',
      { 'date-day': '3', 'date-year': '2026' },
      'The date must include a month',
      '#date-month',
    ],
    [
      'a date that does not exist',
      { 'date-day': '31', 'date-month': '2', 'date-year': '2026' },
      'The date must be a real date',
      '#date-day',
    ],
    [
      'a date in the future',
      { 'date-day': '1', 'date-month': '1', 'date-year': '2099' },
      'The date must be today or in the past',
      '#date-day',
    ],
  ])('refuses %s, saving nothing', async (_label, date, message, href) => {
    await coordinator.get(`/encompass/enrolment/${daisy}`);
    const response = await coordinator.post(`/encompass/enrolment/${daisy}`, {
      expected: 'not_joined',
      ...date,
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain(message);
    expect(response.body).toContain(`href="${href}"`);
    expect(await setting(daisy)).toEqual({
      encompassStatus: 'not_joined',
      encompassTrainingStartedOn: null,
      encompassJoinedOn: null,
    });
    expect(await enrolmentAudits(daisy)).toHaveLength(0);
  });

  it('moves a setting into training and then to joined, auditing each move', async () => {
    await coordinator.get(`/encompass/enrolment/${daisy}`);
    const training = await coordinator.post(`/encompass/enrolment/${daisy}`, {
      expected: 'not_joined',
      'date-day': '2',
      'date-month': '11',
      'date-year': '2026',
    });
    expect(training.statusCode).toBe(303);
    expect(await setting(daisy)).toEqual({
      encompassStatus: 'in_training',
      encompassTrainingStartedOn: '2026-11-02',
      encompassJoinedOn: null,
    });
    const page = await coordinator.get(training.headers.location as string);
    expect(page.body).toContain('Daisy Chain Nursery is now in training');

    // The same form sent again does not move it twice.
    const again = await coordinator.post(`/encompass/enrolment/${daisy}`, {
      expected: 'not_joined',
      'date-day': '2',
      'date-month': '11',
      'date-year': '2026',
    });
    expect(again.statusCode).toBe(409);

    await coordinator.get(`/encompass/enrolment/${daisy}`);
    const early = await coordinator.post(`/encompass/enrolment/${daisy}`, {
      expected: 'in_training',
      'date-day': '1',
      'date-month': '11',
      'date-year': '2026',
    });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('The date it joined cannot be before its training started');
    expect((await setting(daisy)).encompassStatus).toBe('in_training');

    const joined = await coordinator.post(`/encompass/enrolment/${daisy}`, {
      expected: 'in_training',
      'date-day': '20',
      'date-month': '11',
      'date-year': '2026',
    });
    expect(joined.statusCode).toBe(303);
    expect(await setting(daisy)).toEqual({
      encompassStatus: 'joined',
      encompassTrainingStartedOn: '2026-11-02',
      encompassJoinedOn: '2026-11-20',
    });

    const audits = await enrolmentAudits(daisy);
    expect(audits).toHaveLength(2);
    for (const entry of audits)
      expect(entry).toMatchObject({
        outcome: 'success',
        userId: coordinatorId,
        role: 'encompass_coordinator',
        childId: null,
      });
  });

  it('enqueues the welcome pack to the setting’s safeguarding mailbox, once, with no child’s details', async () => {
    await coordinator.get(`/encompass/enrolment/${puddle}`);
    const response = await coordinator.post(`/encompass/enrolment/${puddle}/welcome-pack`, {});
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/encompass/enrolment/${puddle}?welcome=queued`);
    const key = `encompass-welcome-pack-${puddle}`;
    // The result's columns come back camel-cased through the app's Kysely plugin.
    const jobs = await sql<{
      name: string;
      singletonKey: string;
    }>`SELECT name, singleton_key FROM pgboss.job WHERE singleton_key = ${key}`.execute(t.db);
    expect(jobs.rows).toEqual([{ name: 'email', singletonKey: key }]);
    expect(await enrolmentAudits(puddle, 'send-welcome-pack')).toHaveLength(1);

    const email = await waitFor(() => sent.find((m) => m.to.includes('safeguarding@puddle.test.example')));
    expect(email.to).toEqual(['safeguarding@puddle.test.example']);
    expect(email.subject).toBe('Welcome to Operation Encompass, Puddle Ducks Pre-school');
    expect(email.text).toContain('Operation Encompass now includes early-years settings');
    expect(email.text).toContain(`${t.services.config.baseUrl}/sign-in`);
    expect(email.text).toContain('This email does not contain any details of a child.');

    // Once delivered, the page says so and a second request sends nothing more.
    const page = await waitFor(async () => {
      const p = await coordinator.get(`/encompass/enrolment/${puddle}`);
      return p.body.includes('The welcome pack was sent on') ? p : undefined;
    });
    expect(page.body).not.toContain('Send the welcome pack</button>');
    const again = await coordinator.post(`/encompass/enrolment/${puddle}/welcome-pack`, {});
    expect(again.headers.location).toBe(`/encompass/enrolment/${puddle}?welcome=already-sent`);
    await new Promise((r) => setTimeout(r, 1500));
    expect(sent.filter((m) => m.to.includes('safeguarding@puddle.test.example'))).toHaveLength(1);
  });

  it('is the coordinator’s alone: a DSL and an executive are refused', async () => {
    for (const role of ['dsl', 'executive'] as const) {
      const user = await createTestUser(
        t.db,
        role,
        role === 'dsl' ? { settingId: place.settings.oakfield } : {},
      );
      const client = new TestClient(t.app);
      await client.signIn(user.email, user.password);
      expect((await client.get('/encompass/enrolment')).statusCode).toBe(403);
      expect((await client.get(`/encompass/enrolment/${puddle}`)).statusCode).toBe(403);
      const post = await client.post(`/encompass/enrolment/${puddle}`, {
        expected: 'not_joined',
        'date-day': '2',
        'date-month': '11',
        'date-year': '2026',
      });
      expect(post.statusCode).toBe(403);
    }
    expect((await setting(puddle)).encompassStatus).toBe('not_joined');
  });
});
