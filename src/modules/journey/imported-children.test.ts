/**
 * Children known only from a return (no name yet): shown by the authority's id wherever a name
 * would show, and never proposed as likely duplicates on a date of birth alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../platform/logging/logger.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';
import { fillerChildren } from '../children/testing.ts';
import { importAnnexA } from './imports.ts';

describe('children imported from a return, without a name', () => {
  let t: TestApp;
  let officer: TestClient;
  let dir: string;

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' }, logger: createLogger('error') });
    await seedSmallPartnership(t.db);
    // A named child born on the same day as the imported ones, and others around them.
    await t.db
      .insertInto('child')
      .values([
        {
          givenName: 'Mabel',
          familyName: 'Quinton',
          dateOfBirth: '2014-06-01',
          sex: 'female',
          postcode: 'WR2 5AA',
          address: '3 Lark Rise',
          nhsNumber: null,
        },
        ...fillerChildren(40),
      ])
      .execute();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journey-imported-'));
    const file = path.join(dir, 'List_3.csv');
    // Five children of the return, all girls born on 1 June 2014: nothing else is known of them.
    fs.writeFileSync(
      file,
      [
        'Child Unique ID,Gender,Date of Birth,Date of Referral,Referral Source,Referral NFA?',
        ...[1, 2, 3, 4, 5].map((k) => `LA-70${k},b) Female,2014-06-01,2025-0${k}-10,2A,No`),
      ].join('\n'),
    );
    const report = await importAnnexA(t.db, file);
    expect(report.childrenAdded).toBe(5);
    const user = await createTestUser(t.db, 'data_quality');
    officer = new TestClient(t.app);
    await officer.signIn(user.email, user.password);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('are not proposed as likely duplicates of each other or of a named child on a date of birth alone', async () => {
    await officer.get('/children/duplicates');
    const scan = await officer.post('/children/duplicates/scan', {});
    expect(scan.statusCode).toBe(303);
    await t.services.children.lastRun();
    const runs = await t.db.selectFrom('linkageScanRun').selectAll().execute();
    expect(runs).toMatchObject([{ stage: 'done', failure: null }]);
    const imported = await t.db
      .selectFrom('child')
      .select('id')
      .where('laChildId', 'like', 'LA-70%')
      .execute();
    expect(imported).toHaveLength(5);
    const ids = imported.map((c) => c.id);
    const pairs = await t.db.selectFrom('childDuplicate').select(['childA', 'childB']).execute();
    expect(pairs.filter((p) => ids.includes(p.childA) || ids.includes(p.childB))).toEqual([]);
    // The search did compare them: every child in use was in it.
    const scans = await t.db.selectFrom('linkageScan').select('records').execute();
    expect(scans).toHaveLength(1);
    expect(scans[0]!.records).toBeGreaterThanOrEqual(46);
  });

  it('never show as an empty name in find-a-child', async () => {
    const user = await createTestUser(t.db, 'encompass_coordinator');
    const client = new TestClient(t.app);
    await client.signIn(user.email, user.password);
    const page = await client.get('/children/find?givenName=Ava&familyName=Quinton&dateOfBirth=2014-06-01');
    expect(page.statusCode).toBe(200);
    // The named child is a candidate; the five known only by their id are too unlike to be listed
    // (nothing but a date of birth and sex agrees), and none is ever listed without a name.
    expect(page.body).toMatch(/Mabel Quinton, born 1 June 2014/);
    expect(page.body).not.toMatch(/summary-card__title">\s*,/);
  });
});
