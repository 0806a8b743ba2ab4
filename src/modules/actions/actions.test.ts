import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditWriterFor, SYSTEM_ACTOR } from '../../platform/audit/audit-log.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import { ActionInputError, ActionsService, type HistoricalAction, type NewAction } from './service.ts';

const source = {
  module: 'quality',
  type: 'audit',
  id: '7',
  label: 'Audit: repeat strategy discussions',
  href: '/quality/audits/7',
};

describe('the action tracker', () => {
  let t: TestApp;
  let place: Awaited<ReturnType<typeof seedSmallPartnership>>;

  beforeAll(async () => {
    t = await buildTestApp();
    place = await seedSmallPartnership(t.db);
  });
  afterAll(() => t.close());

  const audit = auditWriterFor(SYSTEM_ACTOR);
  const action = (extra: Partial<NewAction> = {}): NewAction => ({
    description: 'Police attend every strategy discussion for a child under 2',
    owningOrganisationId: place.organisations.police,
    ownerName: 'DI Test',
    dueOn: '2099-03-31',
    measurableOutcome: 'Attendance recorded in 100% of sampled discussions',
    source,
    ...extra,
  });

  it('creates actions in the caller’s transaction, and lists them for their source with status and SMART flag', async () => {
    const ids = await t.db
      .transaction()
      .execute((trx) =>
        t.services.actions.createActionsInTrx(trx, audit, null, [
          action(),
          action({ measurableOutcome: null }),
        ]),
      );
    expect(ids).toHaveLength(2);
    const listed = await t.services.actions.actionsForSource('quality', 'audit', '7');
    expect(listed.map((a) => [a.id, a.status, a.smart])).toEqual([
      [ids[0]!.id, 'open', true],
      [ids[1]!.id, 'open', false],
    ]);
    expect(listed[1]!.missing).toEqual(['a measurable outcome']);
    expect(listed[0]!.owningOrganisationName).toBe('Testshire Police');
    expect(listed[0]!.href).toBe(`/actions/${ids[0]!.id}`);
    const entries = await t.db
      .selectFrom('auditLog')
      .select('recordId')
      .where('recordType', '=', 'action')
      .where('action', '=', 'create')
      .execute();
    expect(entries.map((e) => e.recordId)).toEqual(expect.arrayContaining(ids.map((i) => String(i.id))));
  });

  it('refuses a due date before the day the action is agreed, and writes nothing', async () => {
    const before = await t.db
      .selectFrom('actionItem')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await expect(
      t.db
        .transaction()
        .execute((trx) =>
          t.services.actions.createActionsInTrx(trx, audit, null, [
            action(),
            action({ dueOn: '2020-01-01' }),
          ]),
        ),
    ).rejects.toBeInstanceOf(ActionInputError);
    const after = await t.db
      .selectFrom('actionItem')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('shows an action to its owning agency and partnership roles, and is 404 to another agency', async () => {
    const [created] = await t.db
      .transaction()
      .execute((trx) => t.services.actions.createActionsInTrx(trx, audit, null, [action()]));
    const href = `/actions/${created!.id}`;
    const officer = await createTestUser(t.db, 'police_officer', {
      organisationId: place.organisations.police,
    });
    const otherAuditor = await createTestUser(t.db, 'auditor', {
      organisationId: place.organisations.community,
    });
    const qaLead = await createTestUser(t.db, 'qa_lead');
    const executive = await createTestUser(t.db, 'executive');
    const page = async (user: { email: string; password: string }) => {
      const client = new TestClient(t.app);
      await client.signIn(user.email, user.password);
      return client.get(href);
    };
    const own = await page(officer);
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('Police attend every strategy discussion');
    expect(own.body).toContain('Audit: repeat strategy discussions');
    expect((await page(qaLead)).statusCode).toBe(200);
    expect((await page(otherAuditor)).statusCode).toBe(404);
    expect((await page(executive)).statusCode).toBe(403);
  });

  describe('progress, closing and impact', () => {
    let officer: TestClient;
    let qaLead: TestClient;
    let id: number;

    beforeAll(async () => {
      const [created] = await t.db
        .transaction()
        .execute((trx) =>
          t.services.actions.createActionsInTrx(trx, audit, null, [
            action({ dueOn: t.services.actions.today() }),
          ]),
        );
      id = created!.id;
      const o = await createTestUser(t.db, 'police_officer', { organisationId: place.organisations.police });
      const q = await createTestUser(t.db, 'qa_lead');
      officer = new TestClient(t.app);
      await officer.signIn(o.email, o.password);
      qaLead = new TestClient(t.app);
      await qaLead.signIn(q.email, q.password);
    });

    it('records an update with a link and a file, and serves the file back', async () => {
      await officer.get(`/actions/${id}`);
      const bad = await officer.postMultipart(
        `/actions/${id}/updates`,
        { note: '', link: 'not a link' },
        { name: 'file', filename: 'x.txt', content: '' },
      );
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('Enter what has been done');
      expect(bad.body).toContain('Enter a link that starts with https://');
      const saved = await officer.postMultipart(
        `/actions/${id}/updates`,
        {
          note: 'Briefing given to all DIs',
          link: 'https://intranet.example/briefing',
          fileTitle: 'Briefing notes',
        },
        { name: 'file', filename: 'notes.txt', content: 'Strategy discussions: attend every one.' },
      );
      expect(saved.statusCode).toBe(303);
      const page = await officer.get(`/actions/${id}`);
      expect(page.body).toContain('Briefing given to all DIs');
      expect(page.body).toContain('https://intranet.example/briefing');
      const href = /href="(\/actions\/\d+\/updates\/\d+\/file)"/.exec(page.body)?.[1];
      expect(href).toBeDefined();
      const file = await officer.get(href!);
      expect(file.statusCode).toBe(200);
      expect(file.body).toBe('Strategy discussions: attend every one.');
      expect(file.headers['content-disposition']).toContain('Briefing notes.txt');
    });

    it('will not judge impact before the action is done, then the source’s group judges it', async () => {
      await qaLead.get(`/actions/${id}`);
      const early = await qaLead.post(`/actions/${id}/impact`, {
        judgement: 'embedded',
        evidence: 'Re-audit',
        judgedOn: t.services.actions.today(),
      });
      expect(early.statusCode).toBe(400);
      expect(early.body).toContain('Only a done action’s impact can be judged');

      await officer.get(`/actions/${id}`);
      const noNote = await officer.post(`/actions/${id}/done`, { doneNote: '' });
      expect(noNote.statusCode).toBe(400);
      expect(noNote.body).toContain('Enter what was done');
      expect((await officer.post(`/actions/${id}/done`, { doneNote: 'Policy issued' })).statusCode).toBe(303);
      const [summary] = await t.services.actions
        .actionsForSource('quality', 'audit', '7')
        .then((l) => l.filter((a) => a.id === id));
      expect(summary!.status).toBe('done');

      // The police, who own the action, do not judge its impact: the form is not theirs.
      const byOwner = await officer.post(`/actions/${id}/impact`, {
        judgement: 'embedded',
        evidence: 'We think so',
        judgedOn: t.services.actions.today(),
      });
      expect(byOwner.statusCode).toBe(404);

      await qaLead.get(`/actions/${id}`);
      const missing = await qaLead.post(`/actions/${id}/impact`, { evidence: '', judgedOn: '2026-13-01' });
      expect(missing.statusCode).toBe(400);
      expect(missing.body).toContain('Select whether the learning is embedded');
      const judged = await qaLead.post(`/actions/${id}/impact`, {
        judgement: 'partly',
        evidence: 'The March re-audit found police at 9 of 12 strategy discussions',
        judgedOn: t.services.actions.today(),
      });
      expect(judged.statusCode).toBe(303);
      const page = await qaLead.get(`/actions/${id}`);
      expect(page.body).toContain('Partly evidenced');
      expect(page.body).toContain('9 of 12 strategy discussions');
    });

    it('drops an action only with a reason', async () => {
      const [created] = await t.db
        .transaction()
        .execute((trx) => t.services.actions.createActionsInTrx(trx, audit, null, [action()]));
      await officer.get(`/actions/${created!.id}`);
      const noReason = await officer.post(`/actions/${created!.id}/drop`, { reason: ' ' });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.body).toContain('Enter why the action is being dropped');
      expect((await officer.post(`/actions/${created!.id}/drop`, { reason: 'Superseded' })).statusCode).toBe(
        303,
      );
      const page = await officer.get(`/actions/${created!.id}`);
      expect(page.body).toContain('Dropped');
      expect(page.body).toContain('Superseded');
    });
  });

  it('refuses an action by hand without an owning agency or due before today, saving nothing', async () => {
    const admin = await createTestUser(t.db, 'partnership_admin');
    const client = new TestClient(t.app);
    await client.signIn(admin.email, admin.password);
    await client.get('/actions/new');
    const count = async () =>
      Number(
        (
          await t.db
            .selectFrom('actionItem')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const noAgency = await client.post('/actions', {
      decision: 'Partnership executive, 1 December 2026',
      description: 'Agree the escalation policy',
      owningOrganisationId: '',
      dueOn: '2099-01-01',
    });
    expect(noAgency.statusCode).toBe(400);
    expect(noAgency.body).toContain('Select the agency that owns the action');
    expect(noAgency.body).toContain('href="#owningOrganisationId"');
    const early = await client.post('/actions', {
      decision: 'Partnership executive, 1 December 2026',
      description: 'Agree the escalation policy',
      owningOrganisationId: String(place.organisations.council),
      dueOn: '2020-01-01',
    });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('The due date must be on or after the date the action was agreed');
    expect(early.body).toContain('href="#dueOn-day"');
    // The GOV.UK date input: day, month and year, the missing box named; errors in the form's order.
    const noMonth = await client.post('/actions', {
      decision: '',
      description: 'Agree the escalation policy',
      owningOrganisationId: String(place.organisations.council),
      'dueOn-day': '31',
      'dueOn-month': '',
      'dueOn-year': '2099',
    });
    expect(noMonth.statusCode).toBe(400);
    expect(noMonth.body).toContain('<a href="#dueOn-month">The due date must include a month</a>');
    expect(noMonth.body.indexOf('href="#decision"')).toBeLessThan(
      noMonth.body.indexOf('href="#dueOn-month"'),
    );
    expect(await count()).toBe(before);
    const saved = await client.post('/actions', {
      decision: 'Partnership executive, 1 December 2026',
      description: 'Agree the escalation policy',
      owningOrganisationId: String(place.organisations.council),
    });
    expect(saved.statusCode).toBe(303);
    const page = await client.get(saved.headers.location as string);
    expect(page.body).toContain('Not SMART');
    expect(page.body).toContain('no a named owner, no a due date, no a measurable outcome');
  });
});

describe('lists and reminders, on a fixed day', () => {
  let t: TestApp;
  let place: Awaited<ReturnType<typeof seedSmallPartnership>>;
  const today = '2026-12-07';
  const enqueued: { to: string[]; subject: string; text: string }[] = [];

  beforeAll(async () => {
    t = await buildTestApp();
    place = await seedSmallPartnership(t.db);
  });
  afterAll(() => t.close());

  const base = (extra: Partial<HistoricalAction>): HistoricalAction => ({
    description: 'Something',
    owningOrganisationId: null,
    ownerName: 'Owner',
    dueOn: null,
    measurableOutcome: 'Outcome',
    source: { module: 'governance', type: 'decision', id: '1', label: 'Executive' },
    createdOn: '2026-09-01',
    status: 'open',
    ...extra,
  });

  it('lists an agency’s open actions overdue first, and the overdue list longest overdue first', async () => {
    const police = place.organisations.police;
    const council = place.organisations.council;
    await t.db.transaction().execute((trx) =>
      t.services.actions.importActionsInTrx(trx, auditWriterFor(SYSTEM_ACTOR), [
        base({ description: 'P due later', owningOrganisationId: police, dueOn: '2026-12-20' }),
        base({ description: 'P overdue recent', owningOrganisationId: police, dueOn: '2026-12-01' }),
        base({ description: 'P no date', owningOrganisationId: police, dueOn: null }),
        base({ description: 'P overdue old', owningOrganisationId: police, dueOn: '2026-10-01' }),
        base({
          description: 'P done',
          owningOrganisationId: police,
          dueOn: '2026-10-01',
          status: 'done',
          closedOn: '2026-10-01',
        }),
        base({ description: 'P due today', owningOrganisationId: police, dueOn: today }),
        base({ description: 'C overdue', owningOrganisationId: council, dueOn: '2026-11-15' }),
      ]),
    );
    const service = new ActionsService({ db: t.db, now: () => new Date(`${today}T12:00:00Z`) });
    const list = await service.openActionsOfAgency(police);
    expect(list.actions.map((a) => a.description)).toEqual([
      'P overdue old',
      'P overdue recent',
      'P due today',
      'P due later',
      'P no date',
    ]);
    expect(list.actions.map((a) => a.status)).toEqual(['overdue', 'overdue', 'open', 'open', 'open']);
    expect([list.open, list.overdue]).toEqual([5, 2]);
    const all = await service.overdueActions({ all: true });
    expect(all.actions.map((a) => a.description)).toEqual(['P overdue old', 'C overdue', 'P overdue recent']);
    expect(all.count).toBe(3);
    expect((await service.overdueActions({ organisationId: council })).count).toBe(1);
    // A page past the end still knows the counts.
    expect((await service.overdueActions({ all: true }, 2)).count).toBe(3);
    const beyond = await service.openActionsOfAgency(police, 2);
    expect([beyond.actions.length, beyond.open, beyond.overdue]).toEqual([0, 5, 2]);
    // The figures, by hand: police 6 actions (5 open, 2 overdue, 1 done); council 1 open and overdue.
    const figures = await service.figures();
    const byName = Object.fromEntries(figures.byAgency.map((r) => [r.agency, r]));
    expect([
      byName['Testshire Police']!.total,
      byName['Testshire Police']!.open,
      byName['Testshire Police']!.overdue,
      byName['Testshire Police']!.done,
    ]).toEqual([6, 5, 2, 1]);
    expect(figures.totals.overdue).toBe(3);
    expect(figures.totals.notSmart).toBe(1);
  });

  it('gives the yearly report its section: actions agreed in the period, as they stand', async () => {
    const { actionsModule } = await import('./index.ts');
    const section = await actionsModule.reportSection!(
      {
        ...t.services,
        actions: new ActionsService({ db: t.db, now: () => new Date(`${today}T12:00:00Z`) }),
      } as never,
      { from: '2026-04-01', to: '2027-03-31' },
    );
    const value = (label: string) => section.figures.find((f) => f.label === label)?.value;
    // The seven actions of the list test, agreed 2026-09-01: 6 open (3 overdue), 1 done.
    expect(value('Actions agreed in the year')).toBe(7);
    expect(value('Of which still open')).toBe(6);
    expect(value('Of which overdue (open past their due date)')).toBe(3);
    expect(value('Of which done')).toBe(1);
  });

  it('reminds a week before the due date and the day after it, once each, with no details of the action', async () => {
    await t.db
      .insertInto('actionAgencyLead')
      .values({ organisationId: place.organisations.community, name: 'Lead', email: 'lead@community.test' })
      .execute();
    const [week, overdue, quiet] = await t.db.transaction().execute((trx) =>
      t.services.actions.importActionsInTrx(trx, auditWriterFor(SYSTEM_ACTOR), [
        base({
          description: 'Secret detail A',
          owningOrganisationId: place.organisations.community,
          dueOn: '2026-12-14',
        }),
        base({
          description: 'Secret detail B',
          owningOrganisationId: place.organisations.community,
          dueOn: '2026-12-06',
        }),
        base({
          description: 'Secret detail C',
          owningOrganisationId: place.organisations.community,
          dueOn: '2026-12-15',
        }),
      ]),
    );
    const jobs = {
      sendInTrx: async (
        _trx: unknown,
        _name: string,
        data: { to: string[]; subject: string; text: string },
      ) => {
        enqueued.push(data);
        return 'job';
      },
    } as unknown as JobQueue;
    const service = new ActionsService({
      db: t.db,
      now: () => new Date(`${today}T07:00:00Z`),
      jobs: () => jobs,
      baseUrl: 'https://hub.test',
    });
    await service.sendDueReminders();
    const ours = enqueued.filter((e) => e.to.includes('lead@community.test'));
    expect(ours.map((e) => e.subject).sort()).toEqual(
      [
        `Action A-${overdue!.id} for Testshire Community Health is overdue`,
        `Action A-${week!.id} for Testshire Community Health is due in a week`,
      ].sort(),
    );
    expect(ours.every((e) => !e.text.includes('Secret detail'))).toBe(true);
    expect(ours.some((e) => e.text.includes(`https://hub.test/actions/${week!.id}`))).toBe(true);
    expect(enqueued.some((e) => e.subject.includes(`A-${quiet!.id} `))).toBe(false);
    // Run again the same day: nothing more.
    const count = enqueued.length;
    await service.sendDueReminders();
    expect(enqueued.length).toBe(count);
  });
});
