import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/audit/audit-log.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';
import { encompassModule } from './index.ts';
import { incidentInput } from './schema.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const FAMILY = 'Listfamily';

/**
 * 30 incidents, one a day from 1 October 2026 (recorded at 8pm, happened at 6pm), each with a
 * child at Oakfield (LST/0001 … LST/0030, Kid1 … Kid30); every third notice acknowledged on time,
 * the rest not acknowledged and past their deadline. Every fifth incident also names a child the
 * index does not know (held for the coordinator).
 */
const COUNT = 30;
const acknowledged = (i: number) => i % 3 === 0;
const withStranger = (i: number) => i % 5 === 0;
const reference = (i: number) => `LST/${String(i).padStart(4, '0')}`;

/** The count the list says it found ("12 notices, page 1 of 2"). */
function listed(body: string): number {
  const m = /id="list-count">([\d,]+) (notice|incident)/.exec(body);
  if (!m) throw new Error('no count on the page');
  return Number(m[1]!.replace(/,/g, ''));
}

/** The table's body rows. */
const rowsOf = (body: string) => (body.match(/<tr class="govuk-table__row">/g) ?? []).length - 1;

describe('Operation Encompass lists: search, filters, pages, print, and the report’s links', () => {
  let t: TestApp;
  let place: Awaited<ReturnType<typeof seedSmallPartnership>>;
  let dsl: TestClient;
  let otherDsl: TestClient;
  let coordinator: TestClient;
  let officer: TestClient;

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' } });
    place = await seedSmallPartnership(t.db);
    for (let i = 1; i <= COUNT; i++) {
      const occurredAt = new Date(Date.UTC(2026, 9, 1, 17) + (i - 1) * DAY);
      const recordedAt = new Date(occurredAt.getTime() + 2 * HOUR);
      const kid = {
        givenName: `Kid${i}`,
        familyName: FAMILY,
        dateOfBirth: `2016-0${(i % 9) + 1}-${String((i % 27) + 1).padStart(2, '0')}`,
        address: `${i} List Lane`,
        presence: 'in_room' as const,
        spokenTo: false,
      };
      const found = await t.services.children.findOrCreateChild(
        SYSTEM_ACTOR,
        { ...kid, sex: 'unknown' },
        { districtId: place.districts.north },
      );
      if (found.status === 'ambiguous') throw new Error('fixture children must be unique');
      await t.db
        .insertInto('childEnrolment')
        .values({ childId: found.childId, settingId: place.settings.oakfield, onRollFrom: '2024-09-01' })
        .execute();
      const children = [kid];
      if (withStranger(i))
        children.push({ ...kid, givenName: `Stranger${i}`, dateOfBirth: '2015-03-03', address: 'Unknown' });
      const result = await t.services.encompass.recordIncident(
        SYSTEM_ACTOR,
        { organisationId: place.organisations.police, userId: null },
        incidentInput.parse({
          policeReference: reference(i),
          occurredAt: occurredAt.toISOString(),
          place: 'The family home',
          districtCode: 'NORTH',
          circumstances: 'Synthetic incident for the list tests.',
          riskLevel: 'standard',
          officerName: 'PC Synthetic',
          children,
        }),
        recordedAt,
      );
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      if (acknowledged(i))
        await t.db
          .updateTable('encompassNotice')
          .set({
            status: 'acknowledged',
            acknowledgedAt: new Date(occurredAt.getTime() + 3 * HOUR),
            action: 'monitoring',
          })
          .where('incidentId', '=', result.incidentId)
          .where('recipient', '=', 'setting')
          .execute();
    }
    const signIn = async (role: Parameters<typeof createTestUser>[1], where = {}) => {
      const user = await createTestUser(t.db, role, where);
      const client = new TestClient(t.app);
      await client.signIn(user.email, user.password);
      return client;
    };
    dsl = await signIn('dsl', { settingId: place.settings.oakfield });
    otherDsl = await signIn('dsl', { settingId: place.settings.riverside });
    coordinator = await signIn('encompass_coordinator');
    officer = await signIn('police_officer', { organisationId: place.organisations.police });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows a setting’s notices with the incident date and police reference, 25 to a numbered page', async () => {
    const first = await dsl.get('/encompass/notices');
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('30 notices, page 1 of 2');
    expect(first.body).toContain('Incident date');
    expect(first.body).toContain(reference(30));
    // Newest first: 1 October's incident is on the second page.
    expect(first.body).not.toContain(reference(1));
    expect(rowsOf(first.body)).toBe(25);
    expect(first.body).toContain('govuk-pagination__item--current');
    expect(first.body).toContain('href="/encompass/notices?page=2"');
    const second = await dsl.get('/encompass/notices?page=2');
    expect(rowsOf(second.body)).toBe(5);
    expect(second.body).toContain(reference(1));
    // The incident date, as the Design System writes a time (6pm in October is British Summer Time).
    expect(second.body).toContain('1 October 2026 at 6pm');
    // Each child listed is in the audit log, as before.
    const audited = await t.db
      .selectFrom('auditLog')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'list')
      .where('recordType', '=', 'encompass-notice')
      .executeTakeFirstOrThrow();
    expect(Number(audited.n)).toBeGreaterThanOrEqual(30);
  });

  it('says so when asked for a page beyond the last, rather than an empty page', async () => {
    const page = await dsl.get('/encompass/notices?page=99&status=sent');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('There is no page 99: the filters found 20 notices, on 1 page.');
    expect(page.body).toContain('href="/encompass/notices?status=sent"');
  });

  it('searches by police reference and by the child’s name', async () => {
    const byReference = await dsl.get(`/encompass/notices?q=${encodeURIComponent('lst/0007')}`);
    expect(listed(byReference.body)).toBe(1);
    expect(byReference.body).toContain('Kid7 Listfamily');
    const byName = await dsl.get(`/encompass/notices?q=${encodeURIComponent('Kid12 Listfamily')}`);
    expect(listed(byName.body)).toBe(1);
    expect(byName.body).toContain(reference(12));
    // A % is a character searched for, not a wildcard.
    expect(listed((await dsl.get('/encompass/notices?q=%25')).body)).toBe(0);
  });

  it('filters by status, overdue and the incident date (GOV.UK date input), keeping the filters in page links', async () => {
    const hand = { acknowledged: 0, sent: 0 };
    for (let i = 1; i <= COUNT; i++) hand[acknowledged(i) ? 'acknowledged' : 'sent']++;
    expect(listed((await dsl.get('/encompass/notices?status=acknowledged')).body)).toBe(hand.acknowledged);
    const overdue = await dsl.get('/encompass/notices?overdue=yes');
    expect(listed(overdue.body)).toBe(hand.sent);
    expect(overdue.body).toMatch(/value="yes" checked/);
    const searched = await dsl.get(`/encompass/notices?q=${FAMILY}&overdue=`);
    expect(searched.body).toContain(`href="/encompass/notices?q=${FAMILY}&amp;page=2"`);
    // 5 to 9 October inclusive: five incidents, typed in the date input's boxes.
    const dated = await dsl.get(
      '/encompass/notices?from-day=5&from-month=10&from-year=2026&to-day=9&to-month=10&to-year=2026',
    );
    expect(listed(dated.body)).toBe(5);
    expect(dated.body).toContain(reference(5));
    expect(dated.body).toContain(reference(9));
    expect(dated.body).not.toContain(reference(10));
    // The boxes show the dates back.
    expect(dated.body).toMatch(/name="from-day"[^>]*value="5"/);
  });

  it('refuses a date that is not real, or a From after the To, on the field', async () => {
    const unreal = await dsl.get('/encompass/notices?from-day=31&from-month=2&from-year=2026');
    expect(unreal.statusCode).toBe(400);
    expect(unreal.body).toContain('The incident date from must be a real date');
    expect(unreal.body).toContain('href="#from-day"');
    const backwards = await dsl.get('/encompass/notices?from=2026-10-09&to=2026-10-05');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('The incident date to must be the same as or after the date from');
  });

  it('keeps to the reader’s scope: another setting’s DSL sees none of these', async () => {
    // A status only the coordinator's list holds shows a recipient their own notices, no more.
    for (const status of ['queued', 'withdrawn', 'all']) {
      const page = await dsl.get(`/encompass/notices?status=${status}`);
      expect(page.statusCode, status).toBe(200);
      expect(listed(page.body), status).toBe(COUNT);
    }
    const page = await otherDsl.get(`/encompass/notices?q=${FAMILY}`);
    expect(listed(page.body)).toBe(0);
    expect(page.body).not.toContain('Kid1');
  });

  it('lets the coordinator filter by who the notice went to, held ones included', async () => {
    const held = await coordinator.get('/encompass/notices?recipient=coordinator');
    expect(listed(held.body)).toBe(COUNT / 5);
    expect(held.body).toContain('Stranger5');
  });

  it('filters the police’s incidents the same way', async () => {
    const all = await officer.get('/encompass/incidents');
    expect(all.body).toContain('30 incidents, page 1 of 2');
    const waiting = await officer.get('/encompass/incidents?status=waiting');
    // Unacknowledged setting notices, or a held child: every incident but those acknowledged with no stranger.
    let hand = 0;
    for (let i = 1; i <= COUNT; i++) if (!acknowledged(i) || withStranger(i)) hand++;
    expect(listed(waiting.body)).toBe(hand);
    expect(listed((await officer.get('/encompass/incidents?q=Stranger10')).body)).toBe(1);
    const beyond = await officer.get('/encompass/incidents?page=99');
    expect(beyond.body).toContain('There is no page 99: the filters found 30 incidents, on 2 pages.');
  });

  it('gives each figure of the yearly report a link to exactly the records it counts', async () => {
    const section = await encompassModule.reportSection!(t.services as never, {
      from: '2026-10-03',
      to: '2026-10-22',
    });
    expect(section.figures.length).toBeGreaterThan(0);
    for (const figure of section.figures) {
      expect(figure.recordsHref, figure.label).toBeDefined();
      const page = await coordinator.get(figure.recordsHref!);
      expect(page.statusCode, figure.recordsHref).toBe(200);
      expect(listed(page.body), figure.label).toBe(Number(figure.value));
    }
    // And the figures are the hand counts of the fixture: incidents recorded 3 to 22 October.
    const incidents = section.figures.find((f) => f.label.startsWith('Domestic abuse incidents'))!;
    expect(incidents.value).toBe(20);
    const held = section.figures.find((f) => f.label.startsWith('Notices held'))!;
    expect(held.value).toBe(4); // 5, 10, 15 and 20
  });

  it('prints a notice: all of it, without the header, menu or buttons', async () => {
    const list = await dsl.get(`/encompass/notices?q=${reference(3)}`);
    const id = /href="\/encompass\/notices\/([0-9a-f-]{36})"/.exec(list.body)![1]!;
    const notice = await dsl.get(`/encompass/notices/${id}`);
    expect(notice.body).toContain(`href="/encompass/notices/${id}/print"`);
    const print = await dsl.get(`/encompass/notices/${id}/print`);
    expect(print.statusCode).toBe(200);
    for (const text of [
      'Kid3 Listfamily',
      reference(3),
      'Synthetic incident for the list tests.',
      'The family home',
      'What was done',
    ])
      expect(print.body).toContain(text);
    expect(print.body).not.toContain('govuk-service-navigation');
    expect(print.body).not.toContain('Sign out');
    expect(print.body).not.toContain('<button');
    expect(print.body).not.toContain('govuk-header');
    expect(await otherDsl.get(`/encompass/notices/${id}/print`).then((r) => r.statusCode)).toBe(404);
  });
});
