import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/audit/audit-log.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';
import { PHASES } from './schema.ts';

const goodSetting = {
  urn: '123456',
  name: 'Meadowbank First School',
  phase: 'first',
  districtCode: 'NORTH',
  schoolDayStartsAt: '08:50',
  safeguardingEmail: 'Safeguarding@Meadowbank.test.example',
};

describe('registry', () => {
  let t: TestApp;
  let place: Awaited<ReturnType<typeof seedSmallPartnership>>;
  let admin: TestClient;
  const settingCount = async () =>
    Number(
      (
        await t.db
          .selectFrom('setting')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' } });
    place = await seedSmallPartnership(t.db);
    const user = await createTestUser(t.db, 'partnership_admin');
    admin = new TestClient(t.app);
    await admin.signIn(user.email, user.password);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists settings with filters by phase and district', async () => {
    expect((await admin.get('/registry/settings')).body).toContain('3 settings');
    expect((await admin.get('/registry/settings?phase=early_years')).body).toContain('1 setting.');
    expect((await admin.get('/registry/settings?district=SOUTH')).body).toContain('Riverside High School');
    // Operation Encompass enrolment is Operation Encompass's (its enrolment page filters by it):
    // the registry's list neither shows nor filters by it.
    const list = await admin.get('/registry/settings?encompass=joined');
    expect(list.body).toContain('3 settings');
    expect(list.body).not.toContain('name="encompass"');
    // Wide tables scroll inside their own box on a small screen (the scrollingTable macro).
    for (const path of ['/registry/settings', '/registry/users', '/registry/organisations'])
      expect((await admin.get(path)).body, path).toMatch(
        /<div class="app-table-scroll"[^>]*>\s*<table class="govuk-table"/,
      );
  });

  it('links the Operation Encompass coordinator from a setting to its enrolment, and no one else', async () => {
    const coordinatorUser = await createTestUser(t.db, 'encompass_coordinator');
    const coordinator = new TestClient(t.app);
    await coordinator.signIn(coordinatorUser.email, coordinatorUser.password);
    const page = await coordinator.get(`/registry/settings/${place.settings.acorns}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/encompass/enrolment/${place.settings.acorns}"`);
    const enrolment = await coordinator.get(`/encompass/enrolment/${place.settings.acorns}`);
    expect(enrolment.body).toContain('In training');
    const asAdmin = await admin.get(`/registry/settings/${place.settings.acorns}`);
    expect(asAdmin.statusCode).toBe(200);
    expect(asAdmin.body).not.toContain('/encompass/enrolment');
    expect(asAdmin.body).not.toContain('Operation Encompass');
  });

  it('creates a setting and shows it', async () => {
    await admin.get('/registry/settings/new');
    const created = await admin.post('/registry/settings', goodSetting);
    expect(created.statusCode).toBe(303);
    const page = await admin.get(created.headers.location as string);
    expect(page.body).toContain('Meadowbank First School');
    expect(page.body).toContain('safeguarding@meadowbank.test.example');
    expect(page.body).toContain('Setting added');
    const id = Number((created.headers.location as string).split('/')[3]!.split('?')[0]);
    const entry = await t.db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'create')
      .where('recordType', '=', 'setting')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ recordId: String(id), role: 'partnership_admin', outcome: 'success' });
  });

  it('shows a setting’s Key Adults and INSET days', async () => {
    await t.db
      .insertInto('settingStaff')
      .values([
        {
          settingId: place.settings.riverside,
          staffRole: 'dsl',
          givenName: 'Morgan',
          familyName: 'Leadperson',
          email: 'dsl@riverside.test.example',
        },
        {
          settingId: place.settings.riverside,
          staffRole: 'deputy_dsl',
          givenName: 'Sam',
          familyName: 'Deputyperson',
          email: 'deputy@riverside.test.example',
        },
      ])
      .execute();
    await t.db
      .insertInto('settingClosure')
      .values({ settingId: place.settings.riverside, date: '2027-01-04', reason: 'inset' })
      .execute();
    const page = await admin.get(`/registry/settings/${place.settings.riverside}`);
    expect(page.body).toContain('Morgan Leadperson');
    expect(page.body).toContain('Deputy DSL');
    expect(page.body).toContain('4 January 2027 (INSET day)');
  });

  it('adds and removes Key Adults, one DSL at a time', async () => {
    const url = `/registry/settings/${place.settings.oakfield}`;
    await admin.get(`${url}/key-adults/new`);
    const added = await admin.post(`${url}/key-adults`, {
      staffRole: 'dsl',
      givenName: 'Jo',
      familyName: 'Keyadult',
      email: 'Jo.Keyadult@oakfield.test.example',
    });
    expect(added.statusCode).toBe(303);
    const second = await admin.post(`${url}/key-adults`, {
      staffRole: 'dsl',
      givenName: 'Al',
      familyName: 'Other',
      email: 'al@oakfield.test.example',
    });
    expect(second.statusCode).toBe(400);
    expect(second.body).toContain(
      'Jo Keyadult is already the designated safeguarding lead: remove them first',
    );
    const noEmail = await admin.post(`${url}/key-adults`, {
      staffRole: 'deputy_dsl',
      givenName: 'Al',
      familyName: 'Other',
      email: 'not-an-email',
    });
    expect(noEmail.body).toContain('Enter their work email address in the correct format');
    const page = await admin.get(url);
    expect(page.body).toContain('jo.keyadult@oakfield.test.example');
    const staff = await t.db
      .selectFrom('settingStaff')
      .select('id')
      .where('settingId', '=', place.settings.oakfield)
      .executeTakeFirstOrThrow();
    expect((await admin.post(`${url}/key-adults/${staff.id}/remove`, {})).statusCode).toBe(303);
    expect((await admin.post(`${url}/key-adults/${staff.id}/remove`, {})).statusCode).toBe(404);
    expect(
      await t.db
        .selectFrom('settingStaff')
        .select('id')
        .where('settingId', '=', place.settings.oakfield)
        .execute(),
    ).toHaveLength(0);
  });

  it.each([
    ['2026-11-28', 'The date is a weekend'],
    ['2026-12-25', 'The date is in the school holidays'],
    ['2026-02-30', 'The date must be a real date'],
  ])('refuses a closure on %s', async (date, message) => {
    await admin.get(`/registry/settings/${place.settings.oakfield}/closures/new`);
    const response = await admin.post(`/registry/settings/${place.settings.oakfield}/closures`, {
      date,
      reason: 'inset',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(message);
  });

  it('adds an INSET day that moves the setting’s next school-day start, and removes it', async () => {
    const { settingCalendarByUrn } = await import('./calendar.ts');
    const { nextSchoolDayStart } = await import('../../platform/calendar/index.ts');
    const friday = new Date('2026-12-04T19:00:00Z');
    const before = nextSchoolDayStart(
      (await settingCalendarByUrn(t.db, '100001'))!,
      t.services.calendar,
      friday,
    );
    expect(before.toISOString()).toBe('2026-12-07T08:45:00.000Z');
    await admin.get(`/registry/settings/${place.settings.oakfield}/closures/new`);
    expect(
      (
        await admin.post(`/registry/settings/${place.settings.oakfield}/closures`, {
          date: '2026-12-07',
          reason: 'inset',
        })
      ).statusCode,
    ).toBe(303);
    const duplicate = await admin.post(`/registry/settings/${place.settings.oakfield}/closures`, {
      date: '2026-12-07',
      reason: 'closure',
    });
    expect(duplicate.body).toContain('This day is already recorded as a closure');
    const after = nextSchoolDayStart(
      (await settingCalendarByUrn(t.db, '100001'))!,
      t.services.calendar,
      friday,
    );
    expect(after.toISOString()).toBe('2026-12-08T08:45:00.000Z');
    expect(
      (await admin.post(`/registry/settings/${place.settings.oakfield}/closures/2026-12-07/remove`, {}))
        .statusCode,
    ).toBe(303);
    expect(
      await t.db
        .selectFrom('settingClosure')
        .selectAll()
        .where('settingId', '=', place.settings.oakfield)
        .execute(),
    ).toHaveLength(0);
  });

  it('says so for a page of settings past the last, instead of an empty page', async () => {
    const page = await admin.get('/registry/settings?phase=primary&page=99');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('There is no page 99: 1 setting on 1 page.');
    expect(page.body).toContain('href="?phase=primary&amp;page=1">Go to the first page');
    expect(page.body).not.toContain('<table');
    expect((await admin.get('/registry/settings?page=1')).body).not.toContain('There is no page');
  });

  it('lists the errors of every registry form in the order of its fields', async () => {
    const ids = (html: string) =>
      [...html.matchAll(/<(?:input|select|textarea)[^>]* id="([^"]+)"/g)].map((m) => m[1]!);
    const summary = (html: string) =>
      [
        ...(html.match(/govuk-error-summary__list[\s\S]*?<\/ul>/)?.[0] ?? '').matchAll(/href="#([^"]+)"/g),
      ].map((m) => m[1]!);
    const forms = [
      ['/registry/settings/new', '/registry/settings', { schoolDayStartsAt: '' }],
      ['/registry/users/new', '/registry/users', { role: '' }],
      ['/registry/organisations/new', '/registry/organisations', {}],
      [
        `/registry/settings/${place.settings.oakfield}/key-adults/new`,
        `/registry/settings/${place.settings.oakfield}/key-adults`,
        {},
      ],
      [
        `/registry/settings/${place.settings.oakfield}/terms/new`,
        `/registry/settings/${place.settings.oakfield}/terms`,
        {},
      ],
    ] as const;
    for (const [formPath, action, body] of forms) {
      expect((await admin.get(formPath)).statusCode, formPath).toBe(200);
      const shown = await admin.post(action, body);
      expect(shown.statusCode, action).toBe(400);
      const errors = summary(shown.body);
      expect(errors.length, action).toBeGreaterThan(1);
      const onPage = ids(shown.body);
      const positions = errors.map((id) => onPage.indexOf(id));
      expect(
        positions.every((p) => p >= 0),
        `${action}: ${errors}`,
      ).toBe(true);
      expect(positions, `${action}: ${errors} against ${onPage}`).toEqual(
        [...positions].sort((a, b) => a - b),
      );
    }
  });

  it('asks for closure and term dates with the GOV.UK date input, highlighting the box at fault', async () => {
    const form = await admin.get(`/registry/settings/${place.settings.oakfield}/closures/new`);
    expect(form.body).toContain('name="date-day"');
    expect(form.body).not.toContain('2027-01-04');
    const noMonth = await admin.post(`/registry/settings/${place.settings.oakfield}/closures`, {
      'date-day': '8',
      'date-month': '',
      'date-year': '2026',
      reason: 'inset',
    });
    expect(noMonth.statusCode).toBe(400);
    expect(noMonth.body).toContain('<a href="#date-month">The date must include a month</a>');
    expect(noMonth.body).toMatch(/name="date-day" type="text" value="8"/);
    const weekend = await admin.post(`/registry/settings/${place.settings.oakfield}/closures`, {
      'date-day': '5',
      'date-month': '12',
      'date-year': '2026',
      reason: 'inset',
    });
    expect(weekend.body).toContain('<a href="#date-day">The date is a weekend');
    const terms = `/registry/settings/${place.settings.oakfield}/terms`;
    await admin.get(`${terms}/new`);
    const backwards = await admin.post(terms, {
      name: 'Michaelmas',
      'startsOn-day': '1',
      'startsOn-month': '9',
      'startsOn-year': '2027',
      'endsOn-day': '31',
      'endsOn-month': '8',
      'endsOn-year': '2027',
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain(
      '<a href="#endsOn-day">The last day of the term must be the same as or after the first</a>',
    );
  });

  it.each([
    ['an invalid URN', { urn: '12AB' }, 'urn', 'URN must be 6 digits'],
    ['a duplicate URN', { urn: '100001' }, 'urn', 'A setting with URN 100001 already exists'],
    [
      'an unknown district',
      { urn: '654321', districtCode: 'ATLANTIS' },
      'districtCode',
      'There is no district called ATLANTIS',
    ],
    [
      'an oversized name',
      { urn: '654322', name: 'x'.repeat(201) },
      'name',
      'must be 200 characters or fewer',
    ],
    [
      'a start time that is not a time',
      { urn: '654323', schoolDayStartsAt: '25:00' },
      'schoolDayStartsAt',
      '24-hour time',
    ],
    [
      'a school day starting at 23:59',
      { urn: '654324', schoolDayStartsAt: '23:59' },
      'schoolDayStartsAt',
      'The school day must start between 06:00 and 12:00',
    ],
  ])('rejects %s with a message on the field and saves nothing', async (_label, change, field, message) => {
    const before = await settingCount();
    await admin.get('/registry/settings/new');
    const response = await admin.post('/registry/settings', { ...goodSetting, ...change });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain(`href="#${field}"`);
    expect(response.body).toContain(message);
    expect(await settingCount()).toBe(before);
  });

  it('edits a setting, refusing another setting’s URN', async () => {
    await admin.get(`/registry/settings/${place.settings.acorns}/edit`);
    const clash = await admin.post(`/registry/settings/${place.settings.acorns}`, {
      ...goodSetting,
      urn: '100002',
    });
    expect(clash.statusCode).toBe(400);
    expect(clash.body).toContain('Another setting already has URN 100002');
    const saved = await admin.post(`/registry/settings/${place.settings.acorns}`, {
      ...goodSetting,
      urn: '100003',
      name: 'Little Acorns Day Nursery',
      phase: 'early_years',
    });
    expect(saved.statusCode).toBe(303);
    const row = await t.db
      .selectFrom('setting')
      .selectAll()
      .where('id', '=', place.settings.acorns)
      .executeTakeFirstOrThrow();
    expect(row.name).toBe('Little Acorns Day Nursery');
    expect(row.schoolDayStartsAt).toBe('08:50:00');
  });

  it('gives the yearly report the settings by phase, as the registry holds them', async () => {
    const { registryModule } = await import('./index.ts');
    const section = await registryModule.reportSection!(t.services, { from: '2026-04-01', to: '2027-03-31' });
    const phases = await t.db.selectFrom('setting').select('phase').execute();
    const count = (phase: string) => phases.filter((p) => p.phase === phase).length;
    // In the order of the phases, leaving out those with no setting.
    expect(section.figures.map((f) => [f.label, f.value])).toEqual(
      Object.entries(PHASES)
        .map(([phase, label]) => [label, count(phase)])
        .filter(([, n]) => Number(n) > 0),
    );
    expect(section.figures.find((f) => f.label === 'Primary')?.value).toBe(count('primary'));
    expect(section.figures.reduce((sum, f) => sum + Number(f.value), 0)).toBe(phases.length);
  });

  describe('CSV import of settings', () => {
    const header = 'urn,name,phase,district,school_day_starts_at,safeguarding_email';

    it('imports every row of a good file', async () => {
      await admin.get('/registry/settings/import');
      const csv = `${header}\n200001,Hilltop Primary,primary,NORTH,08:45,dsl@hilltop.test.example\n200002,Brook Nursery,early_years,Southmere,08:00,dsl@brook.test.example\n`;
      const response = await admin.postMultipart(
        '/registry/settings/import',
        {},
        { name: 'file', filename: 'settings.csv', content: csv },
      );
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('2 settings imported');
      const rows = await t.db
        .selectFrom('setting')
        .select('urn')
        .where('urn', 'in', ['200001', '200002'])
        .execute();
      expect(rows).toHaveLength(2);
    });

    it('names every problem by row and column and imports nothing', async () => {
      const before = await settingCount();
      await admin.get('/registry/settings/import');
      const csv = [
        header,
        '300001,Good School,primary,NORTH,08:45,dsl@good.test.example',
        '300002,Bad Phase School,university,NORTH,08:45,dsl@bad.test.example',
        '300003,Nowhere School,primary,ATLANTIS,08:45,dsl@nowhere.test.example',
        '300004,Short Row,primary,NORTH',
        '100001,Duplicate School,primary,NORTH,08:45,dsl@dup.test.example',
      ].join('\n');
      const response = await admin.postMultipart(
        '/registry/settings/import',
        {},
        { name: 'file', filename: 'settings.csv', content: csv },
      );
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('nothing was imported');
      const table = response.body.slice(response.body.indexOf('Problems in the file'));
      expect(table).toMatch(/<td[^>]*>3<\/td>\s*<td[^>]*>phase<\/td>/);
      expect(table).toMatch(/<td[^>]*>4<\/td>\s*<td[^>]*>district<\/td>/);
      expect(table).toContain('Row has 4 columns; the header has 6');
      expect(table).toMatch(/<td[^>]*>6<\/td>\s*<td[^>]*>urn<\/td>/);
      expect(await settingCount()).toBe(before);
    });

    it('rejects a header with wrong columns', async () => {
      await admin.get('/registry/settings/import');
      const response = await admin.postMultipart(
        '/registry/settings/import',
        {},
        { name: 'file', filename: 's.csv', content: 'urn,title\n1,2\n' },
      );
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('The header has no name column');
      expect(response.body).toContain('Unknown column title');
    });

    it('refuses a file that still has the Operation Encompass enrolment columns, saying where enrolment is recorded now', async () => {
      const before = await settingCount();
      await admin.get('/registry/settings/import');
      const csv = `${header},encompass_status,encompass_joined_on\n400001,Hilltop Infants,first,NORTH,08:45,dsl@infants.test.example,joined,2021-05-04\n`;
      const response = await admin.postMultipart(
        '/registry/settings/import',
        {},
        { name: 'file', filename: 'settings.csv', content: csv },
      );
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('nothing was imported');
      expect(response.body).toContain('Remove the encompass_status column');
      expect(response.body).toContain('Remove the encompass_joined_on column');
      expect(response.body).toContain('enrolment pages');
      expect(await settingCount()).toBe(before);
    });
  });

  describe('users', () => {
    it('creates a DSL for a setting, who can then sign in and see only their setting', async () => {
      await admin.get('/registry/users/new');
      const response = await admin.post('/registry/users', {
        givenName: 'Priya',
        familyName: 'Testperson',
        email: 'priya.testperson@oakfield.test.example',
        role: 'dsl',
        organisationCode: '',
        teamCode: '',
        settingUrn: '100001',
        password: 'a-long-enough-password',
      });
      expect(response.statusCode).toBe(303);
      const dsl = new TestClient(t.app);
      await dsl.signIn('priya.testperson@oakfield.test.example', 'a-long-enough-password');
      const mine = await dsl.get('/registry/my-setting');
      expect(mine.headers.location).toBe(`/registry/settings/${place.settings.oakfield}`);
      expect((await dsl.get(`/registry/settings/${place.settings.oakfield}`)).statusCode).toBe(200);

      const other = await dsl.get(`/registry/settings/${place.settings.riverside}`);
      expect(other.statusCode).toBe(404);
      expect(other.body).toContain('Page not found');
      expect(other.body).toContain('Sign out');
      const attempt = await t.db
        .selectFrom('auditLog')
        .selectAll()
        .where('userEmail', '=', 'priya.testperson@oakfield.test.example')
        .where('outcome', '=', 'not_found')
        .executeTakeFirst();
      expect(attempt).toMatchObject({ recordType: 'setting', recordId: String(place.settings.riverside) });
    });

    it('requires the place a role works in, and a unique email', async () => {
      await admin.get('/registry/users/new');
      const noSetting = await admin.post('/registry/users', {
        givenName: 'A',
        familyName: 'B',
        email: 'a.b@test.example',
        role: 'dsl',
        settingUrn: '',
        password: 'a-long-enough-password',
      });
      expect(noSetting.statusCode).toBe(400);
      expect(noSetting.body).toContain('Enter the URN of the setting');
      const duplicate = await admin.post('/registry/users', {
        givenName: 'A',
        familyName: 'B',
        email: 'PRIYA.testperson@oakfield.test.example',
        role: 'partnership_admin',
        password: 'a-long-enough-password',
      });
      expect(duplicate.body).toContain('A user with this email address already exists');
      const shortPassword = await admin.post('/registry/users', {
        givenName: 'A',
        familyName: 'B',
        email: 'c.d@test.example',
        role: 'partnership_admin',
        password: 'short',
      });
      expect(shortPassword.body).toContain('Password must be at least 12 characters');
    });
  });

  it('changes a user and, when disabled, signs them out at once', async () => {
    const user = await createTestUser(t.db, 'front_door_practitioner');
    const them = new TestClient(t.app);
    await them.signIn(user.email, user.password);
    expect((await them.get('/')).statusCode).toBe(200);
    const form = await admin.get(`/registry/users/${user.id}/edit`);
    expect(form.body).toContain(user.email);
    const saved = await admin.post(`/registry/users/${user.id}`, {
      givenName: 'Renamed',
      familyName: 'Person',
      email: user.email,
      role: 'partnership_admin',
      organisationCode: 'LA',
      teamCode: '',
      settingUrn: '',
      active: 'no',
    });
    expect(saved.statusCode).toBe(303);
    const row = await t.db
      .selectFrom('appUser')
      .selectAll()
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      givenName: 'Renamed',
      role: 'partnership_admin',
      active: false,
      organisationId: place.organisations.council,
    });
    expect((await them.get('/registry/settings')).statusCode).toBe(303);
  });

  describe('organisations', () => {
    it('adds one, and refuses a duplicate code', async () => {
      await admin.get('/registry/organisations/new');
      const created = await admin.post('/registry/organisations', {
        code: 'WAID',
        name: 'Testshire Women’s Aid',
        kind: 'voluntary',
        safeguardingPartner: 'no',
      });
      expect(created.statusCode).toBe(303);
      expect((await admin.get('/registry/organisations')).body).toContain('Testshire Women’s Aid');
      const duplicate = await admin.post('/registry/organisations', {
        code: 'WAID',
        name: 'Another',
        kind: 'voluntary',
        safeguardingPartner: 'no',
      });
      expect(duplicate.statusCode).toBe(400);
      expect(duplicate.body).toContain('An organisation with code WAID already exists');
    });
  });

  describe('children', () => {
    it('finds a child by exact identifiers, creates one otherwise, and never guesses between two', async () => {
      const child = {
        givenName: 'Amelia',
        familyName: 'Testchild',
        dateOfBirth: '2019-04-02',
        sex: 'female' as const,
        nhsNumber: '9434765919',
      };
      const first = await t.services.children.findOrCreateChild(SYSTEM_ACTOR, child);
      expect(first.status).toBe('created');
      const again = await t.services.children.findOrCreateChild(SYSTEM_ACTOR, {
        ...child,
        givenName: 'AMELIA',
      });
      expect(again).toEqual({ status: 'found', childId: (first as { childId: string }).childId });
      await t.db
        .insertInto('child')
        .values({ givenName: 'Amelia', familyName: 'Testchild', dateOfBirth: '2019-04-02', sex: 'female' })
        .execute();
      const audited = await t.db
        .selectFrom('auditLog')
        .select(['action', 'childId'])
        .where('childId', '=', (first as { childId: string }).childId)
        .orderBy('seq')
        .execute();
      expect(audited.map((a) => a.action)).toEqual(['create', 'match']);
      const ambiguous = await t.services.children.findOrCreateChild(SYSTEM_ACTOR, {
        ...child,
        nhsNumber: undefined,
      });
      expect(ambiguous.status).toBe('ambiguous');
    });

    it('audits every view of a child’s record and hides children outside a DSL’s setting', async () => {
      const { childId } = (await t.services.children.findOrCreateChild(SYSTEM_ACTOR, {
        givenName: 'Noah',
        familyName: 'Testchild',
        dateOfBirth: '2017-10-10',
        sex: 'male',
      })) as { childId: string };
      await t.db
        .insertInto('childEnrolment')
        .values({ childId, settingId: place.settings.riverside, onRollFrom: '2022-09-01' })
        .execute();
      const page = await admin.get(`/children/${childId}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Riverside High School');
      const view = await t.db
        .selectFrom('auditLog')
        .selectAll()
        .where('childId', '=', childId)
        .where('action', '=', 'view')
        .execute();
      expect(view).toHaveLength(1);
      expect(view[0]).toMatchObject({ action: 'view', recordType: 'child', role: 'partnership_admin' });

      const user = await createTestUser(t.db, 'dsl', { settingId: place.settings.oakfield });
      const dsl = new TestClient(t.app);
      await dsl.signIn(user.email, user.password);
      expect((await dsl.get(`/children/${childId}`)).statusCode).toBe(404);
      const refused = await t.db
        .selectFrom('auditLog')
        .selectAll()
        .where('childId', '=', childId)
        .where('outcome', '=', 'not_found')
        .execute();
      expect(refused).toHaveLength(1);
    });

    it('sends an old link to a child’s record in the registry to its page in the child index', async () => {
      const { childId } = (await t.services.children.findOrCreateChild(SYSTEM_ACTOR, {
        givenName: 'Ola',
        familyName: 'Testchild',
        dateOfBirth: '2018-01-10',
        sex: 'female',
      })) as { childId: string };
      const old = await admin.get(`/registry/children/${childId}`);
      expect(old.statusCode).toBe(301);
      expect(old.headers.location).toBe(`/children/${childId}`);
      expect((await admin.get('/registry/children/not-an-id')).statusCode).toBe(404);
    });
  });

  it('lets the admin search the audit log by user', async () => {
    const page = await admin.get('/audit?user=priya.testperson%40oakfield.test.example');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('not found (out of scope)');
  });
});
