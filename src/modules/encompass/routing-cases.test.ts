import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, auditWriterFor } from '../../platform/audit/audit-log.ts';
import type { EmailMessage, Mailer } from '../../platform/email/mailer.ts';
import { type TestApp, buildTestApp, seedSmallPartnership } from '../../platform/testing/app.ts';
import { waitFor } from '../../platform/testing/wait.ts';
import { incidentInput } from './schema.ts';

/**
 * Routing through the database for the cases the browser journey does not meet: a child the
 * index holds twice, a pupil of a setting still in training; and the email a setting gets when
 * the police amend an incident, through the real job queue.
 */
describe('Operation Encompass routing cases and amendment emails', () => {
  let t: TestApp;
  let place: Awaited<ReturnType<typeof seedSmallPartnership>>;
  const sent: EmailMessage[] = [];
  const mailer: Mailer = {
    async send(message) {
      sent.push(message);
    },
    close() {},
  };

  const record = async (
    reference: string,
    children: { givenName: string; familyName: string; dateOfBirth: string }[],
  ) => {
    const input = incidentInput.parse({
      policeReference: reference,
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      place: 'The family home',
      districtCode: 'NORTH',
      circumstances: 'Synthetic incident for the routing cases.',
      riskLevel: 'standard',
      officerName: 'PC Synthetic',
      children: children.map((c) => ({
        ...c,
        address: '9 Test Row',
        presence: 'not_present',
        spokenTo: false,
      })),
    });
    const result = await t.services.encompass.recordIncident(
      SYSTEM_ACTOR,
      { organisationId: place.organisations.police, userId: null },
      input,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result;
  };
  const noticeRow = (id: string) =>
    t.db
      .selectFrom('encompassNotice')
      .select(['recipient', 'status', 'routingReason', 'settingId'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await buildTestApp({ jobs: true, mailer });
    place = await seedSmallPartnership(t.db);
    // Two records with one name and date of birth (no NHS number to tell them apart).
    await t.db
      .insertInto('child')
      .values([
        {
          givenName: 'Robin',
          familyName: 'Twicefamily',
          dateOfBirth: '2015-06-06',
          sex: 'unknown',
          districtId: place.districts.north,
        },
        {
          givenName: 'Robin',
          familyName: 'Twicefamily',
          dateOfBirth: '2015-06-06',
          sex: 'unknown',
          districtId: place.districts.north,
        },
      ])
      .execute();
    // A pupil of Little Acorns Nursery, which is still in training.
    const pupil = await t.db
      .insertInto('child')
      .values({
        givenName: 'Sky',
        familyName: 'Acornfamily',
        dateOfBirth: '2022-02-02',
        sex: 'unknown',
        districtId: place.districts.north,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const acorns = await t.db
      .selectFrom('setting')
      .select('id')
      .where('urn', '=', '100003')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('childEnrolment')
      .values({ childId: pupil.id, settingId: acorns.id, onRollFrom: '2024-09-01' })
      .execute();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sends a child the index holds twice to the coordinator, never a guess', async () => {
    const { notices } = await record('WSP/CASES/1', [
      { givenName: 'Robin', familyName: 'Twicefamily', dateOfBirth: '2015-06-06' },
    ]);
    expect(await noticeRow(notices[0]!.id)).toMatchObject({
      recipient: 'coordinator',
      status: 'queued',
      settingId: null,
    });
    const child = await t.db
      .selectFrom('encompassChild')
      .select(['childId', 'match'])
      .where('familyName', '=', 'Twicefamily')
      .executeTakeFirstOrThrow();
    expect(child).toEqual({ childId: null, match: 'ambiguous' });
  });

  it('sends a pupil of a setting still in training to the coordinator, saying so', async () => {
    const { notices } = await record('WSP/CASES/2', [
      { givenName: 'Sky', familyName: 'Acornfamily', dateOfBirth: '2022-02-02' },
    ]);
    const row = await noticeRow(notices[0]!.id);
    expect(row).toMatchObject({ recipient: 'coordinator', status: 'queued' });
    expect(row.routingReason).toContain('Little Acorns Nursery');
  });

  it('emails the setting that the police amended a notice, naming what changed and nothing of the child', async () => {
    const amira = await t.db
      .insertInto('child')
      .values({
        givenName: 'Amira',
        familyName: 'Amendfamily',
        dateOfBirth: '2017-04-04',
        sex: 'unknown',
        districtId: place.districts.north,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('childEnrolment')
      .values({ childId: amira.id, settingId: place.settings.oakfield, onRollFrom: '2024-09-01' })
      .execute();
    const { incidentId, notices } = await record('WSP/CASES/3', [
      { givenName: 'Amira', familyName: 'Amendfamily', dateOfBirth: '2017-04-04' },
    ]);
    expect(await noticeRow(notices[0]!.id)).toMatchObject({
      recipient: 'setting',
      settingId: place.settings.oakfield,
    });

    const { incident } = (await t.services.encompass.incident(incidentId))!;
    const amended = await t.services.encompass.amendIncident(auditWriterFor(SYSTEM_ACTOR), incidentId, null, {
      occurredAt: incident.occurredAt,
      place: 'A neighbour’s flat',
      circumstances: 'Synthetic incident for the routing cases.',
      riskLevel: 'high',
      reason: 'The officer corrected the address and the risk',
    });
    expect(amended).toEqual({ ok: true, changed: ['where it happened', 'the risk level'] });
    const email = await waitFor(() =>
      sent.find((m) => m.subject === 'Operation Encompass: the police amended a notice'),
    );
    expect(email.to).toContain('safeguarding@oakfield.test.example');
    expect(email.text).toContain('where it happened, the risk level changed');
    expect(email.text).toContain(`/encompass/notices/${notices[0]!.id}`);
    for (const detail of ['Amira', 'Amendfamily', '2017', 'neighbour'])
      expect(email.text).not.toContain(detail);
  });
});
