import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, auditWriterFor, verifyAuditChain } from '../../platform/audit/audit-log.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';
import { formatLondon } from '../../platform/calendar/index.ts';
import { settingTimeliness } from './monitoring/queries.ts';
import { periodOf } from './monitoring/schema.ts';
import { incidentInput } from './schema.ts';
import { asDateInput, recordThroughJourney } from './journey-testing.ts';

/** An incident form as an officer fills it in; children by slot. */
function incidentForm(
  reference: string,
  children: Record<string, string>[],
  extra: Record<string, string> = {},
) {
  const form: Record<string, string> = {
    policeReference: reference,
    occurredDate: '2026-11-27',
    occurredTime: '22:30',
    place: 'The family home',
    districtCode: 'NORTH',
    circumstances: 'A verbal argument between adults; furniture was broken.',
    riskLevel: 'medium',
    officerName: 'PC Test Officer',
    ...extra,
  };
  children.forEach((child, i) => {
    for (const [k, v] of Object.entries(child)) form[`child${i}_${k}`] = v;
  });
  return form;
}

describe('Operation Encompass', () => {
  let t: TestApp;
  let place: Awaited<ReturnType<typeof seedSmallPartnership>>;
  let officer: TestClient;
  const children = {
    amira: {
      givenName: 'Amira',
      familyName: 'Testfamily',
      dateOfBirth: '2018-05-04',
      address: '1 Test Row',
      presence: 'in_room',
      spokenTo: 'yes',
      childVoice: 'I hid under the table',
    },
    ben: {
      givenName: 'Ben',
      familyName: 'Testfamily',
      dateOfBirth: '2012-02-10',
      address: '1 Test Row',
      presence: 'elsewhere_in_home',
      spokenTo: 'no',
    },
    baby: {
      givenName: 'Cleo',
      familyName: 'Testfamily',
      dateOfBirth: '2025-08-01',
      address: '1 Test Row',
      presence: 'elsewhere_in_home',
      spokenTo: 'no',
    },
  };

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' } });
    place = await seedSmallPartnership(t.db);
    for (const [child, settingId] of [
      [children.amira, place.settings.oakfield],
      [children.ben, place.settings.riverside],
      [children.baby, null],
    ] as const) {
      const found = await t.services.children.findOrCreateChild(
        SYSTEM_ACTOR,
        { ...child, sex: 'unknown' },
        { districtId: place.districts.north },
      );
      if (settingId && found.status !== 'ambiguous') {
        await t.db
          .insertInto('childEnrolment')
          .values({ childId: found.childId, settingId, onRollFrom: '2024-09-01' })
          .execute();
      }
    }
    const user = await createTestUser(t.db, 'police_officer', { organisationId: place.organisations.police });
    officer = new TestClient(t.app);
    await officer.signIn(user.email, user.password);
  });
  afterAll(async () => {
    await t.close();
  });

  it('routes each child: two settings and the health visiting team, due before the next school day', async () => {
    await officer.get('/encompass/incidents/new');
    const response = await recordThroughJourney(
      officer,
      incidentForm('WSP/2026/0001', [children.amira, children.ben, children.baby]),
    );
    expect(response.statusCode).toBe(303);
    const notices = await t.db
      .selectFrom('encompassNotice as n')
      .innerJoin('encompassChild as c', 'c.id', 'n.encompassChildId')
      .select(['c.givenName', 'n.recipient', 'n.settingId', 'n.teamId', 'n.status', 'n.dueAt'])
      .orderBy('c.givenName')
      .execute();
    expect(notices.map((n) => [n.givenName, n.recipient, n.status])).toEqual([
      ['Amira', 'setting', 'sent'],
      ['Ben', 'setting', 'sent'],
      ['Cleo', 'health_visiting', 'sent'],
    ]);
    expect(notices[0]!.settingId).toBe(place.settings.oakfield);
    expect(notices[1]!.settingId).toBe(place.settings.riverside);
    expect(notices[2]!.teamId).toBe(place.teams.healthVisitingNorth);
    // The police attended when it happened (Friday 27 November, 22:30): due before the next
    // school day after that, Monday 30 November, however much later it was recorded here.
    for (const n of notices.slice(0, 2)) expect(formatLondon(n.dueAt).slice(0, 10)).toBe('2026-11-30');
    const created = await t.db
      .selectFrom('auditLog')
      .select(['childId', 'reason', 'role'])
      .where('recordType', '=', 'encompass-notice')
      .where('action', '=', 'create')
      .execute();
    expect(created).toHaveLength(3);
    for (const entry of created) {
      expect(entry.childId).not.toBeNull();
      expect(entry).toMatchObject({
        role: 'police_officer',
        reason: 'child matched in the child index by exact identifiers',
      });
    }
    const page = await officer.get(response.headers.location as string);
    expect(page.body).toContain('Incident recorded');
    expect(page.body).toContain('Oakfield Primary School');
    expect(page.body).toContain('Northvale Health Visiting');
  });

  it('shows each Key Adult only their own child, and audits every view', async () => {
    const oakfieldDsl = await createTestUser(t.db, 'dsl', { settingId: place.settings.oakfield });
    const dsl = new TestClient(t.app);
    await dsl.signIn(oakfieldDsl.email, oakfieldDsl.password);
    const list = await dsl.get('/encompass/notices');
    expect(list.body).toContain('Amira Testfamily');
    expect(list.body).not.toContain('Ben Testfamily');
    expect(list.body).not.toContain('Cleo Testfamily');
    // Listing shows children's names: each child listed is in the audit log, and only those.
    const listed = await t.db
      .selectFrom('auditLog')
      .select(['childId'])
      .where('action', '=', 'list')
      .where('userId', '=', oakfieldDsl.id)
      .execute();
    expect(listed).toHaveLength(1);
    expect(listed[0]!.childId).not.toBeNull();

    const [amira, ben] = await t.db
      .selectFrom('encompassNotice as n')
      .innerJoin('encompassChild as c', 'c.id', 'n.encompassChildId')
      .select(['n.id', 'c.childId'])
      .orderBy('c.givenName')
      .execute();
    const notice = await dsl.get(`/encompass/notices/${amira!.id}`);
    expect(notice.statusCode).toBe(200);
    expect(notice.body).toContain('I hid under the table');
    expect(notice.body).toContain('WSP/2026/0001');
    expect((await dsl.get(`/encompass/notices/${ben!.id}`)).statusCode).toBe(404);

    const views = await t.db
      .selectFrom('auditLog')
      .selectAll()
      .where('recordType', '=', 'encompass-notice')
      .where('userId', '=', oakfieldDsl.id)
      .execute();
    expect(views.map((v) => [v.action, v.outcome, v.recordId])).toEqual(
      expect.arrayContaining([
        ['view', 'success', amira!.id],
        ['view', 'not_found', ben!.id],
      ]),
    );
    expect(views.find((v) => v.outcome === 'success')!.childId).toBe(amira!.childId);
    const first = await t.db
      .selectFrom('encompassNotice')
      .select('firstViewedAt')
      .where('id', '=', amira!.id)
      .executeTakeFirstOrThrow();
    expect(first.firstViewedAt).not.toBeNull();
  });

  it('takes an acknowledgement with what was done, once', async () => {
    const oakfieldDsl = await createTestUser(t.db, 'dsl', { settingId: place.settings.oakfield });
    const dsl = new TestClient(t.app);
    await dsl.signIn(oakfieldDsl.email, oakfieldDsl.password);
    const amira = await t.db
      .selectFrom('encompassNotice')
      .select('id')
      .where('settingId', '=', place.settings.oakfield)
      .executeTakeFirstOrThrow();
    await dsl.get(`/encompass/notices/${amira.id}`);
    const noReason = await dsl.post(`/encompass/notices/${amira.id}/acknowledge`, {
      action: 'no_action',
      actionNote: '',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Say why no action was needed');
    const done = await dsl.post(`/encompass/notices/${amira.id}/acknowledge`, {
      action: 'support_in_school',
      actionNote: 'Key Adult checked in at breakfast club',
      feedback: 'not_enough_about_child',
    });
    expect(done.statusCode).toBe(303);
    const row = await t.db
      .selectFrom('encompassNotice')
      .selectAll()
      .where('id', '=', amira.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'acknowledged',
      action: 'support_in_school',
      feedback: 'not_enough_about_child',
      acknowledgedBy: oakfieldDsl.id,
    });
    await dsl.get(`/encompass/notices/${amira.id}`);
    const twice = await dsl.post(`/encompass/notices/${amira.id}/acknowledge`, { action: 'monitoring' });
    expect(twice.statusCode).toBe(409);
  });

  it('lets the health visitor see the baby, and the police see each notice’s status', async () => {
    const visitor = await createTestUser(t.db, 'health_visitor', { teamId: place.teams.healthVisitingNorth });
    const hv = new TestClient(t.app);
    await hv.signIn(visitor.email, visitor.password);
    const list = await hv.get('/encompass/notices');
    expect(list.body).toContain('Cleo Testfamily');
    expect(list.body).not.toContain('Amira Testfamily');

    const incidents = await officer.get('/encompass/incidents');
    expect(incidents.body).toContain('WSP/2026/0001');
    expect(incidents.body).toContain('1 of 3 acknowledged');
  });

  it('sends an unknown child to the coordinator’s queue, never a guess', async () => {
    await officer.get('/encompass/incidents/new');
    const response = await recordThroughJourney(
      officer,
      incidentForm('WSP/2026/0002', [
        {
          givenName: 'Nobody',
          familyName: 'Unknownchild',
          dateOfBirth: '2015-01-01',
          address: '2 Test Row',
          presence: 'not_present',
          spokenTo: 'no',
        },
      ]),
    );
    expect(response.statusCode).toBe(303);
    const notice = await t.db
      .selectFrom('encompassNotice as n')
      .innerJoin('encompassChild as c', 'c.id', 'n.encompassChildId')
      .select(['n.recipient', 'n.status', 'n.routingReason', 'c.match', 'c.childId'])
      .where('c.familyName', '=', 'Unknownchild')
      .executeTakeFirstOrThrow();
    expect(notice).toMatchObject({
      recipient: 'coordinator',
      status: 'queued',
      match: 'none',
      childId: null,
    });
    const coordinator = await createTestUser(t.db, 'encompass_coordinator');
    const client = new TestClient(t.app);
    await client.signIn(coordinator.email, coordinator.password);
    const queue = await client.get('/encompass/queue');
    expect(queue.body).toContain('Nobody Unknownchild');
    expect(queue.body).toContain('No child in the child index matches these details exactly');
  });

  it('shows the coordinator the likely matches of a child the index did not match exactly, and audits each', async () => {
    await officer.get('/encompass/incidents/new');
    const response = await recordThroughJourney(
      officer,
      incidentForm('WSP/2026/0003', [
        { ...children.amira, givenName: 'Amirah', presence: 'not_present', spokenTo: 'no', childVoice: '' },
      ]),
    );
    expect(response.statusCode).toBe(303);
    const queued = await t.db
      .selectFrom('encompassNotice as n')
      .innerJoin('encompassChild as c', 'c.id', 'n.encompassChildId')
      .select(['n.id', 'n.status', 'c.childId'])
      .where('c.givenName', '=', 'Amirah')
      .executeTakeFirstOrThrow();
    expect(queued).toMatchObject({ status: 'queued', childId: null });
    const amira = await t.db
      .selectFrom('child')
      .select('id')
      .where('givenName', '=', 'Amira')
      .executeTakeFirstOrThrow();
    const coordinator = await createTestUser(t.db, 'encompass_coordinator');
    const client = new TestClient(t.app);
    await client.signIn(coordinator.email, coordinator.password);
    const page = await client.get(`/encompass/notices/${queued.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Possible matches in the child index');
    expect(page.body).toContain(`/children/${amira.id}`);
    const row =
      /<tr class="govuk-table__row">\s*<td[^>]*><a class="govuk-link" href="\/children\/[^"]+">Amira Testfamily[\s\S]*?<\/tr>/.exec(
        page.body,
      )?.[0] ?? '';
    expect(
      row,
      page.body.slice(page.body.indexOf('Possible matches'), page.body.indexOf('Possible matches') + 3000),
    ).toContain('Given name: a known short form or variant; Family name: the same; Date of birth: the same');
    const audited = await t.db
      .selectFrom('auditLog')
      .select('childId')
      .where('action', '=', 'candidate')
      .where('userId', '=', coordinator.id)
      .execute();
    expect(audited.map((a) => a.childId)).toContain(amira.id);
  });

  it('lets the coordinator send a queued notice on by hand, to a joined setting only', async () => {
    const queued = await t.db
      .selectFrom('encompassNotice as n')
      .innerJoin('encompassChild as c', 'c.id', 'n.encompassChildId')
      .select('n.id')
      .where('c.familyName', '=', 'Unknownchild')
      .executeTakeFirstOrThrow();
    const coordinator = await createTestUser(t.db, 'encompass_coordinator');
    const client = new TestClient(t.app);
    await client.signIn(coordinator.email, coordinator.password);
    const page = await client.get(`/encompass/notices/${queued.id}`);
    expect(page.body).toContain('Send this notice on');
    const notJoined = await client.post(`/encompass/notices/${queued.id}/route`, {
      recipient: 'setting',
      settingUrn: '100003',
      teamCode: '',
      reason: 'School confirmed by phone',
    });
    expect(notJoined.statusCode).toBe(400);
    expect(notJoined.body).toContain('has not joined Operation Encompass yet');
    const noUrn = await client.post(`/encompass/notices/${queued.id}/route`, {
      recipient: 'setting',
      settingUrn: '',
      teamCode: '',
      reason: 'x',
    });
    expect(noUrn.body).toContain('Select the child’s setting');
    const sent = await client.post(`/encompass/notices/${queued.id}/route`, {
      recipient: 'setting',
      settingUrn: '100001',
      teamCode: '',
      reason: 'School confirmed by phone',
    });
    expect(sent.statusCode).toBe(303);
    const row = await t.db
      .selectFrom('encompassNotice')
      .selectAll()
      .where('id', '=', queued.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', recipient: 'setting', settingId: place.settings.oakfield });
    expect(row.dueAt.getTime()).toBeGreaterThan(Date.now());
    const oakfieldDsl = await createTestUser(t.db, 'dsl', { settingId: place.settings.oakfield });
    const dsl = new TestClient(t.app);
    await dsl.signIn(oakfieldDsl.email, oakfieldDsl.password);
    expect((await dsl.get(`/encompass/notices/${queued.id}`)).statusCode).toBe(200);
    await client.get(`/encompass/notices/${queued.id}`);
    const again = await client.post(`/encompass/notices/${queued.id}/route`, {
      recipient: 'setting',
      settingUrn: '100001',
      teamCode: '',
      reason: 'again',
    });
    expect(again.statusCode).toBe(409);
  });

  it.each([
    ['no children', {}, [], 'Add at least one child'],
    [
      'a time that is not a time',
      { occurredTime: '25:99' },
      [children.amira],
      'Enter the time it happened, like 22:30',
    ],
    [
      'an incident in the future',
      { occurredDate: '2999-01-01' },
      [children.amira],
      'The incident cannot be in the future',
    ],
    [
      'a child born after the incident',
      {},
      [{ ...children.amira, dateOfBirth: '2026-11-28' }],
      'date of birth is after the incident',
    ],
    ['a child aged 18', {}, [{ ...children.amira, dateOfBirth: '2008-01-01' }], '18 or over'],
    [
      'the child’s voice unanswered',
      {},
      [{ ...children.amira, spokenTo: '' }],
      'Say whether an officer spoke with the child',
    ],
    [
      'spoken to with no words recorded',
      {},
      [{ ...children.amira, childVoice: '' }],
      'Enter what the child said',
    ],
    [
      'an invalid NHS number',
      {},
      [{ ...children.amira, nhsNumber: '9434765918' }],
      'Enter a valid NHS number',
    ],
    [
      'a duplicate police reference',
      { policeReference: 'wsp/2026/0001' },
      [children.amira],
      'has already been recorded',
    ],
  ])('refuses %s, saving nothing', async (_label, extra, kids, message) => {
    const before = await t.db
      .selectFrom('encompassIncident')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    await officer.get('/encompass/incidents/new');
    const response = await recordThroughJourney(
      officer,
      incidentForm(
        (extra as { policeReference?: string }).policeReference ??
          `WSP/BAD/${Math.random().toString(36).slice(2, 8)}`,
        kids,
        extra as Record<string, string>,
      ),
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain(message);
    const after = await t.db
      .selectFrom('encompassIncident')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('has the database refuse a police reference that differs only in case (two requests at once)', async () => {
    const existing = await t.db
      .selectFrom('encompassIncident')
      .selectAll()
      .where('policeReference', '=', 'WSP/2026/0001')
      .executeTakeFirstOrThrow();
    await expect(
      t.db
        .insertInto('encompassIncident')
        .values({ ...existing, id: randomUUID(), policeReference: 'wsp/2026/0001' })
        .execute(),
    ).rejects.toThrow(/duplicate key|unique/i);
  });

  it('escalates a notice not acknowledged by the start of the school day, once', async () => {
    const ben = await t.db
      .selectFrom('encompassNotice')
      .select(['id', 'dueAt'])
      .where('settingId', '=', place.settings.riverside)
      .executeTakeFirstOrThrow();
    // Notices due before Ben's (which ones depends on the time of day the suite runs) go first.
    const dueEarlier = await t.db
      .selectFrom('encompassNotice')
      .select('id')
      .where('status', '=', 'sent')
      .where('dueAt', '<=', new Date(ben.dueAt.getTime() - 1000))
      .execute();
    expect(await t.services.encompass.escalateOverdue(new Date(ben.dueAt.getTime() - 1000))).toBe(
      dueEarlier.length,
    );
    expect(await t.services.encompass.escalateOverdue(new Date(ben.dueAt.getTime() + 1000))).toBe(1);
    expect(await t.services.encompass.escalateOverdue(new Date(ben.dueAt.getTime() + 60_000))).toBe(0);
    const coordinator = await createTestUser(t.db, 'encompass_coordinator');
    const client = new TestClient(t.app);
    await client.signIn(coordinator.email, coordinator.password);
    // The clock is real here: the overdue list shows notices due before now, so move the deadline back.
    await t.db
      .updateTable('encompassNotice')
      .set({ dueAt: new Date(Date.now() - 3_600_000) })
      .where('id', '=', ben.id)
      .execute();
    const queue = await client.get('/encompass/queue');
    expect(queue.body).toContain('Ben Testfamily');
    expect(queue.body).toContain('Escalated');
  });

  it('keeps the police to their own force, and the DSL out of the incidents', async () => {
    const otherForce = await t.db
      .insertInto('organisation')
      .values({ code: 'OTHERPOL', name: 'Other Police', kind: 'police' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const stranger = await createTestUser(t.db, 'police_officer', { organisationId: otherForce.id });
    const client = new TestClient(t.app);
    await client.signIn(stranger.email, stranger.password);
    expect((await client.get('/encompass/incidents')).body).not.toContain('WSP/2026/0001');
    const incident = await t.db
      .selectFrom('encompassIncident')
      .select('id')
      .where('policeReference', '=', 'WSP/2026/0001')
      .executeTakeFirstOrThrow();
    expect((await client.get(`/encompass/incidents/${incident.id}`)).statusCode).toBe(404);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('lets the police amend an incident, and the Key Adult sees what changed', async () => {
    const incident = await t.db
      .selectFrom('encompassIncident')
      .select('id')
      .where('policeReference', '=', 'WSP/2026/0001')
      .executeTakeFirstOrThrow();
    await officer.get(`/encompass/incidents/${incident.id}/amend`);
    const unchanged = await officer.post(`/encompass/incidents/${incident.id}/amend`, {
      ...asDateInput('occurredDate', '2026-11-27'),
      occurredTime: '22:30',
      place: 'The family home',
      circumstances: 'A verbal argument between adults; furniture was broken.',
      riskLevel: 'medium',
      reason: 'Checking',
    });
    expect(unchanged.statusCode).toBe(400);
    expect(unchanged.body).toContain('Nothing has changed');
    const noReason = await officer.post(`/encompass/incidents/${incident.id}/amend`, {
      ...asDateInput('occurredDate', '2026-11-27'),
      occurredTime: '22:30',
      place: 'A neighbour’s flat',
      circumstances: 'x',
      riskLevel: 'high',
      reason: '',
    });
    expect(noReason.body).toContain('Enter why you are amending the incident');
    const amended = await officer.post(`/encompass/incidents/${incident.id}/amend`, {
      ...asDateInput('occurredDate', '2026-11-27'),
      occurredTime: '22:30',
      place: 'A neighbour’s flat',
      circumstances: 'A verbal argument between adults; furniture was broken.',
      riskLevel: 'high',
      reason: 'The attending officer corrected the address and the DASH assessment',
    });
    expect(amended.statusCode).toBe(303);
    const rows = await t.db
      .selectFrom('encompassAmendment')
      .selectAll()
      .where('incidentId', '=', incident.id)
      .execute();
    expect(rows.map((r) => r.changed)).toEqual([['where it happened', 'the risk level']]);
    const oakfieldDsl = await createTestUser(t.db, 'dsl', { settingId: place.settings.oakfield });
    const dsl = new TestClient(t.app);
    await dsl.signIn(oakfieldDsl.email, oakfieldDsl.password);
    const notice = await t.db
      .selectFrom('encompassNotice')
      .select('id')
      .where('settingId', '=', place.settings.oakfield)
      .where('incidentId', '=', incident.id)
      .executeTakeFirstOrThrow();
    const page = await dsl.get(`/encompass/notices/${notice.id}`);
    expect(page.body).toContain('where it happened, the risk level changed');
    expect(page.body).toContain('A neighbour’s flat');
  });

  it('lets the police withdraw a notice sent to the wrong setting: the setting loses access', async () => {
    const riversideDsl = await createTestUser(t.db, 'dsl', { settingId: place.settings.riverside });
    const dsl = new TestClient(t.app);
    await dsl.signIn(riversideDsl.email, riversideDsl.password);
    const notice = await t.db
      .selectFrom('encompassNotice')
      .select('id')
      .where('settingId', '=', place.settings.riverside)
      .executeTakeFirstOrThrow();
    expect((await dsl.get(`/encompass/notices/${notice.id}`)).statusCode).toBe(200);
    await officer.get(`/encompass/notices/${notice.id}/withdraw`);
    const noReason = await officer.post(`/encompass/notices/${notice.id}/withdraw`, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    const withdrawn = await officer.post(`/encompass/notices/${notice.id}/withdraw`, {
      reason: 'Ben moved school in October',
    });
    expect(withdrawn.statusCode).toBe(303);
    expect((await dsl.get(`/encompass/notices/${notice.id}`)).statusCode).toBe(404);
    expect((await dsl.get('/encompass/notices')).body).not.toContain('Ben Testfamily');
    // Nor through its acknowledgement form: a refused form must not show the notice again.
    await dsl.get('/encompass/notices');
    const acknowledge = await dsl.post(`/encompass/notices/${notice.id}/acknowledge`, {});
    expect(acknowledge.statusCode).toBe(404);
    expect(acknowledge.body).not.toContain('Ben Testfamily');
    const entry = await t.db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'withdraw')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({
      recordId: notice.id,
      reason: 'Ben moved school in October',
      role: 'police_officer',
    });
    await officer.get(`/encompass/notices/${notice.id}/withdraw`);
    expect(
      (await officer.post(`/encompass/notices/${notice.id}/withdraw`, { reason: 'again' })).statusCode,
    ).toBe(409);
  });

  it('keeps another force from amending or withdrawing', async () => {
    const otherForce = await t.db
      .insertInto('organisation')
      .values({ code: 'THIRDPOL', name: 'Third Police', kind: 'police' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const stranger = await createTestUser(t.db, 'police_officer', { organisationId: otherForce.id });
    const client = new TestClient(t.app);
    await client.signIn(stranger.email, stranger.password);
    const incident = await t.db
      .selectFrom('encompassIncident')
      .select('id')
      .where('policeReference', '=', 'WSP/2026/0001')
      .executeTakeFirstOrThrow();
    expect((await client.get(`/encompass/incidents/${incident.id}/amend`)).statusCode).toBe(404);
    const notice = await t.db
      .selectFrom('encompassNotice')
      .select('id')
      .where('incidentId', '=', incident.id)
      .executeTakeFirstOrThrow();
    expect((await client.get(`/encompass/notices/${notice.id}/withdraw`)).statusCode).toBe(404);
  });

  it('counts a notice sent on by hand days later as not sent before the next school day', async () => {
    // Recorded on a Friday evening; the coordinator sends it on the next Tuesday at noon.
    const recordedAt = new Date('2026-10-16T19:00:00Z');
    const input = incidentInput.parse({
      policeReference: 'WSP/2026/LATE',
      occurredAt: '2026-10-16T17:30:00Z',
      place: 'The family home',
      districtCode: 'NORTH',
      circumstances: 'Synthetic incident for the timeliness of notices sent on by hand.',
      riskLevel: 'standard',
      officerName: 'PC Synthetic',
      children: [
        {
          givenName: 'Late',
          familyName: 'Queuedchild',
          dateOfBirth: '2016-03-03',
          address: '4 Test Row',
          presence: 'not_present',
          spokenTo: false,
        },
      ],
    });
    const recorded = await t.services.encompass.recordIncident(
      SYSTEM_ACTOR,
      { organisationId: place.organisations.police, userId: null },
      input,
      recordedAt,
    );
    if (!recorded.ok) throw new Error(JSON.stringify(recorded.problems));
    const [queued] = recorded.notices;
    expect(queued!.status).toBe('queued');
    const sentOnAt = new Date('2026-10-20T11:00:00Z');
    const routed = await t.services.encompass.routeByHand(
      auditWriterFor(SYSTEM_ACTOR),
      queued!.id,
      {
        recipient: 'setting',
        settingUrn: '100001',
        teamCode: undefined,
        reason: 'School confirmed by phone',
      },
      sentOnAt,
    );
    expect(routed).toEqual({ ok: true });
    const notice = await t.db
      .selectFrom('encompassNotice')
      .select(['sentAt', 'sendBy', 'dueAt'])
      .where('id', '=', queued!.id)
      .executeTakeFirstOrThrow();
    expect(notice.sentAt).toEqual(sentOnAt);
    // Due for acknowledgement from when the school had it; should have reached it by Monday's start.
    expect(notice.dueAt.getTime()).toBeGreaterThan(sentOnAt.getTime());
    expect(notice.sendBy.getTime()).toBeLessThan(sentOnAt.getTime());
    expect(notice.sendBy.getTime()).toBeGreaterThan(recordedAt.getTime());
    const figures = await settingTimeliness(t.db, periodOf('2026-10-16', '2026-10-16'), sentOnAt);
    expect(figures).toMatchObject({ notices: 1, sentOnTime: 0 });
  });

  it('tells the police when the recipient first opened a notice, not when the coordinator did', async () => {
    const notice = await t.db
      .selectFrom('encompassNotice as n')
      .innerJoin('encompassIncident as i', 'i.id', 'n.incidentId')
      .select(['n.id', 'n.firstViewedAt'])
      .where('i.policeReference', '=', 'WSP/2026/LATE')
      .executeTakeFirstOrThrow();
    expect(notice.firstViewedAt).toBeNull();
    const firstViewed = () =>
      t.db
        .selectFrom('encompassNotice')
        .select('firstViewedAt')
        .where('id', '=', notice.id)
        .executeTakeFirstOrThrow();
    const coordinator = await createTestUser(t.db, 'encompass_coordinator');
    const asCoordinator = new TestClient(t.app);
    await asCoordinator.signIn(coordinator.email, coordinator.password);
    expect((await asCoordinator.get(`/encompass/notices/${notice.id}`)).statusCode).toBe(200);
    expect((await firstViewed()).firstViewedAt).toBeNull();
    const oakfieldDsl = await createTestUser(t.db, 'dsl', { settingId: place.settings.oakfield });
    const asDsl = new TestClient(t.app);
    await asDsl.signIn(oakfieldDsl.email, oakfieldDsl.password);
    expect((await asDsl.get(`/encompass/notices/${notice.id}`)).statusCode).toBe(200);
    expect((await firstViewed()).firstViewedAt).toBeInstanceOf(Date);
  });

  it('lets the police correct when it happened, unless a child would then be unborn, grown up or routed elsewhere', async () => {
    // A pupil who joined Oakfield this term, in an incident of 20 November.
    const pupil = { givenName: 'Noor', familyName: 'Movefamily', dateOfBirth: '2016-09-09' };
    const found = await t.services.children.findOrCreateChild(
      SYSTEM_ACTOR,
      { ...pupil, sex: 'unknown' },
      { districtId: place.districts.north },
    );
    if (found.status === 'ambiguous') throw new Error('fixture children must be unique');
    await t.db
      .insertInto('childEnrolment')
      .values({ childId: found.childId, settingId: place.settings.oakfield, onRollFrom: '2026-09-01' })
      .execute();
    const input = incidentInput.parse({
      policeReference: 'WSP/2026/MOVE',
      occurredAt: '2026-11-20T21:00:00Z',
      place: 'The family home',
      districtCode: 'NORTH',
      circumstances: 'Synthetic incident for corrections of its date.',
      riskLevel: 'standard',
      officerName: 'PC Synthetic',
      children: [{ ...pupil, address: '5 Test Row', presence: 'in_room', spokenTo: false }],
    });
    const recorded = await t.services.encompass.recordIncident(
      SYSTEM_ACTOR,
      { organisationId: place.organisations.police, userId: null },
      input,
    );
    if (!recorded.ok) throw new Error(JSON.stringify(recorded.problems));
    const path = `/encompass/incidents/${recorded.incidentId}/amend`;
    const form = await officer.get(path);
    expect(form.body).toMatch(/name="occurredDate-day"[^>]*value="20"/);
    expect(form.body).toMatch(/name="occurredDate-month"[^>]*value="11"/);
    expect(form.body).toMatch(/name="occurredDate-year"[^>]*value="2026"/);
    expect(form.body).toContain('value="21:00"');
    const amend = (date: string, time: string) =>
      officer.post(path, {
        ...asDateInput('occurredDate', date),
        occurredTime: time,
        place: 'The family home',
        circumstances: 'Synthetic incident for corrections of its date.',
        riskLevel: 'standard',
        reason: 'The officer misread the log',
      });

    const later = await amend('2026-11-20', '23:40');
    expect(later.statusCode).toBe(303);
    const row = await t.db
      .selectFrom('encompassIncident')
      .select('occurredAt')
      .where('id', '=', recorded.incidentId)
      .executeTakeFirstOrThrow();
    expect(row.occurredAt.toISOString()).toBe('2026-11-20T23:40:00.000Z');
    const amendments = await t.db
      .selectFrom('encompassAmendment')
      .select('changed')
      .where('incidentId', '=', recorded.incidentId)
      .execute();
    expect(amendments.map((a) => a.changed)).toEqual([['when it happened']]);

    for (const [date, time, message] of [
      ['2026-11-20', '25:00', 'Enter the date and time it happened'],
      ['2999-01-01', '10:00', 'The incident cannot be in the future'],
      ['2016-01-01', '10:00', 'Noor Movefamily was not born on that date'],
      // Before Noor joined Oakfield: of school age on no roll, the notice would go to the Family Front Door.
      ['2026-08-20', '10:00', 'On that date Noor Movefamily’s notice would go elsewhere'],
    ] as const) {
      const refused = await amend(date, time);
      expect(refused.statusCode, `${date} ${time}`).toBe(400);
      expect(refused.body).toContain('There is a problem');
      expect(refused.body).toContain(message);
      expect(refused.body).toContain('href="#occurredDate-day"');
    }
    const after = await t.db
      .selectFrom('encompassIncident')
      .select('occurredAt')
      .where('id', '=', recorded.incidentId)
      .executeTakeFirstOrThrow();
    expect(after.occurredAt.toISOString()).toBe('2026-11-20T23:40:00.000Z');
    expect(
      await t.db
        .selectFrom('encompassAmendment')
        .select('id')
        .where('incidentId', '=', recorded.incidentId)
        .execute(),
    ).toHaveLength(1);
  });
});
