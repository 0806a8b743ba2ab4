import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nhsCheckDigit } from '../../platform/identifiers/index.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';
import type { ChildFactsSource } from './crossref.ts';
import { healthScreeningModule } from './index.ts';

/** A valid NHS number from nine digits. */
function nhs(nine: string): string {
  for (let k = 0; ; k++) {
    const candidate = String(Number(nine) + k).padStart(9, '0');
    const check = nhsCheckDigit(candidate);
    if (check !== null) return `${candidate}${check}`;
  }
}

const KACEY_NHS = nhs('943476591');
const OTHER_NHS = nhs('401023213');

/** Children the index holds, and others around them that nobody is looking for. */
function children() {
  const filler = Array.from({ length: 60 }, (_, k) => ({
    givenName: ['Noah', 'Isla', 'Leo', 'Freya', 'Arlo', 'Maya'][k % 6]!,
    familyName: `${['Ash', 'Bex', 'Car', 'Dun', 'Els', 'Fair'][k % 6]}${['down', 'ley', 'row', 'more', 'worth', 'ton', 'ing', 'field', 'ord', 'op'][Math.floor(k / 6)]}`,
    dateOfBirth: `${2008 + (k % 9)}-${String(1 + (k % 12)).padStart(2, '0')}-${String(1 + (k % 27)).padStart(2, '0')}`,
    sex: (k % 2 ? 'female' : 'male') as 'female' | 'male',
    postcode: `WR${1 + (k % 14)} ${1 + (k % 9)}BD`,
    address: `${k + 1} Orchard Way`,
  }));
  return [
    {
      givenName: 'Kacey',
      familyName: 'Marlowe',
      dateOfBirth: '2010-06-14',
      sex: 'female' as const,
      postcode: 'WR5 1DT',
      address: '8 Elm Row, Worcester',
      nhsNumber: KACEY_NHS,
    },
    {
      givenName: 'Tyler',
      familyName: 'Brennan',
      dateOfBirth: '2009-01-30',
      sex: 'male' as const,
      postcode: 'WR2 4QN',
      address: '3 Pound Lane, Worcester',
    },
    ...filler,
  ];
}

const HEADER = 'Ref,Arrived,Site,Forename,Surname,DOB,NHS No,Post Code,Ethnic group,Complaint,Clinical notes';

/** One month's file: a knife injury of Kacey, a fall of Tyler (typo in his name), an adult, two unreadable rows. */
const FILE = [
  HEADER,
  `ED-1,2026-10-03T14:05:00Z,Royal ED,Kacey,Marlowe,2010-06-14,${KACEY_NHS},WR5 1DT,White British,Knife injury,"Laceration to left forearm, says it was a KNIFE. Denies any gang involvement."`,
  'ED-2,2026-10-04 09:30,Royal ED,Tyler,Brenan,2009-01-30,,WR2 4QN,White British,Injury to wrist,Fell from trampoline. X-ray NAD.',
  'ED-3,2026-10-05T10:00:00Z,Royal ED,Adam,Oldman,1980-02-02,,WR1 1AA,White British,Chest pain,Took an overdose',
  'ED-4,not a time,Royal ED,Zed,Nobody,2011-01-01,,WR1 1AA,,Rash,None',
  `ED-5,2026-10-06T08:00:00Z,Royal ED,Ava,Unknown,2012-02-02,${OTHER_NHS.slice(0, 9)}1,WR1 1AA,,Rash,None`,
  'ED-6,2026-10-07T21:00:00Z,Alex ED,Mia,Stranger,2013-03-03,,B90 4AA,Mixed,Head injury,Brother was stabbed last week; child anxious.',
].join('\n');

describe('WREN: import, screening, matching and triage', () => {
  let t: TestApp;
  let nurse: TestClient;
  let otherNurse: TestClient;
  let admin: TestClient;
  let kacey = '';
  let tyler = '';
  let hospitalTeam = 0;
  const getSafeFlags = new Map<string, string>();

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' } });
    const p = await seedSmallPartnership(t.db);
    const [hospital, other] = await t.db
      .insertInto('team')
      .values([
        {
          code: 'HOSP',
          name: 'Royal Hospital Safeguarding',
          organisationId: p.organisations.community,
          districtId: null,
          kind: 'hospital_safeguarding',
          email: 'hosp@test.example',
        },
        {
          code: 'HOSP2',
          name: 'Other Hospital Safeguarding',
          organisationId: p.organisations.community,
          districtId: null,
          kind: 'hospital_safeguarding',
          email: 'hosp2@test.example',
        },
      ])
      .returning('id')
      .execute();
    hospitalTeam = hospital!.id;
    const inserted = await t.db.insertInto('child').values(children()).returning('id').execute();
    kacey = inserted[0]!.id;
    tyler = inserted[1]!.id;
    // A GET SAFE flag source standing in for the exploitation module's (not in this build yet).
    const source: ChildFactsSource = {
      label: 'GET SAFE flags (test source)',
      kinds: ['get_safe_flag'],
      async factsFor(ids) {
        return new Map(
          ids.flatMap((id) =>
            getSafeFlags.has(id)
              ? [[id, [{ kind: 'get_safe_flag' as const, text: getSafeFlags.get(id)!, since: '2026-09-01' }]]]
              : [],
          ),
        );
      },
    };
    (t.services.healthScreening.sources as ChildFactsSource[]).push(source);
    getSafeFlags.set(kacey, 'Child criminal exploitation, since 1 September 2026');
    // The journey module (in this build) holds that Kacey is a child in need: an allocated social worker.
    await t.db
      .transaction()
      .execute((trx) =>
        t.services.journey.recordEventsInTrx(trx, [
          { childId: kacey, kind: 'cin_start', occurredOn: '2026-08-01', source: 'test', sourceRef: 'CIN-1' },
        ]),
      );
    const n = await createTestUser(t.db, 'hospital_safeguarding_nurse', { teamId: hospital!.id });
    nurse = new TestClient(t.app);
    await nurse.signIn(n.email, n.password);
    const o = await createTestUser(t.db, 'hospital_safeguarding_nurse', { teamId: other!.id });
    otherNurse = new TestClient(t.app);
    await otherNurse.signIn(o.email, o.password);
    const a = await createTestUser(t.db, 'partnership_admin');
    admin = new TestClient(t.app);
    await admin.signIn(a.email, a.password);
  });
  afterAll(async () => {
    await t?.close();
  });

  const count = async (table: 'wrenAttendance' | 'wrenScreening' | 'child' | 'wrenTriage') =>
    Number(
      (
        await t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  let importId = 0;

  it('imports a file: columns guessed, children only, unreadable rows reported by row, good rows in', async () => {
    const childrenBefore = await count('child');
    await nurse.get('/health-screening/imports');
    const uploaded = await nurse.postMultipart(
      '/health-screening/imports',
      {},
      { name: 'file', filename: 'october.csv', content: FILE },
    );
    expect(uploaded.statusCode).toBe(303);
    const columnsUrl = uploaded.headers.location as string;
    importId = Number(/imports\/(\d+)\/columns/.exec(columnsUrl)![1]);
    const page = await nurse.get(columnsUrl);
    expect(page.statusCode).toBe(200);
    // Guessed from the names: the surname column, the notes column.
    expect(page.body).toMatch(/<option value="Surname" selected>/);
    expect(page.body).toMatch(/<option value="Clinical notes" selected>/);
    const mapping = {
      attendance_id: 'Ref',
      arrived_at: 'Arrived',
      department: 'Site',
      given_name: 'Forename',
      family_name: 'Surname',
      date_of_birth: 'DOB',
      nhs_number: 'NHS No',
      postcode: 'Post Code',
      ethnicity: 'Ethnic group',
      presenting_complaint: 'Complaint',
      notes: 'Clinical notes',
    };
    const done = await nurse.post(columnsUrl, mapping);
    expect(done.statusCode).toBe(303);
    const summary = await nurse.get(done.headers.location as string);
    expect(summary.body).toContain('Rows that could not be read');
    // Row 5 (ED-4) has no time; row 6 (ED-5) a bad NHS number; the adult (row 4) is not kept.
    expect(summary.body).toMatch(
      /<td class="govuk-table__cell">5<\/td>\s*<td class="govuk-table__cell">Arrived<\/td>/,
    );
    expect(summary.body).toMatch(
      /<td class="govuk-table__cell">6<\/td>\s*<td class="govuk-table__cell">NHS No<\/td>/,
    );
    const rows = await t.db.selectFrom('wrenAttendance').selectAll().orderBy('attendanceRef').execute();
    expect(rows.map((r) => r.attendanceRef)).toEqual(['ED-1', 'ED-2', 'ED-6']);
    const upload = await t.db
      .selectFrom('wrenImport')
      .selectAll()
      .where('id', '=', importId)
      .executeTakeFirstOrThrow();
    expect(upload).toMatchObject({
      kept: 3,
      adultsDropped: 1,
      rejected: 2,
      flagged: 2,
      status: 'imported',
      file: null,
    });
    // Matched: Kacey by NHS number, Tyler by the engine despite the typo; the stranger not at all.
    const byRef = new Map(rows.map((r) => [r.attendanceRef, r]));
    expect(byRef.get('ED-1')).toMatchObject({
      childId: kacey,
      matchMethod: 'nhs_number',
      matchProbability: 1,
    });
    expect(byRef.get('ED-2')!.matchMethod).toBe('linkage');
    expect(byRef.get('ED-2')!.matchProbability).toBeGreaterThan(0.9);
    expect(byRef.get('ED-6')).toMatchObject({ childId: null, matchMethod: 'none' });
    // No child is ever created from an attendance.
    expect(await count('child')).toBe(childrenBefore);
    // What was known when flagged: Kacey's GET SAFE flag.
    expect(
      byRef
        .get('ED-1')!
        .knownFacts.map((f) => f.kind)
        .sort(),
    ).toEqual(['allocated_social_worker', 'get_safe_flag']);
  });

  it('importing the same attendance ids again changes nothing', async () => {
    const before = await t.db.selectFrom('wrenAttendance').selectAll().orderBy('id').execute();
    const screenings = await count('wrenScreening');
    const summary = await t.services.healthScreening.importFile(
      async () => {},
      { userId: null, teamId: hospitalTeam },
      'again.csv',
      Buffer.from(FILE),
      (await t.services.healthScreening.savedMapping({ userId: null, teamId: hospitalTeam }))!,
    );
    expect(summary).toMatchObject({ kept: 0, alreadyImported: 3, adultsDropped: 1, rejected: 2 });
    expect(await t.db.selectFrom('wrenAttendance').selectAll().orderBy('id').execute()).toEqual(before);
    expect(await count('wrenScreening')).toBe(screenings);
  });

  it('the team’s mapping is remembered for its next file', async () => {
    await nurse.get('/health-screening/imports');
    const renamed = FILE.replace('Surname', 'Surname').replace('Ref,', 'Ref,');
    const uploaded = await nurse.postMultipart(
      '/health-screening/imports',
      {},
      { name: 'file', filename: 'again.csv', content: renamed },
    );
    const page = await nurse.get(uploaded.headers.location as string);
    expect(page.body).toContain('Your team’s choices from the last import are filled in');
    expect(page.body).toMatch(/<option value="Complaint" selected>/);
  });

  it('refuses a file that lacks a column whole, and keeps nothing', async () => {
    const before = await count('wrenAttendance');
    const noNotes = FILE.split('\n')
      .map((line) => line.replace(/,[^,]*$/, '').replace(/,"Laceration.*$/, ''))
      .join('\n')
      .replace('ED-1,', 'ED-9,');
    const error = await t.services.healthScreening
      .importFile(async () => {}, { userId: null, teamId: hospitalTeam }, 'x.csv', Buffer.from(noNotes), {
        attendance_id: 'Ref',
        arrived_at: 'Arrived',
        given_name: 'Forename',
        family_name: 'Surname',
        date_of_birth: 'DOB',
        presenting_complaint: 'Complaint',
        notes: 'Clinical notes',
      })
      .catch((e: unknown) => e);
    expect((error as Error).message).toContain('The column “Clinical notes” (notes) is not in the file');
    expect(await count('wrenAttendance')).toBe(before);
    // On the page: a required column left unchosen is an error on its field.
    await nurse.get('/health-screening/imports');
    const uploaded = await nurse.postMultipart(
      '/health-screening/imports',
      {},
      { name: 'file', filename: 'n.csv', content: noNotes },
    );
    const url = uploaded.headers.location as string;
    await nurse.get(url);
    const refused = await nurse.post(url, {
      attendance_id: 'Ref',
      arrived_at: 'Arrived',
      family_name: 'Surname',
      given_name: 'Forename',
      date_of_birth: 'DOB',
      presenting_complaint: 'Complaint',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Choose the column that holds the notes');
    expect(await count('wrenAttendance')).toBe(before);
  });

  it('the nurse’s queue shows each flagged attendance with its words and what the index holds', async () => {
    const queue = await nurse.get('/health-screening');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('ED-1');
    expect(queue.body).toContain('ED-6');
    expect(queue.body).not.toContain('ED-2'); // a fall from a trampoline is not flagged
    expect(queue.body).toContain('knife');
    expect(queue.body).toContain('gang (negated: “denies”)');
    expect(queue.body).toContain('stabbed (said of brother)');
    expect(queue.body).toContain('Kacey Marlowe (100%');
    expect(queue.body).toContain('GET SAFE flag');
    // Another hospital's nurse sees none of them, and not the attendance itself.
    const other = await otherNurse.get('/health-screening');
    expect(other.body).not.toContain('ED-1');
    const id = (
      await t.db
        .selectFrom('wrenAttendance')
        .select('id')
        .where('attendanceRef', '=', 'ED-1')
        .executeTakeFirstOrThrow()
    ).id;
    expect((await otherNurse.get(`/health-screening/attendances/${id}`)).statusCode).toBe(404);
  });

  it('an attendance page shows the matches in context and the child’s facts, audited with the child', async () => {
    const id = (
      await t.db
        .selectFrom('wrenAttendance')
        .select('id')
        .where('attendanceRef', '=', 'ED-1')
        .executeTakeFirstOrThrow()
    ).id;
    const page = await nurse.get(`/health-screening/attendances/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<mark>KNIFE</mark>');
    expect(page.body).toContain('Negated (“denies”)');
    expect(page.body).toContain('Child criminal exploitation, since 1 September 2026');
    expect(page.body).toContain('GET SAFE flags (test source)');
    expect(page.body).toContain('Allocated social worker (child in need) since 1 August 2026');
    const entries = await t.db
      .selectFrom('auditLog')
      .select(['action', 'childId'])
      .where('recordType', '=', 'wren-attendance')
      .where('recordId', '=', String(id))
      .where('action', '=', 'view')
      .execute();
    expect(entries.some((e) => e.childId === kacey)).toBe(true);
  });

  it('an outcome needs a rationale; once recorded the attendance leaves the queue', async () => {
    const id = (
      await t.db
        .selectFrom('wrenAttendance')
        .select('id')
        .where('attendanceRef', '=', 'ED-1')
        .executeTakeFirstOrThrow()
    ).id;
    await nurse.get(`/health-screening/attendances/${id}`);
    const missing = await nurse.post(`/health-screening/attendances/${id}`, {
      outcome: 'raise_get_safe_concern',
      rationale: '',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Enter why you decided this');
    expect(await count('wrenTriage')).toBe(0);
    const saved = await nurse.post(`/health-screening/attendances/${id}`, {
      outcome: 'raise_get_safe_concern',
      rationale: 'Knife injury of a child with a GET SAFE flag',
    });
    expect(saved.statusCode).toBe(303);
    const page = await nurse.get(saved.headers.location as string);
    expect(page.body).toContain('Raise the GET SAFE concern');
    expect(page.body).toContain(`childId=${kacey}`);
    expect((await nurse.get('/health-screening')).body).not.toContain('>ED-1<');
  });

  it('a new version of the list, re-screened, shows what changed and records the version on each result', async () => {
    await nurse.get('/health-screening/keywords');
    const empty = await nurse.post('/health-screening/keywords', { terms: '  ' });
    expect(empty.statusCode).toBe(400);
    const current = await t.services.healthScreening.currentList();
    const saved = await nurse.post('/health-screening/keywords', {
      terms: [...(current.terms as string[]).filter((x) => x !== 'gang'), 'trampoline'].join('\n'),
      note: 'test',
    });
    expect(saved.statusCode).toBe(303);
    await nurse.get('/health-screening/keywords');
    // Tyler was flagged by GET SAFE since: the re-screen that flags his attendance records it.
    getSafeFlags.set(tyler, 'County lines, since 1 October 2026');
    const rescreen = await nurse.post('/health-screening/keywords/rescreen', {});
    expect(rescreen.headers.location).toBe('/health-screening/keywords/versions/2/changes');
    const changes = await nurse.get('/health-screening/keywords/versions/2/changes');
    expect(changes.body).toContain('ED-2'); // newly flagged: trampoline
    expect(changes.body).toMatch(/Not flagged → flagged/);
    expect(changes.body).toContain('trampoline');
    const ed2 = await t.db
      .selectFrom('wrenAttendance')
      .selectAll()
      .where('attendanceRef', '=', 'ED-2')
      .executeTakeFirstOrThrow();
    expect(ed2.knownFacts.map((f) => f.kind)).toEqual(['get_safe_flag']);
    const versions = await t.db
      .selectFrom('wrenScreening')
      .select('listVersion')
      .distinct()
      .orderBy('listVersion')
      .execute();
    expect(versions.map((v) => v.listVersion)).toEqual([1, 2]);
  });

  it('the monthly profile counts as a hand count does', async () => {
    const profile = await t.services.healthScreening.profile({ from: '2026-10-01', to: '2026-10-31' });
    // Screened: ED-1, ED-2, ED-6. Flagged (latest, version 2): ED-1 (knife), ED-2 (trampoline), ED-6 (stabbed).
    expect(profile.total.screened).toBe(3);
    expect(profile.total.flagged).toBe(3);
    expect(profile.total.ages).toEqual([0, 0, 3]);
    // Kacey had a GET SAFE flag and a social worker when flagged, Tyler a GET SAFE flag when
    // re-screening flagged him; the stranger (not in the index) had nothing known.
    expect(profile.total.getSafe).toBe(2);
    expect(profile.total.socialWorker).toBe(1);
    expect(profile.total.noPriorAlert).toBe(1);
    const section = await healthScreeningModule.reportSection!(t.services, {
      from: '2026-10-01',
      to: '2026-10-31',
    });
    expect(Object.fromEntries(section.figures.map((f) => [f.label, f.value]))).toMatchObject({
      'A&E attendances of children screened': 3,
      'Attendances flagged by key words': 3,
      'Flagged attendances with no prior safeguarding alert': 1,
      'Flagged attendances of children with a GET SAFE flag': 2,
    });
    expect(profile.ethnicity).toEqual([
      { name: 'White British', count: 2 },
      { name: 'Mixed', count: 1 },
    ]);
    const none = await t.services.healthScreening.profile({ from: '2026-09-01', to: '2026-09-30' });
    expect(none.total.screened).toBe(0);
    const page = await admin.get('/health-screening/profile?from=2026-10-01&to=2026-10-31');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('role="img"');
    expect(page.body).toContain('id="profile"');
    const bad = await admin.get('/health-screening/profile?from=2026-10-31&to=2026-10-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('To must be the same as or after From');
  });
});
