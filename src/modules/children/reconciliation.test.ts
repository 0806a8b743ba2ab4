import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillerChildren } from '../../synthetic/filler-children.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';

/** The police list: one child as we hold them, one flagged and living elsewhere now, one we do not know. */
const EXTRACT = [
  'Forename,Surname,DOB,Post Code,CL flag,Force ref',
  'Kacey,Marlowe,2010-06-14,WR5 1DT,N,WMP/1',
  'Tyler,Brennan,2009-01-30,WR9 9ZZ,Y,WMP/2',
  'Zane,Quillfeather,2008-08-08,WR3 3AB,Y,WMP/3',
].join('\n');

describe('reconciling another agency’s extract with the child index', () => {
  let t: TestApp;
  let officer: TestClient;
  let ours: Record<string, string>;
  let reconciliationUrl = '';
  /** By hand: the filler children in Northvale born within Tyler (30 Jan 2009) to Kacey (14 Jun 2010). */
  let inScopeByHand: string[] = [];

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' } });
    await seedSmallPartnership(t.db);
    const [north, south] = await t.db.selectFrom('district').select('id').orderBy('id').execute();
    // Kacey and Tyler (the two the police list matches) live in Northvale; the others are split.
    const filler = fillerChildren(80).map((c, k) => ({
      ...c,
      districtId: k % 2 ? south!.id : north!.id,
    }));
    inScopeByHand = filler
      .filter(
        (c) => c.districtId === north!.id && c.dateOfBirth >= '2009-01-30' && c.dateOfBirth <= '2010-06-14',
      )
      .map((c) => c.familyName)
      .sort();
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
          districtId: north!.id,
        },
        {
          givenName: 'Tyler',
          familyName: 'Brennan',
          dateOfBirth: '2009-01-30',
          sex: 'male',
          postcode: 'WR2 4QN',
          address: '3 Pound Lane, Worcester',
          districtId: north!.id,
        },
        ...filler,
      ])
      .returning('id')
      .execute();
    ours = { kacey: inserted[0]!.id, tyler: inserted[1]!.id };
    const user = await createTestUser(t.db, 'get_safe_coordinator');
    officer = new TestClient(t.app);
    await officer.signIn(user.email, user.password);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses an upload without a name or a file, or a file that is not CSV, and keeps nothing', async () => {
    await officer.get('/children/reconcile');
    const noFile = await officer.postMultipart(
      '/children/reconcile',
      { name: '' },
      { name: 'other', filename: 'x.txt', content: '' },
    );
    expect(noFile.statusCode).toBe(400);
    expect(noFile.body).toContain('Enter a name for this extract');
    expect(noFile.body).toContain('Select a CSV file');
    await officer.get('/children/reconcile');
    const ragged = await officer.postMultipart(
      '/children/reconcile',
      { name: 'Ragged' },
      { name: 'file', filename: 'r.csv', content: 'a,b\n1,2\n3\n' },
    );
    expect(ragged.statusCode).toBe(400);
    expect(ragged.body).toContain('The file cannot be read: nothing was kept');
    expect(ragged.body).toMatch(/<td class="govuk-table__cell">3<\/td>/);
    expect(await t.db.selectFrom('reconciliation').selectAll().execute()).toHaveLength(0);
  });

  it('uploads the extract and guesses which columns hold what', async () => {
    await officer.get('/children/reconcile');
    const uploaded = await officer.postMultipart(
      '/children/reconcile',
      { name: 'Police county lines flags' },
      { name: 'file', filename: 'flags.csv', content: EXTRACT },
    );
    expect(uploaded.statusCode).toBe(303);
    const columnsUrl = uploaded.headers.location as string;
    expect(columnsUrl).toMatch(/^\/children\/reconcile\/[0-9a-f-]{36}\/columns$/);
    reconciliationUrl = columnsUrl.replace(/\/columns$/, '');
    const columns = await officer.get(columnsUrl);
    expect(columns.statusCode).toBe(200);
    expect(columns.body).toMatch(/<option value="Forename" selected>/);
    expect(columns.body).toMatch(/<option value="Surname" selected>/);
    expect(columns.body).toMatch(/<option value="DOB" selected>/);
    expect(columns.body).toMatch(/<option value="Post Code" selected>/);
    expect(columns.body).toMatch(/<option value="CL flag" selected>/);
  });

  it('names the rows of a column that does not read as the field chosen, and reconciles nothing', async () => {
    const refused = await officer.post(`${reconciliationUrl}/columns`, {
      given_name: 'Forename',
      family_name: 'Surname',
      date_of_birth: 'Force ref',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('nothing was reconciled');
    expect(refused.body).toContain('“WMP/1” is not a date');
    const missing = await officer.post(`${reconciliationUrl}/columns`, {
      given_name: '',
      family_name: '',
      date_of_birth: '',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Choose the column with the family name');
    const row = await t.db.selectFrom('reconciliation').select(['result']).executeTakeFirstOrThrow();
    expect(row.result).toBeNull();
  });

  it('gives four lists: agreeing, disagreeing (a flag of theirs, a postcode), only ours, only theirs', async () => {
    const done = await officer.post(`${reconciliationUrl}/columns`, {
      given_name: 'Forename',
      family_name: 'Surname',
      date_of_birth: 'DOB',
      postcode: 'Post Code',
      flag: 'CL flag',
    });
    expect(done.statusCode).toBe(303);
    const page = await officer.get(reconciliationUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Matched and agreeing (1)');
    expect(page.body).toContain('Matched but disagreeing (1)');
    expect(page.body).toContain('Only in their extract (1)');
    expect(page.body).toContain('Only in the child index (80)');
    expect(page.body).toContain('Postcode differs; Flagged in their system only');

    const csv = await officer.get(`${reconciliationUrl}/lists/disagreeing.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows: Record<string, string>[] = parse(csv.body, { columns: true });
    expect(rows).toEqual([
      expect.objectContaining({
        their_row: '3',
        their_Forename: 'Tyler',
        our_family_name: 'Brennan',
        our_postcode: 'WR2 4QN',
        what_disagrees: 'Postcode differs; Flagged in their system only',
      }),
    ]);
    const theirs: Record<string, string>[] = parse(
      (await officer.get(`${reconciliationUrl}/lists/theirs.csv`)).body,
      { columns: true },
    );
    expect(theirs.map((r) => r.their_Surname)).toEqual(['Quillfeather']);
    // Only ours is the rest of the index: counts by district, never a download of it whole.
    expect(page.body).toMatch(
      new RegExp(`Northvale</td>\\s*<td[^>]*>40</td>\\s*<td[^>]*>${inScopeByHand.length}</td>`),
    );
    expect(page.body).toMatch(/Southmere<\/td>\s*<td[^>]*>40<\/td>\s*<td[^>]*>0<\/td>/);
    expect(page.body).not.toContain(inScopeByHand[0]); // no child only in the index is named
    expect(page.body).not.toContain('/ours"'); // a GET SAFE coordinator is not offered the names
    expect((await officer.get(`${reconciliationUrl}/lists/ours.csv`)).statusCode).toBe(404);
    expect((await officer.get(`${reconciliationUrl}/ours`)).statusCode).toBe(403);
    expect((await officer.post(`${reconciliationUrl}/ours`, { reason: 'checking' })).statusCode).toBe(403);

    // Every child of ours a page or a file showed is in the audit log.
    const audited = await t.db
      .selectFrom('auditLog')
      .select(['childId', 'action'])
      .where('recordType', '=', 'reconciliation')
      .where('childId', 'is not', null)
      .execute();
    expect(audited.filter((a) => a.action === 'download' && a.childId === ours.tyler)).toHaveLength(1);
    expect(audited.filter((a) => a.action === 'list').map((a) => a.childId)).toEqual(
      expect.arrayContaining([ours.kacey, ours.tyler]),
    );
    expect(audited.filter((a) => a.action === 'download')).toHaveLength(1);
  });

  it('gives data quality the names within the extract’s scope only, with a reason that is audited', async () => {
    const user = await createTestUser(t.db, 'data_quality');
    const dq = new TestClient(t.app);
    await dq.signIn(user.email, user.password);
    const uploadPage = await dq.get('/children/reconcile');
    expect(uploadPage.statusCode, uploadPage.body.slice(0, 2000)).toBe(200);
    const uploaded = await dq.postMultipart(
      '/children/reconcile',
      { name: 'Police list for data quality' },
      { name: 'file', filename: 'west-mercia-cl-2026-12.csv', content: EXTRACT },
    );
    expect(uploaded.statusCode, uploaded.body.slice(0, 2000)).toBe(303);
    const url = (uploaded.headers.location as string).replace(/\/columns$/, '');
    // The page names the file the user chose, and its date the UK way.
    const columns = await dq.get(`${url}/columns`);
    expect(columns.body).toContain('west-mercia-cl-2026-12.csv');
    expect(columns.body).toMatch(
      /uploaded \d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4} at \d{1,2}:\d{2}(am|pm)/,
    );
    await dq.post(`${url}/columns`, {
      given_name: 'Forename',
      family_name: 'Surname',
      date_of_birth: 'DOB',
      postcode: 'Post Code',
      flag: 'CL flag',
    });
    const page = await dq.get(url);
    expect(page.body).toContain(`${url}/ours`);
    expect(page.body).toContain('Northvale, children born 30 January 2009 to 14 June 2010');
    const form = await dq.get(`${url}/ours`);
    expect(form.statusCode).toBe(200);
    const noReason = await dq.post(`${url}/ours`, { reason: '  ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('href="#reason"');
    expect(noReason.body).toContain('Enter why you need these children’s names');
    const csv = await dq.post(`${url}/ours`, {
      reason: 'Checking with the police which of ours they do not hold',
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows: Record<string, string>[] = parse(csv.body, { columns: true });
    expect(rows.map((r) => r.family_name).sort()).toEqual(inScopeByHand);
    expect(inScopeByHand.length).toBeGreaterThan(0);
    expect(inScopeByHand.length).toBeLessThan(40); // capped: not the 80 only in the index
    expect(new Set(rows.map((r) => r.district))).toEqual(new Set(['Northvale']));
    const audited = await t.db
      .selectFrom('auditLog')
      .select(['childId', 'reason', 'action'])
      .where('reason', 'like', '%Checking with the police%')
      .where('recordType', '=', 'reconciliation')
      .where('action', '=', 'download')
      .execute();
    const withReason = audited.filter((a) => a.reason?.includes('Checking with the police'));
    expect(withReason.filter((a) => a.childId !== null)).toHaveLength(inScopeByHand.length);
    expect(withReason.filter((a) => a.childId === null).length).toBeGreaterThanOrEqual(1);
    await dq.post(`${url}/delete`, {});
  });

  it('says “This file has no rows” on the file for a header with nothing under it', async () => {
    await officer.get('/children/reconcile');
    const empty = await officer.postMultipart(
      '/children/reconcile',
      { name: 'Empty' },
      { name: 'file', filename: 'empty.csv', content: 'Forename,Surname,DOB\n\n' },
    );
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('This file has no rows');
    expect(empty.body).toContain('href="#file"');
    const count = await t.db.selectFrom('reconciliation').select('id').where('name', '=', 'Empty').execute();
    expect(count).toHaveLength(0);
  });

  it('is for its owner only: anyone else gets 404, and roles without the work get 403', async () => {
    const other = await createTestUser(t.db, 'data_quality');
    const client = new TestClient(t.app);
    await client.signIn(other.email, other.password);
    expect((await client.get(reconciliationUrl)).statusCode).toBe(404);
    expect((await client.get(`${reconciliationUrl}/lists/ours.csv`)).statusCode).toBe(404);
    expect((await client.get('/children/reconcile/not-a-uuid')).statusCode).toBe(404);
    const dsl = await createTestUser(t.db, 'dsl');
    const dslClient = new TestClient(t.app);
    await dslClient.signIn(dsl.email, dsl.password);
    expect((await dslClient.get('/children/reconcile')).statusCode).toBe(403);
    // Its owner deletes it: nothing of the extract is left, and the deletion is audited.
    await officer.get(reconciliationUrl);
    const gone = await officer.post(`${reconciliationUrl}/delete`, {});
    expect(gone.statusCode).toBe(303);
    expect(await t.db.selectFrom('reconciliation').selectAll().execute()).toHaveLength(0);
    expect((await officer.get(reconciliationUrl)).statusCode).toBe(404);
    expect(
      await t.db
        .selectFrom('auditLog')
        .select('action')
        .where('action', '=', 'delete')
        .where('recordType', '=', 'reconciliation')
        .where('recordId', '=', reconciliationUrl.split('/').at(-1)!)
        .execute(),
    ).toHaveLength(1);
  });
});
