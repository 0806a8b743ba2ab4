/**
 * A FHIR R4 Bundle through WREN's import, as the CSV goes: uploaded on the import page (no columns
 * to match), children only, matched to the index, screened, entries that cannot be read reported
 * by index while the good ones go in, a second import of the same Bundle changing nothing, and a
 * file that is not a Bundle refused with nothing saved. Also through `safeguarding import wren`.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';
import { fixtureBundle, validNhs } from './fixtures/fhir-fixture.ts';

const KACEY_NHS = validNhs('943476591');
const BUNDLE = fixtureBundle(KACEY_NHS);

describe('WREN: importing a FHIR R4 Bundle', () => {
  let t: TestApp;
  let nurse: TestClient;
  let team = 0;
  let kacey = '';
  let tyler = '';

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' } });
    const p = await seedSmallPartnership(t.db);
    team = (
      await t.db
        .insertInto('team')
        .values({
          code: 'HOSP',
          name: 'Royal Hospital Safeguarding',
          organisationId: p.organisations.community,
          districtId: null,
          kind: 'hospital_safeguarding',
          email: 'hosp@test.example',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const filler = Array.from({ length: 40 }, (_, k) => ({
      givenName: ['Noah', 'Isla', 'Leo', 'Freya'][k % 4]!,
      familyName: `${['Ash', 'Bex', 'Car', 'Dun'][k % 4]}${['down', 'ley', 'row', 'more', 'worth', 'ton', 'ing', 'field', 'ord', 'op'][Math.floor(k / 4)]}`,
      dateOfBirth: `${2008 + (k % 9)}-${String(1 + (k % 12)).padStart(2, '0')}-${String(1 + (k % 27)).padStart(2, '0')}`,
      sex: (k % 2 ? 'female' : 'male') as 'female' | 'male',
      postcode: `WR${1 + (k % 14)} ${1 + (k % 9)}BD`,
      address: `${k + 1} Orchard Way`,
    }));
    const inserted = await t.db
      .insertInto('child')
      .values([
        {
          givenName: 'Kacey',
          familyName: 'Marlowe',
          dateOfBirth: '2010-06-14',
          sex: 'female',
          postcode: 'WR5 1DT',
          address: '8 Elm Row, Worcester',
          nhsNumber: KACEY_NHS,
        },
        {
          givenName: 'Tyler',
          familyName: 'Brennan',
          dateOfBirth: '2009-01-30',
          sex: 'male',
          postcode: 'WR2 4QN',
          address: '3 Pound Lane, Worcester',
        },
        ...filler,
      ])
      .returning('id')
      .execute();
    kacey = inserted[0]!.id;
    tyler = inserted[1]!.id;
    const n = await createTestUser(t.db, 'hospital_safeguarding_nurse', { teamId: team });
    nurse = new TestClient(t.app);
    await nurse.signIn(n.email, n.password);
  });
  afterAll(async () => {
    await t?.close();
  });

  const imports = async () =>
    Number(
      (
        await t.db
          .selectFrom('wrenImport')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('imports the Bundle from the upload page at once: children only, matched, screened, bad entries by index', async () => {
    await nurse.get('/health-screening/imports');
    const uploaded = await nurse.postMultipart(
      '/health-screening/imports',
      {},
      { name: 'file', filename: 'october.fhir.json', content: BUNDLE },
    );
    expect(uploaded.statusCode).toBe(303);
    const url = uploaded.headers.location as string;
    expect(url).toMatch(/^\/health-screening\/imports\/\d+$/);
    const summary = await nurse.get(url);
    expect(summary.statusCode).toBe(200);
    for (const entry of [5, 6, 10, 12]) expect(summary.body).toContain(`Bundle.entry[${entry}]`);
    expect(summary.body).toContain('The patient Patient/nobody is not in the Bundle');

    const rows = await t.db.selectFrom('wrenAttendance').selectAll().orderBy('attendanceRef').execute();
    expect(rows.map((r) => r.attendanceRef)).toEqual(['FHIR-1', 'enc-5']);
    const [first, second] = rows;
    expect(first).toMatchObject({
      teamId: team,
      childId: kacey,
      matchMethod: 'nhs_number',
      presentingComplaint: 'Knife injury',
      ethnicity: 'White - British',
    });
    expect(first!.notes).toContain('Says it was a KNIFE');
    // Tyler's family name is misspelt in the hospital's record: the linkage engine finds him.
    expect(second).toMatchObject({ childId: tyler, matchMethod: 'linkage' });

    const upload = await t.db
      .selectFrom('wrenImport')
      .selectAll()
      .where('id', '=', Number(url.split('/').at(-1)))
      .executeTakeFirstOrThrow();
    expect(upload).toMatchObject({ kept: 2, adultsDropped: 1, rejected: 4, flagged: 1, status: 'imported' });
    expect(upload.header).toEqual(['FHIR R4 Bundle']);

    const screenings = await t.db
      .selectFrom('wrenScreening')
      .select(['attendanceId', 'flagged', 'matches'])
      .execute();
    const flagged = screenings.filter((s) => s.flagged);
    expect(flagged.map((s) => s.attendanceId)).toEqual([first!.id]);
    const words = flagged[0]!.matches.map((m) => m.term.toLowerCase());
    expect(words).toContain('knife');
  });

  it('importing the same Bundle again changes nothing', async () => {
    const before = await t.db.selectFrom('wrenAttendance').selectAll().orderBy('id').execute();
    const summary = await t.services.healthScreening.importFhir(
      async () => {},
      { userId: null, teamId: team },
      'again.json',
      Buffer.from(BUNDLE),
    );
    expect(summary).toMatchObject({ kept: 0, alreadyImported: 2, adultsDropped: 1, rejected: 4 });
    expect(await t.db.selectFrom('wrenAttendance').selectAll().orderBy('id').execute()).toEqual(before);
  });

  it('reports an attendance id twice in one Bundle by the later entry', async () => {
    const encounter = (id: string) => ({
      resource: {
        resourceType: 'Encounter',
        identifier: [{ value: 'DUP-1' }],
        id,
        subject: { reference: 'Patient/p' },
        period: { start: '2026-11-01T10:00:00Z' },
      },
    });
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        {
          resource: { resourceType: 'Patient', id: 'p', name: [{ family: 'Dupe' }], birthDate: '2012-01-01' },
        },
        encounter('a'),
        encounter('b'),
      ],
    };
    const summary = await t.services.healthScreening.importFhir(
      async () => {},
      { userId: null, teamId: team },
      'dupes.json',
      Buffer.from(JSON.stringify(bundle)),
    );
    expect(summary.kept).toBe(1);
    expect(summary.problems).toEqual([
      { row: null, column: 'Bundle.entry[2]', message: 'The attendance id DUP-1 is also on Bundle.entry[1]' },
    ]);
  });

  it('refuses a file that is not a Bundle, and saves nothing', async () => {
    const attendances = await t.db.selectFrom('wrenAttendance').select('id').execute();
    const before = await imports();
    await nurse.get('/health-screening/imports');
    const r = await nurse.postMultipart(
      '/health-screening/imports',
      {},
      { name: 'file', filename: 'patient.json', content: '{"resourceType":"Patient","id":"x"}' },
    );
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('The file cannot be read: nothing was imported');
    expect(r.body).toContain('The file is not a FHIR Bundle (its resourceType is not &quot;Bundle&quot;)');
    expect(await imports()).toBe(before);
    expect(await t.db.selectFrom('wrenAttendance').select('id').execute()).toEqual(attendances);
  });
});

// The command line, on a database of its own (PGlite in a fresh data folder).
describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('safeguarding import wren with a FHIR Bundle', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sgh-wren-fhir-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('imports the Bundle and reports the entries it could not read', async () => {
    const file = path.join(dataDir, 'october.fhir.json');
    fs.writeFileSync(file, BUNDLE);
    const env: Record<string, string | undefined> = {
      ...process.env,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
    };
    delete env.DATABASE_URL;
    delete env.BASE_URL;
    const { stdout } = await promisify(execFile)(
      'node',
      ['--import', 'tsx', 'src/cli.ts', 'import', 'wren', file],
      { env, cwd: process.cwd(), timeout: 120_000 },
    );
    expect(stdout).toContain(
      'Imported 2 attendances of children from the FHIR Bundle (1 flagged, 0 matched to the child index); 0 imported before, 1 adults left out, 4 entries not read.',
    );
    expect(stdout).toContain(
      'Bundle.entry[6]: Encounter.subject: The patient Patient/nobody is not in the Bundle',
    );
  }, 180_000);
});
