/** The imports page: upload, progress, the report of refused rows by row number, nothing kept of a refused file. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../platform/logging/logger.ts';
import { ImportRuns } from './import-runs.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';

const LIST_3 = [
  'Child Unique ID,Gender,Date of Birth,Date of Referral,Referral Source,Referral NFA?',
  'WEB1,b) Female,2014-06-01,2025-03-10,2A,No',
  'WEB2,a) Male,2013-02-11,2025-03-11,6,Yes',
  'WEB3,a) Male,2013-02-11,someday,6,Yes',
  'WEB4,a) Male,2013-02-11,2025-03-12,6,Perhaps',
].join('\n');

describe('the imports page', () => {
  let t: TestApp;
  let officer: TestClient;

  const events = async () =>
    Number(
      (
        await t.db
          .selectFrom('journeyEvent')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' }, logger: createLogger('error') });
    await seedSmallPartnership(t.db);
    const user = await createTestUser(t.db, 'data_quality');
    officer = new TestClient(t.app);
    await officer.signIn(user.email, user.password);
  });
  afterAll(() => t.close());

  it('imports an uploaded list and reports each refused row by its row number and reason', async () => {
    const form = await officer.get('/journey/imports');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('enctype="multipart/form-data"');
    const upload = await officer.postMultipart(
      '/journey/imports',
      { kind: 'annex-a' },
      { name: 'file', filename: 'List_3.csv', content: LIST_3 },
    );
    expect(upload.statusCode).toBe(303);
    const location = upload.headers.location as string;
    expect(location).toMatch(/^\/journey\/imports\/[0-9a-f-]{36}$/);
    await t.services.journey.imports.settled();
    const report = await officer.get(location);
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('The import is finished');
    // Named as the person's own file, not as the name it is read under.
    expect(report.body).toContain('Import of List_3.csv');
    expect(report.body).toMatch(/Rows read\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*4\s*</);
    expect(report.body).toMatch(/Rows imported\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*2\s*</);
    const cells = [...report.body.matchAll(/<td class="govuk-table__cell[^"]*">([^<]*)<\/td>/g)].map((m) =>
      m[1]!.trim(),
    );
    expect(cells).toEqual([
      'annex-a.csv',
      '4',
      'Date of Referral: &quot;someday&quot; is not a date (expected a date, DD/MM/YYYY or YYYY-MM-DD)',
      'annex-a.csv',
      '5',
      'Referral NFA?: &quot;Perhaps&quot; is not yes or no',
    ]);
    expect(await events()).toBe(2);
    const audited = await t.db
      .selectFrom('auditLog')
      .select(['action', 'recordType'])
      .where('recordType', '=', 'journey-import')
      .execute();
    expect(audited.map((a) => a.action).sort()).toEqual(['import', 'upload', 'view']);
    // The list of this person's imports links to it.
    expect((await officer.get('/journey/imports')).body).toContain(`href="${location}"`);
    // Another server process (or this one after a restart) shows the same run and its report: the
    // run is a row, not this process's memory.
    const elsewhere = new ImportRuns(t.db);
    const userId = (
      await t.db
        .selectFrom('appUser')
        .select('id')
        .where('role', '=', 'data_quality')
        .executeTakeFirstOrThrow()
    ).id;
    const id = location.split('/').pop()!;
    const seen = await elsewhere.get(id, userId);
    expect(seen).toMatchObject({ id, filename: 'List_3.csv', stage: 'done', rowsRead: 4 });
    expect(seen?.report?.rowsImported).toBe(2);
    expect(seen?.report?.problems).toHaveLength(2);
    expect((await elsewhere.of(userId)).map((r) => r.id)).toContain(id);
    expect(await elsewhere.get(id, '00000000-0000-4000-8000-000000000009')).toBeNull();
    // A run whose server stopped mid-import never ends in its row; hours later it shows as stopped,
    // with nothing imported (the import is one transaction).
    const stopped = '00000000-0000-4000-8000-0000000000aa';
    await t.db
      .insertInto('journeyImportRun')
      .values({
        id: stopped,
        kind: 'annex-a',
        filename: 'big.xlsx',
        storedAs: 'annex-a.xlsx',
        startedBy: userId,
        startedAt: new Date(Date.now() - 3 * 3_600_000),
        stage: 'writing',
      })
      .execute();
    const page = await officer.get(`/journey/imports/${stopped}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The import stopped before it finished');
  });

  it('keeps nothing of a refused file and says why', async () => {
    const before = await events();
    await officer.get('/journey/imports');
    const upload = await officer.postMultipart(
      '/journey/imports',
      { kind: 'annex-a' },
      {
        name: 'file',
        filename: 'List_6.csv',
        content: 'Child Unique ID,Gender,Date of Birth,CIN Start Date\nWEB9,Male,2013-02-11,2025-01-01\n',
      },
    );
    await t.services.journey.imports.settled();
    const page = await officer.get(upload.headers.location as string);
    expect(page.body).toContain('The file was not imported');
    expect(page.body).toContain('has no column &quot;CIN Closure Date&quot;');
    expect(page.body).toContain('Nothing from this file was kept');
    expect(await events()).toBe(before);
  });

  it('records the child population from an uploaded CSV, in one transaction with its audit entry', async () => {
    const districts = await t.db.selectFrom('registryDistrict').select(['id', 'code', 'name']).execute();
    expect(districts.length).toBeGreaterThan(0);
    const [first] = districts;
    await officer.get('/journey/imports');
    const upload = await officer.postMultipart(
      '/journey/imports',
      { kind: 'population' },
      {
        name: 'file',
        filename: 'population.csv',
        // The same district and year twice: the later row wins.
        content: `district,year,children\n${first!.code},2025,1000\n${first!.name},2026,1200\n${first!.code},2026,1250\n`,
      },
    );
    await t.services.journey.imports.settled();
    const page = await officer.get(upload.headers.location as string);
    expect(page.body).toContain('3 district populations recorded');
    const stored = await t.db
      .selectFrom('journeyPopulation')
      .select(['year', 'children'])
      .where('districtId', '=', first!.id)
      .orderBy('year')
      .execute();
    expect(stored).toEqual([
      { year: 2025, children: 1000 },
      { year: 2026, children: 1250 },
    ]);
  });

  it('asks for the kind of file and a file, on the field, and starts nothing', async () => {
    await officer.get('/journey/imports');
    const missing = await officer.postMultipart(
      '/journey/imports',
      {},
      { name: 'file', filename: 'x.csv', content: '' },
    );
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Select what the file is');
    expect(missing.body).toContain('Select a file');
    await officer.get('/journey/imports');
    const wrong = await officer.postMultipart(
      '/journey/imports',
      { kind: 'cin-census' },
      { name: 'file', filename: 'List_3.csv', content: LIST_3 },
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('The file must be .xml for children in need census');
  });

  it('is for data quality and admins; an import is its uploader’s alone', async () => {
    const exec = await createTestUser(t.db, 'executive');
    const client = new TestClient(t.app);
    await client.signIn(exec.email, exec.password);
    expect((await client.get('/journey/imports')).statusCode).toBe(403);
    const other = await createTestUser(t.db, 'partnership_admin');
    const admin = new TestClient(t.app);
    await admin.signIn(other.email, other.password);
    const mine = await t.services.journey.imports.of(
      (
        await t.db
          .selectFrom('appUser')
          .select('id')
          .where('role', '=', 'data_quality')
          .executeTakeFirstOrThrow()
      ).id,
    );
    expect(mine.length).toBeGreaterThan(0);
    expect((await admin.get(`/journey/imports/${mine[0]!.id}`)).statusCode).toBe(404);
  });
});
