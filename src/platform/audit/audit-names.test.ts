/**
 * The audit search in names and words (issue 15): the child an entry is about by name (through
 * the child index, and audited as a read), who did it by name, an action code such as
 * `encompass:monitor` in words, a user found by name, a child found by name and date of birth
 * (the find audited too), and the CSV export with the names, audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from './audit-log.ts';
import { type TestApp, TestClient, buildTestApp, createTestUser } from '../testing/app.ts';
import { auditWriterFor } from './audit-log.ts';
import { actionInWords } from './words.ts';

describe('the audit search in names and words', () => {
  let t: TestApp;
  let admin: TestClient;
  let adminId: string;
  let childId: string;
  let officer: { id: string; email: string };

  beforeAll(async () => {
    t = await buildTestApp();
    const user = await createTestUser(t.db, 'partnership_admin');
    adminId = user.id;
    admin = new TestClient(t.app);
    await admin.signIn(user.email, user.password);
    officer = await createTestUser(t.db, 'police_officer');
    await t.db
      .updateTable('appUser')
      .set({ givenName: 'Priya', familyName: 'Officerton' })
      .where('id', '=', officer.id)
      .execute();
    const found = await t.services.children.findOrCreateChild(SYSTEM_ACTOR, {
      givenName: 'Amira',
      familyName: 'Auditname',
      dateOfBirth: '2018-05-04',
      sex: 'female',
    });
    childId = (found as { childId: string }).childId;
    const write = auditWriterFor({
      userId: officer.id,
      userEmail: officer.email,
      role: 'police_officer',
      organisationId: null,
      ip: '192.0.2.9',
      requestId: 'test',
    });
    await t.db.transaction().execute(async (trx) => {
      await write(trx, { action: 'view', recordType: 'child', recordId: childId, childId });
      await write(trx, {
        action: 'encompass:monitor',
        recordType: 'encompass-dashboard',
        outcome: 'denied',
      });
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('says what an action code means', () => {
    expect(actionInWords('encompass:monitor')).toBe('Operation Encompass: monitoring');
    expect(actionInWords('front-door:judge-front-door')).toBe('Family Front Door: judging family front door');
    expect(actionInWords('candidate')).toBe('Shown as a possible match');
    expect(actionInWords('view')).toBe('Viewed');
  });

  it('shows the child by name, who did it by name, and the action in words; naming the child is audited', async () => {
    const before = await t.db
      .selectFrom('auditLog')
      .selectAll()
      .where('userId', '=', adminId)
      .where('childId', '=', childId)
      .execute();
    const page = await admin.get(`/audit?child=${childId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Entries about <strong>Amira Auditname</strong>');
    expect(page.body).toContain('Amira Auditname');
    expect(page.body).toContain(`Priya Officerton (${officer.email})`);
    expect(page.body).not.toContain(`child ${childId}<`);
    const after = await t.db
      .selectFrom('auditLog')
      .selectAll()
      .where('userId', '=', adminId)
      .where('childId', '=', childId)
      .execute();
    expect(after.length).toBe(before.length + 1);
    expect(after.at(-1)).toMatchObject({
      action: 'view',
      recordType: 'child',
      reason: 'named in the audit log',
    });

    const refused = await admin.get(`/audit?user=${encodeURIComponent(officer.email)}`);
    expect(refused.body).toContain('Operation Encompass: monitoring');
    expect(refused.body).not.toContain('use encompass monitor');
  });

  it('finds a user by name, and refuses a name no account has', async () => {
    const byName = await admin.get('/audit?user=priya%20officerton');
    expect(byName.statusCode).toBe(200);
    expect(byName.body).toContain('Entries 1 to 2 of 2');
    const nobody = await admin.get('/audit?user=Nobody%20Atall');
    expect(nobody.statusCode).toBe(400);
    expect(nobody.body).toContain('No user is called Nobody Atall');
    expect(nobody.body).toContain('href="#user"');
  });

  it('finds a child by name and date of birth through the index, audited, and links to their entries', async () => {
    const found = await admin.get(
      '/children/audit?givenName=Amira&familyName=Auditname&dateOfBirth-day=4&dateOfBirth-month=5&dateOfBirth-year=2018',
    );
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain(`href="/audit?child=${childId}"`);
    const candidate = await t.db
      .selectFrom('auditLog')
      .selectAll()
      .where('userId', '=', adminId)
      .where('action', '=', 'candidate')
      .where('childId', '=', childId)
      .execute();
    expect(candidate.length).toBe(1);
    const half = await admin.get(
      '/children/audit?givenName=Amira&familyName=Auditname&dateOfBirth-day=4&dateOfBirth-month=&dateOfBirth-year=2018',
    );
    expect(half.statusCode).toBe(400);
    expect(half.body).toContain('must include a month');
  });

  it('exports the filtered entries as CSV with the names, and audits the export and the child named', async () => {
    const csv = await admin.get(`/audit.csv?user=${encodeURIComponent(officer.email)}`);
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('child name');
    expect(csv.body).toContain('Priya Officerton');
    expect(csv.body).toContain('Amira Auditname');
    expect(csv.body).toContain('Operation Encompass: monitoring');
    const exported = await t.db
      .selectFrom('auditLog')
      .selectAll()
      .where('userId', '=', adminId)
      .where('action', '=', 'export')
      .execute();
    expect(exported).toHaveLength(1);
    expect(exported[0]!.reason).toBe('2 entries, naming 1 children');
  });
});
