/**
 * Training end to end through the app (fastify.inject), on PGlite or PostgreSQL
 * (TEST_DATABASE_URL): sessions and their bad input, booking without an account by the emailed
 * link, the race for the last places, the waiting list, the register (a trainer's own sessions
 * only), feedback and the certificate, GET SAFE status by setting, and the year's figures
 * against hand counts.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, auditWriterFor } from '../../platform/audit/audit-log.ts';
import { londonDate, londonWallClock } from '../../platform/calendar/index.ts';
import type { Mailer } from '../../platform/email/mailer.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';
import { addDays } from './rules.ts';

const audit = auditWriterFor(SYSTEM_ACTOR);
const DAY = 86_400_000;

/** Every email the module has queued (the outbox: pg-boss's email jobs), oldest first. */
async function outbox(t: TestApp) {
  const rows = await sql<{
    data: {
      idempotencyKey: string;
      to: string[];
      subject: string;
      text: string;
      attachments?: { filename: string; content: string }[];
    };
  }>`
    SELECT data FROM (
      SELECT data, created_on FROM pgboss.job WHERE name = 'email'
      UNION ALL SELECT data, created_on FROM pgboss.archive WHERE name = 'email') e
    ORDER BY created_on`.execute(t.db);
  return rows.rows.map((r) => r.data);
}

const linkIn = (text: string) => /\/training\/booking\/(\d+-[A-Za-z0-9_-]{43})/.exec(text)?.[1];

describe('training', () => {
  let t: TestApp;
  let place: Awaited<ReturnType<typeof seedSmallPartnership>>;
  let admin: TestClient;
  let courseId: number;
  let getSafeId: number;
  let trainer: { id: string; email: string; password: string };
  const sent: string[] = [];
  const mailer: Mailer = { send: async (m) => void sent.push(m.subject), close() {} };

  /** A session through the service, `days` from now (negative: in the past, inserted directly). */
  const session = async (options: {
    days: number;
    capacity?: number;
    course?: number;
    trainerIds?: string[];
  }) => {
    const startsAt = new Date(Date.now() + options.days * DAY);
    if (options.days <= 0) {
      const row = await t.db
        .insertInto('trainingSession')
        .values({
          courseId: options.course ?? courseId,
          startsAt,
          endsAt: new Date(startsAt.getTime() + 3 * 3_600_000),
          venue: 'County Hall',
          onlineLink: null,
          capacity: options.capacity ?? 20,
          bookingDeadline: new Date(startsAt.getTime() - DAY),
          cancelDeadline: new Date(startsAt.getTime() - DAY),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const userId of options.trainerIds ?? [])
        await t.db.insertInto('trainingSessionTrainer').values({ sessionId: row.id, userId }).execute();
      return row.id;
    }
    const result = await t.services.training.createSession(audit, options.course ?? courseId, {
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3 * 3_600_000),
      venue: 'County Hall',
      onlineLink: null,
      capacity: options.capacity ?? 20,
      bookingDeadline: new Date(startsAt.getTime() - DAY),
      cancelDeadline: new Date(startsAt.getTime() - DAY),
      trainerIds: options.trainerIds ?? [],
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.value.id;
  };

  /** A practitioner without an account asks for and confirms a place (through the service). */
  const bookAndConfirm = async (sessionId: number, n: number) => {
    await t.services.training.requestBooking(sessionId, {
      givenName: `Person${n}`,
      familyName: 'Test',
      organisationName: n % 2 ? 'Horizon Fostering' : 'Youth Link',
      agencyKind: n % 2 ? 'fostering' : 'voluntary',
      email: `person${n}@agency.example`,
    });
    const row = await t.db
      .selectFrom('trainingBooking')
      .selectAll()
      .where('sessionId', '=', sessionId)
      .where('email', '=', `person${n}@agency.example`)
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    return t.services.training.confirm(t.services.training.linkToken(row));
  };

  const statuses = async (sessionId: number) =>
    Object.fromEntries(
      (
        await t.db
          .selectFrom('trainingBooking')
          .select(['status', sql<number>`count(*)::int`.as('n')])
          .where('sessionId', '=', sessionId)
          .groupBy('status')
          .execute()
      ).map((r) => [r.status, r.n]),
    );

  beforeAll(async () => {
    t = await buildTestApp({ jobs: true, mailer, env: { SIGN_IN_RATE_PER_MINUTE: '1000' } });
    place = await seedSmallPartnership(t.db);
    const [a, b] = await t.db
      .insertInto('trainingCourse')
      .values([
        {
          code: 'SOS',
          title: 'Signs of Safety Partnership Training',
          description: 'd',
          audience: 'All',
          learningOutcomes: 'Map a family’s situation\nWrite danger statements',
          core: true,
        },
        {
          code: 'GET-SAFE',
          title: 'GET SAFE',
          description: 'd',
          audience: 'DSLs',
          learningOutcomes: 'Spot exploitation',
          mandatoryFor: ['dsl', 'deputy_dsl'],
          renewalMonths: 36,
        },
      ])
      .returning('id')
      .execute();
    courseId = a!.id;
    getSafeId = b!.id;
    trainer = await createTestUser(t.db, 'trainer');
    const adminUser = await createTestUser(t.db, 'partnership_admin', {
      organisationId: place.organisations.council,
    });
    admin = new TestClient(t.app);
    await admin.signIn(adminUser.email, adminUser.password);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a session in the past, and a capacity below the places held, on the field; nothing saved', async () => {
    await admin.get(`/training/courses/${courseId}/sessions/new`);
    const before = await t.db
      .selectFrom('trainingSession')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    const yesterday = londonDate(new Date(Date.now() - DAY));
    const form = {
      date: yesterday,
      startTime: '09:30',
      endTime: '12:30',
      venue: 'County Hall',
      onlineLink: '',
      capacity: '20',
      bookingDeadlineDate: addDays(yesterday, -2),
      bookingDeadlineTime: '17:00',
      cancelDeadlineDate: addDays(yesterday, -2),
      cancelDeadlineTime: '17:00',
    };
    const past = await admin.post(`/training/courses/${courseId}/sessions`, form);
    expect(past.statusCode).toBe(400);
    expect(past.body).toContain('The session must start in the future');
    expect(past.body).toContain('href="#date-day"');
    // The GOV.UK date input: day, month and year boxes, the one missing named.
    expect((await admin.get(`/training/courses/${courseId}/sessions/new`)).body).toContain('name="date-day"');
    const [, m = '', d = ''] = addDays(londonDate(new Date()), 30).split('-');
    const { date: _typed, ...rest } = form;
    const noYear = await admin.post(`/training/courses/${courseId}/sessions`, {
      ...rest,
      'date-day': d,
      'date-month': m,
      'date-year': '',
    });
    expect(noYear.statusCode).toBe(400);
    expect(noYear.body).toContain('<a href="#date-year">Date of the session must include a year</a>');
    const after = await t.db
      .selectFrom('trainingSession')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);

    const id = await session({ days: 20, capacity: 5 });
    for (let n = 0; n < 3; n++) await bookAndConfirm(id, n);
    const edit = await admin.get(`/training/sessions/${id}/edit`);
    expect(edit.statusCode).toBe(200);
    const date = londonDate(new Date(Date.now() + 20 * DAY));
    const low = await admin.post(`/training/sessions/${id}/edit`, {
      ...form,
      date,
      bookingDeadlineDate: addDays(date, -1),
      cancelDeadlineDate: addDays(date, -1),
      capacity: '2',
    });
    expect(low.statusCode).toBe(400);
    expect(low.body).toContain('The number of places cannot be fewer than the 3 already booked');
    expect(
      (
        await t.db
          .selectFrom('trainingSession')
          .select('capacity')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).capacity,
    ).toBe(5);
  });

  it('books without an account: the emailed link confirms the place, with a calendar invitation', async () => {
    const id = await session({ days: 10 });
    const visitor = new TestClient(t.app);
    const list = await visitor.get('/training');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`/training/sessions/${id}`);
    await visitor.get(`/training/sessions/${id}`);
    const asked = await visitor.post(`/training/sessions/${id}/request`, {
      givenName: 'Robin',
      familyName: 'Fosterer',
      organisationName: 'Horizon Fostering',
      agencyKind: 'fostering',
      email: 'Robin.Fosterer@horizon.example',
    });
    expect(asked.statusCode).toBe(303);
    expect(await statuses(id)).toEqual({ pending: 1 });
    const confirmEmail = (await outbox(t)).find(
      (e) => e.to[0] === 'robin.fosterer@horizon.example' && e.subject.startsWith('Confirm'),
    );
    const token = linkIn(confirmEmail!.text)!;
    expect(token).toBeTruthy();
    // A made-up link names no booking.
    expect(
      (await visitor.get(`/training/booking/${token.replace(/.$/, token.endsWith('A') ? 'B' : 'A')}`))
        .statusCode,
    ).toBe(404);
    const page = await visitor.get(`/training/booking/${token}`);
    expect(page.body).toContain('Confirm my booking');
    const confirmed = await visitor.post(`/training/booking/${token}/confirm`, {});
    expect(confirmed.statusCode).toBe(303);
    expect(await statuses(id)).toEqual({ booked: 1 });
    const booked = (await outbox(t)).find(
      (e) => e.to[0] === 'robin.fosterer@horizon.example' && e.subject.startsWith('Booked'),
    );
    expect(booked?.attachments?.[0]?.content).toContain('BEGIN:VEVENT');
    expect(booked?.attachments?.[0]?.content).toContain(`UID:training-session-${id}@safeguarding-hub`);
    const ics = await visitor.get(`/training/booking/${token}/calendar.ics`);
    expect(ics.headers['content-type']).toContain('text/calendar');
    // Asking again with the same address books nothing twice.
    await visitor.get(`/training/sessions/${id}`);
    await visitor.post(`/training/sessions/${id}/request`, {
      givenName: 'Robin',
      familyName: 'Fosterer',
      organisationName: 'Horizon Fostering',
      agencyKind: 'fostering',
      email: 'robin.fosterer@horizon.example',
    });
    expect(await statuses(id)).toEqual({ booked: 1 });
  });

  it('refuses a booking past the deadline, on the form, and saves nothing', async () => {
    const id = await session({ days: 10 });
    // The form was opened before the deadline and sent after it.
    const visitor = new TestClient(t.app);
    await visitor.get(`/training/sessions/${id}`);
    await t.db
      .updateTable('trainingSession')
      .set({ bookingDeadline: new Date(Date.now() - 60_000) })
      .where('id', '=', id)
      .execute();
    const late = await visitor.post(`/training/sessions/${id}/request`, {
      givenName: 'Sam',
      familyName: 'Late',
      organisationName: 'Youth Link',
      agencyKind: 'voluntary',
      email: 'sam@youth.example',
    });
    expect(late.statusCode).toBe(400);
    expect(late.body).toContain('Bookings for this session closed on');
    expect(late.body).toContain('href="#booking"');
    expect(await statuses(id)).toEqual({});
    const missing = await new TestClient(t.app).get(`/training/sessions/${id}`);
    expect(missing.body).toContain('Bookings for this session have closed');
  });

  // A race of 100 transactions: correctness, not speed, is under test (CI's machine may be busy).
  it('100 confirmations at once for the last 20 places: exactly 20 booked, 80 waiting, nobody twice', async () => {
    const id = await session({ days: 15, capacity: 25 });
    for (let n = 0; n < 5; n++) await bookAndConfirm(id, 1000 + n);
    for (let n = 0; n < 100; n++)
      await t.services.training.requestBooking(id, {
        givenName: `Racer${n}`,
        familyName: 'Test',
        organisationName: 'Youth Link',
        agencyKind: 'voluntary',
        email: `racer${n}@youth.example`,
      });
    const pending = await t.db
      .selectFrom('trainingBooking')
      .selectAll()
      .where('sessionId', '=', id)
      .where('status', '=', 'pending')
      .execute();
    expect(pending).toHaveLength(100);
    const results = await Promise.all(
      pending.map((b) => t.services.training.confirm(t.services.training.linkToken(b))),
    );
    expect(results.every((r) => r?.ok)).toBe(true);
    expect(await statuses(id)).toEqual({ booked: 25, waiting: 80 });
    const emails = await t.db
      .selectFrom('trainingBooking')
      .select('email')
      .where('sessionId', '=', id)
      .execute();
    expect(new Set(emails.map((e) => e.email)).size).toBe(emails.length);
    // Confirming again changes nothing.
    await Promise.all(
      pending.slice(0, 10).map((b) => t.services.training.confirm(t.services.training.linkToken(b))),
    );
    expect(await statuses(id)).toEqual({ booked: 25, waiting: 80 });
  }, 120_000);

  it('reminds those still booked two days before, by a job queued with the booking', async () => {
    const id = await session({ days: 9 });
    await bookAndConfirm(id, 3000);
    await bookAndConfirm(id, 3001);
    const [kept, left] = await t.db
      .selectFrom('trainingBooking')
      .selectAll()
      .where('sessionId', '=', id)
      .orderBy('id')
      .execute();
    const job = await sql<{ startAfter: Date }>`
      SELECT start_after AS "startAfter" FROM pgboss.job WHERE name = 'training-reminder' AND (data->>'bookingId')::int = ${kept!.id}`.execute(
      t.db,
    );
    const startsAt = (
      await t.db
        .selectFrom('trainingSession')
        .select('startsAt')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).startsAt;
    expect(job.rows[0]!.startAfter.getTime()).toBe(startsAt.getTime() - 2 * DAY);
    expect((await t.services.training.cancel({ token: t.services.training.linkToken(left!) }))?.ok).toBe(
      true,
    );
    expect(await t.services.training.remindBooking(kept!.id)).toBe(true);
    expect(await t.services.training.remindBooking(left!.id)).toBe(false);
    const reminders = (await outbox(t)).filter((e) => e.idempotencyKey.startsWith('training-reminder-'));
    expect(reminders.map((e) => e.to[0])).toEqual([kept!.email]);
    expect(reminders[0]!.subject).toBe('Reminder: Signs of Safety Partnership Training');
  });

  it('offers a freed place to the waiting list in order; an offer not taken passes to the next', async () => {
    const id = await session({ days: 12, capacity: 2 });
    for (let n = 0; n < 5; n++) await bookAndConfirm(id, 2000 + n);
    const rows = async () =>
      t.db.selectFrom('trainingBooking').selectAll().where('sessionId', '=', id).orderBy('id').execute();
    let all = await rows();
    expect(all.map((b) => b.status)).toEqual(['booked', 'booked', 'waiting', 'waiting', 'waiting']);
    // The first booked cancels: the first on the waiting list is offered the place, the others wait.
    expect((await t.services.training.cancel({ token: t.services.training.linkToken(all[0]!) }))?.ok).toBe(
      true,
    );
    all = await rows();
    expect(all.map((b) => b.status)).toEqual(['cancelled', 'booked', 'offered', 'waiting', 'waiting']);
    const offer = (await outbox(t)).find(
      (e) => e.subject.startsWith('A place is free') && e.to[0] === all[2]!.email,
    );
    expect(linkIn(offer!.text)).toBe(t.services.training.linkToken(all[2]!));
    // Nobody else gets a place while the offer stands.
    expect((await bookAndConfirm(id, 2999))?.ok).toBe(true);
    expect((await rows()).at(-1)!.status).toBe('waiting');
    // The offer runs out: it lapses and the next in order is offered.
    const later = new Date(all[2]!.offerExpiresAt!.getTime() + 60_000);
    await t.services.training.releaseOffers(id, later);
    all = await rows();
    expect(all.slice(0, 5).map((b) => b.status)).toEqual([
      'cancelled',
      'booked',
      'lapsed',
      'offered',
      'waiting',
    ]);
    expect((await t.services.training.acceptOffer(t.services.training.linkToken(all[2]!), later))?.ok).toBe(
      false,
    );
    expect((await t.services.training.acceptOffer(t.services.training.linkToken(all[3]!), later))?.ok).toBe(
      true,
    );
    expect((await rows()).map((b) => b.status)).toEqual([
      'cancelled',
      'booked',
      'lapsed',
      'booked',
      'waiting',
      'waiting',
    ]);
    // A booked place cannot be cancelled online after the cancellation deadline.
    await t.db
      .updateTable('trainingSession')
      .set({ cancelDeadline: new Date(Date.now() - 1000) })
      .where('id', '=', id)
      .execute();
    const late = await t.services.training.cancel({ token: t.services.training.linkToken(all[1]!) });
    expect(late?.ok).toBe(false);
  });

  it('the register: the trainer of a session marks it, on a phone or a laptop; another trainer cannot see it', async () => {
    const other = await createTestUser(t.db, 'trainer');
    const id = await session({ days: -1, capacity: 10, trainerIds: [trainer.id] });
    await t.db
      .insertInto('trainingBooking')
      .values(
        [0, 1, 2].map((n) => ({
          sessionId: id,
          status: 'booked' as const,
          givenName: `Attendee${n}`,
          familyName: 'Test',
          email: `attendee${n}@agency.example`,
          organisationName: 'Horizon Fostering',
          agencyKind: 'fostering',
          linkSalt: `salt${n}`,
          confirmedAt: new Date(),
        })),
      )
      .execute();
    // Not before the session's day.
    const ahead = await session({ days: 5, trainerIds: [trainer.id] });
    const early = await t.services.training.markRegister(audit, ahead, new Map(), trainer.id);
    expect(early.ok).toBe(false);
    const otherClient = new TestClient(t.app);
    await otherClient.signIn(other.email, other.password);
    expect((await otherClient.get(`/training/registers/${id}`)).statusCode).toBe(404);
    expect((await otherClient.get('/training/registers')).body).not.toContain(`/training/registers/${id}"`);
    const client = new TestClient(t.app);
    await client.signIn(trainer.email, trainer.password);
    expect((await client.get('/training/registers')).body).toContain(`/training/registers/${id}"`);
    const page = await client.get(`/training/registers/${id}`);
    expect(page.statusCode).toBe(200);
    const ids = (
      await t.db
        .selectFrom('trainingBooking')
        .select('id')
        .where('sessionId', '=', id)
        .orderBy('id')
        .execute()
    ).map((r) => r.id);
    const bad = await client.post(`/training/registers/${id}`, { [`attendance-${ids[0]}`]: 'maybe' });
    expect(bad.statusCode).toBe(400);
    await client.get(`/training/registers/${id}`);
    const saved = await client.post(`/training/registers/${id}`, {
      [`attendance-${ids[0]}`]: 'attended',
      [`attendance-${ids[1]}`]: 'did_not_attend',
      [`attendance-${ids[2]}`]: 'cancelled_late',
    });
    expect(saved.statusCode).toBe(303);
    const marks = await t.db
      .selectFrom('trainingBooking')
      .select(['attendance', 'markedBy'])
      .where('sessionId', '=', id)
      .orderBy('id')
      .execute();
    expect(marks).toEqual([
      { attendance: 'attended', markedBy: trainer.id },
      { attendance: 'did_not_attend', markedBy: trainer.id },
      { attendance: 'cancelled_late', markedBy: trainer.id },
    ]);
    // The attendee is sent the feedback survey and the certificate; the others are not.
    const thanks = (await outbox(t)).filter((e) => e.subject.startsWith('Thank you for attending'));
    expect(thanks.map((e) => e.to[0])).toEqual(['attendee0@agency.example']);
    const token = linkIn(thanks[0]!.text)!;
    const visitor = new TestClient(t.app);
    const pdf = await visitor.get(`/training/booking/${token}/certificate.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const noShow = await t.db
      .selectFrom('trainingBooking')
      .selectAll()
      .where('id', '=', ids[1]!)
      .executeTakeFirstOrThrow();
    expect(
      (await visitor.get(`/training/booking/${t.services.training.linkToken(noShow)}/certificate.pdf`))
        .statusCode,
    ).toBe(404);
    await visitor.get(`/training/booking/${token}/feedback`);
    const empty = await visitor.post(`/training/booking/${token}/feedback`, { quote: 'x' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Select how good the session was overall');
    expect(
      await t.db
        .selectFrom('trainingFeedback')
        .select('bookingId')
        .where('bookingId', '=', ids[0]!)
        .executeTakeFirst(),
    ).toBeUndefined();
    await visitor.get(`/training/booking/${token}/feedback`);
    const given = await visitor.post(`/training/booking/${token}/feedback`, {
      rating: '5',
      outcomesMet: '4',
      confidenceBefore: '2',
      confidenceAfter: '4',
      quote: 'Clear and practical',
    });
    expect(given.statusCode).toBe(303);
    // The business unit marks the quote for the yearly report.
    await admin.get('/training/feedback');
    expect((await admin.post(`/training/feedback/${ids[0]}/quote`, { forReport: 'yes' })).statusCode).toBe(
      303,
    );
    expect(
      (
        await t.db
          .selectFrom('trainingFeedback')
          .select('quoteForReport')
          .where('bookingId', '=', ids[0]!)
          .executeTakeFirstOrThrow()
      ).quoteForReport,
    ).toBe(true);
  });

  it('GET SAFE status by setting: in date, due within 60 days, expired, never; both in date', async () => {
    const today = londonDate(new Date());
    await t.db
      .insertInto('settingStaff')
      .values([
        {
          settingId: place.settings.oakfield,
          staffRole: 'dsl',
          givenName: 'Dana',
          familyName: 'Lead',
          email: 'Dana.Lead@oakfield.example',
        },
        {
          settingId: place.settings.oakfield,
          staffRole: 'deputy_dsl',
          givenName: 'Dev',
          familyName: 'Deputy',
          email: 'dev@oakfield.example',
        },
        {
          settingId: place.settings.riverside,
          staffRole: 'dsl',
          givenName: 'Rae',
          familyName: 'Lead',
          email: 'rae@riverside.example',
        },
        {
          settingId: place.settings.riverside,
          staffRole: 'deputy_dsl',
          givenName: 'Ray',
          familyName: 'Deputy',
          email: 'ray@riverside.example',
        },
      ])
      .execute();
    const completion = (email: string, completedOn: string) => ({
      courseId: getSafeId,
      email,
      givenName: 'X',
      familyName: 'Y',
      completedOn,
    });
    await t.db
      .insertInto('trainingCompletion')
      .values([
        completion('dana.lead@oakfield.example', addDays(today, -400)),
        // 36 months less 30 days ago: due within 60 days, still in date.
        completion('dev@oakfield.example', addDays(londonDate(new Date(Date.now() - 0)), -(365 * 3 - 30))),
        completion('rae@riverside.example', addDays(today, -(365 * 3 + 40))),
      ])
      .execute();
    const status = await t.services.training.getSafeStatusBySetting(
      [place.settings.oakfield, place.settings.riverside, place.settings.acorns],
      today,
    );
    const oak = status.get(place.settings.oakfield)!;
    expect(oak.dsl.map((p) => p.status)).toEqual(['in_date']);
    expect(oak.deputies.map((p) => p.status)).toEqual(['due_soon']);
    expect(oak.bothInDate).toBe(true);
    const river = status.get(place.settings.riverside)!;
    expect(river.dsl.map((p) => p.status)).toEqual(['expired']);
    expect(river.deputies.map((p) => p.status)).toEqual(['never']);
    expect(river.bothInDate).toBe(false);
    expect(status.get(place.settings.acorns)).toMatchObject({ dsl: [], deputies: [], bothInDate: false });
    // Schools (not early years): Oakfield yes, Riverside no: 1 of 2.
    const share = await t.services.training.getSafeShare(today);
    expect(share.overall).toEqual({ label: 'All schools', settings: 2, bothInDate: 1 });
    // An attended GET SAFE session renews Riverside's DSL.
    const id = await session({ days: -2, course: getSafeId });
    await t.db
      .insertInto('trainingBooking')
      .values({
        sessionId: id,
        status: 'booked',
        attendance: 'attended',
        givenName: 'Rae',
        familyName: 'Lead',
        email: 'rae@riverside.example',
        organisationName: 'Riverside',
        agencyKind: 'education',
        linkSalt: 's',
      })
      .execute();
    expect(
      (await t.services.training.getSafeStatusBySetting([place.settings.riverside], today)).get(
        place.settings.riverside,
      )!.dsl[0]!.status,
    ).toBe('in_date');
    // Asked twice at once (the mandatory list and its share of schools), everyone's statuses are
    // computed once, each caller with an array of its own; once done, the next ask reads afresh.
    const [first, second] = await Promise.all([
      t.services.training.staffStatus(getSafeId, today),
      t.services.training.staffStatus(getSafeId, today),
    ]);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect(first.find((p) => p.email === 'ray@riverside.example')?.status).toBe('never');
    const ray = await t.db
      .insertInto('trainingCompletion')
      .values(completion('ray@riverside.example', addDays(today, -10)))
      .returning('id')
      .executeTakeFirstOrThrow();
    const afresh = await t.services.training.staffStatus(getSafeId, today);
    expect(afresh.find((p) => p.email === 'ray@riverside.example')?.status).toBe('in_date');
    await t.db.deleteFrom('trainingCompletion').where('id', '=', ray.id).execute();
    // The 60-day reminder for Oakfield's deputy, once.
    const queued = await t.services.training.sendRenewalReminders(today);
    expect(queued).toBe(1);
    await t.services.training.sendRenewalReminders(today);
    // Queued again by the second run, the same email (one key) is delivered once (the outbox's key).
    const reminders = (await outbox(t)).filter((e) => e.idempotencyKey.startsWith('training-renewal-'));
    expect([...new Set(reminders.map((e) => `${e.idempotencyKey} ${e.to[0]}`))]).toHaveLength(1);
    expect(reminders[0]!.to).toEqual(['dev@oakfield.example']);
    expect(reminders[0]!.subject).toContain('renew by');
    // The DSL of a school sees their own staff's status.
    const dsl = await createTestUser(t.db, 'dsl', { settingId: place.settings.oakfield });
    const client = new TestClient(t.app);
    await client.signIn(dsl.email, dsl.password);
    const mine = await client.get('/training/my-setting');
    expect(mine.body).toContain('Dana Lead');
    expect(mine.body).not.toContain('Rae Lead');
    const page = await admin.get('/training/mandatory?status=all');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Rae Lead');
  });

  it('the year’s figures equal a hand count', async () => {
    // A course of its own, so earlier tests' sessions do not count; two sessions in 2025/26.
    const course = await t.db
      .insertInto('trainingCourse')
      .values({
        code: 'FIG',
        title: 'Figures Course',
        description: 'd',
        audience: 'a',
        learningOutcomes: 'o',
        core: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const mk = async (date: string) =>
      (
        await t.db
          .insertInto('trainingSession')
          .values({
            courseId: course.id,
            startsAt: londonWallClock(date, '09:30'),
            endsAt: londonWallClock(date, '12:30'),
            venue: 'Hall',
            capacity: 10,
            bookingDeadline: londonWallClock(addDays(date, -3), '17:00'),
            cancelDeadline: londonWallClock(addDays(date, -3), '17:00'),
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const may = await mk('2025-05-14');
    const jan = await mk('2026-01-21');
    const outside = await mk('2026-04-01');
    const b = (
      sessionId: number,
      n: number,
      attendance: 'attended' | 'did_not_attend' | 'cancelled_late',
      org: string,
      kind: string,
    ) => ({
      sessionId,
      status: 'booked' as const,
      attendance,
      givenName: `F${n}`,
      familyName: 'T',
      email: `f${n}.${sessionId}@x.example`,
      organisationName: org,
      agencyKind: kind,
      linkSalt: 's',
    });
    await t.db
      .insertInto('trainingBooking')
      .values([
        b(may, 1, 'attended', 'Horizon Fostering', 'fostering'),
        b(may, 2, 'attended', 'Youth Link', 'voluntary'),
        b(may, 3, 'did_not_attend', 'Horizon Fostering', 'fostering'),
        b(jan, 4, 'attended', 'Horizon Fostering', 'fostering'),
        b(jan, 5, 'cancelled_late', 'horizon fostering', 'fostering'),
        b(outside, 6, 'attended', 'Youth Link', 'voluntary'),
      ])
      .execute();
    const f = await t.services.training.figures('2025-04-01', '2026-03-31');
    const row = f.courses.find((c) => c.title === 'Figures Course')!;
    expect(row).toMatchObject({ sessions: 2, attended: 3, didNotAttend: 1, cancelledLate: 1 });
    const horizon = f.nonAttendance.find((o) => o.organisation.toLowerCase() === 'horizon fostering')!;
    expect(horizon.quarters.map((q) => `${q.missed}/${q.marked}`)).toEqual(['1/2', '0/0', '0/0', '1/2']);
    expect(f.byAgency.find((a) => a.kind === 'fostering')).toMatchObject({
      attended: 2,
      didNotAttend: 1,
      cancelledLate: 1,
    });
    const page = await admin.get('/training/figures?year=2025');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Figures Course');
    expect(page.body).toContain('role="img"');
    const section = await t.services.training.figures('2026-04-01', '2027-03-31');
    expect(section.courses.find((c) => c.title === 'Figures Course')?.attended).toBe(1);
  });

  it('the business unit cancels a session: every booking cancelled and told, the session off the list', async () => {
    const id = await session({ days: 11, capacity: 1 });
    await bookAndConfirm(id, 4000);
    await bookAndConfirm(id, 4001);
    expect(await statuses(id)).toEqual({ booked: 1, waiting: 1 });
    const page = await admin.get(`/training/sessions/${id}/manage`);
    expect(page.body).toContain('Cancel the session');
    const cancelled = await admin.post(`/training/sessions/${id}/cancel`, {});
    expect(cancelled.statusCode).toBe(303);
    expect(await statuses(id)).toEqual({ cancelled: 2 });
    const told = (await outbox(t)).filter(
      (e) => e.subject.startsWith('Cancelled:') && /person400[01]@/.test(e.to[0]!),
    );
    expect(told.map((e) => e.to[0]).sort()).toEqual([
      'person4000@agency.example',
      'person4001@agency.example',
    ]);
    expect((await new TestClient(t.app).get('/training')).body).not.toContain(`/training/sessions/${id}"`);
    const late = await t.services.training.requestBooking(id, {
      givenName: 'Too',
      familyName: 'Late',
      organisationName: 'Youth Link',
      agencyKind: 'voluntary',
      email: 'too.late@youth.example',
    });
    expect(late?.ok === false && late.errors.byField.booking?.text).toBe('This session has been cancelled');
    expect(await statuses(id)).toEqual({ cancelled: 2 });
  });

  it('the pages answer for the right people only', async () => {
    const visitor = new TestClient(t.app);
    const figures = await visitor.get('/training/figures');
    expect(figures.statusCode).toBe(303);
    const police = await createTestUser(t.db, 'police_officer', {
      organisationId: place.organisations.police,
    });
    const officer = new TestClient(t.app);
    await officer.signIn(police.email, police.password);
    expect((await officer.get('/training/figures')).statusCode).toBe(403);
    expect((await officer.get('/training/registers')).statusCode).toBe(403);
    const id = await session({ days: 30 });
    await officer.get(`/training/sessions/${id}`);
    const booked = await officer.post(`/training/sessions/${id}/book`, {});
    expect(booked.statusCode).toBe(303);
    const row = await t.db
      .selectFrom('trainingBooking')
      .selectAll()
      .where('sessionId', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'booked',
      agencyKind: 'police',
      organisationName: 'Testshire Police',
      email: police.email,
    });
    expect((await officer.get('/training/my-bookings')).body).toContain('Signs of Safety');
    await officer.get(`/training/sessions/${id}`);
    const twice = await officer.post(`/training/sessions/${id}/book`, {});
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('You already have a place on this session');
  });
});
