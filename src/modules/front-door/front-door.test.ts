import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/audit/audit-log.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';

/** A complete referral form as a DSL submits it. */
const fullForm = {
  referrerName: 'Dana Testlead',
  referrerJobTitle: 'Designated safeguarding lead',
  referrerEmail: 'dana.testlead@oakfield.test.example',
  familyAndHousehold: 'Lives with mother and her partner; one younger sibling.',
  concerns: 'Came to school with a bruise to the cheek and said it happened at home.',
  referrerLevelOfNeed: '4',
  childVoice: 'She said: "I don’t want to go home tonight."',
  consent: 'not_sought_risk',
  existingEarlyHelp: 'The school’s pastoral support since September.',
  settingEarlyHelpOffer: 'yes',
  urgency: 'urgent',
  intent: 'submit',
};

const decision = {
  decision: 'strategy_discussion',
  rationale: 'An injury with a disclosure: section 47 concerns.',
  decidedLevelOfNeed: '4',
  feedbackOutcome: 'A strategy discussion is being held today.',
  feedbackNextSteps: 'A social worker will contact you; keep recording what she says.',
  feedbackContact: 'The duty team manager, 01234 567890',
  feedbackRecipient: 'safeguarding_lead',
};

describe('the Family Front Door', () => {
  let t: TestApp;
  let place: Awaited<ReturnType<typeof seedSmallPartnership>>;
  let dsl: TestClient;
  let otherDsl: TestClient;
  let frontDoor: TestClient;
  let childId: string;
  let referralId: number;

  const client = async (
    role: Parameters<typeof createTestUser>[1],
    where: Parameters<typeof createTestUser>[2],
  ) => {
    const user = await createTestUser(t.db, role, where);
    const c = new TestClient(t.app);
    await c.signIn(user.email, user.password);
    return { client: c, user };
  };

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' } });
    place = await seedSmallPartnership(t.db);
    const found = await t.services.children.findOrCreateChild(
      SYSTEM_ACTOR,
      { givenName: 'Amira', familyName: 'Testfamily', dateOfBirth: '2018-05-04', sex: 'female' },
      { districtId: place.districts.north },
    );
    childId = found.status === 'ambiguous' ? '' : found.childId;
    const ffd = await t.db
      .selectFrom('registryTeam')
      .select('id')
      .where('kind', '=', 'family_front_door')
      .executeTakeFirstOrThrow();
    dsl = (await client('dsl', { settingId: place.settings.oakfield })).client;
    otherDsl = (await client('dsl', { settingId: place.settings.riverside })).client;
    frontDoor = (
      await client('front_door_practitioner', { organisationId: place.organisations.council, teamId: ffd.id })
    ).client;
  });
  afterAll(async () => {
    await t.close();
  });

  it('a DSL finds the child first, with each candidate’s probability, then drafts and submits', async () => {
    const search = await dsl.get(
      '/front-door/referrals/new?givenName=Amira&familyName=Testfamily&dateOfBirth=2018-05-04',
    );
    expect(search.statusCode).toBe(200);
    expect(search.body).toMatch(/Amira Testfamily/);
    expect(search.body).toMatch(/\d+\.\d %/);
    expect(search.body).toContain('None of these is the child');

    const chosen = await dsl.post('/front-door/referrals/choose', {
      childId,
      givenName: 'Amira',
      familyName: 'Testfamily',
      dateOfBirth: '2018-05-04',
    });
    expect(chosen.statusCode).toBe(303);
    referralId = Number(/referrals\/(\d+)\/edit/.exec(chosen.headers.location as string)![1]);

    await dsl.get(`/front-door/referrals/${referralId}/edit`);
    const draft = await dsl.post(`/front-door/referrals/${referralId}/edit`, {
      concerns: 'Bruise',
      intent: 'save',
    });
    expect(draft.statusCode).toBe(303);
    expect(
      await t.db
        .selectFrom('frontDoorReferral')
        .select(['status', 'concerns'])
        .where('id', '=', referralId)
        .executeTakeFirstOrThrow(),
    ).toEqual({ status: 'draft', concerns: 'Bruise' });

    // The child's voice is required: the form comes back with the error on the field, nothing submitted.
    await dsl.get(`/front-door/referrals/${referralId}/edit`);
    const refused = await dsl.post(`/front-door/referrals/${referralId}/edit`, {
      ...fullForm,
      childVoice: '',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#childVoice"');
    expect((await t.services.frontDoor.referral(referralId))!.status).toBe('draft');

    const submitted = await dsl.post(`/front-door/referrals/${referralId}/edit`, fullForm);
    expect(submitted.statusCode).toBe(303);
    const r = (await t.services.frontDoor.referral(referralId))!;
    expect(r.status).toBe('submitted');
    expect(r.agencyType).toBe('school');
    expect(r.decisionDueOn).toBe(
      t.services.calendar.nextWorkingDay(
        new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(r.receivedAt!),
      ),
    );
    const events = await t.services.journey.eventsOfChild(childId);
    expect(events.map((e) => e.kind)).toEqual(['contact']);
    expect(events[0]!.sourceAgency).toBe('school');
  });

  it('another setting’s DSL cannot see it; the audit log has the DSL’s view', async () => {
    expect((await otherDsl.get(`/front-door/referrals/${referralId}`)).statusCode).toBe(404);
    expect((await dsl.get(`/front-door/referrals/${referralId}`)).statusCode).toBe(200);
    const entries = await t.db
      .selectFrom('auditLog')
      .select(['action', 'childId', 'outcome'])
      .where('recordType', '=', 'referral')
      .where('recordId', '=', String(referralId))
      .execute();
    expect(entries).toContainEqual({ action: 'view', childId, outcome: 'success' });
    expect(entries).toContainEqual({ action: 'view', childId: null, outcome: 'not_found' });
  });

  it('the front door sees it in the inbox with its clock, and a decision without rationale or feedback saves nothing', async () => {
    const inbox = await frontDoor.get('/front-door/inbox');
    expect(inbox.statusCode).toBe(200);
    expect(inbox.body).toContain(`Referral ${referralId}`);
    expect(inbox.body).toContain('Amira Testfamily');

    await frontDoor.get(`/front-door/referrals/${referralId}/decision`);
    const refused = await frontDoor.post(`/front-door/referrals/${referralId}/decision`, {
      ...decision,
      rationale: '',
      feedbackNextSteps: '',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#rationale"');
    expect(refused.body).toContain('href="#feedbackNextSteps"');
    expect((await t.services.frontDoor.referral(referralId))!.status).toBe('submitted');
    expect((await t.services.journey.eventsOfChild(childId)).map((e) => e.kind)).toEqual(['contact']);
  });

  it('the front door decides with feedback to the setting’s safeguarding lead, and the DSL sees it', async () => {
    await frontDoor.get(`/front-door/referrals/${referralId}/decision`);
    const decided = await frontDoor.post(`/front-door/referrals/${referralId}/decision`, decision);
    expect(decided.statusCode).toBe(303);
    const r = (await t.services.frontDoor.referral(referralId))!;
    expect(r.status).toBe('decided');
    expect(r.metThreshold).toBe(true);
    expect(r.feedbackEmail).toBe('safeguarding@oakfield.test.example');
    const events = await t.services.journey.eventsOfChild(childId);
    const decisionEvent = events.find((e) => e.kind === 'decision')!;
    expect(decisionEvent.details.nfa).toBe(false);
    expect(decisionEvent.details.receivedAt).toBe(r.receivedAt!.toISOString());
    expect(decisionEvent.details.decidedAt).toBe(r.decidedAt!.toISOString());
    expect(events.filter((e) => e.kind === 'referral')).toHaveLength(1);

    const seen = await dsl.get(`/front-door/referrals/${referralId}`);
    expect(seen.body).toContain('A strategy discussion is being held today.');
    expect(seen.body).toContain('The duty team manager, 01234 567890');
    // The rationale is the front door's, not in the referrer's view.
    expect(seen.body).not.toContain('section 47 concerns.');
  });

  it('a strategy discussion without health is not quorate; an ICPC before it and a plan ending before it starts are refused', async () => {
    await frontDoor.get(`/front-door/referrals/${referralId}/strategy-discussions/new?child=${childId}`);
    const recorded = await frontDoor.post(`/front-door/referrals/${referralId}/strategy-discussions`, {
      childId,
      heldOn: '2026-11-02',
      attendee_social_care: 'Sam Social',
      attendee_police: 'PC Pat',
      attendee_education: 'Dana Testlead',
      informationShared: 'School shared the disclosure; police have no record.',
      decision: 'section47',
    });
    expect(recorded.statusCode).toBe(303);
    const discussionId = Number(/strategy-discussions\/(\d+)/.exec(recorded.headers.location as string)![1]);
    const page = await frontDoor.get(`/front-door/strategy-discussions/${discussionId}`);
    expect(page.body).toContain('Not quorate');
    expect(page.body).toMatch(/Missing: Health/);
    expect(page.body).toContain('Due by 23 November 2026');

    const early = await frontDoor.post(`/front-door/strategy-discussions/${discussionId}/icpc`, {
      heldOn: '2026-11-01',
      quorate: 'yes',
      outcome: 'cp_plan',
      category: 'physical',
    });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('The conference cannot be before its strategy discussion');
    expect(await t.db.selectFrom('frontDoorIcpc').select('id').execute()).toHaveLength(0);

    await frontDoor.get(`/front-door/strategy-discussions/${discussionId}`);
    const icpc = await frontDoor.post(`/front-door/strategy-discussions/${discussionId}/icpc`, {
      heldOn: '2026-11-20',
      quorate: 'yes',
      outcome: 'cp_plan',
      category: 'physical',
    });
    expect(icpc.statusCode).toBe(303);
    const plan = await t.db.selectFrom('frontDoorCpPlan').selectAll().executeTakeFirstOrThrow();
    expect(plan.firstReviewDueOn).toBe('2027-02-20');

    await frontDoor.get(`/front-door/strategy-discussions/${discussionId}`);
    const badEnd = await frontDoor.post(`/front-door/plans/${plan.id}/end`, {
      endedOn: '2026-11-19',
      endReason: 'No further concern',
    });
    expect(badEnd.statusCode).toBe(400);
    expect(badEnd.body).toContain('The plan cannot end before it started');
    expect(
      (await t.db.selectFrom('frontDoorCpPlan').select('endedOn').executeTakeFirstOrThrow()).endedOn,
    ).toBeNull();

    await frontDoor.get(`/front-door/strategy-discussions/${discussionId}`);
    expect(
      (
        await frontDoor.post(`/front-door/plans/${plan.id}/reviews`, {
          heldOn: '2027-02-10',
          outcome: 'continue',
        })
      ).statusCode,
    ).toBe(303);
    await frontDoor.get(`/front-door/strategy-discussions/${discussionId}`);
    expect(
      (
        await frontDoor.post(`/front-door/plans/${plan.id}/end`, {
          endedOn: '2027-08-01',
          endReason: 'No further concern',
        })
      ).statusCode,
    ).toBe(303);

    const kinds = (await t.services.journey.eventsOfChild(childId)).map((e) => e.kind).sort();
    expect(kinds).toEqual([
      'contact',
      'cp_plan_end',
      'cp_plan_start',
      'cp_review',
      'decision',
      'icpc',
      'referral',
      'section47',
      'strategy_discussion',
    ]);
    const events = await t.services.journey.eventsOfChild(childId);
    const strategy = events.find((e) => e.kind === 'strategy_discussion')!;
    expect(strategy.details.quorate).toBe(false);
    expect(strategy.details.attendingAgencies?.sort()).toEqual(['education', 'police', 'social_care']);
    expect(events.find((e) => e.kind === 'icpc')!.details).toMatchObject({
      strategyDiscussionOn: '2026-11-02',
      resultedInPlan: true,
    });
    expect(events.find((e) => e.kind === 'cp_plan_start')!.details).toMatchObject({
      category: 'physical',
      previousPlans: 0,
    });
  });

  it('a strategy discussion with social care, police and health is quorate', async () => {
    await frontDoor.get(`/front-door/referrals/${referralId}/strategy-discussions/new?child=${childId}`);
    const recorded = await frontDoor.post(`/front-door/referrals/${referralId}/strategy-discussions`, {
      childId,
      heldOn: '2026-11-03',
      attendee_social_care: 'Sam Social',
      attendee_police: 'PC Pat',
      attendee_health: 'Nurse Nia',
      informationShared: 'Health visitor shared the sibling’s history.',
      decision: 'none',
      action0_description: 'Health visitor to visit the family',
      action0_owningOrganisationId: String(place.organisations.community),
      action0_owner: 'Nurse Nia',
      action0_dueOn: '2026-11-10',
      action0_outcome: 'Home conditions seen and recorded',
      action1_description: 'Keep an eye on things',
    });
    expect(recorded.statusCode).toBe(303);
    const discussionId = Number(/strategy-discussions\/(\d+)/.exec(recorded.headers.location as string)![1]);
    const page = await frontDoor.get(`/front-door/strategy-discussions/${discussionId}`);
    expect(page.body).toMatch(/govuk-tag--green">\s*Quorate/);
    const actions = await t.services.actions.actionsForSource(
      'front-door',
      'strategy-discussion',
      String(discussionId),
    );
    expect(actions.map((a) => [a.description, a.smart])).toEqual([
      ['Health visitor to visit the family', true],
      ['Keep an eye on things', false],
    ]);
    expect(page.body).toContain('Not SMART');
    expect(page.body).toContain('Testshire Community Health');
  });

  it('an assessment decision starts an assessment due 45 working days after the referral; authorising it before it started is refused', async () => {
    const id = await t.services.frontDoor.startDraft(
      async () => {},
      {
        id: (
          await t.db.selectFrom('appUser').select('id').where('role', '=', 'dsl').executeTakeFirstOrThrow()
        ).id,
        givenName: 'A',
        familyName: 'B',
        email: 'a@b.example',
        settingId: place.settings.oakfield,
        organisationId: null,
        teamId: null,
      },
      { childId, givenName: 'Amira', familyName: 'Testfamily', dateOfBirth: '2018-05-04', foundBy: 'index' },
    );
    const { referrerLevelOfNeed: _l, settingEarlyHelpOffer: _s, intent: _i, ...rest } = fullForm;
    await t.services.frontDoor.submit(
      async () => {},
      id,
      {
        ...rest,
        referrerPhone: undefined,
        consentReason: undefined,
        siblingsElsewhere: undefined,
        referrerLevelOfNeed: 3,
        settingEarlyHelpOffer: true,
        consent: 'obtained',
        urgency: 'standard',
      },
      new Date('2026-11-30T10:00:00Z'),
    );
    await t.services.frontDoor.decide(
      async () => {},
      id,
      (
        await t.db
          .selectFrom('appUser')
          .select('id')
          .where('role', '=', 'front_door_practitioner')
          .executeTakeFirstOrThrow()
      ).id,
      {
        ...decision,
        decision: 'assessment_s17',
        decidedLevelOfNeed: 3,
        feedbackRecipient: 'referrer',
      } as never,
      new Date('2026-12-01T10:00:00Z'),
    );
    const [assessment] = await t.services.frontDoor.assessmentsOfReferral(id);
    expect(assessment).toMatchObject({ startedOn: '2026-12-01', dueOn: '2027-02-04' });
    await frontDoor.get(`/front-door/referrals/${id}`);
    const early = await frontDoor.post(`/front-door/assessments/${assessment!.id}/authorise`, {
      authorisedOn: '2026-11-30',
      outcome: 'nfa',
    });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('cannot be authorised before it started');
    await frontDoor.get(`/front-door/referrals/${id}`);
    expect(
      (
        await frontDoor.post(`/front-door/assessments/${assessment!.id}/authorise`, {
          authorisedOn: '2027-01-20',
          outcome: 'nfa',
        })
      ).statusCode,
    ).toBe(303);
    const referralEvent = (await t.services.journey.eventsOfChild(childId)).find(
      (e) => e.kind === 'referral' && e.sourceRef === `referral:${id}:${childId}`,
    );
    expect(referralEvent?.details.nfa).toBe(true);
  });
});

describe('the clocks and a second child', () => {
  let t: TestApp;
  let place: Awaited<ReturnType<typeof seedSmallPartnership>>;
  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' } });
    place = await seedSmallPartnership(t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists an undecided referral past its day, an assessment past 45 working days and a conference past 15', async () => {
    const child = async (givenName: string) => {
      const found = await t.services.children.findOrCreateChild(SYSTEM_ACTOR, {
        givenName,
        familyName: 'Clockfamily',
        dateOfBirth: '2015-01-01',
        sex: 'unknown',
      });
      return found.status === 'ambiguous' ? '' : found.childId;
    };
    const [a, b, c] = [await child('Ada'), await child('Bo'), await child('Cy')];
    const dsl = await createTestUser(t.db, 'dsl', { settingId: place.settings.oakfield });
    const fd = await createTestUser(t.db, 'front_door_practitioner');
    const none = async () => {};
    const referrer = {
      id: dsl.id,
      givenName: 'D',
      familyName: 'S',
      email: dsl.email,
      settingId: place.settings.oakfield,
      organisationId: null,
      teamId: null,
    };
    const form = {
      referrerName: 'D S',
      referrerJobTitle: 'DSL',
      referrerEmail: dsl.email,
      referrerPhone: undefined,
      familyAndHousehold: 'Mother',
      concerns: 'Concern',
      referrerLevelOfNeed: 3,
      childVoice: 'Not known: not seen',
      consent: 'obtained' as const,
      consentReason: undefined,
      siblingsElsewhere: undefined,
      existingEarlyHelp: 'None',
      settingEarlyHelpOffer: false,
      urgency: 'standard' as const,
    };
    const feedback = {
      rationale: 'R',
      decidedLevelOfNeed: 4,
      feedbackOutcome: 'O',
      feedbackNextSteps: 'N',
      feedbackContact: 'C',
      feedbackRecipient: 'referrer' as const,
    };
    // Ada: received Monday 2 November 2026, never decided (due Tuesday 3rd).
    const late = await t.services.frontDoor.startDraft(none, referrer, {
      childId: a,
      givenName: 'Ada',
      familyName: 'Clockfamily',
      dateOfBirth: '2015-01-01',
      foundBy: 'index',
    });
    await t.services.frontDoor.submit(none, late, form, new Date('2026-11-02T10:00:00Z'));
    // Bo: an assessment from a referral of 1 September 2026: due 45 working days later, 3 November.
    const assessed = await t.services.frontDoor.startDraft(none, referrer, {
      childId: b,
      givenName: 'Bo',
      familyName: 'Clockfamily',
      dateOfBirth: '2015-01-01',
      foundBy: 'index',
    });
    await t.services.frontDoor.submit(none, assessed, form, new Date('2026-09-01T10:00:00Z'));
    await t.services.frontDoor.decide(
      none,
      assessed,
      fd.id,
      { ...feedback, decision: 'assessment_s17' },
      new Date('2026-09-01T15:00:00Z'),
    );
    // Cy: a strategy discussion on 1 October 2026 began enquiries; no conference by 22 October.
    const discussed = await t.services.frontDoor.startDraft(none, referrer, {
      childId: c,
      givenName: 'Cy',
      familyName: 'Clockfamily',
      dateOfBirth: '2015-01-01',
      foundBy: 'index',
    });
    await t.services.frontDoor.submit(none, discussed, form, new Date('2026-10-01T08:00:00Z'));
    await t.services.frontDoor.decide(
      none,
      discussed,
      fd.id,
      { ...feedback, decision: 'strategy_discussion' },
      new Date('2026-10-01T09:00:00Z'),
    );
    const s = await t.services.frontDoor.recordStrategyDiscussion(
      none,
      fd.id,
      { referralId: discussed, childId: c, districtId: null },
      {
        heldOn: '2026-10-01',
        informationShared: 'Shared',
        decision: 'section47',
        attendee_social_care: 'S',
        attendee_police: 'P',
        attendee_health: 'H',
      },
    );
    expect(s.ok).toBe(true);

    const clocks = await t.services.frontDoor.clocks(new Date('2026-11-25T12:00:00Z'));
    expect(clocks.decisions.map((d) => [d.id, d.decisionDueOn])).toEqual([[late, '2026-11-03']]);
    expect(clocks.assessments.map((x) => [x.referralId, x.dueOn, x.state])).toEqual([
      [assessed, '2026-11-03', 'overdue'],
    ]);
    expect(clocks.icpcs.map((x) => [x.dueOn, x.state])).toEqual([['2026-10-22', 'overdue']]);
    // Two days before the assessment falls due it is "due soon", not overdue.
    const earlier = await t.services.frontDoor.clocks(new Date('2026-11-01T12:00:00Z'));
    expect(earlier.assessments.map((x) => x.state)).toEqual(['due soon']);

    const frontDoor = new TestClient(t.app);
    const user = await createTestUser(t.db, 'front_door_practitioner');
    await frontDoor.signIn(user.email, user.password);
    const page = await frontDoor.get('/front-door/clocks');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`Referral ${late}`);
  });

  it('a referral about two children: the second found the same way, each child a contact in the journey', async () => {
    const dslUser = await createTestUser(t.db, 'dsl', { settingId: place.settings.riverside });
    const dsl = new TestClient(t.app);
    await dsl.signIn(dslUser.email, dslUser.password);
    await dsl.get('/front-door/referrals/new?givenName=Nell&familyName=Twofamily&dateOfBirth=2012-02-02');
    const first = await dsl.post('/front-door/referrals/choose-new', {
      givenName: 'Nell',
      familyName: 'Twofamily',
      dateOfBirth: '2012-02-02',
      sex: 'female',
      confirmNotListed: 'yes',
    });
    expect(first.statusCode).toBe(303);
    const id = Number(/referrals\/(\d+)/.exec(first.headers.location as string)![1]);
    await dsl.get(
      `/front-door/referrals/new?referral=${id}&givenName=Olly&familyName=Twofamily&dateOfBirth=2014-04-04`,
    );
    const second = await dsl.post('/front-door/referrals/choose-new', {
      referral: String(id),
      givenName: 'Olly',
      familyName: 'Twofamily',
      dateOfBirth: '2014-04-04',
      sex: 'male',
      confirmNotListed: 'yes',
    });
    expect(second.headers.location).toBe(`/front-door/referrals/${id}/edit`);
    const children = await t.services.frontDoor.referralChildren(id);
    expect(children.map((c) => [c.givenName, c.foundBy])).toEqual([
      ['Nell', 'new'],
      ['Olly', 'new'],
    ]);
    await dsl.get(`/front-door/referrals/${id}/edit`);
    expect((await dsl.post(`/front-door/referrals/${id}/edit`, fullForm)).statusCode).toBe(303);
    for (const c of children)
      expect((await t.services.journey.eventsOfChild(c.childId)).map((e) => e.kind)).toEqual(['contact']);
  });
});
