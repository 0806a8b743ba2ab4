import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/audit/audit-log.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';

/** An audit from the programme to the panel's grade, actions and a briefing, over HTTP as each role does it. */
describe('a multi-agency audit', () => {
  let t: TestApp;
  let place: Awaited<ReturnType<typeof seedSmallPartnership>>;
  const clients: Record<string, TestClient> = {};
  const users: Record<string, { id: string; email: string; password: string }> = {};
  let childId: string;
  let auditId: number;
  let caseId: number;

  beforeAll(async () => {
    t = await buildTestApp();
    place = await seedSmallPartnership(t.db);
    users.lead = await createTestUser(t.db, 'qa_lead');
    users.police = await createTestUser(t.db, 'auditor', { organisationId: place.organisations.police });
    users.health = await createTestUser(t.db, 'auditor', { organisationId: place.organisations.community });
    users.otherPolice = await createTestUser(t.db, 'auditor', { organisationId: place.organisations.police });
    users.executive = await createTestUser(t.db, 'executive');
    users.officer = await createTestUser(t.db, 'police_officer', {
      organisationId: place.organisations.police,
    });
    for (const [name, user] of Object.entries(users)) {
      clients[name] = new TestClient(t.app);
      await clients[name].signIn(user.email, user.password);
    }
    const match = await t.services.children.findOrCreateChild(SYSTEM_ACTOR, {
      givenName: 'Maisie',
      familyName: 'Auditcase',
      dateOfBirth: '2016-02-03',
      sex: 'female',
    });
    childId = (match as { childId: string }).childId;
  });
  afterAll(() => t.close());

  it('plans the programme and an audit, refusing bad input with the field named', async () => {
    const lead = clients.lead!;
    await lead.get('/quality');
    const badYear = await lead.post('/quality/programmes', { year: '2026-28', title: 'Programme' });
    expect(badYear.statusCode).toBe(400);
    expect(badYear.body).toContain('The year must run from one April to the next');
    const created = await lead.post('/quality/programmes', {
      year: '2026-27',
      title: 'QAPP programme 2026-27',
    });
    expect(created.statusCode).toBe(303);
    const programmeHref = created.headers.location as string;
    await lead.get(`${programmeHref}/audits/new`);
    const form = {
      title: 'Children on a plan because of domestic abuse',
      theme: 'cp_plan_domestic_abuse',
      selectionRule: 'Plans started April to June because of domestic abuse',
      casesWanted: '7',
      startsOn: '2026-06-01',
      panelOn: '2026-05-01',
      questions: 'What did your agency know?\nWas the child seen alone?',
    };
    const bad = await lead.post(`${programmeHref}/audits`, form);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Select the agencies asked to self-audit');
    /** Posts the form with repeated fields (agencies, auditors), as a browser sends checkboxes. */
    const post = (fields: Record<string, string>, repeated: [string, string][]) => {
      const body = new URLSearchParams({ ...fields, _csrf: lead.lastCsrf });
      for (const [k, v] of repeated) body.append(k, v);
      return t.app.inject({
        method: 'POST',
        url: `${programmeHref}/audits`,
        headers: {
          cookie: (lead as unknown as { cookieHeader(): string }).cookieHeader(),
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: body.toString(),
      });
    };
    const chosen: [string, string][] = [
      ['agencies', String(place.organisations.police)],
      ['agencies', String(place.organisations.community)],
      ['auditors', users.police!.id],
      ['auditors', users.health!.id],
    ];
    const panelFirst = await post(form, chosen);
    expect(panelFirst.statusCode).toBe(400);
    expect(panelFirst.body).toContain('The panel date must be on or after the start date');
    const saved = await post({ ...form, panelOn: '2026-07-15' }, chosen);
    expect(saved.statusCode).toBe(303);
    auditId = Number(/\/quality\/audits\/(\d+)/.exec(saved.headers.location as string)![1]);
  });

  it('finds the child in the index and selects them; only named auditors see who they are', async () => {
    const lead = clients.lead!;
    const found = await lead.get(
      `/quality/audits/${auditId}?find=1&givenName=Maisie&familyName=Auditcase&dateOfBirth=2016-02-03`,
    );
    expect(found.body).toContain('Maisie Auditcase');
    expect(found.body).toContain('No child protection plan started');
    const added = await lead.post(`/quality/audits/${auditId}/cases`, { childId, selectedHow: 'hand' });
    expect(added.statusCode).toBe(303);
    const again = await lead.post(`/quality/audits/${auditId}/cases`, { childId, selectedHow: 'hand' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('This child is already in the audit');
    const [c] = await t.services.quality.cases(auditId);
    caseId = c!.id;
    expect(c!.reference).toMatch(/^DA-\d\d-01$/);

    const named = await clients.police!.get(`/quality/audits/${auditId}/cases/${caseId}`);
    expect(named.statusCode).toBe(200);
    expect(named.body).toContain('Maisie Auditcase');
    // Another auditor of the same agency, not named: the audit and its case do not exist for them.
    expect((await clients.otherPolice!.get(`/quality/audits/${auditId}`)).statusCode).toBe(404);
    expect((await clients.otherPolice!.get(`/quality/audits/${auditId}/cases/${caseId}`)).statusCode).toBe(
      404,
    );
    expect((await clients.executive!.get(`/quality/audits/${auditId}`)).statusCode).toBe(403);
    const views = await t.db
      .selectFrom('auditLog')
      .select(['childId', 'outcome'])
      .where('recordType', '=', 'qa-case')
      .where('action', '=', 'view')
      .execute();
    expect(views).toContainEqual({ childId, outcome: 'success' });
  });

  it('takes each agency’s self-audit while agencies audit, then the panel’s grade with reasons where it differs', async () => {
    const police = clients.police!;
    await police.get(`/quality/audits/${auditId}/cases/${caseId}`);
    const early = await police.post(`/quality/audits/${auditId}/cases/${caseId}/self-audit`, {
      answer1: 'Known',
      answer2: 'Yes',
      grade: 'good',
      strengths: 'S',
      learning: 'L',
    });
    expect(early.statusCode).toBe(400);
    await clients.lead!.get(`/quality/audits/${auditId}`);
    expect((await clients.lead!.post(`/quality/audits/${auditId}/status`, {})).statusCode).toBe(303);

    await police.get(`/quality/audits/${auditId}/cases/${caseId}`);
    const missing = await police.post(`/quality/audits/${auditId}/cases/${caseId}/self-audit`, {
      answer1: 'We knew of two incidents',
      answer2: '',
      grade: '',
      strengths: 'Prompt referral',
      learning: 'See children alone',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Answer question 2');
    expect(missing.body).toContain('Select your agency’s grade');
    expect(
      (
        await police.post(`/quality/audits/${auditId}/cases/${caseId}/self-audit`, {
          answer1: 'We knew of two incidents',
          answer2: 'Yes',
          grade: 'good',
          strengths: 'Prompt referral',
          learning: 'See children alone',
        })
      ).statusCode,
    ).toBe(303);
    const health = clients.health!;
    await health.get(`/quality/audits/${auditId}/cases/${caseId}`);
    expect(
      (
        await health.post(`/quality/audits/${auditId}/cases/${caseId}/self-audit`, {
          answer1: 'Health visitor knew',
          answer2: 'No',
          grade: 'outstanding',
          strengths: 'Home visits',
          learning: 'Share with the GP',
        })
      ).statusCode,
    ).toBe(303);
    // Each agency sees its own self-audit, not the other's.
    const own = await police.get(`/quality/audits/${auditId}/cases/${caseId}`);
    expect(own.body).toContain('Prompt referral');
    expect(own.body).not.toContain('Home visits');

    const lead = clients.lead!;
    await lead.get(`/quality/audits/${auditId}`);
    await lead.post(`/quality/audits/${auditId}/status`, {});
    await lead.get(`/quality/audits/${auditId}/cases/${caseId}`);
    const noReasons = await lead.post(`/quality/audits/${auditId}/cases/${caseId}/panel`, {
      panelGrade: 'good',
      panelReasons: '',
      panelOn: t.services.quality.today(),
    });
    expect(noReasons.statusCode).toBe(400);
    expect(noReasons.body).toContain('Enter why the panel’s grade differs');
    expect(
      (
        await lead.post(`/quality/audits/${auditId}/cases/${caseId}/panel`, {
          panelGrade: 'good',
          panelReasons: 'The GP was not told of the plan',
          panelOn: t.services.quality.today(),
        })
      ).statusCode,
    ).toBe(303);
    const noAnswer = await lead.post(`/quality/audits/${auditId}/cases/${caseId}/family`, {
      familyApproached: 'yes',
    });
    expect(noAnswer.statusCode).toBe(400);
    expect(noAnswer.body).toContain('Select whether the family responded');
    expect(
      (
        await lead.post(`/quality/audits/${auditId}/cases/${caseId}/family`, {
          familyApproached: 'yes',
          familyResponded: 'yes',
          familyFeedback: 'They listened to my daughter',
        })
      ).statusCode,
    ).toBe(303);

    // By hand: two self-audits, the panel graded the case good: police agrees, health does not → 1 of 2.
    const f = await t.services.quality.figures([auditId]);
    expect([
      f.children,
      f.grades.selfAudits,
      f.grades.compared,
      f.grades.agreed,
      f.grades.agreementPercent,
    ]).toEqual([1, 2, 2, 1, 50]);
    expect([f.familiesApproached, f.familiesResponded, f.panelGraded, f.panel.good]).toEqual([1, 1, 1, 1]);
  });

  it('turns findings into actions through the tracker, refusing an action without an agency or due before today', async () => {
    const lead = clients.lead!;
    await lead.get(`/quality/audits/${auditId}`);
    expect(
      (
        await lead.post(`/quality/audits/${auditId}/findings`, {
          kind: 'learning',
          text: 'Tell the GP about every plan',
        })
      ).statusCode,
    ).toBe(303);
    const noAgency = await lead.post(`/quality/audits/${auditId}/actions`, {
      scope: 'single',
      description: 'Tell GPs',
      owningOrganisationId: '',
      dueOn: '2099-01-01',
    });
    expect(noAgency.statusCode).toBe(400);
    expect(noAgency.body).toContain('Select the agency that owns the action');
    const early = await lead.post(`/quality/audits/${auditId}/actions`, {
      scope: 'single',
      description: 'Tell GPs',
      owningOrganisationId: String(place.organisations.community),
      dueOn: '2020-01-01',
    });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('The due date must be on or after');
    expect((await t.services.quality.actionsOf(auditId)).length).toBe(0);
    expect(
      (
        await lead.post(`/quality/audits/${auditId}/actions`, {
          scope: 'multi',
          description: 'Tell GPs of every plan',
          owningOrganisationId: String(place.organisations.community),
          ownerName: 'Designated Nurse',
          dueOn: '2099-01-01',
          measurableOutcome: 'GP informed in 10 of 10 sampled plans',
        })
      ).statusCode,
    ).toBe(303);
    const actions = await t.services.quality.actionsOf(auditId);
    expect(actions.map((a) => [a.status, a.smart, a.source.label])).toEqual([
      [
        'open',
        true,
        'Multi-agency audit: Children on a plan because of domestic abuse (multi-agency action)',
      ],
    ]);
    expect((await t.services.quality.figures([auditId])).actions.open).toBe(1);
  });

  it('once complete, shows no child to anyone', async () => {
    const lead = clients.lead!;
    await lead.get(`/quality/audits/${auditId}`);
    expect((await lead.post(`/quality/audits/${auditId}/status`, {})).statusCode).toBe(303);
    expect((await clients.police!.get(`/quality/audits/${auditId}/cases/${caseId}`)).statusCode).toBe(404);
    const page = await lead.get(`/quality/audits/${auditId}`);
    expect(page.body).not.toContain('Maisie');
    expect(page.body).toContain('the audit is complete');
  });

  it('publishes a versioned learning briefing as a page and a PDF', async () => {
    const lead = clients.lead!;
    await lead.get('/quality/briefings/new');
    const empty = await lead.post('/quality/briefings', { title: '', summary: '', keyMessages: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Select the audits it draws on');
    const saved = await lead.post('/quality/briefings', {
      title: 'Domestic abuse: learning',
      summary: 'What we found',
      keyMessages: 'Share safety plans\nSee children alone',
      auditIds: String(auditId),
    });
    expect(saved.statusCode).toBe(303);
    const href = saved.headers.location as string;
    // A draft is not there for readers.
    expect((await clients.officer!.get(href)).statusCode).toBe(404);
    await lead.get(href);
    expect((await lead.post(`${href}/publish`, {})).statusCode).toBe(303);
    await lead.get(`${href}/edit`);
    expect(
      (
        await lead.post(`${href}/versions`, {
          title: 'Domestic abuse: learning (revised)',
          summary: 'What we found',
          keyMessages: 'Share safety plans',
          auditIds: String(auditId),
        })
      ).statusCode,
    ).toBe(303);
    const read = await clients.officer!.get(href);
    expect(read.statusCode).toBe(200);
    expect(read.body).toContain('Learning briefing, version 1');
    expect(read.body).toContain('See children alone');
    expect(read.body).not.toContain('(revised)');
    const pdf = await clients.officer!.get(`${href}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await lead.get(href)).body).toContain('(revised)');
  });

  it('a published briefing is a public page and PDF with no sign-in; drafts never are', async () => {
    const lead = clients.lead!;
    const anyone = new TestClient(t.app); // not signed in
    const [published] = await t.db
      .selectFrom('qaBriefingVersion')
      .select('briefingId')
      .where('title', '=', 'Domestic abuse: learning')
      .execute();
    const id = published!.briefingId;
    // The published version 1, never the newer draft (version 2, "revised").
    const page = await anyone.get(`/learning-briefings/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Learning briefing, version 1');
    expect(page.body).toContain('See children alone');
    expect(page.body).not.toContain('(revised)');
    expect(page.body).not.toContain('Publish version');
    const pdf = await anyone.get(`/learning-briefings/${id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const list = await anyone.get('/learning-briefings');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`href="/learning-briefings/${id}"`);
    // The signed-in page points to the public one.
    expect((await lead.get(`/quality/briefings/${id}`)).body).toContain(`href="/learning-briefings/${id}"`);

    // A briefing never published: not public, not listed, no PDF.
    await lead.get('/quality/briefings/new');
    const draft = await lead.post('/quality/briefings', {
      title: 'Unpublished draft briefing',
      summary: 'Not yet',
      keyMessages: 'Draft only',
      auditIds: String(auditId),
    });
    const draftId = Number(/briefings\/(\d+)/.exec(draft.headers.location as string)![1]);
    expect((await anyone.get(`/learning-briefings/${draftId}`)).statusCode).toBe(404);
    expect((await anyone.get(`/learning-briefings/${draftId}/pdf`)).statusCode).toBe(404);
    expect((await anyone.get('/learning-briefings')).body).not.toContain('Unpublished draft briefing');
    expect((await anyone.get('/learning-briefings/999999')).statusCode).toBe(404);
  });

  it('gives the yearly report its section, each figure with its source', async () => {
    const { qualityModule } = await import('./index.ts');
    const section = await qualityModule.reportSection!(t.services as never, {
      from: '2026-04-01',
      to: '2027-03-31',
    });
    const value = (label: string) => section.figures.find((f) => f.label === label)?.value;
    expect(value('Multi-agency audits')).toBe(1);
    expect(value('Children and young people whose experience was audited')).toBe(1);
    expect(value('Agencies’ grades agreeing with the panel’s (%)')).toBe(50);
    expect(value('Families who responded')).toBe(1);
    expect(value('Actions from the audits still open')).toBe(1);
    expect(section.figures.every((f) => f.source.length > 0)).toBe(true);
    // Outside the period: nothing.
    const before = await qualityModule.reportSection!(t.services as never, {
      from: '2025-04-01',
      to: '2026-03-31',
    });
    expect(before.figures.find((f) => f.label === 'Multi-agency audits')?.value).toBe(0);
  });

  it('gives executives the figures only', async () => {
    const figures = await clients.executive!.get('/quality/figures?year=2026-27');
    expect(figures.statusCode).toBe(200);
    expect(figures.body).toContain('Children covered');
    expect(figures.body).not.toContain('Maisie');
    // Figures only: none of the words the agencies, the panel or the family wrote.
    for (const words of [
      'Prompt referral',
      'See children alone',
      'They listened to my daughter',
      'Tell the GP about every plan',
    ])
      expect(figures.body).not.toContain(words);
    expect((await clients.executive!.get(`/quality/audits/${auditId}/cases/${caseId}`)).statusCode).toBe(403);
    expect((await clients.executive!.get(`/quality/audits/${auditId}`)).statusCode).toBe(403);
    expect((await clients.executive!.get('/quality')).statusCode).toBe(403);
  });
});
