import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillerChildren } from './testing.ts';
import { createLogger } from '../../platform/logging/logger.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';

/**
 * A child index with three likely duplicate pairs among other children:
 *   Olivia Hartley / Olivia Hartly (a typo; same date of birth, postcode and NHS number)
 *   Jack Pemberton / Jack Pemberton (same details; one record without an NHS number)
 *   Amelia Stroud / Amelie Stroud (twins? same date of birth and home, different NHS numbers)
 */

describe('likely duplicate children', () => {
  let t: TestApp;
  let officer: TestClient;
  let ids: Record<string, string>;

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' }, logger: createLogger('error') });
    await seedSmallPartnership(t.db);
    const rows = [
      {
        givenName: 'Olivia',
        familyName: 'Hartley',
        dateOfBirth: '2015-03-07',
        sex: 'female' as const,
        postcode: 'WR11 4AB',
        address: '12 Mill Lane, Evesham',
        nhsNumber: '9434765919',
      },
      {
        givenName: 'Olivia',
        familyName: 'Hartly',
        dateOfBirth: '2015-03-07',
        sex: 'female' as const,
        postcode: 'WR11 4AB',
        address: '12 Mill Lane, Evesham',
        nhsNumber: null,
      },
      {
        givenName: 'Jack',
        familyName: 'Pemberton',
        dateOfBirth: '2013-11-21',
        sex: 'male' as const,
        postcode: 'WR1 2AB',
        address: '4 Bath Road, Worcester',
        nhsNumber: '4010232137',
      },
      {
        givenName: 'Jack',
        familyName: 'Pemberton',
        dateOfBirth: '2013-11-21',
        sex: 'male' as const,
        postcode: 'WR1 2AB',
        address: '4 Bath Rd, Worcester',
        nhsNumber: null,
      },
      ...fillerChildren(80),
    ];
    const inserted = await t.db
      .insertInto('child')
      .values(rows)
      .returning(['id', 'givenName', 'familyName', 'nhsNumber'])
      .execute();
    ids = {
      olivia: inserted[0]!.id,
      olivia2: inserted[1]!.id,
      jack: inserted[2]!.id,
      jack2: inserted[3]!.id,
    };
    const user = await createTestUser(t.db, 'data_quality');
    officer = new TestClient(t.app);
    await officer.signIn(user.email, user.password);
  });
  afterAll(async () => {
    await t?.close();
  });

  const pairIdOf = async (a: string, b: string) => {
    const [childA, childB] = [a, b].sort();
    const row = await t.db
      .selectFrom('childDuplicate')
      .select(['id', 'status'])
      .where('childA', '=', childA!)
      .where('childB', '=', childB!)
      .executeTakeFirst();
    return row;
  };

  it('finds the duplicates when the officer searches the index, and lists them strongest first', async () => {
    const empty = await officer.get('/children/duplicates');
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('has not been searched yet');
    const scan = await officer.post('/children/duplicates/scan', {});
    expect(scan.statusCode).toBe(303);
    // The search runs in a worker thread; the page shows its progress until it is done.
    const running = await officer.get(scan.headers.location as string);
    expect(running.statusCode).toBe(200);
    await t.services.children.lastRun();
    const list = await officer.get('/children/duplicates');
    expect(list.body).not.toContain('Searching the child index');
    expect(list.body).toMatch(
      /Last searched .*: 84 children, \d+ pairs compared, 2 likely duplicate pairs found/,
    );
    const runs = await t.db.selectFrom('linkageScanRun').selectAll().execute();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ stage: 'done', failure: null });
    expect(await pairIdOf(ids.olivia!, ids.olivia2!)).toMatchObject({ status: 'open' });
    expect(await pairIdOf(ids.jack!, ids.jack2!)).toMatchObject({ status: 'open' });
    expect(list.body).toMatch(/Olivia Hartl[e]?y and Olivia Hartl/);
    // Each child named on the list is in the audit log.
    const listed = await t.db
      .selectFrom('auditLog')
      .select('childId')
      .where('action', '=', 'list')
      .where('recordType', '=', 'child-duplicate')
      .execute();
    expect(listed.map((l) => l.childId)).toEqual(
      expect.arrayContaining([ids.olivia, ids.olivia2, ids.jack, ids.jack2]),
    );
    const scans = await t.db.selectFrom('linkageScan').selectAll().execute();
    expect(scans).toHaveLength(1);
    expect(scans[0]!.records).toBe(84);
  });

  it('shows a pair side by side with a waterfall that adds up, and audits the view of both children', async () => {
    const pair = (await pairIdOf(ids.olivia!, ids.olivia2!))!;
    const page = await officer.get(`/children/duplicates/${pair.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Are these one child?');
    expect(page.body).toContain('How the match weight adds up');
    expect(page.body).toContain('<svg');
    // Drawn by the platform's chart helper: its font stack (not the browser's serif default) and
    // the prior's label whole, in its own column (it was drawn under its bar).
    const chart = page.body.match(/<div class="app-waterfall__chart">([\s\S]*?)<\/div>/)?.[1] ?? '';
    expect(chart).toContain('font-family="arial, helvetica, sans-serif"');
    const chartText = chart
      .replace(/<title>[\s\S]*?<\/desc>/, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ');
    expect(chartText).toContain('Prior: how likely any two records are one child');
    expect(chartText).not.toContain('…');
    expect(chart).toContain('role="img"');
    const stored = await t.db
      .selectFrom('childDuplicate')
      .select(['explanation', 'matchWeight'])
      .where('id', '=', pair.id)
      .executeTakeFirstOrThrow();
    const e = stored.explanation as { priorWeight: number; contributions: { weight: number }[] };
    expect(e.priorWeight + e.contributions.reduce((a, c) => a + c.weight, 0)).toBeCloseTo(
      stored.matchWeight,
      9,
    );
    const views = await t.db
      .selectFrom('auditLog')
      .select('childId')
      .where('action', '=', 'view')
      .where('recordType', '=', 'child')
      .where('reason', '=', `duplicate pair ${pair.id}`)
      .execute();
    expect(views.map((v) => v.childId).sort()).toEqual([ids.olivia, ids.olivia2].sort());
  });

  it('refuses a merge without a choice, and "not the same child" without a reason, saving nothing', async () => {
    const pair = (await pairIdOf(ids.olivia!, ids.olivia2!))!;
    const merge = await officer.post(`/children/duplicates/${pair.id}/merge`, {});
    expect(merge.statusCode).toBe(400);
    expect(merge.body).toContain('There is a problem');
    expect(merge.body).toContain('Choose the record to keep');
    const notSame = await officer.post(`/children/duplicates/${pair.id}/not-same`, { reason: '  ' });
    expect(notSame.statusCode).toBe(400);
    expect(notSame.body).toContain('Say why');
    expect(await pairIdOf(ids.olivia!, ids.olivia2!)).toMatchObject({ status: 'open' });
    const unchanged = await t.db
      .selectFrom('child')
      .select('mergedInto')
      .where('id', 'in', [ids.olivia!, ids.olivia2!])
      .execute();
    expect(unchanged.every((c) => c.mergedInto === null)).toBe(true);
  });

  it('merges a pair keeping both records and their identifiers, and can undo it', async () => {
    const pair = (await pairIdOf(ids.olivia!, ids.olivia2!))!;
    const merged = await officer.post(`/children/duplicates/${pair.id}/merge`, { keep: ids.olivia! });
    expect(merged.statusCode).toBe(303);
    const absorbed = await t.db
      .selectFrom('child')
      .selectAll()
      .where('id', '=', ids.olivia2!)
      .executeTakeFirstOrThrow();
    expect(absorbed.mergedInto).toBe(ids.olivia);
    expect(absorbed.familyName).toBe('Hartly'); // nothing of the absorbed record is lost
    expect(merged.headers.location).toBe(`/children/duplicates/${pair.id}?done=merged`);
    const page = await officer.get(merged.headers.location as string);
    expect(page.body).toContain('The records were merged');
    expect(page.body).toContain('Also holds');
    // Deciding again is refused: the pair is no longer open.
    const again = await officer.post(`/children/duplicates/${pair.id}/not-same`, {
      reason: 'second thoughts',
    });
    expect(again.statusCode).toBe(409);
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['childId', 'action'])
      .where('action', '=', 'merge')
      .execute();
    expect(audit.map((a) => a.childId).sort()).toEqual([ids.olivia, ids.olivia2].sort());

    const unmerged = await officer.post(`/children/duplicates/${pair.id}/unmerge`, {
      reason: 'Cousins with the same name, confirmed by the school',
    });
    expect(unmerged.statusCode).toBe(303);
    const back = await t.db
      .selectFrom('child')
      .select('mergedInto')
      .where('id', '=', ids.olivia2!)
      .executeTakeFirstOrThrow();
    expect(back.mergedInto).toBeNull();
    expect(await pairIdOf(ids.olivia!, ids.olivia2!)).toMatchObject({ status: 'not_same' });
    expect(
      await t.db.selectFrom('auditLog').select('childId').where('action', '=', 'unmerge').execute(),
    ).toHaveLength(2);
  });

  it('remembers "not the same child": a new search never proposes the pair again', async () => {
    const pair = (await pairIdOf(ids.jack!, ids.jack2!))!;
    const decided = await officer.post(`/children/duplicates/${pair.id}/not-same`, {
      reason: 'Twins, confirmed with the health visitor',
    });
    expect(decided.statusCode).toBe(303);
    await officer.post('/children/duplicates/scan', {});
    await t.services.children.lastRun();
    expect(await t.db.selectFrom('linkageScan').selectAll().execute()).toHaveLength(2);
    expect(await pairIdOf(ids.jack!, ids.jack2!)).toMatchObject({ status: 'not_same' });
    const list = await officer.get('/children/duplicates');
    expect(list.body).not.toContain('Jack Pemberton and Jack Pemberton');
  });

  it('gives the yearly report its figures, each counted from the records', async () => {
    const { childrenModule } = await import('./index.ts');
    const today = new Date().toISOString().slice(0, 10);
    const thisYear = await childrenModule.reportSection!(t.services, { from: '2000-01-01', to: today });
    const pairs = await t.db.selectFrom('childDuplicate').select(['status']).execute();
    const children = await t.db.selectFrom('child').select(['mergedInto']).execute();
    const value = (label: string) => thisYear.figures.find((f) => f.label.startsWith(label))?.value;
    expect(value('Children in the child index')).toBe(children.filter((c) => c.mergedInto === null).length);
    expect(value('Children in the child index')).toBe(84);
    // Both pairs decided above (one merged then undone, one not the same child) are "not the same" now.
    expect(value('Likely duplicates found not to be the same child')).toBe(2);
    expect(value('Records found to be the same child and merged')).toBe(0);
    expect(value('Likely duplicates waiting for a decision')).toBe(
      pairs.filter((p) => p.status === 'open').length,
    );
    // A year before any decision counts none of them.
    const longAgo = await childrenModule.reportSection!(t.services, { from: '2001-04-01', to: '2002-03-31' });
    expect(longAgo.figures.find((f) => f.label.startsWith('Likely duplicates found not'))?.value).toBe(0);
    expect(thisYear.figures.every((f) => f.source.length > 0)).toBe(true);
  });

  it('never runs two searches at once: asking again while one runs joins it', async () => {
    const audit = async () => {};
    const first = await t.services.children.startScan(audit, (await createTestUser(t.db, 'data_quality')).id);
    const second = await t.services.children.startScan(
      audit,
      (await createTestUser(t.db, 'data_quality')).id,
    );
    expect(first.started).toBe(true);
    expect(second).toEqual({ runId: first.runId, started: false });
    await t.services.children.lastRun();
    const run = await t.db
      .selectFrom('linkageScanRun')
      .selectAll()
      .where('id', '=', first.runId)
      .executeTakeFirstOrThrow();
    expect(run.finishedAt).not.toBeNull();
  });

  it('is for the data quality officer and admins only; others get 403 and the attempt is kept', async () => {
    for (const role of ['dsl', 'police_officer', 'executive', 'encompass_coordinator'] as const) {
      const user = await createTestUser(t.db, role);
      const client = new TestClient(t.app);
      await client.signIn(user.email, user.password);
      expect((await client.get('/children/duplicates')).statusCode, role).toBe(403);
      expect((await client.post('/children/duplicates/scan', {})).statusCode, role).toBe(403);
    }
    const admin = await createTestUser(t.db, 'partnership_admin');
    const client = new TestClient(t.app);
    await client.signIn(admin.email, admin.password);
    expect((await client.get('/children/duplicates')).statusCode).toBe(200);
    expect((await officer.get('/children/duplicates/999999')).statusCode).toBe(404);
  });

  it('shows candidates with their probabilities before anyone decides a child is new, and audits each one shown', async () => {
    const user = await createTestUser(t.db, 'encompass_coordinator');
    const client = new TestClient(t.app);
    await client.signIn(user.email, user.password);
    const form = await client.get('/children/find');
    expect(form.statusCode).toBe(200);
    const found = await client.get(
      '/children/find?givenName=Jak&familyName=Pemberton&dateOfBirth=2013-11-21&postcode=wr1%202ab',
    );
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain('Possible matches');
    expect(found.body).toMatch(/Jack Pemberton, born 21 November 2013: \d+(\.\d)?%/);
    const shown = await t.db
      .selectFrom('auditLog')
      .select('childId')
      .where('action', '=', 'candidate')
      .where('userId', '=', user.id)
      .execute();
    expect(shown.map((s) => s.childId)).toEqual(expect.arrayContaining([ids.jack, ids.jack2]));
    const bad = await client.get(
      '/children/find?givenName=&familyName=Pemberton&dateOfBirth-day=40&dateOfBirth-month=13&dateOfBirth-year=2013&nhsNumber=123',
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter the child’s given name');
    // The GOV.UK date input: the boxes at fault are highlighted, and the summary links to the first.
    expect(bad.body).toContain('<a href="#dateOfBirth-day">Date of birth must be a real date</a>');
    expect(bad.body).toMatch(/govuk-input--error" id="dateOfBirth-month"/);
    expect(bad.body).not.toMatch(/govuk-input--error" id="dateOfBirth-year"/);
    const boxes = await client.get(
      '/children/find?givenName=Jak&familyName=Pemberton&dateOfBirth-day=21&dateOfBirth-month=11&dateOfBirth-year=2013',
    );
    expect(boxes.body).toMatch(/Jack Pemberton, born 21 November 2013: \d+(\.\d)?%/);
    const noMonth = await client.get(
      '/children/find?givenName=Jak&familyName=Pemberton&dateOfBirth-day=21&dateOfBirth-month=&dateOfBirth-year=2013',
    );
    expect(noMonth.body).toContain('<a href="#dateOfBirth-month">Date of birth must include a month</a>');
    expect(bad.body).toContain('Enter a valid NHS number');
    // No given name at all in the address (not even blank): a GOV.UK error on the field, not zod's.
    const noGivenName = await client.get('/children/find?familyName=Pemberton&dateOfBirth=2013-11-21');
    expect(noGivenName.statusCode).toBe(400);
    expect(noGivenName.body).toContain('<a href="#givenName">Enter the child’s given name</a>');
    expect(noGivenName.body).toMatch(/id="givenName-error"[\s\S]*Enter the child’s given name/);
    expect(noGivenName.body).not.toContain('Invalid input');
  });

  it('finds a child for the audit log by name and date of birth, audited, and links to their entries', async () => {
    const user = await createTestUser(t.db, 'partnership_admin');
    const admin = new TestClient(t.app);
    await admin.signIn(user.email, user.password);
    const audit = await admin.get('/audit');
    expect(audit.body).toContain('href="/children/audit"');
    const found = await admin.get(
      '/children/audit?givenName=Jack&familyName=Pemberton&dateOfBirth-day=21&dateOfBirth-month=11&dateOfBirth-year=2013',
    );
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain(`href="/audit?child=${ids.jack}"`);
    const shown = await t.db
      .selectFrom('auditLog')
      .select(['childId', 'reason'])
      .where('action', '=', 'candidate')
      .where('userId', '=', user.id)
      .execute();
    expect(shown.map((s) => s.childId)).toContain(ids.jack);
    expect(shown.every((s) => s.reason?.startsWith('audit search'))).toBe(true);
    expect((await admin.get(`/audit?child=${ids.jack}`)).statusCode).toBe(200);
    const noDate = await admin.get('/children/audit?givenName=Jack&familyName=Pemberton');
    expect(noDate.statusCode).toBe(400);
    expect(noDate.body).toContain('<a href="#dateOfBirth-day">Enter date of birth</a>');
    // The data quality officer may find a child but not search the audit log.
    expect((await officer.get('/children/audit')).statusCode).toBe(403);
  });

  it('puts Find a child and Reconcile in the menu of the roles that may use them', async () => {
    const menuOf = async (role: 'partnership_admin' | 'encompass_coordinator' | 'get_safe_coordinator') => {
      const user = await createTestUser(t.db, role);
      const client = new TestClient(t.app);
      await client.signIn(user.email, user.password);
      const home = await client.get('/');
      return home.body.match(/<nav[^>]*govuk-service-navigation__wrapper[\s\S]*?<\/nav>/)?.[0] ?? '';
    };
    const admin = await menuOf('partnership_admin');
    expect(admin).toContain('href="/children/find"');
    expect(admin).toContain('href="/children/reconcile"');
    const getSafe = await menuOf('get_safe_coordinator');
    expect(getSafe).toContain('href="/children/find"');
    expect(getSafe).toContain('href="/children/reconcile"');
    // The Operation Encompass coordinator may find a child but not reconcile an extract.
    const encompass = await menuOf('encompass_coordinator');
    expect(encompass).toContain('href="/children/find"');
    expect(encompass).not.toContain('href="/children/reconcile"');
  });
});

describe('after a merge', () => {
  let t: TestApp;
  afterAll(async () => {
    await t?.close();
  });

  it('either record’s details find the child that remains, with the settings of both', async () => {
    t = await buildTestApp();
    const place = await seedSmallPartnership(t.db);
    const [kept, absorbed] = await t.db
      .insertInto('child')
      .values([
        {
          givenName: 'Harriet',
          familyName: 'Vane',
          dateOfBirth: '2016-04-02',
          sex: 'female',
          nhsNumber: '9434765919',
        },
        {
          givenName: 'Hattie',
          familyName: 'Vane',
          dateOfBirth: '2016-04-02',
          sex: 'female',
          upn: 'A123456789012'.replace(/.$/, 'X'),
        },
      ])
      .returning('id')
      .execute();
    // Only the absorbed record is on a setting's roll (another agency knew the school).
    await t.db
      .insertInto('childEnrolment')
      .values({ childId: absorbed!.id, settingId: place.settings.oakfield, onRollFrom: '2024-09-01' })
      .execute();
    const [a, b] = [kept!.id, absorbed!.id].sort() as [string, string];
    const pair = await t.db
      .insertInto('childDuplicate')
      .values({
        childA: a,
        childB: b,
        probability: 0.97,
        matchWeight: 5,
        explanation: JSON.stringify({ priorWeight: 0, weight: 5, probability: 0.97, contributions: [] }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const officer = await createTestUser(t.db, 'data_quality');
    await t.services.children.merge(async () => {}, officer.id, pair.id, kept!.id);

    const routed = await t.db
      .transaction()
      .execute((trx) =>
        t.services.children.findChildForRoutingInTrx(
          trx,
          { givenName: 'Hattie', familyName: 'Vane', dateOfBirth: '2016-04-02' },
          '2026-11-27',
        ),
      );
    expect(routed.lookup).toMatchObject({ status: 'found', childId: kept!.id });
    expect(routed.setting?.id).toBe(place.settings.oakfield);
    const byNhs = await t.db.transaction().execute((trx) =>
      t.services.children.findChildInTrx(trx, {
        givenName: 'Hattie',
        familyName: 'Vane',
        dateOfBirth: '2016-04-02',
        nhsNumber: '9434765919',
      }),
    );
    expect(byNhs).toMatchObject({ status: 'found', childId: kept!.id });

    // The child's page says so, both ways; the merged record shown is audited as read.
    const client = new TestClient(t.app);
    await client.signIn(officer.email, officer.password);
    const keptPage = await client.get(`/children/${kept!.id}`);
    expect(keptPage.statusCode).toBe(200);
    expect(keptPage.body).toContain('Also recorded as');
    expect(keptPage.body).toContain('Hattie Vane');
    // The settings attended are named, with their dates, those on the merged record included.
    expect(keptPage.body).toContain('Oakfield Primary School (on the merged record Hattie Vane)');
    expect(keptPage.body).toMatch(/1 September 2024<\/td>\s*<td class="govuk-table__cell">On roll/);
    const pairPage = await client.get(`/children/duplicates/${pair.id}`);
    expect(pairPage.body).toContain('<li>Oakfield Primary School: 1 September 2024 to now (on roll)</li>');
    expect(pairPage.body).not.toMatch(
      /Settings attended\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*1\s*</,
    );
    const absorbedPage = await client.get(`/children/${absorbed!.id}`);
    expect(absorbedPage.body).toContain('This record was merged into another');
    const reads = await t.db
      .selectFrom('auditLog')
      .select('childId')
      .where('userId', '=', officer.id)
      .where('reason', '=', `merged into ${kept!.id}`)
      .execute();
    expect(reads.map((r) => r.childId)).toEqual([absorbed!.id]);
  });
});
