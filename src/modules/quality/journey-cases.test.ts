/**
 * Cases found from the journey for an audit's theme, over HTTP as the QA lead does it: the list
 * shows references and ages (never names) with a random sample ticked, every child listed is
 * audited, and the ones chosen are added in one step, each checked again against the journey.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, auditWriterFor } from '../../platform/audit/audit-log.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';

const PERIOD = 'from=2026-04-01&to=2026-06-30';

describe('finding an audit’s cases from the journey', () => {
  let t: TestApp;
  const clients: Record<string, TestClient> = {};
  const child: Record<string, string> = {};
  let auditId: number;
  let medicalsId: number;

  /** Posts with repeated fields, as a browser sends ticked checkboxes. */
  const postRepeated = (client: TestClient, url: string, fields: [string, string][]) =>
    client.post(url, fields as unknown as Record<string, string>);

  beforeAll(async () => {
    t = await buildTestApp();
    const place = await seedSmallPartnership(t.db);
    const users = {
      lead: await createTestUser(t.db, 'qa_lead'),
      otherLead: await createTestUser(t.db, 'qa_lead'),
      auditor: await createTestUser(t.db, 'auditor', { organisationId: place.organisations.police }),
      executive: await createTestUser(t.db, 'executive'),
    };
    for (const [name, user] of Object.entries(users)) {
      clients[name] = new TestClient(t.app);
      await clients[name].signIn(user.email, user.password);
    }
    // Five children: Ada (born 2016-02-03), Bo, Cy have a strategy discussion in the period without
    // a section 47; Di's led to one; Ed has no journey at all.
    for (const [name, dateOfBirth] of [
      ['Ada', '2016-02-03'],
      ['Bo', '2012-07-01'],
      ['Cy', '2019-06-30'],
      ['Di', '2014-01-01'],
      ['Ed', '2015-05-05'],
    ] as const) {
      const match = await t.services.children.findOrCreateChild(SYSTEM_ACTOR, {
        givenName: name,
        familyName: 'Journeycase',
        dateOfBirth,
        sex: 'female',
      });
      child[name] = (match as { childId: string }).childId;
    }
    const sd = (name: string, on: string, ref: string) => ({
      childId: child[name]!,
      kind: 'strategy_discussion' as const,
      occurredOn: on,
      source: 'test',
      sourceRef: ref,
      episodeRef: ref,
    });
    await t.db.transaction().execute((trx) =>
      t.services.journey.recordEventsInTrx(trx, [
        sd('Ada', '2026-04-01', 'S1'),
        sd('Bo', '2026-05-15', 'S2'),
        sd('Cy', '2026-06-30', 'S3'),
        sd('Di', '2026-05-01', 'S4'),
        { ...sd('Di', '2026-05-01', 'S4'), kind: 'section47' },
        sd('Ed', '2026-07-01', 'S5'), // the day after the period
      ]),
    );
    const programme = await t.services.quality.createProgramme(auditWriterFor(SYSTEM_ACTOR), {
      year: '2026-27',
      title: 'Programme',
    });
    const details = {
      title: 'Strategy discussions not leading to section 47',
      theme: 'strategy_no_s47' as const,
      selectionRule: 'Strategy discussions from April to June without a section 47 enquiry',
      casesWanted: 2,
      startsOn: '2026-07-01',
      panelOn: '2026-09-01',
      agencies: [place.organisations.police],
      questions: ['What did your agency know?'],
      auditors: [users.auditor.id],
    };
    if (!programme.ok) throw new Error('no programme');
    auditId = await t.services.quality.createAudit(
      auditWriterFor(SYSTEM_ACTOR),
      programme.value,
      details,
      users.lead.id,
    );
    medicalsId = await t.services.quality.createAudit(
      auditWriterFor(SYSTEM_ACTOR),
      programme.value,
      { ...details, title: 'Child protection medicals', theme: 'cp_medical' },
      users.lead.id,
    );
  });
  afterAll(() => t.close());

  it('lists the children found by reference and age, never by name, with a sample ticked; each read audited', async () => {
    const page = await clients.lead!.get(`/quality/audits/${auditId}/journey?${PERIOD}&sample=2`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).toContain('3 children found from 1 April 2026 to 30 June 2026');
    // In the order of their discussion: Ada (10 on 30 June 2026), Bo (13), Cy (7 that day).
    expect(page.body).toContain('J-1, aged 10');
    expect(page.body).toContain('J-2, aged 13');
    expect(page.body).toContain('J-3, aged 7');
    expect(page.body).not.toContain('J-4');
    expect(page.body).not.toContain('Journeycase');
    expect(page.body.match(/type="checkbox"[^>]*checked/g)).toHaveLength(2);
    const entries = await t.db
      .selectFrom('auditLog')
      .select(['action', 'childId', 'recordType'])
      .where('reason', 'like', `journey case finding for audit ${auditId},%`)
      .execute();
    expect(entries.map((e) => e.childId).sort()).toEqual([child.Ada, child.Bo, child.Cy].sort());
    expect(entries.every((e) => e.action === 'candidate' && e.recordType === 'child')).toBe(true);
    const search = await t.db
      .selectFrom('auditLog')
      .select('reason')
      .where('action', '=', 'journey-search')
      .where('recordId', '=', String(auditId))
      .executeTakeFirstOrThrow();
    expect(search.reason).toBe('2026-04-01 to 2026-06-30: 3 found');
  });

  it('the same period draws the same sample', async () => {
    const ticked = async () =>
      [
        ...(await clients.lead!.get(`/quality/audits/${auditId}/journey?${PERIOD}&sample=1`)).body.matchAll(
          /value="([0-9a-f-]{36})"[^>]*checked/g,
        ),
      ].map((m) => m[1]);
    const first = await ticked();
    expect(first).toHaveLength(1);
    expect(await ticked()).toEqual(first);
  });

  it('the period’s bounds are checked, and only the named QA lead may search (404 otherwise; 403 to other roles)', async () => {
    const bad = await clients.lead!.get(
      `/quality/audits/${auditId}/journey?from=2026-06-30&to=2026-04-01&sample=2`,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('The end of the period must be on or after its start');
    expect(
      (await clients.otherLead!.get(`/quality/audits/${auditId}/journey?${PERIOD}&sample=2`)).statusCode,
    ).toBe(404);
    expect(
      (await clients.auditor!.get(`/quality/audits/${auditId}/journey?${PERIOD}&sample=2`)).statusCode,
    ).toBe(403);
    expect(
      (await clients.executive!.get(`/quality/audits/${auditId}/journey?${PERIOD}&sample=2`)).statusCode,
    ).toBe(403);
  });

  it('adds the children chosen in one step; a child the journey does not find, or none, is refused and nothing added', async () => {
    const lead = clients.lead!;
    const url = `/quality/audits/${auditId}/journey`;
    await lead.get(`${url}?${PERIOD}&sample=2`);
    const none = await postRepeated(lead, url, [
      ['from', '2026-04-01'],
      ['to', '2026-06-30'],
      ['sample', '2'],
    ]);
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Select at least one child to add');
    const notFound = await postRepeated(lead, url, [
      ['from', '2026-04-01'],
      ['to', '2026-06-30'],
      ['childIds', child.Ada!],
      ['childIds', child.Di!], // Di's discussion led to a section 47
    ]);
    expect(notFound.statusCode).toBe(400);
    expect(notFound.body).toContain('Select only children the journey finds for this period');
    expect(await t.services.quality.cases(auditId)).toHaveLength(0);

    const added = await postRepeated(lead, url, [
      ['from', '2026-04-01'],
      ['to', '2026-06-30'],
      ['childIds', child.Ada!],
      ['childIds', child.Cy!],
    ]);
    expect(added.statusCode, added.body).toBe(303);
    expect(added.headers.location).toBe(`/quality/audits/${auditId}?added=2#cases`);
    const cases = await t.services.quality.cases(auditId);
    expect(cases.map((c) => [c.childId, c.selectedHow, c.reference])).toEqual([
      [child.Ada, 'journey', expect.stringMatching(/^SD-\d\d-01$/)],
      [child.Cy, 'journey', expect.stringMatching(/^SD-\d\d-02$/)],
    ]);
    const selected = await t.db
      .selectFrom('auditLog')
      .select('childId')
      .where('action', '=', 'select-case')
      .where('reason', '=', 'from the journey, 2026-04-01 to 2026-06-30')
      .execute();
    expect(selected.map((s) => s.childId).sort()).toEqual([child.Ada, child.Cy].sort());
    expect((await lead.get(`/quality/audits/${auditId}?added=2`)).body).toContain(
      '2 children added to the audit',
    );

    // Searched again: the two are shown as in the audit, and only Bo can be ticked.
    const again = await lead.get(`${url}?${PERIOD}&sample=2`);
    expect(again.body).toContain('Already in the audit: J-1, J-3.');
    expect(again.body.match(/type="checkbox"/g)).toHaveLength(1);
    expect(again.body).toContain(`value="${child.Bo}"`);
  });

  it('a theme the journey cannot compute says so and lists no one', async () => {
    const page = await clients.lead!.get(`/quality/audits/${medicalsId}/journey?${PERIOD}&sample=2`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(
      'The journey holds no child protection medicals: these cases are entered by hand.',
    );
    expect(page.body).not.toContain('type="checkbox"');
  });
});
