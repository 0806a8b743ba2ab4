/**
 * The referral audit programme, Operation Encompass notices in the inbox and the yearly-report
 * figures, on a small hand-counted history recorded through the service.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, auditWriterFor } from '../../platform/audit/audit-log.ts';
import { londonWallClock } from '../../platform/calendar/index.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';
import type { HistoricalContact } from './history.ts';
import { frontDoorModule } from './index.ts';
import type { Decision } from './tables.ts';

const audit = auditWriterFor(SYSTEM_ACTOR);

describe('the referral audit programme', () => {
  let t: TestApp;
  let place: Awaited<ReturnType<typeof seedSmallPartnership>>;
  let qa: TestClient;
  let auditorA: { client: TestClient; id: string };
  let auditorB: TestClient;
  let frontDoor: TestClient;
  let childId: string;
  let fdUserId: string;

  const signedIn = async (
    role: Parameters<typeof createTestUser>[1],
    where: Parameters<typeof createTestUser>[2] = {},
  ) => {
    const user = await createTestUser(t.db, role, where);
    const client = new TestClient(t.app);
    await client.signIn(user.email, user.password);
    return { client, id: user.id };
  };

  /** One decided contact from a setting (or the police), received at 10:00 on `day`, decided at 15:00. */
  const contact = (
    day: string,
    from: { settingId?: number; organisationId?: number },
    decision: Decision,
  ): HistoricalContact => ({
    referrer: { userId: null, name: 'Referrer', jobTitle: 'DSL', email: 'referrer@test.example' },
    settingId: from.settingId ?? null,
    organisationId: from.organisationId ?? null,
    agencyType: from.settingId ? 'school' : 'police',
    districtId: place.districts.north,
    child: { childId, givenName: 'Amira', familyName: 'Testfamily', dateOfBirth: '2018-05-04' },
    form: {
      familyAndHousehold: 'Mother and sibling',
      concerns: 'Concern',
      referrerLevelOfNeed: 3,
      childVoice: 'Said she is fine',
      consent: 'obtained',
      consentReason: null,
      siblingsElsewhere: null,
      existingEarlyHelp: 'None',
      settingEarlyHelpOffer: false,
      urgency: 'standard',
    },
    receivedAt: londonWallClock(day, '10:00'),
    decision: {
      decision,
      decidedAt: londonWallClock(day, '15:00'),
      decidedBy: fdUserId,
      rationale: 'Weighed against the Levels of Need',
      decidedLevelOfNeed: 2,
      feedbackOutcome: 'Outcome',
      feedbackNextSteps: 'Next steps',
      feedbackContact: 'Duty manager',
      feedbackRecipient: 'referrer',
      feedbackEmail: 'referrer@test.example',
    },
  });

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' } });
    place = await seedSmallPartnership(t.db);
    const found = await t.services.children.findOrCreateChild(SYSTEM_ACTOR, {
      givenName: 'Amira',
      familyName: 'Testfamily',
      dateOfBirth: '2018-05-04',
      sex: 'female',
    });
    childId = found.status === 'ambiguous' ? '' : found.childId;
    const ffd = await t.db
      .selectFrom('registryTeam')
      .select('id')
      .where('kind', '=', 'family_front_door')
      .executeTakeFirstOrThrow();
    const fd = await signedIn('front_door_practitioner', { teamId: ffd.id });
    frontDoor = fd.client;
    fdUserId = fd.id;
    qa = (await signedIn('qa_lead')).client;
    auditorA = await signedIn('auditor', { organisationId: place.organisations.council });
    auditorB = (await signedIn('auditor', { organisationId: place.organisations.council })).client;

    const { oakfield, riverside } = place.settings;
    const police = place.organisations.police;
    await t.services.frontDoor.recordHistory(audit, fdUserId, [
      // October 2026, by hand: Oakfield 4 (3 below threshold), Riverside 2 (both below), police 3 (below).
      contact('2026-10-05', { settingId: oakfield }, 'nfa_advice'),
      contact('2026-10-06', { settingId: oakfield }, 'early_help_setting'),
      contact('2026-10-07', { settingId: oakfield }, 'assessment_s17'),
      contact('2026-10-08', { settingId: oakfield }, 'signpost_universal'),
      contact('2026-10-09', { settingId: riverside }, 'nfa_advice'),
      contact('2026-10-12', { settingId: riverside }, 'early_help_targeted'),
      contact('2026-10-13', { organisationId: police }, 'nfa_advice'),
      contact('2026-10-14', { organisationId: police }, 'nfa_advice'),
      contact('2026-10-15', { organisationId: police }, 'nfa_advice'),
      // The year after: Oakfield 2 referrals, 1 meeting threshold.
      contact('2027-10-05', { settingId: oakfield }, 'strategy_discussion'),
      contact('2027-10-06', { settingId: oakfield }, 'nfa_advice'),
    ]);
  });
  afterAll(async () => {
    await t.close();
  });

  it('proposes non-threshold referrals round-robin from the settings that referred most, never the police before they join', async () => {
    await qa.get('/front-door/audits');
    const proposed = await qa.post('/front-door/audits/propose', { month: '2026-10' });
    expect(proposed.statusCode).toBe(303);
    const sampleId = Number(/samples\/(\d+)/.exec(proposed.headers.location as string)![1]);
    const cases = await t.services.frontDoor.cases({ sampleId });
    const referral = async (id: number) => (await t.services.frontDoor.referral(id))!;
    const picked = await Promise.all(
      cases.map(async (c) => [
        (await referral(c.referralId)).settingId,
        (await referral(c.referralId)).decision,
      ]),
    );
    // Oakfield (4) ranks before Riverside (2): Oak 1st, River 1st, Oak 2nd, River 2nd, Oak 3rd; the assessment never.
    expect(picked).toEqual([
      [place.settings.oakfield, 'nfa_advice'],
      [place.settings.riverside, 'nfa_advice'],
      [place.settings.oakfield, 'early_help_setting'],
      [place.settings.riverside, 'early_help_targeted'],
      [place.settings.oakfield, 'signpost_universal'],
    ]);
  });

  it('refuses to swap in a referral that met threshold; confirms with an auditor who alone (with the QA lead) sees the cases', async () => {
    const sample = (await t.services.frontDoor.samples())[0]!;
    const cases = await t.services.frontDoor.cases({ sampleId: sample.id });
    const met = (
      await t.db
        .selectFrom('frontDoorReferral')
        .select('id')
        .where('decision', '=', 'assessment_s17')
        .executeTakeFirstOrThrow()
    ).id;
    await qa.get(`/front-door/audits/samples/${sample.id}`);
    const refused = await qa.post(`/front-door/audits/samples/${sample.id}/swap`, {
      remove: String(cases[0]!.id),
      add: String(met),
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('did not meet threshold');
    expect(await t.services.frontDoor.cases({ sampleId: sample.id })).toHaveLength(5);

    // Before confirmation the auditor has no case.
    expect((await auditorA.client.get(`/front-door/audits/cases/${cases[0]!.id}`)).statusCode).toBe(404);
    await qa.get(`/front-door/audits/samples/${sample.id}`);
    expect(
      (await qa.post(`/front-door/audits/samples/${sample.id}/confirm`, { auditorUserId: auditorA.id }))
        .statusCode,
    ).toBe(303);

    const list = await auditorA.client.get('/front-door/audits/cases');
    expect(list.body.match(/\/front-door\/audits\/cases\/\d+"/g)).toHaveLength(5);
    expect((await auditorB.get('/front-door/audits/cases')).body).toContain('No case is sampled for you');
    expect((await auditorB.get(`/front-door/audits/cases/${cases[0]!.id}`)).statusCode).toBe(404);
    expect((await auditorA.client.get(`/front-door/audits/cases/${cases[0]!.id}`)).statusCode).toBe(200);
    // An auditor is no referrer and no front door: the referral's own page is closed to them.
    expect((await auditorA.client.get(`/front-door/referrals/${cases[0]!.referralId}`)).statusCode).toBe(403);
  });

  it('the audit form needs every answer; completed audits feed the quarter’s learning and the settings audited most', async () => {
    const sample = (await t.services.frontDoor.samples())[0]!;
    const cases = await t.services.frontDoor.cases({ sampleId: sample.id });
    await auditorA.client.get(`/front-door/audits/cases/${cases[0]!.id}`);
    const refused = await auditorA.client.post(`/front-door/audits/cases/${cases[0]!.id}`, {
      whyMade: 'Worry',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#childVoiceEvidenced"');
    for (const [n, c] of cases.entries()) {
      await auditorA.client.get(`/front-door/audits/cases/${c.id}`);
      const saved = await auditorA.client.post(`/front-door/audits/cases/${c.id}`, {
        whyMade: 'Worry about home',
        quality: 'requires_improvement',
        childVoiceEvidenced: n < 2 ? 'yes' : 'no',
        lowerLevel: n < 3 ? 'setting_offer' : 'neither',
        learningReferrer: `Use the school's own offer (${n})`,
        learningFrontDoor: 'Feedback to the DSL',
        feedbackSpecific: 'yes',
        feedbackRightPerson: n === 0 ? 'no' : 'yes',
      });
      expect(saved.statusCode).toBe(303);
    }
    const learning = await t.services.frontDoor.learningSummary('2026-01-01', '2027-01-01');
    expect(learning).toHaveLength(1);
    expect(learning[0]).toMatchObject({
      quarter: '2026 Q4',
      agencyType: 'school',
      audited: 5,
      childVoiceEvidenced: 2,
      settingOfferWouldMeet: 3,
      feedbackRightPerson: 4,
    });
    expect(await t.services.frontDoor.mostAudited('2026-01-01', '2027-01-01')).toEqual([
      { key: `setting:${place.settings.oakfield}`, name: 'Oakfield Primary School', audits: 3 },
      { key: `setting:${place.settings.riverside}`, name: 'Riverside High School', audits: 2 },
    ]);
    const page = await qa.get('/front-door/audits/learning?from=2026-01-01');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Oakfield Primary School');
  });

  it('compares the conversion of institutions audited three or more times with the year after', async () => {
    // Oakfield: audited 3 times in 2026; 1 of 4 met threshold in 2026, 1 of 2 in 2027 (improved);
    // contacts 4 → 2, a fall of 50 %. Riverside: audited twice, not compared.
    const { statement } = await t.services.frontDoor.conversion('2026-01-01');
    expect(statement.compared).toBe(1);
    expect(statement.improved).toBe(1);
    expect(statement.text).toContain('improved in 1 of 1 (100 %)');
    expect(statement.text).toContain('fell by 50 %');
    const page = await qa.get('/front-door/audits/learning?from=2026-01-01');
    expect(page.body).toContain('improved in 1 of 1 (100 %)');
  });

  it('the yearly report’s figures equal a hand count of the history', async () => {
    const section = await frontDoorModule.reportSection!(t.services as never, {
      from: '2026-04-01',
      to: '2027-03-31',
    });
    const figure = (label: string) => section.figures.find((f) => f.label.startsWith(label))!.value;
    expect(figure('Contacts received')).toBe(9);
    expect(figure('Decided within 1 working day')).toBe('9 of 9 (100 %)');
    expect(figure('Conversion')).toBe('1 of 9 (11.1 %)');
    expect(figure('Referrals that did not meet threshold audited')).toBe(5);
    expect(figure('Institutions audited three or more times the year before')).toBe(
      'No institution was audited three or more times in the year.',
    );
    expect(section.figures.every((f) => f.source.length > 0)).toBe(true);
    // The year after: Oakfield, audited three times in 2026-27, converted 1 of 2 in 2027-28 against 1 of 4.
    const next = await frontDoorModule.reportSection!(t.services as never, {
      from: '2027-04-01',
      to: '2028-03-31',
    });
    expect(next.figures.find((f) => f.label.startsWith('Institutions audited'))!.value).toBe(
      'Of the one institution audited three or more times, the conversion rate improved in 1 of 1 (100 %); contacts from them fell by 50 %.',
    );
  });

  it('the dashboard shows an executive the counts, with a chart beside each table and no child', async () => {
    const executive = (await signedIn('executive')).client;
    const page = await executive.get('/front-door/dashboard?from=2026-10-01&to=2026-10-31');
    expect(page.statusCode).toBe(200);
    // The conversion chart would reveal small counts (1 of 6 schools' contacts, 3 police): only the months' chart.
    expect(page.body.match(/<svg role="img"/g)).toHaveLength(1);
    // October by hand: 9 received, 9 decided on the day, 1 met threshold; schools 6 (1 met), police 3.
    const cells = (label: string) =>
      [...page.body.matchAll(new RegExp(`${label}</(?:td|th)>((?:\\s*<td[^>]*>[^<]*</td>)+)`, 'g'))].map(
        (m) => [...m[1]!.matchAll(/>([^<]*)</g)].map((c) => c[1]!.trim()).filter(Boolean),
      );
    expect(cells('Contacts received \\(referral forms and Encompass notices\\)')[0]).toEqual(['9']);
    expect(cells('Decided within 1 working day')[0]).toEqual(['9', '100 %']);
    expect(cells('School')[0]).toEqual(['6', 'fewer than 5', 'not shown']);
    // An executive sees aggregates only: the police's 3 (and a rate that would reveal it) are not shown.
    expect(cells('Police')[0]).toEqual(['fewer than 5', '0', 'not shown']);
    expect(page.body).not.toContain('Amira');
    const exact = await frontDoor.get('/front-door/dashboard?from=2026-10-01&to=2026-10-31');
    expect(exact.body).toMatch(/Police<\/td>\s*<td[^>]*>3<\/td>/);
    expect(exact.body).toMatch(/School<\/td>\s*<td[^>]*>6<\/td>\s*<td[^>]*>1<\/td>\s*<td[^>]*>16.7 %<\/td>/);
    expect(exact.body.match(/<svg role="img"/g)).toHaveLength(2);
    expect((await executive.get('/front-door/inbox')).statusCode).toBe(403);
  });

  it('an Operation Encompass notice routed to the front door is in the inbox and is decided the same way', async () => {
    await t.services.children.findOrCreateChild(SYSTEM_ACTOR, {
      givenName: 'Zed',
      familyName: 'Noroll',
      dateOfBirth: '2014-03-03',
      sex: 'male',
    });
    const officer = (await signedIn('police_officer', { organisationId: place.organisations.police })).client;
    // The officer's journey: the incident, the child on a page of their own, then confirm.
    await officer.get('/encompass/incidents/new');
    const incident = await officer.post('/encompass/incidents/new', {
      policeReference: 'WSP/2026/0999',
      'occurredDate-day': '27',
      'occurredDate-month': '11',
      'occurredDate-year': '2026',
      occurredTime: '22:30',
      place: 'The family home',
      districtCode: 'NORTH',
      circumstances: 'A verbal argument between adults.',
      riskLevel: 'high',
      officerName: 'PC Test Officer',
    });
    expect(incident.statusCode).toBe(303);
    const child = await officer.post('/encompass/incidents/new/children/1', {
      givenName: 'Zed',
      familyName: 'Noroll',
      'dateOfBirth-day': '3',
      'dateOfBirth-month': '3',
      'dateOfBirth-year': '2014',
      address: '2 Test Row',
      presence: 'in_room',
      spokenTo: 'yes',
      childVoice: 'I was scared',
    });
    expect(child.statusCode).toBe(303);
    const recorded = await officer.post('/encompass/incidents', {});
    expect(recorded.statusCode).toBe(303);
    const inbox = await frontDoor.get('/front-door/inbox');
    expect(inbox.body).toContain('Zed Noroll');
    const noticeId = /\/front-door\/notices\/([0-9a-f-]{36})/.exec(inbox.body)![1]!;
    await frontDoor.get(`/front-door/notices/${noticeId}`);
    const refused = await frontDoor.post(`/front-door/notices/${noticeId}/decision`, {
      decision: 'nfa_advice',
    });
    expect(refused.statusCode).toBe(400);
    const decided = await frontDoor.post(`/front-door/notices/${noticeId}/decision`, {
      decision: 'early_help_targeted',
      rationale: 'Out of school; family support needed',
      decidedLevelOfNeed: '3',
      feedbackOutcome: 'Targeted early help offered',
      feedbackNextSteps: 'The family support worker will visit',
      feedbackContact: 'Early help hub',
      feedbackRecipient: 'referrer',
    });
    expect(decided.statusCode).toBe(303);
    const referral = await t.db
      .selectFrom('frontDoorReferral')
      .selectAll()
      .where('encompassNoticeId', '=', noticeId)
      .executeTakeFirstOrThrow();
    expect(referral).toMatchObject({
      source: 'encompass',
      status: 'decided',
      agencyType: 'police',
      urgency: 'urgent',
      decision: 'early_help_targeted',
    });
    expect((await frontDoor.get('/front-door/inbox')).body).not.toContain('Zed Noroll');
    const zed = (
      await t.db
        .selectFrom('frontDoorReferralChild')
        .select('childId')
        .where('referralId', '=', referral.id)
        .executeTakeFirstOrThrow()
    ).childId;
    const kinds = (await t.services.journey.eventsOfChild(zed)).map((e) => e.kind).sort();
    expect(kinds).toEqual(['contact', 'decision']);
  });
});
