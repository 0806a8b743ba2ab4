/**
 * Governance through the app and its services, on PGlite or PostgreSQL (TEST_DATABASE_URL): the
 * budget statement imported by upload and by the command's work (kept row by row, its flags
 * recorded, a bad file refused with nothing saved), the budget page's figures against hand counts,
 * who may see and import, contributions and their change, and the report section.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, auditWriterFor } from '../../platform/audit/audit-log.ts';
import { type TestApp, TestClient, buildTestApp, createTestUser } from '../../platform/testing/app.ts';
import { governanceModule } from './index.ts';
import { budgetImportCommand } from './cli.ts';

const audit = auditWriterFor(SYSTEM_ACTOR);
const appendixA = readFileSync(new URL('./fixtures/appendix-a.csv', import.meta.url), 'utf8');

describe('governance: the budget', () => {
  let t: TestApp;
  let admin: TestClient;
  let executive: TestClient;
  let dsl: TestClient;

  const counts = async () => ({
    statements: Number(
      (
        await t.db
          .selectFrom('governanceBudgetStatement')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    rows: Number(
      (
        await t.db
          .selectFrom('governanceBudgetRow')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  });

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' } });
    const clientFor = async (role: 'partnership_admin' | 'executive' | 'dsl') => {
      const user = await createTestUser(t.db, role);
      const client = new TestClient(t.app);
      await client.signIn(user.email, user.password);
      return client;
    };
    admin = await clientFor('partnership_admin');
    executive = await clientFor('executive');
    dsl = await clientFor('dsl');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a file without the expected columns, with the error on the field and nothing saved', async () => {
    await admin.get('/governance/budget/import');
    const response = await admin.postMultipart(
      '/governance/budget/import',
      { year: '2023-24' },
      { name: 'file', filename: 'wrong.csv', content: 'Name,Amount\nSalaries,100\n' },
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain('no header row with the funds as columns and a Total column');
    expect(await counts()).toEqual({ statements: 0, rows: 0 });

    const badYear = await admin.postMultipart(
      '/governance/budget/import',
      { year: '2023-25' },
      { name: 'file', filename: 'a.csv', content: appendixA },
    );
    expect(badYear.statusCode).toBe(400);
    expect(badYear.body).toContain('Enter the financial year like 2023-24');
    expect(await counts()).toEqual({ statements: 0, rows: 0 });
  });

  it('imports Appendix A by upload, keeps its rows and shows the Training Delivery flags', async () => {
    await admin.get('/governance/budget/import');
    const response = await admin.postMultipart(
      '/governance/budget/import',
      { year: '2023-24' },
      { name: 'file', filename: 'appendix-a.csv', content: appendixA },
    );
    expect(response.statusCode).toBe(303);
    // 18 rows under the header: 11 lines, 2 totals, net, holding account, 2 headings, 1 footnote.
    expect(await counts()).toEqual({ statements: 1, rows: 18 });
    const flags = await t.db
      .selectFrom('governanceBudgetDisagreement')
      .select(['fund', 'rowLabel', 'statedPence', 'computedPence'])
      .orderBy('id')
      .execute();
    expect(flags).toContainEqual({
      fund: 'Training Delivery',
      rowLabel: 'Total Expenditure',
      statedPence: 0,
      computedPence: 6_000,
    });
    expect(flags).toHaveLength(4);

    const page = await executive.get('/governance/budget?year=2023-24');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('4 stated totals in the statement do not add up');
    // Expenditure added up from the lines: 208,411 + 60 = 208,471; income 236,780; net 28,309.
    expect(page.body).toContain('208,471');
    expect(page.body).toContain('236,780');
    expect(page.body).toContain('28,309');
    // No brought-forward row: the balances are the holding account as stated.
    expect(page.body).toContain('145,879');
    expect(page.body).toContain('One off grant provided by the Department for Education');
    // The executive sees but cannot import.
    expect(page.body).not.toContain('/governance/budget/import');
    expect((await executive.get('/governance/budget/import')).statusCode).toBe(403);
  });

  it('shows the budget to the business unit and the executive only', async () => {
    expect((await dsl.get('/governance/budget')).statusCode).toBe(403);
    expect((await admin.get('/governance/budget')).body).toContain('/governance/budget/import');
  });

  it('imports by the command’s work: JSON of each disagreement, and a clear refusal for a bad file', async () => {
    const file = path.join(os.tmpdir(), `appendix-a-${process.pid}.csv`);
    writeFileSync(file, appendixA);
    const json = await budgetImportCommand(t.services.budget, audit, file, {
      year: '2023-24',
      format: 'json',
    });
    expect('output' in json).toBe(true);
    const list = JSON.parse((json as { output: string }).output) as unknown[];
    expect(list).toContainEqual({
      fund: 'Training Delivery',
      row: 'Total Expenditure',
      stated: 0,
      computed: 60,
    });
    expect(list).toContainEqual({
      fund: 'Training Delivery',
      row: 'Net Position for 2023/2024',
      stated: 0,
      computed: -60,
    });

    const text = await budgetImportCommand(t.services.budget, audit, file, { year: '2023-24' });
    const lines = (text as { output: string }).output.split('\n');
    expect(lines[0]).toBe('Kept 11 lines across 4 funds; 4 stated totals disagree');
    expect(lines).toContain('Training Delivery, Total Expenditure: stated 0, re-added 60');

    const before = await counts();
    const bad = path.join(os.tmpdir(), `bad-${process.pid}.csv`);
    writeFileSync(bad, 'Fund,Amount\nSalaries,10\n');
    const refused = await budgetImportCommand(t.services.budget, audit, bad, { year: '2023-24' });
    expect(refused).toEqual({ error: expect.stringContaining('nothing was saved') });
    expect(await counts()).toEqual(before);
  });

  it('lists contributions with their change from the year before, and the report section', async () => {
    await t.services.budget.setContribution(audit, {
      year: '2023-24',
      source: 'West Mercia Police',
      kind: 'partner',
      amountPence: 2_000_000,
      note: null,
    });
    await t.services.budget.setContribution(audit, {
      year: '2024-25',
      source: 'West Mercia Police',
      kind: 'partner',
      amountPence: 2_040_000,
      note: null,
    });
    await admin.get('/governance/budget?year=2024-25');
    const bad = await admin.post('/governance/budget/contributions', {
      year: '2024-25',
      source: 'Integrated Care Board (ICB)',
      kind: 'partner',
      amount: 'lots',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter the amount in pounds, like 94,700');
    const byForm = await admin.post('/governance/budget/contributions', {
      year: '2024-25',
      source: 'Integrated Care Board (ICB)',
      kind: 'partner',
      amount: '£74,366',
    });
    expect(byForm.statusCode).toBe(303);
    const change = (await t.services.budget.contributions('2024-25')).filter(
      (c) => c.source === 'West Mercia Police',
    );
    expect(
      (await t.services.budget.contributions('2024-25')).find((c) => c.source !== 'West Mercia Police'),
    ).toMatchObject({
      amountPence: 7_436_600,
      previousPence: null,
    });
    expect(change).toHaveLength(1);
    expect(change[0]).toMatchObject({ previousPence: 2_000_000, changePercent: 2 });
    const page = await admin.get('/governance/budget?year=2024-25');
    expect(page.body).toContain('+2 %');

    const section = await governanceModule.reportSection!(t.services, {
      from: '2023-04-01',
      to: '2024-03-31',
    });
    const value = (label: string) => section.figures.find((f) => f.label === label)?.value;
    expect(value('Income 2023-24 (£)')).toBe(236_780);
    expect(value('Expenditure 2023-24 (£)')).toBe(208_471);
    expect(value('Net position 2023-24 (£)')).toBe(28_309);
    expect(value('Stated totals in the statement that do not add up')).toBe(4);
    for (const f of section.figures) expect(f.source).not.toBe('');
  });
});

describe('governance: groups, priorities, documents and scrutiny', () => {
  let t: TestApp;
  let admin: TestClient;
  let executive: TestClient;
  let groupId: number;
  let memberIds: number[];

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' } });
    const a = await createTestUser(t.db, 'partnership_admin');
    admin = new TestClient(t.app);
    await admin.signIn(a.email, a.password);
    const e = await createTestUser(t.db, 'executive');
    executive = new TestClient(t.app);
    await executive.signIn(e.email, e.password);
    groupId = await t.services.governance.createGroup(
      audit,
      {
        name: 'Test Executive',
        kind: 'executive',
        purpose: 'Decides',
        chairName: 'Ada Chair',
        chairAgency: 'Police',
      },
      [
        { name: 'Ada Chair', roleTitle: 'Superintendent', agency: 'Police' },
        { name: 'Ben Health', roleTitle: 'Chief Nurse', agency: 'ICB' },
        { name: 'Cat Care', roleTitle: 'Director', agency: 'Children’s Services' },
      ],
    );
    memberIds = (await t.db.selectFrom('governanceMember').select('id').orderBy('id').execute()).map(
      (m) => m.id,
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('records a meeting with attendance and a decision whose action goes to the action tracker', async () => {
    await admin.get(`/governance/groups/${groupId}`);
    const bad = await admin.post(`/governance/groups/${groupId}/meetings`, {
      heldOn: '2024-02-30',
      what: 'Adopt the toolkit',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('must be a real date');
    expect(bad.body).toContain('Enter why it was decided');
    expect(await t.db.selectFrom('governanceMeeting').selectAll().execute()).toHaveLength(0);

    const saved = await admin.post(`/governance/groups/${groupId}/meetings`, {
      heldOn: '2099-01-10',
      present: String(memberIds[2]),
      what: 'Adopt the Neglect Toolkit',
      why: 'The audit found inconsistent use',
      decidedBy: 'The three safeguarding partners',
      actionDescription: 'Train every DSL in the toolkit',
      actionOwner: 'Cat Care',
      actionDueOn: '2099-06-30',
    });
    expect(saved.statusCode).toBe(303);
    const decision = await t.db.selectFrom('governanceDecision').selectAll().executeTakeFirstOrThrow();
    const actions = await t.services.actions.actionsForSource('governance', 'decision', String(decision.id));
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ description: 'Train every DSL in the toolkit', dueOn: '2099-06-30' });
    const attendance = await t.db.selectFrom('governanceAttendance').selectAll().execute();
    // Every member is recorded; only the one ticked is present.
    expect(attendance).toHaveLength(3);
    expect(attendance.filter((a) => a.present).map((a) => a.memberId)).toEqual([memberIds[2]]);
    const page = await executive.get(`/governance/groups/${groupId}`);
    expect(page.body).toContain('Adopt the Neglect Toolkit');
    expect(page.body).toContain('Train every DSL in the toolkit');
    expect(page.body).not.toContain('Record a meeting');
  });

  it('lists a priority without evidence for two quarters in a row, and records progress', async () => {
    const id = await t.services.governance.createPriority(audit, {
      financialYear: '2023-24',
      title: 'Test neglect',
      description: 'Earlier help',
      ownerGroupId: groupId,
    });
    const other = await t.services.governance.createPriority(audit, {
      financialYear: '2023-24',
      title: 'Test voice',
      description: 'Children heard',
      ownerGroupId: groupId,
    });
    for (const q of [1, 4])
      await t.services.governance.recordProgress(audit, {
        priorityId: id,
        quarter: q,
        rag: 'green',
        summary: 'Done',
        evidence: 'Audit',
      });
    for (const q of [1, 2, 3, 4])
      await t.services.governance.recordProgress(audit, {
        priorityId: other,
        quarter: q,
        rag: 'amber',
        summary: 'Done',
        evidence: q === 3 ? null : 'Survey',
      });
    const page = await executive.get('/governance/priorities?year=2023-24');
    const listed = page.body.slice(
      page.body.indexOf('two quarters in a row'),
      page.body.indexOf('id="priority-'),
    );
    expect(listed).toContain('Test neglect');
    expect(listed).toContain('no evidence in quarters 2, 3');
    expect(listed).not.toContain('Test voice');

    await admin.get('/governance/priorities?year=2023-24');
    const bad = await admin.post(`/governance/priorities/${id}/progress`, { quarter: '2', summary: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Select red, amber or green');
    const ok = await admin.post(`/governance/priorities/${id}/progress`, {
      quarter: '2',
      rag: 'amber',
      summary: 'Briefings delivered',
      evidence: '120 practitioners trained',
    });
    expect(ok.statusCode).toBe(303);
    const after = await t.services.governance.priorities('2023-24', 4);
    expect(after.find((p) => p.id === id)?.stalled).toBe(false);
  });

  it('lists overdue reviews, shows a public page per published document, and hides drafts', async () => {
    await t.services.governance.createDocument(
      audit,
      {
        slug: 'test-arrangements',
        title: 'Test arrangements',
        kind: 'arrangements',
        owner: 'Executive',
        reviewOn: '2000-01-01',
        status: 'published',
        summary: 'How we work together',
      },
      { version: '1.0', issuedOn: '2023-05-01', changes: 'First', timescale: 'By 30 June 2023' },
    );
    await t.services.governance.createDocument(
      audit,
      {
        slug: 'test-draft',
        title: 'Test draft toolkit',
        kind: 'toolkit',
        owner: 'QA',
        reviewOn: '2999-01-01',
        status: 'draft',
        summary: 'Not yet',
      },
      { version: '0.1', issuedOn: '2023-05-01', changes: 'Draft' },
    );
    const list = await executive.get('/governance/documents?year=2023-24');
    expect(list.body).toContain('Updates to the published arrangements in 2023-24');
    expect(list.body).toContain('By 30 June 2023');
    const overdue = list.body.slice(
      list.body.indexOf('Overdue reviews'),
      list.body.indexOf('Every document'),
    );
    expect(overdue).toContain('Test arrangements');
    expect(overdue).not.toContain('Test draft toolkit');

    const visitor = new TestClient(t.app);
    const page = await visitor.get('/documents/test-arrangements');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('How we work together');
    expect((await visitor.get('/documents/test-draft')).statusCode).toBe(404);
    expect((await visitor.get('/documents')).body).not.toContain('Test draft toolkit');
    expect((await visitor.get('/governance/documents')).statusCode).not.toBe(200);

    const updates = await t.services.governance.arrangementUpdates({ from: '2023-04-01', to: '2024-03-31' });
    expect(updates).toEqual([expect.objectContaining({ version: '1.0', timescale: 'By 30 June 2023' })]);
  });

  it('records the partners’ response to a scrutiny finding, and the report section counts by hand', async () => {
    await t.services.governance.recordScrutiny(
      audit,
      {
        kind: 'rapid_review',
        title: 'Rapid reviews reviewed',
        heldOn: '2023-10-01',
        scrutineer: 'Dee Scrutiny',
      },
      ['Health information missing', 'Timely decisions'],
    );
    const findings = await t.db.selectFrom('governanceScrutinyFinding').selectAll().orderBy('id').execute();
    await admin.get('/governance/scrutiny?year=2023-24');
    const bad = await admin.post(`/governance/scrutiny/findings/${findings[0]!.id}/response?year=2023-24`, {
      response: '',
      respondedBy: 'Partners',
      respondedOn: '2023-11-01',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter the partners’ response');
    const ok = await admin.post(`/governance/scrutiny/findings/${findings[0]!.id}/response?year=2023-24`, {
      response: 'Accepted',
      respondedBy: 'Partners',
      respondedOn: '2023-11-01',
    });
    expect(ok.statusCode).toBe(303);

    // A meeting in the year: 2 of 3 present.
    await t.services.governance.recordMeeting(audit, null, {
      groupId,
      heldOn: '2023-06-01',
      presentMemberIds: memberIds.slice(0, 2),
      decisions: [],
    });
    const section = await governanceModule.reportSection!(t.services, {
      from: '2023-04-01',
      to: '2024-03-31',
    });
    const value = (label: string) => section.figures.find((f) => f.label === label)?.value;
    expect(value('Meetings of the executive group and subgroups')).toBe(1);
    expect(value('Attendance at those meetings (%)')).toBe(66.7);
    expect(value('Priorities 2023-24')).toBe(2);
    expect(value('Priorities 2023-24 without evidence of progress for two quarters in a row')).toBe(0);
    expect(value('Updates to the published arrangements')).toBe(1);
    expect(value('Independent scrutiny activities')).toBe(1);
    expect(value('Scrutiny findings with the partners’ response')).toBe('1 of 2');
    expect(value('Published documents overdue for review')).toBe(1);
  });

  it('lets the business unit add groups, priorities, documents, scrutiny and contributions, refusing bad input', async () => {
    await admin.get('/governance/groups');
    const badGroup = await admin.post('/governance/groups', {
      name: 'Test Executive',
      kind: 'subgroup',
      purpose: 'Audits',
      chairName: 'Eve',
      chairAgency: 'Health',
      members: 'Eve, Nurse',
    });
    expect(badGroup.statusCode).toBe(400);
    expect(badGroup.body).toContain('Write each member on its own line as: name, role, agency');
    const duplicate = await admin.post('/governance/groups', {
      name: 'Test Executive',
      kind: 'subgroup',
      purpose: 'Audits',
      chairName: 'Eve',
      chairAgency: 'Health',
      members: '',
    });
    expect(duplicate.body).toContain('There is already a group with this name');
    const group = await admin.post('/governance/groups', {
      name: 'Test QA subgroup',
      kind: 'subgroup',
      purpose: 'Audits',
      chairName: 'Eve Audit',
      chairAgency: 'Health',
      members: 'Eve Audit, Named nurse, Health\nFay Check, Inspector, Police',
    });
    expect(group.statusCode).toBe(303);
    const qaId = Number(/groups\/(\d+)/.exec(group.headers.location as string)![1]);
    expect((await t.services.governance.group(qaId))?.members.map((m) => m.agency)).toEqual([
      'Health',
      'Police',
    ]);

    await admin.get('/governance/priorities?year=2024-25');
    const badPriority = await admin.post('/governance/priorities', {
      year: '2024-26',
      title: '',
      ownerGroupId: '',
    });
    expect(badPriority.statusCode).toBe(400);
    expect(badPriority.body).toContain('Enter the financial year like 2023-24');
    const priority = await admin.post('/governance/priorities', {
      year: '2024-25',
      title: 'Test exploitation',
      description: 'Safer children',
      ownerGroupId: String(qaId),
    });
    expect(priority.statusCode).toBe(303);
    expect((await t.services.governance.priorities('2024-25', 0)).map((p) => p.ownerGroup)).toEqual([
      'Test QA subgroup',
    ]);

    await admin.get('/governance/documents');
    const doc = {
      title: 'Test neglect toolkit',
      slug: 'Neglect Toolkit',
      kind: 'toolkit',
      owner: 'QA',
      summary: 'Spotting neglect',
      version: '1.0',
      issuedOn: '2024-05-01',
      changes: 'First published',
      reviewOn: '2025-05-01',
      status: 'published',
    };
    const badDoc = await admin.post('/governance/documents', doc);
    expect(badDoc.statusCode).toBe(400);
    expect(badDoc.body).toContain('The web address must use lower-case letters');
    expect(
      (await admin.post('/governance/documents', { ...doc, slug: 'test-neglect-toolkit' })).statusCode,
    ).toBe(303);
    expect((await new TestClient(t.app).get('/documents/test-neglect-toolkit')).statusCode).toBe(200);

    await admin.get('/governance/scrutiny');
    const badScrutiny = await admin.post('/governance/scrutiny', {
      kind: 'audit_theme',
      title: 'Theme',
      heldOn: '2024-13-01',
      scrutineer: 'Dee',
    });
    expect(badScrutiny.statusCode).toBe(400);
    expect(
      (
        await admin.post('/governance/scrutiny', {
          kind: 'audit_theme',
          title: 'Test theme chosen',
          heldOn: '2024-06-01',
          scrutineer: 'Dee',
          findings: 'First finding\n\nSecond finding',
        })
      ).headers.location,
    ).toBe('/governance/scrutiny?year=2024-25');
    const [activity] = await t.services.governance.scrutiny({ from: '2024-06-01', to: '2024-06-01' });
    expect(activity?.findings.map((f) => f.finding)).toEqual(['First finding', 'Second finding']);
  });

  it('seeds the demo governance: groups, meetings with actions, a priority listed, an overdue review', async () => {
    const { seedDemoGovernanceBody } = await import('./body-demo.ts');
    await seedDemoGovernanceBody(t.services, '2026-12-07');
    const groups = await t.services.governance.groups({ from: '2025-12-01', to: '2026-12-07' });
    expect(groups.filter((g) => g.kind === 'subgroup' && !g.name.startsWith('Test'))).toHaveLength(4);
    expect(groups.find((g) => g.name === 'Executive Group')?.meetings).toBe(6);
    const priorities = await t.services.governance.priorities('2025-26', 4);
    expect(priorities.filter((p) => p.stalled).map((p) => p.title)).toEqual(['Learning into practice']);
    const overdue = (await t.services.governance.documents('2026-12-07')).filter((d) => d.overdue);
    expect(overdue.map((d) => d.slug)).toContain('escalation-procedure');
  });
  it('changes a group: details, new members, and members who left (kept in earlier attendance, not expected after)', async () => {
    expect((await executive.get(`/governance/groups/${groupId}/edit`)).statusCode).toBe(403);
    const form = await admin.get(`/governance/groups/${groupId}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Ben Health, Chief Nurse (ICB)');
    const before = await t.db
      .selectFrom('governanceGroup')
      .selectAll()
      .where('id', '=', groupId)
      .executeTakeFirstOrThrow();
    const base = {
      name: 'Test Executive Board',
      kind: 'executive',
      purpose: 'Decides and funds',
      chairName: 'Ada Chair',
      chairAgency: 'Police',
    };

    // Leaving without the day they left: refused on the field, nothing changed.
    const noDay = await admin.post(`/governance/groups/${groupId}/edit`, {
      ...base,
      left: String(memberIds[1]),
    });
    expect(noDay.statusCode).toBe(400);
    expect(noDay.body).toContain('Enter the day they left the group');
    // A new member already in the group: refused.
    const twice = await admin.post(`/governance/groups/${groupId}/edit`, {
      ...base,
      addMembers: 'Cat Care, Director, Children’s Services',
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('Each member may be listed once');
    expect(
      await t.db
        .selectFrom('governanceGroup')
        .selectAll()
        .where('id', '=', groupId)
        .executeTakeFirstOrThrow(),
    ).toEqual(before);
    expect(
      await t.db.selectFrom('governanceMember').select('id').where('groupId', '=', groupId).execute(),
    ).toHaveLength(3);

    const saved = await admin.post(`/governance/groups/${groupId}/edit`, {
      ...base,
      addMembers: 'Dee Schools, Head Teacher, Education',
      left: String(memberIds[1]),
      leftOn: '2099-02-01',
    });
    expect(saved.statusCode).toBe(303);
    const page = await executive.get(`/governance/groups/${groupId}`);
    expect(page.body).toContain('Test Executive Board');
    expect(page.body).toContain('Dee Schools');
    expect(page.body).toMatch(/Former members[\s\S]*Ben Health, Chief Nurse \(ICB\), left 1 February 2099/);

    // A meeting after Ben left expects Ada, Cat and Dee; one before it still expects Ben.
    const meetingOn = async (heldOn: string) => {
      const r = await admin.post(`/governance/groups/${groupId}/meetings`, {
        heldOn,
        present: String(memberIds[0]),
      });
      expect(r.statusCode).toBe(303);
      const m = await t.db
        .selectFrom('governanceMeeting')
        .select('id')
        .where('heldOn', '=', heldOn)
        .executeTakeFirstOrThrow();
      return (
        await t.db
          .selectFrom('governanceAttendance')
          .select('memberId')
          .where('meetingId', '=', m.id)
          .execute()
      )
        .map((a) => a.memberId)
        .sort((a, b) => a - b);
    };
    const dee = (
      await t.db
        .selectFrom('governanceMember')
        .select('id')
        .where('name', '=', 'Dee Schools')
        .executeTakeFirstOrThrow()
    ).id;
    expect(await meetingOn('2099-03-01')).toEqual([memberIds[0], memberIds[2], dee]);
    expect(await meetingOn('2099-01-20')).toEqual([memberIds[0], memberIds[1], memberIds[2], dee]);
    const audited = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('recordType', '=', 'governance-group')
      .where('recordId', '=', String(groupId))
      .execute();
    expect(audited.map((a) => a.action)).toContain('update');
  });

  it('changes a priority, keeping its progress, and refuses a title already used that year', async () => {
    const a = await t.services.governance.createPriority(audit, {
      financialYear: '2030-31',
      title: 'Exploitation',
      description: 'Fewer children exploited',
      ownerGroupId: groupId,
    });
    await t.services.governance.createPriority(audit, {
      financialYear: '2030-31',
      title: 'Neglect',
      description: 'Earlier help',
      ownerGroupId: groupId,
    });
    await t.services.governance.recordProgress(audit, {
      priorityId: a,
      quarter: 1,
      rag: 'amber',
      summary: 'Started',
      evidence: null,
    });
    expect((await admin.get(`/governance/priorities/${a}/edit`)).statusCode).toBe(200);
    const clash = await admin.post(`/governance/priorities/${a}/edit`, {
      title: 'Neglect',
      description: 'x',
      ownerGroupId: String(groupId),
    });
    expect(clash.statusCode).toBe(400);
    expect(clash.body).toContain('This priority is already recorded for the year');
    const ok = await admin.post(`/governance/priorities/${a}/edit`, {
      title: 'Child exploitation',
      description: 'Fewer children exploited, and earlier',
      ownerGroupId: String(groupId),
    });
    expect(ok.statusCode).toBe(303);
    const [changed] = (await t.services.governance.priorities('2030-31', 1)).filter((p) => p.id === a);
    expect(changed).toMatchObject({
      title: 'Child exploitation',
      description: 'Fewer children exploited, and earlier',
    });
    expect(changed?.quarters[0]).toMatchObject({ rag: 'amber', summary: 'Started' });
  });
});
