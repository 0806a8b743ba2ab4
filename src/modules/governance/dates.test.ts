/**
 * Governance's dates through the GOV.UK date input (issue 15): a meeting's day typed in three
 * boxes is saved as that date; a half date, a blank one or an impossible one is refused with the
 * Design System's message, the error summary linking to the box at fault and what was typed shown
 * again; a document's dates the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, auditWriterFor } from '../../platform/audit/audit-log.ts';
import { type TestApp, TestClient, buildTestApp, createTestUser } from '../../platform/testing/app.ts';

const audit = auditWriterFor(SYSTEM_ACTOR);

describe('governance: dates in day, month and year boxes', () => {
  let t: TestApp;
  let admin: TestClient;
  let groupId: number;

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' } });
    const a = await createTestUser(t.db, 'partnership_admin');
    admin = new TestClient(t.app);
    await admin.signIn(a.email, a.password);
    groupId = await t.services.governance.createGroup(
      audit,
      {
        name: 'Dates Executive',
        kind: 'executive',
        purpose: 'Decides',
        chairName: 'Ada Chair',
        chairAgency: 'Police',
      },
      [{ name: 'Ada Chair', roleTitle: 'Superintendent', agency: 'Police' }],
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows the meeting date as three boxes and saves the date they hold', async () => {
    const page = await admin.get(`/governance/groups/${groupId}`);
    expect(page.body).toContain('name="heldOn-day"');
    expect(page.body).toContain('name="heldOn-month"');
    expect(page.body).toContain('name="heldOn-year"');
    expect(page.body).not.toContain('name="heldOn"');

    const saved = await admin.post(`/governance/groups/${groupId}/meetings`, {
      'heldOn-day': '6',
      'heldOn-month': '12',
      'heldOn-year': '2026',
    });
    expect(saved.statusCode).toBe(303);
    const meeting = await t.db
      .selectFrom('governanceMeeting')
      .select('heldOn')
      .where('groupId', '=', groupId)
      .executeTakeFirstOrThrow();
    expect(meeting.heldOn).toBe('2026-12-06');
    expect((await admin.get(`/governance/groups/${groupId}`)).body).toContain('6 December 2026');
  });

  it('refuses a half date, a blank date and 31 April with the GOV.UK messages', async () => {
    const before = await t.db.selectFrom('governanceMeeting').selectAll().execute();
    const half = await admin.post(`/governance/groups/${groupId}/meetings`, {
      'heldOn-day': '14',
      'heldOn-month': '',
      'heldOn-year': '2026',
    });
    expect(half.statusCode).toBe(400);
    expect(half.body).toContain('The date of the meeting must include a month');
    expect(half.body).toContain('href="#heldOn-month"');
    expect(half.body).toMatch(/name="heldOn-day"[^>]*value="14"/);
    expect(half.body).toMatch(/name="heldOn-year"[^>]*value="2026"/);

    const blank = await admin.post(`/governance/groups/${groupId}/meetings`, {});
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('Enter the date of the meeting');
    expect(blank.body).toContain('href="#heldOn-day"');

    const unreal = await admin.post(`/governance/groups/${groupId}/meetings`, {
      'heldOn-day': '31',
      'heldOn-month': '4',
      'heldOn-year': '2026',
    });
    expect(unreal.statusCode).toBe(400);
    expect(unreal.body).toContain('The date of the meeting must be a real date');
    expect(await t.db.selectFrom('governanceMeeting').selectAll().execute()).toHaveLength(before.length);
  });

  it('saves a document’s issue and review dates from their boxes', async () => {
    await admin.get('/governance/documents');
    const bad = await admin.post('/governance/documents', {
      slug: 'dates-toolkit',
      title: 'Dates toolkit',
      kind: 'toolkit',
      owner: 'Business unit',
      summary: 'About dates',
      status: 'published',
      version: '1.0',
      changes: 'First',
      'issuedOn-day': '1',
      'issuedOn-month': '9',
      'issuedOn-year': '',
      'reviewOn-day': '1',
      'reviewOn-month': '9',
      'reviewOn-year': '2027',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('The date it was issued must include a year');
    expect(bad.body).toContain('href="#issuedOn-year"');
    const saved = await admin.post('/governance/documents', {
      slug: 'dates-toolkit',
      title: 'Dates toolkit',
      kind: 'toolkit',
      owner: 'Business unit',
      summary: 'About dates',
      status: 'published',
      version: '1.0',
      changes: 'First',
      'issuedOn-day': '1',
      'issuedOn-month': '9',
      'issuedOn-year': '2026',
      'reviewOn-day': '1',
      'reviewOn-month': '9',
      'reviewOn-year': '2027',
    });
    expect(saved.statusCode).toBe(303);
    const doc = await t.db
      .selectFrom('governanceDocument')
      .select('reviewOn')
      .where('slug', '=', 'dates-toolkit')
      .executeTakeFirstOrThrow();
    expect(doc.reviewOn).toBe('2027-09-01');
  });
});
